"""A small HTML element tree that keeps the source offset of every tag and text run.

Built on the standard library's tokenizer (``html.parser``) because lxml and
BeautifulSoup give element lines at best, never the offsets of text inside an
element, and a finding must point at the exact words. Tree construction
follows the HTML rules that matter for articles (void elements, implied end
tags for p/li/td/…, stray end tags ignored); walking is iterative, so deeply
nested hostile pages cannot exhaust the stack.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

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
        if self._tokens is not None:
            return self._tokens
        out: set[str] = set()
        for attr in ("class", "id", "itemprop", "rel"):
            for tok in self.attrs.get(attr, "").casefold().split():
                out.add(tok)
                out.update(p for p in re.split(r"[-_]", tok) if p)
        self._tokens = frozenset(out)
        return self._tokens

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
            stack.extend(c for c in reversed(el.children) if isinstance(c, Element))

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


class _Builder(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        starts = [0]
        i = source.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = source.find("\n", i + 1)
        self._line_starts = starts
        self.root = Element("#document", {}, 0, 0)
        self.stack: list[Element] = [self.root]
        self.comments: list[Comment] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _close(self, el: Element, at: int) -> None:
        el.end = at

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, void=tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, void=True)

    def _open(self, tag: str, attrs: list[tuple[str, str | None]], void: bool) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        closes = _CLOSED_BY.get(tag)
        if closes:
            while len(self.stack) > 1 and self.stack[-1].tag in closes:
                self._close(self.stack.pop(), start)
        parent = self.stack[-1]
        el = Element(tag, {k: (v or "") for k, v in attrs}, start, start + len(raw), raw, parent=parent)
        parent.children.append(el)
        if void:
            el.end = el.tag_end
        else:
            self.stack.append(el)

    def handle_endtag(self, tag: str) -> None:
        at = self._offset()
        for k in range(len(self.stack) - 1, 0, -1):
            if self.stack[k].tag == tag:
                end = self.source.find(">", at)
                end = end + 1 if end != -1 else len(self.source)
                for el in self.stack[k + 1 :]:
                    self._close(el, at)
                self._close(self.stack[k], end)
                del self.stack[k:]
                return

    def _text(self, text: str, start: int, end: int) -> None:
        if text:
            self.stack[-1].children.append(TextNode(text, start, end))

    def handle_data(self, data: str) -> None:
        start = self._offset()
        self._text(data, start, start + len(data))

    def handle_entityref(self, name: str) -> None:
        start = self._offset()
        end = start + 1 + len(name)
        if self.source.startswith(";", end):
            end += 1
        self._text(html.unescape(self.source[start:end]), start, end)

    def handle_charref(self, name: str) -> None:
        start = self._offset()
        end = start + 2 + len(name)
        if self.source.startswith(";", end):
            end += 1
        self._text(html.unescape(self.source[start:end]), start, end)

    def handle_comment(self, data: str) -> None:
        start = self._offset()
        self.comments.append(Comment(data, start, start + len(data) + 7))


@dataclass
class Tree:
    root: Element
    comments: list[Comment]


def build_tree(source: str) -> Tree:
    b = _Builder(source)
    b.feed(source)
    b.close()
    for el in b.stack[1:]:
        el.end = len(source)
    b.root.end = len(source)
    return Tree(b.root, b.comments)

