"""The report never contradicts itself about who wrote the article (issue 18, "Done when").

``document.authors`` is the chosen byline only, so it can never sit beside a
``credit/missing-byline`` ("no author is named on the page or in its metadata")
or ``credit/empty-byline`` finding; ``document.byline`` names the same people;
every other name the page gives is in ``document.author_candidates`` with why it
was rejected. Vendored pages always (the full rule set); the corpus pages under
../shared/corpora/articles when present, with the credit rules only (the claim and
image rules do not touch the byline; files listed in reserved*.tsv are never read).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

import integrity
from integrity.config import Config
from integrity.model import Report
from integrity.parse.bylines import same_person
from tests.conftest import ARTICLES

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "articles"
NO_AUTHOR = ("credit/missing-byline", "credit/empty-byline")


def contradictions(report: Report) -> list[str]:
    """What in one report disagrees about the byline (empty when it holds together)."""
    doc, src = report.document, report.document.source
    byline = doc.byline
    if not report.ok:  # not read: nothing is credited and nothing is found
        return [] if byline is None and not doc.authors else [f"{src}: a byline for a document that was not read"]
    if byline is None:
        return [f"{src}: no byline in a report of a document that was read"]
    bad = []
    names = list(dict.fromkeys(a.name for a in doc.authors))
    flagged = sorted({f.rule_id for f in report.findings if f.rule_id in NO_AUTHOR})
    if flagged and doc.authors:
        bad.append(f"{src}: {flagged} beside authors {names}")
    if list(byline.names) != names:
        bad.append(f"{src}: byline names {list(byline.names)} but authors {names}")
    if (byline.status in ("person", "institutional")) != bool(doc.authors):
        bad.append(f"{src}: byline status {byline.status} with authors {names}")
    if byline.status in ("person", "institutional") and not byline.where:
        bad.append(f"{src}: a {byline.status} byline read from nowhere")
    if any(f.rule_id == "credit/institutional-byline" for f in report.findings) and byline.status != "institutional":
        bad.append(f"{src}: institutional-byline finding, byline status {byline.status}")
    chosen = {id(a) for a in doc.authors}
    for c in doc.author_candidates:
        if id(c) in chosen:
            bad.append(f"{src}: {c.name} both chosen and rejected")
        if c.why == "same-person" and not any(same_person(c.name, n) for n in names):
            bad.append(f"{src}: {c.name} rejected as a byline author's other spelling, byline is {names}")
    return bad


def test_vendored_reports_never_list_authors_beside_a_missing_byline() -> None:
    pages = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".html", ".txt"))
    assert pages
    reports = [integrity.check(p) for p in pages]
    assert not [m for r in reports for m in contradictions(r)]
    # the fixtures hold both sides: a credited byline and an empty credit slot
    assert {r.document.byline.status for r in reports if r.document.byline} >= {"person", "empty"}


def test_a_page_that_names_nobody_has_a_missing_byline_and_no_authors() -> None:
    report = integrity.check("<html><head><title>Storm</title></head><body><h1>Storm</h1>"
                             "<p>Schools closed on Monday after the storm.</p></body></html>", kind="html")
    assert report.document.byline is not None and report.document.byline.status == "missing"
    assert report.document.authors == () and report.document.byline.where is None
    assert any(f.rule_id == "credit/missing-byline" for f in report.findings)


def test_names_that_are_not_the_byline_are_candidates_with_a_reason() -> None:
    html = ('<html><head><title>Storm closes schools</title><meta property="og:site_name" content="The Daily Planet">'
            '<meta name="author" content="The Daily Planet"></head><body><article><h1>Storm closes schools</h1>'
            '<p class="byline">By Ann Lee</p><p>Schools closed on Monday, the district said.</p>'
            '<p>By Bo Chan</p></article></body></html>')
    doc = integrity.check(html, kind="html").document
    assert [a.name for a in doc.authors] == ["Ann Lee"] and doc.byline is not None
    assert (doc.byline.status, doc.byline.names, doc.byline.where) == ("person", ("Ann Lee",), "byline")
    assert doc.byline.evidence is not None and doc.byline.evidence.text == "By Ann Lee"
    assert {(c.name, c.why) for c in doc.author_candidates} >= {("The Daily Planet", "site-name"), ("Bo Chan", "later-byline-line")}
    assert all(c.name != "Ann Lee" or c.why == "same-person" for c in doc.author_candidates)


def test_corpus_reports_never_list_authors_beside_a_missing_byline() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpora/articles is absent")
    reserved = {
        (tsv.parent / line.split("\t")[0]).resolve()
        for tsv in CORPUS.rglob("reserved*.tsv")
        for line in tsv.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    pages = [p for p in sorted(CORPUS.rglob("*.html.gz")) if p.resolve() not in reserved]
    credit_only = Config(disable=("claim/*", "image/*"))
    bad: list[str] = []
    statuses: set[str] = set()
    for page in pages:
        report = integrity.check(gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace"),
                                 kind="html", config=credit_only, name=str(page.relative_to(CORPUS)))
        bad += contradictions(report)
        statuses.add(report.document.byline.status if report.document.byline else "none")
    assert not bad, f"{len(bad)} on {len(pages)} pages:\n" + "\n".join(bad[:20])
    assert {"person", "missing"} <= statuses


def test_a_related_storys_byline_and_a_prose_by_line_are_candidates_the_parser_rejects() -> None:
    html = ('<html><head><title>Storm closes schools</title></head><body><article><h1>Storm closes schools</h1>'
            '<p class="byline">By Ann Lee</p><p>By noon the river had risen, officials said.</p>'
            '<p>Schools closed on Monday, the district said.</p></article>'
            '<aside class="related"><div class="byline">By Carl Diaz</div></aside></body></html>')
    doc = integrity.check(html, kind="html").document
    assert [a.name for a in doc.authors] == ["Ann Lee"]
    why = {c.name: c.why for c in doc.author_candidates}
    assert why.get("Carl Diaz") == "chrome"
    assert "Carl Diaz" not in doc.byline.names  # type: ignore[union-attr]


def test_a_by_line_of_prose_is_kept_as_not_name_shaped() -> None:
    html = ('<html><head><title>Storm closes schools</title></head><body><article><h1>Storm closes schools</h1>'
            '<p>By Monday evening, the Town Council had voted</p><p>Schools closed on Monday, the district said.</p>'
            '</article></body></html>')
    doc = integrity.check(html, kind="html").document
    assert doc.authors == () and doc.byline is not None and doc.byline.status == "missing"
    assert [(c.name, c.why) for c in doc.author_candidates] == [
        ("Monday evening", "not-name-shaped"), ("the Town Council had voted", "not-name-shaped")]
