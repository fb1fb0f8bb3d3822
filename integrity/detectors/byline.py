"""Who wrote it: the article's byline as one fact, and whether its metadata agrees.

``credit.byline`` (one per document) says whether the page credits a person,
an institution, nobody (``missing``) or shows a credit slot with nobody in it
(``empty``). ``credit.byline_mismatch`` says the page's structured data
(JSON-LD, microdata, meta tags) names people none of whom is in the visible
byline — spelling, case, accents and middle initials aside (see
:func:`~integrity.parse.bylines.same_person`). Which candidates the page
credits and which is the byline is decided in :mod:`.byline_choice`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..facts import enum, fact, integer, text
from ..model import (
    Article,
    Author,
    Byline,
    BylineEvidence,
    BylineStatus,
    CreditSlot,
    Fact,
    RejectedAuthor,
    Span,
)
from ..parse.bylines import same_person
from ..parse.layout import Layout
from .base import Context, register
from .byline_choice import (
    article_byline,
    credit,
    headline_window,
    is_structured,
    is_visible,
    photo_credit_line,
    rejection,
)

_TAG = re.compile(r"<[^>]*>")
_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")  # the blank a removed tag left before punctuation
_MAX_EVIDENCE = 300  # characters of the byline's own text kept as evidence


@dataclass(frozen=True, slots=True)
class BylineChoice:
    """The byline decision with its working: what the report says (``byline``, ``authors``,
    ``rejected``) and what the facts need (``credited``, the empty slots)."""

    byline: Byline
    authors: tuple[Author, ...]  # the chosen byline's authors, spans kept
    credited: tuple[Author, ...]  # every author the page credits (byline_choice.credited_authors)
    rejected: tuple[RejectedAuthor, ...]  # every other candidate, with why
    empty_slots: tuple[CreditSlot, ...]


def choose_byline(article: Article, layout: Layout | None = None) -> BylineChoice:
    """The article's byline: status ``person``, ``institutional``, ``empty`` (a credit slot with no
    name) or ``missing``, its authors, and every other candidate with why it is not the byline.

    ``layout`` lets a ``<title>`` such as "Headline | Site" find its headline, near
    which weak credits (a user name, a provider label, an author-page link) count.
    The report's ``document.byline``/``authors``/``author_candidates`` and the
    ``credit.byline`` fact both come from here, so the report cannot list authors
    beside a missing byline.
    """
    credited, dropped = credit(article.author_candidates)
    near = headline_window(list(article.blocks), article.title, layout.names if layout is not None else None)
    images = [i.span.offset for i in article.images if i.span is not None]
    photo = {id(a) for a in credited if photo_credit_line(a, images, near)}
    chosen = article_byline([a for a in credited if id(a) not in photo], near)
    empty = tuple(s for s in article.credit_slots if s.content is None or not s.content.text.strip())
    ids = {id(a) for a in chosen}
    rejected = [(a, why) for a, why in dropped]
    rejected += [(a, rejection(a, chosen, id(a) in photo)) for a in credited if id(a) not in ids]
    names = tuple(dict.fromkeys(a.name for a in chosen))
    if chosen:
        status: BylineStatus = "person" if any(a.kind in ("person", "unknown") for a in chosen) else "institutional"
        span = next((a.span for a in chosen if a.span), None)
        byline = Byline(status, names, chosen[0].where, BylineEvidence(span, _evidence(article, span, names)))
    elif empty:
        byline = Byline("empty", (), empty[0].kind, BylineEvidence(empty[0].span, empty[0].label))
    else:
        byline = Byline("missing")
    return BylineChoice(
        byline, tuple(chosen), tuple(credited),
        tuple(RejectedAuthor(a.name, a.where, a.kind, a.span, why) for a, why in rejected), empty,
    )


def _evidence(article: Article, span: Span | None, names: tuple[str, ...]) -> str:
    """The byline as the page writes it (the span's text, blanks collapsed, tags and all for a short
    element), or the names joined when the byline is metadata outside the text."""
    if span is None:
        return ", ".join(names)
    raw = " ".join(article.text[span.offset:span.end_offset].split())
    if article.kind == "html":
        raw = _BEFORE_PUNCT.sub(r"\1", " ".join(html.unescape(_TAG.sub(" ", raw)).split()))
    return raw[:_MAX_EVIDENCE] if raw else ", ".join(names)


def byline_status(article: Article, layout: Layout | None = None) -> tuple[str, list[Author]]:
    """(status, the byline's authors): person, institutional, empty or missing (see :func:`choose_byline`)."""
    choice = choose_byline(article, layout)
    return choice.byline.status, list(choice.authors)


BYLINE = fact(
    "credit.byline", "document",
    """Who the page credits as the article's author: one per document.""",
    enum("status", "a person, only an institution (desk, agency, site), a credit slot with no name, or nobody",
         ("person", "institutional", "empty", "missing")),
    text("names", "the chosen byline's names", many=True, shown="none"),
    text("where", "every place the page names an author (byline, meta:author, json-ld, rel=author …)", many=True,
         shown="nowhere"),
    integer("sources", "how many distinct places name an author"),
    integer("empty_slots", "credit slots (an \"Authors\" heading, a byline element) with no name in them"),
)
MISMATCH = fact(
    "credit.byline_mismatch", "document",
    """The page's structured data (JSON-LD, microdata, meta tags) names people none of whom is in the visible
    byline; spelling, case, accents and middle initials aside.""",
    text("visible", "the visible byline's names"),
    text("metadata", "the people the structured data names"),
    text("metadata_sources", "where the structured data names them"),
    enum("overlap", "how many of the metadata names the visible byline shares", ("none",)),
)


@register("byline", facts=(BYLINE, MISMATCH))
def detect(article: Article, ctx: Context) -> Iterable[Fact]:
    """Status ``person``, ``institutional``, ``empty`` (a credit slot with no name) or ``missing``; mismatches."""
    choice = choose_byline(article, ctx.layout)
    byline, empty = choice.byline, choice.empty_slots
    where = sorted({a.where for a in choice.credited})
    evidence = empty[0].label if byline.status == "empty" else ", ".join(byline.names)
    yield Fact(
        "credit.byline",
        "document",
        span=byline.evidence.location if byline.evidence is not None else None,
        evidence=evidence,
        match=evidence,
        data={"status": byline.status, "names": byline.names, "where": tuple(where), "sources": len(where),
              "empty_slots": len(empty)},
    )
    yield from _mismatch(list(choice.credited), list(choice.authors))


def _mismatch(credited: list[Author], chosen: list[Author]) -> Iterable[Fact]:
    visible = [a for a in chosen if is_visible(a) and a.kind in ("person", "unknown")]
    if not visible:
        return
    structured = [a for a in credited if is_structured(a) and a.kind == "person"]
    if not structured:
        return
    # the visible byline may list more people than the metadata; metadata naming only others is the problem
    if any(same_person(s.name, v.name) for s in structured for v in visible):
        return
    # a byline element's own text may hold the metadata name among others ("By A, B and C")
    vis_names = ", ".join(dict.fromkeys(v.name for v in visible))
    meta_names = ", ".join(dict.fromkeys(s.name for s in structured))
    sources = ", ".join(sorted({s.where for s in structured}))
    yield Fact(
        "credit.byline_mismatch",
        "document",
        span=next((v.span for v in visible if v.span), None),
        evidence=f"{vis_names} / {meta_names}",
        match=vis_names,
        data={"visible": vis_names, "metadata": meta_names, "metadata_sources": sources,
              "overlap": "none"},
    )
