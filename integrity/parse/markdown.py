"""Markdown articles (Hugo, Jekyll, Eleventy, Astro content files) into the same Article an HTML page gives.

The CommonMark parser (markdown-it-py) gives each block its source lines (the token
``map``); the text of a block is then walked token by token from the block's first
character, so every character of a paragraph maps to its place in the file, escapes and
entities to the characters they were written with. What is not prose stays out of
the blocks: front matter (read for title, date, authors and the featured image),
fenced and indented code, and template tags (Hugo shortcodes, Liquid/Nunjucks tags; a
figure tag is an image with its alt, caption and credit). Raw HTML in the file is read
by the HTML parser in place (its images, its blocks' text, its comments, where
suppressions live). The key and tag names are data: ``integrity/data/markdown.toml``.

Front matter authors are candidates of the same kind JSON-LD authors are
(``source="structured"``, ``where="front-matter"``): the byline decision treats them
as the page's machine-readable authorship, which a theme prints as the byline.
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..locations import LineIndex, OffsetMap, OffsetMapBuilder
from ..model import Article, Author, AuthorCandidate, Block, BlockKind, Comment, ErrorItem, ImageRef, Link, Text
from . import bylines, front_matter
from .dates import find_date
from .layout import Layout
from .sentences import split_sentences
from .urls import join as join_url

_DATA = Path(__file__).resolve().parents[1] / "data" / "markdown.toml"
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_HTML_IMAGE = re.compile(r"<(?:img|picture|figure)\b", re.I)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# template tags, none of them prose: Hugo shortcodes ({{< name … >}}, {{% name … %}}), Liquid and Nunjucks
# tags ({% include figure.html … %}, {% highlight %} … {% endhighlight %}) and output ({{ page.title }})
_SHORTCODE = re.compile(
    r"\{\{[<%]\s*(?P<close>/?)\s*(?P<name>[\w.-]+)(?P<params>.{0,4000}?)\s*[>%]\}\}"
    r"|\{%-?\s*(?:include\s+)?(?P<lname>[\w./-]+)(?P<lparams>.{0,4000}?)-?%\}"
    r"|\{\{(?![<%]).{0,4000}?\}\}",
    re.S,
)
_PARAM = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|`([^`]*)`|([^\s\"'`>%,]+))")
_POSITIONAL = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")  # what a backslash escapes (CommonMark)
_RETRIES = 4
_MASK = "\x00"  # stands for a container's markers ("> ", a list item's indent) in the text the walk reads
_MARKUP = frozenset(" \t\r\n>*_~`[]<!|" + _MASK)  # what may stand between one inline's text and the next
_WRAPPERS: dict[str, BlockKind] = {"list_item_open": "list_item", "blockquote_open": "quote"}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The key names of ``data/markdown.toml``."""

    keys: dict[str, tuple[str, ...]]
    shortcodes: dict[str, tuple[str, ...]]

    def key(self, name: str) -> tuple[str, ...]:
        return self.keys.get(name, ())


@cache
def vocabulary() -> Vocabulary:
    with _DATA.open("rb") as fh:
        data = tomllib.load(fh)
    return Vocabulary(
        {k: tuple(v) for k, v in data["front-matter"].items()},
        {k: tuple(v) for k, v in data["shortcodes"].items()},
    )


@cache
def _parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt  # loaded with the first Markdown file

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


# --- shortcodes ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Shortcode:
    name: str
    start: int
    end: int
    params: dict[str, Text]
    closing: bool


def _param_text(raw: str, s: int, e: int) -> Text:
    value = html.unescape(raw.replace('\\"', '"'))
    return Text(value, OffsetMap.identity(s, len(value)) if value == raw else OffsetMap(((0, s, e),), len(value)))


