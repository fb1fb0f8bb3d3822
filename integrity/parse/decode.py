"""Bytes to text, strictly: a wrong guess would put findings at wrong places."""

from __future__ import annotations

import codecs
import re

from ..sources.document import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(
    r"^\ufeff?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|div|p|meta|section|main)\b",
    re.IGNORECASE | re.DOTALL,
)
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))  # deleted to count control bytes in C
_TAG = re.compile(r"</?(?:p|div|span|a|img|figure|h[1-6]|article|section|br|ul|li)\b[^>]*>", re.IGNORECASE)


# The WHATWG MIME Sniffing standard ("identifying a resource with an unknown MIME type") tests the
# HTML signatures, then the byte order marks, before it looks for binary bytes: a page that opens
# like HTML is HTML even if a NUL byte follows (the HTML parser drops or replaces NULs, and a
# browser shows the rest of the page), so a stray NUL cannot make an article "unrecognized".
_HTML_SIGNATURE = re.compile(
    rb"[\t\n\x0c\r ]*<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)"
    rb"[ >]",  # each followed by a tag-terminating byte
    re.IGNORECASE,
)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith(_BOMS) or _HTML_SIGNATURE.match(head):
        return False
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls > len(head) * 0.05


def decode(data: bytes, given: str | None = None) -> str:
    """The document's text; ``given`` is the text itself when the caller passed a string (``data``
    its UTF-8 bytes): it is checked like bytes but not decoded again by its declared charset."""
    if not data.strip():
        raise InputError("input.empty", "the file is empty")
    if looks_binary(data):
        raise InputError("input.binary", "binary content, not an article (HTML or text)")
    if given is not None:
        return given
    # the byte order mark decides the encoding and is kept as U+FEFF: offsets then index the text as
    # a caller holding the same file as a string has it (the HTML parser sees it as ignorable white
    # space, and LineIndex does not count it as a column)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data.decode(enc, errors="strict")
    m = _META_CHARSET.search(data[:4096])
    encoding = "utf-8"
    if m:
        try:
            encoding = codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            encoding = "utf-8"
    try:
        text = data.decode(encoding, errors="strict")
    except UnicodeDecodeError as exc:
        raise InputError(
            "input.encoding", f"invalid {encoding} at byte {exc.start} (declare the charset or save as UTF-8)"
        ) from None
    return text


def sniff_kind(text: str) -> str:
    if _HTML_START.match(text):
        return "html"
    return "html" if len(_TAG.findall(text[:20000])) >= 3 else "text"
