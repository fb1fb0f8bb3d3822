"""The one-line format and reviewdog's rdjson over the canonical run."""

from __future__ import annotations

import json
import re
from pathlib import Path

from integrity.model import Run
from integrity.writers import render
from tests.writers.canonical_run import HOSTILE_NAME, canonical_run

LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>info|warning|error|critical) (?P<rule>\S+) (?P<msg>.+)$")


def test_concise_is_one_parsable_line_per_finding_and_a_count() -> None:
    run = canonical_run()
    lines = render("concise", run).splitlines()
    parsed = [LINE.match(line) for line in lines[:-1]]
    assert all(parsed), [line for line, m in zip(lines[:-1], parsed, strict=True) if not m]
    assert len(parsed) == len(run.findings) + len(run.failed)
    seed = [m for m in parsed if m and m["path"] == "fixtures/articles/seed-pokrovsk.txt"]
    assert any(m["line"] == "17" and m["col"] == "160" and m["rule"] == "claim/vague-source" for m in seed)
    assert lines[-1] == (f"Found {len(run.findings)} findings ("
                         + ", ".join(f"{n} {s}" + ("" if n == 1 or s == "info" else "s")
                                     for s, n in reversed(list(run.summary()["findings"].items())) if n)
                         + f") in {len(run.reports)} documents; {len(run.failed)} not scanned.")


def test_concise_cannot_be_forged_by_article_text() -> None:
    out = render("concise", canonical_run())
    assert "\x01" not in out and "\r" not in out
    hostile = [line for line in out.splitlines() if line.startswith(HOSTILE_NAME + ":")]
    assert hostile and all(LINE.match(line) for line in hostile)


def test_concise_says_unreadable_documents_and_singular_counts() -> None:
    run = canonical_run()
    missing = [r for r in run.reports if not r.ok]
    out = render("concise", Run(tool=run.tool, reports=tuple(missing), rules=run.rules)).splitlines()
    assert out[0].startswith("fixtures/articles/missing.html:1:1: error input.missing not scanned: ")
    assert out[-1] == "Found 0 findings in 1 document; 1 not scanned."


def test_rdjson_has_reviewdog_fields_and_byte_columns(tmp_path: Path) -> None:
    import integrity

    page = tmp_path / "café.html"
    page.write_text("<html><body><p class=byline>By Zoë Ünal</p>\n"
                    "<p>Ça va: «Über», people familiar with the matter say the dam was mined.</p></body></html>",
                    encoding="utf-8")
    report = integrity.check(page)
    data = json.loads(render("rdjson", Run.of(report)))
    assert data["source"]["name"] == "integrity"
    diags = [d for d in data["diagnostics"] if d["code"]["value"] in ("claim/anonymous-source", "claim/vague-source")]
    assert diags
    for d in diags:
        start = d["location"]["range"]["start"]
        assert d["severity"] in ("INFO", "WARNING", "ERROR") and d["location"]["path"] == str(page)
        line = page.read_text(encoding="utf-8").splitlines()[start["line"] - 1]
        found = next(f for f in report.findings if f.rule_id == d["code"]["value"])
        assert found.location is not None
        # reviewdog counts UTF-8 bytes; integrity counts code points: they differ on this line
        assert start["column"] == len(line[: found.location.column - 1].encode("utf-8")) + 1
        assert start["column"] > found.location.column


def test_rdjson_without_the_file_keeps_the_line_only() -> None:
    data = json.loads(render("rdjson", canonical_run()))
    hostile = [d for d in data["diagnostics"] if d["location"]["path"] == HOSTILE_NAME]
    assert hostile and all("column" not in d["location"]["range"]["start"] for d in hostile)
    missing = [d for d in data["diagnostics"] if d["location"]["path"] == "fixtures/articles/missing.html"]
    assert missing and missing[0]["severity"] == "ERROR" and missing[0]["code"]["value"] == "input.missing"
