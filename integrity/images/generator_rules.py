"""Load and compile `rules/signals/ai-generators.yml` once per file.

The file is data (patterns, strengths, thresholds); this module only checks
its shape and compiles regexes, so a bad pattern fails at load with the rule
that holds it rather than in the middle of a scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

_STRENGTHS = {"weak", "medium", "strong"}
_VERDICTS = {"generated", "edited", "not_ai"}
_GENERATOR_KEYS = {"label", "rules"}
_RULE_KEYS = {"fields", "pattern", "strength", "verdict", "all"}
_CONDITION_KEYS = {"fields", "pattern"}


class RulesError(ValueError):
    """The generator rules file is malformed."""


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
    action_descriptions: tuple[tuple[re.Pattern[str], str], ...]
    camera_signers: re.Pattern[str]
    camera_name: re.Pattern[str]

    def section(self, name: str) -> dict[str, Any]:
        return self.raw[name]


def load_generator_rules(path: Path) -> GeneratorRules:
    """Cached by path and modification time, so edits are picked up."""
    return _load(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load(path: str, _mtime: int) -> GeneratorRules:
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    for section in ("digital_source_type", "c2pa", "verdict", "camera", "generators", "watermark"):
        if section not in raw:
            raise RulesError(f"{path}: missing section {section!r}")
    rules = []
    for gen_id, gen in raw["generators"].items():
        _known_keys(gen, _GENERATOR_KEYS, f"{path}: generators.{gen_id}")
        label = gen.get("label", gen_id)
        for i, rule in enumerate(gen.get("rules", [])):
            where = f"{path}: generators.{gen_id}.rules[{i}]"
            _known_keys(rule, _RULE_KEYS, where)
            strength = rule.get("strength")
            verdict = rule.get("verdict", "generated")
            if strength not in _STRENGTHS or verdict not in _VERDICTS:
                raise RulesError(f"{where}: bad strength/verdict")
            if "all" in rule:
                conds = rule["all"]
                for j, cond in enumerate(conds):
                    _known_keys(cond, _CONDITION_KEYS, f"{where}.all[{j}]")
            else:
                conds = [rule]
            rules.append(
                GeneratorRule(gen_id, label, tuple(_condition(c, where) for c in conds), strength, verdict)
            )
    dst = raw["digital_source_type"]
    c2pa = raw["c2pa"]
    return GeneratorRules(
        raw=raw,
        rules=tuple(rules),
        dst_pattern=_compile(dst["uri_pattern"], path),
        dst_codes=dict(dst["codes"]),
        action_descriptions=tuple(
            (_compile(d["pattern"], path), d["verdict"]) for d in c2pa["action_descriptions"]
        ),
        camera_signers=_compile(c2pa["camera_signers"], path),
        camera_name=_compile(raw["camera"]["name_pattern"], path),
    )


def _known_keys(spec: Any, allowed: set[str], where: str) -> None:
    if not isinstance(spec, dict):
        raise RulesError(f"{where}: expected a mapping")
    unknown = set(spec) - allowed
    if unknown:
        raise RulesError(f"{where}: unknown keys {sorted(unknown)}; allowed {sorted(allowed)}")


def _condition(spec: dict[str, Any], where: str) -> Condition:
    fields = spec.get("fields")
    if not fields or "pattern" not in spec:
        raise RulesError(f"{where}: needs fields and pattern")
    return Condition(tuple(fields), _compile(spec["pattern"], where))


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RulesError(f"{where}: bad pattern {pattern!r}: {exc}") from exc


def dst_code(rules: GeneratorRules, value: str) -> str | None:
    """`http(s)://cv.iptc.org/newscodes/digitalsourcetype/X` -> X (also bare X)."""
    m = rules.dst_pattern.match(value.strip())
    if m:
        return m.group("code")
    bare = value.strip()
    return bare if bare in rules.dst_codes else None
