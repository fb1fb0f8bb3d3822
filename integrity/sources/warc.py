"""Web archives: WARC / WARC.gz read with warcio, indexed in one pass, then read by seeking.

The index maps every response/resource/revisit record to its offset, so a
page's images are found in the same archive by URL without a second scan,
and a worker process is handed (archive path, index path, offset), never the
bytes. Revisit records are followed to the record they repeat; a record that
cannot be read (truncated, bad length, broken gzip member) is reported with
its reason.

The index is an SQLite table (a file, or an in-memory database for one-off
reads), never a Python list or dict: an archive of millions of records costs
its reader the same memory as one of ten. A file index remembers the
archive's size and mtime and is reused while they stay the same.
"""

from __future__ import annotations

import io
import os
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urldefrag, urljoin

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from . import multipart
from .document import Document, InputError

# Content-Encoding values a payload may carry that need no decoding
_IDENTITY = ("", "identity", "none")


class _Decoder:
    """A streaming decoder in the shape warcio's reader expects (``decompress`` and ``unused_data``,
    which brotli's and zstandard's own objects do not all carry)."""

    unused_data = None

    def __init__(self, decompress: Callable[[bytes], bytes]) -> None:
        self.decompress = decompress


def _register_decoders() -> None:
    """Teach warcio's reader br and zstd (it knows gzip and deflate) when their decoders are
    installed (the archives extra); without them such payloads are reported by name."""
    try:
        import brotli
    except ImportError:
        pass
    else:
        BufferedReader.DECOMPRESSORS["br"] = lambda: _Decoder(brotli.Decompressor().process)
    try:
        import zstandard
    except ImportError:
        pass
    else:
        BufferedReader.DECOMPRESSORS["zstd"] = lambda: _Decoder(zstandard.ZstdDecompressor().decompressobj().decompress)


_register_decoders()


def _undecodable_encoding(record) -> str | None:  # type: ignore[no-untyped-def]
    """The record's Content-Encoding when no installed decoder reads it (warcio would then hand
    back the encoded bytes as if they were the page)."""
    if record.http_headers is None:
        return None
    encoding = (record.http_headers.get_header("Content-Encoding") or "").strip().lower()
    if encoding in _IDENTITY or encoding in BufferedReader.get_supported_decompressors():
        return None
    return encoding

