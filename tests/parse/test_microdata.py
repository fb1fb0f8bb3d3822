"""Microdata read from integrity's own tree by the WHATWG algorithm (itemscope, itemtype, itemid,
itemprop, itemref, values by element), in the shape the structured-data readers use — and what must
not be read: properties outside any item, properties of a nested item, script text, cycles."""

from __future__ import annotations

import gzip
import logging
import time
from pathlib import Path

import pytest

from eval.snapshot import pages
from integrity.api import checker
from integrity.parse import parse_html
from integrity.parse.decode import decode
from integrity.parse.html_tree import build_tree
from integrity.parse.jsonld import nodes
from integrity.parse.microdata import read_items
from integrity.sources.document import InputError

C = checker()


def items(markup: str) -> list:  # type: ignore[type-arg]
    return read_items(build_tree(markup).root)


# --- items and their shape -------------------------------------------------------------------------

def test_an_article_with_a_nested_author() -> None:
    got = items(
        '<article itemscope itemtype="https://schema.org/NewsArticle" itemid="https://example.com/storm">'
        '<h1 itemprop="headline">Storm closes schools</h1>'
        '<p class="byline">By <span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<a itemprop="url" href=" /by/ann-lee "><span itemprop="name">Ann Lee</span></a></span></p>'
        "<p>The council met on Monday.</p></article>"
    )
    assert got == [{
        "@type": "NewsArticle", "@context": "https://schema.org", "id": "https://example.com/storm",
        "headline": "Storm closes schools",
        "author": {"@type": "Person", "url": "/by/ann-lee", "name": "Ann Lee"},  # the link's href, the name's text
    }]


def test_types_contexts_and_untyped_items() -> None:
    got = items(
        '<div itemscope itemtype="Person"><b itemprop="name">A</b></div>'
        '<div itemscope itemtype="http://data-vocabulary.org/Breadcrumb"><b itemprop="title">B</b></div>'
        '<div itemscope itemtype="https://schema.org/Person https://schema.org/Patient"><b itemprop="name">C</b></div>'
        '<div itemscope itemid="ignored-without-a-type"><b itemprop="name">D</b>'
        '<i itemprop="knows" itemscope itemtype="https://schema.org/Person"><b itemprop="name">E</b></i></div>'
        '<div itemscope itemtype="https://schema.org/WPFooter">Contact us</div>'
    )
    assert got == [
        {"@type": "Person", "@context": "http://schema.org", "name": "A"},
        {"@type": "Breadcrumb", "@context": "http://data-vocabulary.org", "title": "B"},
        {"@type": ["https://schema.org/Person", "https://schema.org/Patient"], "@context": "http://schema.org", "name": "C"},
        {"properties": {"name": "D", "knows": {"@type": "Person", "name": "E"}}},  # the nested item flat like the rest
        {"@type": "WPFooter", "@context": "https://schema.org", "value": "Contact us"},
    ]


def test_values_by_element() -> None:
    (item,) = items(
        '<div itemscope itemtype="https://schema.org/VideoObject">'
        '<meta itemprop="uploadDate" content="2024-05-01">'
        '<img itemprop="thumbnailUrl" src="\n /t.jpg\t" alt="Storm">'
        '<video itemprop="contentUrl" src="/v.mp4"></video><audio itemprop="audio" src="/a.mp3"></audio>'
        '<embed itemprop="embedUrl" src="/e"><iframe itemprop="iframe" src="/f"></iframe>'
        '<source itemprop="source" src="/s"><track itemprop="caption" src="/c.vtt">'
        '<a itemprop="url" href="/watch">Watch</a><area itemprop="area" href="/map"><link itemprop="license" href="/cc">'
        '<object itemprop="object" data="/o.swf"></object>'
        '<data itemprop="duration" value="PT1M">one minute</data><meter itemprop="rating" value="4">4/5</meter>'
        '<time itemprop="datePublished" datetime="2024-05-02">May 2</time><time itemprop="dateModified">May 3</time>'
        '<time itemprop="expires" content="2025-01-01">next year</time>'
        '<span itemprop="name" content="Storm, in full">Storm</span>'
        '<p itemprop="description">A <b>storm</b> closes<br>schools.</p>'
        "</div>"
    )
    assert item == {
        "@type": "VideoObject", "@context": "https://schema.org",
        "uploadDate": "2024-05-01", "thumbnailUrl": "/t.jpg", "contentUrl": "/v.mp4", "audio": "/a.mp3",
        "embedUrl": "/e", "iframe": "/f", "source": "/s", "caption": "/c.vtt",
        "url": "/watch", "area": "/map", "license": "/cc", "object": "/o.swf",
        "duration": "PT1M", "rating": "4",
        "datePublished": "2024-05-02",
        "dateModified": "May 3",  # a time without datetime: its text
        "expires": "2025-01-01",  # content= where the element has no value of its own
        "name": "Storm, in full",
        "description": "A storm closes schools.",
    }


