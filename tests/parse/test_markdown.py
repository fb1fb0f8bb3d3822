"""Markdown articles: front matter, prose blocks, images and shortcodes, every piece located in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

import integrity
from integrity.model import Article, Text
from integrity.parse import Layout
from integrity.parse.markdown import parse_markdown
from integrity.pipeline import Checker

YAML_ARTICLE = """\
---
title: "Council approves budget"
date: 2025-11-03T17:30:00Z
authors:
  - Dana Whitfield
  - name: Sam Okafor
image: /images/council.jpg
caption: Council members vote.
credit: "Photo: Ann Lee"
tags: [experts say, reports suggest]
---

The council approved the budget on Monday, according to the meeting record.

```
Reports suggest a fenced code block is prose.
```

    Experts say an indented code block is prose.

{{< highlight text >}}
Observers say highlighted code is prose.
{{< /highlight >}}

{{< figure src="/images/street.jpg" alt="A street" caption="Water on the road." attr="Photo: Ann Lee" >}}

![A gauge in brown water](gauge.jpg "The gauge at the bank")

*Photo: Sam Okafor*
"""

TOML_ARTICLE = """\
+++
title = "Floodwater closes the road"
date = 2025-11-05T08:00:00Z
authors = ["Priya Nair"]
+++

The road stayed closed, the city said.
"""


@pytest.fixture(scope="module")
def layout() -> Layout:
    return Checker().layout


def _at(source: str, text: Text) -> str:
    """The file's characters a located text spans."""
    return source[text.map.start(0) : text.map.end(len(text.text))]


def _parse(source: str, layout: Layout) -> Article:
    return parse_markdown(source, "a.md", layout)


def test_yaml_front_matter_gives_title_date_and_located_authors(layout: Layout) -> None:
    a = _parse(YAML_ARTICLE, layout)
    assert a.kind == "markdown" and a.title == "Council approves budget" and a.published == "2025-11-03T17:30:00+00:00"
    names = [(c.author.name, c.author.where, c.source) for c in a.author_candidates]
    assert names == [("Dana Whitfield", "front-matter", "structured"), ("Sam Okafor", "front-matter", "structured")]
    for c in a.author_candidates:
        span = c.author.span
        assert span is not None and YAML_ARTICLE[span.offset : span.end_offset] == c.author.name


def test_toml_front_matter(layout: Layout) -> None:
    a = _parse(TOML_ARTICLE, layout)
    assert a.title == "Floodwater closes the road" and a.published == "2025-11-05T08:00:00+00:00"
    (c,) = a.author_candidates
    assert c.author.name == "Priya Nair" and c.author.span is not None
    assert (c.author.span.line, c.author.span.column) == (4, 13)
    assert TOML_ARTICLE[c.author.span.offset : c.author.span.end_offset] == "Priya Nair"


def test_code_and_front_matter_keys_are_not_body_text(layout: Layout) -> None:
    a = _parse(YAML_ARTICLE, layout)
    text = " ".join(b.text for b in a.blocks)
    for not_prose in ("code block", "highlighted code", "authors", "tags", "experts say", "reports suggest", "date"):
        assert not_prose not in text.casefold(), not_prose
    body = [b.text for b in a.blocks if b.in_body and b.kind == "paragraph"]
    assert body == ["The council approved the budget on Monday, according to the meeting record."]


def test_images_with_alt_caption_and_credit_located(layout: Layout) -> None:
    a = _parse(YAML_ARTICLE, layout)
    featured, figure, inline = a.images
    assert (featured.src, featured.context) == ("/images/council.jpg", "figure")  # a caption: themes print it
    assert featured.caption is not None and _at(YAML_ARTICLE, featured.caption) == "Council members vote."
    assert featured.credit is not None and _at(YAML_ARTICLE, featured.credit) == "Photo: Ann Lee"
    assert (figure.src, figure.context) == ("/images/street.jpg", "figure")
    assert [_at(YAML_ARTICLE, t) for t in (figure.alt, figure.caption, figure.credit)] == [  # type: ignore[arg-type]
        "A street", "Water on the road.", "Photo: Ann Lee"]
    assert figure.span is not None and YAML_ARTICLE[figure.span.offset : figure.span.end_offset].startswith("{{< figure")
    assert (inline.src, inline.context) == ("gauge.jpg", "inline")
    assert inline.alt is not None and _at(YAML_ARTICLE, inline.alt) == "A gauge in brown water"
    assert inline.caption is not None and _at(YAML_ARTICLE, inline.caption) == "The gauge at the bank"
    assert inline.credit is not None and _at(YAML_ARTICLE, inline.credit) == "Photo: Sam Okafor"
    assert inline.span is not None
    assert YAML_ARTICLE[inline.span.offset : inline.span.end_offset] == (
        '![A gauge in brown water](gauge.jpg "The gauge at the bank")')


