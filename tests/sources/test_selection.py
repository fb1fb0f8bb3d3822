"""A folder walk in a real repository tree: ignore files, exclusion patterns, configs per folder.

The trees are real git repositories (``git init``) holding copies of the vendored fixture
articles, scanned through the CLI as a newsroom's CI would, from the repository's root.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from integrity.cli import main
from integrity.sources.file import is_article_name, iter_paths
from integrity.sources.selection import FolderRules, Patterns, Selection
from tests.conftest import ARTICLES

SEED, CLEAN = ARTICLES / "seed-pokrovsk.html", ARTICLES / "clean-council-budget.html"


def _put(root: Path, rel: str, source: Path | str = CLEAN) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(source, Path):
        shutil.copy(source, path)
    else:
        path.write_text(source, encoding="utf-8")
    return path


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    """A static site's repository: articles under content/, a built public/ and drafts that are ignored."""
    root = tmp_path / "site"
    for rel in ("content/budget.html", "content/world/story.html", "content/drafts/wip.html",
                "public/budget/index.html", "content/world/notes.txt", "content/keep/old.html",
                "node_modules/pkg/readme.html", "content/README.txt", "content/404.html", "htmlcov/index.html"):
        _put(root, rel)
    _put(root, ".gitignore", "public/\n*.txt\n")
    _put(root, "content/.gitignore", "drafts/\n")
    _put(root, ".integrityignore", "keep/\n")
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def _walk(root: Path, **rules: object) -> list[str]:
    selection = Selection(is_article_name, lambda folder: FolderRules(**rules))  # type: ignore[arg-type]
    return sorted(p.relative_to(root).as_posix() for p in iter_paths(root, selection))


def test_a_walk_respects_gitignore_integrityignore_and_the_built_in_names(site: Path) -> None:
    assert _walk(site) == ["content/budget.html", "content/world/story.html"]


