"""Turn audit inputs into work items: cheap to list, cheap to pickle, no page read yet.

Each item carries a change key (size and mtime, a zip CRC, a WARC payload
digest) so an incremental re-run can skip an unchanged document without
opening it. A WARC's or WACZ's record index is built once, here, into an
SQLite file beside the store (kept while the archive's size and mtime stay
the same, so a resumed or repeated audit does not scan it again); the pages
are listed from that file, never from a list in memory, and workers look
their record up in it by offset.
"""

from __future__ import annotations

import glob
import hashlib
import os
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..sources.archives import ArchiveLimits, is_tar, is_zip, list_members
from ..sources.file import ARTICLE_SUFFIXES
from ..sources.wacz import index_wacz
from ..sources.warc import file_opener, index_warc, is_warc, source_key
from .full import no_room

# what reading an input can raise that makes the input, not the run, unreadable
_UNREADABLE = (OSError, zipfile.BadZipFile, tarfile.TarError, zlib.error, ValueError, EOFError, NotImplementedError)

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    kind: str  # file | member | warc | wacz | error
    container: str
    member: str = ""
    offset: int = -1
    url: str = ""
    key: str = ""
    refused: str | None = None
    code: str = ""  # why it was refused: archive.refused, archive.corrupt, input.missing
    index_file: str = ""  # warc/wacz items: the SQLite record index of the archive


def _file_item(path: Path) -> Item:
    try:
        key = source_key(path)
    except OSError:
        key = ""
    return Item(str(path), "file", str(path), key=key)


def index_file(index_dir: Path, archive: Path, source: str) -> Path:
    """Where an archive's index lives. The name carries the archive's size and mtime (``source``),
    so a changed archive gets a new file and a process holding the old one open never reads
    stale offsets."""
    stem = hashlib.sha256(str(archive.resolve()).encode()).hexdigest()[:20]
    target = index_dir / f"{stem}-{source.replace(':', '-')}.sqlite"
    for old in index_dir.glob(f"{stem}-*.sqlite"):
        if old != target:
            old.unlink(missing_ok=True)  # the index of an earlier state of this archive
    return target


def _warc_items(path: Path, index_dir: Path, index_max_pages: int | None) -> Iterator[Item]:
    source = source_key(path)
    db = index_file(index_dir, path, source)
    index = index_warc(file_opener(str(path)), str(path), db, source, index_max_pages)
    try:
        for ref in index.pages():
            yield Item(f"{path}#{ref.offset}", "warc", str(path), offset=ref.offset, url=ref.url,
                       key=ref.digest or f"{ref.offset}:{ref.date}", index_file=str(db))
        for offset, reason in index.errors:
            yield Item(f"{path}#error@{offset}", "error", str(path), offset=offset, refused=reason,
                       code="archive.corrupt")
    finally:
        index.close()


NO_WARC = "this WACZ holds no WARC file under archive/, so it has no page to check"


def _wacz_items(path: Path, index_dir: Path, index_max_pages: int | None) -> Iterator[Item]:
    db = index_file(index_dir, path, source_key(path))
    indexes = index_wacz(path, db, index_max_pages)
    if not indexes:
        # no WARC under archive/: not a WACZ that holds anything, which is itself the report
        yield Item(f"{path}#empty", "error", str(path), refused=NO_WARC, code="archive.empty")
        return
    try:
        for member, index in indexes:
            for ref in index.pages():
                yield Item(f"{path}!{member}#{ref.offset}", "wacz", str(path), member=member, offset=ref.offset,
                           url=ref.url, key=ref.digest or f"{ref.offset}:{ref.date}", index_file=str(db))
            for offset, reason in index.errors:
                yield Item(f"{path}!{member}#error@{offset}", "error", str(path), member=member, offset=offset,
                           refused=reason, code="archive.corrupt")
    finally:
        for _, index in indexes:
            index.close()


def _archive_items(path: Path, limits: ArchiveLimits) -> Iterator[Item]:
    for ref in list_members(path, limits):
        yield Item(ref.id, "member", str(path), member=ref.name, key=f"{ref.size}:{ref.crc if ref.crc is not None else ''}",
                   refused=ref.refused, code="archive.refused")


def expand(inputs: list[str]) -> Iterator[Path]:
    """Paths as given, globs expanded; folders stay folders."""
    for given in inputs:
        if any(ch in given for ch in "*?[") and not Path(given).exists():
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                yield Path(given)  # reported as missing
            for m in matches:
                yield Path(m)
        else:
            yield Path(given)


def plan(inputs: list[str], index_dir: Path, limits: ArchiveLimits, index_max_pages: int | None = None) -> Iterator[Item]:
    """Every document of every input, once, in a stable order; unreadable inputs as error items.

    Archive indexes are written under ``index_dir``, each at most ``index_max_pages`` SQLite
    pages large when given (see :class:`~integrity.sources.warc.IndexWriter`)."""
    seen: set[str] = set()  # a file or archive named twice is planned once (one entry per file, never per record)
    for path in expand(inputs):
        try:
            if path.is_dir():
                found = False
                for dirpath, dirnames, filenames in os.walk(path):
                    dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                    for name in sorted(filenames):
                        for item in _once(Path(dirpath) / name, seen, index_dir, index_max_pages, limits, walking=True):
                            found = True
                            yield item
                if not found and f"{path}#empty" not in seen:  # an empty folder is reported, as scan reports it
                    seen.add(f"{path}#empty")
                    yield Item(f"{path}#empty", "error", str(path), refused="folder holds no document or archive",
                               code="input.empty")
            elif path.exists():
                yield from _once(path, seen, index_dir, index_max_pages, limits, walking=False)
            elif str(path) not in seen:
                seen.add(str(path))
                yield Item(str(path), "error", str(path), refused="no such file or folder", code="input.missing")
        except _UNREADABLE as exc:
            if no_room(exc):
                raise  # a full disk (the archive's index could not be written) stops the audit: resumable
            if f"{path}#unreadable" not in seen:
                seen.add(f"{path}#unreadable")
                yield Item(f"{path}#unreadable", "error", str(path),
                           refused=f"cannot read this input: {type(exc).__name__}: {exc}", code="input.unreadable")


def _once(path: Path, seen: set[str], index_dir: Path, index_max_pages: int | None, limits: ArchiveLimits,
          walking: bool) -> Iterator[Item]:
    if str(path) in seen:
        return
    for item in _one(path, index_dir, index_max_pages, limits, walking):
        seen.add(str(path))
        yield item


def _one(path: Path, index_dir: Path, index_max_pages: int | None, limits: ArchiveLimits,
         walking: bool) -> Iterator[Item]:
    name = path.name.lower()
    try:
        if name.endswith(WARC_SUFFIXES) or (not name.endswith(ARTICLE_SUFFIXES) and is_warc(path)):
            yield from _warc_items(path, index_dir, index_max_pages)  # by name, or by its first record
        elif name.endswith(".wacz"):
            yield from _wacz_items(path, index_dir, index_max_pages)
        elif is_zip(path) or is_tar(path):
            yield from _archive_items(path, limits)
        elif name.endswith(ARTICLE_SUFFIXES) or not walking:
            yield _file_item(path)
    except _UNREADABLE as exc:
        if no_room(exc):
            raise
        yield Item(f"{path}#unreadable", "error", str(path), refused=f"cannot read this archive: {type(exc).__name__}: {exc}",
                    code="archive.corrupt")
