"""The C2PA Asset Rubrics signals: each statement of the shipped rubric, hit and miss, on crJSON manifests
shaped as c2pa-rs writes them, on the vendored fixtures, and on every file of the shared c2pa corpus."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from integrity.images import ImageSettings, analyse_image
from integrity.images.rubrics import RUBRIC_FILE, evaluate, load_rubric, signal_name
from integrity.inspect import inspect_image
from tests.images.image_corpora import CREDENTIALS, PROJECT, corpora, read_tsv  # noqa: F401

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
CONFORMANCE = PROJECT / "fixtures" / "conformance"


def manifest(*actions: dict[str, Any], complete: bool = True, label: str = "urn:c2pa:m1", **more: Any) -> dict[str, Any]:
    """One crJSON manifest whose claim generator made its c2pa.actions.v2 assertion itself."""
    assertion: dict[str, Any] = {"actions": list(actions)}
    if complete:
        assertion["allActionsIncluded"] = True
    return {"label": label, "assertions": {"c2pa.actions.v2": assertion, **more},
            "claim.v2": {"created_assertions": [{"url": "self#jumbf=c2pa.assertions/c2pa.actions.v2"}],
                         "gathered_assertions": []}}


def signals(*manifests: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    result = evaluate({"manifests": list(manifests)})
    return {f"{m.role}:{m.label}": (*m.inception, *m.transformation) for m in result}


def active(m: dict[str, Any]) -> tuple[str, ...]:
    return signals(m)[f"active:{m['label']}"]


def created(dst: str, action: str = "c2pa.created") -> dict[str, str]:
    return {"action": action, "digitalSourceType": dst}


# --- the shipped rubric -----------------------------------------------------------------------------------


def test_every_statement_of_the_shipped_rubric_is_evaluated() -> None:
    rubric = load_rubric()
    statements = [s for doc in list(yaml.safe_load_all(RUBRIC_FILE.read_text()))[1:] for s in doc]
    assert [sid for sid, _ in rubric.statements] == [s["id"] for s in statements]
    assert rubric.version == "1.0"


def test_a_statement_integrity_cannot_evaluate_is_a_load_error(tmp_path: Path) -> None:
    docs = list(yaml.safe_load_all(RUBRIC_FILE.read_text()))
    docs[1].append({"id": "transformation:signal_somethingNew", "expression": "length(_signalActions()) > 7"})
    path = tmp_path / "rubric.yml"
    path.write_text(yaml.safe_dump_all(docs))
    with pytest.raises(ValueError, match="signal_somethingNew"):
        load_rubric(path)


def test_a_new_created_with_source_type_statement_is_read_from_the_file(tmp_path: Path) -> None:
    docs = list(yaml.safe_load_all(RUBRIC_FILE.read_text()))
    docs[1].append({"id": "inception:signal_algorithmicMedia",
                    "expression": f'_createdWithDst(@, "{IPTC}algorithmicMedia")\n'})
    path = tmp_path / "rubric.yml"
    path.write_text(yaml.safe_dump_all(docs))
    rubric = load_rubric(path)
    got = evaluate({"manifests": [manifest(created(IPTC + "algorithmicMedia"))]}, rubric=rubric)
    assert got[0].inception == ("algorithmicMedia",)
    assert evaluate({"manifests": [manifest(created(IPTC + "digitalCapture"))]}, rubric=rubric)[0].inception == (
        "capturedMedia",)


def test_the_report_schema_names_exactly_the_rubric_signals() -> None:
    schema = json.loads((PROJECT / "integrity" / "schemas" / "report.schema.json").read_text())
    assert schema["$defs"]["rubric_signal"]["enum"] == [signal_name(sid) for sid, _ in load_rubric().statements]


def test_the_shipped_files_are_the_ones_provenance_names() -> None:
    folder = PROJECT / "integrity" / "data" / "conformance"
    for row in read_tsv(folder / "PROVENANCE.tsv"):
        assert hashlib.sha256((folder / row["file"]).read_bytes()).hexdigest() == row["sha256"], row["file"]


# --- inception signals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("dst", "signal"), [
    (IPTC + "trainedAlgorithmicMedia", "fullyGenAIMedia"),
    (IPTC + "compositeWithTrainedAlgorithmicMedia", "partlyGenAICreation"),
    (IPTC + "digitalCapture", "capturedMedia"),
    (IPTC + "computationalCapture", "capturedMedia"),
    (IPTC + "compositeCapture", "capturedMediaStitched"),
    (IPTC + "screenCapture", "screenCaptureMayContainGenAI"),
    (IPTC + "composite", "compositionMayContainGenAI"),
    (IPTC + "digitalCreation", "nonGenAIDigitalCreation"),
    ("http://c2pa.org/digitalsourcetype/empty", "blankCanvas"),
])
def test_an_inception_signal_comes_from_the_created_or_opened_source_type(dst: str, signal: str) -> None:
    assert active(manifest(created(dst))) == (signal,)
    assert active(manifest(created(dst, "c2pa.opened"))) == (signal,)  # the YAML counts c2pa.opened too


def test_an_inception_source_type_on_a_later_action_is_no_inception() -> None:
    got = active(manifest(created(IPTC + "digitalCapture"),
                          {"action": "c2pa.edited", "digitalSourceType": IPTC + "trainedAlgorithmicMedia"}))
    assert "fullyGenAIMedia" not in got
    assert got == ("capturedMedia", "perceptibleGenAI")


def test_source_types_are_compared_exactly() -> None:
    # the rubric's == does not trim: " http://...digitalCapture" is no capture (a c2pa-rs sample carries one)
    assert active(manifest(created(" " + IPTC + "digitalCapture"))) == ()
    assert active(manifest(created(IPTC + "DigitalCapture"))) == ()


def test_media_of_unknown_provenance_is_an_ingredient_without_a_manifest() -> None:
    bare = manifest(created(IPTC + "digitalCapture"), **{"c2pa.ingredient.v3": {"relationship": "parentOf"}})
    linked = manifest(created(IPTC + "digitalCapture"), **{"c2pa.ingredient.v3": {
        "relationship": "parentOf", "activeManifest": {"url": "self#jumbf=/c2pa/urn:c2pa:m0"}}})
    assert active(bare) == ("capturedMedia", "mediaUnknownProvenance")
    assert active(linked) == ("capturedMedia",)


# --- transformation signals -----------------------------------------------------------------------------


def test_non_editorial_actions() -> None:
    assert active(manifest(created(IPTC + "digitalCapture"), {"action": "c2pa.resized.proportional"})) == (
        "capturedMedia", "nonEditorial")
    assert active(manifest(created(IPTC + "digitalCapture"), {"action": "c2pa.resized"})) == ("capturedMedia",)


def test_perceptible_genai_non_genai_and_possibly_genai() -> None:
    def edit(dst: str, action: str = "c2pa.edited") -> tuple[str, ...]:
        return active(manifest(created(IPTC + "digitalCapture"), {"action": action, "digitalSourceType": dst}))

    assert edit(IPTC + "compositeSynthetic") == ("capturedMedia", "perceptibleGenAI")
    assert edit("http://c2pa.org/digitalsourcetype/trainedAlgorithmicData") == ("capturedMedia", "perceptibleGenAI")
    assert edit(IPTC + "minorHumanEdits") == ("capturedMedia", "perceptibleNonGenAI")
    # digitalArt is possibly GenAI and, not being on the GenAI list, also a non-GenAI perceptible edit
    assert edit(IPTC + "digitalArt") == ("capturedMedia", "perceptibleNonGenAI", "perceptiblePossiblyGenAI")
    # a GenAI source type on a non-editorial action is no perceptible edit
    assert edit(IPTC + "trainedAlgorithmicMedia", "c2pa.watermarked") == ("capturedMedia", "nonEditorial")
    # an edit without a source type says nothing about GenAI
    assert active(manifest(created(IPTC + "digitalCapture"), {"action": "c2pa.cropped"})) == ("capturedMedia",)


@pytest.mark.parametrize("change", ["incomplete", "custom", "unknown", "gathered", "empty", "v1"])
def test_ambiguous_actions(change: str) -> None:
    base = manifest(created(IPTC + "digitalCapture"))
    assert active(base) == ("capturedMedia",)
    m = json.loads(json.dumps(base))
    acts = m["assertions"]["c2pa.actions.v2"]
    if change == "incomplete":
        del acts["allActionsIncluded"]
    elif change == "custom":
        acts["actions"].append({"action": "com.example.sharpen"})
    elif change == "unknown":
        acts["actions"].append({"action": "c2pa.unknown"})
    elif change == "gathered":
        m["claim.v2"]["gathered_assertions"] = [{"url": "self#jumbf=c2pa.assertions/c2pa.actions.v2__1"}]
    elif change == "empty":
        acts["actions"] = []
    else:  # only a v1 assertion: the rubric reads c2pa.actions.v2 alone
        m["assertions"] = {"c2pa.actions": m["assertions"].pop("c2pa.actions.v2")}
    assert "ambiguousActions" in active(m)


def test_each_manifest_is_evaluated_on_its_own() -> None:
    parent = manifest(created(IPTC + "trainedAlgorithmicMedia"), label="urn:c2pa:parent")
    child = manifest({"action": "c2pa.opened"}, {"action": "c2pa.converted"}, label="urn:c2pa:child",
                     **{"c2pa.ingredient.v3": {"relationship": "parentOf",
                                               "activeManifest": {"url": "self#jumbf=/c2pa/urn:c2pa:parent"}}})
    got = evaluate({"manifests": [child, parent]})
    assert [(m.role, m.inception, m.transformation) for m in got] == [
        ("active", (), ("nonEditorial",)), ("ingredient", ("fullyGenAIMedia",), ())]
    named = evaluate({"manifests": [child, parent]}, active_label="urn:c2pa:parent")
    assert [m.role for m in named] == ["ingredient", "active"]


def test_an_ingredient_without_a_manifest_but_with_a_source_type_is_a_pseudo_manifest() -> None:
    flat = {"relationship": "componentOf", "digitalSourceType": IPTC + "compositeWithTrainedAlgorithmicMedia"}
    got = evaluate({"manifests": [manifest({"action": "c2pa.placed"}, **{"c2pa.ingredient": flat})]})
    assert [(m.role, m.inception) for m in got] == [("active", ()), ("pseudo", ("partlyGenAICreation",))]
    plain = evaluate({"manifests": [manifest({"action": "c2pa.placed"}, **{"c2pa.ingredient": {"relationship": "componentOf"}})]})
    assert [m.role for m in plain] == ["active"]


def test_hostile_shapes_do_not_raise() -> None:
    odd = {"label": 3, "assertions": {"c2pa.actions.v2": {"actions": "c2pa.created"}, "c2pa.ingredient.v3": [1]},
           "claim.v2": "x"}
    got = evaluate({"manifests": [odd, "not a manifest", {"assertions": None}]})
    assert got[0].role == "active" and "ambiguousActions" in got[0].transformation


# --- on files -------------------------------------------------------------------------------------------


def test_vendored_fixtures_give_the_rubric_signals() -> None:
    rows = {r["file"]: r for r in read_tsv(CONFORMANCE / "PROVENANCE.tsv")}
    for name in ("listed_capture.jpg", "listed_generated.jpg", "edited_signals.jpg"):
        ev = analyse_image((CONFORMANCE / name).read_bytes(), name=name)
        assert list(ev.rubric_signals) == rows[name]["rubric_signals"].split(", "), name
    # the builder's default puts the actions among the gathered assertions: the rubric calls that ambiguous
    ev = analyse_image((CREDENTIALS / "generated_ai_signed.jpg").read_bytes())
    assert ev.ai == "generated" and ev.rubric_signals == ("fullyGenAIMedia", "ambiguousActions")


def test_no_manifest_no_rubric_signals() -> None:
    ev = analyse_image((CREDENTIALS / "stripped_reencoded.jpg").read_bytes())
    assert ev.rubric_signals == () and ev.credentials.rubric == () and ev.conformance is None


C2PA_EXPECTED = {
    # created trainedAlgorithmicMedia, its actions made by the claim generator and complete
    "example_Firefly_tabby_cat.jpg": ["fullyGenAIMedia"],
    # " http://...digitalCapture" (a leading space) in c2pa.actions.v2: no capture for an exact comparison
    "c2pa-rs_C_with_CAWG_data.jpg": [],
    # a v1 c2pa.actions assertion only
    "ms_bing_creator_cloud_surfing_puppy.jpg": ["ambiguousActions"],
    # opened an ingredient with no manifest; c2pa.watermarked is non-editorial
    "example_cloudscape-ACA-Cr.jpeg": ["mediaUnknownProvenance", "ambiguousActions", "nonEditorial"],
}


def test_every_file_of_the_c2pa_corpus_gives_rubric_signals(corpora: Path) -> None:  # noqa: F811
    folder = corpora / "c2pa"
    names = {signal_name(sid) for sid, _ in load_rubric().statements}
    seen = 0
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() != ".tsv"):
        record = inspect_image(path)
        assert set(record["rubric_signals"]) <= names, path.name
        if record["c2pa"]["manifest_count"]:
            seen += 1
            active_row = [m for m in record["c2pa"]["rubric"] if m["role"] == "active"]
            assert len(active_row) == 1, path.name
            assert record["rubric_signals"] == active_row[0]["inception"] + active_row[0]["transformation"]
            assert record["conformance"]["status"] in ("unlisted", "unverified", "listed", "disallowed-signal")
        else:
            assert record["rubric_signals"] == [] and record["conformance"] is None, path.name
        if path.name in C2PA_EXPECTED:
            assert record["rubric_signals"] == C2PA_EXPECTED[path.name], path.name
    assert seen >= 20


def test_a_flat_generative_ingredient_of_a_corpus_file_is_a_pseudo_manifest(corpora: Path) -> None:  # noqa: F811
    ev = analyse_image((corpora / "c2pa" / "c2pa-rs_ocsp.jpg").read_bytes(), settings=ImageSettings())
    pseudo = [m for m in ev.credentials.rubric if m.role == "pseudo"]
    assert [m.inception for m in pseudo] == [("partlyGenAICreation",)]
    assert ev.ai == "edited"


# --- one read of the store ------------------------------------------------------------------------------


def _both_reads(path: Path) -> tuple[dict[str, Any], str, dict[str, Any]] | None:
    """The reader's store JSON (parsed and as text) and its crJSON, for comparing what each gives."""
    import io

    import c2pa

    from integrity.images.c2pa_reader import _context
    from integrity.images.sniff import MIME_TYPES, sniff_format

    data = path.read_bytes()
    mime = MIME_TYPES.get(sniff_format(data[:32]) or "")
    if mime is None or b"c2pa" not in data:
        return None
    try:
        with c2pa.Reader(mime, io.BytesIO(data), context=_context(ImageSettings())) as reader:
            text = reader.json()
            return json.loads(text), text, json.loads(reader.crjson())
    except c2pa.C2paError:
        return None


