"""Which encoding a document's bytes are in, found the way a browser finds it.

The HTML standard's encoding sniffing, in its order: a byte order mark; the
transport's ``Content-Type`` charset (an archived HTTP response, a fetched
page); a ``<meta charset>`` or ``<meta http-equiv=content-type>`` found by the
standard's byte-level *prescan* of the first 1024 bytes, and one the parser
would meet later in the head (the standard's "change the encoding"); then a
fallback. Labels name encodings as the WHATWG Encoding standard maps them
(``latin1``, ``iso-8859-1`` and ``ascii`` are all windows-1252), so a page
reads here as it reads in a browser, not as Python's codec of the same name
would read it. The label table and the byte windows are data
(``data/decoding.toml``); this module only reads bytes.
"""

from __future__ import annotations

import codecs
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

TABLE = Path(__file__).resolve().parents[1] / "data" / "decoding.toml"
_SPACE = b"\t\n\x0c\r "
_BOMS = ((codecs.BOM_UTF8, "UTF-8"), (codecs.BOM_UTF16_BE, "UTF-16BE"), (codecs.BOM_UTF16_LE, "UTF-16LE"))


@dataclass(frozen=True, slots=True)
class Encoding:
    """One encoding of the Encoding standard: its name there, the Python codec that decodes it the same
    way ("" for the two the standard decodes itself: replacement, x-user-defined), and whether undefined
    bytes 0x80-0x9F are C1 controls (the standard's single-byte indexes)."""

    name: str
    codec: str
    single_byte: bool = False


@cache
def table() -> dict[str, Any]:
    with TABLE.open("rb") as fh:
        return tomllib.load(fh)


@cache
def _labels() -> dict[str, Encoding]:
    out: dict[str, Encoding] = {}
    for name, spec in table()["encodings"].items():
        enc = Encoding(name, spec["codec"], bool(spec.get("single_byte", False)))
        for label in spec["labels"]:
            out[label] = enc
    return out


def lookup(label: str | bytes) -> Encoding | None:
    """The encoding a label names (the Encoding standard's "get an encoding"), None for an unknown label."""
    if isinstance(label, bytes):
        label = label.decode("latin-1")
    return _labels().get(label.strip("\t\n\x0c\r ").lower())


def by_name(name: str) -> Encoding:
    enc = lookup(name)
    assert enc is not None, name
    return enc


def bom(data: bytes) -> tuple[Encoding, int] | None:
    """The encoding a byte order mark names and the mark's length."""
    for mark, name in _BOMS:
        if data.startswith(mark):
            return by_name(name), len(mark)
    return None


def from_content_type(value: str | None) -> Encoding | None:
    """The charset parameter of a ``Content-Type`` header, when it names a known encoding."""
    if not value:
        return None
    for param in value.split(";")[1:]:
        key, _, label = param.partition("=")
        if key.strip().lower() == "charset":
            return lookup(label.strip().strip("\"'"))
    return None


def _skip(data: bytes, pos: int, chars: bytes) -> int:
    while pos < len(data) and data[pos] in chars:
        pos += 1
    return pos


def _attribute(data: bytes, pos: int) -> tuple[bytes, bytes, int] | None:
    """The standard's "get an attribute": (name, value, position after it), lower-cased; None at ``>`` or the end."""
    pos = _skip(data, pos, _SPACE + b"/")
    n = len(data)
    if pos >= n or data[pos] == 0x3E:
        return None
    name = bytearray()
    while True:
        if pos >= n:
            return None
        c = data[pos]
        if c == 0x3D and name:  # "="
            pos += 1
            break
        if c in _SPACE:
            pos = _skip(data, pos, _SPACE)
            if pos >= n:
                return None
            if data[pos] != 0x3D:
                return bytes(name), b"", pos
            pos += 1
            break
        if c in b"/>":
            return bytes(name), b"", pos
        name.append(c + 32 if 0x41 <= c <= 0x5A else c)
        pos += 1
    pos = _skip(data, pos, _SPACE)
    if pos >= n:
        return None
    c = data[pos]
    if c in b"\"'":
        end = data.find(bytes([c]), pos + 1)
        if end < 0:
            return None
        return bytes(name), data[pos + 1 : end].lower(), end + 1
    if c == 0x3E:
        return bytes(name), b"", pos
    start = pos
    while pos < n and data[pos] not in _SPACE and data[pos] != 0x3E:
        pos += 1
    if pos >= n:
        return None
    return bytes(name), data[start:pos].lower(), pos


