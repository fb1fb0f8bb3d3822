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


@pytest.mark.parametrize("given", [
    "\ufeff<!DOCTYPE html>\n<html><body>\n<p>Experts say the dam will hold.</p></body></html>",
    "\ufeff<p>Experts say the dam will hold.</p>",
    "\ufeffExperts say the dam will hold.\n",
])
@pytest.mark.parametrize("as_bytes", [False, True])
def test_a_byte_order_mark_keeps_offsets_and_takes_no_column(given: str, as_bytes: bool) -> None:
    import integrity

    report = integrity.check(given.encode("utf-8") if as_bytes else given)
    (f,) = [f for f in report.findings if f.rule_id == "claim/vague-source"]
    loc = f.location
    assert given[loc.offset : loc.end_offset] == "Experts say"  # the offset indexes the text as given
    line_start = given.rfind("\n", 0, loc.offset) + 1 or 1  # on line 1, counted after the mark
    assert loc.column == loc.offset - line_start + 1


def test_the_byte_order_mark_decides_the_encoding_and_is_kept():
    assert decode(b"\xff\xfe" + "<p>é</p>".encode("utf-16-le")) == "\ufeff<p>é</p>"
    assert decode(b"\xfe\xff" + "<p>é</p>".encode("utf-16-be")) == "\ufeff<p>é</p>"
    assert decode(b"\xef\xbb\xbf<p>\xc3\xa9</p>") == "\ufeff<p>é</p>"


def test_a_string_is_not_decoded_again_by_its_declared_charset():
    # the page declares Latin-1, but the caller already holds it as text: reading its UTF-8 bytes as
    # Latin-1 would turn each "é" into two characters and move every later offset
    import integrity

    page = ('<html><head><meta charset="iso-8859-1"><title>Café</title></head><body>\n'
            "<p>The café, the crèche and the église closed. Experts say the dam will hold.</p></body></html>")
    for given in (page, page.encode("latin-1")):
        (f,) = [f for f in integrity.check(given).findings if f.rule_id == "claim/vague-source"]
        assert page[f.location.offset : f.location.end_offset] == "Experts say"
        assert (f.location.line, f.location.column) == (2, page.split("\n")[1].index("Experts") + 1)
    assert decode(page.encode("utf-8"), page) == page