def _rubric_files(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in sorted(folder.iterdir()) if p.suffix.lower() in (".jpg", ".jpeg", ".png",
                                                                                             ".webp", ".avif", ".heic")]


def _assert_store_view_is_the_crjson(paths: list[Path]) -> int:
    from integrity.images.rubrics import actions_labels, crjson_view

    compared = 0
    for path in paths:
        reads = _both_reads(path)
        if reads is None:
            continue
        store, text, crjson = reads
        view = crjson_view(store, actions_labels(text, path.read_bytes()))
        assert view is not None, path.name
        active_label = store.get("active_manifest")
        assert evaluate(view, active_label) == evaluate(crjson, active_label), path.name
        compared += 1
    return compared


def test_the_store_json_gives_the_rubric_signals_the_crjson_gives() -> None:
    assert _assert_store_view_is_the_crjson(_rubric_files(CONFORMANCE, CREDENTIALS)) >= 15


def test_the_store_json_gives_the_crjson_rubric_on_the_c2pa_corpus(corpora: Path) -> None:  # noqa: F811
    # v1 actions the store relabels v2 (ms_bing_creator, public_adobe ingredients), gathered actions,
    # ingredient chains in crJSON's depth-first order (c2pa-rs_CACAE-uri-CA)
    assert _assert_store_view_is_the_crjson(_rubric_files(corpora / "c2pa")) >= 20


