"""Structured data in a page (JSON-LD, microdata) as plain schema.org nodes.

extruct does the reading: each ``<script type="application/ld+json">`` is
handed to it on its own, so one broken script (a trailing comma, an HTML
comment, a CMS template left unfilled) costs that script only. Microdata is
read by :mod:`.microdata` into the same shape. Both come back as dicts with
``@type`` and property keys; :func:`nodes` walks every nested node once,
without recursion.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

log = logging.getLogger(__name__)

_MAX_NODES = 20_000


def _jsonld_extractor():  # type: ignore[no-untyped-def]
    from extruct.jsonld import JsonLdExtractor

    return JsonLdExtractor()


def read_jsonld(script_text: str) -> list[Any]:
    """The items of one JSON-LD script's text ([] when it cannot be read)."""
    if not script_text.strip():
        return []
    # extruct reads scripts out of an HTML document; give it a one-script document (script text is raw
    # text in HTML, never entity-decoded, so it goes in as it is)
    doc = '<html><body><script type="application/ld+json">' + script_text + "</script></body></html>"
    try:
        return list(_jsonld_extractor().extract(doc))
    except Exception:  # extruct/jstyleson raise many kinds of errors on bad JSON
        log.debug("unreadable JSON-LD script skipped", exc_info=True)
        return []


def types_of(node: dict[str, Any]) -> tuple[str, ...]:
    """``@type`` as short names ("NewsArticle", "Person"), whatever form it came in."""
    raw = node.get("@type", ())
    values = raw if isinstance(raw, list) else [raw]
    return tuple(str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for v in values if v)


def nodes(items: list[Any]) -> Iterator[dict[str, Any]]:
    """Every dict node inside ``items`` (``@graph``, lists and nested values included), each once."""
    stack: list[Any] = list(reversed(items))
    seen: set[int] = set()
    count = 0
    while stack and count < _MAX_NODES:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        count += 1
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            yield node
            stack.extend(reversed([v for v in node.values() if isinstance(v, (dict, list))]))


def text_values(value: Any) -> list[str]:
    """A property's values as strings: plain strings, or the ``name`` of nested nodes."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = next((n for n in name if isinstance(n, str)), None)
            if isinstance(name, str) and name.strip():
                out.append(name.strip())
    return out
