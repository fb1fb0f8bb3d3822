"""Files and folders on disk."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import BinaryIO

from . import multipart
from .compressed import gunzip, read_compressed
from .document import Document, InputError
from .selection import Selection

# a web page saved whole (MHTML: the page and its images as MIME parts) is read as the page it holds,
# named or found by a folder walk or in a zip/tar, one page per file (see saved_page)
SAVED_PAGE_SUFFIXES = (".mhtml", ".mht")
# the names a folder walk, an archive's member list and ``--changed`` read as articles
ARTICLE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".md", ".markdown", *SAVED_PAGE_SUFFIXES)
STDIN = "<stdin>"  # the source of an article piped in without --stdin-filename
# an article's kind from its suffix: files, archive members and changed files read it here
KIND_BY_SUFFIX = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".md": "markdown", ".markdown": "markdown"}
GZIP_SUFFIX = ".gz"  # a gzip-compressed article (``story.html.gz``) is read as the article it holds
_MARKDOWN = Path(__file__).resolve().parents[1] / "data" / "markdown.toml"
_SITE_LEVELS = 8  # how far above a Markdown article its site's root is looked for


def is_article_name(name: str) -> bool:
    """An article file's name: an article suffix, optionally followed by ``.gz``."""
    low = name.lower()
    if low.endswith(GZIP_SUFFIX):
        low = low[: -len(GZIP_SUFFIX)]
    return low.endswith(ARTICLE_SUFFIXES)


def is_saved_page_name(name: str) -> bool:
    """A saved page's name (``page.mhtml``, ``page.mht``, also gzip-compressed)."""
    low = name.lower()
    if low.endswith(GZIP_SUFFIX):
        low = low[: -len(GZIP_SUFFIX)]
    return low.endswith(SAVED_PAGE_SUFFIXES)


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
    if is_saved_page_name(path.name):
        return saved_page(str(path), data, base_url)
    kind = kind_of(path.name)
    site = static_folder(path.parent) if kind == "markdown" else None
    return Document(str(path), data, kind, base_url, folder=path.parent, site_folder=site)  # type: ignore[arg-type]


def saved_page(source: str, data: bytes, base_url: str | None = None) -> Document:
    """The page a saved MHTML file holds (see sources.multipart): its root part, decoded by that part's
    charset, its images taken from the file's other parts only (a saved page holds nothing else)."""
    held = multipart.page(data, "")
    url = base_url or multipart.page_url(held, None)
    return Document(source, held.page.data, "html", url, image_source=multipart.PartImages(held, url or ""),
                    content_type=held.page.content_type or None)


def kind_of(name: str) -> str | None:
    """The kind an article file's name says (``story.html.gz`` is html), or None: decide from the content."""
    low = name.lower()
    if low.endswith(GZIP_SUFFIX):
        low = low[: -len(GZIP_SUFFIX)]
    return KIND_BY_SUFFIX.get(Path(low).suffix)


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
    if is_saved_page_name(name):
        return saved_page(name, data, base_url)
    kind = kind_of(name)
    folder = (Path.cwd() / name).parent
    site = static_folder(folder) if kind == "markdown" else None
    return Document(name, data, kind, base_url, folder=folder, site_folder=site)  # type: ignore[arg-type]


@cache
def _site_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    with _MARKDOWN.open("rb") as fh:
        site = tomllib.load(fh)["site"]
    return tuple(site["static-folders"]), tuple(site["root-files"])


def static_folder(folder: Path) -> Path | None:
    """Where a static site serves ``/…`` from, for a Markdown article in ``folder``: the nearest folder
    above it holding ``static/`` (Hugo) or ``public/`` (Astro, Eleventy), or a Jekyll ``_config.yml``
    (the site's root itself); None when the article is in no such site."""
    statics, root_files = _site_names()
    here = folder.resolve()
    for candidate in (here, *here.parents)[:_SITE_LEVELS]:
        for name in statics:
            if (candidate / name).is_dir():
                return candidate / name
        if any((candidate / name).is_file() for name in root_files):
            return candidate
    return None