def test_the_actions_label_comes_from_the_store_then_the_file_else_nobody() -> None:
    from integrity.images.rubrics import actions_labels, crjson_view

    quoted = '"url": "self#jumbf=/c2pa/urn:c2pa:m1/c2pa.assertions/c2pa.actions"'
    assert actions_labels(quoted, b"c2pa.actions.v2 and c2pa.actions\x00") == {"urn:c2pa:m1": "c2pa.actions"}
    assert actions_labels("{}", b"...c2pa.actions\x00...") == {"*": "c2pa.actions"}
    assert actions_labels("{}", b"...c2pa.actions.v2...") == {"*": "c2pa.actions.v2"}
    # both labels in the file and none quoted (or a compressed store: neither): the store cannot tell
    assert actions_labels("{}", b"c2pa.actions.v2 c2pa.actions\x00") == {}
    assert actions_labels("{}", b"brob...") == {}
    store = {"active_manifest": "urn:c2pa:m1", "manifests": {"urn:c2pa:m1": {
        "claim_version": 2, "assertions": [{"label": "c2pa.actions.v2", "data": {"actions": []}, "created": True}]}}}
    assert crjson_view(store, {}) is None
    view = crjson_view(store, {"urn:c2pa:m2": "c2pa.actions", "*": "c2pa.actions.v2"})
    assert view == {"manifests": [{"label": "urn:c2pa:m1", "assertions": {"c2pa.actions.v2": {"actions": []}},
                                   "claim.v2": {"gathered_assertions": []}}]}


