"""Sign AI images with the C2PA test certificates (offline) and read them back.

Checks the verdict (generated), the credential state with and without the
test root as a user anchor, and that a flipped byte reads as tampered.
"""

from __future__ import annotations

import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import c2pa
import pytest
from image_corpora import CREDENTIALS, TEST_CERTS
from PIL import Image

from integrity.images import ImageSettings, analyse_image
from integrity.images.c2pa_reader import c2pa_settings

TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
IPTC_DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"
OFFLINE = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}


@pytest.fixture(scope="module")
def certs():
    return (TEST_CERTS / "es256_certs.pem").read_bytes(), (TEST_CERTS / "es256_private.key").read_bytes()


def _source(fmt: str) -> bytes:
    im = Image.linear_gradient("L").resize((96, 64)).convert("RGB")
    buf = io.BytesIO()
    im.save(buf, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return buf.getvalue()


def _sign(certs, fmt: str, mime: str, dst: str = TRAINED) -> bytes:
    chain, key = certs
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain, key, None))
    manifest = {
        "claim_generator_info": [{"name": "integrity-tests", "version": "0.1"}],
        "title": f"ai.{fmt.lower()}",
        "assertions": [
            {"label": "c2pa.actions.v2", "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": dst}]}}
        ],
    }
    builder = c2pa.Builder(manifest, context=c2pa.Context.from_dict(OFFLINE))
    out = io.BytesIO()
    builder.sign(signer, mime, io.BytesIO(_source(fmt)), out)
    return out.getvalue()


@pytest.mark.parametrize("fmt,mime", [("JPEG", "image/jpeg"), ("PNG", "image/png")])
def test_signed_ai_image_is_generated_and_valid(certs, fmt, mime):
    data = _sign(certs, fmt, mime)
    ev = analyse_image(data)
    assert ev.ai == "generated"
    assert ev.credentials.state == "valid"
    assert ev.credentials.problem == "untrusted"  # test root is not in the bundled lists
    assert ev.credentials.actions[0].digital_source_type == TRAINED
    assert any(s.source == "c2pa" and s.strength == "strong" for s in ev.signals)


def test_test_root_as_user_anchor_makes_it_trusted(certs):
    data = _sign(certs, "JPEG", "image/jpeg")
    settings = ImageSettings(extra_anchors=(str(TEST_CERTS / "test_cert_root_bundle.pem"),))
    ev = analyse_image(data, settings=settings)
    assert (ev.ai, ev.credentials.state, ev.credentials.problem) == ("generated", "trusted", None)
    assert ev.credentials.signer == "C2PA Test Signing Cert"


def test_flipped_byte_is_tampered(certs):
    data = bytearray(_sign(certs, "JPEG", "image/jpeg"))
    data[-20] ^= 0x01  # inside the entropy-coded scan, before EOI
    ev = analyse_image(bytes(data))
    assert ev.credentials.state == "invalid"
    assert ev.credentials.problem == "tampered"
    assert "assertion.dataHash.mismatch" in ev.credentials.failure_codes
    assert ev.ai == "generated"  # the manifest still admits AI, at reduced strength
    assert {s.strength for s in ev.signals if s.source == "c2pa"} == {"medium"}


def test_capture_claim_in_tampered_manifest_is_not_trusted(certs):
    capture = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
    data = bytearray(_sign(certs, "JPEG", "image/jpeg", dst=capture))
    data[-20] ^= 0x01
    ev = analyse_image(bytes(data))
    assert ev.credentials.problem == "tampered"
    assert ev.ai == "unknown"


def test_an_untrusted_signed_capture_alone_is_not_proof_of_none(certs):
    """Anyone can sign "digitalCapture" with a test certificate: alone it gives unknown, not none; the same
    manifest under a trusted anchor gives none; an untrusted signer still counts when it admits AI."""
    capture = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
    data = _sign(certs, "JPEG", "image/jpeg", dst=capture)
    ev = analyse_image(data)
    assert (ev.credentials.state, ev.credentials.problem) == ("valid", "untrusted")
    assert ev.ai == "unknown"
    assert {s.strength for s in ev.signals if s.kind == "not_ai" and s.source == "c2pa"} == {"weak"}
    trusted = analyse_image(data, settings=ImageSettings(extra_anchors=(str(TEST_CERTS / "test_cert_root_bundle.pem"),)))
    assert (trusted.credentials.state, trusted.ai) == ("trusted", "none")
    assert analyse_image(_sign(certs, "JPEG", "image/jpeg")).ai == "generated"  # must still flag: AI admitted


