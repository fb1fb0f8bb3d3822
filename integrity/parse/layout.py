"""Page-layout vocabulary (from ``rules/lexicons/page-layout.yml``) as parser questions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import AuthorKind
from ..ruledata.folders import LexiconStore
from ..ruledata.lexicon import lazy_alternation
from .bylines import NameRules
from .sentences import normalise_abbreviations

if TYPE_CHECKING:  # an annotation only: a text-only run never builds an HTML tree, so never imports one
    from .html_tree import Element

_CREDIT_LINE_WORDS = 16



@dataclass(frozen=True)
class Layout:
    markers: frozenset[str]
    headings: dict[str, str]  # casefolded heading -> kind
    byline_prefixes: tuple[str, ...]
    byline_classes: frozenset[str]
    credit_classes: frozenset[str]
    credit_tags: frozenset[str]  # elements that credit the picture they sit beside or in (<cite>, <small>)
    nonbody_classes: frozenset[str]
    body_classes: frozenset[str]
    abbreviations: frozenset[str]
    institutions: frozenset[str]
    names: NameRules
    caption_classes: frozenset[str]  # captions that are not <figcaption> ("wp-caption-text")
    credit_lines: re.Pattern[str]  # photo-credit lines ("Photo: …", "Фото: …") from photo-credit.yml

    @staticmethod
    def from_lexicons(rs: LexiconStore) -> Layout:
        lex = rs.require("page-layout")
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
            credit_tags=lex.of_kind("credit-tag"),
            nonbody_classes=lex.of_kind("nonbody-class"),
            body_classes=lex.of_kind("body-class"),
            abbreviations=normalise_abbreviations(rs.require("abbreviations").terms),
            institutions=rs.require("institutional-authors").terms,
            names=NameRules.from_lexicons(rs),
            caption_classes=lex.of_kind("caption-class"),
            credit_lines=lazy_alternation(
                [e.pattern for e in rs.require("photo-credit").entries if e.kind == "credit-line"], re.IGNORECASE
            ),
        )

    def is_credit_element(self, el: Element) -> bool:
        """A picture's credit element: a credit class ("photo-credit", "source") or a credit tag (<cite>)."""
        return el.tag in self.credit_tags or not el.tokens().isdisjoint(self.credit_classes)

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
        """Author names in a byline's text (see :class:`~.bylines.NameRules`)."""
        return self.names.names(text)

    def is_credit_line(self, text: str) -> bool:
        """A line that is a photo credit: it opens with a credit label ("Photo: …", "(AP Photo/…)", "©")."""
        m = self.credit_lines.search(text)
        return m is not None and m.start() == 0 and len(text.split()) <= _CREDIT_LINE_WORDS

    def author_kind(self, name: str) -> AuthorKind:
        return self.names.kind(name)
