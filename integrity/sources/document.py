"""A raw input document and the one error type inputs raise."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol


class ImageSource(Protocol):
    """Where a page's images are when they are not files beside it (the same archive)."""

    def get(self, src: str) -> tuple[bytes, str] | None:
        """(bytes, where they came from), or None when this source does not hold ``src``."""


@dataclass(frozen=True, slots=True)
class Document:
    source: str  # a path as given, a URL, or "<string>"
    data: bytes
    kind: Literal["html", "text", "markdown"] | None = None  # None: decide from the content
    base_url: str | None = None
    folder: Path | None = None  # where relative image paths resolve (None: nowhere)
    image_source: ImageSource | None = None  # images come from here instead (an archive holding the page)
    # where a site-absolute image path (/images/a.jpg) resolves: a static site's static folder (None: ``folder``)
    site_folder: Path | None = None
    # the page as the caller's string, when it was given as one: already text, so it is never decoded
    # again (re-reading its UTF-8 bytes by the page's own <meta charset> would move every offset)
    text: str | None = None
    # the transport's Content-Type header (an archived HTTP response, a fetched page): its charset
    # decides the page's encoding before any <meta> does, as in a browser (None: a file, no header)
    content_type: str | None = None


class InputError(Exception):
    """An input that cannot be scanned; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)
