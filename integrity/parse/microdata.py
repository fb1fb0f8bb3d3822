"""Microdata items of a page, read from integrity's own element tree (the page is parsed once).

The reading follows the WHATWG microdata algorithm: an item's properties are
found by crawling its children and the elements its ``itemref`` names, not
descending into nested items, and are taken in tree order; a property's value
is a nested item, or read from the element (``meta`` content, ``src``/``href``/
``data`` URLs, ``data``/``meter`` value, ``time`` datetime, else its text).
Nothing recurses: the page tree and the item graph are walked with explicit
stacks, and budgets of element visits and item objects bound what a hostile
page (itemref fan-out, deep nesting) can cost. Parent links are not used, so
the tree may be read before or after it is released.

Items come back in the shape the rest of ``parse`` reads for JSON-LD too (the
"uniform" shape extruct gave before): a typed item is flat, ``{"@type": "Person",
"name": "Ann Lee"}``, with ``@context`` on top-level items and ``id`` from
``itemid``; an untyped item is ``{"properties": {...}}``; an item without
properties carries its element's own ``value``. A property with one value holds
it bare, with several a list.

Where this departs from the letter of the algorithm, it is for the readers
downstream, and measured on the 241 corpus pages with microdata:

* an item whose ``itemprop`` finds no item to belong to (a template that forgot
  the outer ``itemscope``) is read as a top-level item: 29 pages have one, most
  often an ImageObject, an author or a BlogPosting;
* ``content=`` gives the value of any element that has no value of its own
  by the algorithm (``<span itemprop="name" content="…">``, ``<time
  itemprop="datePublished" content="…">`` as schema.org's examples write
  them): 15 pages, 69 values;
* text values are read the way integrity reads the page's own text (white
  space collapsed, block elements keeping their words apart, no script or
  style text), not as raw ``textContent``;
* URLs are kept as written, stripped: the callers resolve them against the
  page's base;
* an item that would contain itself is left out of its own value, not written
  as the string "ERROR" (which would read as a name).
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urljoin, urlparse

from .html_tree import RAW_TEXT, Element, TextNode

log = logging.getLogger(__name__)

SCHEMA_CONTEXT = "http://schema.org"  # the context of a type written without one ("Person")
_SRC_TAGS = frozenset({"audio", "embed", "iframe", "img", "source", "track", "video"})
_HREF_TAGS = frozenset({"a", "area", "link"})
_HTML_WS = " \t\n\r\f"
_WS_RUN = re.compile(r"\s+")
# elements a browser lays out as blocks (the HTML standard's rendering section), and br: their
# boundaries separate words
_BLOCKS = frozenset(
    "address article aside blockquote body br caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li listing main menu nav ol p plaintext pre "
    "search section summary table tbody td tfoot th thead tr ul xmp".split()
)
# element and text-node visits per page element (crawls and text values together; a corpus page needs at most 6.6)
_VISITS_PER_ELEMENT = 10
_MIN_VISITS = 10_000
_MAX_OBJECTS = 20_000  # item objects built per page (the same bound jsonld.nodes walks)


class _Budget(Exception):
    """The page's visit or object budget ran out."""


