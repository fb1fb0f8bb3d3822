"""rules/signals/registry.yml: checked strictly at load; one close kind, or two agreeing kinds, make a match."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrity.config import Config
from integrity.known_images.settings import FILE, MatchSettings, SettingsError, load_match_settings
from integrity.ruledata import RuleFileError, RuleFolders


def test_the_builtin_file_loads_and_a_later_root_wins(tmp_path: Path) -> None:
    builtin = load_match_settings(RuleFolders.builtin().find(FILE))
    assert builtin.radius["phash"] == 8 and builtin.agree_kinds == 2
    (tmp_path / "signals").mkdir()
    (tmp_path / "signals" / "registry.yml").write_text("radius: {pdq: 20}\n", encoding="utf-8")
    mine = load_match_settings(Config(rule_paths=(tmp_path,)).rule_folders().find(FILE))
    assert mine.radius == {"pdq": 20} and mine.kinds == ("pdq",)


@pytest.mark.parametrize("text,message", [
    ("radius: {ahash: 3}\n", "unknown hash kind"),
    ("radius: {phash: 40}\n", "from 0 to 31"),
    ("radius: {phash: 8}\nmin_kind: 1\n", "unknown key"),
    ("radius: {}\n", "must map"),
    ("radius: {phash: 8}\nagree_kinds: 1\n", "agree_kinds"),
])
def test_bad_files_fail_with_the_reason(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "registry.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_match_settings(path)


@pytest.mark.parametrize("text,line", [
    ("version: 1\nradius:\n  phash: 8\n  ahash: 3\n", 4),
    ("radius: {phash: 8}\n\nmin_kind: 1\n", 3),
    ("radius: {phash: 8}\nmax_matches: 0\n", 2),
    ("radius: {phash: 8\n", None),  # not YAML: the parser's own line
])
def test_a_bad_value_is_a_file_line_error(tmp_path: Path, text: str, line: int | None) -> None:
    path = tmp_path / "registry.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_match_settings(path)
    assert caught.value.path == str(path)
    if line is not None:
        assert caught.value.line == line and str(caught.value).startswith(f"{path}:{line}: ")
    else:
        assert caught.value.line is not None and "invalid YAML" in str(caught.value)


def test_one_close_kind_or_two_agreeing_kinds_match() -> None:
    s = MatchSettings()
    assert s.is_match({"phash": 8})
    assert not s.is_match({"phash": 9, "pdq": 100})
    assert s.is_match({"phash": 12, "dhash": 10})  # a 5 % crop
    assert not s.is_match({"phash": 12, "dhash": 13})
    assert s.search_radius("phash") == 14 and s.search_radius("pdq") == 31
