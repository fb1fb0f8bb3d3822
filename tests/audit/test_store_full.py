"""Issue 9's disk-full guarantee: when the audit store cannot grow (SQLITE_FULL), the audit stops
with a clear error and exit code 2, no traceback; the database is intact; and once there is room
again, ``--resume`` finishes with every input in the store exactly once, with a status.

The disk is filled for real as far as SQLite can tell: the audit runs in a subprocess through
``tests/audit/capped_audit.py``, the ordinary command line with ``AuditOptions.store_max_pages``
(or ``index_max_pages``) set, which puts ``PRAGMA max_page_count`` on the store's (or index's) own
connection, so a page it needs is refused with SQLITE_FULL exactly as on a full disk. Lifting it
(the plain ``python -m integrity audit --resume``) frees the space."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fixtures.archives.make_archives import make_warc
from integrity import cli
from integrity.audit import plan as plan_module
from integrity.audit.store import Store, StoreFull
from integrity.audit.worker import Result
from integrity.sources.archives import ArchiveLimits
from tests.conftest import ARTICLES, ROOT

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
N = 500  # documents; the cap is half the pages their finished store takes (measured, see half_store)


def _corpus(root: Path, n: int) -> Path:
    src = root / "site"
    src.mkdir()
    seed = (ARTICLES / "seed-pokrovsk.txt").read_text()
    for k in range(n):
        (src / f"a{k:04d}.txt").write_text(seed.replace("Pokrovsk", f"Town{k}"))
    return src


def _audit(src: Path, out: Path, engine: list[str], *extra: str, max_pages: int | None = None,
           index_max_pages: int | None = None) -> subprocess.CompletedProcess[str]:
    command = ["audit", str(src), "--out", str(out), *engine, *extra]
    if max_pages is None and index_max_pages is None:
        program = ["-m", "integrity"]
    else:  # index_max_pages: the same cap on the archive indexes the planner writes under --out
        program = ["-m", "tests.audit.capped_audit"]
        program += ["--store-max-pages", str(max_pages)] if max_pages is not None else []
        program += ["--index-max-pages", str(index_max_pages)] if index_max_pages is not None else []
        program += ["--"]
    return subprocess.run([sys.executable, *program, *command], env=ENV, cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def _check_store(db_path: Path) -> dict[str, str]:
    """integrity_check passes; no finding or image belongs to a document that is not stored;
    every stored document has exactly the findings its counts say. Returns id -> status."""
    db = sqlite3.connect(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        ids = [r[0] for r in db.execute("SELECT id FROM documents")]
        assert len(ids) == len(set(ids))
        assert db.execute("SELECT COUNT(*) FROM findings WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM images WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0] == 0
        mismatched = db.execute(
            "SELECT COUNT(*) FROM documents d WHERE n_critical + n_error + n_warning + n_info != "
            "(SELECT COUNT(*) FROM findings f WHERE f.doc_id = d.id)").fetchone()[0]
        assert mismatched == 0, "a document's findings were written twice or partly"
        return {r[0]: r[1] for r in db.execute("SELECT id, status FROM documents")}
    finally:
        db.close()


def _assert_clean_full_error(run: subprocess.CompletedProcess[str], out: Path) -> int:
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, run.stderr
    assert "integrity: error: the audit store" in run.stderr and "is full (disk full: database or disk is full)" in run.stderr
    assert "--resume" in run.stderr
    stored = re.search(r"(\d+) documents are safely stored", run.stderr)
    assert stored, run.stderr
    return int(stored.group(1))


@pytest.fixture(scope="module")
def half_store(tmp_path_factory: pytest.TempPathFactory) -> int:
    """Half the pages the store of the N-document corpus takes when the audit finishes uncapped.

    Measured rather than written down: the store grows whenever a detector reports one more
    finding per document, and a fixed cap then fills before the first batch (or never)."""
    root = tmp_path_factory.mktemp("uncapped")
    src, out = _corpus(root, N), root / "audit"
    done = _audit(src, out, ["--engine", "serial"])
    assert done.returncode in (0, 1), done.stderr
    db = sqlite3.connect(out / "audit.sqlite")
    try:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    finally:
        db.close()
    return pages // 2


@pytest.mark.parametrize("engine", [["--engine", "serial"], ["--jobs", "2"]], ids=["serial", "processes"])
def test_disk_full_mid_audit_stops_cleanly_and_resume_counts_every_input_once(tmp_path: Path, engine: list[str],
                                                                               half_store: int) -> None:
    src = _corpus(tmp_path, N)
    out = tmp_path / "audit"

    full = _audit(src, out, engine, max_pages=half_store)
    stored = _assert_clean_full_error(full, out)
    assert 0 < stored < N, "the store must fill mid-audit, after some batches were committed"
    rows = _check_store(out / "audit.sqlite")
    assert len(rows) == stored and set(rows.values()) == {"scanned"}

    resumed = _audit(src, out, engine, "--resume")  # room again: the page cap is gone
    assert resumed.returncode == 0, resumed.stderr
    assert f"audit of {N} documents: {N} scanned, 0 failed, {stored} unchanged" in resumed.stderr
    rows = _check_store(out / "audit.sqlite")
    assert sorted(rows) == sorted(str(p) for p in src.iterdir())
    assert set(rows.values()) == {"scanned"}


def test_disk_full_while_planning_is_the_same_clean_stop(tmp_path: Path) -> None:
    src = _corpus(tmp_path, 30)
    out = tmp_path / "audit"
    full = _audit(src, out, ["--engine", "serial"], max_pages=1)  # not one page to spare: the plan table cannot be made
    assert _assert_clean_full_error(full, out) == 0
    assert _check_store(out / "audit.sqlite") == {}
    resumed = _audit(src, out, ["--engine", "serial"], "--resume")
    assert resumed.returncode == 0, resumed.stderr
    rows = _check_store(out / "audit.sqlite")
    assert len(rows) == 30 and set(rows.values()) == {"scanned"}


def _result(k: int) -> Result:
    return Result(f"doc{k}", "src", "", f"key{k}", "scanned", score=90, counts={"warning": 2},
                  findings=[{"rule_id": "r", "severity": "warning", "line": 1, "message": "m" * 500}] * 2,
                  report={"padding": "x" * 6000})


def test_a_batch_that_does_not_fit_is_rolled_back_whole(tmp_path: Path) -> None:
    store = Store(tmp_path / "audit.sqlite")
    try:
        assert store.write([_result(k) for k in range(5)], "rv", "ch") == 5
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count={pages + 3}")
        with pytest.raises(StoreFull) as info:
            store.write([_result(k) for k in range(5, 40)], "rv", "ch")
        assert info.value.stored == 5 and "database or disk is full" in str(info.value)
        assert not store.db.in_transaction
        assert store.count() == 5
        assert store.db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 10  # none of the failed batch's
        store.db.execute("PRAGMA max_page_count=1073741823")  # space freed: the same batch now goes in
        assert store.write([_result(k) for k in range(5, 40)], "rv", "ch") == 35
    finally:
        store.close()
    assert set(_check_store(tmp_path / "audit.sqlite").values()) == {"scanned"}


def test_no_room_for_an_output_file_is_a_clean_disk_full_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import integrity.audit as audit

    def no_space(opts: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "out" / "documents.csv"))

    monkeypatch.setattr(audit, "run_audit", no_space)
    assert cli.main(["audit", str(ARTICLES), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "integrity: error: disk full (No space left on device" in err and "documents.csv" in err and "--resume" in err


def test_disk_full_while_indexing_a_warc_stops_cleanly_and_resumes(tmp_path: Path) -> None:
    """The record index of a WARC is written under --out before any of its pages is planned:
    no room for it stops the audit (not "archive corrupt"), leaves no half-written index, and
    a resumed run rebuilds it and audits every page once."""
    warc = make_warc(tmp_path / "site.warc.gz", n_pages=300, broken_tail=False)
    out = tmp_path / "audit"
    full = _audit(warc, out, ["--engine", "serial"], index_max_pages=8)  # the schema fits, 300 records do not
    assert full.returncode == 2, full.stderr
    assert "Traceback" not in full.stderr and "integrity: error: disk full (database or disk is full" in full.stderr
    assert "--resume" in full.stderr
    assert list((out / "indexes").iterdir()) == []  # the scratch file is gone, no index claims to be complete
    assert _check_store(out / "audit.sqlite") == {}

    resumed = _audit(warc, out, ["--engine", "serial"], "--resume")
    assert resumed.returncode == 0, resumed.stderr
    rows = _check_store(out / "audit.sqlite")
    assert len(rows) == 301 and set(rows.values()) == {"scanned"}  # 300 pages and the revisit record
    assert len(list((out / "indexes").glob("*.sqlite"))) == 1


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_no_room_for_an_index_is_not_a_corrupt_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    warc = make_warc(tmp_path / "site.warc.gz", n_pages=3, broken_tail=False)

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code), str(tmp_path / "indexes" / "x.sqlite.tmp"))

    monkeypatch.setattr(plan_module, "index_warc", no_space)
    with pytest.raises(OSError) as info:
        list(plan_module.plan([str(warc)], tmp_path / "indexes", ArchiveLimits()))
    assert info.value.errno == code

    def unreadable(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(warc))

    monkeypatch.setattr(plan_module, "index_warc", unreadable)  # a fault of the input: reported, the run goes on
    items = list(plan_module.plan([str(warc)], tmp_path / "indexes", ArchiveLimits()))
    assert [(i.kind, i.code) for i in items] == [("error", "archive.corrupt")]
