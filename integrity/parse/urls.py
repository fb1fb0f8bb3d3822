"""URL handling that never raises on what a hostile page writes ("http://[::1", "//[").

``urllib.parse`` raises ValueError on malformed hosts; a page must not be able
to stop its own check that way. These return None (or the input) instead.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit


def split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:
        return None


def join(base: str | None, url: str) -> str:
    if not base:
        return url
    try:
        return urljoin(base, url)
    except ValueError:
        return url


def path(url: str) -> str:
    parts = split(url)
    return parts.path if parts is not None else ""