def test_a_featured_image_without_caption_is_a_page_image(layout: Layout) -> None:
    a = _parse("---\nimages: [/a.jpg, /b.jpg]\n---\n\nText.\n", layout)
    assert [(i.src, i.context) for i in a.images] == [("/a.jpg", "meta"), ("/b.jpg", "meta")]


def test_escapes_and_entities_map_to_what_was_written(layout: Layout) -> None:
    src = "Observers say *it* will \\*snow\\* &amp; [sleet](https://example.org/x).\n"
    (b,) = _parse(src, layout).blocks
    assert b.text == "Observers say it will *snow* & sleet."
    i = b.text.index("*snow*")
    assert src[b.content.map.start(i) : b.content.map.end(i + 6)] == "\\*snow\\*"
    i = b.text.index("&")
    assert src[b.content.map.start(i) : b.content.map.end(i + 1)] == "&amp;"
    (link,) = b.links
    assert (link.href, b.text[link.start : link.end]) == ("https://example.org/x", "sleet")


def test_a_file_without_front_matter_and_a_thematic_break(layout: Layout) -> None:
    src = "Para one.\n\n---\n\nPara two.\n"
    a = _parse(src, layout)
    assert [b.text for b in a.blocks] == ["Para one.", "Para two."] and a.author_candidates == ()


def test_invalid_front_matter_is_an_error_and_the_body_is_still_checked() -> None:
    src = "---\ntitle: [unclosed\n---\n\nExperts say it will rain.\n"
    report = integrity.check(src.encode(), kind="markdown")
    assert report.ok
    assert [e.code for e in report.errors] == ["input.front-matter"]
    assert report.errors[0].location is not None and report.errors[0].location.line == 1
    assert "claim/vague-source" in {f.rule_id for f in report.findings}


def test_an_author_in_front_matter_is_the_byline() -> None:
    with_author = integrity.check(b"---\nauthor: Dana Whitfield\n---\n\nThe council met, its clerk said.\n", kind="markdown")
    assert "credit/missing-byline" not in {f.rule_id for f in with_author.findings}
    assert [a.name for a in with_author.document.authors] == ["Dana Whitfield"]
    without = integrity.check(b"---\ntitle: A story\n---\n\nThe council met, its clerk said.\n", kind="markdown")
    assert "credit/missing-byline" in {f.rule_id for f in without.findings}


def test_a_by_line_in_the_body_is_a_byline_too() -> None:
    report = integrity.check(b"# Council meets\n\nBy Dana Whitfield\n\nThe council met, its clerk said.\n", kind="markdown")
    assert "credit/missing-byline" not in {f.rule_id for f in report.findings}


def test_md_files_are_markdown_by_suffix(tmp_path: Path) -> None:
    for name in ("a.md", "b.markdown"):
        (tmp_path / name).write_text("---\nauthor: Ann Lee\n---\n\n# Hello\n\nIt rained, the agency said.\n")
        report = integrity.check(tmp_path / name)
        assert report.document.kind == "markdown" and report.document.title == "Hello"


def _misplaced(source: str, article: Article) -> list[str]:
    """Runs of extracted text that do not map to the same characters in the file (white space aside),
    and text that could not be placed at all."""
    texts = [b.content for b in article.blocks] + [t for i in article.images for t in (i.alt, i.caption, i.credit) if t]
    bad = []
    for content in texts:
        runs = content.map.runs
        for k, (t0, s0, s1) in enumerate(runs):
            t1 = runs[k + 1][0] if k + 1 < len(runs) else content.map.length
            piece = content.text[t0:t1]
            if s1 - s0 == t1 - t0 and source[s0:s1] != piece and not piece.isspace():
                bad.append(f"{piece!r} maps to {source[s0:s1]!r}")
            if s1 == s0 and t1 > t0:
                bad.append(f"{piece!r} is not placed")
    return bad


def test_the_projects_own_markdown_maps_back_to_the_file(layout: Layout) -> None:
    """Real Markdown (this repository's README and docs: tables, inline code over line breaks, escaped
    brackets inside links, nested lists): every character of every block is where the file has it."""
    from tests.conftest import ROOT

    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "fixtures" / "hugo-site").rglob("*.md"))]
    bad = []
    for page in pages:
        source = page.read_text(encoding="utf-8")
        bad += [f"{page.name}: {m}" for m in _misplaced(source, parse_markdown(source, page.name, layout))]
    assert not bad, "\n".join(bad[:20])


