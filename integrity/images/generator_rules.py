"""Load and compile `signals/ai-generators.yml` once per file.

The file is data (patterns, strengths, thresholds); this module only checks
its shape and compiles regexes, so a bad pattern fails at load with the
``file:line`` of the rule that holds it rather than in the middle of a scan.
Which file is used is the rule folders' decision (``RuleFolders.require(FILE)``:
a newsroom's folder replaces the built-in table); this module reads the one
it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..ruledata.yaml_lines import LineDict, RuleFileError, load_yaml

FILE = "signals/ai-generators.yml"  # relative to a rule folder
_SECTIONS = ("digital_source_type", "c2pa", "verdict", "camera", "generators", "watermark")
_TOP_KEYS = {"version", *_SECTIONS}
_STRENGTHS = {"weak", "medium", "strong"}
_VERDICTS = {"generated", "edited", "possible", "not_ai"}
_DST_VERDICTS = {*_VERDICTS, "info"}  # a digital source type may also be known and say nothing
_GENERATOR_KEYS = {"label", "rules"}
_RULE_KEYS = {"fields", "pattern", "strength", "verdict", "all"}
_CONDITION_KEYS = {"fields", "pattern"}


class RulesError(RuleFileError):
    """The generator rules file is malformed; str() is ``file:line: where: problem``."""


@dataclass(frozen=True)
class Condition:
    fields: tuple[str, ...]
    pattern: re.Pattern[str]

    def matches_key(self, key: str) -> bool:
        for f in self.fields:
            if f.endswith("*") and key.startswith(f[:-1]):
                return True
            if key == f:
                return True
        return False


@dataclass(frozen=True)
class GeneratorRule:
    generator: str
    label: str
    conditions: tuple[Condition, ...]
    strength: str
    verdict: str


@dataclass(frozen=True)
class GeneratorRules:
    raw: dict[str, Any]
    rules: tuple[GeneratorRule, ...]
    dst_pattern: re.Pattern[str]
    dst_codes: dict[str, str]
    schema_org_pattern: re.Pattern[str]
    schema_org_names: dict[str, str]
    action_descriptions: tuple[tuple[re.Pattern[str], str], ...]
    camera_signers: re.Pattern[str]
    camera_name: re.Pattern[str]

    def section(self, name: str) -> dict[str, Any]:
        return self.raw[name]


def load_generator_rules(path: Path) -> GeneratorRules:
    """Cached by path and modification time, so edits are picked up."""
    return _load(str(path), path.stat().st_mtime_ns)


def _line(node: Any, key: str | None = None) -> int | None:
    if not isinstance(node, LineDict):
        return None
    return node.line_of(key) if key is not None else node.line


@lru_cache(maxsize=8)
def _load(path: str, _mtime: int) -> GeneratorRules:
    raw = load_yaml(Path(path))
    _known_keys(raw, _TOP_KEYS, path, "the file")
    for section in _SECTIONS:
        if section not in raw:
            raise RulesError(path, raw.line, f"missing section {section!r}")
        if not isinstance(raw[section], dict):
            raise RulesError(path, raw.line_of(section), f"{section}: expected a mapping")
    rules = []
    for gen_id, gen in raw["generators"].items():
        _known_keys(gen, _GENERATOR_KEYS, path, f"generators.{gen_id}", _line(raw["generators"], gen_id))
        label = gen.get("label", gen_id)
        for i, rule in enumerate(gen.get("rules", [])):
            where = f"generators.{gen_id}.rules[{i}]"
            _known_keys(rule, _RULE_KEYS, path, where, _line(gen, "rules"))
            strength = rule.get("strength")
            verdict = rule.get("verdict", "generated")
            if strength not in _STRENGTHS or verdict not in _VERDICTS:
                raise RulesError(path, rule.line, f"{where}: bad strength/verdict (strength one of {sorted(_STRENGTHS)}, "
                                 f"verdict one of {sorted(_VERDICTS)})")
            if "all" in rule:
                conds = rule["all"]
                for j, cond in enumerate(conds):
                    _known_keys(cond, _CONDITION_KEYS, path, f"{where}.all[{j}]", rule.line_of("all"))
            else:
                conds = [rule]
            rules.append(
                GeneratorRule(gen_id, label, tuple(_condition(c, path, where) for c in conds), strength, verdict)
            )
    dst = raw["digital_source_type"]
    codes = dst.get("codes")
    if not isinstance(codes, dict):
        raise RulesError(path, _line(dst), "digital_source_type: needs codes (a mapping)")
    for code, verdict in codes.items():
        if verdict not in _DST_VERDICTS:
            raise RulesError(path, _line(codes, code), f"digital_source_type.codes.{code}: verdict {verdict!r} is not one "
                             f"of {sorted(_DST_VERDICTS)}")
    names = dst.get("schema_org_names") or {}
    for name, code in names.items():
        if code not in codes:
            raise RulesError(path, _line(names, name), f"digital_source_type.schema_org_names.{name}: {code!r} is not "
                             "a listed code")
    c2pa = raw["c2pa"]
    return GeneratorRules(
        raw=raw,
        rules=tuple(rules),
        dst_pattern=_compile(dst, "uri_pattern", path, "digital_source_type"),
        dst_codes=dict(codes),
        schema_org_pattern=_compile(dst, "schema_org_pattern", path, "digital_source_type"),
        schema_org_names=dict(names),
        action_descriptions=tuple(
            (_compile(d, "pattern", path, "c2pa.action_descriptions"), d["verdict"]) for d in c2pa["action_descriptions"]
        ),
        camera_signers=_compile(c2pa, "camera_signers", path, "c2pa"),
        camera_name=_compile(raw["camera"], "name_pattern", path, "camera"),
    )


def _known_keys(spec: Any, allowed: set[str], path: str, where: str, line: int | None = None) -> None:
    if not isinstance(spec, dict):
        raise RulesError(path, line, f"{where}: expected a mapping")
    unknown = set(spec) - allowed
    if unknown:
        first = min(unknown, key=lambda k: spec.line_of(k) if isinstance(spec, LineDict) else 0)
        raise RulesError(path, _line(spec, first), f"{where}: unknown keys {sorted(unknown)}; allowed {sorted(allowed)}")


def _condition(spec: dict[str, Any], path: str, where: str) -> Condition:
    fields = spec.get("fields")
    if not fields or "pattern" not in spec:
        raise RulesError(path, _line(spec), f"{where}: needs fields and pattern")
    return Condition(tuple(fields), _compile(spec, "pattern", path, where))


def _compile(spec: dict[str, Any], key: str, path: str, where: str) -> re.Pattern[str]:
    if key not in spec:
        raise RulesError(path, _line(spec), f"{where}: needs {key!r}")
    pattern = spec[key]
    try:
        return re.compile(pattern)
    except (re.error, TypeError) as exc:
        raise RulesError(path, _line(spec, key), f"{where}: bad pattern {pattern!r}: {exc}") from None


def dst_code(rules: GeneratorRules, value: str) -> str | None:
    """The vocabulary code a digital source type names, in any of the forms it is written:
    `http(s)://cv.iptc.org/newscodes/digitalsourcetype/X` or `http://c2pa.org/digitalsourcetype/X` -> X,
    schema.org `https://schema.org/XDigitalSource` (or bare `XDigitalSource`) -> x, and bare X."""
    bare = value.strip()
    m = rules.dst_pattern.match(bare)
    if m:
        return m.group("code")
    if bare in rules.dst_codes:
        return bare
    m = rules.schema_org_pattern.match(bare)
    if m:
        name = m.group("name")
        code = rules.schema_org_names.get(name, name[:1].lower() + name[1:])
        return code if code in rules.dst_codes else None
    return None
