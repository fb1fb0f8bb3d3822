"""The flat, container-free metadata record that generator rules match against.

Readers for PNG, JPEG, WebP and ISO-BMFF all emit `MetaField`s; nothing after
them needs to know which container a value came from except through `where`,
which is kept only so a report can say where the evidence sits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetaField:
    """One metadata value.

    `key` is container-free (`text:parameters`, `exif:UserComment`,
    `xmp:Iptc4xmpExt:DigitalSourceType`, `comment`, `iptc:Credit`,
    `stealth:alpha`); `where` names the container location
    (`png:tEXt/parameters`, `jpeg:APP1/exif:UserComment`).
    """

    key: str
    value: str
    where: str


@dataclass(frozen=True)
class RawBlock:
    """An undecoded block found by a container walker (EXIF TIFF bytes, XMP packet)."""

    kind: str  # "exif" | "xmp"
    data: bytes
    where: str
