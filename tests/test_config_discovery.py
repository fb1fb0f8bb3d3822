"""Each scanned file is checked under the nearest config above it, as Ruff does.

Which wins: a command-line option over every file; the nearest ``integrity.toml`` (else the nearest
``pyproject.toml`` with ``[tool.integrity]``) over anything above it, whole (not merged with a
parent's); discovery stops at the top of a git repository.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from integrity.cli import main
from integrity.config import ConfigFinder, load_config
from tests.conftest import ARTICLES

SEED = ARTICLES / "seed-pokrovsk.html"


@pytest.fixture()
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """archive/ under the root's pyproject.toml; desk/ with its own integrity.toml; the same article in both."""
    root = tmp_path / "newsroom"
    for folder in ("archive", "desk/politics"):
        (root / folder).mkdir(parents=True)
        shutil.copy(SEED, root / folder / "seed.html")
    (root / ".git").mkdir()  # the top of a repository: discovery stops here
    (root / "pyproject.toml").write_text('[tool.integrity]\nfail_on = "warning"\n', encoding="utf-8")
    (root / "desk" / "integrity.toml").write_text('disable = ["credit/*"]\n', encoding="utf-8")
    (tmp_path / "integrity.toml").write_text("fail_on = 'none'\n", encoding="utf-8")  # above the repository: unused
    monkeypatch.chdir(root)
    return root


def _findings(capsys: pytest.CaptureFixture[str]) -> dict[str, set[str]]:
    reports = json.loads(capsys.readouterr().out)["reports"]
    return {r["document"]["source"]: {f["rule_id"] for f in r["findings"]} for r in reports}


def test_each_file_follows_its_nearest_config_whole(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", ".", "--format", "json"]) == 1
    found = _findings(capsys)
    assert "credit/empty-byline" in found["archive/seed.html"]
    assert not any(r.startswith("credit/") for r in found["desk/politics/seed.html"])  # desk's disable
    err = capsys.readouterr().err
    # archive/ gates on warnings (the root's fail_on); desk/ does not inherit it: its nearest file has no
    # fail_on, so the default gate (error) applies, and desk disabled the only error
    assert main(["scan", "desk", "--format", "json"]) == 0, err
    assert main(["scan", "archive", "--format", "json"]) == 1


def test_the_command_line_wins_over_every_config_file(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", ".", "--format", "json", "--fail-on", "none"]) == 0
    assert main(["scan", ".", "--format", "json", "--fail-on", "warning"]) == 1
    assert "desk/politics/seed.html: " in capsys.readouterr().err  # desk's warnings fail the CLI's gate
    # --config makes one file every folder's config
    (newsroom / "other.toml").write_text('fail_on = "none"\n', encoding="utf-8")
    assert main(["scan", ".", "--format", "json", "--config", "other.toml"]) == 0
    assert all("credit/empty-byline" in rules for rules in _findings(capsys).values())


def test_integrity_toml_wins_over_pyproject_in_the_same_folder(newsroom: Path) -> None:
    (newsroom / "archive" / "pyproject.toml").write_text('[tool.integrity]\nfail_on = "critical"\n', encoding="utf-8")
    assert load_config(start=newsroom / "archive").fail_on == "critical"
    (newsroom / "archive" / "integrity.toml").write_text('fail_on = "info"\n', encoding="utf-8")
    assert load_config(start=newsroom / "archive").fail_on == "info"


def test_a_pyproject_without_the_table_is_passed_over(newsroom: Path) -> None:
    (newsroom / "archive" / "pyproject.toml").write_text('[project]\nname = "site"\n', encoding="utf-8")
    assert load_config(start=newsroom / "archive").origin == str(newsroom / "pyproject.toml")


def test_discovery_stops_at_the_top_of_the_repository(newsroom: Path) -> None:
    (newsroom / "pyproject.toml").unlink()
    config = ConfigFinder()(newsroom / "archive")
    assert config.origin == "defaults" and config.fail_on == "error"


def test_the_finder_reads_each_config_once_and_applies_the_command_line_once(newsroom: Path) -> None:
    seen: list[str] = []

    def adjust(config):  # type: ignore[no-untyped-def]
        seen.append(config.origin)
        return config

    finder = ConfigFinder(adjust=adjust)
    assert finder(newsroom / "archive") is finder(newsroom) is finder(newsroom / "archive")
    assert finder(newsroom / "desk" / "politics") is finder(newsroom / "desk")
    assert sorted(seen) == sorted([str(newsroom / "pyproject.toml"), str(newsroom / "desk" / "integrity.toml")])


def test_config_exclusions_are_relative_to_the_config_file(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (newsroom / "desk" / "integrity.toml").write_text('extend_exclude = ["/politics/"]\n', encoding="utf-8")
    (newsroom / "archive" / "politics").mkdir()
    shutil.copy(SEED, newsroom / "archive" / "politics" / "seed.html")
    main(["scan", ".", "--format", "json", "--fail-on", "none"])
    assert sorted(_findings(capsys)) == ["archive/politics/seed.html", "archive/seed.html"]
