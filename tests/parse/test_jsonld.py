"""JSON-LD scripts read with the standard library: strict JSON, plus the few tolerances real pages
need (control characters, CDATA wrappers, JavaScript comments and trailing commas) — and what is
still not read: other script types, other syntaxes, a script broken in any other way."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from eval.snapshot import pages
from integrity.api import checker
from integrity.parse import parse_html
from integrity.parse.decode import decode
from integrity.parse.html_tree import build_tree
from integrity.parse.jsonld import nodes, read_jsonld, types_of
from integrity.sources.document import InputError

C = checker()
ARTICLE = (
    '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm closes schools",\n'
    ' "author": {"@type": "Person", "name": "Ann Lee"}, "url": "https://example.com/a//b"}'
)
READ = [{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Storm closes schools",
         "author": {"@type": "Person", "name": "Ann Lee"}, "url": "https://example.com/a//b"}]


def test_a_strict_script_is_read_as_it_is() -> None:
    assert read_jsonld(ARTICLE) == READ
    assert read_jsonld("  \n" + ARTICLE + "\n  ") == READ


def test_a_top_level_list_gives_its_non_empty_members() -> None:
    assert read_jsonld('[{"@type": "WebSite", "name": "Example News"}, {}, null, ' + ARTICLE + "]") == [
        {"@type": "WebSite", "name": "Example News"}, *READ
    ]


@pytest.mark.parametrize("text", ["", "   ", "{}", "[]", '"NewsArticle"', "42", "null"])
def test_nothing_to_read(text: str) -> None:
    assert read_jsonld(text) == []


def test_control_characters_inside_strings() -> None:
    # a description pasted with its tab and line break, as three corpus pages carry them
    got = read_jsonld('{"@type": "NewsArticle", "description": "Line one\n\tline two"}')
    assert got == [{"@type": "NewsArticle", "description": "Line one\n\tline two"}]


@pytest.mark.parametrize(
    "wrapped",
    [
        "<![CDATA[\n        " + ARTICLE + "\n        ]]>",  # the form of the 26 corpus scripts
        "//<![CDATA[\n" + ARTICLE + "\n//]]>",
        "/*<![CDATA[*/\n" + ARTICLE + "\n/*]]>*/",
        "<![CDATA[" + ARTICLE,  # never closed
    ],
)
def test_a_cdata_wrapper(wrapped: str) -> None:
    assert read_jsonld(wrapped) == READ


def test_javascript_comments() -> None:
    # a type commented out in place, as a corpus page has it; "//" inside the URL string stays
    text = ARTICLE.replace('"@type": "NewsArticle",', '"@type": "NewsArticle", //"Article",\n /* the byline */')
    assert read_jsonld(text) == READ


def test_trailing_commas() -> None:
    text = '{"@type": "NewsArticle", "keywords": ["Storm", "Schools", ], "about": "a,]b",\n}'
    assert read_jsonld(text) == [{"@type": "NewsArticle", "keywords": ["Storm", "Schools"], "about": "a,]b"}]


@pytest.mark.parametrize(
    "text",
    [
        "{'@type': 'NewsArticle', 'headline': 'Storm'}",  # single quotes: JavaScript, not JSON
        '{"@type": "NewsArticle", "headline": "The "storm" of the year"}',  # an unescaped quote
        '{ &#34;@type&#34;: &#34;NewsArticle&#34; }',  # entity-escaped by a template
        '{"@type": "NewsArticle"}, {"@type": "WebSite"}',  # two objects: no corpus script does this
        "<!--\n" + ARTICLE + "\n-->",  # an HTML comment wrapper: no corpus script has one
        '[{"@type": "BreadcrumbList"}];',  # a statement's semicolon
        "Storm closes schools\n5\n1",  # not JSON at all
        '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Ann Lee"}}}',  # one brace too many
    ],
)
def test_a_script_broken_otherwise_is_not_read(text: str) -> None:
    assert read_jsonld(text) == []


def test_a_broken_script_costs_only_itself_and_other_script_types_are_not_read() -> None:
    page = (
        "<html><head><title>Storm</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "Bo Chan"},,}</script>'
        '<script type="application/json">{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Cy Dee"}}</script>'
        '<script>{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Di Eng"}}</script>'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Ann Lee"}}</script>'
        "</head><body><p>Text.</p></body></html>"
    )
    a = parse_html(page, "page.html", C.layout)
    assert [c.author.name for c in a.author_candidates if c.author.where == "json-ld"] == ["Ann Lee"]


# --- hostile scripts ------------------------------------------------------------------------------

def test_nesting_deeper_than_the_json_scanner_goes() -> None:
    assert read_jsonld("[" * 200_000 + "]" * 200_000) == []
    assert read_jsonld("<![CDATA[" + "{\"a\": " * 200_000) == []


def test_huge_scripts_cost_little() -> None:
    start = time.perf_counter()
    big = read_jsonld('{"@type": "NewsArticle", "articleBody": "' + "word " * 2_000_000 + '"}')
    assert types_of(big[0]) == ("NewsArticle",)
    for broken in ('{"a": "' + "x, // /* " * 1_000_000, '"' * 3_000_001, "<![CDATA[" + "/*" * 1_000_000, "," + " " * 5_000_000):
        assert read_jsonld(broken) == []
    assert read_jsonld('["' + '", "'.join(["x"] * 100_000) + '",]')[-1] == "x"  # the lenient pass under its bound
    assert time.perf_counter() - start < 3.0


def test_a_shared_node_is_walked_once() -> None:
    person = {"@type": "Person", "name": "Ann Lee"}
    items = [{"@type": "NewsArticle", "author": person, "creator": person}, [person]]
    assert [n["@type"] for n in nodes(items)] == ["NewsArticle", "Person"]


# --- the corpus -------------------------------------------------------------------------------------

def test_cdata_wrapped_scripts_of_real_pages(shared: Path) -> None:
    """The 19 corpus pages whose JSON-LD sits in a CDATA wrapper: each script now gives its items."""
    root = shared / "corpora" / "articles"
    wrapped = 0
    for path in pages(root):
        if not path.parts[-2] == "readability":
            continue
        try:
            tree = build_tree(decode(gzip.decompress(path.read_bytes())))
        except InputError:  # a page integrity itself refuses (a wrong charset)
            continue
        for el in tree.elements:
            if el.tag == "script" and "ld+json" in el.get("type") and el.text_content().lstrip().startswith("<![CDATA["):
                wrapped += 1
                assert read_jsonld(el.text_content()), path.name
    if not wrapped:
        pytest.skip("the readability pages are not in ../shared")
    assert wrapped == 26
