"""Issue 9's guarantees over the hostile corpus (fixtures/hostile/make_hostile.py): every input
ends as a finding or a per-document error with a reason — no unhandled exception, no hang,
no silent drop — through scan, inspect and audit."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fixtures.hostile.make_hostile import make_all
from integrity.images.evidence import AI_VERDICTS
from integrity.inspect import was_read
from tests.conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
ARTICLE_SUFFIXES = (".html", ".htm", ".txt")
INTERNAL = ("internal.error", "detector.failed")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_all(tmp_path_factory.mktemp("hostile"))


def _run(*args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "integrity", *args], capture_output=True, text=True, timeout=timeout,
                          env=ENV, cwd=ROOT)


def test_scan_accounts_for_every_article_with_no_crash(corpus: Path) -> None:
    proc = _run("scan", str(corpus), "--format", "json", "--root", str(corpus))
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2  # some inputs cannot be scanned, and the exit code says so
    reports = json.loads(proc.stdout)["reports"]
    expected = sorted(p.name for p in corpus.iterdir() if p.name.endswith(ARTICLE_SUFFIXES))
    assert sorted(Path(r["document"]["source"]).name for r in reports) == expected
    for r in reports:
        codes = [e["code"] for e in r["errors"]]
        assert not any(c in INTERNAL for c in codes), (r["document"]["source"], r["errors"])
        if r["document"]["status"] != "ok":
            assert r["errors"] and r["errors"][0]["message"]
            assert r["document"]["source"] in proc.stderr
    by_name = {Path(r["document"]["source"]).name: r for r in reports}
    # bytes that are not UTF-8 are read as a browser reads them (here windows-1252, nothing declared), not
    # refused; text saved as UTF-16 without a byte order mark is half NUL bytes: not text
    assert by_name["invalid-utf8.html"]["document"]["status"] == "ok"
    assert by_name["utf16-no-bom.txt"]["errors"][0]["code"] == "input.binary"
    images = by_name["images.html"]["images"]
    assert all(i["status"] == "analysed" for i in images)
    bombs = [i for i in images if "bomb" in i["src"]]
    assert bombs and all("decompression bomb" in " ".join(i["evidence"]["errors"]) for i in bombs)


def test_inspect_survives_every_hostile_image(corpus: Path) -> None:
    files = sorted((corpus / "images").iterdir())
    proc = _run("inspect", *map(str, files), "--format", "json")
    assert "Traceback" not in proc.stderr
    records = json.loads(proc.stdout)
    assert [Path(r["path"]).name for r in records] == [f.name for f in files]
    assert all(r["ai"] in AI_VERDICTS for r in records)
    # every image is reported; the ones that could not be read at all make the exit code 2, each with its reason
    refused = [r for r in records if not was_read(r)]  # no format, or a raster header nothing could parse
    assert refused and proc.returncode == 2
    assert sorted(line.split(": not inspected: ")[0].removeprefix("integrity: ") for line in proc.stderr.splitlines()
                  if ": not inspected: " in line) == sorted(r["path"] for r in refused)


def test_audit_accounts_for_every_input_including_archives(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit"
    proc = _run("audit", str(corpus), "--out", str(out), "--jobs", "2", "--root", str(corpus))
    assert "Traceback" not in proc.stderr
    db = sqlite3.connect(out / "audit.sqlite")
    rows = list(db.execute("SELECT id, status, code, reason FROM documents"))
    planned = db.execute("SELECT COUNT(*) FROM plan").fetchone()[0]
    assert len(rows) == planned == len({r[0] for r in rows})
    assert not [r for r in rows if r[2] in INTERNAL or r[2] == "worker.crashed"]
    assert all(r[3] for r in rows if r[1] == "failed")
    codes = {r[2] for r in rows}
    assert {"archive.refused", "archive.corrupt", "input.too-large", "input.binary"} <= codes
    assert proc.returncode == 2


def test_a_slow_document_hits_the_time_limit_and_the_rest_go_on(tmp_path: Path) -> None:
    slow = tmp_path / "slow.html"
    # 9 MB of short sentences, each one analysed for its source: ~25 s without a limit (work that
    # stays, however fast parsing gets; a run-on "sentence" does not, it is skipped as debris)
    slow.write_text("<p>" + "Officials said 12 people died. " * 300_000 + "</p>")
    fine = tmp_path / "fine.html"
    fine.write_text('<p class="byline">By Ann Lee</p><p>The council met, the mayor said.</p>')
    # over the one-time set-up (lexicons, lazy imports) that the first document of a process pays
    (tmp_path / "integrity.toml").write_text("document_timeout = 2\n")
    proc = _run("scan", str(slow), str(fine), "--format", "json", "--config", str(tmp_path / "integrity.toml"))
    reports = {Path(r["document"]["source"]).name: r for r in json.loads(proc.stdout)["reports"]}
    assert reports["slow.html"]["errors"][0]["code"] == "document.timeout"
    assert reports["fine.html"]["document"]["status"] == "ok" and reports["fine.html"]["errors"] == []
    assert proc.returncode == 2


def test_the_html_report_never_carries_live_article_markup(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    _run("scan", str(corpus / "script-and-handlers.html"), "--format", "html", "--out", str(out))
    html = out.read_text()
    assert "<script" not in html.lower() and "onerror=" not in html and "onmouseover=" not in html


def test_malformed_urls_anywhere_in_a_page_do_not_stop_its_check() -> None:
    import integrity

    page = ('<p class="byline">By <a href="http://[x/author/bob">Bob Ray</a></p><img src="http://[::1" alt="a">'
            '<img src="//[" alt="b"><meta property="og:image" content="http://[bad"><p>Reportedly x.</p>')
    report = integrity.check(page, kind="html", base_url="https://news.example/a/")
    assert report.ok and report.errors == ()
    assert {i.problem for i in report.images if i.status == "unresolved"} >= {"malformed URL"}
