"""The byline evaluation runs from a fresh clone: without ../shared it says so and exits 0;
with it, the figures are computed the way eval/README.md defines them."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval import bylines


def test_token_match_definition() -> None:
    # recall over expected name tokens (casefolded, accents and punctuation aside); "and" joins names
    assert bylines.token_scores("JOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL", ("Josh Haskell",)) == (2 / 6, 1.0)
    assert bylines.token_scores("T.C. Sottek", ("TC Sottek",))[0] == pytest.approx(1 / 3)
    assert bylines.token_scores("José Álvarez", ("Jose Alvarez", "Reuters")) == (1.0, 2 / 3)
    assert bylines.token_scores("Jane Doe", ()) == (0.0, 1.0)


def test_exits_cleanly_without_the_corpus(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(bylines, "TRUTH", tmp_path / "missing.tsv")
    assert bylines.main([]) == 0
    assert "nothing to evaluate" in capsys.readouterr().out


def test_scores_on_real_pages(shared: Path) -> None:
    truth = shared / "corpora" / "articles" / "truth-dev.tsv"
    if not truth.exists():
        pytest.skip("truth-dev.tsv is not in ../shared")
    pages = [p for p in bylines.read_pages(truth) if "abcnews" in p.path or "nytimes" in p.path or "bbc.com" in p.path]
    assert len(pages) == 3
    scores = bylines.evaluate(pages, bylines.integrity_byline)
    assert scores.pages == 3 and 0.0 <= scores.accuracy <= 1.0 and 0.0 <= scores.token_match <= 1.0
