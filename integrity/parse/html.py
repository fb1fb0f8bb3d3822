"""HTML articles: blocks with sentences, images with alt/caption/credit, bylines, dates.

One iterative walk over the offset-keeping tree. Text is gathered per block
element (p, h1–h6, li, figcaption …) with white space collapsed and every
character mapped back to the file. Regions that are not the article body
(nav, footer, aside, "related" boxes) are marked ``in_body=False``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import repeat
from typing import Any

from ..locations import LineIndex, OffsetMap, OffsetMapBuilder
from ..model import (
    Article,
    Author,
    AuthorCandidate,
    Block,
    BlockKind,
    Comment,
    CreditSlot,
    IgnoredElement,
    ImageRef,
    Link,
    ManifestReference,
    Text,
    VideoRef,
)
from . import bylines, jsonld, microdata, photo_credits, rdfa, source_types, videos
from .body import select_body
from .html_tree import Comment as TreeComment
from .html_tree import Element, TextNode, build_tree
from .image_choice import choose_src
from .layout import Layout
from .sentences import split_sentences
from .urls import join as join_url

SKIP = frozenset("script style noscript template svg iframe object button select textarea head math canvas".split())
BLOCK_KIND: dict[str, BlockKind] = {
    **{f"h{i}": "heading" for i in range(1, 7)},
    "p": "paragraph", "li": "list_item", "blockquote": "quote", "figcaption": "caption", "caption": "caption",
    "dd": "paragraph", "dt": "paragraph", "pre": "paragraph", "td": "paragraph", "th": "paragraph",
    "div": "paragraph", "section": "paragraph", "article": "paragraph", "main": "paragraph", "body": "paragraph",
    "header": "other", "footer": "other", "nav": "other", "aside": "other", "figure": "other", "address": "other",
    "ul": "other", "ol": "other", "dl": "other", "table": "other", "tr": "other", "form": "other", "html": "other",
    "details": "other", "summary": "other", "hr": "other",
}
NONBODY_TAGS = frozenset({"nav", "footer", "aside", "form", "header"})
_NEVER_NONBODY = frozenset({"html", "body", "main", "article"})  # page-wide class lists ("one-sidebar") say nothing
_NOT_BYLINE = frozenset({"meta", "link", "html", "body", "img"})
_ELEMENT_TAGS = frozenset({"html", "meta", "title", "h1", "time", "a", "img", "video"})  # the tags _element reads
_WS = re.compile(r"\s+")
_MAX_CHROME_NAMES = 20  # names kept from chrome bylines (related-story lists repeat dozens): enough to show why
_CHUNK = re.compile(r"\S+(?: \S+)*")  # words joined by single plain spaces
_INVISIBLE_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)", re.I)
_MEDIA_TAGS = frozenset({"img", "picture", "video", "audio", "iframe", "embed", "object", "source"})
_DECORATIVE_WORDS = 3  # aria-hidden text of at most this many words is an icon or glyph, not prose


_PROSE_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"})


def _holds_prose(el: Element) -> bool:
    """Does a control hold paragraphs? Only an unclosed ``<button>`` does: the HTML5 parser
    nests the rest of the page inside it (a ``<p>`` does not close a button), and a browser
    shows that text, so it is checked rather than dropped with the button's label."""
    return any(node.tag in _PROSE_TAGS for node in el.iter())


def hidden(el: Element) -> bool:
    """Is the element's content not shown to a reader?

    ``hidden`` (but ``hidden="until-found"``, which find-in-page reveals) and an inline
    ``display:none`` / ``visibility:hidden`` are not rendered. ``aria-hidden="true"`` hides only
    from assistive technology: a sighted reader still sees it, so only a decorative region (an
    icon, a glyph, a counter: a few words at most) is left out; prose marked aria-hidden is
    checked, or the attribute would hide claims from the check. Media stay in either case: an
    aria-hidden image is still on the page, and the photo-credit check reads the attribute as a
    sign the image is decorative.
    """
    attrs = el.attrs
    if "hidden" in attrs and attrs["hidden"].strip().casefold() != "until-found":
        return True
    style = attrs.get("style")
    if style and _INVISIBLE_STYLE.search(style):
        return True
    if attrs.get("aria-hidden", "").strip().casefold() == "true":
        return len(el.text_content().split()) <= _DECORATIVE_WORDS and not any(
            node.tag in _MEDIA_TAGS for node in el.iter()
        )
    return False



