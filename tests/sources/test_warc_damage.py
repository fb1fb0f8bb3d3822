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


# --- ARC (the Internet Archive's format before WARC) --------------------------------------------

ARC_FILES = ["example.arc", "example-space-in-url.arc", "bad.arc", "example.arc.gz"]


def _payloads(data: bytes) -> dict[int, bytes]:
    """What integrity reads from every indexed record of an archive, by offset."""
    from integrity.sources.warc import read_payload

    index = _index(data)
    try:
        return {r.offset: read_payload(bytes_opener(data), r, 1 << 20) for r in index.records()}
    finally:
        index.close()


@pytest.mark.parametrize("name", ARC_FILES)
def test_every_cut_of_an_arc_file_loses_nothing_silently(name: str) -> None:
    """Cut at every byte, an ARC file either reads as whole (every record that starts before the
    cut is indexed and gives its whole payload) or holds exactly one error, at the offset of the
    record the cut falls in, that record not indexed and every record before it still there."""
    data = (WARCIO / name).read_bytes()
    whole = _payloads(data)
    starts = [s for s, _ in _spans(data)]
    assert whole and len(starts) > 1  # the file itself is read whole
    silent_losses, misplaced = [], []
    for cut in range(1, len(data)):
        index = _index(data[:cut])
        errors, indexed = index.errors, [r.offset for r in index.records()]
        index.close()
        broken = max(s for s in starts if s < cut)
        before = [s for s in whole if s < broken]
        if not errors:
            got = _payloads(data[:cut])
            # a whole record may lose the record separator (blank lines) its length ran over, nothing else
            if sorted(got) != [s for s in whole if s < cut] or any(
                    not whole[s].startswith(p) or whole[s][len(p):].strip(b"\r\n") for s, p in got.items()):
                silent_losses.append(cut)
        elif len(errors) != 1 or errors[0][0] != broken or broken in indexed or indexed != before:
            misplaced.append((cut, errors, indexed))
    assert silent_losses == [] and misplaced == []


def test_an_arc_record_cut_inside_its_header_line_is_one_error() -> None:
    # warcio takes a header line cut after its fourth space for a whole one (here the URL holds
    # spaces), with the length read as text: only the missing newline tells
    data = (WARCIO / "example-space-in-url.arc").read_bytes()
    cut = data.index(b"Live Web&IsPop") + len(b"Live Web&IsPop")
    (offset, reason), = _index(data[:cut]).errors
    assert offset == 151 and reason.startswith("record header is cut short")


def test_an_arc_record_cut_inside_its_content_is_one_error_at_its_offset() -> None:
    data = (WARCIO / "example.arc").read_bytes()
    cut = data.index(b"Example Domain")
    index = _index(data[:cut])
    (offset, reason), = index.errors
    assert offset == 151 and "cut short" in reason and list(index.records()) == []


def test_an_arc_length_measured_before_its_line_endings_were_rewritten_is_not_a_cut() -> None:
    # the record's ARC length counts the CRs its HTTP header lines no longer have; its HTTP
    # payload is whole by its own Content-Length, so nothing is lost
    data = (WARCIO / "example-space-in-url.arc").read_bytes()
    index = _index(data)
    assert index.errors == [] and [r.offset for r in index.records()] == [151]
    payload = _payloads(data)[151]
    assert payload.rstrip(b"\n").endswith(b"</html>") and len(payload.rstrip(b"\n")) == 1270 - 1
    # ...but one byte short of that payload is a cut
    body_end = data.index(b"</html>") + len(b"</html>")
    (offset, reason), = _index(data[:body_end - 1]).errors
    assert offset == 151 and "cut short" in reason


def test_a_warc_cut_inside_a_record_header_is_placed_at_that_record_not_before_its_separator() -> None:
    data = (WARCIO / "example.warc").read_bytes()
    spans = _spans(data)
    second = spans[1][0]
    assert data[spans[0][1]:second] == b"\r\n\r\n"
    (offset, _), = _index(data[:second + 1]).errors
    assert offset == second