Opener = Callable[[], IO[bytes]]
HTML_TYPES = ("text/html", "application/xhtml+xml")
INDEX_FORMAT = "4"  # bump when the schema or what is a page changes: an index of another format is rebuilt
_BATCH = 500  # rows per INSERT while indexing
_FIELDS = "offset, kind, url, mime, date, digest, refers_to"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (seq INTEGER PRIMARY KEY, member TEXT NOT NULL, offset INTEGER NOT NULL,
    kind TEXT NOT NULL, url TEXT NOT NULL, mime TEXT NOT NULL, date TEXT NOT NULL, digest TEXT NOT NULL,
    refers_to TEXT NOT NULL, html INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS errors (member TEXT NOT NULL, offset INTEGER NOT NULL, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS page_list (url TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# built once the records are in (faster than keeping them up to date row by row)
_LOOKUPS = """
CREATE INDEX IF NOT EXISTS records_url ON records(member, url) WHERE kind != 'revisit';
CREATE INDEX IF NOT EXISTS records_digest ON records(member, digest) WHERE kind != 'revisit' AND digest != '';
CREATE INDEX IF NOT EXISTS records_offset ON records(member, offset);
"""


@dataclass(frozen=True, slots=True)
class WarcRecordRef:
    offset: int
    kind: str  # response | resource | revisit
    url: str
    mime: str
    date: str
    digest: str
    refers_to: str = ""  # revisit: the URL it repeats


def is_html(mime: str) -> bool:
    return mime.split(";")[0].strip().lower() in HTML_TYPES


def is_page_type(mime: str) -> bool:
    """Whether a record of this media type can be a page: HTML, or a multipart that may hold one
    (an MHTML snapshot; see sources.multipart)."""
    return is_html(mime) or multipart.may_hold_page(mime)


def source_key(path: str | Path) -> str:
    """What tells an archive's index is still its index: the archive's size and mtime."""
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}"


def _read_only(path: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, check_same_thread=False)
    # look-ups touch a few pages each and the OS caches the file: a small page cache keeps a
    # worker's memory the same for an archive of any size (SQLite's default grows to 2 MB)
    conn.execute("PRAGMA cache_size=-256")
    return conn


class IndexDB:
    """The SQLite database (a file, or memory for one-off reads) holding one archive's index.

    One connection, opened read-only on first use in the process that uses it (an index is
    handed to other processes as a path, never as an open connection); a lock serialises
    queries so threads may share it.
    """

    def __init__(self, path: str | Path | None = None, conn: sqlite3.Connection | None = None) -> None:
        self.path = str(path) if path is not None else None
        self._conn = conn
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            if self.path is None:
                raise ValueError("this in-memory index was closed")
            self._conn = _read_only(self.path)
        return self._conn

    def one(self, sql: str, args: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        with self._lock:
            return self._connection().execute(sql, args).fetchone()  # type: ignore[no-any-return]

    def rows(self, sql: str, args: tuple[Any, ...] = (), batch: int = 256) -> Iterator[tuple[Any, ...]]:
        """Every row of a query, fetched a batch at a time (the result is never in memory whole)."""
        with self._lock:
            cursor = self._connection().execute(sql, args)
        while True:
            with self._lock:
                rows = cursor.fetchmany(batch)
            if not rows:
                return
            yield from rows

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn = None


def is_current(path: str | Path, source: str) -> bool:
    """True when ``path`` is a complete index (see IndexWriter.finish) of the archive as it is now."""
    try:
        conn = _read_only(path)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('format', 'source')"))
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return meta == {"format": INDEX_FORMAT, "source": source}


class IndexWriter:
    """Fills an index database: in memory, or into ``path`` through a temporary file that takes
    its place only when complete, so a crash while indexing never leaves a half-written index.

    ``max_pages`` caps the file's size in SQLite pages (``max_page_count``): past it a write
    fails with SQLITE_FULL exactly as on a full disk (the audit's disk-full tests set it)."""

    def __init__(self, path: str | Path | None = None, source: str = "", max_pages: int | None = None) -> None:
        self.path, self.source = (Path(path) if path is not None else None), source
        self._batch: list[tuple[Any, ...]] = []
        if self.path is None:
            self.conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.tmp = self.path.with_name(self.path.name + ".tmp")
            self.tmp.unlink(missing_ok=True)  # left by a crash: never read, rebuilt from scratch
            self.conn = sqlite3.connect(self.tmp, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=OFF")  # a scratch file until it is renamed into place
            self.conn.execute("PRAGMA synchronous=OFF")
            if max_pages is not None:
                self.conn.execute(f"PRAGMA max_page_count={int(max_pages)}")
        self.conn.executescript(_SCHEMA)
        self.conn.execute("BEGIN")

    def add(self, member: str, ref: WarcRecordRef, status: str = "") -> None:
        """``status``: the HTTP status of a response; only a 2xx (or none, a resource) can be a page."""
        page = is_page_type(ref.mime) and (not status or status.startswith("2"))
        self._batch.append((member, ref.offset, ref.kind, ref.url, ref.mime, ref.date, ref.digest, ref.refers_to,
                            int(page)))
        if len(self._batch) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if self._batch:
            self.conn.executemany(
                f"INSERT INTO records (member, {_FIELDS}, html) VALUES (?,?,?,?,?,?,?,?,?)", self._batch)
            self._batch.clear()

    def error(self, member: str, offset: int, reason: str) -> None:
        self.conn.execute("INSERT INTO errors VALUES (?,?,?)", (member, offset, reason))

    def page_list(self, urls: Iterable[str]) -> None:
        """The pages a WACZ lists (pages.jsonl): only those are the archive's documents."""
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('page_list', '1')")
        # executemany steps through the generator: the list is never in memory whole
        self.conn.executemany("INSERT OR IGNORE INTO page_list VALUES (?)", ((url,) for url in urls))

    def forget_records(self) -> None:
        """Drop every record added so far (an index that turned out unreadable half-way)."""
        self._batch.clear()
        self.conn.execute("DELETE FROM records")

    def has_records(self, member: str) -> bool:
        self.flush()
        return self.conn.execute("SELECT 1 FROM records WHERE member=? LIMIT 1", (member,)).fetchone() is not None

    def finish(self) -> IndexDB:
        """Commit, mark the index complete, build the look-ups, and hand back the database to read."""
        self.flush()
        self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                              [("format", INDEX_FORMAT), ("source", self.source)])
        self.conn.execute("COMMIT")
        self.conn.executescript(_LOOKUPS)
        if self.path is None:
            return IndexDB(None, self.conn)
        self.conn.close()
        os.replace(self.tmp, self.path)
        return IndexDB(self.path)

    def abandon(self) -> None:
        self.conn.close()
        if self.path is not None:
            self.tmp.unlink(missing_ok=True)


def build_index(db: str | Path | None, source: str, fill: Callable[[IndexWriter], None],
                max_pages: int | None = None) -> IndexDB:
    """The index file ``db`` when it is complete and was made from the archive as it is now
    (``source``, see source_key); else a new one (in memory when ``db`` is None) filled by ``fill``,
    at most ``max_pages`` SQLite pages large (see IndexWriter)."""
    if db is not None and source and is_current(db, source):
        return IndexDB(db)
    writer = IndexWriter(db, source, max_pages)
    try:
        fill(writer)
        return writer.finish()
    except BaseException:
        writer.abandon()
        raise


class WarcIndex:
    """Where every record of one WARC is (a WARC file, or one WARC member of a WACZ), looked up
    in an :class:`IndexDB`: nothing per record is kept in memory."""

    def __init__(self, db: IndexDB, member: str = "", name: str = "") -> None:
        self.db, self.member, self.name = db, member, name or db.path or ":memory:"

    @classmethod
    def open(cls, path: str | Path, member: str = "") -> WarcIndex:
        return cls(IndexDB(path), member)

    def close(self) -> None:
        self.db.close()

    def _first(self, where: str, *args: Any) -> WarcRecordRef | None:
        """The first record (in archive order) of this member that matches ``where``."""
        row = self.db.one(f"SELECT {_FIELDS} FROM records WHERE member=? AND {where} ORDER BY seq LIMIT 1",
                          (self.member, *args))
        return WarcRecordRef(*row) if row is not None else None

    @property
    def errors(self) -> list[tuple[int, str]]:
        """(offset, reason) of the records that could not be read (one per archive at most)."""
        return [(o, r) for o, r in self.db.rows("SELECT offset, reason FROM errors WHERE member=? ORDER BY rowid",
                                                (self.member,))]

    def records(self) -> Iterator[WarcRecordRef]:
        """Every indexed record in archive (or CDXJ) order, streamed."""
        for row in self.db.rows(f"SELECT {_FIELDS} FROM records WHERE member=? ORDER BY seq", (self.member,)):
            yield WarcRecordRef(*row)

    def at(self, offset: int) -> WarcRecordRef | None:
        """The record that starts at ``offset``."""
        return self._first("offset=?", offset)

    def by_url(self, url: str) -> WarcRecordRef | None:
        """The first response/resource record for ``url`` (revisits hold no payload)."""
        return self._first("url=? AND kind != 'revisit'", url)

    def by_digest(self, digest: str) -> WarcRecordRef | None:
        if not digest:
            return None
        return self._first("digest=? AND kind != 'revisit' AND digest != ''", digest)

    def pages(self) -> Iterator[WarcRecordRef]:
        """The archive's HTML pages (revisits of HTML pages included), in order, streamed; a WACZ
        with a page list yields only the pages it lists."""
        listed = self.db.one("SELECT 1 FROM meta WHERE key='page_list'") is not None
        sql = (f"SELECT {_FIELDS}, html FROM records r WHERE member=? AND (html OR kind = 'revisit')"
               + (" AND EXISTS (SELECT 1 FROM page_list p WHERE p.url = r.url)" if listed else "") + " ORDER BY seq")
        for row in self.db.rows(sql, (self.member,)):
            ref = WarcRecordRef(*row[:-1])
            if row[-1] or self._revisits_html(ref):
                yield ref

    def _target(self, r: WarcRecordRef) -> WarcRecordRef | None:
        return self.by_digest(r.digest) or self.by_url(r.refers_to)

    def _revisits_html(self, r: WarcRecordRef) -> bool:
        target = self._target(r) if r.kind == "revisit" else None
        return target is not None and is_page_type(target.mime)

    def resolve(self, r: WarcRecordRef) -> WarcRecordRef:
        """A revisit's original record (the one holding the payload)."""
        if r.kind != "revisit":
            return r
        target = self._target(r)
        if target is None:
            raise InputError("warc.revisit-unresolved", f"revisit of {r.refers_to or r.url} points at no record in this archive")
        return target


def _status(record) -> str:  # type: ignore[no-untyped-def]
    """A response's HTTP status code ("" for a record without HTTP headers): a redirect or an error
    page archived with text/html is not an article."""
    if record.http_headers is None:
        return ""
    return str(record.http_headers.get_statuscode() or "")


def _mime(record) -> str:  # type: ignore[no-untyped-def]
    if record.http_headers is not None:
        return record.http_headers.get_header("Content-Type") or ""
    return record.rec_headers.get_header("Content-Type") or ""


_LENGTH_MISMATCH = ("record is not followed by the record separator: its Content-Length does not match "
                    "its content (a truncated or mis-measured record)")
_SEPARATOR_MAX = 64  # a WARC record ends with CRLF CRLF, an ARC record with LF; a few blank lines at most


def _only_separator(fh: IO[bytes], end: int, size: int) -> bool:
    """True when the bytes after the last record are its record separator (blank lines), which
    an uncompressed WARC/ARC reader leaves out of the record's length."""
    if size - end > _SEPARATOR_MAX:
        return False
    fh.seek(end)
    return fh.read(size - end).strip(b"\r\n") == b""


def _head(fh: IO[bytes]) -> bytes:
    """The archive's first few bytes, decompressed when it is gzip; the file position is kept at 0."""
    fh.seek(0)
    head = fh.read(64)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head + fh.read(4096), 16)
        except zlib.error:
            head = b""
    fh.seek(0)
    return head


def _is_arc(fh: IO[bytes]) -> bool:
    """Whether the archive is an ARC file (its first record is the ``filedesc://`` header)."""
    return _head(fh).startswith(b"filedesc://")


def is_warc(path: str | Path) -> bool:
    """Whether the file holds WARC or ARC records (plain or gzip), whatever its name says."""
    try:
        with open(path, "rb") as fh:
            return _head(fh).startswith((b"WARC/", b"filedesc://"))
    except OSError:
        return False


def _payload_whole(record, missing: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether an ARC record whose block ends ``missing`` bytes before its declared length still
    holds its whole HTTP payload, by the payload's own Content-Length: the ARC length is then
    mis-measured (line endings rewritten after the length was taken), not the record cut."""
    if record.http_headers is None or record.payload_length < 0:
        return False
    declared = (record.http_headers.get_header("Content-Length") or "").strip()
    return declared.isdigit() and record.payload_length - missing >= int(declared)


def _cut_short(record, reader, arc: bool) -> str | None:  # type: ignore[no-untyped-def]
    """Why a record read to the end of its stream is incomplete, else None.

    warcio reads a record's block through a reader limited to its Content-Length; when the
    archive (or the record's gzip member) ends first, that reader just stops, so the shortfall
    is left on its limit. A record with no such reader had no usable length: its header was cut
    off. A gzip member that did not reach its end is cut short whatever the lengths say. An ARC
    record is held to its length too, except when its HTTP payload is whole by its own
    Content-Length (real ARC files, warcio's own tests among them, carry lengths measured
    before their line endings were rewritten); an ARC length that is not a number (warcio's
    tests carry those as well) leaves only the header line to check (see _arc_header_whole).
    """
    stream = record.raw_stream
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not isinstance(stream, LimitReader) or not (arc or declared.isdigit()):
        return "record header is incomplete (no valid Content-Length): the archive is cut short or damaged here"
    decompressor = getattr(reader, "decompressor", None)
    if decompressor is not None and not getattr(decompressor, "eof", True):
        return "record is cut short: its gzip member ends before its end-of-member marker (a truncated archive)"
    if stream.limit > 0 and not (arc and _payload_whole(record, stream.limit)):
        return (f"record is cut short: its content ends {stream.limit} bytes before its Content-Length "
                "(a truncated archive, or a gzip member that ends inside its record)")
    return None


def _arc_header_whole(fh: IO[bytes], offset: int) -> bool:
    """Whether the ARC record header at ``offset`` of a plain (not gzip) file ends its lines: one
    line, three for the ``filedesc://`` header. warcio takes a header line cut anywhere after
    its fourth space for a whole one (the URL may hold spaces, and the length then reads as
    text), so a cut inside the header shows only as a missing newline. The file position is kept."""
    position = fh.tell()
    try:
        fh.seek(offset)
        line = fh.readline(1 << 16)
        lines = [line] + ([fh.readline(1 << 16), fh.readline(1 << 16)] if line.startswith(b"filedesc://") else [])
        return all(x.endswith(b"\n") for x in lines)
    finally:
        fh.seek(position)


def _next_record(fh: IO[bytes], end: int) -> int:
    """Where the record after one ending at ``end`` starts: past its record separator (blank
    lines). The file position is kept."""
    position = fh.tell()
    try:
        fh.seek(end)
        gap = fh.read(_SEPARATOR_MAX)
        return end + len(gap) - len(gap.lstrip(b"\r\n"))
    finally:
        fh.seek(position)


def _reason(exc: BaseException) -> str:
    """warcio's messages span several indented lines: one line for a report."""
    return f"{type(exc).__name__}: {' '.join(str(exc).split())}".rstrip(": ")


def scan_warc(open_stream: Opener, writer: IndexWriter, member: str = "") -> None:
    """One pass over the archive: every record's offset and what it holds, into ``writer``.

    A record that cannot be read whole is an error at its own offset and is not indexed (half a
    page is not the page). Error offsets are always byte offsets of the file: where the reader's
    position is not one (a single gzip member holding many records, where warcio's offsets run
    negative), the error is placed at the start of the last record that was placed.
    """
    with open_stream() as fh:
        fh.seek(0, io.SEEK_END)
        size = fh.tell()
        fh.seek(0)
        arc = _is_arc(fh)
        plain = fh.read(2) != b"\x1f\x8b"  # record offsets are byte offsets of the records' headers
        fh.seek(0)
        it = ArchiveIterator(fh, arc2warc=True)
        end = 0  # where the last record read whole ends: a byte offset of the file
        try:
            for record in it:
                kind = record.rec_type
                stream = record.raw_stream
                while stream.read(1 << 16):  # reading the block makes the reader find the record's end
                    pass
                seen_errors = it.err_count
                offset, length = it.get_record_offset(), it.get_record_length() or 0
                cut = _cut_short(record, it.reader, arc)
                if (cut is None and arc and plain and 0 <= length and offset + length >= size
                        and not _arc_header_whole(fh, offset)):
                    cut = "record header is cut short: its header line ends without a newline (a truncated archive)"
                if cut is not None:
                    rest = size - (offset + length) if 0 <= length <= size - offset else 0
                    writer.error(member, offset, cut + (f"; the {rest} bytes after it are not read" if rest else ""))
                    return
                # a non-chunked gzip gives positions in the decompressed stream, not the file
                end = offset + length if 0 <= length <= size - offset else offset
                if it.err_count > seen_errors:
                    # the reader found no separator where this record's Content-Length says it ends
                    writer.error(member, offset, _LENGTH_MISMATCH)
                if kind not in ("response", "resource", "revisit"):
                    continue
                writer.add(member, WarcRecordRef(
                    offset=offset,
                    kind=kind,
                    url=urldefrag(record.rec_headers.get_header("WARC-Target-URI") or "")[0],
                    mime=_mime(record),
                    date=record.rec_headers.get_header("WARC-Date") or "",
                    digest=record.rec_headers.get_header("WARC-Payload-Digest") or "",
                    refers_to=record.rec_headers.get_header("WARC-Refers-To-Target-URI") or "",
                ), _status(record))
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, IndexError, AttributeError, TypeError) as exc:
            # (warcio raises AttributeError/TypeError on some malformed headers)
            # the rest of the archive is unreachable after a broken record; what was indexed stays usable
            writer.error(member, _next_record(fh, end), f"archive unreadable from here on: {_reason(exc)}")
            return
        if not end and size and not _only_separator(fh, 0, size):
            writer.error(member, 0, f"no record could be read from its {size} bytes (an archive cut short "
                                    "inside its first record, or not an archive)")
        elif end and end < size and not _only_separator(fh, end, size):
            start = _next_record(fh, end)
            writer.error(member, start, f"{size - start} bytes after the last complete record could not be read "
                                        "(a truncated or corrupt record)")


def index_warc(open_stream: Opener, name: str, db: str | Path | None = None, source: str = "",
               max_pages: int | None = None) -> WarcIndex:
    """Index a WARC in one pass: into the SQLite file ``db`` (reused as it is when it was made
    from the same archive, ``source``; see source_key), or into memory when None; ``max_pages``
    caps the file (see IndexWriter)."""
    return WarcIndex(build_index(db, source, lambda writer: scan_warc(open_stream, writer), max_pages), "", name)


def read_payload(open_stream: Opener, ref: WarcRecordRef, max_bytes: int) -> bytes:
    """The HTTP payload (body) of the record at ``ref.offset``; raises InputError when it cannot be read."""
    return read_response(open_stream, ref, max_bytes)[0]


def read_response(open_stream: Opener, ref: WarcRecordRef, max_bytes: int) -> tuple[bytes, str]:
    """The payload of the record at ``ref.offset`` and its Content-Type as the record holds it (the
    archived HTTP response's header, whose charset decides a page's encoding; a CDXJ index keeps only
    the media type); raises InputError when it cannot be read."""
    try:
        with open_stream() as fh:
            arc = _is_arc(fh)
            fh.seek(ref.offset)
            record = next(iter(ArchiveIterator(fh, arc2warc=True)))
            encoding = _undecodable_encoding(record)
            if encoding is not None:
                raise InputError("warc.encoding-unsupported", f"record at offset {ref.offset} is sent with "
                                 f"Content-Encoding {encoding!r}, which integrity cannot decode")
            stream = record.content_stream()
            data = stream.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError("input.too-large", f"record payload is over the limit of {max_bytes} bytes")
            while record.raw_stream.read(1 << 16):  # the rest of the block (a chunked or encoded body's tail)
                pass
            cut = _cut_short(record, None, arc)
            if cut is not None:  # an index not made by scanning (a WACZ's CDXJ) may point at a broken record
                raise InputError("warc.truncated", f"record at offset {ref.offset}: {cut}")
            return data, _mime(record)
    except InputError:
        raise
    except (ArchiveLoadFailed, StopIteration, OSError, EOFError, ValueError, IndexError, AttributeError, TypeError) as exc:
        raise InputError("warc.corrupt", f"record at offset {ref.offset} cannot be read: {type(exc).__name__}: {exc}") from None


class WarcImages:
    """Images for a page, looked up in the same archive by absolute URL."""

    def __init__(self, open_stream: Opener, index: WarcIndex, page_url: str, max_bytes: int) -> None:
        self.open_stream, self.index, self.page_url, self.max_bytes = open_stream, index, page_url, max_bytes

    def get(self, src: str) -> tuple[bytes, str] | None:
        try:
            url = urldefrag(urljoin(self.page_url, src))[0]
        except ValueError:
            return None
        ref = self.index.by_url(url)
        if ref is None:
            return None
        return read_payload(self.open_stream, self.index.resolve(ref), self.max_bytes), url


def page_document(open_stream: Opener, index: WarcIndex, ref: WarcRecordRef, doc_id: str, max_bytes: int) -> Document:
    target = index.resolve(ref)
    data, content_type = read_response(open_stream, target, max_bytes)
    if multipart.may_hold_page(content_type or target.mime):
        # the page is the HTML part: its own Content-Type (charset) and Content-Location are the page's
        held = multipart.page(data, content_type or target.mime)
        page_url = multipart.page_url(held, ref.url) or ""
        images = multipart.PartImages(held, page_url, WarcImages(open_stream, index, page_url, max_bytes))
        return Document(doc_id, held.page.data, "html", page_url or None, image_source=images,
                        content_type=held.page.content_type or None)
    return Document(doc_id, data, "html", ref.url or None, image_source=WarcImages(open_stream, index, ref.url, max_bytes),
                    content_type=content_type or None)


def file_opener(path: str) -> Opener:
    return lambda: open(path, "rb")


def bytes_opener(data: bytes) -> Opener:
    return lambda: io.BytesIO(data)
