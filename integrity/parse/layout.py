"""Page-layout vocabulary (from ``rules/lexicons/page-layout.yml``) as parser questions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import AuthorKind
from ..rules.load import Ruleset

_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b|\bі\b|\bи\b)\s*", re.IGNORECASE)
_PERSON = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,4}$")


@dataclass(frozen=True)
class Layout:
    markers: frozenset[str]
    headings: dict[str, str]  # casefolded heading -> kind
    byline_prefixes: tuple[str, ...]
    byline_classes: frozenset[str]
    credit_classes: frozenset[str]
    nonbody_classes: frozenset[str]
    body_classes: frozenset[str]
    abbreviations: frozenset[str]
    institutions: frozenset[str]

    @staticmethod
    def from_ruleset(rs: Ruleset) -> Layout:
        lex = rs.lexicon("page-layout")
        headings: dict[str, str] = {}
        for kind in ("heading", "byline-heading", "end-heading"):
            for term in lex.of_kind(kind):
                headings[term] = kind
        return Layout(
            markers=lex.of_kind("marker"),
            headings=headings,
            byline_prefixes=tuple(sorted(lex.of_kind("byline-prefix"), key=len, reverse=True)),
            byline_classes=lex.of_kind("byline-class"),
            credit_classes=lex.of_kind("credit-class"),
            nonbody_classes=lex.of_kind("nonbody-class"),
            body_classes=lex.of_kind("body-class"),
            abbreviations=rs.lexicon("abbreviations").terms,
            institutions=rs.lexicon("institutional-authors").terms,
        )

    def is_marker(self, text: str) -> bool:
        return text.strip().casefold() in self.markers

    def heading_kind(self, text: str) -> str | None:
        return self.headings.get(text.strip().rstrip(":").strip().casefold())

    def byline_prefix(self, text: str) -> int | None:
        """Length of a "By " style prefix at the start of ``text``, if any."""
        folded = text.casefold()
        for p in self.byline_prefixes:
            if folded.startswith(p) and len(text) > len(p) and not text[len(p)].isalnum():
                return len(p)
        return None

    def split_names(self, text: str) -> list[str]:
        text = text.strip().strip(":|·-—").strip()
        p = self.byline_prefix(text)
        if p is not None:
            text = text[p:].strip()
        # segments with no capital letter are roles ("local government reporter"), not names
        return [n.strip() for n in _NAME_SPLIT.split(text) if n and n.strip() and any(c.isupper() for c in n)]

    def author_kind(self, name: str) -> AuthorKind:
        folded = name.casefold().strip()
        if folded in self.institutions or any(folded.endswith(" " + i) for i in self.institutions if " " in i):
            return "institutional"
        if _PERSON.match(name.strip()):
            return "person"
        return "unknown"
