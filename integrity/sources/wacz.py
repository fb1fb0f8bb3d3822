"""WACZ: a zip holding WARCs (archive/), the pages list (pages/pages.jsonl) and a CDXJ index.

Pages come from pages.jsonl when present (else every HTML record); record
offsets come from the CDXJ index when present (else one scan of each WARC).
Everything is read in place from the zip, as streams: the page list and the
CDXJ lines go straight into the on-disk index (see ``warc.IndexDB``), and a
WARC stored uncompressed (as WACZ asks) is read by seeking into the zip file.
"""

from __future__ import annotations

import gzip
import io
import json
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .document import InputError
from .warc import IndexWriter, Opener, WarcIndex, WarcRecordRef, build_index, scan_warc, source_key

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's local file header (30 bytes)


class _Slice(io.RawIOBase):
    """Bytes [start, start + size) of a file: a stored zip member read with real seeks."""

    def __init__(self, path: str, start: int, size: int) -> None:
        self._fh = open(path, "rb")
        self._start, self._size, self._pos = start, size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(base + offset, 0)
        return self._pos

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        n = min(len(buffer), self._size - self._pos)
        if n <= 0:
            return 0
        self._fh.seek(self._start + self._pos)
        got = self._fh.readinto(memoryview(buffer)[:n])
        self._pos += got or 0
        return got or 0

    def close(self) -> None:
        if not self.closed:
            self._fh.close()
        super().close()


def _stored_span(path: str, info: zipfile.ZipInfo) -> tuple[int, int] | None:
    """(start, size) of a stored, unencrypted member's bytes in the zip file, else None."""
    if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
        return None
    with open(path, "rb") as fh:
        fh.seek(info.header_offset)
        header = fh.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size:
            return None
        fields = _LOCAL_HEADER.unpack(header)
        if fields[0] != b"PK\x03\x04":
            return None
        start = info.header_offset + _LOCAL_HEADER.size + fields[10] + fields[11]
        fh.seek(0, io.SEEK_END)
        size = min(info.compress_size, max(fh.tell() - start, 0))
    return start, size


def member_opener(path: str, member: str) -> Opener:
    """Open one member for reading and seeking, without holding it in memory."""

    def open_member() -> IO[bytes]:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(member)
            span = _stored_span(path, info)
            if span is not None:
                return io.BufferedReader(_Slice(path, *span), buffer_size=1 << 16)
            # a compressed member: ZipExtFile seeks (backwards by reading again from the start);
            # it keeps the zip file open after the ZipFile is closed, until it is closed itself
            return zf.open(info)

    return open_member


def _lines(zf: zipfile.ZipFile, name: str) -> Iterator[str]:
    with zf.open(name) as raw:
        stream: IO[bytes] = gzip.GzipFile(fileobj=raw) if name.endswith(".gz") else raw  # type: ignore[assignment]
        for line in io.TextIOWrapper(stream, encoding="utf-8", errors="replace"):  # type: ignore[arg-type]
            yield line.rstrip("\r\n")


def _page_urls(zf: zipfile.ZipFile, name: str) -> Iterator[str]:
    for line in _lines(zf, name):
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and isinstance(item.get("url"), str) and item["url"]:
            yield item["url"]


def _cdxj_records(zf: zipfile.ZipFile, writer: IndexWriter) -> bool:
    """Every CDXJ line into ``writer`` (member = the WARC it names); False when there is no CDXJ
    index or it cannot be read (then every WARC is scanned instead)."""
    names = [n for n in zf.namelist() if n.startswith("indexes/") and n.endswith((".cdxj", ".cdx", ".cdxj.gz", ".cdx.gz"))]
    if not names:
        return False
    try:
        for name in names:
            for line in _lines(zf, name):
                parts = line.split(" ", 2)
                if len(parts) < 3 or not parts[2].startswith("{"):
                    continue
                try:
                    meta = json.loads(parts[2])
                    offset = int(meta.get("offset", 0))
                except (ValueError, TypeError, AttributeError):
                    continue
                if offset < 0:  # not a place in any file
                    continue
                kind = "revisit" if meta.get("mime") == "warc/revisit" else "response"
                writer.add("archive/" + str(meta.get("filename", "")),
                           WarcRecordRef(offset, kind, str(meta.get("url", "")), str(meta.get("mime", "")), parts[1],
                                         str(meta.get("digest", ""))), str(meta.get("status", "")))
    except (OSError, EOFError, zipfile.BadZipFile):
        writer.forget_records()  # e.g. a compressed ZipNum index: fall back to scanning
        return False
    return True


def _fill(path: Path, zf: zipfile.ZipFile, warcs: list[str], writer: IndexWriter) -> None:
    """The page list, then the CDXJ index, then a scan of every WARC the CDXJ does not cover."""
    names = zf.namelist()
    lists = [n for n in ("pages/pages.jsonl", "pages/extraPages.jsonl") if n in names]
    if lists:
        writer.page_list(url for name in lists for url in _page_urls(zf, name))
    cdxj = _cdxj_records(zf, writer)
    for member in warcs:
        if not (cdxj and writer.has_records(member)):
            scan_warc(member_opener(str(path), member), writer, member)


def index_wacz(path: Path, db: str | Path | None = None, max_pages: int | None = None) -> list[tuple[str, WarcIndex]]:
    """Per WARC member: its index, all in one SQLite file ``db`` for the whole WACZ (reused as it
    is when made from the WACZ as it is now), or in memory when None; ``max_pages`` caps the file
    (see IndexWriter).

    When the WACZ lists its pages (pages.jsonl), each index's ``pages()`` yields only those."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError("archive.corrupt", f"not a readable WACZ: {exc}") from None
    with zf:
        warcs = [n for n in zf.namelist() if n.startswith("archive/") and n.endswith((".warc", ".warc.gz"))]
        indexdb = build_index(db, source_key(path) if db is not None else "",
                              lambda writer: _fill(path, zf, warcs, writer), max_pages)
    return [(member, WarcIndex(indexdb, member, f"{path}!{member}")) for member in warcs]


def wacz_pages(path: Path, db: str | Path | None = None) -> Iterator[tuple[str, WarcIndex, WarcRecordRef]]:
    for member, idx in index_wacz(path, db):
        for ref in idx.pages():
            yield member, idx, ref
