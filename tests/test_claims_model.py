"""The learned "needs a source" model (integrity/claims_model.py) and its place in the claims detector.

The sentences here are written for these tests (not taken from the labelled corpus), in the
newsroom register the model was trained on."""

from __future__ import annotations

import json
import logging
import math
import os
import subprocess
import sys

import pytest

import integrity
from integrity import claims_model
from integrity.config import Config
from integrity.detectors.claims import ClaimAnalyser
from integrity.ruledata.folders import builtin_rules_dir
from integrity.ruledata.yaml_lines import RuleFileError
from integrity.rules.load import load_ruleset

# claims an editor would ask a source for
NEEDS = [
    "The company fired 300 workers after the fraud was uncovered.",
    "The government secretly paid the militia millions of dollars to attack the protesters.",
    "Prices rose 12 percent in a year.",
    "The new bridge will be the largest in Europe.",
    "At least 40 people were killed in the flooding.",
    "Inflation is expected to reach 9 percent by the end of the year.",
]
# background, scene and record an editor would leave alone
BACKGROUND = [
    "Rain drummed on the tin roofs as the crowd waited outside the gate.",
    "Vendors sold tea and roasted corn along the road.",
    "Lakers 112, Celtics 104.",
    "Smith 3-for-4, two RBIs; Jones 2-for-3.",
    "She was elected mayor in 2019 and lives in the old town.",
    "The storm hit the coast on Tuesday night, and rain fell until dawn.",
]


@pytest.fixture(scope="module")
def analyser() -> ClaimAnalyser:
    return ClaimAnalyser(load_ruleset([builtin_rules_dir()]))


def _claims(html: str) -> list[tuple[str, str]]:
    return [(f.rule_id, f.message) for f in integrity.check(html, kind="html").findings if f.rule_id.startswith("claim/")]


