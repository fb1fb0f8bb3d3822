"""A raw input document and the one error type inputs raise."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, slots=True)
class Document:
    source: str  # a path as given, a URL, or "<string>"
    data: bytes
    kind: Literal["html", "text"] | None = None  # None: decide from the content
    base_url: str | None = None
    folder: Path | None = None  # where relative image paths resolve (None: nowhere)


class InputError(Exception):
    """An input that cannot be scanned; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)
