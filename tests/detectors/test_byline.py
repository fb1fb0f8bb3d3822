"""Bylines: names cleaned from real byline text, every source a page uses, and the
mismatch fact — with what must not count as a byline or as a mismatch."""

from __future__ import annotations

import pytest

from integrity.api import checker
from integrity.detectors.byline import byline_status, detect
from integrity.detectors.byline_choice import credited_authors
from integrity.parse import parse_html, parse_text
from integrity.parse.bylines import same_person

C = checker()
NAMES = C.layout.names


def html(head: str = "", body: str = "") -> str:
    return f"<html><head><title>Storm closes schools</title>{head}</head><body>{body}</body></html>"


def article(head: str = "", body: str = ""):  # type: ignore[no-untyped-def]
    return parse_html(html(head, body), "page.html", C.layout)


def byline(head: str = "", body: str = "") -> tuple[str, list[str]]:
    status, authors = byline_status(article(head, body))
    return status, [a.name for a in authors]


def facts(head: str = "", body: str = "", kind: str = "credit.byline_mismatch") -> list:  # type: ignore[type-arg]
    return [f for f in detect(article(head, body), C.context) if f.kind == kind]


JSONLD = '<script type="application/ld+json">{}</script>'


def ld(author: str) -> str:
    return JSONLD.format('{"@context":"https://schema.org","@type":"NewsArticle","headline":"x","author":' + author + "}")


# --- names out of byline text -------------------------------------------------------------

@pytest.mark.parametrize(
    "text, names",
    [
        ("By JOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL", ["JOSH HASKELL", "DAVID CAPLAN", "PATRICK REEVELL"]),
        ("By Jane Doe, Staff Writer", ["Jane Doe"]),
        ("Jane Doe, Senior Reporter", ["Jane Doe"]),
        ("Updated 5:12 PM ET, Fri December 16, 2016 By Josh Haskell", ["Josh Haskell"]),
        ("By Josh Haskell Updated December 16, 2016", ["Josh Haskell"]),
        ("Jane Doe jane.doe@example.com", ["Jane Doe"]),
        ("By Jane Doe | Reuters | 3 min read", ["Jane Doe"]),
        ("Grant Tinsley, PhD", ["Grant Tinsley"]),
        ("Posted on September 21, 2020 by Adi Tzlil", ["Adi Tzlil"]),
        ("View all posts by Daniel Lemire", ["Daniel Lemire"]),
        ("Gillman, Steve", ["Steve Gillman"]),
        ("By Jane Slaughter on March 3", ["Jane Slaughter"]),
        ("By Olena Petrenko in Kyiv", ["Olena Petrenko"]),
        ("Julia Horowitz @juliakhorowitz", ["Julia Horowitz"]),
        ("Von Anna Schmidt und Peter Braun", ["Anna Schmidt", "Peter Braun"]),
        ("Автор: Олена Петренко", ["Олена Петренко"]),
        ("By Robert E. Lee and Ann Y Kim", ["Robert E. Lee", "Ann Y Kim"]),
        ("Ana Torres y Luis Gómez", ["Ana Torres", "Luis Gómez"]),
        # "von" opens the names after a label, but is a particle after a given name
        ("Ein Kommentar von Anna Schmidt", ["Anna Schmidt"]),
        ("Text und Fotos von Anna Schmidt", ["Anna Schmidt"]),
        ("Text von Anna Schmidt", ["Anna Schmidt"]),
        ("Kommentar von Anna Schmidt", ["Anna Schmidt"]),
        ("Aktualisiert am 3. Mai 2024 von Jane Doe", ["Jane Doe"]),
        ("Daniel D. Von Hoff", ["Daniel D. Von Hoff"]),
        ("Von Ursula von der Leyen", ["Ursula von der Leyen"]),
        ("Alexander von Humboldt und Jane Doe", ["Alexander von Humboldt", "Jane Doe"]),
    ],
)
def test_names_are_cleaned(text: str, names: list[str]) -> None:
    assert NAMES.names(text) == names


@pytest.mark.parametrize("text", ["By", "Authors", "No author", "by local government reporter", "Updated 3 hours ago", ""])
def test_text_without_a_name(text: str) -> None:
    assert NAMES.names(text) == []


@pytest.mark.parametrize(
    "name, kind",
    [
        ("Jane Doe", "person"),
        ("Staff", "institutional"),
        ("Reuters", "institutional"),
        ("HLNF Staff", "institutional"),
        ("ABC News", "institutional"),
        ("BWW News Desk", "institutional"),
        ("The Economist", "institutional"),
        ("Associated Press", "institutional"),
    ],
)
def test_author_kind(name: str, kind: str) -> None:
    assert NAMES.kind(name) == kind


