"""eval.snapshot --check: the guard that a speed-up changed no report names what moved, and fails when anything did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import snapshot


def _line(page: str, report: dict[str, object]) -> str:
    return json.dumps({"page": page, "report": report}, ensure_ascii=False, sort_keys=True)


def test_moved_names_the_fields_that_differ() -> None:
    old = {"score": 90, "findings": [{"rule": "a", "span": {"line": 3}}, {"rule": "b"}]}
    new = {"score": 90, "findings": [{"rule": "a", "span": {"line": 4}}, {"rule": "b"}], "extra": 1}
    assert snapshot._moved(old, new) == [".extra", ".findings[0].span.line"]
    assert snapshot._moved(old, old) == []
    assert snapshot._moved({"f": [1]}, {"f": [1, 2]}) == [".f"]  # a list that grew: the list itself


def test_check_passes_only_when_every_page_is_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    before = [_line("a.html.gz", {"score": 90}), _line("b.html.gz", {"score": 70})]
    old = tmp_path / "old.jsonl"
    old.write_text("\n".join(before) + "\n", encoding="utf-8")
    monkeypatch.setattr(snapshot, "lines", lambda: iter(before))
    assert snapshot.check(old) == 0
    assert "2 pages checked, 0 differ" in capsys.readouterr().out

    monkeypatch.setattr(snapshot, "lines", lambda: iter([before[0], _line("b.html.gz", {"score": 71})]))
    assert snapshot.check(old) == 1
    out = capsys.readouterr().out
    assert "b.html.gz: .score" in out and "a.html.gz" not in out.split("pages checked")[0]

    monkeypatch.setattr(snapshot, "lines", lambda: iter(before[:1]))  # a page no longer checked is a difference
    assert snapshot.check(old) == 1
    assert "b.html.gz: in" in capsys.readouterr().out