def test_settings_are_offline():
    config = json.loads(c2pa_settings(ImageSettings()))
    assert config["verify"] == {"remote_manifest_fetch": False, "ocsp_fetch": False}
    assert config["core"]["allowed_network_hosts"] == []
    assert "trust_anchors" in config["trust"] and "trust_config" in config["trust"]


def test_unknown_trust_list_name_is_an_error():
    with pytest.raises(ValueError):
        c2pa_settings(ImageSettings(trust_lists=("nope",)))


class _Counter(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):  # noqa: N802 - http.server API
        type(self).hits += 1
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_remote_manifest_is_not_fetched():
    """libpng-test_with_url.png points at http://localhost:5000; nothing may ask for it."""
    server = None
    for _ in range(30):  # another suite may hold the port for a moment
        try:
            server = ThreadingHTTPServer(("127.0.0.1", 5000), _Counter)
            break
        except OSError:
            time.sleep(0.2)
    if server is None:
        pytest.skip("port 5000 busy")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        ev = analyse_image((CREDENTIALS / "c2pa-rs_libpng-test_with_url.png").read_bytes())
    finally:
        server.shutdown()
        server.server_close()
    assert ev.credentials.state == "remote"
    assert ev.credentials.remote_url == "http://localhost:5000/libpng-test.c2pa"
    assert _Counter.hits == 0


def _evidence(data: bytes) -> dict:
    return analyse_image(data).to_dict()


def test_forked_workers_read_credentials(certs):
    import multiprocessing

    data = _sign(certs, "JPEG", "image/jpeg")
    parent = _evidence(data)  # the parent now holds a cached native Context
    with multiprocessing.get_context("fork").Pool(2) as pool:
        children = pool.map(_evidence, [data, data])
    assert children == [parent, parent]
    assert parent["credentials"]["state"] == "valid"


def test_content_bound_jpeg_skips_the_decode(certs, monkeypatch):
    import integrity.images.analyse as analyse_mod

    data = _sign(certs, "JPEG", "image/jpeg")
    calls = []
    monkeypatch.setattr(analyse_mod, "load_pixels", lambda *a, **k: calls.append(a) or a[0])
    ev = analyse_image(data)
    assert ev.credentials.content_bound and not calls


def test_truncated_signed_jpeg_is_tampered_and_unreadable(certs):
    data = _sign(certs, "JPEG", "image/jpeg")
    ev = analyse_image(data[:-200])
    assert ev.credentials.problem == "tampered" and not ev.credentials.content_bound
    assert any("truncated" in e for e in ev.errors)


def _store(chain: list[str], dst):
    """active <- ingredient (chain[0]) <- ingredient (chain[1]) ... ; the last one made by AI."""
    manifests = {}
    labels = [f"m{i}" for i in range(len(chain) + 1)]
    for i, label in enumerate(labels):
        m = {"assertions": []}
        if i < len(chain):
            m["ingredients"] = [{"title": "x", "relationship": chain[i], "active_manifest": labels[i + 1]}]
        else:
            action = {"action": "c2pa.created", "digitalSourceType": dst}
            m["assertions"] = [{"label": "c2pa.actions.v2", "data": {"actions": [action]}}]
        manifests[label] = m
    return {"active_manifest": "m0", "manifests": manifests}


@pytest.mark.parametrize(
    "chain,kind",
    [
        (["parentOf"], "generated"),
        (["componentOf"], "edited"),
        (["parentOf", "parentOf"], "generated"),
        (["parentOf", "componentOf"], "edited"),
        (["componentOf", "parentOf"], "edited"),
    ],
)
def test_ingredient_chains(chain, kind):
    from integrity.images.c2pa_reader import _summarise
    from integrity.images.generator_rules import load_generator_rules

    creds, signals = _summarise(_store(chain, TRAINED), "valid", {}, load_generator_rules(ImageSettings().rules_path()))
    assert [s.kind for s in signals] == [kind]
    assert signals[0].where == "c2pa:" + "/".join(["ingredient[0]"] * len(chain)) + "/c2pa.actions.v2"


