"""Issue 9's "never a hang — time and memory bounds per document, configurable": a document over
its memory allowance fails with a reason and every other document is still checked, in `scan`
and in the audit's worker processes; a time limit that fires inside image analysis is not
swallowed by the analysis' own line of defence."""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from integrity.config import Config, ConfigError
from integrity.limits import data_memory_in_use, memory_limit_supported
from integrity.pipeline import Checker
from integrity.sources.document import Document
from tests.conftest import ARTICLES, ROOT

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
needs_rlimit = pytest.mark.skipif(not memory_limit_supported(), reason="RLIMIT_DATA and /proc/self/status are Linux's")
FINE = '<p class="byline">By Ann Lee</p><p>The council met on Monday, the mayor said.</p>'


def _element_flood(n: int = 400_000) -> str:
    """1.6 MB of HTML — 400,000 one-letter paragraphs — that the parser turns into ~280 MB of objects."""
    return "<p>x" * n


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "integrity", *args], capture_output=True, text=True, timeout=300,
                          env=ENV, cwd=ROOT)


@needs_rlimit
def test_scan_fails_a_document_over_its_memory_limit_and_scans_the_rest(tmp_path: Path) -> None:
    (tmp_path / "flood.html").write_text(_element_flood())
    (tmp_path / "fine.html").write_text(FINE)
    proc = _run("scan", str(tmp_path / "flood.html"), str(tmp_path / "fine.html"), "--format", "json",
                "--max-document-memory", "64")
    assert "Traceback" not in proc.stderr
    reports = {Path(r["document"]["source"]).name: r for r in json.loads(proc.stdout)["reports"]}
    flood = reports["flood.html"]
    assert flood["document"]["status"] == "failed"
    assert flood["errors"][0]["code"] == "document.memory"
    assert flood["errors"][0]["message"].startswith("memory limit exceeded")
    assert "flood.html: not scanned: memory limit exceeded" in proc.stderr
    assert reports["fine.html"]["document"]["status"] == "ok"
    assert proc.returncode == 2


@needs_rlimit
def test_the_same_document_passes_without_the_limit_so_the_limit_is_what_stopped_it(tmp_path: Path) -> None:
    checker = Checker(Config(max_document_memory=0, document_timeout=0))
    report = checker.check_document(Document("flood.html", _element_flood().encode(), kind="html"))
    assert report.ok


@needs_rlimit
def test_audit_workers_fail_the_document_and_go_on(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "flood.html").write_text(_element_flood())
    for k in range(6):
        (site / f"fine{k}.html").write_text(FINE)
    out = tmp_path / "audit"
    proc = _run("audit", str(site), "--out", str(out), "--jobs", "2", "--max-document-memory", "64")
    assert "Traceback" not in proc.stderr
    db = sqlite3.connect(out / "audit.sqlite")
    rows = {Path(r[0]).name: r[1:] for r in db.execute("SELECT id, status, code, reason FROM documents")}
    db.close()
    assert len(rows) == 7
    status, code, reason = rows.pop("flood.html")
    assert (status, code) == ("failed", "document.memory") and reason.startswith("memory limit exceeded")
    # the worker survived the document: the rest of its shard (all seven are one shard) was scanned
    assert all(r[0] == "scanned" for r in rows.values()), rows
    assert proc.returncode == 2 and "1 failed" in proc.stderr


class _Hog:
    """A detector that asks for 2 GiB at once, then (on its second call) grows by 16 MiB steps."""

    id = "test.hog"
    facts = ()

    def __init__(self) -> None:
        self.calls = 0

    def detect(self, article, context):  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.calls == 1:
            bytearray(2 * 1024**3)
        chunks = []
        while True:
            chunks.append(bytearray(16 * 1024**2))


@needs_rlimit
def test_a_detector_that_allocates_2_gib_fails_its_document_not_the_process() -> None:
    checker = Checker(Config(max_document_memory=256, document_timeout=0))
    plain = Checker(Config(max_document_memory=256, document_timeout=0))
    hog = _Hog()
    checker.detectors = (*checker.detectors, hog)  # type: ignore[assignment]
    before = resource.getrlimit(resource.RLIMIT_DATA)
    for attempt in (1, 2):  # one huge allocation, then many small ones up to the limit
        report = checker.check_document(Document(f"hog{attempt}.html", FINE.encode(), kind="html"))
        assert report.document.status == "failed"
        assert [(e.code, e.message.split(":")[0]) for e in report.errors] == [("document.memory", "memory limit exceeded")]
        assert resource.getrlimit(resource.RLIMIT_DATA) == before  # the limit is put back after every document
    assert hog.calls == 2
    in_use = data_memory_in_use()
    assert in_use is not None and in_use < 2 * 1024**3  # the partial work was freed
    after = plain.check_document(Document("next.html", FINE.encode(), kind="html"))
    assert after.ok and after.score is not None


def test_config_key_and_flags_are_checked(tmp_path: Path) -> None:
    assert Config.from_dict({"max_document_memory": 512}).max_document_memory == 512
    assert Config.from_dict({"max_document_memory": 0}).max_document_memory == 0
    for bad in (-1, "1G", 1.5, True):
        with pytest.raises(ConfigError, match="max_document_memory"):
            Config.from_dict({"max_document_memory": bad})
    (tmp_path / "a.html").write_text(FINE)
    proc = _run("scan", str(tmp_path / "a.html"), "--max-document-memory", "-5")
    assert proc.returncode == 2 and "--max-document-memory must be" in proc.stderr
    proc = _run("scan", str(tmp_path / "a.html"), "--document-timeout", "-1")
    assert proc.returncode == 2 and "--document-timeout must be" in proc.stderr


def test_a_time_limit_that_fires_inside_image_analysis_is_not_swallowed(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Image analysis catches every Exception from hostile bytes; the timeout must get through it,
    or the rest of the document would run with no limit left."""
    import integrity.images.analyse as analyse

    real = analyse._analyse

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            pass
        return real(*args, **kwargs)

    png = (ROOT / "fixtures" / "images" / "synthetic_flat_grey.png").read_bytes()
    for k in range(3):
        (tmp_path / f"i{k}.png").write_bytes(png)
    page = tmp_path / "page.html"
    page.write_text(FINE + "".join(f'<img src="i{k}.png" alt="x">' for k in range(3)))
    checker = Checker(Config(document_timeout=0))
    assert checker.check_file(page).errors == ()  # the one-time set-up, paid with no limit
    checker.config = replace(checker.config, document_timeout=0.3)
    assert checker.check_file(page).errors == ()
    monkeypatch.setattr(analyse, "_analyse", slow)
    started = time.monotonic()
    report = checker.check_file(page)
    assert time.monotonic() - started < 1.5  # not 3 s: the first slow image ended the document
    assert [e.code for e in report.errors] == ["document.timeout"]


def test_limits_reach_the_audit_config_from_the_flags(tmp_path: Path) -> None:
    from integrity.cli import _config, _parser

    args = _parser().parse_args(["audit", str(ARTICLES), "--out", str(tmp_path), "--max-document-memory", "300",
                                 "--document-timeout", "5"])
    config = _config(None, args)
    assert (config.max_document_memory, config.document_timeout) == (300, 5.0)
