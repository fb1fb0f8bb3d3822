"""From signals to one answer: generated, edited, none or unknown.

AI evidence at or above the configured strength decides (generated beats
edited). Only without it does positive evidence of a non-AI origin (a
signed capture, camera EXIF, a declared non-AI source type) give `none`.
No evidence is `unknown`: stripped metadata proves nothing.
"""

from __future__ import annotations

from .evidence import STRENGTH_ORDER, AiVerdict, Signal
from .generator_rules import GeneratorRules


def decide(signals: list[Signal], rules: GeneratorRules) -> AiVerdict:
    floor = STRENGTH_ORDER[rules.section("verdict")["min_strength"]]
    kinds = {s.kind for s in signals if STRENGTH_ORDER[s.strength] >= floor}
    if "generated" in kinds:
        return "generated"
    if "edited" in kinds:
        return "edited"
    if "not_ai" in kinds:
        return "none"
    return "unknown"