def test_hostile_manifest_values_become_text():
    from integrity.images.c2pa_reader import _summarise
    from integrity.images.generator_rules import load_generator_rules

    creds, signals = _summarise(_store([], {"evil": [1, 2]}), "valid", {}, load_generator_rules(ImageSettings().rules_path()))
    assert creds.actions[0].digital_source_type == '{"evil": [1, 2]}'
    assert signals == []


@pytest.mark.parametrize(
    "action,kind",
    [
        ({"action": "c2pa.created", "parameters": {"com.adobe.digitalSourceType": TRAINED}}, "generated"),
        ({"action": "c2pa.created", "parameters": {"digitalSourceType": TRAINED}}, "generated"),
        ({"action": "c2pa.edited", "parameters": {"com.adobe.digitalSourceType": IPTC_DST + "composite"}}, "possible"),
        ({"action": "c2pa.created", "digitalSourceType": IPTC_DST + "digitalCapture",
          "parameters": {"com.adobe.digitalSourceType": TRAINED}}, "not_ai"),  # the action's own key comes first
    ],
)
def test_source_type_in_action_parameters(action, kind):
    from integrity.images.c2pa_reader import _summarise
    from integrity.images.generator_rules import load_generator_rules

    store = {"active_manifest": "m0",
             "manifests": {"m0": {"assertions": [{"label": "c2pa.actions.v2", "data": {"actions": [action]}}]}}}
    creds, signals = _summarise(store, "valid", {}, load_generator_rules(ImageSettings().rules_path()))
    assert [s.kind for s in signals] == [kind]
    assert creds.actions[0].digital_source_type


def test_unrelated_parameters_are_not_a_source_type():
    from integrity.images.c2pa_reader import _summarise
    from integrity.images.generator_rules import load_generator_rules

    action = {"action": "c2pa.edited", "parameters": {"com.adobe.tool": TRAINED, "name": "crop"}}
    store = {"active_manifest": "m0",
             "manifests": {"m0": {"assertions": [{"label": "c2pa.actions.v2", "data": {"actions": [action]}}]}}}
    creds, signals = _summarise(store, "valid", {}, load_generator_rules(ImageSettings().rules_path()))
    assert signals == [] and creds.actions[0].digital_source_type is None


def _one_manifest(actions, ingredients=(), extra=()):
    assertions = [{"label": "c2pa.actions.v2", "data": {"actions": list(actions)}}, *extra]
    return {"active_manifest": "m0", "manifests": {"m0": {"assertions": assertions, "ingredients": list(ingredients)}}}


def _summary(store):
    from integrity.images.c2pa_reader import _summarise
    from integrity.images.generator_rules import load_generator_rules

    return _summarise(store, "valid", {}, load_generator_rules(ImageSettings().rules_path()))


CREATED_ART = {"action": "c2pa.created", "digitalSourceType": IPTC_DST + "digitalCreation"}


@pytest.mark.parametrize(
    "ingredient,kind",
    [
        ({"title": "sky.png", "relationship": "componentOf", "digital_source_type": TRAINED}, "edited"),
        ({"title": "sky.png", "relationship": "inputTo", "digitalSourceType": TRAINED}, "edited"),
        ({"title": "base.jpg", "relationship": "parentOf", "digital_source_type": TRAINED}, "generated"),
        ({"title": "sky.png", "relationship": "componentOf",
          "digital_source_type": IPTC_DST + "compositeWithTrainedAlgorithmicMedia"}, "edited"),
        ({"title": "sky.png", "relationship": "componentOf", "digital_source_type": IPTC_DST + "composite"}, "possible"),
    ],
)
def test_an_ingredient_declaring_ai_makes_the_result_ai_and_is_named(ingredient, kind):
    creds, signals = _summary(_one_manifest([CREATED_ART], [ingredient]))
    ing_signals = [s for s in signals if s.source == "c2pa-ingredient"]
    assert [s.kind for s in ing_signals] == [kind]
    assert ing_signals[0].where == "c2pa:ingredient[0]"
    assert ingredient["title"] in ing_signals[0].value
    assert creds.ingredients[0].digital_source_type


