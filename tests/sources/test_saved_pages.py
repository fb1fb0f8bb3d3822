"""Saved pages (.mhtml / .mht) found by a folder walk or inside a zip are read as the page each holds.

A folder a newsroom keeps of saved pages is scanned and audited like a folder of articles: one
document per saved file, its images from the file's own parts. The folder and the zip come from
fixtures/archives/make_multipart.py.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from fixtures.archives import make_multipart as mk
from integrity.cli import main
from integrity.pipeline import Checker
from integrity.sources.archives import ArchiveLimits, list_members, read_member
from integrity.sources.file import is_article_name, iter_paths

CAFE_IMAGES = {f"{mk.SITE}/img/lead.jpg": "analysed", "cid:logo@mhtml.blink": "analysed"}


def _audit(target: Path, out: Path) -> tuple[int, dict[str, tuple[str, str]]]:
    code = main(["audit", str(target), "--out", str(out), "--engine", "serial"])
    db = sqlite3.connect(out / "audit.sqlite")
    rows = {doc_id: (status, code) for doc_id, status, code in db.execute("SELECT id, status, code FROM documents")}
    db.close()
    return code, rows


def test_a_folder_walk_finds_saved_pages_but_not_other_files(tmp_path: Path) -> None:
    folder = mk.make_saved_pages(tmp_path / "site")
    (folder / "saved" / "cafe.mhtml.bak").write_bytes(mk.mhtml_file())  # not a saved page's name
    found = sorted(p.relative_to(folder).as_posix() for p in iter_paths(folder))
    assert found == ["saved/cafe.mhtml", "saved/fest.MHT", "story.html"]
    assert is_article_name("page.mht") and is_article_name("PAGE.MHTML") and not is_article_name("page.mhtml.bak")


def test_scan_of_a_folder_reads_each_saved_page_with_its_own_images(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = mk.make_saved_pages(tmp_path / "site")
    assert main(["scan", str(folder), "--format", "json", "--fail-on", "critical"]) == 0
    reports = {Path(r["document"]["source"]).relative_to(folder).as_posix(): r
               for r in json.loads(capsys.readouterr().out)["reports"]}
    assert sorted(reports) == ["saved/cafe.mhtml", "saved/fest.MHT", "story.html"]
    cafe, fest = reports["saved/cafe.mhtml"], reports["saved/fest.MHT"]
    assert (cafe["document"]["status"], cafe["document"]["title"]) == ("ok", "Café owners protest rent rise")
    assert cafe["document"]["encoding_source"] == "transport"
    assert {i["src"]: i["status"] for i in cafe["images"]} == CAFE_IMAGES
    # the start parameter's root, not the first part (an advertisement)
    assert fest["document"]["title"] == "Sommerfest" and fest["document"]["encoding"] == "ISO-8859-15"
    assert reports["story.html"]["document"]["title"] == "Council approves budget"


def test_audit_of_a_folder_accounts_for_each_saved_page(tmp_path: Path) -> None:
    folder = mk.make_saved_pages(tmp_path / "site")
    (folder / "saved" / "broken.mht").write_bytes(b"<html><body><p>Not MIME.</p></body></html>")
    code, rows = _audit(folder, tmp_path / "out")
    assert {Path(k).relative_to(folder).as_posix(): v for k, v in rows.items()} == {
        "saved/cafe.mhtml": ("scanned", ""), "saved/fest.MHT": ("scanned", ""),
        "story.html": ("scanned", ""), "saved/broken.mht": ("failed", "input.unrecognized")}
    assert code == 2  # a failed document says so in the exit code


def test_audit_of_a_zip_reads_its_saved_pages(tmp_path: Path) -> None:
    archive = mk.make_saved_pages_zip(tmp_path / "saved.zip")
    code, rows = _audit(archive, tmp_path / "out")
    assert code == 0
    assert rows == {f"{archive}!saved/cafe.mhtml": ("scanned", ""), f"{archive}!saved/fest.MHT": ("scanned", ""),
                    f"{archive}!story.html": ("scanned", "")}


def test_a_zip_member_saved_page_takes_its_images_from_its_own_parts(tmp_path: Path) -> None:
    archive = mk.make_saved_pages_zip(tmp_path / "saved.zip")
    limits = ArchiveLimits()
    (ref,) = [m for m in list_members(archive, limits) if m.name == "saved/cafe.mhtml"]
    doc = read_member(ref, limits)
    assert doc.data == mk.story_html() and doc.base_url == f"{mk.SITE}/story/cafe"
    report = Checker().check_document(doc)
    assert report.document.title == "Café owners protest rent rise"
    assert {i.src: i.status for i in report.images} == CAFE_IMAGES


# --- saved pages that cannot be read as pages: one failed document each, the run goes on -------------------
BAD = {
    "cut.mhtml": ("input.truncated", "multipart/related body is cut short: its closing delimiter never comes "
                                     "(it ends inside part 3, image/jpeg)"),
    "sprites.mhtml": ("input.unrecognized", "multipart/related body holds no HTML page part (its 1 part(s): image/png)"),
    "encoded.mht": ("input.encoding-unsupported", "the page part is sent with Content-Transfer-Encoding 'x-uuencode', "
                                                  "which integrity cannot undo (it reads base64, quoted-printable, "
                                                  "7bit, 8bit, binary)"),
}


def test_scan_of_bad_saved_pages_fails_each_with_its_reason_and_reads_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = mk.make_bad_saved_pages(tmp_path / "bad")
    assert main(["scan", str(folder), "--format", "json", "--fail-on", "critical"]) == 2
    captured = capsys.readouterr()
    reports = {Path(r["document"]["source"]).name: r for r in json.loads(captured.out)["reports"]}
    assert {n: (r["errors"][0]["code"], r["errors"][0]["message"]) for n, r in reports.items() if r["errors"]} == BAD
    for name, (code, _) in BAD.items():
        assert f"{name}: not scanned: " in captured.err and f"[{code}]" in captured.err
    assert reports["cafe.mhtml"]["document"]["status"] == "ok"
    assert {i["src"]: i["status"] for i in reports["cafe.mhtml"]["images"]} == CAFE_IMAGES
    # a photo's part in an unknown encoding: the page is read, that one image is unresolved and says why
    photo = reports["photo-encoded.mht"]
    assert photo["document"]["status"] == "ok" and not photo["errors"]
    lead = next(i for i in photo["images"] if i["src"].endswith("lead.jpg"))
    assert lead["status"] == "unresolved" and "'x-uuencode'" in lead["problem"]
    assert "image/unresolved" in {f["rule_id"] for f in photo["findings"]}


def test_audit_of_bad_saved_pages_accounts_for_each(tmp_path: Path) -> None:
    folder = mk.make_bad_saved_pages(tmp_path / "bad")
    code, rows = _audit(folder, tmp_path / "out")
    assert code == 2
    assert {Path(k).name: v for k, v in rows.items()} == {
        **{name: ("failed", c) for name, (c, _) in BAD.items()},
        "cafe.mhtml": ("scanned", ""), "photo-encoded.mht": ("scanned", "")}


def test_the_api_gives_a_failed_document_for_each_bad_saved_page(tmp_path: Path) -> None:
    import integrity

    folder = mk.make_bad_saved_pages(tmp_path / "bad")
    for name, (code, message) in BAD.items():
        report = integrity.check_file(folder / name)  # never raises
        assert not report.ok and (report.errors[0].code, report.errors[0].message) == (code, message)


def test_audit_of_a_tar_reads_its_saved_pages(tmp_path: Path) -> None:
    import tarfile

    folder = mk.make_saved_pages(tmp_path / "site")
    archive = tmp_path / "saved.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            tf.add(file, file.relative_to(folder).as_posix())
    code, rows = _audit(archive, tmp_path / "out")
    assert code == 0
    assert rows == {f"{archive}!saved/cafe.mhtml": ("scanned", ""), f"{archive}!saved/fest.MHT": ("scanned", ""),
                    f"{archive}!story.html": ("scanned", "")}
