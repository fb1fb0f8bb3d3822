"""A damaged WARC is indexed with exactly one error at a real byte offset, and a whole one with none.

Cuts are made in warcio's own test archives (vendored in fixtures/third-party): where a cut falls
between records (warcio's own offsets and lengths say where), the shorter file is a valid archive;
anywhere else one record is broken, and the index says which, without indexing half a page.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from integrity.sources.wacz import index_wacz
from integrity.sources.warc import bytes_opener, index_warc
from tests.conftest import FIXTURES

WARCIO = FIXTURES / "third-party" / "warcio"


def _spans(data: bytes) -> list[tuple[int, int]]:
    """(offset, end) of every record, as warcio places them."""
    it = ArchiveIterator(io.BytesIO(data), arc2warc=True)
    spans = []
    for record in it:
        record.raw_stream.read()
        spans.append((it.get_record_offset(), it.get_record_offset() + it.get_record_length()))
    return spans


def _between_records(spans: list[tuple[int, int]], size: int) -> set[int]:
    """Cut positions that leave whole records only: a record's end up to the next one's start."""
    ok = {0}
    starts = [s for s, _ in spans[1:]] + [size]
    for (_, end), nxt in zip(spans, starts, strict=True):
        ok.update(range(end, nxt + 1))
    return ok


def _index(data: bytes):  # type: ignore[no-untyped-def]
    return index_warc(bytes_opener(data), "cut.warc")


@pytest.mark.parametrize("name", ["example.warc.gz", "example.warc", "example-iana.org-chunked.warc"])
def test_every_cut_is_one_error_or_a_valid_shorter_archive(name: str) -> None:
    data = (WARCIO / name).read_bytes()
    spans = _spans(data)
    valid = _between_records(spans, len(data))
    starts = [s for s, _ in spans]
    for cut in range(1, len(data), 5):
        index = _index(data[:cut])
        errors = index.errors
        if cut in valid:
            assert errors == [], (cut, errors)
        else:
            assert len(errors) == 1, (cut, errors)
            (offset, reason), = errors
            assert 0 <= offset <= cut and "\n" not in reason, (cut, errors)
            broken = max(s for s in starts if s <= max(offset, 0))
            assert all(r.offset != broken for r in index.records()) or offset != broken, (cut, errors)
        index.close()


def test_whole_archives_have_no_error() -> None:
    for name in ["example.warc.gz", "example.warc", "example.arc", "example.arc.gz", "bad.arc",
                 "example-space-in-url.arc", "example-iana.org-chunked.warc"]:
        index = _index((WARCIO / name).read_bytes())
        assert index.errors == [], name
        index.close()


def test_a_single_gzip_member_holding_every_record_is_one_error_at_a_real_offset() -> None:
    # warcio's own reader gives positions in the decompressed stream here (they run negative)
    data = (WARCIO / "example-bad-non-chunked.warc.gz").read_bytes()
    index = _index(data)
    (offset, reason), = index.errors
    assert offset == 0
    assert reason.startswith("archive unreadable from here on: ArchiveLoadFailed: ERROR: non-chunked gzip")
    assert "\n" not in reason and "  " not in reason


def test_a_gzip_member_ending_inside_its_record_is_named() -> None:
    index = _index((WARCIO / "example-wrong-chunks.warc.gz").read_bytes())
    (offset, reason), = index.errors
    assert offset == 0 and "cut short" in reason and "1059 bytes after it are not read" in reason
    assert list(index.records()) == []  # half a page is not the page


def test_a_few_stray_bytes_at_the_start_are_not_an_archive() -> None:
    data = (WARCIO / "example.warc.gz").read_bytes()[:30]
    (offset, reason), = _index(data).errors
    assert offset == 0 and "no record could be read" in reason


def _response(url: str, status: str, body: bytes) -> bytes:
    http = f"HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(url)) % 10**12:012d}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n")


def test_redirects_and_error_pages_are_not_pages_but_a_200_is() -> None:
    data = (_response("https://example.org/a", "301 Moved Permanently", b"")
            + _response("https://example.org/b", "404 Not Found", b"<p>gone</p>")
            + _response("https://example.org/c", "200 OK", b"<p>story</p>"))
    index = _index(data)
    assert [r.url for r in index.records()] == ["https://example.org/a", "https://example.org/b", "https://example.org/c"]
    assert [r.url for r in index.pages()] == ["https://example.org/c"]


def test_a_cdxj_line_with_a_negative_offset_is_not_indexed(tmp_path: Path) -> None:
    warc = _response("https://example.org/c", "200 OK", b"<p>story</p>")
    lines = [
        'org,example)/c 20240101000000 {"url": "https://example.org/c", "mime": "text/html", "status": "200", '
        '"offset": "0", "length": "%d", "filename": "data.warc.gz"}' % len(warc),
        'org,example)/d 20240101000000 {"url": "https://example.org/d", "mime": "text/html", "status": "200", '
        '"offset": "-2519", "length": "10", "filename": "data.warc.gz"}',
        'org,example)/e 20240101000000 {"url": "https://example.org/e", "mime": "text/html", "status": "302", '
        '"offset": "0", "length": "10", "filename": "data.warc.gz"}',
    ]
    path = tmp_path / "x.wacz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("archive/data.warc.gz", warc)
        zf.writestr("indexes/index.cdxj", "\n".join(lines) + "\n")
        zf.writestr("datapackage.json", json.dumps({"resources": []}))
    ((member, index),) = index_wacz(path)
    assert [(r.url, r.offset) for r in index.records()] == [("https://example.org/c", 0), ("https://example.org/e", 0)]
    assert [r.url for r in index.pages()] == ["https://example.org/c"]
    index.close()


def test_reading_a_record_an_index_points_at_finds_it_cut_short() -> None:
    """A WACZ's CDXJ index is not made by scanning: the read itself must notice a cut record."""
    from integrity.sources.document import InputError
    from integrity.sources.warc import WarcRecordRef, read_payload

    data = (WARCIO / "example.warc.gz").read_bytes()
    ref = WarcRecordRef(784, "response", "http://example.com/", "text/html", "", "")
    assert b"Example Domain" in read_payload(bytes_opener(data), ref, 1 << 20)
    with pytest.raises(InputError) as err:
        read_payload(bytes_opener(data[:1500]), ref, 1 << 20)
    assert err.value.code == "warc.truncated" and "cut short" in str(err.value)