def _raw(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def test_the_shipped_model_loads() -> None:
    model = claims_model.load()
    assert model is not None
    assert len(model.weights) == 1 << model.bits
    assert model.meta["trained_on"] == "eval/claims_corpus train split"


def test_claims_that_need_a_source_score_above_background(analyser: ClaimAnalyser) -> None:
    model = claims_model.load()
    assert model is not None
    # the ranking, on the raw (uncalibrated) probability: calibration keeps the order and squeezes the scale
    need = [_raw(model.score(s, kinds=analyser.needs(s))) for s in NEEDS]
    background = [_raw(model.score(s, kinds=analyser.needs(s))) for s in BACKGROUND]
    assert sum(need) / len(need) > sum(background) / len(background) + 0.1
    assert sorted(need)[len(need) // 2] > max(background) - 0.05  # the median claim outranks (nearly) every background line


def test_the_calibrated_probability_is_monotonic_in_the_raw_score(analyser: ClaimAnalyser) -> None:
    """Platt scaling keeps the order of sentences (so the mapped threshold flags the same ones) and
    pulls the raw probability of the balanced training towards the share of real flags."""
    model = claims_model.load()
    assert model is not None and model.calib_a > 0
    zs = [x / 4 for x in range(-40, 41)]
    cal = [model.calibrated(z) for z in zs]
    assert all(a < b for a, b in zip(cal, cal[1:], strict=False))
    for s in NEEDS + BACKGROUND:
        z = model.score(s, kinds=analyser.needs(s))
        assert model.probability(s, kinds=analyser.needs(s)) == model.calibrated(z)
    # scored sentences order the same way raw and calibrated
    scored = sorted(NEEDS + BACKGROUND, key=lambda s: model.score(s, kinds=analyser.needs(s)))
    assert scored == sorted(NEEDS + BACKGROUND, key=lambda s: model.probability(s, kinds=analyser.needs(s)))
    # a flagged claim at the raw threshold reads lower calibrated (out-of-fold precision there is ~0.3, not 0.6)
    assert model.calibrated(math.log(0.6 / 0.4)) < 0.35


def test_the_rule_threshold_is_the_calibrated_raw_threshold() -> None:
    """The threshold in rules/claim/unattributed.yml is the one training computed for the shipped calibration."""
    from eval.claims_model.calibrate import mapped_threshold

    model = claims_model.load()
    assert model is not None
    calibration = model.meta["calibration"]
    assert mapped_threshold(calibration["a"], calibration["b"], calibration["threshold_raw"]) == calibration["threshold"]
    rule = (builtin_rules_dir() / "claim" / "unattributed.yml").read_text(encoding="utf-8")
    assert f'need: {{">=": {calibration["threshold"]}}}' in rule


@pytest.mark.parametrize("calibration, usable", [(None, True), ({"a": 0.0, "b": 1.0}, False), ({"a": -1.0, "b": 0.0}, False)])
def test_a_missing_calibration_is_the_raw_probability_and_a_reversing_one_is_refused(
        tmp_path, monkeypatch: pytest.MonkeyPatch, calibration, usable: bool) -> None:  # type: ignore[no-untyped-def]
    with open(claims_model.META, encoding="utf-8") as f:
        meta = json.load(f)
    meta.pop("calibration")
    if calibration is not None:
        meta["calibration"] = calibration
    path = tmp_path / "meta.json"
    path.write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setattr(claims_model, "META", str(path))
    claims_model.reset()
    try:
        model = claims_model.load()
        if not usable:
            assert model is None  # the rules-only path, said in the log
            return
        assert model is not None and model.probability("Prices rose 12 percent.") == _raw(model.score("Prices rose 12 percent."))
    finally:
        monkeypatch.undo()
        claims_model.reset()


def test_the_finding_says_the_claim_type_and_the_model_confidence() -> None:
    found = _claims('<p class="byline">By Jo Ng</p><p>The company fired 300 workers after the fraud was uncovered.</p>')
    assert [r for r, _ in found] == ["claim/unattributed"]
    message = found[0][1]
    assert "accusation claim" in message and "model confidence 0." in message


def test_the_finding_confidence_is_the_model_probability(analyser: ClaimAnalyser) -> None:
    """The probability is the finding's confidence (a number, in the JSON report too) and weights its penalty."""
    sentence = "The company fired 300 workers after the fraud was uncovered."
    report = integrity.check(f'<p class="byline">By Jo Ng</p><p>{sentence}</p>', kind="html")
    [finding] = [f for f in report.findings if f.rule_id == "claim/unattributed"]
    model = claims_model.load()
    assert model is not None
    p = model.probability(sentence, kinds=analyser.needs(sentence))
    assert isinstance(finding.confidence, float) and finding.confidence == round(p, 3)
    assert f"model confidence {p:.2f}" in finding.message
    assert finding.penalty == pytest.approx(8 * round(p, 3), abs=1e-3)  # the rule's weight times the probability
    [plain] = [f for f in report.to_dict()["findings"] if f["rule_id"] == "claim/unattributed"]
    assert plain["confidence"] == finding.confidence


def test_without_the_model_the_finding_keeps_the_rule_confidence(rules_only: None) -> None:
    report = integrity.check('<p class="byline">By Jo Ng</p><p>Prices rose 12 percent in a year.</p>', kind="html")
    [finding] = [f for f in report.findings if f.rule_id == "claim/unattributed"]
    assert finding.confidence == "low" and finding.penalty == pytest.approx(8 * 0.4)


@pytest.mark.parametrize("html", [
    '<p class="byline">By Jo Ng</p><p>Lakers 112, Celtics 104.</p><p>Smith 3-for-4, two RBIs; Jones 2-for-3.</p>',
    '<p class="byline">By Jo Ng</p><p>Rain drummed on the tin roofs as the crowd waited outside the gate. '
    'Vendors sold tea and roasted corn along the road.</p>',
    '<p class="byline">By Jo Ng</p><p>"The company fired 300 workers after the fraud was uncovered," Mayor Anna Kovalenko said.</p>',
    '<p class="byline">By Jo Ng</p><p>The company fired 300 workers, the labour ministry said on Monday.</p>',
], ids=["box score", "scene", "quoted named speaker", "named source"])
def test_what_the_model_must_not_flag(html: str) -> None:
    assert [r for r, _ in _claims(html) if r == "claim/unattributed"] == []


def test_without_the_model_the_rules_decide_and_say_so_once(rules_only: None, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="integrity.claims_model")
    page = '<p class="byline">By Jo Ng</p><p>Prices rose 12 percent in a year.</p><p>Vendors sold tea along the road.</p>'
    first, second = _claims(page), _claims(page)
    assert first == second
    assert [r for r, _ in first] == ["claim/unattributed"]
    assert "rules: figure" in first[0][1]
    assert sum("claims model disabled" in r.getMessage() for r in caplog.records) == 1


def test_the_weights_load_only_when_a_sentence_is_judged() -> None:
    code = ("import sys, integrity.detectors.claims, integrity.claims_model as m; "
            "print(len(m._loaded), 'numpy' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split()
    assert out == ["0", "False"]


def test_claim_types_and_rules_only_kinds_are_data(rules_only: None, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """signals/claim-types.yml decides the claim type and what the rules alone flag; a newsroom's file replaces it."""
    types = claims_model.claim_types()
    assert types.path.endswith("claim-types.yml")
    assert types.claim_type("The new bridge will be the largest in Europe.", ("prediction",)) == "superlative"
    assert types.claim_type("Turnout is expected to rise.", ("prediction",)) == "prediction"
    assert types.claim_type("Police detained four men on Sunday.", ()) == "event"
    page = '<p class="byline">By Jo Ng</p><p>The drop was caused by the storm.</p>'
    assert _claims(page) == []  # "cause" is not a rules-only kind in the built-in file
    (tmp_path / "signals").mkdir()
    built_in = claims_model.claim_types().path
    with open(built_in, encoding="utf-8") as f:
        text = f.read().replace("rules_only_kinds: [figure, casualty, prediction, contested]",
                                "rules_only_kinds: [figure, casualty, prediction, contested, cause]")
    (tmp_path / "signals" / "claim-types.yml").write_text(text, encoding="utf-8")
    found = [(f.rule_id, f.message) for f in integrity.check(page, kind="html", config=Config(rule_paths=(tmp_path,))).findings
             if f.rule_id.startswith("claim/")]
    assert [r for r, _ in found] == ["claim/unattributed"] and "cause claim (rules: cause)" in found[0][1]


@pytest.mark.parametrize(("bad", "problem"), [
    ("types: [{kind: figure, type: statistic}]", "not one of"),
    ("superlative: '(?:the'", "bad pattern"),
    ("rules_only_kinds: figure", "must be a list"),
    ("colour: red", "unknown key"),
])
def test_a_malformed_claim_types_file_says_where(tmp_path, bad: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    good = {"types": "types: [{kind: figure, type: figure}]", "superlative": "superlative: 'record'",
            "rules_only_kinds": "rules_only_kinds: [figure]"}
    key = bad.split(":", 1)[0]
    good[key] = bad
    path = tmp_path / "claim-types.yml"
    path.write_text("version: 1\n" + "\n".join(good.values()) + "\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=problem) as err:
        claims_model.load_claim_types(path)
    assert str(path) in str(err.value)


def _hashed_from_features(text: str, prev: str, next_: str, bits: int, kinds: tuple[str, ...]) -> tuple[list[int], list[float]]:
    """The feature vector as features() defines it, hashed name by name (the definition hashed() must keep)."""
    import math
    import zlib

    acc: dict[int, float] = {}
    for name, value in claims_model.features(text, prev, next_, kinds):
        i = zlib.crc32(name.encode("utf-8")) & ((1 << bits) - 1)
        acc[i] = acc.get(i, 0.0) + value
    norm = math.sqrt(sum(v * v for v in acc.values())) or 1.0
    return sorted(acc), [acc[i] / norm for i in sorted(acc)]


@pytest.mark.parametrize("text,prev,next_,kinds", [
    ("The council approved a budget of £12 million on Tuesday.", "", "Officials said the vote was close.", ("figure",)),
    ("“It is a disgrace,” critics said of the 2024 plan.", "İstanbul's Straße «quoted» „x“", "", ()),
    ("a", "", "", ("figure", "cause")),
    ("", "the the the", "the", ()),
    ("word " * 50 + "x" * 300 + " 3,000 killed", "x" * 300, "Ἀθῆναι said 99%", ("casualty",)),
])
def test_hashed_is_the_hash_of_the_features(text: str, prev: str, next_: str, kinds: tuple[str, ...]) -> None:
    for _ in range(2):  # the second time from the per-word caches
        assert claims_model.hashed(text, prev, next_, 18, kinds) == _hashed_from_features(text, prev, next_, 18, kinds)