@pytest.mark.parametrize(
    "ingredient",
    [
        {"title": "photo.jpg", "relationship": "componentOf", "digital_source_type": IPTC_DST + "digitalCapture"},
        {"title": "photo.jpg", "relationship": "parentOf"},
        {"title": "blank", "relationship": "parentOf", "digital_source_type": "http://c2pa.org/digitalsourcetype/empty"},
        {"title": "x", "relationship": "componentOf", "digital_source_type": "http://example.org/notAVocabulary/x"},
    ],
)
def test_an_ingredient_without_ai_declaration_adds_no_evidence(ingredient):
    creds, signals = _summary(_one_manifest([CREATED_ART], [ingredient]))
    assert [s for s in signals if s.source == "c2pa-ingredient"] == []


# --- AI and durability signals wherever they sit, on files signed by fixtures/credentials/make_credentials.py


def _vendored(name: str, **settings):
    return analyse_image((CREDENTIALS / name).read_bytes(), settings=ImageSettings(**settings))


def test_source_type_under_the_vendor_parameter_key_is_ai():
    ev = _vendored("ai_dst_in_action_parameters.jpg")
    assert ev.ai == "generated"
    edited = [a for a in ev.credentials.actions if a.action == "c2pa.edited"]
    assert [a.digital_source_type for a in edited] == [TRAINED]


def test_an_ai_ingredient_makes_the_file_partly_ai_and_is_named():
    ev = _vendored("ai_ingredient_dst.jpg")
    assert ev.ai == "edited"
    (signal,) = [s for s in ev.signals if s.kind in ("generated", "edited")]
    assert (signal.source, signal.where) == ("c2pa-ingredient", "c2pa:ingredient[1]")
    assert '"generated-sky.png" (componentOf)' in signal.value and signal.value.endswith("trainedAlgorithmicMedia")
    # the captured parent's own declaration adds nothing
    assert [s for s in ev.signals if s.where == "c2pa:ingredient[0]"] == []


def test_watermark_and_soft_binding_are_reported_and_change_no_verdict():
    anchors = (str(TEST_CERTS / "test_cert_root_bundle.pem"),)
    for settings in ({}, {"extra_anchors": anchors}):
        durable = _vendored("capture_watermarked_soft_binding.jpg", **settings)
        plain = _vendored("capture_signed.jpg", **settings)
        assert durable.ai == plain.ai  # unknown untrusted, none under the test root
        assert durable.credentials.durable and not plain.credentials.durable
        (binding,) = durable.credentials.soft_bindings
        assert (binding.alg, binding.kind, binding.listed) == ("com.adobe.trustmark.P", "watermark", True)
        info = {(s.source, s.value) for s in durable.signals if s.kind == "info"}
        assert ("c2pa-watermark", "c2pa.watermarked") in info
        assert ("c2pa-soft-binding", "com.adobe.trustmark.P (watermark, on the C2PA soft-binding algorithm list)") in info
        assert [s for s in plain.signals if s.kind == "info"] == []
    assert _vendored("capture_signed.jpg", extra_anchors=anchors).ai == "none"


@pytest.mark.parametrize(
    "data,alg,kind,listed",
    [
        ({"alg": "com.adobe.icn.dense", "blocks": []}, "com.adobe.icn.dense", "fingerprint", True),
        ({"alg": "org.example.unregistered", "blocks": []}, "org.example.unregistered", None, False),
        ({"blocks": []}, None, None, False),
        ("not a map", None, None, False),
    ],
)
def test_soft_binding_algorithm_is_named_from_the_list(data, alg, kind, listed):
    creds, signals = _summary(_one_manifest([CREATED_ART], extra=[{"label": "c2pa.soft-binding", "data": data}]))
    (binding,) = creds.soft_bindings
    assert (binding.alg, binding.kind, binding.listed, binding.where) == (alg, kind, listed, "c2pa:active/c2pa.soft-binding")
    assert creds.durable
    assert [s.kind for s in signals if s.source == "c2pa-soft-binding"] == ["info"]


