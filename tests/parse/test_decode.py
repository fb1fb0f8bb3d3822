"""Bytes to text: what counts as binary follows the MIME Sniffing standard's order (HTML signature first)."""

from __future__ import annotations

import pytest

from integrity.parse.decode import decode, looks_binary
from integrity.sources.document import InputError


@pytest.mark.parametrize("data", [
    b"<!DOCTYPE html><p>a\x00b</p>",
    b"\n  <html lang=en><body>\x00</body></html>",
    b"<p>x\x00\x01\x02</p>" * 3,
    b"<!-- saved --><div>\x00</div>",
    b"\xef\xbb\xbf<p>\x00</p>",
])
def test_a_page_that_opens_like_html_is_not_binary_for_a_nul_byte(data: bytes) -> None:
    assert not looks_binary(data)
    assert "\x00" in decode(data)


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    b"\x00\x01\x02binary\x00" * 20,
    b"<pre>\x00",  # not one of the HTML signatures: the binary-byte rule applies
    b"<html\x00>",  # a signature must end with a tag-terminating byte
])
def test_other_content_with_binary_bytes_is_binary(data: bytes) -> None:
    assert looks_binary(data)
    with pytest.raises(InputError):
        decode(data)
