"""schema.org items a page writes in RDFa (Lite 1.1), read from integrity's own element tree.

A page can say in RDFa what it says in JSON-LD or microdata:
``<figure vocab="https://schema.org/" typeof="ImageObject">`` with
``<img property="contentUrl" src="…">`` and
``<link property="digitalSourceType" href="https://schema.org/TrainedAlgorithmicMediaDigitalSource">``.
This reader covers what RDFa Lite has: ``vocab``, ``prefix``, ``typeof``,
``property`` and ``resource``. An element with ``typeof`` starts an item; a
``property`` belongs to the nearest such ancestor (or is the value itself when
the element starts an item too); a value is ``content``, else the
``resource``/``href``/``src`` URL, else a ``time``'s ``datetime``, else the text.

Only schema.org terms are kept: a term counts when its vocabulary (the
in-scope ``vocab``, a ``prefix`` or the ``schema:`` default prefix, or a full
IRI) is schema.org, so Open Graph's ``og:`` or Dublin Core properties on the
same page are not read as schema.org ones. Items come back in the shape
microdata items have (``{"@type": "ImageObject", "contentUrl": …}``), so the
readers of structured data need no third case. The walk is iterative, and the
number of items is bounded like the other structured-data readers'.
"""

from __future__ import annotations

import re
from typing import Any

from .html_tree import RAW_TEXT, Element, TextNode

_SCHEMA = re.compile(r"^https?://schema\.org/?#?", re.I)
_DEFAULT_PREFIXES = {"schema": "http://schema.org/"}  # RDFa 1.1's initial context
_URL_ATTRS = ("resource", "href", "src")
_WS_RUN = re.compile(r"\s+")
_MAX_ITEMS = 20_000


def _prefixes(raw: str, inherited: dict[str, str]) -> dict[str, str]:
    """``prefix="dc: http://purl.org/dc/terms/ s: https://schema.org/"`` over the inherited mapping."""
    tokens = raw.split()
    if not tokens:
        return inherited
    out = dict(inherited)
    for name, iri in zip(tokens[::2], tokens[1::2], strict=False):
        if name.endswith(":"):
            out[name[:-1].lower()] = iri
    return out


def _schema_term(token: str, vocab: str | None, prefixes: dict[str, str]) -> str | None:
    """The schema.org term a ``property``/``typeof`` token names, or None when it is another vocabulary's."""
    if _SCHEMA.match(token):
        return _SCHEMA.sub("", token).strip("/") or None
    head, colon, rest = token.partition(":")
    if colon and not rest.startswith("//"):
        iri = prefixes.get(head.lower())
        return rest if iri is not None and _SCHEMA.match(iri) and rest else None
    if colon:  # another vocabulary's full IRI
        return None
    return token if vocab is not None and _SCHEMA.match(vocab) else None


def _text(el: Element) -> str:
    parts: list[str] = []
    stack: list[Element | TextNode] = [el]
    while stack:
        node = stack.pop()
        if isinstance(node, TextNode):
            parts.append(node.text)
        elif node.tag not in RAW_TEXT:
            parts.append(" ")
            stack.extend(reversed(node.children))
    return _WS_RUN.sub(" ", "".join(parts)).strip()


def _value(el: Element) -> str:
    attrs = el.attrs
    if "content" in attrs:
        return attrs["content"]
    for name in _URL_ATTRS:
        if attrs.get(name, "").strip():
            return attrs[name].strip()
    if el.tag == "time" and attrs.get("datetime"):
        return attrs["datetime"]
    return _text(el)


def _add(item: dict[str, Any], name: str, value: Any) -> None:
    if name not in item:
        item[name] = value
    elif isinstance(item[name], list):
        item[name].append(value)
    else:
        item[name] = [item[name], value]


def read_items(root: Element) -> list[dict[str, Any]]:
    """The top-level schema.org RDFa items under ``root``, in tree order ([] when the page has none)."""
    top: list[dict[str, Any]] = []
    count = 0
    # (element, in-scope vocab, prefixes, the item its properties belong to)
    stack: list[tuple[Element, str | None, dict[str, str], dict[str, Any] | None]] = [(root, None, _DEFAULT_PREFIXES, None)]
    while stack:
        el, vocab, prefixes, parent = stack.pop()
        attrs = el.attrs
        if "vocab" in attrs:
            vocab = attrs["vocab"].strip() or None
        if "prefix" in attrs:
            prefixes = _prefixes(attrs["prefix"], prefixes)
        names = [t for t in (_schema_term(tok, vocab, prefixes) for tok in attrs.get("property", "").split()) if t]
        own: dict[str, Any] | None = None
        if "typeof" in attrs and count < _MAX_ITEMS:
            types = [t for t in (_schema_term(tok, vocab, prefixes) for tok in attrs["typeof"].split()) if t]
            if types:
                count += 1
                own = {"@type": types[0] if len(types) == 1 else types}
                if attrs.get("resource", "").strip():
                    own["@id"] = attrs["resource"].strip()
                if names and parent is not None:
                    for name in names:
                        _add(parent, name, own)
                else:
                    top.append(own)
        elif names and parent is not None:
            value = _value(el)
            for name in names:
                _add(parent, name, value)
        scope = own if own is not None else parent
        for child in reversed(el.children):
            if isinstance(child, Element):
                stack.append((child, vocab, prefixes, scope))
    return top
