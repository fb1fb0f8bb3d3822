"""Archived multipart responses (MHTML snapshots, multipart/mixed bodies) are read as the page they hold.

The payloads come from fixtures/archives/make_multipart.py (written the way browsers and archiving
tools write them). What is asserted is what a browser opening the saved page shows: the root (or
first HTML) part, decoded by its own part's charset before any <meta>, with its images taken from the
other parts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.archives import make_multipart as mk
from integrity.pipeline import Checker
from integrity.sources import multipart
from integrity.sources.document import InputError
from integrity.sources.warc import bytes_opener, file_opener, index_warc, page_document


@pytest.fixture(scope="module")
def warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mk.make_multipart_warc(tmp_path_factory.mktemp("mp") / "multipart.warc.gz")


def _documents(warc: Path) -> dict[str, object]:
    index = index_warc(file_opener(str(warc)), warc.name)
    out: dict[str, object] = {}
    for ref in index.pages():
        try:
            out[ref.url] = page_document(file_opener(str(warc)), index, ref, ref.url, 10_000_000)
        except InputError as exc:
            out[ref.url] = exc
    return out


def test_every_multipart_record_is_a_page_or_says_why_not(warc: Path) -> None:
    docs = _documents(warc)
    assert sorted(docs) == sorted(f"{mk.SITE}/{p}" for p in
                                  ["story/cafe", "saved/cafe.mhtml", "story/fest", "story/flood", "img/sprites"])
    err = docs[f"{mk.SITE}/img/sprites"]
    assert isinstance(err, InputError) and err.code == "input.unrecognized"
    assert str(err) == "multipart/related body holds no HTML page part (its 1 part(s): image/png)"


def test_the_mhtml_root_part_is_the_page_decoded_by_its_parts_charset_not_its_meta(warc: Path) -> None:
    report = Checker().check_document(_documents(warc)[f"{mk.SITE}/story/cafe"])  # type: ignore[arg-type]
    doc = report.document
    assert doc.status == "ok" and doc.title == "Café owners protest rent rise"
    # the part says windows-1252, the page's own <meta> says utf-8: the transport (the part) wins
    assert (doc.encoding, doc.encoding_source) == ("windows-1252", "transport")
    assert doc.byline.names == ("Zoë Martín",)


def test_the_mhtml_pages_images_come_from_its_own_parts(warc: Path) -> None:
    report = Checker().check_document(_documents(warc)[f"{mk.SITE}/story/cafe"])  # type: ignore[arg-type]
    images = {i.src: i.status for i in report.images}
    # /img/lead.jpg by Content-Location (resolved against the root part's location), the logo by cid:
    assert images == {f"{mk.SITE}/img/lead.jpg": "analysed", "cid:logo@mhtml.blink": "analysed"}
    assert "image/ai-disclosed" in {f.rule_id for f in report.findings}


def test_an_mhtml_file_stored_whole_reads_as_the_same_page(warc: Path) -> None:
    docs = _documents(warc)
    stored, served = docs[f"{mk.SITE}/saved/cafe.mhtml"], docs[f"{mk.SITE}/story/cafe"]
    assert stored.data == served.data == mk.story_html()  # type: ignore[union-attr]
    # the page's own location is its base: relative images resolve as they did when it was saved
    assert stored.base_url == f"{mk.SITE}/story/cafe"  # type: ignore[union-attr]


def test_the_start_parameter_names_the_root(warc: Path) -> None:
    report = Checker().check_document(_documents(warc)[f"{mk.SITE}/story/fest"])  # type: ignore[arg-type]
    assert report.document.title == "Sommerfest"
    assert (report.document.encoding, report.document.encoding_source) == ("ISO-8859-15", "transport")
    assert "5 € Eintritt" in _documents(warc)[f"{mk.SITE}/story/fest"].data.decode("iso-8859-15")  # type: ignore[union-attr]


def test_a_mixed_body_s_page_is_its_first_html_part_even_nested(warc: Path) -> None:
    report = Checker().check_document(_documents(warc)[f"{mk.SITE}/story/flood"])  # type: ignore[arg-type]
    assert report.document.title == "Powódź w Kłodzku"
    assert report.document.encoding == "ISO-8859-2"


def test_a_multipart_related_whose_root_is_not_html_is_not_a_page() -> None:
    assert multipart.may_hold_page('multipart/related; type="text/html"; boundary=x')
    assert multipart.may_hold_page("multipart/related")  # no type: it may be; reading it decides
    assert not multipart.may_hold_page('multipart/related; type="application/pdf"; boundary=x')
    assert not multipart.may_hold_page("multipart/form-data; boundary=x")
    assert not multipart.may_hold_page("text/html")


def test_hostile_bodies_give_a_reason_never_a_crash() -> None:
    ct = "multipart/mixed; boundary=b"
    for body, why in [
        (b"", "holds no part"),
        (b"no delimiter anywhere", "holds no part"),
        (b"--b\r\n\r\n--b--\r\n", "holds no HTML page part"),  # one part, no headers (text/plain)
        (b"--b\r\nContent-Type: text/html\r\n" + b"X-Pad: y\r\n" * 20000, "holds no HTML page part"),
        (b"--b\r\n" * 50000, "holds no HTML page part"),  # 50,000 empty parts
    ]:
        with pytest.raises(InputError) as err:
            multipart.page(body, ct)
        assert why in str(err.value), (body[:40], str(err.value))
    # nesting deeper than max_depth is not followed (and costs no recursion past it)
    nested, inner = b"<p>deep</p>", "text/html"
    for k in range(50):
        nested = f"--n{k}\r\nContent-Type: {inner}\r\n\r\n".encode() + nested + f"\r\n--n{k}--\r\n".encode()
        inner = f"multipart/mixed; boundary=n{k}"
    with pytest.raises(InputError):
        multipart.page(nested, inner)


def test_transfer_encodings_are_undone_tolerantly() -> None:
    html = "<p>Zürich – 3 °C</p>".encode()
    body = (b"--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + mk._b64(html)[:-2] + b"\r\n--b--\r\n")  # padding lost in transit
    assert multipart.page(body, "multipart/mixed; boundary=b").page.data.startswith(html[:-3])
    qp = b"--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: Quoted-Printable\r\n\r\n<p>a=3Db=\r\nc</p>\r\n--b--"
    assert multipart.page(qp, "multipart/mixed; boundary=b").page.data == b"<p>a=bc</p>"


def test_folded_and_quoted_content_type_parameters() -> None:
    params = multipart.parameters('multipart/related;\r\n\ttype="text/html";\r\n\tboundary="a;b=c \\"d\\""')
    assert params == {"type": "text/html", "boundary": 'a;b=c "d"'}


def test_a_plain_html_record_is_read_as_before() -> None:
    import gzip

    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-2\r\nContent-Length: 12\r\n\r\n<p>\xb1\xea</p>xxxxx"
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.org/a\r\n"
            b"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:000000000001>\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % len(http))
    data = gzip.compress(head + http + b"\r\n\r\n")
    index = index_warc(bytes_opener(data), "a.warc.gz")
    (ref,) = list(index.pages())
    doc = page_document(bytes_opener(data), index, ref, "a", 1 << 20)
    assert doc.content_type == "text/html; charset=iso-8859-2" and doc.data.startswith(b"<p>\xb1\xea</p>")


def test_an_audit_of_the_archive_accounts_for_every_multipart_record(warc: Path, tmp_path: Path) -> None:
    import sqlite3

    from integrity.audit import AuditOptions, run_audit
    from integrity.audit.progress import Progress

    out = tmp_path / "audit"
    summary = run_audit(AuditOptions((str(warc),), out, engine="serial", progress_every=3600),
                        Progress(0, interactive=False, every=3600))
    db = sqlite3.connect(out / "audit.sqlite")
    rows = {url: (status, code) for url, status, code in db.execute("SELECT url, status, code FROM documents")}
    db.close()
    assert (summary.scanned, summary.failed) == (4, 1)
    assert rows[f"{mk.SITE}/img/sprites"] == ("failed", "input.unrecognized")
    assert all(status == "scanned" for url, (status, _) in rows.items() if not url.endswith("sprites"))


def test_an_index_made_before_multipart_pages_is_rebuilt(warc: Path, tmp_path: Path) -> None:
    import sqlite3

    from integrity.sources.warc import source_key

    db = tmp_path / "index.sqlite"
    index_warc(file_opener(str(warc)), warc.name, db, source_key(warc)).close()
    conn = sqlite3.connect(db)  # as the previous format left it: multipart records were not pages
    conn.execute("UPDATE records SET html = 0")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'format'")
    conn.commit()
    conn.close()
    index = index_warc(file_opener(str(warc)), warc.name, db, source_key(warc))
    assert len(list(index.pages())) == 5
    index.close()


def test_a_saved_mhtml_file_is_scanned_as_the_page_it_holds(tmp_path: Path) -> None:
    import io

    import integrity
    from integrity.sources.file import read_document, read_stream

    path = tmp_path / "cafe.mhtml"
    path.write_bytes(mk.mhtml_file())
    report = integrity.check_file(path)
    assert report.document.status == "ok" and report.document.title == "Café owners protest rent rise"
    assert report.document.encoding_source == "transport"
    assert {i.src: i.status for i in report.images} == {f"{mk.SITE}/img/lead.jpg": "analysed",
                                                          "cid:logo@mhtml.blink": "analysed"}
    doc = read_document(path, 10_000_000)
    assert doc.base_url == f"{mk.SITE}/story/cafe" and doc.data == mk.story_html()
    piped = read_stream(io.BytesIO(mk.mhtml_file()), 10_000_000, "saved/cafe.MHT")
    assert piped.data == mk.story_html()
    # an image the saved file does not hold is not looked for on disk beside it
    assert doc.image_source is not None and doc.image_source.get("/img/other.jpg") is None


def test_a_file_named_mhtml_that_is_not_one_says_so(tmp_path: Path) -> None:
    import integrity

    path = tmp_path / "page.mhtml"
    path.write_bytes(b"<html><body><p>Not MIME at all.</p></body></html>")
    report = integrity.check_file(path)
    assert report.document.status == "unrecognized"
    assert "holds no part" in report.errors[0].message


@pytest.mark.parametrize("start", [True, False])
def test_a_root_that_is_itself_a_multipart_is_read_as_its_first_html_leaf(start: bool) -> None:
    body, content_type = mk.nested_root_body(start)
    assert multipart.may_hold_page(content_type)
    held = multipart.page(body, content_type)
    # not the alternative's text version (its first leaf), nor the teaser before the root (start named the root)
    assert held.page.content_type == "text/html; charset=utf-8" and b"Hafen baut neuen Kai</h1>" in held.page.data
    assert held.find("cid:chart@example") is not None


def test_a_saved_page_whose_root_is_a_multipart_is_scanned_with_its_images(tmp_path: Path) -> None:
    import integrity

    path = tmp_path / "hafen.mhtml"
    path.write_bytes(mk.saved_file(*mk.nested_root_body(), location=f"{mk.SITE}/story/hafen"))
    report = integrity.check_file(path)
    assert report.document.status == "ok" and report.document.title == "Hafen baut neuen Kai"
    assert {i.src: i.status for i in report.images} == {"cid:chart@example": "analysed"}


def test_a_root_multipart_without_an_html_leaf_is_not_a_page_even_with_html_elsewhere() -> None:
    alternative = b"--a\r\nContent-Type: text/plain\r\n\r\nonly text\r\n--a--"
    body = (b"--r\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n" + alternative
            + b"\r\n--r\r\nContent-Type: text/html\r\nContent-Location: https://news.example.org/other\r\n\r\n"
            b"<p>another page</p>\r\n--r--\r\n")
    with pytest.raises(InputError) as err:
        multipart.page(body, "multipart/related; boundary=r")
    assert "holds no HTML page part" in str(err.value)
    # the same parts in a multipart/mixed: its page is the first HTML part wherever it is
    assert multipart.page(body, "multipart/mixed; boundary=r").page.data == b"<p>another page</p>"
    # start naming a leaf inside the root, as tolerant readers accept
    named = body.replace(b"Content-Type: text/plain", b"Content-Type: text/html\r\nContent-ID: <in>")
    assert multipart.page(named, 'multipart/related; start="<in>"; boundary=r').page.data == b"only text"


def test_a_body_cut_short_is_reported_where_it_ends() -> None:
    ct = "multipart/related; boundary=b"
    page = b"--b\r\nContent-Type: text/html\r\n\r\n<html><body><p>Half a sen"
    with pytest.raises(InputError) as err:
        multipart.page(page, ct)
    assert err.value.code == "input.truncated" and str(err.value).endswith("(it ends inside part 1, text/html, the page)")
    # closed: not cut short, with or without a line break after the closing delimiter, or padding after it
    for tail in (b"</p></body></html>\r\n--b--", b"</p></body></html>\r\n--b--\r\n", b"</p>\r\n--b-- \r\nepilogue"):
        assert multipart.page(page + tail, ct).page.data.startswith(b"<html>")
    # a nested multipart left open inside a closed one is malformed, not cut short: the page is read
    nested = (b"--b\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n--a\r\nContent-Type: text/html\r\n\r\n"
              b"<p>page</p>\r\n--b\r\nContent-Type: image/png\r\n\r\nPNG\r\n--b--\r\n")
    assert multipart.page(nested, ct).page.data == b"<p>page</p>"


def test_transfer_encodings_readers_know_are_not_flagged_and_others_are_named() -> None:
    for encoding in ("7bit", "8BIT", "binary", " Binary ", ""):
        body = b"--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: " + encoding.encode() + b"\r\n\r\n<p>x</p>\r\n--b--"
        assert multipart.page(body, "multipart/mixed; boundary=b").page.data == b"<p>x</p>", encoding
    body = b"--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: x-gzip64\r\n\r\nH4sI\r\n--b--"
    with pytest.raises(InputError) as err:
        multipart.page(body, "multipart/mixed; boundary=b")
    assert err.value.code == "input.encoding-unsupported" and "'x-gzip64'" in str(err.value)
