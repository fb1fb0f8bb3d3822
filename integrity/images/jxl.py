"""JPEG XL without a decoder: its size from the codestream header, its Exif/XMP from the container boxes.

Pillow has no JPEG XL reader of its own; the optional ``jxl`` extra (pillow-jxl-plugin) adds one,
but that plugin decodes every pixel inside ``Image.open``, before any size check could run. So the
size is read here first, from the few header bits, and the decompression-bomb guard is applied
to it; and without the plugin the file is still reported with its size and metadata instead of as
an unknown format. Layout facts from ISO/IEC 18181-1 (SizeHeader) and 18181-2 (boxes).
"""

from __future__ import annotations

import struct

from .record import RawBlock

CODESTREAM = b"\xff\x0a"
CONTAINER = b"\x00\x00\x00\x0cJXL \r\n\x87\n"

# SizeHeader ratio codes 1..7: width = height * num // den
_RATIOS = {1: (1, 1), 2: (12, 10), 3: (4, 3), 4: (3, 2), 5: (16, 9), 6: (5, 4), 7: (2, 1)}
_U32_BITS = (9, 13, 18, 30)  # the U32 distributions of a non-small dimension (value - 1)


class _Bits:
    """Least-significant-bit-first reader, as the JPEG XL codestream is written."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def read(self, n: int) -> int:
        value = 0
        for i in range(n):
            byte = self.data[(self.pos + i) >> 3]  # IndexError past the end: a truncated header
            value |= ((byte >> ((self.pos + i) & 7)) & 1) << i
        self.pos += n
        return value


def boxes(data: bytes) -> list[tuple[bytes, bytes]]:
    """The container's (type, payload) boxes; [] for a bare codestream. Raises ValueError on a box
    that runs past the end of the file."""
    if not data.startswith(CONTAINER):
        return []
    out: list[tuple[bytes, bytes]] = []
    pos = 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        head = 8
        if size == 1:
            (size,) = struct.unpack(">Q", data[pos + 8 : pos + 16])
            head = 16
        elif size == 0:
            size = len(data) - pos
        if size < head or pos + size > len(data):
            raise ValueError(f"box {kind!r} at byte {pos} declares {size} bytes, past the end of the file")
        out.append((kind, data[pos + head : pos + size]))
        pos += size
    return out


def codestream(data: bytes) -> bytes:
    """The start of the codestream: the file itself, the ``jxlc`` box, or the first ``jxlp`` part."""
    if data.startswith(CODESTREAM):
        return data
    for kind, payload in boxes(data):
        if kind == b"jxlc":
            return payload
        if kind == b"jxlp":
            return payload[4:]  # after the part counter
    raise ValueError("no codestream box (jxlc/jxlp)")


def size(data: bytes) -> tuple[int, int]:
    """(width, height) from the SizeHeader; ValueError/IndexError on a damaged one."""
    stream = codestream(data)
    if not stream.startswith(CODESTREAM):
        raise ValueError("codestream does not start with the JPEG XL signature")
    bits = _Bits(stream[2:])
    small = bits.read(1)
    height = (bits.read(5) + 1) * 8 if small else bits.read(_U32_BITS[bits.read(2)]) + 1
    ratio = bits.read(3)
    if ratio:
        num, den = _RATIOS[ratio]
        return height * num // den, height
    width = (bits.read(5) + 1) * 8 if small else bits.read(_U32_BITS[bits.read(2)]) + 1
    return width, height


def metadata_blocks(data: bytes) -> list[RawBlock]:
    """The Exif (after its 4-byte TIFF-header offset) and XMP (``xml ``) boxes. Brotli-compressed
    ``brob`` boxes are left alone: decompressing untrusted boxes is not worth a metadata field."""
    out = []
    for kind, payload in boxes(data):
        if kind == b"Exif" and len(payload) > 4:
            (offset,) = struct.unpack(">I", payload[:4])
            out.append(RawBlock("exif", payload[4 + offset :], "jxl:Exif"))
        elif kind == b"xml ":
            out.append(RawBlock("xmp", payload, "jxl:xml"))
    return out
