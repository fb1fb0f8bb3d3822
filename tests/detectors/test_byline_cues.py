"""Bylines beyond the newsroom "By" line: the user who posted a page, a record's responsible
party, an aggregator's provider, a wire agency's bare credit, a newsletter's "with NAME",
the Twitter-card "Written by" pair, links to author and artist pages — each with the pages
where the same words must not count (comments, sidebars, site headers, prose, photo credits)."""

from __future__ import annotations

import pytest

from integrity.api import checker
from integrity.detectors.byline import byline_status, detect
from integrity.parse import parse_html

C = checker()
NAMES = C.layout.names
TEXT = "<p>Schools across three counties closed on Monday after the storm flooded roads and cut power.</p>"


def byline(body: str = "", head: str = "", title: str = "Storm closes schools") -> tuple[str, list[str]]:
    page = f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"
    status, authors = byline_status(parse_html(page, "page.html", C.layout), C.layout)
    return status, [a.name for a in authors]


def article(header: str = "", after: str = "", before: str = "") -> str:
    """A page: ``before`` the headline, ``header`` right under it, the text, then ``after`` it."""
    return f"{before}<article><h1>Storm closes schools</h1>{header}{TEXT}{TEXT}</article>{after}"


# --- user names ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, names",
    [
        ("u/benyacobi", ["u/benyacobi"]),
        ("delta201", ["delta201"]),
        ("By jane_doe", ["jane_doe"]),
        ("Posted by u/benyacobi 4 years ago", ["u/benyacobi"]),
        ("EvilSpark", ["EvilSpark"]),
    ],
)
def test_user_names_are_names(text: str, names: list[str]) -> None:
    assert NAMES.names(text) == names


@pytest.mark.parametrize("text", ["written by hand", "By hand", "Posted by admin", "by local government reporter",
                                  "By Monday"])
def test_lower_case_words_and_days_are_not_user_names(text: str) -> None:
    assert NAMES.names(text) == []


# --- a label on one line, the name on the next --------------------------------------------------

def test_posted_by_above_the_headline() -> None:
    before = '<div>Posted by</div><div><a href="/user/benyacobi/">u/benyacobi</a></div><div>4 years ago</div>'
    assert byline(article(before=before)) == ("person", ["u/benyacobi"])


def test_by_on_its_own_line_under_the_headline() -> None:
    assert byline(article('<div>By</div><div><a href="/x">Chris Thompson</a></div><div>10/13/16</div>')) == \
        ("person", ["Chris Thompson"])


def test_by_before_a_user_name_heading() -> None:
    before = '<h2>Melas</h2><span>by</span><h3><a href="/profile/142450">delta201</a></h3>'
    assert byline(article(before=before)) == ("person", ["delta201"])


@pytest.mark.parametrize(
    "page",
    [
        # a label followed by prose, or by nothing that is a name
        article("<div>By</div><p>the time the storm passed, every school in the county had closed.</p>"),
        article("<div>Posted by</div><div>admin</div>"),
        # a label pair in the comments after a short article
        article(after='<section class="comments"><div>Posted by</div><div>jdoe42</div><p>Great story.</p></section>'),
        article(after="<div><div>Posted by</div><div>jdoe42</div><p>Great story, thanks.</p></div>"),
        # a sponsor is who paid, not who wrote
        article("<div>Sponsor:</div><div>Acme Pharma</div>"),
        # "by" in ordinary prose
        article("<p>Written by hand, the letter arrived Monday.</p>"),
        article("<p>By Monday evening, Jane Doe had left.</p>"),
        article("<p>Created by accident in 1928.</p>"),
    ],
)
def test_labels_that_credit_nobody(page: str) -> None:
    assert byline(page)[0] == "missing"


# --- user name and provider elements -------------------------------------------------------------

def test_username_element_under_the_headline() -> None:
    header = '<div class="username"><a href="/u/EvilSpark">EvilSpark</a></div><div class="date">Apr 27th, 2020</div>'
    assert byline(article(header)) == ("person", ["EvilSpark"])


def test_provider_label_is_an_institutional_byline() -> None:
    header = '<div><span class="provider"><span class="provider-name">Fox Nation</span></span> • October 3, 2016</div>'
    assert byline(article(header)) == ("institutional", ["Fox Nation"])


@pytest.mark.parametrize(
    "page",
    [
        # the signed-in user in the site's header, above the headline
        article(before='<header class="masthead"><a href="/">Daily Planet</a><span class="username">jdoe42</span></header>'),
        # a user name in a sidebar widget, in a comment, in a login form
        article(after='<div class="sidebar"><h3>Top posters</h3><span class="username">jdoe42</span></div>'),
        article(after='<section class="comments"><span class="username">jdoe42</span><p>First!</p></section>'),
        article(after='<form><a class="provider-google" href="/login/google">Google</a></form>'),
        # far below the headline, after the article's text
        article(after="<div>" + "<p>More text in a list.</p>" * 14 + '<span class="username">jdoe42</span></div>'),
        # an empty user name slot is not an empty byline
        article('<span class="username"></span>'),
    ],
)
def test_user_names_and_providers_that_are_not_the_byline(page: str) -> None:
    assert byline(page)[0] == "missing"