def test_soft_binding_in_an_ingredient_manifest_does_not_make_the_file_durable():
    store = _one_manifest([CREATED_ART], [{"title": "x", "relationship": "componentOf", "active_manifest": "m1"}])
    store["manifests"]["m1"] = {"assertions": [
        {"label": "c2pa.soft-binding", "data": {"alg": "com.adobe.trustmark.P"}},
        {"label": "c2pa.actions.v2", "data": {"actions": [{"action": "c2pa.watermarked"}]}},
    ]}
    creds, _ = _summary(store)
    assert [b.where for b in creds.soft_bindings] == ["c2pa:ingredient[0]/c2pa.soft-binding"]
    assert not creds.durable


def test_look_alike_labels_and_actions_are_not_durability():
    store = _one_manifest([CREATED_ART, {"action": "c2pa.watermarkedX"}, {"action": "com.example.watermarked"}],
                          extra=[{"label": "c2pa.soft-bindingX", "data": {"alg": "com.adobe.trustmark.P"}}])
    creds, signals = _summary(store)
    assert creds.soft_bindings == () and not creds.durable
    assert [s for s in signals if s.kind == "info"] == []


def test_inspect_summary_says_durable_only_when_it_is():
    from integrity.inspect import inspect_image, summary_text

    durable = summary_text(inspect_image(CREDENTIALS / "capture_watermarked_soft_binding.jpg"))
    assert "durable credentials: soft binding com.adobe.trustmark.P (watermark)" in durable
    assert "durable" not in summary_text(inspect_image(CREDENTIALS / "capture_signed.jpg"))
    assert "durable" not in summary_text(inspect_image(CREDENTIALS / "generated_ai_signed.jpg"))


@pytest.mark.parametrize(
    "action,durable",
    [("c2pa.watermarked", True), ("c2pa.watermarked.bound", True), ("c2pa.watermarked.unbound", False)],
)
def test_only_a_watermark_made_for_a_soft_binding_is_durability(action, durable):
    """C2PA 2.4 Table 8: .unbound is a watermark inserted without creating a soft binding."""
    creds, signals = _summary(_one_manifest([CREATED_ART, {"action": action}]))
    assert creds.durable is durable
    assert [(s.kind, s.value) for s in signals if s.source == "c2pa-watermark"] == [("info", action)]
def _detached_store(claim_dst: str = TRAINED) -> bytes:
    """A manifest store signed on its own (set_no_embed), as a page's inline or linked store is."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from fixtures.credentials.make_credentials import created, manifest
    from fixtures.page_credentials.make_pages import sign_store

    return sign_store(manifest("page", created(claim_dst)))


def test_a_store_read_on_its_own_sets_the_unverifiable_binding_aside() -> None:
    """Read alone, c2pa compares the store's data hash with the store's own bytes (dataHash.mismatch): that
    says nothing about the page, so the state comes from the signature, hashed URIs and certificate."""
    from integrity.images.c2pa_reader import read_manifest_store
    from integrity.images.generator_rules import load_generator_rules

    store = _detached_store()
    raw = c2pa.Reader("application/c2pa", io.BytesIO(store))
    assert "assertion.dataHash.mismatch" in json.dumps(raw.get_validation_results())  # what is set aside
    raw.close()
    settings = ImageSettings()
    rules = load_generator_rules(settings.rules_path())
    creds, signals = read_manifest_store(store, settings, rules)
    assert (creds.state, creds.problem, creds.failure_codes, creds.content_bound) == (
        "valid", "untrusted", ("signingCredential.untrusted",), False)
    assert [(s.kind, s.strength) for s in signals] == [("generated", "strong")]
    trusted = ImageSettings(extra_anchors=(str(TEST_CERTS / "test_cert_root_bundle.pem"),))
    assert read_manifest_store(store, trusted, rules)[0].state == "trusted"
    edited = bytearray(store)
    at = edited.index(b"trainedAlgorithmicMedia")
    edited[at] ^= 0x20
    tampered, _ = read_manifest_store(bytes(edited), settings, rules)
    assert (tampered.state, tampered.problem) == ("invalid", "tampered")
    for broken in (store[: len(store) // 2], b"", b"not a store"):
        bad, none = read_manifest_store(broken, settings, rules)
        assert bad.state == "error" and "C2PA manifest store" in bad.error and none == []
