"""Writers over one canonical run: JSON validates, HTML and Markdown escape article strings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

import integrity
from integrity.model import Run
from integrity.writers import render, render_report
from tests.conftest import ARTICLES

SCHEMA = json.loads((Path(integrity.__file__).parent / "schemas" / "report.schema.json").read_text())
HOSTILE = (
    '<html><head><title>x</title></head><body>'
    '<figure><img src="a.jpg" alt="<script>alert(1)</script> Ai generated image" onerror="alert(2)">'
    '<figcaption>‮evil RTL override &lt;img src=x onerror=alert(3)&gt; Ai generated image</figcaption></figure>'
    '<p>Reportedly <b>"<script>alert(4)</script>"</b> | pipes | and `ticks` happened.</p></body></html>'
)


@pytest.fixture(scope="module")
def run() -> Run:
    return Run.of(
        integrity.check(ARTICLES / "seed-pokrovsk.txt"),
        integrity.check(ARTICLES / "clean-council-budget.html"),
        integrity.check(HOSTILE, kind="html"),
        integrity.check(b"", kind="html"),
    )


def test_json_validates_against_the_schema(run: Run) -> None:
    data = json.loads(render("json", run))
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["summary"]["documents"] == 4 and data["summary"]["failed"] == 1


def test_single_report_json_is_the_schemas_report(run: Run) -> None:
    one = json.loads(render_report("json", run.reports[0]))
    report_schema = {**SCHEMA["$defs"]["report"], "$defs": SCHEMA["$defs"]}
    jsonschema.validate(one, report_schema, cls=jsonschema.Draft202012Validator)


def test_html_report_escapes_everything_from_the_article(run: Run) -> None:
    html = render("html", run)
    assert "<script" not in html.lower()
    assert "onerror=" not in html.replace("onerror=alert", "")  # only escaped text may contain it
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\u202e" not in html and "\\u202e" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert re.search(r"<mark>[^<]*Ai generated image</mark>", html) or "<mark>Ai generated image</mark>" in html


def test_markdown_escapes_tables_and_html(run: Run) -> None:
    md = render("md", run)
    assert "<script>" not in md
    for line in md.splitlines():
        if line.startswith("| ") and "Reportedly" in line:
            assert line.count(" | ") == 4  # pipes inside cells are escaped
    assert "Not scanned" in md


def test_text_summary_lists_findings_worst_first(run: Run) -> None:
    text = render("text", Run.of(run.reports[0]))
    lines = [line for line in text.splitlines() if re.match(r"\s+\d+:\d+", line)]
    assert "error" in lines[0]
    assert "\x1b[" not in text  # no colour unless asked


@pytest.mark.parametrize("given, shown", [
    ("2025-11-02T09:00:00+00:00", "2 November 2025, 09:00 UTC"),
    ("2025-11-02T09:00:00Z", "2 November 2025, 09:00 UTC"),
    ("2024-03-05T18:30:00-05:00", "5 March 2024, 18:30 UTC-05:00"),
    ("2024-03-05", "5 March 2024"),
    ("last Tuesday", "last Tuesday"),  # must not invent a date from what it cannot read
])
def test_html_dates_are_for_people(given: str, shown: str) -> None:
    from integrity.writers.html import human_date

    assert human_date(given) == shown


def test_html_verdict_and_subscore_bars_follow_the_gate_and_the_values(run: Run) -> None:
    seed = Run.of(run.reports[0])
    assert "class='verdict fail'" in render("html", seed)  # the seed's empty byline is an error
    assert "class='verdict pass'" in render("html", seed, fail_on="critical")
    assert "class='verdict fail'" in render("html", seed, fail_on="critical", fail_under=95)
    clean = render("html", Run.of(run.reports[1]))
    assert "class='verdict pass'" in clean and "class='low'" not in clean
    assert "Fails: 1 document could not be scanned" in render("html", run)


def test_stored_json_reports_read_back_into_the_same_report(run: Run) -> None:
    from integrity.model import Report, from_plain, to_plain

    for report in run.reports:
        back = from_plain(Report, json.loads(render_report("json", report)))
        assert back == report
    with pytest.raises(ValueError, match="unknown field"):
        from_plain(Report, {**json.loads(render_report("json", run.reports[0])), "surprise": 1})
    assert to_plain(from_plain(Report, to_plain(run.reports[0]))) == to_plain(run.reports[0])


def test_every_format_shows_the_chosen_byline_and_only_it(run: Run) -> None:
    """The seed's "Authors" slot is empty; the council story is by Dana Whitfield, whose name the page
    also gives in JSON-LD and meta tags: each writer shows one byline per document, not the candidates."""
    seed, council = run.reports[0], run.reports[1]
    assert seed.document.byline is not None and seed.document.byline.status == "empty"
    assert council.document.byline is not None and council.document.byline.names == ("Dana Whitfield",)
    assert council.document.author_candidates  # the other places that name her are kept, as rejected
    text = render("text", Run.of(seed, council))
    md = render("md", Run.of(seed, council))
    page = render("html", Run.of(seed, council))
    for out in (text, md, page):
        assert out.count("Dana Whitfield") == 1, out
        assert out.count("person, read from byline") == 1
        assert "names nobody" in out
    data = json.loads(render("json", run))
    assert [r["document"]["byline"]["status"] if r["document"]["byline"] else None for r in data["reports"]] == [
        "empty", "person", "missing", None]
    sarif = json.loads(render("sarif", run))
    bylines = [a.get("properties", {}).get("byline") for a in sarif["runs"][0]["artifacts"]]
    assert bylines[1] == {"status": "person", "names": ["Dana Whitfield"], "where": "byline"}
    assert bylines[0]["status"] == "empty" and bylines[3] is None
