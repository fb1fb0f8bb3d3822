"""Encoding labels and the <meta> prescan follow the WHATWG standards, not Python's codec names."""

from __future__ import annotations

import pytest

from integrity.parse import charset
from integrity.parse.decode import decode_document


@pytest.mark.parametrize("label, name", [
    ("latin1", "windows-1252"), ("ISO-8859-1", "windows-1252"), ("us-ascii", "windows-1252"),
    ("ascii", "windows-1252"), (" Windows-1252\t", "windows-1252"), ("iso-8859-9", "windows-1254"),
    ("tis-620", "windows-874"), ("gb2312", "GBK"), ("x-sjis", "Shift_JIS"), ("ks_c_5601-1987", "EUC-KR"),
    ("utf8", "UTF-8"), ("unicode-1-1-utf-8", "UTF-8"), ("utf-16", "UTF-16LE"), ("iso-2022-kr", "replacement"),
])
def test_labels_name_the_encoding_standard_encodings(label: str, name: str) -> None:
    enc = charset.lookup(label)
    assert enc is not None and enc.name == name


@pytest.mark.parametrize("label", ["x-no-such-charset", "utf-7", "latin-1 ", "", "utf_8"])
def test_an_unknown_label_names_no_encoding(label: str) -> None:
    # Python would read "utf_8" or "latin-1"; the Encoding standard knows neither label
    assert charset.lookup(label) is None


@pytest.mark.parametrize("header, name", [
    ("text/html; charset=ISO-8859-1", "windows-1252"),
    ('text/html; charset="utf-8"', "UTF-8"),
    ("text/html;charset=shift_jis; q=1", "Shift_JIS"),
])
def test_the_content_type_charset(header: str, name: str) -> None:
    enc = charset.from_content_type(header)
    assert enc is not None and enc.name == name


@pytest.mark.parametrize("header", [None, "", "text/html", "text/html; charset=bogus", "text/html; encoding=utf-8"])
def test_a_content_type_without_a_known_charset(header: str | None) -> None:
    assert charset.from_content_type(header) is None


def test_an_undeclared_bogus_charset_falls_back() -> None:
    text, decoding = decode_document(b'<meta charset="x-no-such-charset"><p>Caf\xe9.</p>')
    assert (decoding.encoding, decoding.source, text[-9:]) == ("windows-1252", "fallback", "Café.</p>")


def test_a_meta_saying_utf16_means_utf8() -> None:
    # a page whose declaration is readable as ASCII is not UTF-16 (the standard's rule)
    _, decoding = decode_document(b'<meta charset="utf-16"><p>Text.</p>')
    assert (decoding.encoding, decoding.source) == ("UTF-8", "meta")


def test_bytes_windows_1252_leaves_undefined_are_c1_controls_not_damage() -> None:
    text, decoding = decode_document(b"<meta charset=windows-1252><p>a\x81b\x8dc</p>")
    assert "a\x81b\x8dc" in text and decoding.first is None


def test_undefined_bytes_of_a_multi_byte_encoding_are_damage() -> None:
    text, decoding = decode_document(b"<meta charset=shift_jis><p>\x82\xa0 \x82 x</p>")  # a lead byte, no trail
    assert "あ" in text and decoding.replaced >= 1 and text[decoding.first] == "\ufffd"


def test_the_replacement_encoding_reads_the_whole_page_as_one_replacement_character() -> None:
    text, decoding = decode_document(b"<meta charset=iso-2022-kr><p>Text.</p>")
    assert (text, decoding.replacements, decoding.first) == ("\ufffd", 1, 0)