def test_nested_ignore_files_apply_to_their_own_folder_and_a_bang_re_includes(site: Path) -> None:
    _put(site, "content/world/.gitignore", "!notes.txt\n")  # deeper file wins, as in git
    assert _walk(site) == ["content/budget.html", "content/world/notes.txt", "content/world/story.html"]
    # walking a subfolder still reads the ignore files above it, up to the repository's top
    assert sorted(p.relative_to(site).as_posix() for p in iter_paths(site / "content")) == [
        "content/budget.html", "content/world/notes.txt", "content/world/story.html"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_info_exclude_counts_like_a_gitignore(site: Path) -> None:
    (site / ".git" / "info").mkdir(parents=True, exist_ok=True)
    (site / ".git" / "info" / "exclude").write_text("world/\n", encoding="utf-8")
    assert _walk(site) == ["content/budget.html"]


def test_a_named_folder_is_walked_even_when_it_is_ignored_or_excluded_itself(site: Path) -> None:
    _put(site, "public/budget/notes.txt")
    _put(site, "public/drafts/x.html")
    # public/ is ignored by the root .gitignore; named, it is walked, and the other patterns still apply inside
    # (*.txt from the same file, drafts/ from content's own .gitignore does not reach here)
    assert _walk(site / "public") == ["budget/index.html", "drafts/x.html"]
    assert [p.name for p in iter_paths(site / "content" / "drafts")] == ["wip.html"]
    world = Selection(is_article_name, lambda folder: FolderRules(excludes=(Patterns(("world/", "*.txt"), site),)))
    assert [p.name for p in iter_paths(site / "content" / "world", world)] == ["story.html"]


def test_without_respect_gitignore_ignored_folders_are_walked(site: Path) -> None:
    assert _walk(site, respect_gitignore=False) == [
        "content/budget.html", "content/drafts/wip.html", "content/keep/old.html", "content/world/notes.txt",
        "content/world/story.html", "public/budget/index.html",
    ]


def test_exclusion_patterns_are_gitwildmatch_relative_to_their_folder(site: Path) -> None:
    assert _walk(site, excludes=(Patterns(("world/",), site),)) == ["content/budget.html"]  # any depth
    assert _walk(site, excludes=(Patterns(("/world/",), site),)) == ["content/budget.html", "content/world/story.html"]
    assert _walk(site, excludes=(Patterns(("/content/world/",), site),)) == ["content/budget.html"]  # anchored
    assert _walk(site, excludes=(Patterns(("*.html", "!budget.html"), site),)) == ["content/budget.html"]


def test_without_the_defaults_the_built_in_names_are_walked(site: Path) -> None:
    assert _walk(site, defaults=False) == [
        "content/404.html", "content/budget.html", "content/world/story.html", "htmlcov/index.html",
        "node_modules/pkg/readme.html",
    ]


# --- through the command line ---------------------------------------------------------
def _scanned(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return sorted(r["document"]["source"] for r in json.loads(capsys.readouterr().out)["reports"])


@pytest.fixture()
def in_site(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(site)
    return site


def test_scan_dot_checks_only_the_articles(in_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", ".", "--format", "json"]) == 0
    assert _scanned(capsys) == ["content/budget.html", "content/world/story.html"]


def test_exclude_option_is_repeatable_and_no_respect_gitignore_walks_ignored_folders(
        in_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", ".", "--format", "json", "--exclude", "world", "--exclude", "content/budget.html"]) == 2
    assert "folder holds no article files" in capsys.readouterr().err
    assert main(["scan", ".", "--format", "json", "--no-respect-gitignore", "--exclude", "public/"]) == 0
    assert _scanned(capsys) == ["content/budget.html", "content/drafts/wip.html", "content/keep/old.html",
                                "content/world/notes.txt", "content/world/story.html"]


def test_a_file_named_on_the_command_line_is_scanned_whatever_excludes_it(
        in_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    named = ["public/budget/index.html", "content/drafts/wip.html", "content/404.html"]
    assert main(["scan", *named, "--format", "json", "--exclude", "*.html"]) == 0
    assert _scanned(capsys) == sorted(named)


def test_force_exclude_applies_the_exclusions_to_named_files_and_the_stdin_filename(
        in_site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    _put(in_site, "integrity.toml", 'extend_exclude = ["/content/world/"]\n')
    named = ["public/budget/index.html", "content/drafts/wip.html", "content/404.html", "content/world/story.html",
             "content/budget.html", "content/keep/old.html"]
    assert main(["scan", *named, "--format", "json", "--force-exclude"]) == 0
    assert _scanned(capsys) == ["content/budget.html"]
    assert main(["scan", *named, "--format", "json", "--force-exclude", "--exclude", "budget.html"]) == 0
    assert _scanned(capsys) == []
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CLEAN.read_bytes())))
    assert main(["scan", "-", "--stdin-filename", "public/new.html", "--format", "json", "--force-exclude"]) == 0
    assert _scanned(capsys) == []


def test_config_exclude_replaces_the_defaults_and_extend_exclude_adds(in_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _put(in_site, "integrity.toml", 'extend_exclude = ["world/"]\n')
    assert main(["scan", ".", "--format", "json"]) == 0
    assert _scanned(capsys) == ["content/budget.html"]
    _put(in_site, "integrity.toml", 'extend-exclude = ["/content/budget.html"]\nrespect_gitignore = false\n')
    assert main(["scan", "content", "--format", "json"]) == 0
    assert _scanned(capsys) == ["content/drafts/wip.html", "content/keep/old.html", "content/world/notes.txt",
                                "content/world/story.html"]
    _put(in_site, "integrity.toml", 'exclude = ["content/"]\n')  # replaces node_modules, htmlcov, 404.html ...
    assert main(["scan", ".", "--format", "json"]) == 0
    assert _scanned(capsys) == ["htmlcov/index.html", "node_modules/pkg/readme.html"]


def test_bad_exclusion_keys_are_config_errors(in_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for table in ('exclude = "drafts"\nextend_exclude = [1]\n', 'respect_gitignore = "no"\n',
                  'extend_exclude = []\nextend-exclude = []\n'):
        _put(in_site, "integrity.toml", table)
        assert main(["scan", "."]) == 2
        assert "integrity.toml" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_changed_files_follow_the_exclusions(in_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "d@example.org",
           "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "d@example.org"}
    subprocess.run(["git", "add", "-A"], check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "site"], check=True, env=env)
    _put(in_site, "content/world/new.html")
    _put(in_site, "node_modules/pkg/new.html")
    subprocess.run(["git", "add", "-f", "node_modules/pkg/new.html"], check=True, env=env)
    assert main(["scan", "--changed", "--format", "json"]) == 0
    assert _scanned(capsys) == ["content/world/new.html"]
    assert main(["scan", "--changed", "--format", "json", "--exclude", "world/"]) == 0
    assert _scanned(capsys) == []
