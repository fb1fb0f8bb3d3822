"""Rules over an article and its facts -> findings. Pure and deterministic."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..model import Article, Fact, Finding, ImageRef, Span, Text, VideoRef
from .kinds import NOT_AFTER_WINDOW, Comparison, Rule
from .load import Ruleset

_EVIDENCE_MAX = 280
_WS = re.compile(r"\s+")
_NUMBERED = re.compile(r"(image|video)\[(\d+)\]")  # subjects numbered from 1 as a reader counts them


class _Values(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: Mapping[str, Any]) -> str:
    try:
        return template.format_map(_Values(values))
    except (ValueError, IndexError, AttributeError):
        return template


def item_name(subject: str) -> str:
    """``{item}``: ``image[3]`` is "Image 3", ``video[1]`` "Video 1"; any other subject is itself."""
    m = _NUMBERED.fullmatch(subject)
    return f"{m[1].capitalize()} {m[2]}" if m else subject


Unit = tuple[Text, int, int, str, Mapping[str, Any]]


def _units(article: Article, scope: str) -> Iterator[Unit]:
    """(content, start, end, subject, template values) for each piece of text a scope covers."""
    if scope.startswith("image."):  # the text beside each image, then beside each video
        field = scope.split(".", 1)[1]
        refs: tuple[ImageRef | VideoRef, ...] = (*article.images, *article.videos)
        for img in refs:
            t = getattr(img, field)
            if t is not None:
                yield t, 0, len(t.text), img.subject, {"index": img.index, "src": img.src or "(no source)"}
        return
    for i, block in enumerate(article.blocks):
        if scope == "heading" and block.kind == "heading":
            yield block.content, 0, len(block.text), f"block[{i}]", {}
        elif scope == "body" and block.in_body and block.kind in ("paragraph", "list_item", "quote"):
            for s in block.sentences:
                yield block.content, s.start, s.end, f"block[{i}]", {}


def _excerpt(text: str, start: int, end: int, m_start: int, m_end: int) -> str:
    if end - start <= _EVIDENCE_MAX:
        return text[start:end].strip()
    half = (_EVIDENCE_MAX - (m_end - m_start)) // 2
    a = max(start, m_start - max(half, 0))
    b = min(end, m_end + max(half, 0))
    return ("…" if a > start else "") + text[a:b].strip() + ("…" if b < end else "")


def _fingerprint(rule_id: str, subject_kind: str, match: str, evidence: str) -> str:
    norm = _WS.sub(" ", f"{rule_id}|{subject_kind}|{match}|{evidence}".casefold()).strip()
    return hashlib.sha256(norm.encode()).hexdigest()[:16]


def _finding(rule: Rule, ruleset: Ruleset, subject: str, match: str, evidence: str,
             span: Span | None, values: Mapping[str, Any], probability: float | None = None) -> Finding:
    """``probability``: a learned model's judgement of this finding (0..1); it replaces the rule's
    confidence level, in the finding and in its penalty (weight × probability)."""
    all_values = {"match": match, "subject": subject, "item": item_name(subject), "evidence": evidence, **values}
    factor = ruleset.scoring.confidence_factors[rule.confidence] if probability is None else probability
    return Finding(
        rule_id=rule.id,
        area=rule.area,
        severity=rule.severity,
        confidence=rule.confidence if probability is None else probability,
        message=render(rule.message, all_values),
        subject=subject,
        fingerprint=_fingerprint(rule.id, subject.split("[")[0], match, evidence),
        evidence=evidence,
        match=match,
        location=span,
        fix=render(rule.fix, all_values) if rule.fix else None,
        help=rule.help,
        tags=rule.tags,
        penalty=round(rule.weight * factor, 3),
    )


def _pattern_findings(rule: Rule, article: Article, ruleset: Ruleset) -> Iterator[Finding]:
    assert rule.matcher is not None
    seen_subjects: set[str] = set()
    for scope in rule.scope:
        for content, start, end, subject, values in _units(article, scope):
            if rule.group == "subject" and subject in seen_subjects:
                continue
            unit = content.text[start:end]
            if rule.unless is not None and rule.unless.search(unit):
                continue
            for m in rule.matcher.finditer(unit):
                if m.end() == m.start():
                    continue
                if rule.not_after is not None and rule.not_after.search(unit[max(0, m.start() - NOT_AFTER_WINDOW) : m.start()]):
                    continue
                a, b = start + m.start(), start + m.end()
                span = article.span_of(content, a, b)
                evidence = _excerpt(content.text, start, end, a, b)
                yield _finding(rule, ruleset, subject, m.group(0), evidence, span, {"scope": scope, **values})
                if rule.group == "subject":
                    seen_subjects.add(subject)
                    break


def _matches_where(fact: Fact, where: Mapping[str, tuple[Any, ...]]) -> bool:
    """Every ``where`` field matches; a fact field holding several values matches if any does."""
    for key, allowed in where.items():
        value = fact.data.get(key)
        values = value if isinstance(value, (tuple, list, frozenset)) else (value,)
        if not any(v in a if isinstance(a, Comparison) else v == a for v in values for a in allowed):
            return False
    return True


def _probability(fact: Fact) -> float | None:
    """The model probability a fact carries (``confidence``: a number 0..1), else None: the rule's level decides."""
    p = fact.data.get("confidence")
    return float(p) if isinstance(p, (int, float)) and not isinstance(p, bool) and 0.0 <= p <= 1.0 else None


def _fact_findings(rule: Rule, facts: Iterable[Fact], ruleset: Ruleset) -> Iterator[Finding]:
    for fact in facts:
        if fact.kind == rule.fact and _matches_where(fact, rule.where):
            values = rule.spec.message_values(fact.data) if rule.spec is not None else fact.data
            yield _finding(rule, ruleset, fact.subject, fact.match, fact.evidence, fact.span, values, _probability(fact))


def evaluate(ruleset: Ruleset, article: Article, facts: list[Fact]) -> tuple[Finding, ...]:
    out: list[Finding] = []
    for rule in ruleset.enabled:
        if rule.kind == "pattern":
            out.extend(_pattern_findings(rule, article, ruleset))
        else:
            out.extend(_fact_findings(rule, facts, ruleset))
    # identical findings (same rule, same words) get an occurrence suffix so fingerprints stay unique
    counts: Counter[str] = Counter()
    unique: list[Finding] = []
    from dataclasses import replace

    for f in sorted(out, key=_order):
        counts[f.fingerprint] += 1
        n = counts[f.fingerprint]
        unique.append(f if n == 1 else replace(f, fingerprint=f"{f.fingerprint}:{n}"))
    return tuple(unique)


def _order(f: Finding) -> tuple[int, int, str]:
    loc = f.location
    return (loc.offset if loc else -1, loc.end_offset if loc else -1, f.rule_id)
