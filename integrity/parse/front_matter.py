"""Front matter of a Markdown article: the YAML (``---``) or TOML (``+++``) block a static-site generator reads.

Values come back as :class:`~integrity.model.Text` that know where they are in the file,
so a byline or image read from front matter is located like one read from a page's
markup. YAML positions come from the YAML parser's own marks (PyYAML's composed nodes);
TOML has no positions in the standard library, so each string value is found in the
source region of its own top-level key, in order.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml

from ..locations import OffsetMap
from ..model import Text

# the opening fence on the file's first line, the closing fence on a line of its own
_FENCES = {"---": re.compile(r"^---[ \t]*\r?$", re.M), "+++": re.compile(r"^\+\+\+[ \t]*\r?$", re.M)}
_CLOSE_YAML = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_TOML_KEY = re.compile(r"^[ \t]*([A-Za-z0-9_-]+|\"[^\"]*\")[ \t]*=", re.M)
_TOML_TABLE = re.compile(r"^[ \t]*\[", re.M)

Value = Any  # Text | list[Value] | dict[str, Value]: the front matter's tree, leaves located


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The parsed block: ``fields`` by top-level key; ``start``/``end`` its offsets, fences included."""

    fields: dict[str, Value]
    start: int
    end: int
    format: str  # "yaml" or "toml"
    error: str | None = None  # why the block could not be read (its fields are then empty)


def split(source: str) -> FrontMatter | None:
    """The front matter at the top of ``source`` (a BOM aside), or None when the file has none."""
    lead = 1 if source.startswith("\ufeff") else 0
    first_end = source.find("\n", lead)
    first = source[lead : first_end if first_end != -1 else len(source)].rstrip("\r \t")
    if first not in _FENCES or first_end == -1:
        return None
    closing = (_CLOSE_YAML if first == "---" else _FENCES[first]).search(source, first_end + 1)
    if closing is None:
        return None
    body_start, body_end = first_end + 1, closing.start()
    end = closing.end()
    if end < len(source) and source[end] == "\r":
        end += 1
    if end < len(source) and source[end] == "\n":
        end += 1
    if first == "---":
        fields, error = _yaml_fields(source, body_start, body_end)
        return FrontMatter(fields, lead, end, "yaml", error)
    fields, error = _toml_fields(source, body_start, body_end)
    return FrontMatter(fields, lead, end, "toml", error)


# --- YAML --------------------------------------------------------------------------------

def _yaml_fields(source: str, start: int, end: int) -> tuple[dict[str, Value], str | None]:
    try:
        node = yaml.compose(source[start:end], Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return {}, f"front matter is not valid YAML: {' '.join(str(exc).split())}"
    if node is None:
        return {}, None
    if not isinstance(node, yaml.MappingNode):
        return {}, "front matter is not a mapping of keys to values"
    value = _yaml_value(node, source, start, {})
    return value, None


def _yaml_value(node: yaml.Node, source: str, base: int, done: dict[int, Value]) -> Value:
    """The node's value; an alias's node is read once (``done``), so a nest of aliases costs its
    size as written, not its size expanded."""
    if id(node) in done:
        return done[id(node)]
    out: Value
    if isinstance(node, yaml.MappingNode):
        out = done[id(node)] = {}
        for key, val in node.value:
            if isinstance(key, yaml.ScalarNode):
                out.setdefault(str(key.value), _yaml_value(val, source, base, done))
    elif isinstance(node, yaml.SequenceNode):
        out = done[id(node)] = []
        out.extend(_yaml_value(v, source, base, done) for v in node.value)
    else:
        out = done[id(node)] = _yaml_scalar(node, source, base)
    return out


def _yaml_scalar(node: yaml.Node, source: str, base: int) -> Text:
    """A scalar located by its marks: a quoted one inside its quotes; one whose text is not the
    source's (escapes, folded lines) maps every character to its whole range."""
    value = str(node.value)
    s, e = base + node.start_mark.index, base + node.end_mark.index
    if getattr(node, "style", None) in ("'", '"') and e - s >= 2:
        s, e = s + 1, e - 1
    if source[s:e] == value:
        return Text(value, OffsetMap.identity(s, len(value)))
    return Text(value, OffsetMap(((0, s, e),), len(value)))


# --- TOML --------------------------------------------------------------------------------

def _toml_fields(source: str, start: int, end: int) -> tuple[dict[str, Value], str | None]:
    try:
        data = tomllib.loads(source[start:end])
    except tomllib.TOMLDecodeError as exc:
        return {}, f"front matter is not valid TOML: {exc}"
    regions = _toml_regions(source, start, end)
    out: dict[str, Value] = {}
    for key, value in data.items():
        s, e = regions.get(key, (start, end))
        cursor = [s]
        out[key] = _toml_value(value, source, cursor, e)
    return out, None


def _toml_regions(source: str, start: int, end: int) -> dict[str, tuple[int, int]]:
    """Where each top-level key's value is written: from its ``key =`` to the next key or table."""
    tables = _TOML_TABLE.search(source, start, end)
    top_end = tables.start() if tables else end
    keys = list(_TOML_KEY.finditer(source, start, top_end))
    out: dict[str, tuple[int, int]] = {}
    for i, m in enumerate(keys):
        stop = keys[i + 1].start() if i + 1 < len(keys) else top_end
        out.setdefault(m.group(1).strip('"'), (m.end(), stop))
    for m in re.finditer(r"^[ \t]*\[+[ \t]*([A-Za-z0-9_.\"-]+)[ \t]*\]+", source[top_end:end], re.M):
        name = m.group(1).split(".")[0].strip('"')
        out.setdefault(name, (top_end + m.end(), end))  # a table's values are searched in the rest of the block
    return out


def _toml_value(value: Any, source: str, cursor: list[int], end: int) -> Value:
    if isinstance(value, dict):
        return {k: _toml_value(v, source, cursor, end) for k, v in value.items()}
    if isinstance(value, list):
        return [_toml_value(v, source, cursor, end) for v in value]
    text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    raw = text if isinstance(value, str) else _raw_token(source, cursor[0], end)
    at = source.find(raw, cursor[0], end) if raw else -1
    if at == -1:  # an escaped string: the rest of the region, every character mapped to all of it
        return Text(text, OffsetMap(((0, cursor[0], end),), len(text)))
    cursor[0] = at + len(raw)
    if raw == text:
        return Text(text, OffsetMap.identity(at, len(text)))
    return Text(text, OffsetMap(((0, at, at + len(raw)),), len(text)))


def _raw_token(source: str, start: int, end: int) -> str:
    """The bare value (a date, a number, a boolean) written next after ``start``."""
    m = re.compile(r"[^\s,\[\]{}=#]+").search(source, start, end)
    return m.group() if m else ""


# --- reading fields ----------------------------------------------------------------------

def first(fields: dict[str, Value], keys: tuple[str, ...]) -> tuple[str, Value] | None:
    """The first of ``keys`` present (case as written, else case-insensitively) with a value."""
    folded = {k.casefold(): k for k in fields}
    for key in keys:
        real = key if key in fields else folded.get(key.casefold())
        if real is not None and fields[real] not in (None, "", [], {}):
            return real, fields[real]
    return None


def text_of(value: Value, keys: tuple[str, ...] = ()) -> Text | None:
    """One located string: the value itself, or the first of ``keys`` in a mapping."""
    if isinstance(value, Text):
        return value if value.text.strip() else None
    if isinstance(value, dict):
        found = first(value, keys)
        return text_of(found[1]) if found else None
    if isinstance(value, list) and value:
        return text_of(value[0], keys)
    return None
