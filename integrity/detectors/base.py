"""The detector contract: a pure function from an Article to Facts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..facts import FactCatalogue, FactSpec
from ..image_input import NOT_LOADED, ImageInput
from ..model import Article, Fact, ImageRef, VideoRef
from ..parse.layout import Layout
from ..registry import Registry
from ..rules.load import Ruleset

if TYPE_CHECKING:
    from ..page_credentials import PageCredentials


@dataclass(frozen=True)
class Context:
    """What a detector may read besides the article: lexicons, layout and the images' bytes, never I/O.

    ``images`` maps an image's index to what the pipeline learned from its bytes
    (:class:`~integrity.image_input.ImageInput`: analysis, registry look-up, or
    why it could not be loaded). It travels here rather than on the Article,
    which stays what the parser produced, and rather than as a second argument
    to every detector, so the detectors that never look at image bytes (bylines,
    claims) keep the one signature ``detect(article, ctx)``. The checker holds
    one Context without images; :meth:`with_images` gives each document its own,
    sharing the compiled helpers of :meth:`memo`. ``page`` is what the pipeline
    read of the manifest store the page attaches to itself
    (:class:`~integrity.page_credentials.PageCredentials`; None without one),
    travelling here for the same reason. ``videos`` is ``images`` for the article's videos
    (by video index: a video's Content Credentials, read from its bytes as an image's are).
    """

    ruleset: Ruleset
    layout: Layout
    images: Mapping[int, ImageInput] = field(default_factory=dict)
    page: PageCredentials | None = None
    videos: Mapping[int, ImageInput] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def with_images(self, images: Mapping[int, ImageInput], page: PageCredentials | None = None,
                    videos: Mapping[int, ImageInput] | None = None) -> Context:
        """This context for one document's images, page credentials and videos (the memo is the same dict,
        not a copy)."""
        return replace(self, images=images, page=page, videos=videos or {})

    def image(self, img: ImageRef) -> ImageInput:
        """What was learned about ``img``'s bytes; an empty record when they were not loaded."""
        return self.images.get(img.index, NOT_LOADED)

    def media(self, ref: ImageRef | VideoRef) -> ImageInput:
        """What was learned about an image's or a video's bytes (each numbered in its own list)."""
        return (self.videos if isinstance(ref, VideoRef) else self.images).get(ref.index, NOT_LOADED)

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
    detect: DetectFn
    doc: str
    facts: tuple[FactSpec, ...] = ()

    @property
    def produces(self) -> tuple[str, ...]:
        """The names of the facts it declares: what a rule must use for the detector to run."""
        return tuple(spec.name for spec in self.facts)


DETECTORS: Registry[Detector] = Registry("detector")
FACTS = FactCatalogue()  # every registered detector's facts, and the pipeline's own (suppressions)


def register(detector_id: str, *, facts: tuple[FactSpec, ...]) -> Callable[[DetectFn], DetectFn]:
    """Register a detector and the facts it declares (integrity/facts.py); a fact declared twice fails."""

    def wrap(fn: DetectFn) -> DetectFn:
        specs = tuple(replace(spec, producer=detector_id) for spec in facts)
        DETECTORS.add(detector_id, Detector(detector_id, fn, (fn.__doc__ or "").strip(), specs))
        for spec in specs:
            FACTS.add(spec)
        return fn

    return wrap


def detectors_for(facts: frozenset[str]) -> list[Detector]:
    """Only the detectors whose facts some enabled rule uses."""
    return [d for _, d in DETECTORS.items() if set(d.produces) & facts]
