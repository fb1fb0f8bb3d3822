"""Byte walkers for the metadata Pillow does not expose faithfully.

Pillow drops PNG text chunks that follow IDAT unless the image is fully
loaded, hides JPEG extended XMP and multiple COM segments, and gives no
location for anything. These walkers read only segment headers and metadata
payloads (never pixel data), so they cost microseconds, and they report
where each value sits. Malformed structure stops the walk and is returned as
a problem string, never raised.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

from .record import MetaField, RawBlock

# Payload caps: metadata larger than this is not metadata, it is an attack.
MAX_TEXT_BYTES = 8 * 1024 * 1024

_XMP_APP1 = b"http://ns.adobe.com/xap/1.0/\x00"
_XMP_EXT_APP1 = b"http://ns.adobe.com/xmp/extension/\x00"
_EXIF_APP1 = b"Exif\x00\x00"
_PHOTOSHOP_APP13 = b"Photoshop 3.0\x00"
_PNG_XMP_KEYWORD = "XML:com.adobe.xmp"

# IPTC IIM record 2 datasets worth keeping (credits and captions).
_IIM_NAMES = {
    5: "ObjectName",
    80: "By-line",
    105: "Headline",
    110: "Credit",
    115: "Source",
    116: "CopyrightNotice",
    120: "Caption-Abstract",
    122: "Writer-Editor",
}


@dataclass
class Walk:
    """What a container walk found."""

    fields: list[MetaField] = field(default_factory=list)
    blocks: list[RawBlock] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def walk(fmt: str, data: bytes) -> Walk:
    """Dispatch on the sniffed format; unknown formats yield an empty walk."""
    walker = _WALKERS.get(fmt)
    out = Walk()
    if walker is None:
        return out
    try:
        walker(data, out)
    except (struct.error, IndexError, ValueError) as exc:
        out.problems.append(f"{fmt} structure: {exc}")
    return out


def _inflate(payload: bytes) -> bytes:
    """Decompress with a size cap so a zTXt bomb cannot eat memory."""
    d = zlib.decompressobj()
    out = d.decompress(payload, MAX_TEXT_BYTES)
    if d.unconsumed_tail:
        raise ValueError("compressed text exceeds size cap")
    return out


# --- PNG -------------------------------------------------------------------


def _walk_png(data: bytes, out: Walk) -> None:
    pos = 8
    n = len(data)
    while pos + 8 <= n:
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if len(body) < length:
            out.problems.append(f"png chunk {ctype!r} truncated")
            return
        pos += 12 + length
        # tEXt/zTXt are Latin-1 by the spec, but generators write UTF-8 prompts
        if ctype == b"tEXt":
            key, _, text = body.partition(b"\x00")
            _png_text(out, "tEXt", key.decode("latin-1"), _decode_text(text))
        elif ctype == b"zTXt":
            key, _, rest = body.partition(b"\x00")
            try:
                text = _decode_text(_inflate(rest[1:]))
            except (zlib.error, ValueError) as exc:
                out.problems.append(f"png zTXt {key!r}: {exc}")
                continue
            _png_text(out, "zTXt", key.decode("latin-1"), text)
        elif ctype == b"iTXt":
            key, _, rest = body.partition(b"\x00")
            if len(rest) < 2:
                continue
            compressed, rest = rest[0], rest[2:]
            _lang, _, rest = rest.partition(b"\x00")
            _tkey, _, raw = rest.partition(b"\x00")
            try:
                raw = _inflate(raw) if compressed else raw
            except (zlib.error, ValueError) as exc:
                out.problems.append(f"png iTXt {key!r}: {exc}")
                continue
            keyword = key.decode("latin-1")
            if keyword == _PNG_XMP_KEYWORD:
                out.blocks.append(RawBlock("xmp", raw, "png:iTXt/XMP"))
            else:
                _png_text(out, "iTXt", keyword, raw.decode("utf-8", "replace"))
        elif ctype == b"eXIf":
            out.blocks.append(RawBlock("exif", bytes(body), "png:eXIf"))
        elif ctype == b"IEND":
            return


def _png_text(out: Walk, chunk: str, keyword: str, text: str) -> None:
    out.fields.append(MetaField(f"text:{keyword}", text, f"png:{chunk}/{keyword}"))


# --- JPEG ------------------------------------------------------------------


def _walk_jpeg(data: bytes, out: Walk) -> None:
    pos = 2
    n = len(data)
    extended: dict[bytes, dict[int, bytes]] = {}
    while pos + 4 <= n:
        if data[pos] != 0xFF:
            out.problems.append(f"jpeg: marker expected at offset {pos}")
            break
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker == 0xD9:
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        body = data[pos + 4 : pos + 2 + length]
        pos += 2 + length
        if marker == 0xDA:  # start of scan: metadata is all before it
            break
        if marker == 0xE1:
            if body.startswith(_EXIF_APP1):
                out.blocks.append(RawBlock("exif", body[6:], "jpeg:APP1"))
            elif body.startswith(_XMP_APP1):
                out.blocks.append(RawBlock("xmp", body[len(_XMP_APP1) :], "jpeg:APP1/XMP"))
            elif body.startswith(_XMP_EXT_APP1):
                rest = body[len(_XMP_EXT_APP1) :]
                guid, offset = rest[:32], struct.unpack(">I", rest[36:40])[0]  # skip full length
                extended.setdefault(guid, {})[offset] = rest[40:]
        elif marker == 0xFE:
            out.fields.append(MetaField("comment", _decode_text(body), "jpeg:COM"))
        elif marker == 0xED and body.startswith(_PHOTOSHOP_APP13):
            _walk_photoshop_irb(body[len(_PHOTOSHOP_APP13) :], out)
    for guid, parts in extended.items():
        packet = b"".join(parts[k] for k in sorted(parts))
        out.blocks.append(
            RawBlock("xmp", packet, f"jpeg:APP1/XMP-extended[{guid.decode('latin-1')}]")
        )


def _walk_photoshop_irb(data: bytes, out: Walk) -> None:
    pos = 0
    while pos + 12 <= len(data) and data[pos : pos + 4] == b"8BIM":
        (rid,) = struct.unpack(">H", data[pos + 4 : pos + 6])
        name_len = data[pos + 6]
        pos += 7 + name_len + ((name_len + 1) % 2)
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        body = data[pos + 4 : pos + 4 + size]
        pos += 4 + size + (size % 2)
        if rid == 0x0404:
            _walk_iim(body, out)


def _walk_iim(data: bytes, out: Walk) -> None:
    pos = 0
    while pos + 5 <= len(data) and data[pos] == 0x1C:
        record, dataset, size = data[pos + 1], data[pos + 2], struct.unpack(">H", data[pos + 3 : pos + 5])[0]
        value = data[pos + 5 : pos + 5 + size]
        pos += 5 + size
        name = _IIM_NAMES.get(dataset) if record == 2 else None
        if name:
            out.fields.append(MetaField(f"iptc:{name}", _decode_text(value), f"jpeg:APP13/iptc:{name}"))


def _decode_text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8").rstrip("\x00")
    except UnicodeDecodeError:
        return raw.decode("latin-1").rstrip("\x00")


# --- WebP (RIFF) -------------------------------------------------------------


def _walk_webp(data: bytes, out: Walk) -> None:
    pos = 12
    n = len(data)
    while pos + 8 <= n:
        ctype, size = struct.unpack("<4sI", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + size]
        pos += 8 + size + (size & 1)
        if ctype == b"EXIF":
            body = body[6:] if body.startswith(_EXIF_APP1) else body
            out.blocks.append(RawBlock("exif", bytes(body), "webp:EXIF"))
        elif ctype == b"XMP ":
            out.blocks.append(RawBlock("xmp", bytes(body), "webp:XMP"))


# --- ISO-BMFF media (MP4, MOV, M4A) and PDF: structure only ----------------------
# Their metadata is not walked yet; the walk says whether the file is whole, which the
# C2PA reader alone reports only as a hash mismatch or an opaque parse error.


def _walk_bmff(data: bytes, out: Walk) -> None:
    pos = 0
    n = len(data)
    while pos < n:
        if pos + 8 > n:
            out.problems.append(f"truncated: {n - pos} stray bytes after the last box at offset {pos}")
            return
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:  # a 64-bit size follows the type
            if pos + 16 > n:
                out.problems.append(f"truncated: box {_box_name(kind)} at offset {pos} cut inside its header")
                return
            (size,) = struct.unpack(">Q", data[pos + 8 : pos + 16])
            header = 16
        elif size == 0:  # the box runs to the end of the file
            return
        if size < header:
            out.problems.append(f"box {_box_name(kind)} at offset {pos} declares an impossible size {size}")
            return
        if pos + size > n:
            out.problems.append(
                f"truncated: box {_box_name(kind)} at offset {pos} declares {size} bytes, {n - pos} remain"
            )
            return
        pos += size


def _box_name(kind: bytes) -> str:
    return repr(kind.decode("latin-1"))


_PDF_EOF = b"%%EOF"
_PDF_TAIL = 2048  # the marker ends the file, give or take trailing whitespace or a short tail


def _walk_pdf(data: bytes, out: Walk) -> None:
    if _PDF_EOF not in data[-_PDF_TAIL:]:
        out.problems.append("truncated: no %%EOF marker at the end of the file")


_WALKERS = {"PNG": _walk_png, "JPEG": _walk_jpeg, "WEBP": _walk_webp,
            "MP4": _walk_bmff, "MOV": _walk_bmff, "M4A": _walk_bmff, "PDF": _walk_pdf}
