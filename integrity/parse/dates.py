"""Publication dates in the forms news pages print them, normalised to ISO 8601."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

_MONTHS = {m.casefold(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.casefold(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_MDY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?\b")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD`` (or a full ISO timestamp when given one)."""
    m = _ISO.search(text)
    if m:
        day = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if day and m.group(4):
            try:
                return datetime.fromisoformat(m.group(0).replace("Z", "+00:00")).isoformat()
            except ValueError:
                return day
        if day:
            return day
    m = _DMY.search(text)
    if m:
        return _iso(int(m.group(3)), _MONTHS[m.group(2).casefold()], int(m.group(1)))
    m = _MDY.search(text)
    if m:
        return _iso(int(m.group(3)), _MONTHS[m.group(1).casefold()], int(m.group(2)))
    return None
