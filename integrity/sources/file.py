"""Files and folders on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .compressed import gunzip, read_compressed
from .document import Document, InputError
from .selection import Selection

ARTICLE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")
STDIN = "<stdin>"  # the source of an article piped in without --stdin-filename
_KIND_BY_SUFFIX = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text"}


GZIP_SUFFIX = ".gz"  # a gzip-compressed article (``story.html.gz``) is read as the article it holds


def is_article_name(name: str) -> bool:
    """An article file's name: an article suffix, optionally followed by ``.gz``."""
    low = name.lower()
    if low.endswith(GZIP_SUFFIX):
        low = low[: -len(GZIP_SUFFIX)]
    return low.endswith(ARTICLE_SUFFIXES)


def iter_paths(path: Path, selection: Selection | None = None) -> Iterator[Path]:
    """A file as itself (always: it was named); a folder walked for article files (:mod:`.selection` says which).

    Without a ``selection`` the walk leaves out hidden folders, what ``data/not_articles.toml`` lists
    (``node_modules``, virtual environments, ``requirements.txt``, ``LICENSE.txt`` ...) and what
    ``.gitignore`` / ``.integrityignore`` files name: a repository's own files are not articles."""
    if path.is_dir():
        yield from (selection or Selection(is_article_name)).walk(path)
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
        data = read_compressed(path, max_bytes, article=is_article_name(path.name))
        if data is None:
            data = path.read_bytes()
    except OSError as exc:
        raise InputError("input.unreadable", exc.strerror or str(exc)) from None
    kind = kind_of(path.name)
    return Document(str(path), data, kind, base_url, folder=path.parent)  # type: ignore[arg-type]


def kind_of(name: str) -> str | None:
    """The kind an article file's name says (``story.html.gz`` is html), or None: decide from the content."""
    low = name.lower()
    if low.endswith(GZIP_SUFFIX):
        low = low[: -len(GZIP_SUFFIX)]
    return _KIND_BY_SUFFIX.get(Path(low).suffix)


def read_stream(stream: BinaryIO, max_bytes: int, name: str | None, base_url: str | None = None) -> Document:
    """An article piped in (``integrity scan -``): named ``name`` when the caller gives one (``--stdin-filename``),
    whose suffix gives the kind and whose folder is where its images are looked for."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError("input.too-large", f"standard input is over the limit of {max_bytes} bytes (max_document_bytes)")
    if name is None:
        return Document(STDIN, data, None, base_url, folder=Path.cwd())
    if name.lower().endswith(GZIP_SUFFIX) and is_article_name(name):
        data = gunzip(data, max_bytes)
    return Document(name, data, kind_of(name), base_url, folder=(Path.cwd() / name).parent)  # type: ignore[arg-type]
