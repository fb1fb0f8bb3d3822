"""Structured data in a page (JSON-LD, microdata) as plain schema.org nodes.

Each ``<script type="application/ld+json">`` is read on its own with the
standard library's ``json``, so one broken script (an unescaped quote, a CMS
template left unfilled) costs that script only. Real pages need a little more
than strict JSON; each tolerance below is there because pages of the article
corpus need it (628 JSON-LD scripts on 373 pages, reserved pages left out):

* control characters inside strings (raw tabs and line breaks in a
  description): 3 scripts, 3 pages — ``json``'s ``strict=False``;
* a CDATA wrapper (``<![CDATA[ … ]]>``, also behind ``//`` or ``/* */``): 26
  scripts, 19 pages;
* JavaScript comments and trailing commas: 3 scripts, 3 pages (2 of them
  readable once these go; the third is broken beyond them).

HTML comment wrappers and several concatenated objects are not tolerated:
no corpus script has either. A script is read as a whole or not at all.
Microdata is read by :mod:`.microdata` into the same shape. Both come back as
dicts with ``@type`` and property keys; :func:`nodes` walks every nested node
once, without recursion.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

log = logging.getLogger(__name__)

_MAX_NODES = 20_000
_CDATA_OPEN = re.compile(r"\A\s*(?://|/\*)?\s*<!\[CDATA\[(?:\s*\*/)?")
_LENIENT_MAX = 1_000_000  # characters: a longer script is read as strict JSON only (the corpus' longest is 52,219)
# strings are matched first so that "//" in a URL or "," before "]" inside a string stay; an unclosed string
# or comment runs to the end (so every match succeeds and the scan stays linear)
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\Z)'
_JS_COMMENT = re.compile(rf"({_STRING})|//[^\n]*|/\*.*?(?:\*/|\Z)", re.S)
_TRAILING_COMMA = re.compile(rf"({_STRING})|,(?=\s*[\]}}])", re.S)


def _keep_strings(m: re.Match[str]) -> str:
    return m.group(1) or ""


def _loads(text: str) -> Any:
    """The JSON value of a script's text; ValueError (or RecursionError) when it cannot be read."""
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    opened = _CDATA_OPEN.match(text)
    if opened:
        close = text.rfind("]]>")
        if close < opened.end() or text[close + 3 :].strip(" \t\r\n*/"):
            close = len(text)  # no closing "]]>" at the end: the rest is the body
        body = text[opened.end() : close].rstrip()
        text = body[:-2] if body.endswith(("//", "/*")) else body
        try:
            return json.loads(text, strict=False)
        except ValueError:
            pass
    if len(text) > _LENIENT_MAX:
        raise ValueError("script too long for the lenient reading")
    lenient = _TRAILING_COMMA.sub(_keep_strings, _JS_COMMENT.sub(_keep_strings, text))
    return json.loads(lenient, strict=False)


def read_jsonld(script_text: str) -> list[Any]:
    """The items of one JSON-LD script's text ([] when it cannot be read): the script's object, or the
    non-empty members of its top-level list."""
    if not script_text.strip():
        return []
    try:
        data = _loads(script_text)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than json's C scanner goes
        log.debug("unreadable JSON-LD script skipped", exc_info=True)
        return []
    if isinstance(data, list):
        return [item for item in data if item]
    return [data] if isinstance(data, dict) and data else []


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
