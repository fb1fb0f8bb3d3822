"""Findings -> a 0–100 score with one subscore per area.

Each finding costs ``weight × confidence factor`` points (both from the rule
packs); a rule's total cost in one document is capped by its ``max_penalty``.
An area's subscore is ``100 − its cost`` (not below 0); the score is the mean
of the subscores weighted by ``rules/score.yml``. Deterministic: same findings,
same score.
"""

from __future__ import annotations

from collections import defaultdict

from .model import AREAS, Finding
from .rules.load import Ruleset


def score(findings: tuple[Finding, ...], ruleset: Ruleset) -> tuple[int, dict[str, int]]:
    per_rule: dict[str, float] = defaultdict(float)
    for f in findings:
        per_rule[f.rule_id] += f.penalty
    cost: dict[str, float] = defaultdict(float)
    for rule_id, total in per_rule.items():
        rule = ruleset.by_id.get(rule_id)
        cap = rule.max_penalty if rule and rule.max_penalty is not None else total
        area = rule.area if rule else next(f.area for f in findings if f.rule_id == rule_id)
        cost[area] += min(total, cap)
    subscores = {a: max(0, round(100 - cost[a])) for a in AREAS}
    weights = ruleset.scoring.area_weights
    total_w = sum(weights[a] for a in AREAS) or 1.0
    overall = round(sum(weights[a] * subscores[a] for a in AREAS) / total_w)
    return overall, subscores