def _is_article(el: Element) -> bool:
    """An element that says it is one article: ``<article>`` or a schema.org Article/Posting item."""
    if el.tag == "article":
        return True
    itemtype = el.get("itemtype")
    return bool(itemtype) and ("Article" in itemtype or "Posting" in itemtype)


def _in_article_element(el: Element) -> bool:
    """A ``<header>`` inside an ``<article>`` is that article's header (headline, lead picture, byline),
    as the HTML standard scopes it to its nearest sectioning ancestor; elsewhere it is the page's."""
    p = el.parent
    while p is not None:
        if p.tag == "article":
            return True
        if p.tag in ("section", "aside", "nav", "body"):
            return False
        p = p.parent
    return False


def _article_region(body_ids: set[int], root: Element) -> tuple[set[int], int | None]:
    """ids of the article elements that hold the selected body (the nearest one above each body
    element), and where the body starts."""
    out: set[int] = set()
    start: int | None = None
    if not body_ids:
        return out, start
    for el in root.iter():
        if id(el) not in body_ids:
            continue
        if start is None:
            start = el.start
        p: Element | None = el
        while p is not None and p.tag not in ("body", "html", "#document"):
            if _is_article(p):
                out.add(id(p))
                break
            p = p.parent
    return out, start


class _Open:
    """A block element whose text is being gathered."""

    __slots__ = ("kind", "in_body", "builder", "links", "pending_space", "element")

    def __init__(self, kind: BlockKind, in_body: bool, element: Element | None = None) -> None:
        self.kind = kind
        self.in_body = in_body
        self.builder = OffsetMapBuilder()
        self.links: list[tuple[str, int, int]] = []
        self.pending_space: tuple[int, int] | None = None
        self.element = element


def _attr_text(el: Element, name: str) -> Text | None:
    value = el.get(name).strip()
    if not value:
        return None
    span = el.attr_span(name)
    if span is None:
        return None
    s, e = span
    raw_value = el.raw_tag[s - el.start : e - el.start]
    lead = len(raw_value) - len(raw_value.lstrip())
    if raw_value.strip() == value:
        return Text(value, OffsetMap.identity(s + lead, len(value)))
    return Text(value, OffsetMap(((0, s, e),), len(value)))


