"""Files and folders on disk."""

from __future__ import annotations

import fnmatch
import os
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from .document import Document, InputError

ARTICLE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".md", ".markdown")
# an article's kind from its suffix: files, archive members and changed files read it here
KIND_BY_SUFFIX = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".md": "markdown", ".markdown": "markdown"}


_NOT_ARTICLES = Path(__file__).resolve().parents[1] / "data" / "not_articles.toml"
_MARKDOWN = Path(__file__).resolve().parents[1] / "data" / "markdown.toml"
_SITE_LEVELS = 8  # how far above a Markdown article its site's root is looked for


@cache
def _not_articles() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(folder globs, file globs) a walk skips: dependency and tool folders, licence and requirements files."""
    with _NOT_ARTICLES.open("rb") as fh:
        data = tomllib.load(fh)
    return tuple(g.lower() for g in data["folders"]), tuple(g.lower() for g in data["files"])


def _matches(name: str, globs: tuple[str, ...]) -> bool:
    low = name.lower()
    return any(fnmatch.fnmatchcase(low, g) for g in globs)


def iter_paths(path: Path) -> Iterator[Path]:
    """A file as itself (always: it was named); a folder walked (sorted, no symlinked folders) for article files.

    The walk leaves out hidden folders and what ``data/not_articles.toml`` lists (``node_modules``,
    virtual environments, ``requirements.txt``, ``LICENSE.txt`` ...): a repository's own files are not articles."""
    if path.is_dir():
        folders, files = _not_articles()
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not _matches(d, folders))
            for name in sorted(filenames):
                if name.lower().endswith(ARTICLE_SUFFIXES) and not _matches(name, files):
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
    kind = KIND_BY_SUFFIX.get(path.suffix.lower())
    site = static_folder(path.parent) if kind == "markdown" else None
    return Document(str(path), data, kind, base_url, folder=path.parent, site_folder=site)  # type: ignore[arg-type]


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
