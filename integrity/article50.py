"""The EU AI Act Article 50 view: what the ``eu-ai-act`` profile adds to a report, and its data.

Article 50 of Regulation (EU) 2024/1689 asks that AI-made images, video and text
be marked in a machine-readable format (50(2)), that deployers disclose deep
fakes and AI-made text published to inform the public (50(4), with an exemption
for text under human editorial control for which a person holds editorial
responsibility), and that the information be clear at the first exposure (50(5)).
The detector :mod:`integrity.detectors.article50` answers those questions per
article as facts; the profile's rules (``rules/eu-ai-act/``) turn the facts into
findings, and :func:`view` turns the same facts into the report's typed
:class:`~integrity.model.Article50View`, so the findings and the section cannot
disagree. Which signals are machine-readable marks, which verdicts count as AI
and every word the section prints are data (``integrity/data/article50.toml``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import Article50View, Fact, MediaAnswer, Responsibility, TextAnswer

DATA = Path(__file__).resolve().parent / "data" / "article50.toml"
MEDIA_FACT = "image.article50"
VIDEO_FACT = "video.article50"
TEXT_FACT = "text.article50"


@dataclass(frozen=True, slots=True)
class Mark:
    source: str  # a signal source, exact or a prefix ending in ":"
    mark: str
    standard: bool

    def matches(self, source: str) -> bool:
        return source.startswith(self.source) if self.source.endswith(":") else source == self.source


@dataclass(frozen=True, slots=True)
class Article50Data:
    ai_verdicts: tuple[str, ...]
    marks: tuple[Mark, ...]
    words: dict[str, dict[str, str]]

    def mark_of(self, source: str) -> Mark | None:
        """The first mark whose source matches (exact entries are listed before the prefixes they refine)."""
        return next((m for m in self.marks if m.matches(source)), None)

    def word(self, group: str, key: str) -> str:
        return self.words.get(group, {}).get(key, key)


@lru_cache(maxsize=1)
def load_data(path: Path = DATA) -> Article50Data:
    with path.open("rb") as fh:
        raw: dict[str, Any] = tomllib.load(fh)
    marks = tuple(Mark(m["source"], m["mark"], bool(m["standard"])) for m in raw["marks"])
    # exact sources first, then prefixes, longest first: "generator:tc260" wins over "generator:"
    marks = tuple(sorted(marks, key=lambda m: (m.source.endswith(":"), -len(m.source))))
    return Article50Data(tuple(raw["ai_verdicts"]), marks, {k: dict(v) for k, v in raw["words"].items()})


def view(facts: Iterable[Fact], images_seen: int, videos_seen: int = 0) -> Article50View | None:
    """The report section from the article50 facts of one document; None when the detector made none."""
    media: list[MediaAnswer] = []
    text: TextAnswer | None = None
    for f in facts:
        d = f.data
        if f.kind in (MEDIA_FACT, VIDEO_FACT):
            media.append(MediaAnswer(
                index=d["index"], media=d["media"], src=d["src"], ai=d["ai"], disclosure=d["disclosure"],
                visible_in=tuple(d["visible_in"]), visible_text=d["visible_text"],
                machine_readable=tuple(d["marks"]), evidence=tuple(d["evidence"]), location=f.span,
            ))
        elif f.kind == TEXT_FACT:
            text = TextAnswer(
                status=d["status"], visible=d["visible"], machine_readable=d["declared_source_type"],
                phrase=d["phrase"], location=f.span,
                responsibility=tuple(Responsibility(k, n) for k, n in zip(d["responsibility"], d["responsible"], strict=True)),
            )
    if text is None:
        return None
    return Article50View(tuple(sorted(media, key=lambda m: (m.media, m.index))), text, images_seen, videos_seen)
