"""Issue 6's acceptance: every input accounted for exactly once, hostile archives,
resume after SIGKILL, incremental re-runs, and Dask giving the process pool's results."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from fixtures.archives.make_archives import make_all
from integrity.audit import AuditOptions, run_audit
from integrity.audit.plan import Item
from integrity.audit.progress import Progress
from tests.conftest import ARTICLES, ROOT

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def _rows(out: Path) -> dict[str, tuple[str, str | None, str | None]]:
    db = sqlite3.connect(out / "audit.sqlite")
    rows = {r[0]: (r[1], r[2], r[3]) for r in db.execute("SELECT id, status, code, reason FROM documents")}
    db.close()
    return rows


def _quiet(total: int = 0) -> Progress:
    return Progress(total, interactive=False, every=3600)


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_all(tmp_path_factory.mktemp("archives"))


def test_every_document_of_every_kind_is_in_the_store_once(tmp_path: Path, archives: dict[str, Path]) -> None:
    out = tmp_path / "audit"
    inputs = (str(ARTICLES), *(str(p) for p in archives.values()), str(tmp_path / "nope.warc.gz"))
    summary = run_audit(AuditOptions(inputs, out, jobs=2, progress_every=3600), _quiet())
    rows = _rows(out)
    assert summary.planned == len(rows) == summary.scanned + summary.failed
    kinds = {"article files": [k for k in rows if k.startswith(str(ARTICLES))],
             "warc": [k for k in rows if ".warc.gz#" in k], "wacz": [k for k in rows if ".wacz!" in k]}
    assert len(kinds["article files"]) == 4 and len(kinds["warc"]) >= 7 and len(kinds["wacz"]) == 3
    assert rows[str(tmp_path / "nope.warc.gz")][:2] == ("failed", "input.missing")


def test_hostile_zip_and_tar_members_are_refused_with_reasons(tmp_path: Path, archives: dict[str, Path]) -> None:
    out = tmp_path / "audit"
    run_audit(AuditOptions((str(archives["zip"]), str(archives["tar"])), out, engine="serial", progress_every=3600), _quiet())
    rows = _rows(out)
    z, t = str(archives["zip"]), str(archives["tar"])
    assert rows[f"{z}!site/ok.html"][0] == "scanned"
    assert "climbs out" in rows[f"{z}!../../escape.html"][2]
    assert "absolute" in rows[f"{z}!/etc/absolute.html"][2]
    assert rows[f"{z}!bomb.html"][:2] == ("failed", "archive.refused")
    assert rows[f"{t}!docs/ok.txt"][0] == "scanned"
    assert "link member" in rows[f"{t}!docs/link.html"][2]
    assert "climbs out" in rows[f"{t}!../up.txt"][2]
    assert not (tmp_path / "escape.html").exists() and not (out / "escape.html").exists()


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    import zipfile

    bomb = tmp_path / "ratio.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("small-but-huge.html", b"<p>" + b"x" * 2_000_000 + b"</p>")
    run_audit(AuditOptions((str(bomb),), tmp_path / "a", engine="serial", progress_every=3600), _quiet())
    (status, code, reason), = _rows(tmp_path / "a").values()
    assert status == "failed" and "compression ratio" in reason


def test_corrupt_warc_record_is_reported_and_the_rest_scanned(tmp_path: Path, archives: dict[str, Path]) -> None:
    out = tmp_path / "audit"
    run_audit(AuditOptions((str(archives["warc"]),), out, engine="serial", progress_every=3600), _quiet())
    rows = _rows(out)
    broken = [v for k, v in rows.items() if "#error@" in k]
    assert len(broken) == 1 and broken[0][1] == "archive.corrupt" and "could not be read" in broken[0][2]
    assert sum(v[0] == "scanned" for v in rows.values()) >= 7


def test_images_come_from_the_same_archive(tmp_path: Path, archives: dict[str, Path]) -> None:
    out = tmp_path / "audit"
    run_audit(AuditOptions((str(archives["warc"]),), out, engine="serial", progress_every=3600), _quiet())
    db = sqlite3.connect(out / "audit.sqlite")
    images = {(src.rsplit("/", 1)[1], status, ai) for _, src, status, ai in db.execute("SELECT doc_id, src, status, ai FROM images")}
    assert ("lead.jpg", "analysed", "generated") in images
    assert ("missing.jpg", "unresolved", None) in images
    reasons = [json.loads(r)["images"] for (r,) in db.execute("SELECT report FROM documents WHERE report LIKE '%missing.jpg%'")]
    assert any(i["problem"] == "the archive does not hold this image" for rep in reasons for i in rep)


def test_incremental_rerun_skips_unchanged_and_rescans_changed(tmp_path: Path) -> None:
    src = tmp_path / "site"
    src.mkdir()
    for p in ARTICLES.glob("*.*"):
        (src / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "audit"
    first = run_audit(AuditOptions((str(src),), out, engine="serial", progress_every=3600), _quiet())
    second = run_audit(AuditOptions((str(src),), out, engine="serial", progress_every=3600), _quiet())
    assert second.unchanged == first.planned == 4
    page = src / "clean-council-budget.txt"
    page.write_text(page.read_text() + "\nIt is believed the budget will pass.\n")
    third = run_audit(AuditOptions((str(src),), out, engine="serial", progress_every=3600), _quiet())
    assert third.unchanged == 3
    assert len(_rows(out)) == 4


def test_outputs_are_written(tmp_path: Path) -> None:
    out = tmp_path / "audit"
    run_audit(AuditOptions((str(ARTICLES),), out, engine="serial", progress_every=3600), _quiet())
    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == 4 and summary["by_status"] == {"scanned": 4}
    assert any(r["rule_id"] == "credit/empty-byline" for r in summary["findings_by_rule"])
    assert [t["month"] for t in summary["trend_by_month"]] == ["2025-11"]
    assert "<svg" in (out / "summary.html").read_text() and "<script" not in (out / "summary.html").read_text()
    # each worst article links to its own report, rebuilt from the stored JSON, not rescanned
    import re

    links = re.findall(r"<a href='(reports/[^']+)'>([^<]+)</a>", (out / "summary.html").read_text())
    assert [doc for _, doc in links] == [w["id"] for w in summary["worst"]]
    first = (out / links[0][0]).read_text()
    assert summary["worst"][0]["id"] in first and f"<span class=score>{summary['worst'][0]['score']}</span>" in first
    assert len((out / "documents.jsonl").read_text().splitlines()) == 4
    assert (out / "documents.csv").read_text().splitlines()[0].startswith("id,source,url,status")


def test_sigkill_mid_run_then_resume_accounts_for_everything_once(tmp_path: Path) -> None:
    src = tmp_path / "many"
    src.mkdir()
    seed = (ARTICLES / "seed-pokrovsk.txt").read_text()
    for k in range(400):
        (src / f"a{k:04d}.txt").write_text(seed.replace("Pokrovsk", f"Town{k}"))
    out = tmp_path / "audit"
    cmd = [sys.executable, "-m", "integrity", "audit", str(src), "--out", str(out), "--engine", "serial"]
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db_path = out / "audit.sqlite"
    deadline = time.monotonic() + 60
    done = 0
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if db_path.exists():
            try:
                db = sqlite3.connect(db_path, timeout=1)
                done = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                db.close()
            except sqlite3.Error:
                continue
            if done >= 40:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < done < 400, "the kill must land mid-run"
    resumed = subprocess.run([*cmd, "--resume"], env=ENV, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    rows = _rows(out)
    assert len(rows) == 400 and all(v[0] == "scanned" for v in rows.values())
    assert f"{done}" and "unchanged" in resumed.stderr


def test_dask_gives_the_process_pools_results(tmp_path: Path, archives: dict[str, Path]) -> None:
    pytest.importorskip("dask.distributed")
    inputs = (str(ARTICLES), str(archives["zip"]), str(archives["warc"]))
    run_audit(AuditOptions(inputs, tmp_path / "pool", jobs=2, engine="processes", progress_every=3600), _quiet())
    run_audit(AuditOptions(inputs, tmp_path / "dask", jobs=2, engine="dask", progress_every=3600), _quiet())

    def results(out: Path) -> dict[str, tuple]:
        db = sqlite3.connect(out / "audit.sqlite")
        return {r[0]: r[1:] for r in db.execute(
            "SELECT id, status, code, score, n_critical, n_error, n_warning, n_info FROM documents")}

    assert results(tmp_path / "pool") == results(tmp_path / "dask")


def _die_on_p17(item: Item) -> None:
    """Run in a worker before each document: document p17 SIGKILLs the worker process scanning it."""
    if item.id.endswith("p17.txt"):
        os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_process_that_dies_costs_only_its_documents(tmp_path: Path) -> None:
    src = tmp_path / "site"
    src.mkdir()
    for k in range(40):
        (src / f"p{k:02d}.txt").write_text((ARTICLES / "clean-council-budget.txt").read_text())
    out = tmp_path / "audit"
    opts = AuditOptions((str(src),), out, jobs=2, shard=4, progress_every=3600, before_item=_die_on_p17)
    summary = run_audit(opts, _quiet())
    rows = _rows(out)
    assert len(rows) == 40 == summary.planned
    crashed = {k for k, v in rows.items() if v[1] == "worker.crashed"}
    assert str(src / "p17.txt") in crashed and len(crashed) <= 4  # only the dying shard
    assert sum(v[0] == "scanned" for v in rows.values()) >= 36


def test_one_image_in_several_articles_with_different_captions_is_listed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "images").mkdir(parents=True)
    photo = (ARTICLES / "images" / "council-vote.jpg").read_bytes()
    (site / "images" / "a.jpg").write_bytes(photo)
    (site / "images" / "b.jpg").write_bytes(photo)  # the same picture under another name
    for name, img, caption, date in (("one.html", "a.jpg", "Council votes on the budget", "2025-11-03"),
                                     ("two.html", "b.jpg", "Protesters outside parliament", "2021-05-01"),
                                     ("three.html", "a.jpg", "Council votes on the budget", "2025-11-03")):
        (site / name).write_text(
            f'<html><head><meta property="article:published_time" content="{date}"></head><body>'
            f'<p class="byline">By Ann Lee</p><figure><img src="images/{img}" alt="x"><figcaption>{caption}</figcaption>'
            f"</figure><p>The council met, the mayor said.</p></body></html>")
    out = tmp_path / "audit"
    run_audit(AuditOptions((str(site),), out, engine="serial", progress_every=3600), _quiet())
    reused = json.loads((out / "summary.json").read_text())["images_reused"]
    assert len(reused) == 1
    (r,) = reused
    assert r["documents"] == 3 and r["captions"] == 2 and r["dates"] == 2
    assert "One image, several articles" in (out / "summary.md").read_text()


def test_a_rerun_reuses_the_archive_index_and_nothing_lists_every_record(
        tmp_path: Path, archives: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from integrity.sources import warc as warc_module

    def never(*_args: object) -> None:
        raise AssertionError("called")

    monkeypatch.setattr(warc_module.WarcIndex, "records", never)  # planner and workers stream pages and look-ups
    out = tmp_path / "audit"
    opts = AuditOptions((str(archives["warc"]), str(archives["wacz"])), out, engine="serial", progress_every=3600)
    first = run_audit(opts, _quiet())
    indexes = sorted((out / "indexes").glob("*.sqlite"))
    assert len(indexes) == 2 and not list((out / "indexes").glob("*.tmp"))
    made = [p.stat().st_mtime_ns for p in indexes]
    monkeypatch.setattr(warc_module, "scan_warc", never)  # unchanged archives: their indexes are not rebuilt
    monkeypatch.setattr("integrity.sources.wacz.scan_warc", never)
    second = run_audit(replace(opts, force=True), _quiet())
    assert sorted((out / "indexes").glob("*.sqlite")) == indexes and [p.stat().st_mtime_ns for p in indexes] == made
    assert second.planned == first.planned and second.scanned == first.scanned


def test_an_input_named_twice_is_planned_once(tmp_path: Path, archives: dict[str, Path]) -> None:
    inputs = (str(archives["warc"]), str(ARTICLES), str(archives["warc"]), str(next(ARTICLES.glob("*.html"))))
    summary = run_audit(AuditOptions(inputs, tmp_path / "audit", engine="serial", progress_every=3600, outputs=False), _quiet())
    assert summary.planned == len(_rows(tmp_path / "audit")) == summary.scanned + summary.failed


def test_an_empty_folder_is_reported_and_the_summary_has_no_none(tmp_path: Path) -> None:
    """As `scan` of an empty folder: one failed entry with the reason; no 'mean score None' in the summaries."""
    (tmp_path / "empty").mkdir()
    out = tmp_path / "audit"
    summary = run_audit(AuditOptions((str(tmp_path / "empty"),), out, engine="serial", progress_every=3600), _quiet())
    assert (summary.planned, summary.failed) == (1, 1)
    rows = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert [r["errors"][0]["message"] for r in rows] == ["folder holds no document or archive"]
    for name in ("summary.md", "summary.html"):
        text = (out / name).read_text()
        assert "None" not in text and "no mean score (no document was scored)" in text


def test_error_texts_hold_no_memory_address_so_two_runs_agree() -> None:
    from integrity.pipeline import Checker

    checker = Checker()
    msg = "archive unreadable from here on: ArchiveLoadFailed: Unknown archive format, first line: <_io.BytesIO object at 0x7f3a9c1d2e80>"
    report = checker.failed("a.warc#error@0", "archive.corrupt", msg)
    assert report.errors[0].message == msg.replace(" object at 0x7f3a9c1d2e80", "")
    assert checker.failed("x", "internal.error", "<function f at 0xdeadbeef> failed").errors[0].message == "<function f> failed"
