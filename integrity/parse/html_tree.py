"""The page's element tree, built the way a browser builds it, with the source offset of every tag and text run.

Tree construction is the WHATWG HTML algorithm (turbohtml, a compiled parser):
what a stray ``<head>``, an unclosed ``<button>`` or ``<svg>``, ``<!-->`` or
``</script/ >`` does to a page here is what it does in a browser, so markup
cannot hide text from the checks or show them text a reader never sees. A
finding must point at the exact words, and the parser gives element positions
only, so :mod:`.source_scan` finds every text node in the source again. The
tree is copied into small Python objects once (later stages read attributes
and children many times); walking is iterative, so deeply nested hostile pages
cannot exhaust the stack.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from itertools import accumulate, repeat

from .source_scan import (
    END_TAG,
    RAW,
    RCDATA,
    START_TAG,
    NewlineMap,
    locate_comment,
    locate_text,
    locate_unique,
    normalise_newlines,
    verbatim_ampersands,
)

RAW_TEXT = frozenset({"script", "style"})
_TOKEN_ATTRS = ("class", "id", "itemprop", "rel")
_WORD_PARTS = re.compile(r"[-_]")
# class/id strings repeat across a page and across a site's pages ("menu-item menu-item-type-post"):
# their word sets are made once (frozensets are immutable, so sharing them is safe)
_NO_TOKENS: frozenset[str] = frozenset()
_TOKENS_SEEN: dict[str, frozenset[str]] = {"": _NO_TOKENS}
_TOKENS_SEEN_MAX = 20_000
_TOKENS_SEEN_LONGEST = 200
# attributes whose elements the tree lists as it is built, so that later stages need no
# whole-tree walk (or a case-insensitive search of the source) to learn whether a page has any
WATCHED_ATTRS = ("data-integrity-ignore", "itemscope", "typeof")


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
    # does the source close it with its own end tag where the parser closed it? An element the parser
    # closed by itself (at its parent's end tag, at the end of the page, by moving misnested content
    # into it) has no bounds the author wrote: whatever follows the stray start tag may be inside it
    closed: bool = False
    _tokens: frozenset[str] | None = None

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default)

    def tokens(self) -> frozenset[str]:
        """class, id, itemprop and rel values split into words and word parts (computed once)."""
        toks = self._tokens
        if toks is None:
            attrs = self.attrs
            if not attrs:
                self._tokens = toks = _NO_TOKENS
                return toks
            if len(attrs) == 1 and "class" in attrs:  # the common case: the class string is the whole key
                raw = attrs["class"]
            else:
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

    def bounded(self) -> bool:
        """Is its extent one the author wrote: closed by its own end tag, or holding nothing (<img>, <br>)?"""
        return self.closed or not self.children

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


_STRAY_END_TAGS = 8  # end tags looked past for an element's own (bounded: hostile pages)
_SECOND_CHANCES = 200  # whole-page searches for text the forward scan missed, per page (bounded: hostile pages)


class _Builder:
    """Copies an HTML5 tree (WHATWG tree construction, by turbohtml) into Elements and TextNodes with offsets.

    turbohtml knows each element's start and end tag span; :mod:`.source_scan` finds each
    text node and comment in the source from a cursor those spans keep re-anchoring.
    Elements the parser implied (html, head, body, tbody, a reopened <b>) have no tag of
    their own: they start where the cursor stood. The walk is iterative.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        norm = normalise_newlines(source)
        if norm.startswith("\ufeff"):  # the byte order mark: white space the parser skips, offsets unchanged
            norm = " " + norm[1:]
        self.norm = norm
        self.root = Element("#document", {}, 0, 0)
        self.comments: list[Comment] = []
        self.with_attr: dict[str, list[Element]] = {a: [] for a in WATCHED_ATTRS}
        self.elements: list[Element] = []
        self.unlocated: list[TextNode] = []

    def run(self) -> None:
        import turbohtml

        norm = self.norm
        # element positions as line and column (plain integers: asking turbohtml for its span objects
        # cost 3.4 ms a page on the corpus, more than the parse); offsets from a table of line starts
        # scripting on, as in the browsers readers use: <noscript> holds raw text (a tracking pixel in
        # <head><noscript> does not open the body early, as it would with scripting off)
        doc = turbohtml.parse(norm, scripting=True)
        line_starts = [0, *accumulate(len(line) + 1 for line in norm.split("\n"))]
        tag_at, end_tag_at = START_TAG.match, END_TAG.match
        cursor = 0
        seen: set[int] = set()  # start offsets already given to an element
        second_chances = _SECOND_CHANCES
        TText, TElement, TComment = turbohtml.Text, turbohtml.Element, turbohtml.Comment
        html_ns = turbohtml.Namespace.HTML
        elements, with_attr, unlocated = self.elements, self.with_attr, self.unlocated
        watched = frozenset(WATCHED_ATTRS)
        # frames: (turbohtml node, our parent) to enter; (None, element) to leave it
        stack: list[tuple[object, Element]] = [(c, self.root) for c in reversed(doc.children)]
        while stack:
            node, parent = stack.pop()
            if node is None:  # leaving ``parent``: its end tag, if the source has one where the cursor stands
                m = end_tag_at(norm, cursor)
                if m is not None and m.group(1).lower() == parent.tag:
                    cursor = m.end()
                    parent.closed = True
                elif m is not None and parent.children:
                    # end tags the parser ignored (a stray </div>) may stand before this one's own
                    at = m.end()
                    for _ in range(_STRAY_END_TAGS):
                        m = end_tag_at(norm, at)
                        if m is None:
                            break
                        if m.group(1).lower() == parent.tag:
                            parent.closed = True
                            break
                        at = m.end()
                parent.end = cursor
                continue
            cls = node.__class__
            if cls is TText:
                data = node.data
                tag = parent.tag
                # locate_text's first case, inline: nearly every text node stands verbatim at the cursor
                end = cursor + len(data)
                if norm.startswith(data, cursor) and (
                    "&" not in data or tag in RAW or verbatim_ampersands(norm, cursor, end)
                ):
                    parent.children.append(TextNode(data, cursor, end))
                    cursor = end
                    continue
                pieces = locate_text(norm, data, cursor, raw=tag in RAW, rcdata=tag in RCDATA)
                if pieces is None and second_chances:
                    second_chances -= 1  # each costs a scan of the whole page
                    pieces = locate_unique(norm, data)
                children = parent.children
                if pieces is None:
                    lost = TextNode(data, cursor, cursor)
                    children.append(lost)
                    if not data.isspace():
                        unlocated.append(lost)
                    continue
                for text, s, e in pieces:
                    children.append(TextNode(text, s, e))
                cursor = pieces[-1][2]
            elif cls is TElement:
                line = node.source_line
                if node.namespace is html_ns:
                    tag = node.tag
                else:
                    tag = node.tag.lower()
                attrs = node.attrs
                if attrs:  # class, rel …: turbohtml splits them into lists; the value as written
                    attrs = {k: node.attr(k) if v.__class__ is list else v for k, v in attrs.items()}
                else:
                    attrs = {}
                start = -1 if line is None else line_starts[line - 1] + node.source_col
                if start != -1 and start not in seen:
                    seen.add(start)
                    m = tag_at(norm, start)
                    cursor = tag_end = m.end() if m is not None else start
                else:  # implied by the parser (html, head, body, tbody), or a formatting element it reopened (a
                    # copy of an earlier <b> or <a> that keeps the original's position): no tag of its own here
                    start = tag_end = cursor
                el = Element(tag, attrs, start, tag_end, "", [], parent)
                parent.children.append(el)
                elements.append(el)
                if attrs and not watched.isdisjoint(attrs):
                    for name in WATCHED_ATTRS:
                        if name in attrs:
                            with_attr[name].append(el)
                kids = node.children
                if tag == "template" and kids and kids[0].__class__ is not TElement and hasattr(kids[0], "children"):
                    kids = kids[0].children  # a template's content fragment
                stack.append((None, el))
                stack.extend(zip(reversed(kids), repeat(el)))
            elif cls is TComment:
                where = locate_comment(norm, node.data, cursor)
                if where is not None:
                    self.comments.append(Comment(node.data, where[0], where[1]))
                    cursor = where[1]
        self.root.end = len(norm)

    def to_source_offsets(self) -> None:
        """Turn every offset from normalised-newline coordinates into offsets of the source as given."""
        fix = NewlineMap(self.source)
        source = self.source
        if fix:
            for el in self.elements:
                el.start, el.tag_end, el.end = fix(el.start), fix(el.tag_end), fix(el.end)
                for child in el.children:
                    if child.__class__ is TextNode:
                        child.start, child.end = fix(child.start), fix(child.end)  # type: ignore[union-attr]
            for c in self.comments:
                c.start, c.end = fix(c.start), fix(c.end)
            for child in self.root.children:
                if child.__class__ is TextNode:
                    child.start, child.end = fix(child.start), fix(child.end)  # type: ignore[union-attr]
        self.root.end = len(source)
        for el in self.elements:
            el.raw_tag = source[el.start : el.tag_end]


@dataclass
class Tree:
    root: Element
    comments: list[Comment]
    with_attr: dict[str, list[Element]]  # WATCHED_ATTRS -> the elements that carry it, in document order
    elements: list[Element]  # every element but the root, in document order
    unlocated: list[TextNode] = field(default_factory=list)  # text the source scan could not place (zero-width, at the cursor)

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
    # the copy allocates objects that all stay alive (the tree): the cyclic collector's passes over
    # them find nothing to free and cost 14 % of the build on the corpus pages, more on big pages
    enabled = gc.isenabled()
    gc.disable()
    try:
        b.run()
    finally:
        if enabled:
            gc.enable()
    b.to_source_offsets()
    return Tree(b.root, b.comments, b.with_attr, b.elements, b.unlocated)
