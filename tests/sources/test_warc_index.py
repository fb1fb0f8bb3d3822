"""The on-disk record index of WARC and WACZ archives: reused while the archive is unchanged,
rebuilt when it changed, never used half-written; a WACZ's page list limits its pages."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from fixtures.archives.make_archives import SITE, make_wacz, make_warc
from integrity.audit.plan import index_file
from integrity.sources import warc as warc_module
from integrity.sources.wacz import index_wacz, wacz_pages
from integrity.sources.warc import WarcImages, file_opener, index_warc, page_document, source_key
from tests.conftest import ROOT


def _index(warc: Path, db: Path):  # type: ignore[no-untyped-def]
    return index_warc(file_opener(str(warc)), str(warc), db, source_key(warc))


def _no_scan(*_args: object) -> None:
    raise AssertionError("the archive was scanned again")


def _touch_later(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


def test_index_is_a_file_reused_while_the_archive_is_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warc = make_warc(tmp_path / "crawl.warc.gz")
    db = tmp_path / "crawl.sqlite"
    first = _index(warc, db)
    pages = [(r.offset, r.url) for r in first.pages()]
    first.close()
    assert db.is_file() and len(pages) == 7  # six stories and the revisit of story/0
    monkeypatch.setattr(warc_module, "scan_warc", _no_scan)
    again = _index(warc, db)
    assert [(r.offset, r.url) for r in again.pages()] == pages
    assert again.errors and "could not be read" in again.errors[0][1]  # the broken tail, kept in the file
    again.close()


def test_index_is_rebuilt_when_the_archive_changed(tmp_path: Path) -> None:
    warc = make_warc(tmp_path / "crawl.warc.gz")
    db = tmp_path / "crawl.sqlite"
    _index(warc, db).close()
    make_warc(warc, n_pages=3, broken_tail=False)
    _touch_later(warc)  # a different mtime even on a coarse clock
    index = _index(warc, db)
    assert len(list(index.pages())) == 4 and index.errors == []
    index.close()


def test_the_audit_keeps_one_index_per_archive_named_by_its_state(tmp_path: Path) -> None:
    warc = make_warc(tmp_path / "crawl.warc.gz")
    first = index_file(tmp_path / "indexes", warc, source_key(warc))
    _index(warc, first).close()
    assert index_file(tmp_path / "indexes", warc, source_key(warc)) == first  # unchanged: the same file, reused
    _touch_later(warc)
    second = index_file(tmp_path / "indexes", warc, source_key(warc))
    assert second != first and not first.exists()  # changed: a new name, the old index removed


def test_an_index_left_half_written_by_a_crash_is_never_used(tmp_path: Path) -> None:
    warc = make_warc(tmp_path / "crawl.warc.gz")
    db = tmp_path / "crawl.sqlite"
    crash = (
        "import os, signal, sys\n"
        "from integrity.sources import warc as w\n"
        "real = w.IndexWriter.add\n"
        "def add(self, member, ref, *rest):\n"
        "    real(self, member, ref, *rest)\n"
        "    self.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)  # killed with a record written\n"
        "w.IndexWriter.add = add\n"
        "w.index_warc(w.file_opener(sys.argv[1]), sys.argv[1], sys.argv[2], w.source_key(sys.argv[1]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", crash, str(warc), str(db)], cwd=ROOT, capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert not db.exists() and db.with_name(db.name + ".tmp").exists()  # only the scratch file is left
    index = _index(warc, db)
    assert len(list(index.pages())) == 7 and not db.with_name(db.name + ".tmp").exists()
    index.close()


def test_an_index_file_that_is_not_a_complete_index_is_rebuilt(tmp_path: Path) -> None:
    warc = make_warc(tmp_path / "crawl.warc.gz")
    db = tmp_path / "crawl.sqlite"
    db.write_bytes(b"SQLite format 3\x00 but cut short")
    index = _index(warc, db)
    assert len(list(index.pages())) == 7
    index.close()


def test_an_interrupted_build_leaves_no_index(tmp_path: Path) -> None:
    def broken_stream():  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    db = tmp_path / "crawl.sqlite"
    with pytest.raises(KeyboardInterrupt):
        index_warc(broken_stream, "crawl", db, "1:1")
    assert list(tmp_path.iterdir()) == []


def test_wacz_with_a_page_list_yields_only_the_listed_pages(tmp_path: Path) -> None:
    wacz = make_wacz(tmp_path / "site.wacz", make_warc(tmp_path / "clean.warc.gz", broken_tail=False))
    urls = {ref.url for _, _, ref in wacz_pages(wacz, tmp_path / "site.sqlite")}
    assert urls == {f"{SITE}/story/{k}" for k in range(3)}  # pages.jsonl lists three of the six stories


def test_wacz_without_a_page_list_yields_every_html_page(tmp_path: Path) -> None:
    warc = make_warc(tmp_path / "clean.warc.gz", broken_tail=False)
    wacz = tmp_path / "bare.wacz"
    with zipfile.ZipFile(wacz, "w") as zf:
        zf.write(warc, "archive/data.warc.gz", compress_type=zipfile.ZIP_STORED)
    assert len([ref for _, _, ref in wacz_pages(wacz)]) == 7


def test_wacz_cdxj_index_is_used_instead_of_a_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warc = make_warc(tmp_path / "clean.warc.gz", broken_tail=False)
    scanned = index_warc(file_opener(str(warc)), str(warc))  # in memory: the offsets a CDXJ would list
    lines = [f"org,example)/ {r.date} " + json.dumps({"url": r.url, "mime": "warc/revisit" if r.kind == "revisit" else r.mime,
                                                      "offset": r.offset, "digest": r.digest, "filename": "data.warc.gz"})
             for r in scanned.records()]
    wacz = tmp_path / "indexed.wacz"
    with zipfile.ZipFile(wacz, "w") as zf:
        zf.write(warc, "archive/data.warc.gz", compress_type=zipfile.ZIP_STORED)
        zf.writestr("indexes/index.cdxj", "\n".join(lines) + "\n")
    monkeypatch.setattr(warc_module, "scan_warc", _no_scan)
    monkeypatch.setattr("integrity.sources.wacz.scan_warc", _no_scan)
    [(member, index)] = index_wacz(wacz, tmp_path / "indexed.sqlite")
    html = [r for r in index.pages() if r.kind != "revisit"]
    assert member == "archive/data.warc.gz" and len(html) == 6
    from integrity.sources.wacz import member_opener

    doc = page_document(member_opener(str(wacz), member), index, html[0], "doc", 1_000_000)
    assert b"Story 0" in doc.data
    index.close()


def test_images_resolve_by_url_from_the_same_archive(tmp_path: Path) -> None:
    warc = make_warc(tmp_path / "crawl.warc.gz")
    index = _index(warc, tmp_path / "crawl.sqlite")
    images = WarcImages(file_opener(str(warc)), index, f"{SITE}/story/0", 10_000_000)
    found = images.get("/img/lead.jpg")
    assert found is not None and found[1] == f"{SITE}/img/lead.jpg" and found[0][:2] == b"\xff\xd8"
    assert images.get("/img/missing.jpg") is None
    index.close()
