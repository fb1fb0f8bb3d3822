"""Collect every metadata value of an image into one flat record.

Containers we walk ourselves (PNG, JPEG, WebP); for ISO-BMFF (AVIF, HEIF)
the EXIF and XMP blocks come from Pillow / pillow-heif, which already parse
the item boxes. Either way the result is a list of `MetaField`s.
"""

from __future__ import annotations

from PIL import Image

from .aigc_label import aigc_fields
from .containers import walk
from .exif import exif_fields
from .record import MetaField, RawBlock
from .xmp import xmp_fields


def collect(fmt: str, data: bytes, image: Image.Image | None) -> tuple[list[MetaField], list[str]]:
    """Return (fields, problems) for the sniffed format `fmt`."""
    w = walk(fmt, data)
    blocks = list(w.blocks)
    if fmt not in ("PNG", "JPEG", "WEBP") and image is not None:
        blocks.extend(_pillow_blocks(fmt, image))
    fields = list(w.fields)
    problems = list(w.problems)
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
            out.append(RawBlock("exif", image.getexif().tobytes(), f"{where}:IFD0"))
        except Exception:  # noqa: BLE001 - hostile IFDs
            pass
    xmp = image.info.get("xmp") or (image.tag_v2.get(700) if fmt == "TIFF" else None)
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8")
    if isinstance(xmp, (bytes, bytearray)) and xmp:
        out.append(RawBlock("xmp", bytes(xmp), f"{where}:XMP"))
    return out