_PIECES = ["word", "Experts say", "\\*", "\\[x\\]", "&amp;", "&#233;", "*em*", "**strong**", "_u_", "`code`",
           "[link](https://example.org/a \"t\")", "[ref][r]", "[\\[x\\] y](https://example.org/b)", "`a\nb`",
           "<https://example.org>", "![alt *x*](a.jpg \"cap\")",
           "<!-- c -->", "<b>b</b>", "{{< figure src=\"a.jpg\" caption=\"c\" >}}", "~~s~~", ",", ".", "*", "_", "\\"]
_LEADS = ["", "", "", "- ", "1. ", "> ", "# ", "  ", "| "]


def test_random_markdown_maps_back_to_the_file(layout: Layout) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    line = st.tuples(st.sampled_from(_LEADS), st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6))
    doc = st.lists(st.tuples(line, st.sampled_from(["\n", "\n\n"])), min_size=1, max_size=8)

    @settings(max_examples=300, deadline=None, database=None)
    @given(doc)
    def check(lines: list[tuple[tuple[str, list[str]], str]]) -> None:
        source = "".join(lead + " ".join(pieces) + end for (lead, pieces), end in lines) + "\n[r]: https://example.org/r\n"
        assert not _misplaced(source, parse_markdown(source, "x.md", layout)), source

    check()


JEKYLL = """\
---
layout: post
title: Tide tables
author:
  name: Ana Ruiz
---

{% include figure.html image_path="/assets/tide.jpg" alt="The harbour at low tide" caption="Low tide on Sunday." %}

{% image "./img/gauge.jpg", "A tide gauge" %}

{% highlight ruby %}
Experts say Liquid code is prose.
{% endhighlight %}

The harbour office said the tables are {{ site.tide_note }} correct.
"""


def test_liquid_tags_figures_and_code(layout: Layout) -> None:
    a = _parse(JEKYLL, layout)
    assert [(c.author.name, c.cue) for c in a.author_candidates] == [("Ana Ruiz", "author")]
    include, eleventy = a.images
    assert (include.src, include.context) == ("/assets/tide.jpg", "figure")
    assert include.alt is not None and _at(JEKYLL, include.alt) == "The harbour at low tide"
    assert include.caption is not None and _at(JEKYLL, include.caption) == "Low tide on Sunday."
    assert eleventy.src == "./img/gauge.jpg" and eleventy.alt is not None and _at(JEKYLL, eleventy.alt) == "A tide gauge"
    body = [b.text for b in a.blocks if b.kind == "paragraph"]
    assert body == ["The harbour office said the tables are correct."]  # no Liquid code, no {{ output }}


RAW_HTML = """\
Intro, the agency said. <img src="/i/inline.jpg" alt="inline one"> more.

<figure>
  <img src="/i/fig.jpg" alt="A figure">
  <figcaption>The caption. <span class="credit">Photo: Bo Li</span></figcaption>
</figure>

<div class="note"><p>Experts say raw HTML prose is checked.</p></div>

<script>var claim = "Reports suggest scripts are prose";</script>
"""


def test_raw_html_images_and_blocks_are_read_in_place(layout: Layout) -> None:
    a = _parse(RAW_HTML, layout)
    inline, figure = a.images
    assert inline.span is not None and RAW_HTML[inline.span.offset : inline.span.end_offset] == (
        '<img src="/i/inline.jpg" alt="inline one">')
    assert figure.context == "figure" and figure.alt is not None and _at(RAW_HTML, figure.alt) == "A figure"
    assert figure.credit is not None and _at(RAW_HTML, figure.credit) == "Photo: Bo Li"
    paragraphs = [b.text for b in a.blocks if b.kind == "paragraph"]
    assert paragraphs == ["Intro, the agency said. more.", "Experts say raw HTML prose is checked."]  # no script
    assert not _misplaced(RAW_HTML, a)


def test_crlf_and_a_byte_order_mark(layout: Layout) -> None:
    source = "\ufeff" + YAML_ARTICLE.replace("\n", "\r\n")
    a = _parse(source, layout)
    assert a.title == "Council approves budget" and [c.author.name for c in a.author_candidates] == ["Dana Whitfield", "Sam Okafor"]
    assert [b.text for b in a.blocks if b.kind == "paragraph"] == [
        "The council approved the budget on Monday, according to the meeting record."]
    assert not _misplaced(source, a)
    (c, _) = a.author_candidates
    assert c.author.span is not None and source[c.author.span.offset : c.author.span.end_offset] == "Dana Whitfield"
