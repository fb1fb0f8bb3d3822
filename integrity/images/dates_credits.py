"""Capture date and credit lines from the flat record.

Kept apart from AI detection: these feed the recycled-photo hint (capture
date far older than the article) and the missing-credit checks.
"""

from __future__ import annotations

import re

from .evidence import Credit
from .record import MetaField

_EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?")


def capture_date(fields: list[MetaField]) -> str | None:
    """EXIF DateTimeOriginal (with OffsetTimeOriginal if given) as ISO 8601; XMP as fallback."""
    by_key = _first_values(fields)
    raw = by_key.get("exif:DateTimeOriginal")
    if raw:
        m = _EXIF_DATE.match(raw.strip())
        if m and m.group(1) != "0000":
            y, mo, d, h, mi, s = m.groups()
            iso = f"{y}-{mo}-{d}T{h}:{mi}:{s}"
            offset = by_key.get("exif:OffsetTimeOriginal", "").strip()
            return iso + offset if re.fullmatch(r"[+-]\d{2}:\d{2}|Z", offset) else iso
    for key in ("xmp:exif:DateTimeOriginal", "xmp:photoshop:DateCreated"):
        raw = by_key.get(key)
        if raw and _ISO_DATE.match(raw.strip()):
            return raw.strip()
    return None


def credit(fields: list[MetaField]) -> Credit:
    by_key = _first_values(fields)
    creators = [f.value.strip() for f in fields if f.key in ("xmp:dc:creator", "iptc:By-line", "exif:Artist")]
    return Credit(
        credit=_first(by_key, "xmp:photoshop:Credit", "iptc:Credit"),
        creator=tuple(dict.fromkeys(c for c in creators if c)),
        rights=_first(by_key, "xmp:dc:rights", "iptc:CopyrightNotice", "exif:Copyright"),
        source=_first(by_key, "xmp:photoshop:Source", "iptc:Source"),
    )


def _first_values(fields: list[MetaField]) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in fields:
        out.setdefault(f.key, f.value)
    return out


def _first(by_key: dict[str, str], *keys: str) -> str | None:
    for key in keys:
        value = by_key.get(key, "").strip()
        if value:
            return value
    return None