def _shortcodes(source: str, start: int, positional: tuple[str, ...]) -> list[_Shortcode]:
    """Every template tag after ``start``, with its named parameters (``src="…"``) and its quoted
    positional ones under the names ``positional`` gives them (``{% image "a.jpg", "alt" %}``)."""
    out = []
    for m in _SHORTCODE.finditer(source, start):
        group = "params" if m.group("name") else "lparams" if m.group("lname") else None
        name = (m.group("name") or m.group("lname") or "").casefold()
        closing = bool(m.group("close")) or (group == "lparams" and name.startswith("end"))
        name = name[3:] if group == "lparams" and closing else name
        name = name.rsplit("/", 1)[-1].split(".", 1)[0] if group == "lparams" else name  # include figure.html
        params: dict[str, Text] = {}
        if group is not None:
            base, text = m.start(group), m.group(group)
            named = []
            for p in _PARAM.finditer(text):
                g = next(i for i in range(2, 6) if p.group(i) is not None)
                params.setdefault(p.group(1).casefold(), _param_text(p.group(g), base + p.start(g), base + p.end(g)))
                named.append((p.start(), p.end()))
            k = 0
            for p in _POSITIONAL.finditer(text):
                if k >= len(positional) or any(a <= p.start() < b for a, b in named):
                    continue
                g = 1 if p.group(1) is not None else 2
                params.setdefault(positional[k], _param_text(p.group(g), base + p.start(g), base + p.end(g)))
                k += 1
        out.append(_Shortcode(name, m.start(), m.end(), params, closing))
    return out


def _hidden_ranges(source: str, codes: list[_Shortcode], vocab: Vocabulary) -> list[tuple[int, int]]:
    """Source ranges that are not prose: every shortcode, and what paired code shortcodes hold."""
    code_names = set(vocab.shortcodes.get("code", ()))
    out: list[tuple[int, int]] = []
    open_at: dict[str, int] = {}
    for sc in codes:
        if sc.name in code_names and not sc.closing:
            open_at.setdefault(sc.name, sc.start)
        elif sc.name in code_names and sc.name in open_at:
            out.append((open_at.pop(sc.name), sc.end))
        else:
            out.append((sc.start, sc.end))
    return sorted(out)


def _blank(source: str, ranges: list[tuple[int, int]]) -> str:
    """``source`` with each range blanked (newlines kept, so offsets and lines do not move).

    A range is blanked only where it fills its lines (what is left is a blank line, not
    an indented code block); a shortcode inside a line of prose stays, and its characters
    are left out of the block's text instead."""
    chars = list(source)
    for s, e in ranges:
        ls = source.rfind("\n", 0, s) + 1
        le = source.find("\n", e)
        le = len(source) if le == -1 else le
        if source[ls:s].strip() or source[e:le].strip():
            continue
        for i in range(ls, le):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


# --- the walk ------------------------------------------------------------------------------

@dataclass
class _Gather:
    """One block's text being built, with a cursor into the file."""

    builder: OffsetMapBuilder = field(default_factory=OffsetMapBuilder)
    links: list[tuple[str, int, int]] = field(default_factory=list)
    pending: tuple[int, int] | None = None
    space: bool = False  # the text so far ends with a space


