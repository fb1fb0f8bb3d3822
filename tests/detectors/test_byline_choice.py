"""The byline decision: the parser hands over every candidate it read, and the choice
of what the page credits is made here — so a candidate the parser returns may be
one the decision rejects."""

from __future__ import annotations

from integrity.api import checker
from integrity.detectors.byline import byline_status
from integrity.detectors.byline_choice import credited_authors
from integrity.parse import parse_html

C = checker()


def page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>Storm closes schools</title>{head}</head><body>{body}</body></html>"


def candidates(html: str):  # type: ignore[no-untyped-def]
    return parse_html(html, "page.html", C.layout).author_candidates


def test_site_name_beside_a_person_is_a_candidate_the_decision_drops() -> None:
    html = page('<meta property="og:site_name" content="CNN">',
                '<article><h1>Storm closes schools</h1><p class="byline">By Stephen Collinson, CNN</p><p>Text.</p></article>')
    found = candidates(html)
    cnn = [c for c in found if c.author.name == "CNN"]
    assert cnn and all(c.site_name and c.source in ("element", "line") for c in cnn)
    assert {c.cue for c in cnn} == {"byline", "prefix"}  # the element's class; the line's "By" prefix
    assert [(a.name, a.where) for a in credited_authors(found)] == [
        ("Stephen Collinson", "byline"), ("Stephen Collinson", "byline-text")]


def test_a_later_by_line_reaches_the_decision_and_the_first_persons_line_wins() -> None:
    body = ("<article><h1>Storm closes schools</h1><p>By The Planetary Press</p><p>By Ann Lee</p>"
            "<p>By Bo Chan</p><p>Schools closed on Monday, the district said, after the storm.</p></article>")
    found = [c for c in candidates(page(body=body)) if c.source == "line"]
    assert [(c.author.name, c.group) for c in found] == [("The Planetary Press", 0), ("Ann Lee", 1), ("Bo Chan", 2)]
    credited = credited_authors(found)
    assert [a.name for a in credited] == ["Ann Lee"]


def test_a_site_named_structured_author_gives_way_to_the_next_article_node_unless_typed_person() -> None:
    ld = ('<script type="application/ld+json">[{"@type":"NewsArticle","author":{"@type":"Organization","name":"Daily Planet"}},'
          '{"@type":"Article","author":{"@type":"Person","name":"Lois Lane"}}]</script>')
    site = '<meta property="og:site_name" content="Daily Planet">'
    found = candidates(page(site + ld, "<article><h1>Storm closes schools</h1><p>Text.</p></article>"))
    assert [(c.author.name, c.group, c.site_name) for c in found if c.source == "structured"] == [
        ("Daily Planet", 0, True), ("Lois Lane", 1, False)]
    assert [a.name for a in credited_authors(found)] == ["Lois Lane"]
    personal = ('<script type="application/ld+json">{"@type":"BlogPosting","author":{"@type":"Person","name":"Daily Planet"}}'
                "</script>")
    assert [a.name for a in credited_authors(candidates(page(site + personal)))] == ["Daily Planet"]


def test_a_meta_author_that_is_the_site_is_read_but_not_credited() -> None:
    head = '<meta property="og:site_name" content="FIFPlay"><meta name="author" content="FIFPlay">'
    html = page(head, "<article><h1>Storm closes schools</h1><p>Text.</p></article>")
    found = candidates(html)
    assert [(c.author.name, c.source, c.cue, c.site_name) for c in found] == [("FIFPlay", "meta", "author", True)]
    assert credited_authors(found) == []
    assert byline_status(parse_html(html, "page.html", C.layout), C.layout) == ("missing", [])


def _ld(name: str) -> str:
    return ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Storm closes schools", '
            f'"author": {{"@type": "Person", "name": "{name}"}}}}</script>')


def test_the_visible_byline_that_agrees_with_the_structured_data_wins_over_the_first_one() -> None:
    filler = "<p>" + "Schools closed on Monday after the storm, the district said. " * 10 + "</p>"
    body = ('<article><h1>Storm closes schools</h1><div class="author">Jane Roe</div>'
            f'{filler}<span itemprop="author">Ingo Falk</span>{filler}</article>')
    status, names = byline_status(parse_html(page(_ld("Ingo Falk"), body), "page.html", C.layout), C.layout)
    assert status == "person" and [a.name for a in names] == ["Ingo Falk"]
    # structured data naming someone the page does not show leaves the visible byline alone
    status, names = byline_status(parse_html(page(_ld("Sam Kent"), body), "page.html", C.layout), C.layout)
    assert status == "person" and [a.name for a in names] == ["Jane Roe"]
