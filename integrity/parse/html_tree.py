"""A small HTML element tree that keeps the source offset of every tag and text run.

A small regex tokenizer of our own, because lxml and BeautifulSoup give
element lines at best, never the offsets of text inside an element, and a
finding must point at the exact words (html.parser does, but slower). Tree construction
follows the HTML rules that matter for articles (void elements, implied end
tags for p/li/td/…, stray end tags ignored); walking is iterative, so deeply
nested hostile pages cannot exhaust the stack.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen frame basefont".split()
)
_BLOCKS_CLOSING_P = frozenset(
    "address article aside blockquote details div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr main nav ol p pre section table ul li dd dt".split()
)
_CLOSED_BY: dict[str, frozenset[str]] = {t: frozenset({"p"}) for t in _BLOCKS_CLOSING_P}
_CLOSED_BY.update(
    {
        "li": frozenset({"p", "li"}),
        "dt": frozenset({"p", "dt", "dd"}),
        "dd": frozenset({"p", "dt", "dd"}),
        "tr": frozenset({"tr", "td", "th"}),
        "td": frozenset({"td", "th"}),
        "th": frozenset({"td", "th"}),
        "option": frozenset({"option"}),
        "body": frozenset({"head"}),  # a page that never closes <head> still has a body
    }
)
RAW_TEXT = frozenset({"script", "style"})
_TOKEN_ATTRS = ("class", "id", "itemprop", "rel")
_WORD_PARTS = re.compile(r"[-_]")
# class/id strings repeat across a page and across a site's pages ("menu-item menu-item-type-post"):
# their word sets are made once (frozensets are immutable, so sharing them is safe)
_TOKENS_SEEN: dict[str, frozenset[str]] = {"": frozenset()}
_TOKENS_SEEN_MAX = 20_000
_TOKENS_SEEN_LONGEST = 200
# attributes whose elements the tree lists as it is built, so that later stages need no
# whole-tree walk (or a case-insensitive search of the source) to learn whether a page has any
WATCHED_ATTRS = ("data-integrity-ignore", "itemscope")
_WATCHED = frozenset(WATCHED_ATTRS)


@dataclass(slots=True, eq=False)
class TextNode:
    text: str  # decoded
    start: int
    end: int


@dataclass(slots=True, eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    start: int  # offset of "<"
    tag_end: int  # offset just past the start tag's ">"
    raw_tag: str = ""
    children: list[Element | TextNode] = field(default_factory=list)
    parent: Element | None = None
    end: int = -1  # offset just past the end tag (or where the element was implicitly closed)
    _tokens: frozenset[str] | None = None

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default)

    def tokens(self) -> frozenset[str]:
        """class, id, itemprop and rel values split into words and word parts (computed once)."""
        toks = self._tokens
        if toks is None:
            attrs = self.attrs
            raw = " ".join([attrs[a] for a in _TOKEN_ATTRS if a in attrs])
            toks = _TOKENS_SEEN.get(raw)
            if toks is None:
                words = raw.casefold().split()
                out = set(words)
                for w in words:
                    if "-" in w or "_" in w:
                        out.update(p for p in _WORD_PARTS.split(w) if p)
                toks = frozenset(out)
                if len(raw) <= _TOKENS_SEEN_LONGEST:  # a hostile page's huge class lists are not kept
                    if len(_TOKENS_SEEN) >= _TOKENS_SEEN_MAX:
                        _TOKENS_SEEN.clear()
                    _TOKENS_SEEN[raw] = toks
            self._tokens = toks
        return toks

    def attr_span(self, name: str) -> tuple[int, int] | None:
        """Source range of an attribute's value inside the start tag."""
        m = re.search(
            rf"""\s{re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", self.raw_tag, re.IGNORECASE
        )
        if not m:
            return None
        g = 1 if m.group(1) is not None else 2 if m.group(2) is not None else 3
        return self.start + m.start(g), self.start + m.end(g)

    def iter(self):  # type: ignore[no-untyped-def]
        """All descendant elements, depth first, without recursion."""
        stack: list[Element] = [self]
        while stack:
            el = stack.pop()
            yield el
            stack.extend([c for c in reversed(el.children) if c.__class__ is Element])  # type: ignore[misc]

    def text_content(self) -> str:
        parts: list[str] = []
        stack: list[Element | TextNode] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, TextNode):
                parts.append(node.text)
            elif node.tag not in RAW_TEXT or node is self:
                stack.extend(reversed(node.children))
        return "".join(parts)


@dataclass(slots=True)
class Comment:
    text: str
    start: int
    end: int


_MARKUP = re.compile(
    r"""<!--(.*?)(?:-->|\Z)"""  # 1: a comment (an unclosed one runs to the end)
    r"""|<(/?)([A-Za-z][^\s/>\x00]*)((?:[^>"'/]|"[^"]*"|'[^']*'|/(?!>))*)(/?)>"""  # 2 slash, 3 name, 4 attributes, 5 self-closing
    r"""|<![^>]*>|<\?[^>]*>""",  # doctype, processing instruction
    re.S,
)
_ATTR = re.compile(r"""([^\s"'>/=\x00]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?)")


class _Builder:
    """Tokenises with two regexes (markup, entities) and builds the tree in one pass.

    On the 411 corpus pages it built the same tree 1.5x faster than the
    html.parser-driven builder it replaced (46 vs 70 ms/page, same run);
    benchmarks/bench_parse.py compares it with html.parser's bare tokenizer and
    with lxml. Offsets come straight from the matches, and a page with no
    closing ">" left is not rescanned (no quadratic blow-up on hostile markup).
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.root = Element("#document", {}, 0, 0)
        self.stack: list[Element] = [self.root]
        self.comments: list[Comment] = []
        self.with_attr: dict[str, list[Element]] = {a: [] for a in WATCHED_ATTRS}
        self.elements: list[Element] = []

    def run(self) -> None:
        src = self.source
        n = len(src)
        pos = 0
        find = src.find
        match = _MARKUP.match
        next_gt = -1
        while pos < n:
            lt = find("<", pos)
            if lt == -1:
                self._text(pos, n)
                break
            if next_gt < lt:
                next_gt = find(">", lt)
                if next_gt == -1:  # no tag can close any more: the rest is text (and no quadratic rescans)
                    self._text(pos, n)
                    break
            m = match(src, lt)
            if m is None:  # a lone "<" is text
                nxt = find("<", lt + 1)
                stop = n if nxt == -1 else nxt
                self._text(pos, stop)
                pos = stop
                continue
            if lt > pos:
                self._text(pos, lt)
            pos = m.end()
            comment, slash, name, attr_text, self_closing = m.groups()
            if comment is not None:
                self.comments.append(Comment(comment, lt, pos))
            elif name is not None:
                tag = name.lower()
                if slash:
                    self._end(tag, lt, pos)
                else:
                    void = bool(self_closing) or tag in VOID
                    self._open(tag, attr_text, lt, pos, void)
                    if tag in RAW_TEXT and not void:
                        close = re.compile(rf"</{tag}\s*>", re.I).search(src, pos)
                        stop = close.start() if close else n
                        if stop > pos:
                            self.stack[-1].children.append(TextNode(src[pos:stop], pos, stop))
                        pos = stop

    def _text(self, start: int, end: int) -> None:
        chunk = self.source[start:end]
        children = self.stack[-1].children
        if "&" not in chunk:
            children.append(TextNode(chunk, start, end))
            return
        last = 0
        for m in _ENTITY.finditer(chunk):
            if m.start() > last:
                children.append(TextNode(chunk[last : m.start()], start + last, start + m.start()))
            children.append(TextNode(html.unescape(m.group(0)), start + m.start(), start + m.end()))
            last = m.end()
        if last < len(chunk):
            children.append(TextNode(chunk[last:], start + last, end))

    def _open(self, tag: str, attr_text: str, start: int, end: int, void: bool) -> None:
        stack = self.stack
        closes = _CLOSED_BY.get(tag)
        if closes:
            while len(stack) > 1 and stack[-1].tag in closes:
                stack.pop().end = start
        attrs: dict[str, str] = {}
        if attr_text:
            for name, quoted, single, bare in _ATTR.findall(attr_text):
                name = name.lower()
                if name not in attrs:
                    value = quoted or single or bare  # at most one of them matched
                    attrs[name] = html.unescape(value) if "&" in value else value
        parent = stack[-1]
        el = Element(tag, attrs, start, end, self.source[start:end], [], parent)
        parent.children.append(el)
        self.elements.append(el)
        if attrs and not _WATCHED.isdisjoint(attrs):
            for name in WATCHED_ATTRS:
                if name in attrs:
                    self.with_attr[name].append(el)
        if void:
            el.end = end
        else:
            stack.append(el)

    def _end(self, tag: str, start: int, end: int) -> None:
        stack = self.stack
        for k in range(len(stack) - 1, 0, -1):
            if stack[k].tag == tag:
                if k + 1 < len(stack):  # elements left open inside it end where it ends
                    for el in stack[k + 1 :]:
                        el.end = start
                stack[k].end = end
                del stack[k:]
                return


@dataclass
class Tree:
    root: Element
    comments: list[Comment]
    with_attr: dict[str, list[Element]]  # WATCHED_ATTRS -> the elements that carry it, in document order
    elements: list[Element]  # every element but the root, in document order

    def release(self) -> None:
        """Drop the parent links once the tree has been read.

        Child and parent links make every element part of a reference cycle, so a
        dropped tree waited for Python's cyclic collector, whose full passes cost
        2.2 ms a page on the corpus (9% of a check); without the cycles it is
        freed at once.
        """
        for el in self.elements:
            el.parent = None


def build_tree(source: str) -> Tree:
    b = _Builder(source)
    b.run()
    for el in b.stack[1:]:
        el.end = len(source)
    b.root.end = len(source)
    return Tree(b.root, b.comments, b.with_attr, b.elements)

