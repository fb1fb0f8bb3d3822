"""Collect every metadata value of an image into one flat record.

Containers we walk ourselves (PNG, JPEG, WebP, JPEG XL boxes); for ISO-BMFF (AVIF, HEIF)
the EXIF and XMP blocks come from Pillow / pillow-heif, which already parse
the item boxes. Either way the result is a list of `MetaField`s.
"""

from __future__ import annotations

import struct

from PIL import Image

from . import jxl
from .aigc_label import aigc_fields
from .containers import walk
from .exif import exif_fields
from .record import MetaField, RawBlock
from .xmp import xmp_fields


def collect(fmt: str, data: bytes, image: Image.Image | None) -> tuple[list[MetaField], list[str]]:
    """Return (fields, problems) for the sniffed format `fmt`."""
    w = walk(fmt, data)
    blocks = list(w.blocks)
    fields = list(w.fields)
    problems = list(w.problems)
    if fmt == "JXL":  # the container's boxes, read with or without a JPEG XL decoder
        try:
            blocks.extend(jxl.metadata_blocks(data))
        except (ValueError, struct.error) as exc:
            problems.append(f"JXL structure: {exc}")
    elif fmt not in ("PNG", "JPEG", "WEBP") and image is not None:
        blocks.extend(_pillow_blocks(fmt, image))
    for block in blocks:
        decoder = exif_fields if block.kind == "exif" else xmp_fields
        got, errs = decoder(block)
        fields.extend(got)
        problems.extend(errs)
    labels, errs = aigc_fields(fields)  # the TC260 implicit label: JSON inside one XMP value
    fields.extend(labels)
    problems.extend(errs)
    return fields, problems


def _pillow_blocks(fmt: str, image: Image.Image) -> list[RawBlock]:
    where = fmt.lower()
    out = []
    exif = image.info.get("exif")
    if isinstance(exif, (bytes, bytearray)) and exif:
        out.append(RawBlock("exif", bytes(exif), f"{where}:Exif"))
    elif fmt == "TIFF":  # a TIFF's own IFD0 is its EXIF
        try:
            ifd0 = image.getexif()
            ifd0.bigtiff = False  # written back as classic TIFF: Pillow cannot re-read a BigTIFF block
            out.append(RawBlock("exif", ifd0.tobytes(), f"{where}:IFD0"))
        except Exception:  # noqa: BLE001 - hostile IFDs
            pass
    xmp = image.info.get("xmp") or (image.tag_v2.get(700) if fmt == "TIFF" else None)
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8")
    if isinstance(xmp, (bytes, bytearray)) and xmp:
        out.append(RawBlock("xmp", bytes(xmp), f"{where}:XMP"))
    return out
