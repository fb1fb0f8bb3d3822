"""Images the newsroom already knows: registry matches and the same picture twice in one article.

Pure: the pipeline (at the edge) hashed each image and matched it against
the registry snapshot; this detector only reads each image's
``ImageInput.known`` (an :class:`integrity.known_images.Lookup`, from
``Context.images``) and the article's own dates and captions. Without a
registry ``known`` is None: registry facts are not produced, and duplicates
are found only by an identical source.

Facts:
    image.known      one per image and entry label: the entry that best
                     explains the match (for dated labels the earliest
                     publication before the article, else the closest)
    image.duplicate  one per image that repeats an earlier image of the article
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from ..facts import boolean, enum, fact, integer, text
from ..known_images.kinds import ALLOW_LABEL
from ..model import Article, Fact, ImageRef
from .base import Context, register
from .image_provenance import IMAGE_FIELDS

if TYPE_CHECKING:  # the registry's matcher imports numpy and PIL: a text-only run never loads it
    from ..known_images.match import KnownMatch, Lookup

_BITS = {"phash": 64, "dhash": 64, "pdq": 256}


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _caption(img: ImageRef) -> str:
    for t in (img.caption, img.alt, img.label):
        if t is not None and t.text.strip():
            return " ".join(t.text.split())
    return ""


def _hits_text(match: KnownMatch) -> str:
    return ", ".join(f"{h.kind} {h.distance}/{_BITS.get(h.kind, '?')}" + ("" if h.transform == "as-is" else f" {h.transform}")
                     for h in match.hits)


def _known_facts(article: Article, img: ImageRef, lookup: Lookup | None) -> Iterable[Fact]:
    if lookup is None or not lookup.matches:
        return
    if any(m.label == ALLOW_LABEL for m in lookup.matches):
        return  # on the newsroom's allow list (its logo, a stock placeholder): whatever else it matches
    published = _day(article.published)
    by_label: dict[str, list[KnownMatch]] = {}
    for m in lookup.matches:
        by_label.setdefault(m.label, []).append(m)
    for label, matches in by_label.items():
        dated = [(d, m) for m in matches if (d := _day(m.first_published)) is not None]
        earlier = [(d, m) for d, m in dated if published is not None and d < published]
        day: date | None
        if earlier:
            day, chosen = min(earlier, key=lambda x: (x[0], x[1].entry_id))
        else:
            chosen = matches[0]  # closest first
            day = _day(chosen.first_published)
        best = chosen.best
        yield Fact(
            "image.known",
            img.subject,
            img.span,
            evidence=chosen.source_url or chosen.name or f"registry entry {chosen.entry_id}",
            match=img.src or "",
            data={
                "index": img.index,
                "src": img.src,
                "label": label,
                "entry": chosen.entry_id,
                "source_url": chosen.source_url,
                "name": chosen.name,
                "notes": chosen.notes or "",
                "first_published": day.isoformat() if day else None,
                "article_date": published.isoformat() if published else None,
                "earlier": (day < published) if day and published else None,
                "days_before": (published - day).days if day and published else None,
                "kind": best.kind,
                "distance": best.distance,
                "transform": best.transform,
                "hits": _hits_text(chosen),
                "entries": len(matches),
                "caption": _caption(img),
            },
        )


def _same_picture(a: ImageRef, b: ImageRef, ctx: Context) -> tuple[bool, str]:
    """Same source, or hashes close enough by the registry's own rule (rules/signals/registry.yml)."""
    if a.src and a.src == b.src:
        return True, "the same source"
    la, lb = ctx.image(a).known, ctx.image(b).known
    if la is None or lb is None or la.hashes is None or lb.hashes is None:
        return False, ""
    settings = la.settings
    found: dict[str, int] = {}
    for kind in settings.kinds:
        ha = la.hashes.values.get(kind)
        if ha is None or kind not in lb.hashes.values:
            continue
        if kind == "pdq" and min(la.hashes.pdq_quality or 0, lb.hashes.pdq_quality or 0) < settings.pdq_min_quality:
            continue
        found[kind] = min(bin(int.from_bytes(ha, "big") ^ int.from_bytes(v, "big")).count("1")
                          for _, v in lb.hashes.queries(kind))
    if not settings.is_match(found):
        return False, ""
    return True, ", ".join(f"{k} distance {d}" for k, d in found.items() if d <= settings.search_radius(k))


def _duplicate_facts(article: Article, ctx: Context) -> Iterable[Fact]:
    images = [i for i in article.images
              if i.src and ((loaded := ctx.image(i)).evidence is not None or loaded.known is not None)]
    for j, later in enumerate(images):
        for earlier in images[:j]:
            same, how = _same_picture(earlier, later, ctx)
            if not same:
                continue
            a, b = _caption(earlier), _caption(later)
            yield Fact(
                "image.duplicate",
                later.subject,
                later.span,
                evidence=f"{b} | {a}",
                match=later.src or "",
                data={
                    "index": later.index,
                    "src": later.src,
                    "other": earlier.index,
                    "other_src": earlier.src,
                    "caption": b or None,
                    "other_caption": a or None,
                    "captions_differ": bool(a and b and a.casefold() != b.casefold()),
                    "how": how,
                },
            )
            break  # one fact per repeated image: the first earlier copy


KNOWN = fact(
    "image.known", "image",
    """A registry entry the image matches, one per image and entry label: for dated labels the earliest
    publication before the article, else the closest match.""",
    *IMAGE_FIELDS,
    text("label", "the entry's label: known-ai, published, agency, stock, do-not-use, or a newsroom's own"),
    integer("entry", "the registry entry's id"),
    text("source_url", "where the entry's image was published", shown="(no URL)"),
    text("name", "the entry's name", shown="(no name)"),
    text("notes", "the entry's notes"),
    text("first_published", "the entry's first publication date (ISO)", shown="unknown"),
    text("article_date", "the article's date (ISO)", shown="unknown"),
    boolean("earlier", "the entry was published before the article", shown="unknown"),
    integer("days_before", "days from the entry's publication to the article's", shown="unknown"),
    enum("kind", "the hash kind of the closest agreeing hash", ("phash", "dhash", "pdq")),
    integer("distance", "that hash's Hamming distance"),
    text("transform", "the transform under which it matched: as-is, mirror-horizontal, a PDQ dihedral …"),
    text("hits", "every agreeing hash with its distance"),
    integer("entries", "how many entries of this label the image matches"),
    text("caption", "the image's caption, alt or label line"),
)
DUPLICATE = fact(
    "image.duplicate", "image",
    """An image that repeats an earlier image of the same article (same source, or hashes the registry's
    rule calls the same picture): one fact per repeat, naming the first earlier copy.""",
    *IMAGE_FIELDS,
    integer("other", "the earlier copy's number"),
    text("other_src", "the earlier copy's src", shown="(no source)"),
    text("caption", "this copy's caption", shown="(no caption)"),
    text("other_caption", "the earlier copy's caption", shown="(no caption)"),
    boolean("captions_differ", "both copies have captions and they differ"),
    text("how", "why they are the same picture: the same source, or the hash distances"),
)


@register("known_images", facts=(KNOWN, DUPLICATE))
def detect(article: Article, ctx: Context) -> Iterable[Fact]:
    """Registry matches per image and label; images repeated within the article."""
    for img in article.images:
        yield from _known_facts(article, img, ctx.image(img).known)
    yield from _duplicate_facts(article, ctx)