class _Reader:
    def __init__(self, source: str, layout: Layout, base_url: str | None, hidden: list[tuple[int, int]]) -> None:
        self.source = source
        self.layout = layout
        self.base_url = base_url
        self.lines = LineIndex(source)
        self.hidden = hidden
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.blocks: list[Block] = []
        self.images: list[ImageRef] = []
        self.comments: list[Comment] = []
        self.links: list[str] = []
        self.row_start = self.row_cursor = -1  # the first line and the end of the last inline read
        self.raw_html: list[tuple[int, int, bool]] = []  # (start, end, is it an HTML block) of the file's raw HTML
        self.view = source  # the file as the walk reads it (see _masked)

    def _offset(self, line: int) -> int:
        return self.line_starts[line] if line < len(self.line_starts) else len(self.source)

    # locating text ----------------------------------------------------------------------
    def _locate(self, text: str, cur: int, limit: int, literal: bool = False) -> tuple[list[tuple[str, int, int]], int]:
        """Pieces ``(text, src_start, src_end)`` of ``text`` written at or after ``cur``: verbatim where
        it is, an escape (``\\*``) or entity (``&amp;``) mapped to what was written.

        The text starts after markup only (emphasis, a bracket): found as written with nothing but
        markup before it, it is there; else it is walked character by character from ``cur``; a
        walk that cannot place it all gives way to where it is written further on."""
        start = cur
        for _ in range(_RETRIES):  # a first character matched in markup (a link's "[") is tried as markup next
            pieces, i, j = self._walk(text, start, limit, literal)
            if i == len(text) or not pieces:
                break
            start = pieces[0][1] + 1
        if i == len(text):
            return pieces, j
        at = self.view.find(text, cur, limit)
        if at != -1:
            return [(text, at, at + len(text))], at + len(text)
        pieces.append((text[i:], j, j))  # what could not be placed maps to where the walk stood
        return pieces, j

    def _walk(self, text: str, cur: int, limit: int, literal: bool) -> tuple[list[tuple[str, int, int]], int, int]:
        """Place ``text`` from ``cur`` on; ``literal`` (a code span): no escapes, no entities."""
        src = self.view
        pieces: list[tuple[str, int, int]] = []
        i, j = 0, cur
        while i < len(text) and j < limit:
            ch = text[i]
            # a code span takes no escapes but a table's "\\|" (the cell is split before the span is read)
            if (not literal or ch == "|") and src[j] == "\\" and j + 1 < limit and src[j + 1] == ch and ch in _ESCAPABLE:
                pieces.append((ch, j, j + 2))
                i, j = i + 1, j + 2
                continue
            m = _ENTITY.match(src, j, limit) if src[j] == "&" and not literal else None
            dec = html.unescape(m.group()) if m else ""
            if m and dec != m.group() and text.startswith(dec, i):
                pieces.append((dec, j, m.end()))
                i, j = i + len(dec), m.end()
                continue
            if ch == " " and src[j] in "\r\n":  # a line break read as a space (inline code)
                k = j + 1 if src[j] == "\n" else j + 2 if src.startswith("\r\n", j) else j + 1
                while k < limit and src[k] == _MASK:  # and the next line's container markers
                    k += 1
                pieces.append((" ", j, k))
                i, j = i + 1, k
                continue
            if src[j] == ch:  # verbatim up to the next escape or entity
                k = j + 1
                i += 1
                while i < len(text) and k < limit and src[k] == text[i] and (literal or src[k] not in "\\&"):
                    i, k = i + 1, k + 1
                pieces.append((src[j:k], j, k))
                j = k
                continue
            if pieces or src[j] not in _MARKUP:  # markup is only before the text, never inside it
                break
            j += 1  # before the text starts: markup (emphasis, a bracket, a quote's marker)
        return pieces, i, j

    def _past_destination(self, cur: int, limit: int) -> int:
        """After a link's text: past its ``](destination "title")`` or ``][label]``."""
        src = self.view
        close = src.find("]", cur, limit)
        if close == -1 or src[cur:close].strip(" *_~`"):  # markup only between the text and its bracket
            return cur
        end = close + 1
        if end < limit and src[end] in "([":
            opener, closer = src[end], ")" if src[end] == "(" else "]"
            depth, k = 0, end
            while k < limit:
                if src[k] == "\\":
                    k += 2
                    continue
                if src[k] == opener:
                    depth += 1
                elif src[k] == closer:
                    depth -= 1
                    if depth == 0:
                        return k + 1
                k += 1
        return end

    def _add(self, g: _Gather, pieces: list[tuple[str, int, int]]) -> None:
        for text, s, e in pieces:
            verbatim = e - s == len(text)
            for a, b in self._visible(s, e) if verbatim else [(s, e)]:
                part = text[a - s : b - s] if verbatim else text
                if verbatim and g.space and part.startswith(" "):  # a tag left out between two spaces: one space
                    lead = len(part) - len(part.lstrip(" "))
                    part, a = part[lead:], a + lead
                if not part:
                    continue
                if g.pending is not None and len(g.builder):
                    g.builder.add(" ", *g.pending)
                g.pending = None
                g.builder.add(part, a, b)
                g.space = part.endswith(" ")

    def _visible(self, s: int, e: int) -> list[tuple[int, int]]:
        """``[s, e)`` without the shortcodes inside it."""
        out, pos = [], s
        for hs, he in self.hidden:
            if he <= pos or hs >= e:
                continue
            if hs > pos:
                out.append((pos, hs))
            pos = max(pos, he)
        if pos < e:
            out.append((pos, e))
        return out

    # blocks -----------------------------------------------------------------------------
    def run(self, md_source: str) -> None:
        tokens = _parser().parse(md_source)
        self.view = self._masked(tokens)
        wrappers: list[BlockKind] = []
        kind: BlockKind = "paragraph"
        pending_caption: list[int] = []  # images of the last image-only paragraph, waiting for a caption line
        for tok in tokens:
            t = tok.type
            if t in _WRAPPERS:
                wrappers.append(_WRAPPERS[t])
            elif t in ("list_item_close", "blockquote_close") and wrappers:
                wrappers.pop()
            elif t == "heading_open":
                kind = "heading"
            elif t in ("paragraph_open", "th_open", "td_open"):
                kind = wrappers[-1] if wrappers and t == "paragraph_open" else "paragraph"
            elif t == "inline" and tok.map is not None:
                pending_caption = self._inline(tok, kind, pending_caption)
                kind = "paragraph"
            elif t == "html_block" and tok.map is not None:
                self._html(self._offset(tok.map[0]), self._offset(tok.map[1]), block=True)
                pending_caption = []
            elif t in ("fence", "code_block", "hr"):
                pending_caption = []  # code is not prose; its text is in no block

    def _masked(self, tokens: list[Any]) -> str:
        """The file with the container markers before each line of each inline (a quote's "> ", a list
        item's indent) masked: what the inline's own content leaves out of the line. Offsets are the
        file's; a code span broken over quoted lines then reads as the parser read it."""
        src = self.source
        masks: list[tuple[int, int]] = []
        for tok in tokens:
            if tok.type != "inline" or tok.map is None:
                continue
            for k, line in enumerate(tok.content.split("\n")):
                n = tok.map[0] + k
                if n >= tok.map[1]:
                    break
                ls = self._offset(n)
                written = src[ls : self._offset(n + 1)].rstrip("\r\n").rstrip()
                read = line.rstrip()
                if read and written.endswith(read) and len(written) > len(read):
                    masks.append((ls, ls + len(written) - len(read)))
        if not masks:
            return src
        parts, pos = [], 0
        for a, b in sorted(masks):
            if a < pos:
                continue
            parts += [src[pos:a], _MASK * (b - a)]
            pos = b
        parts.append(src[pos:])
        return "".join(parts)

    def _html(self, start: int, end: int, block: bool = False) -> None:
        self.raw_html.append((start, end, block))
        for m in _COMMENT.finditer(self.source, start, end):
            self.comments.append(Comment(m.group(1), self.lines.span(m.start(), m.end())))

    def read_raw_html(self) -> None:
        """Raw HTML in the file (a ``<figure>``, an ``<img>``) read by the HTML parser: its images, and the
        text of HTML blocks. The parser reads the file with everything but the HTML blanked, so what it
        finds is already located in the file."""
        if not any(_HTML_IMAGE.search(self.source, s, e) or block for s, e, block in self.raw_html):
            return
        from .html import parse_html  # the HTML tree builder loads only for a file that holds HTML

        chars = [c if c in "\r\n" else " " for c in self.source]
        for s, e, _ in self.raw_html:
            chars[s:e] = self.source[s:e]
        page = parse_html("".join(chars), "", self.layout, self.base_url)
        blocks = [(s, e) for s, e, block in self.raw_html if block]
        for b in page.blocks:
            at = b.content.map.start(0)
            if any(s <= at < e for s, e in blocks):
                self.blocks.append(b)
        self.images.extend(replace(i, context="inline" if i.context == "meta" else i.context) for i in page.images
                           if i.span is not None)

    def _inline(self, tok: Any, kind: BlockKind, waiting: list[int]) -> list[int]:
        start, limit = self._offset(tok.map[0]), self._offset(tok.map[1])
        g = _Gather()
        # the cells of a table row share the row's lines: each starts where the one before it ended
        cur = max(start, self.row_cursor) if self.row_start == start else start
        first_line = tok.content.split("\n", 1)[0]
        at = self.view.find(first_line, cur, limit) if first_line else -1
        if at != -1:  # the inline's source starts there (after a list's or a quote's marker)
            cur = at
        images: list[int] = []
        emphasised = bool(tok.children) and tok.children[0].type == "em_open" and tok.children[-1].type == "em_close"
        open_links: list[int] = []
        for child in tok.children or ():
            ct = child.type
            if ct in ("text", "code_inline"):
                pieces, cur = self._locate(child.content, cur, limit, literal=ct == "code_inline")
                self._add(g, pieces)
                if ct == "code_inline" and self.view.startswith(child.markup, cur):
                    cur += len(child.markup)
            elif ct in ("softbreak", "hardbreak"):
                nl = self.view.find("\n", cur, limit)
                g.pending = (cur, nl + 1 if nl != -1 else cur)
                cur = nl + 1 if nl != -1 else cur
            elif ct == "link_open":
                href = str(child.attrs.get("href", ""))
                self.links.append(href)
                g.links.append((href, len(g.builder), -1))
                open_links.append(len(g.links) - 1)
            elif ct == "link_close" and open_links:
                i = open_links.pop()
                h, s, _ = g.links[i]
                g.links[i] = (h, s, len(g.builder))
                if child.markup != "autolink":
                    cur = self._past_destination(cur, limit)
            elif ct == "image":
                index, cur = self._image(child, cur, limit)
                images.append(index)
            elif ct == "html_inline":
                at = self.view.find(child.content, cur, limit)
                if at != -1:
                    self._html(at, at + len(child.content))
                    cur = at + len(child.content)
        self.row_start, self.row_cursor = start, cur
        text, omap = g.builder.build()
        if not text.strip():
            return images or waiting
        content = Text(text, omap)
        if waiting and (self.layout.is_credit_line(text) or emphasised):
            credit = self.layout.is_credit_line(text)
            for i in waiting:  # the line under an image: its credit ("Photo: …") or its caption (*…*)
                img = self.images[i]
                if credit and img.credit is None:
                    self.images[i] = replace(img, credit=content)
                elif not credit and img.caption is None:
                    self.images[i] = replace(img, caption=content)
            self.blocks.append(Block("caption", content, in_body=False))
            return [] if credit else waiting
        links = tuple(Link(h, s, e) for h, s, e in g.links if e > s)
        sentences = split_sentences(text, self.layout.abbreviations) if kind != "heading" else ()
        self.blocks.append(Block(kind, content, sentences, links))
        return []

    def _image(self, child: Any, cur: int, limit: int) -> tuple[int, int]:
        """An inline ``![alt](src "title")``: located from its ``![``; the title is its caption."""
        src = self.view
        at = src.find("![", cur, limit)
        begin = at if at != -1 else cur
        pos = begin + 2
        alt_g = _Gather()
        for c in child.children or ():
            if c.type in ("text", "code_inline"):
                pieces, pos = self._locate(c.content, pos, limit, literal=c.type == "code_inline")
                self._add(alt_g, pieces)
            elif c.type in ("softbreak", "hardbreak"):
                alt_g.pending = (pos, pos)
        close = src.find("]", pos, limit)
        end = close + 1 if close != -1 else pos
        caption = None
        if end < limit and src[end] == "(":
            title = str(child.attrs.get("title") or "")
            after = src.find(str(child.attrs.get("src", "")), end, limit) if child.attrs.get("src") else -1
            tpos = after + len(str(child.attrs.get("src"))) if after != -1 else end
            if title:
                pieces, tpos = self._locate(title, tpos, limit)
                t_g = _Gather()
                self._add(t_g, pieces)
                text, omap = t_g.builder.build()
                caption = Text(text, omap) if text.strip() else None
            paren = src.find(")", tpos, limit)
            end = paren + 1 if paren != -1 else tpos
        alt_text, alt_map = alt_g.builder.build()
        ref = ImageRef(
            index=len(self.images) + 1,
            src=self._src(str(child.attrs.get("src", ""))),
            context="inline",
            span=self.lines.span(begin, end),
            alt=Text(alt_text, alt_map) if alt_text.strip() else None,
            caption=caption,
        )
        self.images.append(ref)
        return len(self.images) - 1, end

    def _src(self, src: str) -> str | None:
        src = src.strip()
        if not src:
            return None
        return join_url(self.base_url, src) if self.base_url else src

    def figure(self, sc: _Shortcode, vocab: Vocabulary) -> None:
        """A figure shortcode: an image whose alt, caption and credit are its parameters."""
        def param(kind: str) -> Text | None:
            return next((sc.params[k] for k in vocab.shortcodes.get(kind, ()) if k in sc.params and sc.params[k].text.strip()), None)

        src = param("src")
        self.images.append(ImageRef(
            index=len(self.images) + 1,
            src=self._src(src.text) if src else None,
            context="figure",
            span=self.lines.span(sc.start, sc.end),
            alt=param("alt"),
            caption=param("caption"),
            credit=param("credit"),
        ))
        for part in (param("caption"), param("credit")):
            if part is not None:
                self.blocks.append(Block("caption", part, in_body=False))


