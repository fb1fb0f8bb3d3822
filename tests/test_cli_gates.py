"""Gates and exit codes of ``integrity scan``: 0 pass, 1 gate failed, 2 error — each one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from integrity.cli import main
from tests.conftest import ARTICLES, ROOT
from tests.writers.canonical_run import pinned_toml

# the command run from another folder must still be this checkout's integrity
THIS_CHECKOUT = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}

SEED_TXT = str(ARTICLES / "seed-pokrovsk.txt")
SEED_HTML = str(ARTICLES / "seed-pokrovsk.html")
CLEAN_HTML = str(ARTICLES / "clean-council-budget.html")
CLEAN_TXT = str(ARTICLES / "clean-council-budget.txt")


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "integrity", *args], capture_output=True, text=True, cwd=cwd, timeout=120,
                          env=THIS_CHECKOUT)


# --- 0 ---------------------------------------------------------------------------
@pytest.mark.parametrize("clean", [CLEAN_HTML, CLEAN_TXT])
def test_exit_0_clean_article_passes_the_gates(clean: str) -> None:
    assert main(["scan", clean, "--fail-on", "warning", "--fail-under", "90", "--format", "json"]) == 0


def test_exit_0_findings_with_the_gates_off() -> None:
    assert main(["scan", SEED_TXT, SEED_HTML, "--format", "sarif", "--fail-on", "none"]) == 0


def test_exit_0_a_gate_the_findings_stay_under() -> None:
    assert main(["scan", SEED_TXT, "--fail-on", "critical", "--fail-under", "50", "--format", "json"]) == 0


# --- 1 ---------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [SEED_TXT, SEED_HTML])
def test_exit_1_fail_on(seed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", seed, "--fail-on", "error", "--format", "github"]) == 1
    assert "at or above error" in capsys.readouterr().err


@pytest.mark.parametrize("seed", [SEED_TXT, SEED_HTML])
def test_exit_1_fail_under(seed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", seed, CLEAN_HTML, "--fail-under", "80", "--format", "junit"]) == 1
    err = capsys.readouterr().err
    assert "below 80" in err and "clean-council-budget" not in err


def test_min_level_hides_findings_but_gates_still_see_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", SEED_TXT, "--min-level", "error", "--fail-on", "warning", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out and all(line.startswith("::error ") for line in out)
    assert any("credit/empty-byline" in line for line in out)
    assert main(["scan", SEED_TXT, "--min-level", "critical", "--format", "jsonl"]) == 1  # the default gate sees it
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_gate_from_config_file(tmp_path: Path) -> None:
    config = tmp_path / "integrity.toml"
    config.write_text('fail_on = "warning"\n', encoding="utf-8")
    assert main(["scan", SEED_TXT, "--config", str(config), "--format", "json"]) == 1
    assert main(["scan", CLEAN_HTML, "--config", str(config), "--format", "json"]) == 0


# --- 2 ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, words",
    [
        (["scan", "no/such/file.html"], "not scanned"),
        (["scan", SEED_TXT, "--format", "pdf"], "unknown format"),
        (["scan", SEED_TXT, "--report", "sarif"], "FORMAT=FILE"),
        (["scan", SEED_TXT, "--report", "docx=out.docx"], "unknown format"),
        (["scan"], "needs a PATH"),
        (["scan", SEED_TXT, "--fail-on", "fatal"], "invalid choice"),
        (["scan", SEED_TXT, "--min-level", "loud"], "invalid choice"),
    ],
)
def test_exit_2_usage_and_input_errors(args: list[str], words: str) -> None:
    proc = cli(*args)
    assert proc.returncode == 2, proc.stderr
    assert words in proc.stderr


def test_exit_2_beats_a_failed_gate(tmp_path: Path) -> None:
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    proc = cli("scan", SEED_TXT, str(binary), "--fail-on", "info")
    assert proc.returncode == 2 and "photo.html" in proc.stderr


def test_exit_2_bad_baseline(tmp_path: Path) -> None:
    bad = tmp_path / "baseline.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    proc = cli("scan", SEED_TXT, "--baseline", str(bad))
    assert proc.returncode == 2 and "not an integrity baseline" in proc.stderr
    proc = cli("scan", SEED_TXT, "--baseline", str(tmp_path / "absent.json"))
    assert proc.returncode == 2 and "cannot read baseline" in proc.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_exit_2_changed_outside_a_git_repository_or_with_a_bad_ref(tmp_path: Path) -> None:
    proc = cli("scan", "--changed", cwd=tmp_path)
    assert proc.returncode == 2 and "git" in proc.stderr
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    proc = cli("scan", "--changed", "--base", "no-such-branch", cwd=tmp_path)
    assert proc.returncode == 2 and "no-such-branch" in proc.stderr


def test_exit_codes_are_documented_in_help() -> None:
    out = cli("scan", "--help").stdout
    for code in ("0  ", "1  ", "2  "):
        assert code in out
    assert "--min-level" in out and "--fail-on" in out and "--fail-under" in out


# --- outputs beside the gates -------------------------------------------------------
def test_report_writes_extra_formats_beside_stdout(tmp_path: Path) -> None:
    sarif, junit = tmp_path / "out" / "integrity.sarif", tmp_path / "junit.xml"
    proc = cli("scan", SEED_TXT, "--format", "github", "--report", f"sarif={sarif}", "--report", f"junit={junit}",
               "--fail-on", "error")
    assert proc.returncode == 1
    assert proc.stdout.startswith("::")
    data = json.loads(sarif.read_text(encoding="utf-8"))
    plain = json.loads(cli("scan", SEED_TXT, "--format", "json").stdout)
    assert len(data["runs"][0]["results"]) == len(plain["reports"][0]["findings"]) >= 5
    assert "<testsuites" in junit.read_text(encoding="utf-8")


def test_report_files_honour_min_level(tmp_path: Path) -> None:
    out = tmp_path / "gl.json"
    assert main(["scan", SEED_TXT, "--format", "json", "--min-level", "error", "--report", f"gitlab={out}",
                 "--config", str(pinned_toml(tmp_path / "integrity.toml"))]) == 1
    issues = json.loads(out.read_text(encoding="utf-8"))
    assert [i["check_name"] for i in issues] == ["credit/empty-byline"]
