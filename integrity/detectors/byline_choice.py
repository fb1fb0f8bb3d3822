"""Which of the parser's author candidates the page credits, and which of them is its byline.

The parser (:mod:`integrity.parse.bylines`) reads every name a page gives where
an author may stand and keeps them all, with their evidence
(:class:`~integrity.model.AuthorCandidate`). Deciding happens here, in two steps:

1. :func:`credited_authors`: the names the page credits. The first "By" line
   naming a person (or else the first naming an institution) and the first bare
   agency line before it; the first structured-data article node that names
   anyone; every byline element, author-page link and meta tag. The site's own
   name is not a credit ("FIFPlay" on fifplay.com, "CNN" beside the person in
   "By Stephen Collinson, CNN"), unless structured data types it a Person (a
   personal site is named after its author).
2. :func:`article_byline`: the byline readers see among those, completed from
   metadata that agrees with it, with weak credits (a user name, a provider, an
   author-page link, an agency line) counted only near the headline.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from ..model import Author, AuthorCandidate, Block, RejectionReason
from ..parse.bylines import NameRules, body_end, headline_blocks, same_person

VISIBLE = ("byline", "byline-text", "rel=author", "itemprop=author", "text:authors-section")
# shown to readers, but not as a byline: used last, near the headline
WEAK = ("credit-line", "username", "provider", "profile-link")
_CLUSTER_CHARS = 400  # byline elements this close after the first one belong to the same byline
# machine-readable authorship, in order of trust: a page's JSON-LD and microdata, a Markdown file's front matter
STRUCTURED = ("json-ld", "microdata", "front-matter")


# --- what the page credits ----------------------------------------------------------------

def credited_authors(candidates: Iterable[AuthorCandidate]) -> list[Author]:
    """The authors the page credits, in the order: text, byline elements, "By" lines, JSON-LD,
    microdata, author-page links, meta tags (the order of trust :func:`article_byline` reads)."""
    return credit(candidates)[0]


def credit(candidates: Iterable[AuthorCandidate]) -> tuple[list[Author], list[tuple[Author, RejectionReason]]]:
    """(:func:`credited_authors`, the candidates left out with why): one pass, so the two cannot disagree."""
    candidates = list(candidates)
    rejected: list[tuple[Author, RejectionReason]] = [(c.author, c.rejected) for c in candidates if c.rejected]
    candidates = [c for c in candidates if not c.rejected]

    def of(source: str) -> list[AuthorCandidate]:
        return [c for c in candidates if c.source == source]

    def keep(found: list[AuthorCandidate], kept: list[Author], why: RejectionReason) -> list[Author]:
        ids = {id(a) for a in kept}
        rejected.extend((c.author, "site-name" if _site_credit(c) else why) for c in found if id(c.author) not in ids)
        return kept

    out = [c.author for c in of("text")]
    out += keep(of("element"), _without_site_affiliation(of("element")), "site-name")
    lines = of("line")
    out += keep(lines, _without_site_affiliation(_line_byline(lines)), "later-byline-line")
    for where in STRUCTURED:
        nodes = [c for c in of("structured") if c.author.where == where]
        out += keep(nodes, _first_node(nodes), "other-structured-node")
    out += [c.author for c in of("profile-link")]
    metas = of("meta")
    out += keep(metas, [c.author for c in metas if not _site_credit(c)], "site-name")
    return out, rejected


def _site_credit(c: AuthorCandidate) -> bool:
    """An author that is the site itself and not a person's name (a person's name that is also the
    site's name stays: "Pamela Anderson" on her foundation's site)."""
    return c.site_name and c.author.kind != "person"


def _without_site_affiliation(candidates: list[AuthorCandidate]) -> list[Author]:
    """Drop "CNN" from "By Stephen Collinson, CNN": the site's own name beside a person is an affiliation."""
    with_person = {c.author.span for c in candidates if c.author.span is not None and c.author.kind == "person"}
    return [c.author for c in candidates if not (c.author.span in with_person and _site_credit(c))]


def _line_byline(candidates: list[AuthorCandidate]) -> list[AuthorCandidate]:
    """The first "By" line naming a person (later ones belong to quoted pieces), else the first naming
    only an institution; and the first bare agency line before it (a weak credit)."""
    out: list[AuthorCandidate] = []
    credits: list[AuthorCandidate] = []
    for _, line in groupby(candidates, key=lambda c: c.group):
        found = list(line)
        if found[0].author.where == "credit-line":
            credits = credits or found[:1]
            continue
        if any(c.author.kind == "person" for c in found):
            return found + credits
        out = out or found
    return out + credits


def _first_node(candidates: list[AuthorCandidate]) -> list[Author]:
    """The names of the first structured-data article node that credits anyone but the site itself."""
    for _, node in groupby(candidates, key=lambda c: c.group):
        kept = [c.author for c in node if c.typed_person or not _site_credit(c)]
        if kept:
            return kept
    return []


# --- the byline the page shows ------------------------------------------------------------

def headline_window(blocks: list[Block], title: str | None, names: NameRules | None = None) -> tuple[int, int] | None:
    """Source offsets from the headline to the end of the blocks right after it, where a weak credit
    (a user name element, a provider label, a link to an author page) counts; None without a headline."""
    heads = headline_blocks(blocks, title, names)
    if not heads:
        return None
    first = blocks[heads[0]]
    last = blocks[max(body_end(blocks, h) for h in heads) - 1]
    return first.content.map.start(0), last.content.map.end(len(last.text))