class _Reader:
    def __init__(self, root: Element) -> None:
        self.order: dict[int, int] = {}  # id(element) -> position in tree order
        self.by_id: dict[str, Element] = {}  # first element of each id
        self.items: list[Element] = []  # itemscope elements in tree order
        stack: list[Element] = [root]
        while stack:
            el = stack.pop()
            self.order[id(el)] = len(self.order)
            stack.extend([c for c in reversed(el.children) if isinstance(c, Element)])
            attrs = el.attrs
            if "itemscope" in attrs:
                self.items.append(el)
            ident = attrs.get("id")
            if ident and ident not in self.by_id:
                self.by_id[ident] = el
        self.visits = 0
        self.max_visits = _VISITS_PER_ELEMENT * len(self.order) + _MIN_VISITS
        self.objects = 0
        self.crawled: dict[int, list[tuple[list[str], Element]]] = {}
        self.built: dict[int, dict[str, Any]] = {}  # id(item element) -> its object

    def _spend(self, n: int) -> None:
        self.visits += n
        if self.visits > self.max_visits:
            raise _Budget

    # --- the properties of an item ---------------------------------------------
    def properties(self, item: Element) -> list[tuple[list[str], Element]]:
        """(property names, element) of every property of ``item``, in tree order (the algorithm's crawl)."""
        key = id(item)
        found = self.crawled.get(key)
        if found is not None:
            return found
        refs = [t for t in (self.by_id.get(r) for r in item.get("itemref").split()) if t is not None]
        # children are taken depth first in tree order, so without itemref the results need no sorting and
        # no element can be reached twice
        pending: list[Element] = refs[::-1] + [c for c in reversed(item.children) if isinstance(c, Element)]
        memory = {key} if refs else None
        results: list[Element] = []
        visited = 0
        while pending:
            cand = pending.pop()
            if memory is not None:
                if id(cand) in memory:  # reached twice (an itemref to an ancestor or a repeated id): a microdata error
                    continue
                memory.add(id(cand))
            visited += 1
            attrs = cand.attrs
            if "itemscope" not in attrs:
                pending.extend([c for c in reversed(cand.children) if isinstance(c, Element)])
            if attrs.get("itemprop", "").strip():
                results.append(cand)
        self._spend(visited)
        if refs:
            order = self.order
            results.sort(key=lambda el: order[id(el)])
        found = [(_names(el), el) for el in results]
        self.crawled[key] = found
        return found

    # --- values -------------------------------------------------------------------
    def text(self, el: Element) -> str:
        """The element's text as integrity reads a page's own text: white space collapsed, words of
        block elements kept apart (``<div>Ann</div><div>Lee</div>`` is "Ann Lee", ``<b>H</b>ong`` "Hong")."""
        parts: list[str] = []
        stack: list[Element | TextNode | str] = [el]
        visited = 0
        while stack:
            node = stack.pop()
            visited += 1
            if isinstance(node, TextNode):
                parts.append(node.text)
            elif isinstance(node, str):
                parts.append(node)
            elif node.tag not in RAW_TEXT:
                if node.tag in _BLOCKS:
                    parts.append(" ")
                    stack.append(" ")
                stack.extend(reversed(node.children))
        self._spend(visited)
        return _WS_RUN.sub(" ", "".join(parts)).strip()

    def value(self, el: Element) -> str:
        """The value of a property element that is not an item."""
        tag, attrs = el.tag, el.attrs
        if tag == "meta":
            return attrs.get("content", "")
        if tag in _SRC_TAGS:
            return attrs.get("src", "").strip(_HTML_WS)
        if tag in _HREF_TAGS:
            return attrs.get("href", "").strip(_HTML_WS)
        if tag == "object":
            return attrs.get("data", "").strip(_HTML_WS)
        if tag in ("data", "meter"):
            return attrs.get("value", "")
        if tag == "time" and "datetime" in attrs:
            return attrs["datetime"]
        if attrs.get("content"):
            # not in the algorithm: schema.org's own examples put content= on spans and divs, and pages copy them
            return attrs["content"]
        return self.text(el)

    # --- item objects ---------------------------------------------------------------
    def item(self, top: Element) -> dict[str, Any]:
        """The object of the top-level item ``top``, nested items included, built without recursion.

        Each item's object is built once and shared wherever the item is reached again (two articles
        that itemref one author); an item reached again while it is still being built (an itemref
        cycle) is left out there, so no object ever contains itself.
        """
        frames: list[_Frame] = [_Frame(top, self.properties(top), [])]
        building: set[int] = {id(top)}
        while True:
            f = frames[-1]
            if f.next < len(f.props):
                names, el = f.props[f.next]
                f.next += 1
                if "itemscope" not in el.attrs:
                    f.add(names, self.value(el))
                    continue
                key = id(el)
                if key in self.built:
                    f.add(names, self.built[key])
                elif key not in building:
                    building.add(key)
                    frames.append(_Frame(el, self.properties(el), names))
                continue
            frames.pop()
            building.discard(id(f.element))
            self.objects += 1
            if self.objects > _MAX_OBJECTS:
                raise _Budget
            obj = self.built[id(f.element)] = self.shape(f.element, f.values, top=not frames)
            if not frames:
                return obj
            frames[-1].add(f.names, obj)

    def shape(self, el: Element, values: dict[str, list[Any]], top: bool) -> dict[str, Any]:
        props = {name: vs[0] if len(vs) == 1 else vs for name, vs in values.items()}
        types = el.get("itemtype").split()
        out: dict[str, Any] = {}
        if not types:
            if props:
                out["properties"] = props
            else:
                out["value"] = self.value(el)
            return out
        itemid = el.get("itemid").strip(_HTML_WS)
        if itemid:
            out["id"] = itemid
        if len(types) == 1:
            context, out["@type"] = _split_type(types[0])
        else:
            context, out["@type"] = SCHEMA_CONTEXT, types
        if top:
            out["@context"] = context
        out.update(props)
        if not props:
            out["value"] = self.value(el)
        return out


class _Frame:
    """An item being built: its properties, the next one to read, the values read so far."""

    __slots__ = ("element", "props", "next", "values", "names")

    def __init__(self, element: Element, props: list[tuple[list[str], Element]], names: list[str]) -> None:
        self.element = element
        self.props = props
        self.next = 0
        self.values: dict[str, list[Any]] = {}
        self.names = names  # the property names this item is the value of, in its parent

    def add(self, names: list[str], value: Any) -> None:
        for name in names:
            self.values.setdefault(name, []).append(value)


def _names(el: Element) -> list[str]:
    """An element's property names: itemprop's tokens, in order, each once."""
    names = el.get("itemprop").split()
    return names if len(names) < 2 else list(dict.fromkeys(names))


def _split_type(itemtype: str) -> tuple[str, str]:
    """("https://schema.org", "NewsArticle") from "https://schema.org/NewsArticle"; a bare type keeps schema.org."""
    try:
        url = urlparse(itemtype)
    except ValueError:  # a hostile page's "http://[::1"
        return SCHEMA_CONTEXT, itemtype
    if not url.netloc:
        return SCHEMA_CONTEXT, itemtype
    base = f"{url.scheme}://{url.netloc}"
    if url.path and url.fragment:
        return urljoin(base, url.path), url.fragment.strip("/")
    if url.path:
        return base, url.path.strip("/")
    return SCHEMA_CONTEXT, itemtype


def read_items(root: Element) -> list[dict[str, Any]]:
    """The top-level microdata items under ``root``, in tree order ([] when the page has none).

    Top-level are the items that are no item's property: the algorithm's items without ``itemprop``,
    and the items whose ``itemprop`` finds no item to belong to. A page that runs out of the visit or
    object budget keeps the items read before it did.
    """
    reader = _Reader(root)
    out: list[dict[str, Any]] = []
    try:
        owned = {id(el) for item in reader.items for _, el in reader.properties(item)}
        for el in reader.items:
            if id(el) not in owned:
                out.append(reader.item(el))
    except _Budget:
        log.debug("microdata budget ran out after %d items", len(out))
    return out
