"""YAML loading that remembers line numbers, so a bad rule file names file:line.

The parser itself is :mod:`integrity.ruledata.yaml_parse`, imported (with PyYAML) only when a file's
text is not in the parsed-data cache (:mod:`integrity.ruledata.yaml_cache`): a warm start reads no YAML."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

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
    from .yaml_parse import parse

    data = parse(path, text)
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
