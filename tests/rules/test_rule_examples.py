"""Every rule with an example folder: ``hit.html`` must flag exactly the words in
``hit.expect`` (one per line), and ``miss.html`` must not flag that rule at all."""

from __future__ import annotations

from pathlib import Path

import pytest

import integrity

HERE = Path(__file__).parent
CASES = sorted(p.parent for p in HERE.glob("*/*/hit.html"))


def _rule_id(folder: Path) -> str:
    return f"{folder.parent.name}/{folder.name}"


@pytest.mark.parametrize("folder", CASES, ids=_rule_id)
def test_hit(folder: Path) -> None:
    source = (folder / "hit.html").read_text(encoding="utf-8")
    report = integrity.check(source, kind="html")
    findings = [f for f in report.findings if f.rule_id == _rule_id(folder)]
    expected = [line for line in (folder / "hit.expect").read_text(encoding="utf-8").splitlines() if line.strip()]
    if not expected:  # a document-level rule: one finding, no location needed
        assert len(findings) == 1
        return
    got = [source[f.location.offset : f.location.end_offset] for f in findings]
    for want in expected:
        assert any(want in g for g in got), f"{want!r} not flagged; got {got}"
    assert len(findings) == len(expected), got


@pytest.mark.parametrize("folder", CASES, ids=_rule_id)
def test_miss(folder: Path) -> None:
    report = integrity.check((folder / "miss.html").read_text(encoding="utf-8"), kind="html")
    flagged = [(f.match, f.evidence) for f in report.findings if f.rule_id == _rule_id(folder)]
    assert flagged == []
