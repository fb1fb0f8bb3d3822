"""Match the flat metadata record against the generator rules.

Detection is one loop over rules from `ai-generators.yml`; adding a
generator is a YAML edit. Also here: IPTC digital source types found in XMP
and the camera-EXIF check, because they read the same record.
"""

from __future__ import annotations

import re

from .evidence import Signal
from .generator_rules import GeneratorRules, dst_code
from .record import MetaField

_DST_SUFFIX = "Iptc4xmpExt:DigitalSourceType"


def generator_signals(fields: list[MetaField], rules: GeneratorRules) -> list[Signal]:
    """One signal per (rule, matching field); `all:` rules cite their first field.

    Patterns see at most `match_max_chars` of a value: markers sit near the
    start of what generators write, and the cap bounds regex time on hostile
    input.
    """
    cap = int(rules.section("verdict").get("match_max_chars", 262144))
    out: list[Signal] = []
    for rule in rules.rules:
        hits: list[tuple[MetaField, re.Match[str]]] = []
        for cond in rule.conditions:
            hit = None
            for f in fields:
                if cond.matches_key(f.key):
                    m = cond.pattern.search(f.value, 0, cap)
                    if m:
                        hit = (f, m)
                        break
            if hit is None:
                break
            hits.append(hit)
        else:
            first, match = hits[0]
            source = f"generator:{rule.generator}"
            out.append(Signal(rule.verdict, rule.strength, _excerpt(first.value, match), first.where, source))
    return _dedupe(out)


def dst_signals(fields: list[MetaField], rules: GeneratorRules) -> list[Signal]:
    """IPTC DigitalSourceType in XMP (any prefix binding, nested or not)."""
    strengths = rules.section("digital_source_type")["xmp_strength"]
    out = []
    for f in fields:
        if not f.key.endswith(_DST_SUFFIX):
            continue
        code = dst_code(rules, f.value)
        verdict = rules.dst_codes.get(code) if code else None
        if verdict:
            out.append(Signal(verdict, strengths[verdict], f.value, f.where, "iptc-dst"))
    return out


def declared_signals(value: str, where: str, source: str, rules: GeneratorRules) -> list[Signal]:
    """A digital source type declared outside the file (the page's JSON-LD or microdata): evidence as
    strong as unsigned XMP, since anyone who edits the page can write it."""
    code = dst_code(rules, value)
    verdict = rules.dst_codes.get(code) if code else None
    if not verdict:
        return []
    strength = rules.section("digital_source_type")["xmp_strength"][verdict]
    return [Signal(verdict, strength, value, where, source)]


def camera_signal(fields: list[MetaField], rules: GeneratorRules) -> Signal | None:
    """Camera Make/Model plus exposure data: positive (unsigned) evidence of capture."""
    cfg = rules.section("camera")
    by_key: dict[str, MetaField] = {}
    for f in fields:
        by_key.setdefault(f.key, f)
    required = [by_key.get(k) for k in cfg["require"]]
    if not all(required) or not any(k in by_key for k in cfg["any_of"]):
        return None
    if not all(rules.camera_name.match(f.value.strip()) for f in required):
        return None
    value = " ".join(f.value.strip() for f in required)
    return Signal("not_ai", cfg["strength"], value, required[0].where, "camera-exif")


def _excerpt(value: str, match: re.Match[str], context: int = 60) -> str:
    """The matched text with some context, so a report shows why it matched."""
    start, end = max(0, match.start() - context), min(len(value), match.end() + context)
    text = value[start:end].strip()
    return ("…" if start > 0 else "") + text + ("…" if end < len(value) else "")


def _dedupe(signals: list[Signal]) -> list[Signal]:
    seen = set()
    out = []
    for s in signals:
        key = (s.source, s.where, s.kind)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