@pytest.mark.parametrize(
    "a, b",
    [
        ("Josh Haskell", "JOSH HASKELL"),
        ("T.C. Sottek", "TC Sottek"),
        ("Leah C. Stokes", "Leah Stokes"),
        ("Dana J. Whitfield", "Dana Whitfield"),
        ("José Álvarez", "Jose Alvarez"),
        ("Haskell Josh", "Josh Haskell"),
        ("Perry Bacon Jr.", "Perry Bacon"),
        ("J. Haskell", "Josh Haskell"),
    ],
)
def test_same_person_spelled_differently(a: str, b: str) -> None:
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize(
    "a, b",
    [("Josh Haskell", "David Caplan"), ("Anna Lee", "Anna Kim"), ("Anna Lee", "Brian Lee"), ("Jane Doe", "")],
)
def test_different_people(a: str, b: str) -> None:
    assert not same_person(a, b)


# --- sources -----------------------------------------------------------------------------------

def test_visible_by_line_in_first_paragraph() -> None:
    body = "<article><h1>Storm closes schools</h1><p>By Dana Whitfield and Omar Haddad</p><p>Schools closed.</p></article>"
    assert byline(body=body) == ("person", ["Dana Whitfield", "Omar Haddad"])


def test_by_line_near_the_headline_split_over_elements() -> None:
    body = ("<article><header><h1>Storm closes schools</h1><div><span>By</span><span>by JOSH HASKELL and "
            "DAVID CAPLAN</span></div></header><p>Schools closed on Monday after the storm.</p></article>")
    assert byline(body=body) == ("person", ["JOSH HASKELL", "DAVID CAPLAN"])


def test_byline_element_stops_at_its_date_and_outlet() -> None:
    body = ('<article><h1>Storm</h1><div class="byline"><a href="/author/meg-wagner">Meg Wagner</a>'
            "<span>NEW YORK DAILY NEWS</span><time>Dec 16, 2016</time></div><p>Text.</p></article>")
    assert byline(body=body)[1] == ["Meg Wagner"]


def test_byline_element_with_role_and_link() -> None:
    body = '<article><h1>Storm</h1><p class="byline">By <a rel="author" href="/x">Cy Diaz</a>, staff writer</p></article>'
    a = article(body=body)
    assert ("Cy Diaz", "person") in {
        (x.name, x.kind)
        for x in credited_authors(a.author_candidates)
        if x.where == "rel=author" or x.where == "byline"
    }


def test_itemprop_author() -> None:
    body = (
        '<article><h1>Storm</h1><span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<span itemprop="name">Ann Lee</span></span><p>Text.</p></article>'
    )
    assert byline(body=body) == ("person", ["Ann Lee"])


def test_jsonld_person_and_organization() -> None:
    a = article(head=ld('[{"@type":"Person","name":"Bo Chan"},{"@type":"Organization","name":"Reuters"}]'))
    got = {(x.name, x.where, x.kind) for x in credited_authors(a.author_candidates)}
    assert ("Bo Chan", "json-ld", "person") in got and ("Reuters", "json-ld", "institutional") in got


def test_jsonld_author_by_graph_reference() -> None:
    graph = (
        '{"@context":"https://schema.org","@graph":[{"@type":"Article","author":{"@id":"#p1"}},'
        '{"@type":"Person","@id":"#p1","name":"Florina Ionescu"}]}'
    )
    assert byline(head=JSONLD.format(graph)) == ("person", ["Florina Ionescu"])


def test_broken_jsonld_script_costs_only_itself() -> None:
    head = JSONLD.format("{not json,,") + ld('{"@type":"Person","name":"Bo Chan"}')
    assert byline(head=head) == ("person", ["Bo Chan"])


def test_meta_tags_and_profile_urls() -> None:
    head = (
        '<meta property="article:author" content="https://example.com/by/marc-santora">'
        '<meta property="article:author" content="https://example.com/by/al-baker">'
        '<meta name="parsely-author" content="Marc Santora">'
    )
    assert byline(head=head) == ("person", ["Marc Santora", "Al Baker"])


def test_meta_url_without_a_name_is_not_an_author() -> None:
    assert (
        byline(head='<meta property="article:author" content="https://www.facebook.com/examplenews">')[0] == "missing"
    )


def test_metadata_completes_a_partial_visible_byline() -> None:
    head = '<meta name="author" content="Marc Santora, Al Baker and Adam Goldman">'
    body = '<article><h1>Storm</h1><p><span class="last-byline">Adam Goldman</span></p><p>Text.</p></article>'
    assert byline(head, body)[1] == ["Marc Santora", "Al Baker", "Adam Goldman"]