def _from_meta_content(value: bytes) -> Encoding | None:
    """The standard's "extract a character encoding from a meta element" (a ``content`` value)."""
    pos = 0
    while True:
        at = value.find(b"charset", pos)
        if at < 0:
            return None
        pos = _skip(value, at + 7, _SPACE)
        if pos < len(value) and value[pos] == 0x3D:
            break
    pos = _skip(value, pos + 1, _SPACE)
    if pos >= len(value):
        return None
    if value[pos] in b"\"'":
        end = value.find(bytes([value[pos]]), pos + 1)
        return lookup(value[pos + 1 : end]) if end > 0 else None
    end = pos
    while end < len(value) and value[end] not in _SPACE and value[end] != 0x3B:
        end += 1
    return lookup(value[pos:end])


def _meta(data: bytes, pos: int) -> tuple[Encoding | None, int]:
    """The encoding one ``<meta`` tag declares (None when it declares none) and where the tag ends."""
    seen: set[bytes] = set()
    got_pragma, need_pragma, found = False, None, None
    while (attr := _attribute(data, pos)) is not None:
        name, value, pos = attr
        if name in seen:
            continue
        seen.add(name)
        if name == b"http-equiv" and value == b"content-type":
            got_pragma = True
        elif name == b"content" and found is None:
            enc = _from_meta_content(value)
            if enc is not None:
                found, need_pragma = enc, True
        elif name == b"charset":
            found, need_pragma = lookup(value), False
    if found is None or need_pragma is None or (need_pragma and not got_pragma):
        return None, pos
    if found.name in ("UTF-16BE", "UTF-16LE"):  # a page that can say so in ASCII is not UTF-16
        return by_name("UTF-8"), pos
    if found.name == "x-user-defined":
        return by_name("windows-1252"), pos
    return found, pos


def _is_letter(c: int) -> bool:
    return 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A


def prescan(data: bytes, stop_at_body: bool = False) -> Encoding | None:
    """The standard's prescan of ``data`` for a ``<meta>`` charset. ``stop_at_body``: give up at the first
    ``<body`` tag (the reparse window: a meta the head holds, beyond the first 1024 bytes)."""
    n, pos = len(data), 0
    while (pos := data.find(b"<", pos)) >= 0:
        if data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 2)
            if end < 0:
                return None
            pos = end + 3
            continue
        head = data[pos : pos + 6].lower()
        if head[:5] == b"<meta" and len(head) == 6 and (head[5] in _SPACE or head[5] == 0x2F):
            enc, pos = _meta(data, pos + 5)
            if enc is not None:
                return enc
            continue
        if stop_at_body and head[:5] == b"<body":
            return None
        nxt = data[pos + 1] if pos + 1 < n else 0
        if _is_letter(nxt) or (nxt == 0x2F and pos + 2 < n and _is_letter(data[pos + 2])):
            pos += 1
            while pos < n and data[pos] not in _SPACE and data[pos] != 0x3E:
                pos += 1
            while (attr := _attribute(data, pos)) is not None:
                pos = attr[2]
            pos += 1
            continue
        if nxt in b"!/?":
            end = data.find(b">", pos + 1)
            if end < 0:
                return None
            pos = end + 1
            continue
        pos += 1
    return None
