"""YAML loading that remembers line numbers, so a bad rule file names file:line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from . import yaml_cache


class RuleFileError(ValueError):
    """A rule pack or lexicon file that cannot be used; str() is ``file:line: problem``."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


class RuleFileErrors(RuleFileError):
    """Every rule file that cannot be used in one load, so a newsroom fixes its pack in one pass.

    ``path``/``line``/``problem`` are the first error's; str() has one ``file:line: problem``
    line per error.
    """

    def __init__(self, errors: list[RuleFileError]) -> None:
        first = errors[0]
        super().__init__(first.path, first.line, first.problem)
        self.errors = tuple(errors)
        self.args = ("\n".join(str(e) for e in errors),)

    def __str__(self) -> str:
        return str(self.args[0])


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping from YAML that knows its own line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser when PyYAML has it (every binary wheel does): it reads the rule packs and
# lexicons 10x faster than the pure-Python one (35 vs 346 ms for the 45 built-in files), a
# third of a second off every process's start, with the same nodes and line marks
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


_STR_TAG = "tag:yaml.org,2002:str"


def _value(loader: _Loader, node: yaml.Node) -> Any:
    """A node's value: a plain string scalar as it stands, anything else by the loader.

    Nine in ten nodes of the rule packs and lexicons are strings; PyYAML's generic
    ``construct_object`` (recursion bookkeeping, constructor lookup) cost ~15 ms of
    every process's start for them. A string scalar is what ``construct_yaml_str``
    would return, cannot recurse, and is immutable, so its alias needs no identity."""
    if type(node) is yaml.ScalarNode and node.tag == _STR_TAG:
        return node.value
    return loader.construct_object(node, deep=True)


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> list[Any]:
    # built at once, as SafeLoader's sequence is when constructed deep (a self-containing list is an error either way)
    if not isinstance(node, yaml.SequenceNode):
        raise yaml.constructor.ConstructorError(None, None, f"expected a sequence node, but found {node.id}",
                                                node.start_mark)
    return [_value(loader, child) for child in node.value]


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = _value(loader, key_node)
        try:
            hash(key)
        except TypeError:  # a list or mapping as a key (`[a, b]: x`): YAML allows it, no rule file does
            raise RuleFileError(loader.name, key_node.start_mark.line + 1,
                                f"key must be text, not a {type(key).__name__}") from None
        if key in out:
            raise RuleFileError(loader.name, key_node.start_mark.line + 1, f"duplicate key {key!r}")
        out[key] = _value(loader, value_node)
        out.key_lines[str(key)] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file; syntax errors become :class:`RuleFileError` with the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(path, None, f"cannot read: {exc}") from None
    cached, data = yaml_cache.read(text, LineDict)
    if cached:  # this very text parsed cleanly before (see integrity.ruledata.yaml_cache)
        if isinstance(data, LineDict):
            _require_text_keys(path, data)
        return data
    try:
        loader = _Loader(text)  # the reader rejects unprintable characters already here
    except yaml.YAMLError as exc:
        raise RuleFileError(path, None, f"invalid YAML: {exc}") from None
    loader.name = str(path)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RuleFileError(path, line, f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise RuleFileError(path, None, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if isinstance(data, LineDict):
        _require_text_keys(path, data)
    yaml_cache.write(text, data, LineDict)
    return data


def load_mapping(path: Path, known: Iterable[str], what: str, *, not_mapping: str | None = None) -> LineDict:
    """One YAML file that must be a mapping of ``known`` keys (a pack.yml, score.yml, lexicon, claim-types
    file): anything else is a :class:`RuleFileError` at the offending key's line, not a key silently ignored."""
    data = load_yaml(path)
    if not isinstance(data, LineDict):
        raise RuleFileError(path, 1, not_mapping or f"{what} must be a mapping")
    allowed = set(known)
    for key in data:
        if key not in allowed:
            raise RuleFileError(path, data.line_of(key),
                                f"unknown key {key!r} in {what} (known: {', '.join(sorted(allowed))})")
    return data


def _require_text_keys(path: Path, data: LineDict) -> None:
    """Top-level keys are field names: YAML reads ``on:``, ``yes:``, ``123:``, ``null:`` or a date as a
    bool, int, None or date, which no field is called, so say where instead of failing later on a non-text key."""
    for key in data:
        if not isinstance(key, str):
            raise RuleFileError(path, data.line_of(str(key)),
                                f"key must be text, not {type(key).__name__} {key!r} (quote it: '\"{key}\":')")
