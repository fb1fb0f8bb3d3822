"""Bytes are read as a browser reads them (issue 19): the encoding sniffed in the HTML standard's order
(byte order mark, the transport's Content-Type, <meta>, then UTF-8 or windows-1252), damage read as
U+FFFD and reported by document/encoding-damaged with its place, and only real binary files refused.
Whether a file is binary is decided from all of it: one NUL or one stray byte in a long page is damage."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

import integrity
from integrity.parse import charset
from integrity.parse.decode import decode_document
from integrity.sources.document import InputError

RULE = "document/encoding-damaged"
ENCODING_TESTS = Path(__file__).resolve().parents[2] / "fixtures" / "html5lib-tests" / "encoding"
FILLER = ("<p>The river authority opened the sluices at dawn, and the water level fell by noon, the "
          "engineer on duty said. Traffic on the old bridge was stopped for four hours.</p>\n")
CLAIM = "<p>Reports suggest the barrier will be raised again next winter.</p>\n"


def _page(head: bytes, size: int = 130_000, damage_at: int = 5_000, damage: bytes = b"",
          h1: bytes = b"Barrier holds") -> bytes:
    """A long article page of ``size`` bytes headed ``h1`` (the report's title), with ``damage`` inserted in
    a paragraph near byte ``damage_at`` and an unattributed claim at its end (the check must still find it)."""
    body = FILLER.encode() * (size // len(FILLER))
    cut = body.index(b"fell", damage_at)
    body = body[:cut] + damage + body[cut:]
    return head + b"<body><article><h1>" + h1 + b"</h1>\n" + body + CLAIM.encode() + b"</article></body></html>\n"


def _check(tmp_path: Path, data: bytes, name: str = "story.html") -> integrity.Report:
    path = tmp_path / name
    path.write_bytes(data)
    return integrity.check(path)


def _damage(report: integrity.Report) -> list[integrity.Finding]:
    return [f for f in report.findings if f.rule_id == RULE]


def _where(data: bytes, marker: bytes) -> tuple[int, int]:
    """Line and column (1-based, in characters of the ASCII text before it) of ``marker`` in ``data``."""
    at = data.index(marker)
    return data.count(b"\n", 0, at) + 1, at - (data.rfind(b"\n", 0, at) + 1) + 1


XHTML = (b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
         b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
         b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>Barrier</title></head>\n')
HTML = b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Barrier</title></head>\n'


@pytest.mark.parametrize("head", [XHTML, HTML], ids=["xhtml-prolog", "doctype"])
def test_a_long_page_with_one_nul_byte_is_read_and_checked_with_the_damage_reported(tmp_path: Path, head: bytes) -> None:
    data = _page(head, damage=b"\x00")
    assert len(data) > 130_000 and data.index(b"\x00") < 8192
    report = _check(tmp_path, data)
    assert report.document.status == "ok", report.errors
    assert any(f.rule_id == "claim/vague-source" and f.match.startswith("Reports suggest") for f in report.findings)
    (f,) = _damage(report)
    assert (f.location.line, f.location.column) == _where(data, b"\x00")
    assert "0 byte(s)" in f.message and "1 NUL byte(s)" in f.message
    assert f"line {f.location.line}, column {f.location.column}" in f.message


def test_one_stray_latin1_byte_in_a_utf8_page_is_one_replacement_at_its_place(tmp_path: Path) -> None:
    data = _page(HTML, damage_at=60_000, damage=b"Jos\xe9 ", h1="Barrier at Córdoba".encode())
    report = _check(tmp_path, data)
    assert report.document.status == "ok", report.errors
    assert (report.document.encoding, report.document.encoding_source) == ("UTF-8", "meta")
    assert report.document.title == "Barrier at Córdoba"  # the rest of the page is still UTF-8
    assert any(f.rule_id == "claim/vague-source" for f in report.findings)
    (f,) = _damage(report)
    assert (f.location.line, f.location.column) == _where(data, b"\xe9")
    assert f.match == "\ufffd" and "Jos\ufffd" in f.evidence
    assert "1 byte(s) that are no UTF-8 character" in f.message and "0 NUL" in f.message


def test_an_undeclared_page_that_is_utf8_but_for_one_byte_is_read_as_utf8(tmp_path: Path) -> None:
    head = b"<!DOCTYPE html>\n<html><head><title>Barrier</title></head>\n"
    report = _check(tmp_path, _page(head, damage=b"Jos\xe9 ", h1="Barrier at Córdoba, São Paulo and Łódź".encode()))
    assert (report.document.encoding, report.document.encoding_source) == ("UTF-8", "detected")
    assert report.document.title == "Barrier at Córdoba, São Paulo and Łódź"
    assert len(_damage(report)) == 1


def test_an_undeclared_page_that_is_not_utf8_is_windows_1252_and_not_damaged(tmp_path: Path) -> None:
    head = b"<!DOCTYPE html>\n<html><head><title>Barrier</title></head>\n"
    report = _check(tmp_path, _page(head, h1=b"Caf\xe9 \x93Le Port\x94"))
    assert report.document.status == "ok"
    assert (report.document.encoding, report.document.encoding_source) == ("windows-1252", "fallback")
    assert report.document.title == "Café “Le Port”"
    assert _damage(report) == []


@pytest.mark.parametrize("meta", [b'<meta charset=windows-1252>', b'<meta charset="ISO-8859-1">',
                                  b'<meta http-equiv="content-type" content="text/html; charset=latin1">'])
def test_a_windows_1252_page_declared_by_meta(tmp_path: Path, meta: bytes) -> None:
    # a commented-out declaration is no declaration (the prescan skips comments); the Encoding
    # standard reads ISO-8859-1 and latin1 as windows-1252, so 0x93/0x94 are curly quotes, 0x80 the euro
    head = (b"<!DOCTYPE html>\n<html><head><!-- <meta charset=\"utf-8\"> -->" + meta +
            b"<title>Barrier</title></head>\n")
    report = _check(tmp_path, _page(head, h1=b"\x93Caf\xe9\x94 costs \x805"))
    assert (report.document.encoding, report.document.encoding_source) == ("windows-1252", "meta")
    assert report.document.title == "“Café” costs €5"
    assert _damage(report) == []


def test_a_declaration_after_the_first_1024_bytes_still_counts_in_the_head(tmp_path: Path) -> None:
    head = (b"<!DOCTYPE html>\n<html><head><script>" + b"var x = 1;\n" * 200 + b"</script>"
            b"<meta charset=windows-1252><title>Barrier</title></head>\n")
    report = _check(tmp_path, _page(head, h1=b"Caf\xe9"))
    assert (report.document.encoding, report.document.encoding_source) == ("windows-1252", "meta-reparse")
    assert report.document.title == "Café"


def test_the_byte_order_mark_wins_over_the_meta(tmp_path: Path) -> None:
    head = "\ufeff<!DOCTYPE html>\n<html><head><meta charset=windows-1252><title>Barrier</title></head>\n".encode()
    report = _check(tmp_path, _page(head, h1="Café".encode()))
    assert (report.document.encoding, report.document.encoding_source, report.document.title) == ("UTF-8", "bom", "Café")
    assert _damage(report) == []


def test_a_utf16_page_with_its_byte_order_mark(tmp_path: Path) -> None:
    page = "\ufeff<!DOCTYPE html>\n<html><head><title>Barrier</title></head><body><h1>Café</h1>" + FILLER * 20 + CLAIM + "</body></html>"
    report = _check(tmp_path, page.encode("utf-16-le"))
    assert (report.document.encoding, report.document.encoding_source, report.document.title) == ("UTF-16LE", "bom", "Café")
    assert any(f.rule_id == "claim/vague-source" for f in report.findings) and _damage(report) == []


def test_damage_after_a_byte_order_mark_is_reported_where_it_is(tmp_path: Path) -> None:
    data = _page(b"\xef\xbb\xbf" + HTML, damage=b"\xff\xfe")
    report = _check(tmp_path, data)
    (f,) = _damage(report)
    line, col = _where(data, b"\xff\xfe")
    assert (f.location.line, f.location.column) == (line, col - (3 if line == 1 else 0))
    assert "2 byte(s)" in f.message


@pytest.mark.parametrize("directive", ["", "[integrity-disable credit/missing-photo-credit -- no photos]\n\n"],
                         ids=["plain", "with-a-directive-line"])
def test_a_text_article_reads_utf8_with_the_damage_replaced(tmp_path: Path, directive: str) -> None:
    text = ("Barrier holds\n\nBy Maria Lopez\n\n" + directive + "The river authority opened the sluices at dawn, "
            "the engineer said.\n\n" * 1500).encode()
    data = text[:4000] + b"Jos\xe9 \x00" + text[4000:] + b"Reports suggest the barrier will be raised again.\n"
    report = _check(tmp_path, data, "story.txt")
    assert report.document.status == "ok" and report.document.kind == "text"
    assert any(f.rule_id == "claim/vague-source" for f in report.findings)
    (f,) = _damage(report)
    assert (f.location.line, f.location.column) == _where(data, b"\xe9")
    assert "1 byte(s)" in f.message and "1 NUL" in f.message


def test_the_transport_charset_of_an_archived_response_wins_over_the_meta() -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from integrity.pipeline import Checker
    from integrity.sources.warc import bytes_opener, index_warc, page_document

    body = _page(b"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Barrier</title></head>\n", h1=b"Caf\xe9 de la Gare")
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=iso-8859-1")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://news.example/story", "response",
                                                  payload=io.BytesIO(body), http_headers=headers))
    opener = bytes_opener(out.getvalue())
    index = index_warc(opener, "test.warc")
    (ref,) = list(index.pages())
    report = Checker().check_document(page_document(opener, index, ref, "doc", 10_000_000))
    assert report.document.status == "ok", report.errors
    assert (report.document.encoding, report.document.encoding_source) == ("windows-1252", "transport")
    assert report.document.title == "Café de la Gare"
    assert _damage(report) == []


BINARY = {
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "a PNG image"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4, "a JPEG image"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" * 20, "a PDF document"),
    "zip": (b"PK\x03\x04\x14\x00\x00\x00\x00\x00story.html<p>A story.</p>" * 20, "a ZIP archive"),
    "random": (random.Random(19).randbytes(20_000), "control bytes"),
    "utf16-no-bom": (("Barrier holds\n\n" + "The engineer said so. " * 200).encode("utf-16-le"), "control bytes"),
}


@pytest.mark.parametrize("name", list(BINARY))
def test_a_binary_file_named_html_is_still_refused_with_its_reason(tmp_path: Path, name: str) -> None:
    data, reason = BINARY[name]
    report = _check(tmp_path, data)
    assert report.document.status == "unrecognized"
    (err,) = report.errors
    assert err.code == "input.binary" and reason in err.message and "not an article" in err.message


def test_a_page_that_is_mostly_control_bytes_is_binary_however_long() -> None:
    # the share over the whole document decides: 2 % control bytes spread through a long "page"
    data = (b"<span>" + b"x" * 44 + b"\x01") * 3000
    with pytest.raises(InputError) as err:
        decode_document(data)
    assert "control bytes" in str(err.value)


def _encoding_cases() -> list[tuple[str, bytes, str]]:
    cases = []
    for path in sorted(ENCODING_TESTS.glob("*.dat")):
        for k, case in enumerate(path.read_bytes().split(b"#data\n")[1:]):
            data, _, rest = case.partition(b"\n#encoding\n")
            cases.append((f"{path.stem}-{k}", data, rest.split(b"\n")[0].decode().strip()))
    return cases


@pytest.mark.parametrize("case", _encoding_cases(), ids=lambda c: c[0])
def test_html5lib_encoding_sniffing_cases(case: tuple[str, bytes, str]) -> None:
    """Each html5lib encoding case decodes with the encoding it names. The cases assume a windows-1252
    default: where a case finds no declaration, integrity's fallback reads it (ASCII reads the same)."""
    _, data, want = case
    expected = charset.lookup(want)
    assert expected is not None
    _, decoding = decode_document(data)
    if expected.name == "windows-1252" and decoding.source in ("utf-8", "fallback"):
        return  # no declaration found, as the case expects
    assert decoding.encoding == expected.name