def photo_credit_line(author: Author, image_offsets: Iterable[int], near: tuple[int, int] | None) -> bool:
    """A bare agency line (a wire service's name alone) under the headline that follows an image is that image's credit."""
    if author.where != "credit-line" or author.span is None:
        return False
    start = near[0] if near is not None else 0
    return any(start <= o <= author.span.offset for o in image_offsets)


def is_visible(author: Author) -> bool:
    return author.where in VISIBLE


def is_structured(author: Author) -> bool:
    """Machine-readable authorship (JSON-LD, microdata, front matter, meta tags): not shown to readers as such."""
    return author.where in STRUCTURED or author.where.startswith("meta:")


def article_byline(authors: Iterable[Author], near: tuple[int, int] | None = None) -> list[Author]:
    """The article's byline as readers see it, completed from metadata that agrees with it.

    The first visible byline (and byline elements right after it) wins, the first
    naming a person when an earlier one names only an institution; when
    the page's structured data names those people and more ("By A, B and C"
    with only C marked up as a byline), the structured list is the byline.
    Without a visible byline, the structured authors (JSON-LD, microdata, meta
    in that order) are the byline; without those, the first weak credit —
    a user name or provider element, a link to an author's or user's page —
    whose offset is within ``near`` (the headline and the blocks after it, see
    :func:`headline_window`); without a headline, none of those counts.
    """
    authors = list(authors)
    visible = sorted((a for a in authors if is_visible(a) and a.span), key=lambda a: a.span.offset)  # type: ignore[union-attr]
    chosen: list[Author] = []
    if visible:
        # an institution-only byline ("By The Planetary Press") gives way to a person's further down
        people = [a for a in visible if a.kind == "person"]
        if people and not any(a.kind == "person" for a in visible if a.span == visible[0].span):
            visible = [a for a in visible if a.span is not None and a.span.offset >= people[0].span.offset]  # type: ignore[union-attr]
        first = visible[0].span
        assert first is not None
        limit = first.end_offset + _CLUSTER_CHARS
        chosen = [a for a in visible if a.span is not None and a.span.offset <= limit]
        chosen = _reconciled(chosen, visible, authors)
        for source in _structured_order(authors):
            found = [a for a in authors if a.where == source]
            if len(found) > len(chosen) and all(any(same_person(c.name, f.name) for f in found) for c in chosen):
                chosen = found
                break
    else:
        for source in _structured_order(authors):
            chosen = [a for a in authors if a.where == source]
            if chosen:
                break
        if not chosen:
            chosen = _weak_byline(authors, near)
    out: list[Author] = []
    for a in chosen:
        if not any(same_person(a.name, b.name) for b in out):
            out.append(a)
    return out


def _reconciled(chosen: list[Author], visible: list[Author], authors: list[Author]) -> list[Author]:
    """The visible byline checked against the structured data's people: agreement of two independent
    sources is the strongest evidence.

    When the structured data (JSON-LD, microdata, meta tags) names people and the first visible
    byline names none of them, the visible byline that does name one of them is the byline (with the
    byline elements right after it); when no visible byline does, the first visible one is taken for
    what it most often is on such pages — a label, a date, a menu or a caption read as names — and
    the structured people are the byline."""
    people = [a for a in authors if is_structured(a) and a.kind == "person"]
    if not people or any(same_person(c.name, p.name) for c in chosen for p in people):
        return chosen
    agreeing = [a for a in visible if any(same_person(a.name, p.name) for p in people)]
    if agreeing and agreeing[0].span is not None:
        start = agreeing[0].span
        return [a for a in visible if a.span is not None and start.offset <= a.span.offset <= start.end_offset + _CLUSTER_CHARS]
    return chosen


def rejection(author: Author, chosen: list[Author], photo_credit: bool) -> RejectionReason:
    """Why a credited author is not in the byline :func:`article_byline` chose.

    ``photo-credit``: a bare agency line after an image; ``same-person``: another
    spelling or place of a byline author; ``outside-byline``: shown, but away from
    the byline (later on the page, or an institution's line before a person's);
    ``metadata-disagrees``: structured data naming people the visible byline does
    not (``credit.byline_mismatch`` says so); ``less-trusted-metadata``: metadata of
    a kind read after the one the byline came from; ``weak-credit``: a user name,
    provider, author link or agency line where a stronger credit exists or away
    from the headline. (The credit step adds ``site-name``, ``later-byline-line``
    and ``other-structured-node``, see :func:`credit`.)
    """
    if photo_credit:
        return "photo-credit"
    if any(same_person(author.name, c.name) for c in chosen):
        return "same-person"
    if is_visible(author):
        return "outside-byline"
    if is_structured(author):
        return "metadata-disagrees" if any(is_visible(c) for c in chosen) else "less-trusted-metadata"
    return "weak-credit"


def _weak_byline(authors: list[Author], near: tuple[int, int] | None) -> list[Author]:
    """The names of the first weak credit near the headline (one element or one link); none without a headline."""
    if near is None:
        return []
    weak = [a for a in authors if a.where in WEAK and a.span is not None and near[0] <= a.span.offset <= near[1]]
    if not weak:
        return []
    first = min(weak, key=lambda a: a.span.offset if a.span else 0)
    return [a for a in weak if a.span == first.span and a.where == first.where]


def _structured_order(authors: list[Author]) -> list[str]:
    """JSON-LD, microdata, then meta tags in the order they were read (the lexicon's order of trust)."""
    order = list(STRUCTURED)
    for a in authors:
        if is_structured(a) and a.where not in order:
            order.append(a.where)
    return order
