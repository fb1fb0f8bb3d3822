"""The detector contract: a pure function from an Article to Facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

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


DETECTORS: Registry[Detector] = Registry("detector")


def register(detector_id: str, *, produces: tuple[str, ...]) -> Callable[[DetectFn], DetectFn]:
    def wrap(fn: DetectFn) -> DetectFn:
        DETECTORS.add(detector_id, Detector(detector_id, produces, fn, (fn.__doc__ or "").strip()))
        return fn

    return wrap


def detectors_for(facts: frozenset[str]) -> list[Detector]:
    """Only the detectors whose facts some enabled rule uses."""
    return [d for _, d in DETECTORS.items() if set(d.produces) & facts]