# --- front matter ---------------------------------------------------------------------------

def _front_authors(fields: dict[str, Any], vocab: Vocabulary, layout: Layout, lines: LineIndex) -> list[AuthorCandidate]:
    """Every author the front matter names: one group (one structured-data node), cue the key."""
    found = front_matter.first(fields, vocab.key("author"))
    if found is None:
        return []
    key, value = found
    items = value if isinstance(value, list) else [value]
    out: list[AuthorCandidate] = []
    for item in items:
        text = front_matter.text_of(item, vocab.key("author-name"))
        if text is None:
            continue
        span = lines.span(text.map.start(0), text.map.end(len(text.text)))
        for name in layout.names.names(text.text) or [text.text.strip()]:
            author = Author(name, "front-matter", layout.names.kind(name), span)
            out.append(bylines.candidate(author, "structured", key, 0, set()))
    return out


def _front_images(fields: dict[str, Any], vocab: Vocabulary, reader: _Reader) -> None:
    """The featured image(s): a figure when the front matter gives a caption or credit (themes print
    it above the article), else a page image like ``og:image``."""
    found = front_matter.first(fields, vocab.key("image"))
    if found is None:
        return
    _, value = found
    items = value if isinstance(value, list) else [value]
    caption = front_matter.first(fields, vocab.key("caption"))
    credit = front_matter.first(fields, vocab.key("credit"))
    alt = front_matter.first(fields, vocab.key("alt"))
    for n, item in enumerate(items):
        src = front_matter.text_of(item, vocab.key("image-src"))
        if src is None:
            continue
        own = item if isinstance(item, dict) else {}
        cap = front_matter.text_of(own, vocab.key("image-caption")) if own else None
        cred = front_matter.text_of(own, vocab.key("image-credit")) if own else None
        alt_t = front_matter.text_of(own, vocab.key("image-alt")) if own else None
        if n == 0:  # top-level caption/credit/alt describe the first (the featured) image
            cap = cap or (front_matter.text_of(caption[1]) if caption else None)
            cred = cred or (front_matter.text_of(credit[1]) if credit else None)
            alt_t = alt_t or (front_matter.text_of(alt[1]) if alt else None)
        reader.images.append(ImageRef(
            index=len(reader.images) + 1,
            src=reader._src(src.text),
            context="figure" if (cap or cred) else "meta",
            span=reader.lines.span(src.map.start(0), src.map.end(len(src.text))),
            alt=alt_t, caption=cap, credit=cred,
        ))
        for part in (cap, cred):
            if part is not None:
                reader.blocks.append(Block("caption", part, in_body=False))


