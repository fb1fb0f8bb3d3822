"""Bytes to text as a browser reads them: the encoding sniffed in the HTML standard's order
(``parse.charset``), undecodable bytes read as U+FFFD and counted (a ``Decoding`` the report shows and a
rule words), and only content that is not text refused. Whether a document is binary is decided from the
whole of it, never a prefix: one NUL or one stray byte in a real page is damage to report, not a reason
to refuse the page."""

from __future__ import annotations

import codecs
import re
from contextvars import ContextVar
from functools import cache
from typing import Literal

from ..model import Decoding, EncodingSource
from ..sources.document import InputError
from . import charset
from .charset import Encoding

_HTML_START = re.compile(
    r"^\ufeff?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|div|p|meta|section|main)\b",
    re.IGNORECASE | re.DOTALL,
)
# every byte but the MIME Sniffing standard's binary data bytes: deleted, what is left is counted in C
_NOT_BINARY = bytes(b for b in range(256) if not (b <= 0x08 or b == 0x0B or 0x0E <= b <= 0x1A or 0x1C <= b <= 0x1F))
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
Reading = Literal["html", "text"]  # the HTML standard's sniffing, or a text file's (BOM, then UTF-8)


@cache
def _signatures() -> tuple[tuple[str, re.Pattern[bytes]], ...]:
    """(what the file is, a pattern of its leading bytes) from data/decoding.toml."""
    out = []
    for what, prefixes in charset.table()["binary"]["signatures"].items():
        alts = [b"".join(b"." if p == "??" else re.escape(bytes.fromhex(p)) for p in re.findall("..", h))
                for h in prefixes]
        out.append((what, re.compile(b"(?:" + b"|".join(alts) + b")", re.DOTALL)))
    return tuple(out)


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not an article (HTML or text), or None when it is text.

    The order is the MIME Sniffing standard's: a page that opens like HTML or with a byte order mark is
    text whatever follows (the HTML parser drops or replaces NULs, and a browser shows the page); a
    known binary signature is that format; otherwise the share of binary data bytes over the whole
    document decides (``binary.max_share``), so stray bytes in a long page never make it binary."""
    head = data[:8192]
    if head.startswith(_BOMS) or _HTML_SIGNATURE.match(head):
        return None
    for what, pattern in _signatures():
        if pattern.match(head):
            return f"{what}, not an article (HTML or text)"
    controls = len(data.translate(None, _NOT_BINARY))
    if controls > len(data) * charset.table()["binary"]["max_share"]:
        return (f"binary content, not an article (HTML or text): {controls} of its {len(data)} bytes are "
                "control bytes")
    return None


def looks_binary(data: bytes) -> bool:
    return binary_reason(data) is not None


# the decoding errors of the decode running in this thread or task: (start, end) byte ranges
_ERRORS: ContextVar[list[tuple[int, int]]] = ContextVar("integrity_decode_errors")


def _replace_counted(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    _ERRORS.get().append((exc.start, exc.end))
    return "\ufffd", exc.end


def _replace_counted_c1(exc: UnicodeError) -> tuple[str, int]:
    """Single-byte encodings: an undefined byte 0x80-0x9F is the C1 control of its number (the
    standard's indexes), any other undefined byte is damage."""
    assert isinstance(exc, UnicodeDecodeError)
    chunk = exc.object[exc.start : exc.end]
    if all(0x80 <= b <= 0x9F for b in chunk):
        return bytes(chunk).decode("latin-1"), exc.end
    return _replace_counted(exc)


codecs.register_error("integrity.replace-counted", _replace_counted)
codecs.register_error("integrity.replace-counted-c1", _replace_counted_c1)
_USER_DEFINED = {b: 0xF780 + b - 0x80 for b in range(0x80, 0x100)}


def _decode_with(data: bytes, enc: Encoding) -> tuple[str, list[tuple[int, int]]]:
    """``data`` in ``enc`` with U+FFFD for what cannot be decoded, and the byte ranges that could not."""
    if enc.name == "replacement":  # the standard's replacement decoder: one error for the whole input
        return ("\ufffd", [(0, len(data))]) if data else ("", [])
    if enc.name == "x-user-defined":
        return data.decode("latin-1").translate(_USER_DEFINED), []
    errors: list[tuple[int, int]] = []
    token = _ERRORS.set(errors)
    try:
        handler = "integrity.replace-counted-c1" if enc.single_byte else "integrity.replace-counted"
        return data.decode(enc.codec, errors=handler), errors
    finally:
        _ERRORS.reset(token)


def _sniff(data: bytes, reading: Reading, content_type: str | None) -> tuple[Encoding, EncodingSource]:
    """The encoding of ``data`` and what chose it (the byte order mark is decoded with the text)."""
    found = charset.bom(data)
    if found is not None:
        return found[0], "bom"
    if reading == "html":
        enc = charset.from_content_type(content_type)
        if enc is not None:
            return enc, "transport"
        window = charset.table()["sniffing"]
        enc = charset.prescan(data[: window["prescan_bytes"]])
        if enc is not None:
            return enc, "meta"
        if len(data) > window["prescan_bytes"]:
            enc = charset.prescan(data[: window["reparse_bytes"]], stop_at_body=True)
            if enc is not None:
                return enc, "meta-reparse"
    utf8 = charset.by_name("UTF-8")
    if reading == "text":
        return utf8, "utf-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        if _mostly_utf8(data):
            return utf8, "detected"
        return charset.by_name("windows-1252"), "fallback"
    return utf8, "utf-8"


# a well-formed UTF-8 sequence of two to four bytes (the Unicode standard's table 3-7)
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")


def _mostly_utf8(data: bytes) -> bool:
    """The standard's optional autodetection, for one case only: bytes that are UTF-8 but for a few
    damaged ones (a stray Latin-1 byte pasted into a UTF-8 page) read as UTF-8 with the damage
    replaced, not as windows-1252, which would garble every other non-ASCII character of the page.
    ``sniffing.detect_utf8_share``: the share of non-ASCII runs that must be well-formed UTF-8."""
    runs = _NON_ASCII_RUN.findall(data)
    good = sum(1 for run in runs if _UTF8_SEQUENCE.sub(b"", run) == b"")
    return bool(runs) and good / len(runs) >= charset.table()["sniffing"]["detect_utf8_share"]


def _damage(text: str, data: bytes, enc: Encoding, errors: list[tuple[int, int]], source: EncodingSource) -> Decoding:
    """What the decode could not read: the undecodable byte runs, the NUL characters, and where the first is."""
    at = text.find("\x00")
    first, nuls = (None, 0) if at < 0 else (at, text.count("\x00", at))
    if errors:  # the first error's offset in the text: the decode of the bytes before it
        at = len(_decode_with(data[: errors[0][0]], enc)[0])
        first = at if first is None else min(first, at)
    return Decoding(enc.name, source, replaced=sum(e - s for s, e in errors), replacements=len(errors),
                    nuls=nuls, first=first)


def decode_document(data: bytes, given: str | None = None, reading: Reading = "html",
                    content_type: str | None = None) -> tuple[str, Decoding]:
    """The document's text and how it was decoded. ``given`` is the text itself when the caller passed a
    string (``data`` its UTF-8 bytes): it is checked like bytes but not decoded again by its declared
    charset. ``reading``: "html" sniffs as a browser does (``content_type``: the transport's header);
    "text" (plain text, Markdown) reads a byte order mark, then UTF-8. Raises InputError for an empty
    input and for content that is not text."""
    if not data.strip():
        raise InputError("input.empty", "the file is empty")
    reason = binary_reason(data)
    if reason is not None:
        raise InputError("input.binary", reason)
    if given is not None:
        text, decoding = given, _damage(given, data, charset.by_name("UTF-8"), [], "given")
    else:
        # the byte order mark decides the encoding and is kept as U+FEFF: offsets then index the text as
        # a caller holding the same file as a string has it (the HTML parser sees it as ignorable white
        # space, and LineIndex does not count it as a column)
        enc, source = _sniff(data, reading, content_type)
        text, errors = _decode_with(data, enc)
        decoding = _damage(text, data, enc, errors, source)
    if reading == "text" and decoding.nuls:
        # the HTML tokenizer handles NULs itself; a text reader sees what a browser shows for one, the
        # replacement character, at the same offset
        text = text.replace("\x00", "\ufffd")
    return text, decoding


def decode(data: bytes, given: str | None = None, reading: Reading = "html", content_type: str | None = None) -> str:
    """The document's text (see :func:`decode_document`)."""
    return decode_document(data, given, reading, content_type)[0]


def sniff_kind(text: str) -> str:
    if _HTML_START.match(text):
        return "html"
    return "html" if len(_TAG.findall(text[:20000])) >= 3 else "text"
