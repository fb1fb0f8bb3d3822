"""The detector contract: a pure function from an Article to Facts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable

from ..facts import FactCatalogue, FactSpec
from ..model import Article, Fact
from ..parse.layout import Layout
from ..registry import Registry
from ..rules.load import Ruleset


@dataclass(frozen=True)
class Context:
    """What a detector may read besides the article: lexicons and layout, never I/O."""

    ruleset: Ruleset
    layout: Layout
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def memo(self, name: str, factory: Callable[[], Any]) -> Any:
        """Compiled helpers built once per checker (idempotent, so a race only builds twice)."""
        value = self._memo.get(name)
        if value is None:
            value = self._memo[name] = factory()
        return value


DetectFn = Callable[[Article, Context], Iterable[Fact]]


@dataclass(frozen=True)
class Detector:
    id: str
    produces: tuple[str, ...]
    detect: DetectFn
    doc: str
    facts: tuple[FactSpec, ...] = ()


DETECTORS: Registry[Detector] = Registry("detector")
FACTS = FactCatalogue()  # every registered detector's facts, and the pipeline's own (suppressions)


def register(detector_id: str, *, facts: tuple[FactSpec, ...]) -> Callable[[DetectFn], DetectFn]:
    """Register a detector and the facts it declares (integrity/facts.py); a fact declared twice fails."""

    def wrap(fn: DetectFn) -> DetectFn:
        specs = tuple(replace(spec, producer=detector_id) for spec in facts)
        DETECTORS.add(detector_id, Detector(detector_id, tuple(s.name for s in specs), fn, (fn.__doc__ or "").strip(), specs))
        for spec in specs:
            FACTS.add(spec)
        return fn

    return wrap


def detectors_for(facts: frozenset[str]) -> list[Detector]:
    """Only the detectors whose facts some enabled rule uses."""
    return [d for _, d in DETECTORS.items() if set(d.produces) & facts]
