"""Files and folders on disk."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .document import Document, InputError

ARTICLE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")
_KIND_BY_SUFFIX = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text"}


def iter_paths(path: Path) -> Iterator[Path]:
    """A file as itself; a folder walked (sorted, no symlinked folders) for article files."""
    if path.is_dir():
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.lower().endswith(ARTICLE_SUFFIXES):
                    yield Path(dirpath) / name
    else:
        yield path


def read_document(path: Path, max_bytes: int, base_url: str | None = None) -> Document:
    if not path.exists():
        raise InputError("input.missing", "no such file")
    if path.is_dir():
        raise InputError("input.unrecognized", "is a folder")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError("input.too-large", f"{size} bytes is over the limit of {max_bytes} (max_document_bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("input.unreadable", exc.strerror or str(exc)) from None
    kind = _KIND_BY_SUFFIX.get(path.suffix.lower())
    return Document(str(path), data, kind, base_url, folder=path.parent)  # type: ignore[arg-type]