def test_a_hostile_store_gives_no_view_error() -> None:
    from integrity.images.rubrics import crjson_view

    assert crjson_view({"manifests": "x"}, {"*": "c2pa.actions.v2"}) == {"manifests": []}
    odd = {"active_manifest": 7, "manifests": {"m": {"assertions": [3, {"label": None}], "ingredients": [None, {}]}}}
    assert crjson_view(odd, {"*": "c2pa.actions.v2"}) == {"manifests": [{"label": "m", "assertions": {
        "c2pa.ingredient__1": {"relationship": None}}}]}


def test_when_the_store_cannot_tell_the_crjson_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    import c2pa

    from integrity.images import rubrics

    path = CREDENTIALS / "generated_ai_signed.jpg"
    expected = analyse_image(path.read_bytes())
    calls = [0]
    real = c2pa.Reader.crjson

    def counted(self):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(self)

    monkeypatch.setattr(c2pa.Reader, "crjson", counted)
    monkeypatch.setattr(rubrics, "actions_labels", lambda text, data: {})
    got = analyse_image(path.read_bytes())
    assert calls == [1]
    assert got.rubric_signals == expected.rubric_signals == ("fullyGenAIMedia", "ambiguousActions")
    assert got.credentials.rubric == expected.credentials.rubric
