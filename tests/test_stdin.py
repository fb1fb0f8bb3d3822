"""``integrity scan -`` reads the article from standard input, as editors and LSP clients pipe a buffer.

``--stdin-filename NAME`` says which file the buffer is: its suffix gives the kind, its folder the
config and where images are looked for, and findings name it. Run as a real process with a real pipe.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ARTICLES, ROOT

SEED_HTML = (ARTICLES / "seed-pokrovsk.html").read_bytes()


def scan(cwd: Path, *args: str, stdin: bytes = SEED_HTML) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "integrity", "scan", *args], input=stdin, cwd=cwd, env=env,
                          capture_output=True, timeout=120)


@pytest.fixture()
def desk(tmp_path: Path) -> Path:
    """A working copy: the article's images under articles/images, a folder with its own config."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(ARTICLES / "images", tmp_path / "articles" / "images")
    shutil.copy(ARTICLES / "seed-pokrovsk.html", tmp_path / "articles" / "seed.html")
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "integrity.toml").write_text('fail_on = "none"\n', encoding="utf-8")
    return tmp_path


def _report(proc: subprocess.CompletedProcess[bytes]) -> dict:
    (report,) = json.loads(proc.stdout)["reports"]
    return report


def test_stdin_with_a_filename_is_that_file(desk: Path) -> None:
    piped = scan(desk, "-", "--stdin-filename", "articles/seed.html", "--format", "json")
    on_disk = scan(desk, "articles/seed.html", "--format", "json")
    assert piped.returncode == on_disk.returncode == 1, piped.stderr  # the default gate: the empty byline
    got, want = _report(piped), _report(on_disk)
    assert got["document"]["source"] == "articles/seed.html" and got["document"]["kind"] == "html"
    # the same findings at the same places, images included (they resolve beside the named file)
    assert [(f["rule_id"], f["location"]) for f in got["findings"]] == [(f["rule_id"], f["location"]) for f in want["findings"]]
    assert [i["status"] for i in got["images"]] == [i["status"] for i in want["images"]]
    assert "analysed" in {i["status"] for i in got["images"]}


def test_findings_name_the_stdin_filename(desk: Path) -> None:
    proc = scan(desk, "-", "--stdin-filename", "articles/seed.html", "--format", "github")
    assert b"::error file=articles/seed.html," in proc.stdout


def test_the_filename_suffix_gives_the_kind(desk: Path) -> None:
    text = (ARTICLES / "seed-pokrovsk.txt").read_bytes()
    assert _report(scan(desk, "-", "--stdin-filename", "story.txt", "--format", "json", stdin=text))["document"]["kind"] == "text"
    # the HTML read as text, because the name says so
    assert _report(scan(desk, "-", "--stdin-filename", "story.txt", "--format", "json"))["document"]["kind"] == "text"
    assert _report(scan(desk, "-", "--stdin-filename", "story.txt", "--kind", "html", "--format", "json"))["document"]["kind"] == "html"


def test_without_a_filename_the_content_decides(desk: Path) -> None:
    report = _report(scan(desk, "-", "--format", "json"))
    assert report["document"]["source"] == "<stdin>" and report["document"]["kind"] == "html"


def test_the_config_is_the_one_nearest_the_filename(desk: Path) -> None:
    assert scan(desk, "-", "--stdin-filename", "wire/seed.html", "--format", "json").returncode == 0  # wire: fail_on none
    assert scan(desk, "-", "--stdin-filename", "articles/seed.html", "--format", "json").returncode == 1


def test_stdin_over_the_size_limit_is_not_scanned(desk: Path) -> None:
    (desk / "integrity.toml").write_text("max_document_bytes = 1000\n", encoding="utf-8")
    proc = scan(desk, "-", "--stdin-filename", "articles/seed.html", "--format", "json")
    assert proc.returncode == 2
    assert _report(proc)["errors"][0]["code"] == "input.too-large"
    assert b"articles/seed.html: not scanned" in proc.stderr


@pytest.mark.parametrize("args", [["--stdin-filename", "x.html", "articles/seed.html"], ["-", "-"],
                                  ["-", "--changed"]])
def test_stdin_usage_errors(desk: Path, args: list[str]) -> None:
    proc = scan(desk, *args)
    assert proc.returncode == 2 and b"integrity: error:" in proc.stderr
