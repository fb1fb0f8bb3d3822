"""Web archives: WARC / WARC.gz read with warcio, indexed in one pass, then read by seeking.

The index maps every response/resource/revisit record to its offset, so a
page's images are found in the same archive by URL without a second scan,
and a worker process is handed (path, offset), never the bytes. Revisit
records are followed to the record they repeat; a record that cannot be read
(truncated, bad length, broken gzip member) is reported with its reason.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import IO, Callable, Iterator
from urllib.parse import urldefrag, urljoin

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .document import Document, InputError

Opener = Callable[[], IO[bytes]]
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcRecordRef:
    offset: int
    kind: str  # response | resource | revisit
    url: str
    mime: str
    date: str
    digest: str
    refers_to: str = ""  # revisit: the URL it repeats


@dataclass
class WarcIndex:
    name: str
    records: list[WarcRecordRef] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (offset, reason) of unreadable records
    by_url: dict[str, WarcRecordRef] = field(default_factory=dict)
    by_digest: dict[str, WarcRecordRef] = field(default_factory=dict)

    def pages(self) -> Iterator[WarcRecordRef]:
        for r in self.records:
            if r.mime.split(";")[0].strip().lower() in HTML_TYPES or (r.kind == "revisit" and self._revisits_html(r)):
                yield r

    def _revisits_html(self, r: WarcRecordRef) -> bool:
        target = self.by_digest.get(r.digest) or self.by_url.get(r.refers_to)
        return target is not None and target.kind != "revisit" and target.mime.split(";")[0].strip().lower() in HTML_TYPES

    def resolve(self, r: WarcRecordRef) -> WarcRecordRef:
        """A revisit's original record (the one holding the payload)."""
        if r.kind != "revisit":
            return r
        target = self.by_digest.get(r.digest) or self.by_url.get(r.refers_to)
        if target is None or target.kind == "revisit":
            raise InputError("warc.revisit-unresolved", f"revisit of {r.refers_to or r.url} points at no record in this archive")
        return target


def _mime(record) -> str:  # type: ignore[no-untyped-def]
    if record.http_headers is not None:
        return record.http_headers.get_header("Content-Type") or ""
    return record.rec_headers.get_header("Content-Type") or ""


def index_warc(open_stream: Opener, name: str) -> WarcIndex:
    """One pass over the archive: every record's offset and what it holds."""
    index = WarcIndex(name)
    with open_stream() as fh:
        fh.seek(0, io.SEEK_END)
        size = fh.tell()
        fh.seek(0)
        it = ArchiveIterator(fh, arc2warc=True)
        end = 0
        try:
            for record in it:
                kind = record.rec_type
                record.content_stream().read()  # reading the payload makes the reader find the record's end
                end = it.get_record_offset() + (it.get_record_length() or 0)
                if kind not in ("response", "resource", "revisit"):
                    continue
                url = urldefrag(record.rec_headers.get_header("WARC-Target-URI") or "")[0]
                ref = WarcRecordRef(
                    offset=it.get_record_offset(),
                    kind=kind,
                    url=url,
                    mime=_mime(record),
                    date=record.rec_headers.get_header("WARC-Date") or "",
                    digest=record.rec_headers.get_header("WARC-Payload-Digest") or "",
                    refers_to=record.rec_headers.get_header("WARC-Refers-To-Target-URI") or "",
                )
                index.records.append(ref)
                if kind != "revisit":
                    index.by_url.setdefault(url, ref)
                    if ref.digest:
                        index.by_digest.setdefault(ref.digest, ref)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, IndexError, AttributeError, TypeError) as exc:
            # (warcio raises AttributeError/TypeError on some malformed headers)
            # the rest of the archive is unreachable after a broken record; what was indexed stays usable
            index.errors.append((end, f"archive unreadable from here on: {type(exc).__name__}: {exc}"))
            return index
        if end and end < size:
            index.errors.append((end, f"{size - end} bytes after the last complete record could not be read "
                                      "(a truncated or corrupt record)"))
    return index


def read_payload(open_stream: Opener, ref: WarcRecordRef, max_bytes: int) -> bytes:
    """The HTTP payload (body) of the record at ``ref.offset``; raises InputError when it cannot be read."""
    try:
        with open_stream() as fh:
            fh.seek(ref.offset)
            record = next(iter(ArchiveIterator(fh, arc2warc=True)))
            stream = record.content_stream()
            data = stream.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError("input.too-large", f"record payload is over the limit of {max_bytes} bytes")
            declared = record.rec_headers.get_header("Content-Length")
            if declared and declared.isdigit() and record.length is not None and record.length < int(declared) - 4096:
                raise InputError("warc.truncated", "record is shorter than its declared Content-Length")
            return data
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
        ref = self.index.by_url.get(url)
        if ref is None:
            return None
        return read_payload(self.open_stream, self.index.resolve(ref), self.max_bytes), url


def page_document(open_stream: Opener, index: WarcIndex, ref: WarcRecordRef, doc_id: str, max_bytes: int) -> Document:
    target = index.resolve(ref)
    data = read_payload(open_stream, target, max_bytes)
    return Document(doc_id, data, "html", ref.url or None, image_source=WarcImages(open_stream, index, ref.url, max_bytes))


def file_opener(path: str) -> Opener:
    return lambda: open(path, "rb")


def bytes_opener(data: bytes) -> Opener:
    return lambda: io.BytesIO(data)