def test_institution_byline_gives_way_to_a_person_further_down() -> None:
    body = (
        '<article><h1>Storm closes schools</h1><div class="byline">By The Planetary Press</div>'
        "<p><em>Written by: Julie Mollins</em></p><p>Schools closed on Monday.</p></article>"
    )
    assert byline(body=body) == ("person", ["Julie Mollins"])


def test_desk_in_lower_case_is_kept() -> None:
    assert NAMES.names("By Staff and wire reports") == ["Staff", "wire reports"]


def test_site_crediting_itself_is_not_a_byline() -> None:
    head = '<meta property="og:site_name" content="The Economist">' + ld(
        '{"@type":"Organization","name":"The Economist"}'
    )
    assert byline(head=head)[0] == "missing"


def test_outlet_beside_a_person_is_an_affiliation() -> None:
    head = '<meta property="og:site_name" content="CNN">'
    body = "<article><h1>Storm closes schools</h1><p>By Stephen Collinson, CNN</p><p>Text.</p></article>"
    assert byline(head, body)[1] == ["Stephen Collinson"]


@pytest.mark.parametrize(
    "body",
    [
        # comment authors, related-story teasers and author bios are not the byline
        '<article><h1>Storm</h1><p>Text.</p></article><section class="comments"><span class="comment-author">Bob Ray</span></section>',
        '<article><h1>Storm</h1><p>Text.</p></article><aside><span class="author">Eve Moss</span></aside>',
        '<article><h1>Storm</h1><p>Text.</p><div class="author-bio">Eve Moss is a reporter who covers weather.</div></article>',
        # a sentence that happens to open with "By"
        "<article><h1>Storm</h1><p>By Monday evening, officials in three counties had closed every school, "
        "citing the flooding on county roads and the forecast of more rain through the week.</p></article>",
        # a photographer inside a figure is a photo credit
        '<article><h1>Storm</h1><figure><img src="a.jpg"><figcaption><span class="author">Eve Moss</span></figcaption></figure></article>',
    ],
)
def test_not_a_byline(body: str) -> None:
    assert byline(body=body)[0] == "missing"


def test_status_kinds() -> None:
    assert byline(body='<article><h1>S</h1><p class="byline">By Staff</p></article>')[0] == "institutional"
    assert (
        byline(body='<article><h1>S</h1><section class="article-authors"><h2>Authors</h2></section></article>')[0]
        == "empty"
    )
    assert byline(body="<article><h1>S</h1><p>Text.</p></article>")[0] == "missing"


def test_text_article_by_line() -> None:
    a = parse_text(
        "Storm closes schools\n\nBy Dana Whitfield and Omar Haddad\n\nSchools closed on Monday, the district said.\n",
        "a.txt",
        C.layout,
    )
    assert [x.name for x in credited_authors(a.author_candidates)] == ["Dana Whitfield", "Omar Haddad"]


# --- mismatch -----------------------------------------------------------------------------------

VISIBLE = '<article><h1>Storm closes schools</h1><p class="byline">By Dana Whitfield</p><p>Text.</p></article>'


def test_mismatch_when_metadata_names_someone_else() -> None:
    found = facts(ld('{"@type":"Person","name":"Template Author"}'), VISIBLE)
    assert len(found) == 1
    assert found[0].data["visible"] == "Dana Whitfield" and found[0].data["metadata"] == "Template Author"


@pytest.mark.parametrize(
    "head",
    [
        ld('{"@type":"Person","name":"DANA WHITFIELD"}'),  # case
        ld('{"@type":"Person","name":"Dana J. Whitfield"}'),  # middle initial
        ld('{"@type":"Person","name":"Dána Whitfield"}'),  # accent
        '<meta name="author" content="Whitfield, Dana">',  # family name first
        ld('{"@type":"Organization","name":"Reuters"}'),  # an organisation is not a contradiction
        '<meta property="article:author" content="https://www.facebook.com/examplenews">',  # a URL, no name
        ld('[{"@type":"Person","name":"Dana Whitfield"},{"@type":"Person","name":"Omar Haddad"}]'),  # more people
        "",  # no metadata at all
    ],
)
def test_no_mismatch(head: str) -> None:
    assert facts(head, VISIBLE) == []


def test_no_mismatch_without_a_visible_byline() -> None:
    assert facts(ld('{"@type":"Person","name":"Template Author"}'), "<article><h1>S</h1><p>Text.</p></article>") == []