class _Extractor:
    def __init__(self, source: str, layout: Layout, base_url: str | None) -> None:
        self.source = source
        self.layout = layout
        self.base_url = base_url
        self.lines = LineIndex(source)
        self.blocks: list[Block] = []
        self.images: list[ImageRef] = []
        self.videos: list[VideoRef] = []
        self._body_ids: set[int] = set()
        self._root: Element | None = None
        self._article_ids: set[int] | None = None
        self._h1_end: int | None = None  # where the headline ends: a picture between it and the body leads the article
        self._body_start: int | None = None
        self.elements: list[tuple[Author, str, int]] = []  # a byline element's names: (author, cue, element number)
        self.chrome: list[tuple[Author, str]] = []  # names of byline elements in page chrome: rejected candidates
        self.slots: list[CreditSlot] = []
        self.meta: dict[str, str] = {}
        self.meta_all: dict[str, list[str]] = {}  # every value of a repeated meta tag (article:author)
        self.profile_links: list[Element] = []  # links to author pages (bylines.profile_link_candidates)
        self.jsonld: list[object] = []
        self.microdata: list[object] = []
        self.rdfa: list[object] = []  # schema.org items in RDFa: read for digital source types only (parse.rdfa)
        self.links: list[str] = []
        self.title_tag: str | None = None
        self.h1: str | None = None
        self.holders: frozenset[int] | None = None  # the headline's containers (bylines.headline_holders)
        self.time_datetime: str | None = None
        self.lang: str | None = None
        self.comments: list[TreeComment] = []
        self.ignored: list[Element] = []  # elements with data-integrity-ignore (inline suppressions)
        self.has_microdata = False  # an itemscope attribute anywhere
        self.manifests: list[ManifestReference] = []  # C2PA manifest stores the head attaches to the page

    # --- text gathering -------------------------------------------------
    def _append_text(self, blk: _Open, node: TextNode) -> None:
        text = node.text
        start = node.start
        verbatim = node.end - start == len(text)
        if verbatim and text.isspace():  # most text nodes: the white space between tags
            blk.pending_space = (start, node.end)
            return
        if not verbatim and "\r" in self.source[start : node.end]:
            raw = self.source[start : node.end]
            if raw.replace("\r\n", "\n").replace("\r", "\n") == text:
                # only the newlines differ (CRLF written, LF parsed): each line is verbatim at its own offset
                pos = start
                for line in raw.split("\r\n"):
                    if line:
                        self._append_text(blk, TextNode(line, pos, pos + len(line)))
                    pos += len(line)
                    if pos < node.end:
                        self._append_text(blk, TextNode("\r\n", pos, pos + 2))
                        pos += 2
                return
        if not verbatim:  # entities decoded: each word maps to the whole node
            pos = 0
            for m in _WS.finditer(text):
                if m.start() > pos:
                    self._flush_space(blk)
                    blk.builder.add(text[pos : m.start()], start, node.end)
                blk.pending_space = (start if m.start() == 0 else node.end, node.end)
                pos = m.end()
            if pos < len(text):
                self._flush_space(blk)
                blk.builder.add(text[pos:], start, node.end)
            return
        # verbatim text: words joined by single spaces are copied as one run, so a
        # paragraph costs a few runs, not one per word
        pos = 0
        builder = blk.builder
        for m in _CHUNK.finditer(text):
            a = m.start()
            if a > pos:
                blk.pending_space = (start + pos, start + a)
            if blk.pending_space is not None:  # _flush_space inline: a call for every run cost more than the run
                self._flush_space(blk)
            builder.add_verbatim(m.group(), start + a)
            pos = m.end()
        if pos < len(text):
            blk.pending_space = (start + pos, start + len(text))

    def _flush_space(self, blk: _Open) -> None:
        if blk.pending_space is not None:
            if len(blk.builder):
                blk.builder.add(" ", *blk.pending_space)
            blk.pending_space = None

    def _finish(self, blk: _Open) -> Text | None:
        if not len(blk.builder):
            return None
        text, omap = blk.builder.build()
        if not text.strip():
            return None
        content = Text(text, omap)
        links = tuple(Link(h, s, e) for h, s, e in blk.links if e > s)
        sentences = split_sentences(text, self.layout.abbreviations) if blk.kind != "heading" else ()
        self.blocks.append(Block(blk.kind, content, sentences, links, in_body=blk.in_body))
        return content

    # --- the walk ---------------------------------------------------------
    def run(self) -> None:
        tree = self.tree = build_tree(self.source)
        self.comments = tree.comments
        root = tree.root
        self.ignored = tree.with_attr["data-integrity-ignore"]
        self.has_microdata = bool(tree.with_attr["itemscope"])
        layout = self.layout
        nonbody_classes, byline_classes = layout.nonbody_classes, layout.byline_classes
        body_ids = select_body(root, layout.body_classes, nonbody_classes)
        self._body_ids, self._root, self._article_ids = body_ids, root, None
        append_text, finish, element = self._append_text, self._finish, self._element
        # entering frames: (node, True, in the page proper (not nav/footer/aside), in the article body);
        # leaving frames: (element, False, its block kind, is it a byline element?)
        stack: list[tuple[Element | TextNode, bool, Any, Any]] = [(root, True, True, not body_ids)]
        push = stack.append
        blocks: list[_Open] = [_Open("paragraph", True)]
        figures: list[dict[str, object]] = []
        byline_depth = 0
        outer_bylines: set[int] = set()
        while stack:
            node, entering, a, b = stack.pop()
            if node.__class__ is TextNode:
                append_text(blocks[-1], node)  # type: ignore[arg-type]
                continue
            assert isinstance(node, Element)
            tag = node.tag
            if entering:
                attrs = node.attrs
                if (tag in SKIP and not (tag == "button" and _holds_prose(node))) or (
                    attrs and ("hidden" in attrs or "style" in attrs or "aria-hidden" in attrs) and hidden(node)
                ):
                    self._skipped(node)
                    continue
                in_body: bool = a
                in_main: bool = b
                toks = node.tokens()
                # chrome only where the source bounds it: an unclosed <aside> (or "sidebar" <div>) holds
                # whatever follows its start tag, often the rest of the article (see Element.bounded)
                local_nonbody = node.bounded() and (
                    (tag in NONBODY_TAGS and not (tag == "header" and _in_article_element(node)))
                    or (tag not in _NEVER_NONBODY and not toks.isdisjoint(nonbody_classes))
                )
                child_in_body = in_body and not local_nonbody
                child_in_main = (in_main and not local_nonbody) or id(node) in body_ids
                if tag in _ELEMENT_TAGS:
                    element(node, child_in_body, figures, child_in_main)
                is_byline = tag not in _NOT_BYLINE and not toks.isdisjoint(byline_classes)
                kind = BLOCK_KIND.get(tag)
                if kind == "caption" and not node.bounded():
                    # a caption only where the source closes it: an unclosed <caption> or <figcaption>
                    # (one cut short, or a <plaintext> inside) holds the rest of the page, which a reader
                    # sees as the article, not as a picture's or a table's caption
                    kind = "paragraph"
                if kind is None and not blocks[-1].in_body and id(node) in body_ids:
                    # a body container the block map does not know (an inline or unknown element the parser
                    # let hold paragraphs, e.g. a tag cut short as in "<di"): its own text is body text
                    # too, so it starts a run of its own rather than joining the non-body block around it
                    kind = blocks[-1].kind
                if tag == "br":
                    blocks[-1].pending_space = blocks[-1].pending_space or (node.start, node.end)
                elif tag == "a" and node.get("href"):
                    blocks[-1].links.append((node.get("href"), len(blocks[-1].builder), -1))
                elif tag == "figure":
                    figures.append({"images": [], "caption": None, "credit": None})
                push((node, False, kind, is_byline))
                if kind is not None:
                    finish(blocks[-1])
                    blocks.append(_Open(kind, child_in_main and kind != "caption", element=node))
                if is_byline:
                    byline_depth += 1
                    if byline_depth == 1:  # bylines.element_byline drops page chrome (comments, related)
                        outer_bylines.add(id(node))
                stack.extend(zip(reversed(node.children), repeat(True), repeat(child_in_body), repeat(child_in_main)))
            else:
                kind, is_byline = a, b  # the values pushed when it was entered
                if tag == "a" and node.get("href"):
                    blk = blocks[-1]
                    for i in range(len(blk.links) - 1, -1, -1):
                        if blk.links[i][2] == -1:
                            h, s, _ = blk.links[i]
                            blk.links[i] = (h, s, len(blk.builder))
                            break
                if is_byline:
                    byline_depth -= 1
                    if id(node) in outer_bylines:
                        self._byline(node, figures)
                if kind is not None:
                    blk = blocks.pop()
                    blk.pending_space = None
                    content = finish(blk)
                    if tag == "figcaption" and kind == "caption" and figures and content is not None:
                        figures[-1]["caption"] = content
                    # continue the parent block as a fresh run of text
                    parent = blocks[-1]
                    if len(parent.builder) or parent.links or parent.pending_space is not None:
                        blocks[-1] = _Open(parent.kind, parent.in_body, element=parent.element)
                if figures:
                    if layout.is_credit_element(node):
                        credit = self._element_text(node)
                        if credit is not None:
                            figures[-1]["credit"] = credit
                    if tag == "figure":
                        self._close_figure(figures.pop())
        finish(blocks[0])

    def _skipped(self, node: Element) -> None:
        """An element whose text is not read: <head> and hidden regions still hold metadata (meta tags,
        JSON-LD), a <script> may be JSON-LD."""
        whole = node.tag == "head" or node.tag not in SKIP
        for el in node.iter() if whole else [node]:
            if el.tag == "script" and "ld+json" in el.get("type").casefold():
                self.jsonld.extend(jsonld.read_jsonld(el.text_content()))
            elif whole:
                self._element(el, False, [])
            if node.tag == "head":
                self._manifest(el)

    def _manifest(self, el: Element) -> None:
        """A C2PA manifest association of the page itself: the specification scopes both forms to the head."""
        if el.tag == "script" and el.get("type").strip().casefold() == "application/c2pa":
            kind, value = "inline", el.text_content()
        elif el.tag == "link" and "c2pa-manifest" in el.get("rel").casefold().split():
            kind, value = "link", el.get("href").strip()
        else:
            return
        span = self.lines.span(el.start, max(el.end, el.tag_end))
        self.manifests.append(ManifestReference(kind, value, span))  # type: ignore[arg-type]

    def _element(self, el: Element, in_body: bool, figures: list[dict[str, object]], in_main: bool = True) -> None:
        tag = el.tag
        if tag == "html" and el.get("lang"):
            self.lang = el.get("lang")
        elif tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop")).casefold()
            value = (el.get("content") or el.get("value")).strip()  # saved pages sometimes carry value=
            if key and value:
                self.meta.setdefault(key, value)
                self.meta_all.setdefault(key, []).append(value)
        elif tag == "title" and self.title_tag is None:
            self.title_tag = _WS.sub(" ", el.text_content()).strip() or None
        elif tag == "h1" and self.h1 is None and in_body:
            self.h1 = _WS.sub(" ", el.text_content()).strip() or None
            self._h1_end = el.end
        elif tag == "time" and self.time_datetime is None and el.get("datetime"):
            self.time_datetime = el.get("datetime")
        elif tag == "a" and el.get("href"):
            self.links.append(el.get("href"))
            if in_body and bylines.is_profile_link(el, self.layout):
                self.profile_links.append(el)
        elif tag == "img" and in_body:
            self._image(el, figures, in_main)
        elif tag == "video" and in_body:
            self._video(el, figures, in_main)

    def _video(self, el: Element, figures: list[dict[str, object]], in_main: bool = True) -> None:
        """A <video>: its source, poster and accessible name; a figure's caption and credit when it closes."""
        src = videos.video_src(el)  # its own (lazy) src, else its first <source> a browser can play
        poster = el.get("poster").strip() or None
        if src and self.base_url:
            src = join_url(self.base_url, src)
        if poster and self.base_url:
            poster = join_url(self.base_url, poster)
        ref = VideoRef(
            index=len(self.videos) + 1, src=src or None, context="figure" if figures else "inline",
            span=self.lines.span(el.start, el.tag_end),
            alt=_attr_text(el, "aria-label") or _attr_text(el, "title"), poster=poster, in_body=in_main,
        )
        self.videos.append(ref)
        if figures:
            figures[-1].setdefault("videos", []).append(len(self.videos) - 1)  # type: ignore[attr-defined]

    def _image(self, el: Element, figures: list[dict[str, object]], in_main: bool = True) -> None:
        src = choose_src(el)  # what a desktop browser shows: srcset, <picture>, lazy loading, <noscript>
        if src and self.base_url:
            src = join_url(self.base_url, src)

        def dim(name: str) -> int | None:
            v = el.get(name).strip().rstrip("px")
            return int(v) if v.isdigit() else None

        ref = ImageRef(
            index=len(self.images) + 1,
            src=src,
            context="figure" if figures else "inline",
            span=self.lines.span(el.start, el.tag_end),
            alt=_attr_text(el, "alt"),
            width=dim("width"),
            height=dim("height"),
            in_body=in_main or self._in_article(el),
            markers=photo_credits.image_markers(el),
        )
        if not figures:  # a figure's credit element is read when the figure closes
            credit_el = photo_credits.nearby_credit(el, self.layout)
            if credit_el is not None:
                ref = replace(ref, credit=self._element_text(credit_el))
            caption_el = photo_credits.nearby_caption(el, self.layout)
            if caption_el is not None:
                ref = replace(ref, caption=self._element_text(caption_el))
        self.images.append(ref)
        if figures:
            figures[-1]["images"].append(len(self.images) - 1)  # type: ignore[attr-defined]

    def _in_article(self, el: Element) -> bool:
        """Inside the article element that holds the body: its lead picture, header image or gallery
        sits beside the text the body selection picked, not in the page around it."""
        if self._article_ids is None:  # computed for the first image outside the body only
            self._article_ids, self._body_start = (
                _article_region(self._body_ids, self._root) if self._root is not None else (set(), None))
        if self._h1_end is not None and self._body_start is not None and self._h1_end <= el.start < self._body_start:
            return True  # between the headline and the body: the lead picture
        region = self._article_ids
        if not region:
            return False
        p = el.parent
        while p is not None:
            if id(p) in region:
                return True
            p = p.parent
        return False

    def _close_figure(self, fig: dict[str, object]) -> None:
        for i in fig["images"]:  # type: ignore[attr-defined]
            self.images[i] = replace(self.images[i], caption=fig["caption"], credit=fig["credit"])
        for i in fig.get("videos", ()):  # type: ignore[attr-defined]
            self.videos[i] = replace(self.videos[i], caption=fig["caption"], credit=fig["credit"])

    def _element_text(self, el: Element) -> Text | None:
        blk = _Open("other", False)
        stack: list[Element | TextNode] = [el]
        while stack:
            node = stack.pop()
            if isinstance(node, TextNode):
                self._append_text(blk, node)
            elif node.tag not in SKIP:
                stack.extend(reversed(node.children))
        text, omap = blk.builder.build()
        return Text(text, omap) if text.strip() else None

    def _byline(self, el: Element, figures: list[dict[str, object]]) -> None:
        if figures:  # a photographer's name inside a figure is a photo credit, not the article byline
            return
        span = self.lines.span(el.start, el.end if el.end > el.start else el.tag_end)
        if self.holders is None:
            self.holders = bylines.headline_holders(self.tree.elements)
        found = bylines.element_byline(el, self._element_text(el), span, self.layout, self.holders)
        if found is not None:
            self.slots.append(found.slot)
            group = len(self.slots) - 1
            self.elements.extend((a, found.slot.label, group) for a in found.authors)
        elif len(self.chrome) < _MAX_CHROME_NAMES:
            self.chrome.extend((a, el.get("class") or el.tag) for a in bylines.chrome_byline(el, span, self.layout, self.holders))

    # --- metadata -----------------------------------------------------------
    def metadata(self) -> tuple[str | None, str | None, list[AuthorCandidate]]:
        """Title, publication date and every author candidate, in the order the byline decision reads them:
        byline elements, "By" lines, JSON-LD, microdata, author-page links, meta tags."""
        names = self.layout.names
        title = self.h1 or self.meta.get("og:title") or self.title_tag
        published = bylines.published_date(self.meta, self.jsonld, self.time_datetime, names)
        site = bylines.site_names(self.meta_all, self.jsonld, names)
        found = [bylines.candidate(a, "element", cue, group, site) for a, cue, group in self.elements]
        found += [bylines.candidate(a, "element", cue, -1, site, rejected="chrome")
                  for a, cue in self.chrome[:_MAX_CHROME_NAMES]]
        found += bylines.line_candidates(self.blocks, title, self.layout, self.lines, site)
        found += bylines.structured_candidates(self.jsonld, "json-ld", self.layout, site)
        self.microdata = microdata.read_items(self.tree.root) if self.has_microdata else []
        self.rdfa = rdfa.read_items(self.tree.root) if self.tree.with_attr["typeof"] else []
        found += bylines.structured_candidates(self.microdata, "microdata", self.layout, site)
        found += bylines.profile_link_candidates(self.profile_links, self.layout, self.lines, site,
                                                 self.holders or frozenset())
        found += bylines.meta_candidates(self.meta_all, self.layout, site)
        return title, published, found