def test_several_names_repeated_names_and_several_values() -> None:
    (item,) = items(
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<span itemprop="author creator author">Ann Lee</span><span itemprop="author">Bo Chan</span>'
        '<span itemprop="">nameless</span><span itemprop="  ">blank</span></div>'
    )
    assert item == {"@type": "NewsArticle", "@context": "https://schema.org",
                    "author": ["Ann Lee", "Bo Chan"], "creator": "Ann Lee"}


def test_text_values_read_as_the_page_reads() -> None:
    (item,) = items(
        '<div itemscope itemtype="https://schema.org/ImageObject">'
        '<figcaption itemprop="caption"><span class="drop">H</span>ong Kong at night.<div>Photo:\n   Jo Ng</div>'
        "<script>var credit = 'tracking';</script><style>.x{}</style></figcaption>"
        '<span itemprop="creditText">\u00a0Jo\u00a0Ng </span></div>'
    )
    assert item["caption"] == "Hong Kong at night. Photo: Jo Ng"
    assert item["creditText"] == "Jo Ng"


# --- itemref -------------------------------------------------------------------------------------------

def test_itemref_adds_properties_in_tree_order() -> None:
    (item,) = items(
        '<p id="by">By <span itemprop="author">Ann Lee</span></p>'
        '<div itemscope itemtype="https://schema.org/NewsArticle" itemref="by missing foot">'
        '<h1 itemprop="headline">Storm</h1><span itemprop="author">Bo Chan</span></div>'
        '<footer id="foot"><span itemprop="publisher">Example News</span></footer>'
    )
    assert item == {"@type": "NewsArticle", "@context": "https://schema.org",
                    "author": ["Ann Lee", "Bo Chan"], "headline": "Storm", "publisher": "Example News"}


def test_an_item_two_items_refer_to_is_in_both() -> None:
    # the referred author precedes the articles: extruct read it as an item of its own and gave the
    # articles null
    got = items(
        '<div id="ann" itemprop="author" itemscope itemtype="https://schema.org/Person"><b itemprop="name">Ann Lee</b></div>'
        '<article itemscope itemtype="https://schema.org/NewsArticle" itemref="ann"><h1 itemprop="headline">One</h1></article>'
        '<article itemscope itemtype="https://schema.org/NewsArticle" itemref="ann"><h1 itemprop="headline">Two</h1></article>'
    )
    author = {"@type": "Person", "name": "Ann Lee"}
    assert got == [
        {"@type": "NewsArticle", "@context": "https://schema.org", "author": author, "headline": "One"},
        {"@type": "NewsArticle", "@context": "https://schema.org", "author": author, "headline": "Two"},
    ]


def test_itemref_to_an_item_does_not_take_that_items_properties() -> None:
    # a breadcrumb trail chained with itemref (a real page's markup): each crumb keeps its own
    got = items(
        '<ol><li id="c0" itemscope itemtype="http://data-vocabulary.org/Breadcrumb" itemref="c1">'
        '<a href="/" itemprop="url"><span itemprop="title">Home</span></a></li>'
        '<li id="c1" itemscope itemtype="http://data-vocabulary.org/Breadcrumb">'
        '<a href="/news" itemprop="url"><span itemprop="title">News</span></a></li></ol>'
    )
    assert [(i["url"], i["title"]) for i in got] == [("/", "Home"), ("/news", "News")]


