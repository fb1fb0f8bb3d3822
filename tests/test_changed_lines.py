"""``--changed-lines``: with ``--changed --base REF`` only findings on lines changed since the merge base
count (``git diff -U0``), plus findings about the whole document; checked in a real temporary git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from integrity.changed_files import changed_lines

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ARTICLE = (
    "Council delays vote on bridge repairs\n"
    "\n"
    "The council met on Tuesday to discuss the bridge.\n"
    "\n"
    "Critics say the repairs will cost millions more than planned.\n"
    "\n"
    "The mayor, Jane Doe, said the budget was tight.\n"
)
NEW_CLAIM = "\nThere have been reports that the contractor was paid twice.\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """``main`` holds the article (one vague claim on line 5, no byline); ``feature`` branches from it."""
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "base")
    _git(tmp_path, "checkout", "-q", "-b", "feature")
    return tmp_path


def _scan(repo: Path, *extra: str) -> tuple[int, list[tuple[str, int | None]], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "integrity", "scan", "--changed", "--base", "main", "--format", "json", *extra],
        cwd=repo, capture_output=True, text=True, timeout=120,
    )
    run = json.loads(proc.stdout) if proc.stdout.strip() else {"reports": []}
    found = [(f["rule_id"], (f["location"] or {}).get("line")) for r in run["reports"] for f in r["findings"]]
    return proc.returncode, sorted(found, key=str), proc.stderr


def _commit(repo: Path, text: str) -> None:
    (repo / "story.txt").write_text(text, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "edit")


def test_only_findings_on_changed_lines_and_document_findings_are_reported(repo: Path) -> None:
    _commit(repo, ARTICLE + NEW_CLAIM)
    code, every, _ = _scan(repo, "--fail-on", "none")
    assert code == 0 and ("claim/vague-source", 5) in every and ("claim/vague-source", 9) in every
    code, kept, _ = _scan(repo, "--changed-lines", "--fail-on", "none")
    # the new claim (line 9) and the page's missing byline (no location: about the whole page); not line 5
    assert code == 0 and kept == sorted([("claim/vague-source", 9), ("credit/missing-byline", None)], key=str)


def test_the_gate_sees_only_changed_lines_numbered_on_the_new_side(repo: Path) -> None:
    # a byline inserted as line 2 moves the old claim to line 6 without changing it
    lines = ARTICLE.splitlines(keepends=True)
    _commit(repo, "".join([lines[0], "By Ann Lee\n", *lines[1:]]))
    code, every, err = _scan(repo, "--fail-on", "warning")
    assert code == 1 and every == [("claim/vague-source", 6)], err
    code, kept, err = _scan(repo, "--fail-on", "warning", "--changed-lines")
    assert code == 0 and kept == [], err
    # a working-tree edit of that claim's line brings it back in
    (repo / "story.txt").write_text((repo / "story.txt").read_text().replace("Critics say", "Some critics say"))
    code, kept, _ = _scan(repo, "--fail-on", "warning", "--changed-lines")
    assert code == 1 and [rule for rule, _ in kept] == ["claim/vague-source"]


def test_untracked_files_count_as_changed_throughout(repo: Path) -> None:
    (repo / "new.txt").write_text(ARTICLE + NEW_CLAIM, encoding="utf-8")
    lines = changed_lines("main", repo)
    assert "new.txt" not in lines.lines and lines.touched("new.txt", 5)
    code, kept, _ = _scan(repo, "--changed-lines", "--fail-on", "none")
    assert ("claim/vague-source", 5) in kept and ("claim/vague-source", 9) in kept


def test_changed_lines_reads_hunks_of_git_diff(repo: Path) -> None:
    _commit(repo, ARTICLE.replace("Tuesday", "Wednesday") + NEW_CLAIM)
    lines = changed_lines("main", repo)
    assert lines.lines == {"story.txt": frozenset({3, 8, 9})}
    assert lines.touched("./story.txt", 3) and not lines.touched("story.txt", 5)


def test_changed_lines_without_changed_is_a_usage_error(repo: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "integrity", "scan", "story.txt", "--changed-lines"],
                          cwd=repo, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "--changed-lines needs --changed" in proc.stderr