def test_byline_and_metadata_win_over_a_user_name() -> None:
    header = '<div class="username">jdoe42</div><p class="byline">By Dana Whitfield</p>'
    assert byline(article(header)) == ("person", ["Dana Whitfield"])
    meta = '<meta name="author" content="Dana Whitfield">'
    assert byline(article('<div class="username">jdoe42</div>'), meta) == ("person", ["Dana Whitfield"])


# --- a wire agency's bare credit line ------------------------------------------------------------

def test_bare_agency_credit_under_the_headline() -> None:
    assert byline(article('<p class="credit">JIJI</p>')) == ("institutional", ["JIJI"])


@pytest.mark.parametrize(
    "page",
    [
        # the lead photo's credit under the headline
        article('<figure><img src="storm.jpg" alt="Flooded road"><figcaption>A flooded road.</figcaption>'
                '<div class="credit">Reuters</div></figure>'),
        article('<img src="storm.jpg" alt="Flooded road" width="800"><p class="credit">Reuters</p>'),
        # an agency named further down, or in a sentence
        article(after="<p>Reuters</p>"),
        article("<p>Reuters reported that schools closed.</p>"),
    ],
)
def test_agency_names_that_are_not_the_credit(page: str) -> None:
    assert byline(page)[0] == "missing"


# --- "with NAME": no built-in person-lead word, so "with" never opens a byline --------------------

@pytest.mark.parametrize("line", ["With Friends like these, who needs enemies?", "With Reuters", "with reporting from Kyiv",
                                  "With Friends"])
def test_with_before_anything_but_a_person(line: str) -> None:
    assert byline(article(f"<p>{line}</p>"))[0] == "missing"


# --- the headline found from "Headline | Site" -----------------------------------------------------

def test_headline_is_a_part_of_the_title() -> None:
    body = "<div class='site'>Daily Planet</div><h2>Storm closes schools</h2><div>By</div><div>Dana Whitfield</div>" + TEXT
    assert byline(body, title="Storm closes schools | Daily Planet") == ("person", ["Dana Whitfield"])


# --- meta label/data pairs -----------------------------------------------------------------------------

def test_twitter_card_written_by() -> None:
    head = '<meta name="twitter:label1" value="Written by"><meta name="twitter:data1" value="Ellyn Shook">'
    assert byline(article(), head) == ("person", ["Ellyn Shook"])


@pytest.mark.parametrize(
    "head",
    [
        '<meta name="twitter:label1" content="Est. reading time"><meta name="twitter:data1" content="12 minutes">',
        '<meta name="twitter:label2" content="Price"><meta name="twitter:data2" content="Jane Doe Edition">',
        # the site crediting itself
        '<meta property="og:site_name" content="FIFPlay"><meta name="twitter:label1" content="Written by">'
        '<meta name="twitter:data1" content="FIFPlay">',
        '<meta property="og:site_name" content="Daily Planet News"><meta name="author" content="Daily Planet News">',
        # the site's name is not its author; nor is a sponsor
        '<meta property="og:site_name" content="Jane Doe Recipes">',
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","headline":"x",'
        '"sponsor":{"@type":"Organization","name":"Acme Pharma"}}</script>',
    ],
)
def test_meta_that_names_no_author(head: str) -> None:
    assert byline(article(), head)[0] == "missing"


# --- links to author, user and artist pages -------------------------------------------------------------

def test_headshot_link_to_an_author_page() -> None:
    header = '<div><a title="Steve LeVine" href="https://www.axios.com/authors/stevelevine/"><img src="a.png" alt=""></a></div>'
    assert byline(article(header)) == ("person", ["Steve LeVine"])


def test_artist_link_under_the_headline_is_one_name() -> None:
    header = '<h2><a href="https://genius.com/artists/Prince-and-the-revolution">Prince and the Revolution</a></h2>'
    assert byline(article(header)) == ("person", ["Prince and the Revolution"])


@pytest.mark.parametrize(
    "page",
    [
        # an artist or a person linked in the article's text, far from the headline
        article(after="<div>" + "<p>More text.</p>" * 14 + '<p><a href="/artists/taylor-swift">Taylor Swift</a></p></div>'),
        # a staff directory link: one plain word that spells its slug
        article('<p><a href="/staff/directory">Directory</a></p>'),
        # links in the navigation
        article(before='<nav><a href="/author/jane-doe">Jane Doe</a></nav>'),
    ],
)
def test_links_that_are_not_the_byline(page: str) -> None:
    assert byline(page)[0] == "missing"


def test_no_mismatch_fact_from_a_user_name() -> None:
    page = ('<html><head><title>Storm closes schools</title><meta name="author" content="Dana Whitfield"></head><body>'
            + article('<div class="username">jdoe42</div>') + "</body></html>")
    found = [f for f in detect(parse_html(page, "page.html", C.layout), C.context) if f.kind == "credit.byline_mismatch"]
    assert found == []