def test_itemref_cycles_and_references_to_an_ancestor_end() -> None:
    got = items(
        '<div id="a" itemscope itemtype="https://schema.org/NewsArticle" itemref="b"><i itemprop="headline">Storm</i>'
        '<div id="inner" itemprop="about">schools</div></div>'
        '<div id="b" itemprop="author" itemscope itemtype="https://schema.org/Person" itemref="c a"><b itemprop="name">Ann</b></div>'
        '<div id="c" itemprop="knows" itemscope itemtype="https://schema.org/Person" itemref="b"><b itemprop="name">Bo</b></div>'
        '<div itemscope itemtype="https://schema.org/WebPage" itemref="self"><p id="self" itemref="self">'
        '<span itemprop="name">Page</span></p></div>'
    )
    article, page = got
    assert article["headline"] == "Storm" and article["about"] == "schools"
    assert article["author"]["name"] == "Ann" and article["author"]["knows"]["name"] == "Bo"
    assert "author" not in article["author"]["knows"]  # the cycle back to Ann is cut
    assert page == {"@type": "WebPage", "@context": "https://schema.org", "name": "Page"}
    seen = list(nodes(got))
    assert len(seen) == 4


# --- what is not read ------------------------------------------------------------------------------------

def test_properties_outside_any_item_are_not_read() -> None:
    assert items('<p class="byline">By <span itemprop="author">Ann Lee</span></p><meta itemprop="name" content="X">') == []
    got = items(
        '<span itemprop="author">Ann Lee</span>'
        '<div itemscope itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">Storm</h1></div>'
        '<span itemprop="publisher">Example News</span>'
    )
    assert got == [{"@type": "NewsArticle", "@context": "https://schema.org", "headline": "Storm"}]


def test_a_nested_items_properties_stay_in_it() -> None:
    article, person = items(
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<div itemprop="publisher" itemscope itemtype="https://schema.org/Organization"><b itemprop="name">Example News</b>'
        '<div itemscope itemtype="https://schema.org/Person"><b itemprop="name">Not the author</b></div></div></div>'
    )
    assert article == {"@type": "NewsArticle", "@context": "https://schema.org",
                       "publisher": {"@type": "Organization", "name": "Example News"}}
    assert person == {"@type": "Person", "@context": "https://schema.org", "name": "Not the author"}  # an item of its own


def test_itemtype_without_itemscope_makes_no_item() -> None:
    assert items('<div itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">Storm</h1></div>') == []


def test_an_item_that_belongs_to_no_item_is_read_on_its_own() -> None:
    # a template that forgot the outer itemscope, and a reply whose itemprop is empty (real pages)
    got = items(
        '<div class="post" itemprop="blogPost" itemscope itemtype="http://schema.org/BlogPosting">'
        '<h3 itemprop="name">Storm</h3><span itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<span itemprop="name">Ann Lee</span></span></div>'
        '<div itemprop="" itemscope itemtype="https://schema.org/UserComments"><p itemprop="commentText">First</p>'
        '<div itemprop="" itemscope itemtype="https://schema.org/UserComments"><p itemprop="commentText">Reply</p></div></div>'
    )
    assert got == [
        {"@type": "BlogPosting", "@context": "http://schema.org", "name": "Storm", "author": {"@type": "Person", "name": "Ann Lee"}},
        {"@type": "UserComments", "@context": "https://schema.org", "commentText": "First"},
        {"@type": "UserComments", "@context": "https://schema.org", "commentText": "Reply"},
    ]


# --- through the HTML parser -------------------------------------------------------------------------------

def test_the_page_author_comes_from_microdata() -> None:
    page = (
        "<html><head><title>Storm</title></head><body>"
        '<article itemscope itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">Storm closes schools</h1>'
        '<div itemprop="author" itemscope itemtype="https://schema.org/Person"><meta itemprop="name" content="Ann Lee"></div>'
        '<span itemprop="creator">Bo Chan</span><p>The council met on Monday.</p></article>'
        '<p itemprop="author">Cy Dee</p></body></html>'
    )
    a = parse_html(page, "page.html", C.layout)
    assert [(c.author.name, c.author.where) for c in a.author_candidates if c.author.where == "microdata"] == [
        ("Ann Lee", "microdata"), ("Bo Chan", "microdata")
    ]


