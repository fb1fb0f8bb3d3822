"""The rule-file YAML parser: PyYAML's safe loader (libyaml's when present) plus line marks.

Kept apart from :mod:`integrity.ruledata.yaml_lines` so that PyYAML is imported only when a file must
really be parsed; the parsed-data cache's keys include this file's source, so a change here
invalidates every stored parse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .yaml_lines import LineDict, RuleFileError


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


def parse(path: Path, text: str) -> Any:
    """``text`` (the file at ``path``) as data; syntax errors become :class:`RuleFileError` with the line."""
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
    return data