def parse_markdown(source: str, name: str, layout: Layout, base_url: str | None = None) -> Article:
    vocab = vocabulary()
    fm = front_matter.split(source)
    body_start = fm.end if fm is not None else 0
    fields = fm.fields if fm is not None else {}
    codes = _shortcodes(source, body_start, vocab.shortcodes.get("positional", ()))
    hidden = _hidden_ranges(source, codes, vocab)
    md_source = _blank(source, ([(0, fm.end)] if fm is not None else []) + hidden)  # a BOM before it too
    reader = _Reader(source, layout, base_url, hidden)

    title_t = front_matter.first(fields, vocab.key("title"))
    title = front_matter.text_of(title_t[1]) if title_t else None
    if title is not None:
        reader.blocks.append(Block("heading", title))
    _front_images(fields, vocab, reader)
    figures = set(vocab.shortcodes.get("figure", ()))
    reader.run(md_source)
    reader.read_raw_html()
    for sc in codes:
        if sc.name in figures and not sc.closing:
            reader.figure(sc, vocab)
    # blocks and images in file order (front matter, prose, figure tags and raw HTML were read apart)
    blocks = sorted(reader.blocks, key=lambda b: b.content.map.start(0))
    images = sorted(reader.images, key=lambda i: i.span.offset if i.span else -1)
    images = [replace(img, index=k + 1) for k, img in enumerate(images)]

    date_t = front_matter.first(fields, vocab.key("date"))
    date_text = front_matter.text_of(date_t[1]) if date_t else None
    headline = title.text if title is not None else next((b.text for b in blocks if b.kind == "heading"), None)
    candidates = _front_authors(fields, vocab, layout, reader.lines)
    candidates += bylines.line_candidates(blocks, headline, layout, reader.lines, set())  # "By …" lines in the body
    errors = (ErrorItem("input.front-matter", fm.error, reader.lines.span(fm.start, fm.end)),) if fm and fm.error else ()
    return Article(
        source=name,
        kind="markdown",
        text=source,
        lines=reader.lines,
        title=headline,
        published=find_date(date_text.text) if date_text else None,
        author_candidates=tuple(candidates),
        blocks=tuple(blocks),
        images=tuple(images),
        links=tuple(reader.links),
        comments=tuple(reader.comments),
        base_url=base_url,
        errors=errors,
    )
