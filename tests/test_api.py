"""The Python API: inputs of every type, no global state, safe across threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import integrity
from integrity.config import Config
from tests.conftest import ARTICLES

SEED = ARTICLES / "seed-pokrovsk.html"


def test_str_bytes_and_path_agree() -> None:
    text = SEED.read_text(encoding="utf-8")
    a = integrity.check(SEED)
    b = integrity.check(text)
    c = integrity.check(text.encode("utf-8"), kind="html")
    # a string has no folder, so its images cannot be loaded; everything else is the same
    def text_findings(r):  # type: ignore[no-untyped-def]
        return [f.fingerprint for f in r.findings if not f.rule_id.startswith("image/") or f.rule_id == "image/ai-disclosed"]

    assert text_findings(a) == text_findings(b) == text_findings(c)
    assert [i.status for i in b.images] == ["unresolved"]


def test_bad_input_returns_a_report_not_an_exception() -> None:
    r = integrity.check(b"")
    assert not r.ok and r.document.status == "empty" and r.score is None
    r = integrity.check(ARTICLES / "does-not-exist.html")
    assert r.errors[0].code == "input.missing"


def test_a_lone_surrogate_is_an_invalid_document_not_an_exception() -> None:
    report = integrity.check("<p>\ud800</p>")
    assert report.document.status == "invalid"
    assert report.score is None
    assert any("lone surrogate U+D800 at character 3" in e.message for e in report.errors), report.errors
    assert integrity.check("<p>\U0001F600 fine</p>").document.status == "ok"  # a real astral character is not one


def test_same_results_from_many_threads() -> None:
    sources = [SEED, ARTICLES / "seed-pokrovsk.txt", ARTICLES / "clean-council-budget.html"] * 20
    expected = {p: integrity.to_json(integrity.check(p)) for p in set(sources)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda p: (p, integrity.to_json(integrity.check(p))), sources))
    assert all(expected[p] == j for p, j in got)


def test_config_is_per_call_not_global() -> None:
    quiet = Config(disable=("claim/*",))
    assert not [f for f in integrity.check(SEED, config=quiet).findings if f.rule_id.startswith("claim/")]
    assert [f for f in integrity.check(SEED).findings if f.rule_id.startswith("claim/")]


def test_score_is_deterministic_and_follows_the_documented_formula() -> None:
    r = integrity.check(ARTICLES / "seed-pokrovsk.txt")
    rs = integrity.checker().ruleset
    cost = {a: 0.0 for a in ("provenance", "attribution", "credits")}
    per_rule: dict[str, float] = {}
    for f in r.findings:
        per_rule[f.rule_id] = per_rule.get(f.rule_id, 0) + f.penalty
    for rid, total in per_rule.items():
        rule = rs.by_id[rid]
        cost[rule.area] += min(total, rule.max_penalty if rule.max_penalty is not None else total)
    subs = {a: max(0, round(100 - c)) for a, c in cost.items()}
    assert r.subscores == subs
    w = rs.scoring.area_weights
    assert r.score == round(sum(w[a] * subs[a] for a in subs) / sum(w.values()))


def test_a_text_check_does_not_load_the_image_machinery() -> None:
    """numpy, PyWavelets, c2pa and asyncio cost a fresh process ~0.2 s to import: a CI run that
    checks only text never needs them, so it must not load them (an article with images does)."""
    import subprocess
    import sys

    heavy = ("numpy", "pywt", "c2pa", "asyncio")
    code = ("import sys, integrity; r = integrity.check(open(sys.argv[1]).read(), kind='text'); "
            f"print(len(r.findings), [m for m in {heavy!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code, str(ARTICLES / "seed-pokrovsk.txt")],
                         capture_output=True, text=True, check=True).stdout.split(maxsplit=1)
    assert int(out[0]) > 0 and out[1].strip() == "[]"
    code = ("import sys, integrity; integrity.check_file(sys.argv[1]); "
            f"print([m for m in {heavy[:3]!r} if m in sys.modules])")
    loaded = subprocess.run([sys.executable, "-c", code, str(ARTICLES / "seed-pokrovsk.html")],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "['numpy', 'pywt', 'c2pa']"
