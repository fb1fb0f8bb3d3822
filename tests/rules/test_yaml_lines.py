"""The rule-file loader builds what PyYAML's SafeLoader builds, plus line marks.

Its string scalars skip PyYAML's generic constructor (a start-up cost); SafeLoader
is the oracle, on every built-in rule and lexicon file and on the YAML forms
(aliases, merge keys, tags, nesting) a newsroom's pack may use."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from integrity.ruledata.folders import builtin_rules_dir
from integrity.ruledata.yaml_lines import LineDict, RuleFileError, load_yaml

DOCUMENTS = [
    "a: &x hello\nb: *x\nc: [*x, 'x', \"y\", plain words]\n",
    "base: &b {kind: named, lang: en}\nentry:\n  <<: *b\n  phrase: experts say\n",
    "n: [1, 2.5, yes, no, null, ~, 2020-01-02, !!str 7, '007', 0x1F]\n",
    "s: !!set {x, y}\nbin: !!binary aGVsbG8=\no: !!omap [{a: 1}, {b: 2}]\n",
    "- [a, [b, [c, {d: [e]}]]]\n- {k: v, l: [m, n]}\n- |\n  block\n  text\n- >\n  folded\n  text\n",
    "entries:\n  - phrase: sources say\n  - pattern: '(?<!\\w)critics?(?!\\w)'\n    kind: generic\n",
]


def _plain(data: object) -> object:
    """LineDict as dict, recursively, to compare with SafeLoader's output."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


@pytest.mark.parametrize("text", DOCUMENTS)
def test_same_data_as_safe_loader(tmp_path: Path, text: str) -> None:
    path = tmp_path / "pack.yml"
    path.write_text(text, encoding="utf-8")
    assert _plain(load_yaml(path)) == yaml.safe_load(text)


def test_every_builtin_file_loads_as_safe_loader_reads_it() -> None:
    files = sorted(builtin_rules_dir().rglob("*.yml"))
    assert len(files) > 20
    for path in files:
        assert _plain(load_yaml(path)) == yaml.safe_load(path.read_text(encoding="utf-8")), path


def test_line_marks_survive(tmp_path: Path) -> None:
    path = tmp_path / "lex.yml"
    path.write_text("name: lex\nentries:\n  - phrase: a\n  - pattern: b\n    kind: c\n", encoding="utf-8")
    data = load_yaml(path)
    entry = data["entries"][1]
    assert isinstance(entry, LineDict) and entry.line == 4 and entry.line_of("kind") == 5
    assert data.line_of("entries") == 2


@pytest.mark.parametrize("text", ["a: &x [1, *x]\n", "a: &x {b: *x}\n", "- &r [*r]\n"])
def test_a_self_containing_node_is_a_file_line_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "loop.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError, match="recursive"):
        load_yaml(path)
