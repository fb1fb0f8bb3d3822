"""The cache of parsed rule YAML gives back exactly what the parser gives, line marks included, and only
for the very text that was parsed: an edit, a damaged entry or an unwritable folder means a fresh parse."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_yaml_lines import DOCUMENTS  # the YAML forms the loader is checked on

from integrity.ruledata import yaml_cache
from integrity.ruledata.folders import builtin_rules_dir
from integrity.ruledata.yaml_lines import LineDict, RuleFileError, load_yaml


def _marked(data: object) -> object:
    """Data with every mapping's own line and key lines, so two loads compare on the marks too."""
    if isinstance(data, LineDict):
        return ("map", data.line, dict(data.key_lines), [(k, _marked(v)) for k, v in data.items()])
    if isinstance(data, list):
        return [_marked(v) for v in data]
    return (type(data).__name__, data)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("INTEGRITY_CACHE_DIR", str(where))
    yaml_cache.folder.cache_clear()
    yield where / "rule-data"
    yaml_cache.folder.cache_clear()


def _uncached(path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as m:
        m.setenv("INTEGRITY_CACHE_DIR", "off")
        yaml_cache.folder.cache_clear()
        try:
            return load_yaml(path)
        finally:
            yaml_cache.folder.cache_clear()


def test_every_builtin_file_reads_back_as_parsed(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(builtin_rules_dir().rglob("*.yml"))
    assert len(files) > 40
    for path in files:
        parsed = _marked(load_yaml(path))  # a miss: parsed and stored
        assert _marked(load_yaml(path)) == parsed, path  # a hit
        assert _marked(_uncached(path, monkeypatch)) == parsed, path
    assert len(list(cache.iterdir())) == len({p.read_bytes() for p in files})


@pytest.mark.parametrize("text", DOCUMENTS)
def test_yaml_forms_read_back_as_parsed(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        text: str) -> None:
    path = tmp_path / "pack.yml"
    path.write_text(text, encoding="utf-8")
    first = _marked(load_yaml(path))
    assert _marked(load_yaml(path)) == first == _marked(_uncached(path, monkeypatch))


def test_a_value_marshal_cannot_hold_is_not_stored(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "dates.yml"
    path.write_text("when: 2020-01-02\npairs: !!omap [{a: 1}]\n", encoding="utf-8")
    assert str(load_yaml(path)["when"]) == "2020-01-02"
    assert not cache.exists() or not any(cache.iterdir())
    assert type(load_yaml(path)["when"]).__name__ == "date"


def test_an_edited_file_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "lex.yml"
    path.write_text("name: lex\nentries: [sources say]\n", encoding="utf-8")
    assert load_yaml(path)["entries"] == ["sources say"]
    path.write_text("name: lex\n\nentries: [critics say]\n", encoding="utf-8")
    data = load_yaml(path)
    assert data["entries"] == ["critics say"] and data.line_of("entries") == 3


def test_a_damaged_entry_is_a_miss(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "pack.yml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    load_yaml(path)
    (entry,) = cache.iterdir()
    entry.write_bytes(b"\x00not marshal")
    assert load_yaml(path) == {"a": [1, 2]}


def test_an_error_is_never_stored_and_still_reported(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleFileError, match="duplicate key"):
            load_yaml(path)
    assert not cache.exists() or not any(cache.iterdir())


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a folder this user cannot write")
def test_an_unwritable_folder_still_loads(cache: Path, tmp_path: Path) -> None:
    cache.parent.mkdir()
    cache.parent.chmod(0o500)
    path = tmp_path / "pack.yml"
    path.write_text("a: 1\n", encoding="utf-8")
    try:
        assert load_yaml(path) == {"a": 1}
    finally:
        cache.parent.chmod(0o700)


def test_a_folder_that_is_a_file_still_loads(cache: Path, tmp_path: Path) -> None:
    cache.parent.mkdir()
    cache.write_text("not a folder", encoding="utf-8")
    path = tmp_path / "pack.yml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_yaml(path) == {"a": 1} and cache.is_file()


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "pack.yml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert _uncached(path, monkeypatch) == {"a": 1}
    assert not (tmp_path / "xdg").exists()