def _page_videos(meta: dict[str, str], structured: list[Any], inline: list[VideoRef],
                 base_url: str | None) -> list[VideoRef]:
    """The body's videos, then the page's Open Graph video and structured-data VideoObject files
    (``contentUrl``) that are not one of them: page-level entries, without a place in the text."""
    out = list(inline)
    seen = {v.src for v in inline if v.src}
    og = videos.meta_video(meta)
    found = [(og, "meta")] if og else []
    found += [(url, "json-ld") for url in videos.structured_videos(structured)]
    for url, context in found:
        src = join_url(base_url, url)
        if url in seen or src in seen:
            continue
        seen.add(src)
        out.append(VideoRef(index=len(out) + 1, src=src, context=context, span=None))  # type: ignore[arg-type]
    return out


def parse_html(source: str, name: str, layout: Layout, base_url: str | None = None) -> Article:
    ex = _Extractor(source, layout, base_url)
    ex.run()
    title, published, candidates = ex.metadata()
    ex.tree.release()
    og = ex.meta.get("og:image")
    credits = photo_credits.structured_image_credits(ex.jsonld + ex.microdata, base_url)
    images = [
        replace(i, metadata_credit=photo_credits.match_credit(i.src, credits, base_url)) if credits else i
        for i in ex.images
    ]
    if og and not any(i.src == og for i in images):
        src = join_url(base_url, og)
        images.append(ImageRef(index=len(images) + 1, src=src, context="meta", span=None))
    structured = ex.jsonld + ex.microdata + ex.rdfa
    declared = source_types.structured_source_types(structured, base_url)
    page_videos = _page_videos(ex.meta, structured, ex.videos, base_url)
    if declared:
        images = [
            replace(i, metadata_source_type=source_types.match_source_type(i.src, declared, base_url)) for i in images
        ]
        page_videos = [
            replace(v, metadata_source_type=source_types.match_source_type(v.src, declared, base_url)
                    or source_types.match_source_type(v.poster, declared, base_url)) for v in page_videos
        ]
    return Article(
        source=name,
        kind="html",
        text=source,
        lines=ex.lines,
        title=title,
        published=published,
        language=ex.lang,
        author_candidates=tuple(candidates),
        credit_slots=tuple(ex.slots),
        blocks=tuple(ex.blocks),
        images=tuple(images),
        videos=tuple(page_videos),
        links=tuple(ex.links),
        comments=tuple(Comment(c.text, ex.lines.span(c.start, c.end)) for c in ex.comments),
        base_url=base_url,
        declared_source_type=source_types.article_source_type(structured) or source_types.meta_source_type(ex.meta),
        manifests=tuple(ex.manifests),
        ignored=tuple(
            IgnoredElement(el.get("data-integrity-ignore"), ex.lines.span(el.start, max(el.end, el.tag_end)))
            for el in ex.ignored
        ),
        unlocated=tuple(ex.lines.span(t.start, t.end) for t in ex.tree.unlocated),
    )
