"""Who wrote it: the article's byline as one fact, from every place a byline can be."""

from __future__ import annotations

from typing import Iterable

from ..model import Article, Fact
from .base import Context, register


@register("byline", produces=("credit.byline",))
def detect(article: Article, ctx: Context) -> Iterable[Fact]:
    """Status ``person``, ``institutional``, ``empty`` (a credit slot with no name) or ``missing``."""
    people = [a for a in article.authors if a.kind in ("person", "unknown")]
    institutions = [a for a in article.authors if a.kind == "institutional"]
    empty = [s for s in article.credit_slots if s.content is None or not s.content.text.strip()]
    where = sorted({a.where for a in article.authors})
    names = list(dict.fromkeys(a.name for a in article.authors))
    if people:
        status = "person"
    elif institutions:
        status = "institutional"
    elif empty:
        status = "empty"
    else:
        status = "missing"
    span = empty[0].span if status == "empty" else next((a.span for a in article.authors if a.span), None)
    evidence = empty[0].label if status == "empty" else ", ".join(names)
    yield Fact(
        "credit.byline",
        "document",
        span=span,
        evidence=evidence,
        match=evidence,
        data={"status": status, "names": ", ".join(names) or "none", "where": ", ".join(where) or "nowhere",
              "empty_slots": len(empty)},
    )
