"""From signals to one answer: generated, edited, possible, none or unknown.

AI evidence at or above the configured strength decides (generated beats
edited). Below them, `possible`: a declared source the C2PA Asset Rubrics
call "possibly GenAI" (a composite, digital art, a screen capture) is not
proof of AI, but it cannot be taken for proof of none either. Only without
any of these does positive evidence of a non-AI origin (a signed capture,
camera EXIF, a declared non-AI source type) give `none`. No evidence is
`unknown`: stripped metadata proves nothing.
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
    if "possible" in kinds:
        return "possible"
    if "not_ai" in kinds:
        return "none"
    return "unknown"
