"""Archived responses are decoded whatever Content-Encoding they were sent with (gzip, deflate,
br, zstd); one integrity cannot decode is a failed record that names the encoding."""

from __future__ import annotations

import gzip
import io
import zlib

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from integrity.sources.document import InputError
from integrity.sources.warc import bytes_opener, index_warc, page_document

PAGE = b"<html><head><title>Encoded</title></head><body><p>" + b"A sentence of the story. " * 40 + b"</p></body></html>"


def _encoders():  # type: ignore[no-untyped-def]
    brotli = pytest.importorskip("brotli")
    zstandard = pytest.importorskip("zstandard")
    return {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress,
            "zstd": lambda data: zstandard.ZstdCompressor().compress(data)}


def _warc(encoding: str, body: bytes) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                          ("Content-Encoding", encoding)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://news.example/story", "response",
                                                  payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


def _read(data: bytes) -> bytes:
    opener = bytes_opener(data)
    index = index_warc(opener, "test.warc")
    (ref,) = list(index.pages())
    return page_document(opener, index, ref, "doc", 10_000_000).data  # type: ignore[no-any-return]


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", "zstd"])
def test_every_content_encoding_is_decoded(encoding: str) -> None:
    assert _read(_warc(encoding, _encoders()[encoding](PAGE))) == PAGE


def test_an_unknown_encoding_is_refused_by_name() -> None:
    with pytest.raises(InputError) as err:
        _read(_warc("x-squash", b"\x00\x01\x02 not a page"))
    assert err.value.code == "warc.encoding-unsupported"
    assert "x-squash" in str(err.value)


def test_identity_is_read_as_it_is() -> None:
    assert _read(_warc("identity", PAGE)) == PAGE
