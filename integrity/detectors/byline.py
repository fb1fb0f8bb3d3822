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

from collections.abc import Iterable

from ..facts import enum, fact, integer, text
from ..model import Article, Author, Fact
from ..parse.bylines import same_person
from ..parse.layout import Layout
from .base import Context, register
from .byline_choice import article_byline, credited_authors, headline_window, is_structured, is_visible, photo_credit_line


def byline_status(article: Article, layout: Layout | None = None) -> tuple[str, list[Author]]:
    """(status, the byline's authors): person, institutional, empty or missing.

    ``layout`` lets a ``<title>`` such as "Headline | Site" find its headline, near
    which weak credits (a user name, a provider label, an author-page link) count.
    """
    return _status(article, credited_authors(article.author_candidates), layout)


def _status(article: Article, credited: list[Author], layout: Layout | None) -> tuple[str, list[Author]]:
    near = headline_window(list(article.blocks), article.title, layout.names if layout is not None else None)
    images = [i.span.offset for i in article.images if i.span is not None]
    chosen = article_byline([a for a in credited if not photo_credit_line(a, images, near)], near)
    if any(a.kind in ("person", "unknown") for a in chosen):
        return "person", chosen
    if chosen:
        return "institutional", chosen
    empty = [s for s in article.credit_slots if s.content is None or not s.content.text.strip()]
    return ("empty" if empty else "missing"), []


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
    credited = credited_authors(article.author_candidates)
    status, chosen = _status(article, credited, ctx.layout)
    empty = [s for s in article.credit_slots if s.content is None or not s.content.text.strip()]
    where = sorted({a.where for a in credited})
    names = list(dict.fromkeys(a.name for a in chosen))
    span = empty[0].span if status == "empty" else next((a.span for a in chosen if a.span), None)
    evidence = empty[0].label if status == "empty" else ", ".join(names)
    yield Fact(
        "credit.byline",
        "document",
        span=span,
        evidence=evidence,
        match=evidence,
        data={"status": status, "names": tuple(names), "where": tuple(where), "sources": len(where),
              "empty_slots": len(empty)},
    )
    yield from _mismatch(credited, chosen)


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