def test_an_image_credit_from_microdata() -> None:
    page = (
        '<html><body><figure itemscope itemtype="https://schema.org/ImageObject">'
        '<img itemprop="contentUrl" src="/img/storm.jpg" alt="Flooded road">'
        '<figcaption itemprop="caption">A flooded road.</figcaption><meta itemprop="creditText" content="Jo Ng/Reuters">'
        "</figure><p>The council met on Monday.</p></body></html>"
    )
    a = parse_html(page, "page.html", C.layout, base_url="https://example.com/news/storm")
    assert [i.metadata_credit for i in a.images] == ["Jo Ng/Reuters"]


# --- hostile pages ------------------------------------------------------------------------------------------

def test_deep_nesting_exhausts_no_stack() -> None:
    n = 60_000
    start = time.perf_counter()
    deep_items = '<div itemscope itemtype="https://schema.org/Thing">' + '<div itemprop="part" itemscope>' * n + "</div>" * (n + 1)
    assert items(deep_items) == []  # over the object budget: nothing rather than a partial chain
    deep_text = '<div itemscope itemtype="https://schema.org/Thing"><p itemprop="name">' + "<b>" * n + "Storm" + "</b>" * n + "</p></div>"
    assert items(deep_text) == [{"@type": "Thing", "@context": "https://schema.org", "name": "Storm"}]
    nested_props = '<div itemscope itemtype="https://schema.org/Thing">' + '<span itemprop="name">a' * 20_000 + "</div>"
    assert items(nested_props) == []  # every value walks the rest: over the visit budget
    assert time.perf_counter() - start < 10.0


def test_itemref_fan_out_and_cycles_stay_bounded() -> None:
    start = time.perf_counter()
    fan = '<div id="big">' + '<p itemprop="name">x</p>' * 10_000 + "</div>" + '<div itemscope itemref="big"></div>' * 2_000
    assert items(fan) == []
    ring = "".join(
        f'<div id="i{i}" itemprop="next" itemscope itemref="i{(i + 1) % 3000} i{(i + 7) % 3000}"></div>' for i in range(3000)
    )
    (item,) = items(ring + '<div itemscope itemref="i0"></div>')
    assert len(list(nodes([item]))) <= 2 * 3000 + 2  # each item once ({"properties": …} is a node too)
    assert time.perf_counter() - start < 5.0


def test_a_page_of_many_small_items_is_read_whole() -> None:
    page = "".join(
        f'<li itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" href="/{i}">'
        f'<span itemprop="name">Item {i}</span></a><meta itemprop="position" content="{i}"></li>'
        for i in range(5_000)
    )
    got = items(f"<ul>{page}</ul>")
    assert len(got) == 5_000 and got[-1] == {"@type": "ListItem", "@context": "https://schema.org", "item": "/4999",
                                          "name": "Item 4999", "position": "4999"}


# --- the corpus -------------------------------------------------------------------------------------------------

def _page(root: Path, rel: str) -> str:
    path = root / rel
    if path not in pages(root):
        pytest.skip(f"{rel} is not among the corpus pages")
    return decode(gzip.decompress(path.read_bytes()))


def test_a_real_article_item(shared: Path) -> None:
    (article,) = items(_page(shared / "corpora" / "articles", "readability/cnet.html.gz"))
    assert article["@type"] == "Article" and article["author"]["name"] == "Steven Musil"
    assert article["publisher"] == {"@type": "Organization", "name": "CNET", "logo": {
        "@type": "ImageObject", "url": "https://cnet1.cbsistatic.com/fly/bundles/cnetcore/images/logos/cnet-redball-large.jpg"}}
    assert article["author"]["datePublished"] == "2017-01-18T23:00:00-0800"  # <time content=…>, empty in extruct


def test_no_corpus_page_runs_out_of_the_budget(shared: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The budgets bound hostile pages only: every corpus page with microdata is read whole."""
    root = shared / "corpora" / "articles"
    read = typed = 0
    with caplog.at_level(logging.DEBUG, logger="integrity.parse.microdata"):
        for path in pages(root):
            data = gzip.decompress(path.read_bytes())
            if b"itemscope" not in data.lower():
                continue
            try:
                tree = build_tree(decode(data))
            except InputError:  # a page integrity itself refuses (a wrong charset)
                continue
            got = read_items(tree.root)
            read += 1
            typed += any("@type" in n for n in nodes(got))
    assert read >= 200 and typed >= 200
    assert not [r for r in caplog.records if "budget" in r.getMessage()]
