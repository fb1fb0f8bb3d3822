"""Is each editorial photo credited? One ``image.credit`` fact per image.

A credit can come from, in this order: a credit element of the figure or the
image's wrapper; a credit line in the caption ("Photo: …", "(AP Photo/…)",
"Getty Images", "Фото: …"); a credit line next to a label line in a text
article; the page's JSON-LD/microdata ImageObject (``creditText``,
``creator``, ``copyrightHolder``) matched by URL; the image file's own
IPTC/XMP/EXIF credit (``photoshop:Credit``, ``dc:creator``, ``Artist``,
copyright), read by the image analysis stage into ``ImageInput.evidence``
(``Context.images``).

Not every image is an editorial photo. Facts say ``not-editorial`` with the
reason for logos, icons, avatars, sprites and ads (class tokens and URL
patterns from ``rules/lexicons/photo-credit.yml``), tracking pixels and icons
(width or height at most ``small-image-max``), decorative images (``alt=""``
with ``role=presentation``, or ``aria-hidden``), teasers (an image that links
to another page), images outside the article body, page-level images
(``og:image``), label lines of text articles and files that are no image (a video or a PDF in an ``<img>``). The
rule ``credit/missing-photo-credit`` decides what is a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import get_args

from ..facts import boolean, enum, fact, text
from ..images.evidence import ImageEvidence
from ..model import Article, Fact, ImageContext, ImageRef, Text
from ..ruledata.lexicon import lazy_alternation
from ..rules.load import Ruleset
from .base import Context, register
from .image_provenance import IMAGE_FIELDS

# where the caption's last sentence (or a clause after a dash) starts, before "Jane Doe / Agency"
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\s[-–—]\s+)")
_NAME_WORDS_MAX = 5
# lower-case words inside a person's name ("Jane van der Roe", "Ana de la Cruz"); any other lower-case word
# ("Crowds in Gaza City /") makes the words before the slash a caption, not a photographer
_NAME_PARTICLES = frozenset("van der den de da di du del della dos das von zu al el bin ibn la le y".split())


@dataclass(frozen=True)
class CreditVocabulary:
    """The photo-credit lexicon compiled."""

    credit_line: re.Pattern[str]
    agency: re.Pattern[str]
    not_editorial_classes: frozenset[str]
    not_editorial_src: re.Pattern[str]
    small_max: int

    @staticmethod
    def from_ruleset(rs: Ruleset) -> CreditVocabulary:
        lex = rs.lexicon("photo-credit")

        def kind(k: str) -> list[str]:
            return [e.pattern for e in lex.entries if e.kind == k]

        sizes = [int(p) for p in lex.of_kind("small-image-max") if p.isdigit()]
        return CreditVocabulary(
            credit_line=lazy_alternation(kind("credit-line"), re.I),
            agency=lazy_alternation(kind("agency"), 0),
            not_editorial_classes=lex.of_kind("not-editorial-class"),
            not_editorial_src=lazy_alternation(kind("not-editorial-src"), re.I),
            small_max=max(sizes, default=0),
        )

    def find(self, text: str) -> re.Match[str] | None:
        """The first credit line or agency name in ``text``."""
        m = self.credit_line.search(text)
        a = self.agency.search(text)
        if m and a:
            return m if m.start() <= a.start() else a
        return m or a

    def start_of(self, text: str, m: re.Match[str]) -> int:
        """Where the credit found at ``m`` starts: an agency named after "Name /" (the wire form
        "Photographer / Agency" at the end of a caption) takes the photographer's name with it."""
        if not (self.agency.match(text, m.start()) and not self.credit_line.match(text, m.start())):
            return m.start()
        before = text[: m.start()].rstrip()
        if not before.endswith("/"):
            return m.start()
        head = before[:-1].rstrip()
        starts = [x.end() for x in _SENTENCE_START.finditer(head)]
        name_start = starts[-1] if starts else 0
        words = head[name_start:].split()
        # a name: a few capitalised words ("Jane van der Roe" keeps its particles), no sentence inside
        if 1 <= len(words) <= _NAME_WORDS_MAX and words[0][0].isupper() and words[-1][0].isupper() \
                and all(w[0].isupper() or w.casefold() in _NAME_PARTICLES for w in words):
            return name_start
        return m.start()


def not_editorial(img: ImageRef, vocab: CreditVocabulary, evidence: ImageEvidence | None = None) -> str | None:
    """Why an image is not an editorial photo (None when it is one); ``evidence`` gives the size of an unsized one
    and what its file holds: an ``<img>`` (or a markdown image) whose bytes are a video, a PDF … is no photo."""
    if evidence is not None and evidence.kind != "image":
        return evidence.kind  # video, audio, document, manifest: whose footage or file it is is not a photo credit
    if img.context in ("meta", "json-ld"):
        return "page-image"
    if img.context == "text-line" and img.src is None:
        return "text-label"
    if not img.src:
        return "no-source"
    if not img.in_body:
        return "outside-body"
    markers = set(img.markers)
    if "aria-hidden" in markers or ({"alt=empty", "role=presentation"} <= markers):
        return "decorative"
    hit = markers & vocab.not_editorial_classes
    if hit:
        return f"class:{sorted(hit)[0]}"
    if vocab.not_editorial_src.search(img.src):
        return "source-name"
    if "link-to-page" in markers:
        return "teaser"  # the image links to another page: a related story or a promo
    sizes = [d for d in (img.width, img.height) if d is not None]
    if not sizes and evidence is not None:
        sizes = [d for d in (evidence.width, evidence.height) if d is not None]
    if sizes and min(sizes) <= vocab.small_max:
        return "small"
    return None


def _embedded(evidence: ImageEvidence | None) -> str | None:
    """The image file's own credit (IPTC/XMP/EXIF), when the image analysis read the bytes."""
    if evidence is None:
        return None
    credit = evidence.credit
    parts = [p.strip() for p in (credit.credit, *credit.creator, credit.rights) if p and p.strip()]
    return " / ".join(dict.fromkeys(parts)) or None


def credit_of(img: ImageRef, vocab: CreditVocabulary,
              evidence: ImageEvidence | None = None) -> tuple[str, str, Text | None, int, int] | None:
    """(source, credit text, the Text it is in, start, end) of the first credit found."""
    if img.credit is not None and img.credit.text.strip():
        # a credit element that also holds the caption ("… in 2009. (Name/Agency)"): the credit is its line
        t = img.credit.text
        m = vocab.find(t)
        start = len(t) - len(t.lstrip())
        if m is not None:
            at = vocab.start_of(t, m)
            if any(ch.isalnum() for ch in t[:at]):  # words before it: a caption's
                start = at
        return "credit-element", t[start:].strip(), img.credit, start, len(t)
    for field, source in (("caption", "caption"), ("alt", "alt")):
        t: Text | None = getattr(img, field)
        if t is None:
            continue
        m = vocab.find(t.text)
        if m:
            start = vocab.start_of(t.text, m)
            return source, t.text[start:].strip(), t, start, len(t.text)
    if img.metadata_credit:
        return "structured-data", img.metadata_credit, None, 0, 0
    embedded = _embedded(evidence)
    if embedded:
        return "embedded", embedded, None, 0, 0
    return None


CREDIT = fact(
    "image.credit", "image",
    """Whether an image is credited: one per image. Only editorial images need a credit: logos, icons,
    tracking pixels, teasers and decorative images are ``not-editorial`` with the reason.""",
    *IMAGE_FIELDS,
    enum("status", "credited, an editorial image with no credit, or not an editorial image",
         ("credited", "missing", "not-editorial")),
    enum("source", "where the credit was found (credited only)",
         ("credit-element", "caption", "alt", "structured-data", "embedded"), always=False),
    text("credit", "the credit's text (credited only)", always=False),
    boolean("editorial", "a credited image is also an editorial one (credited only)", always=False),
    text("reason", "why the image is not editorial: page-image, decorative, small, teaser, outside-body, "
         "video, audio, document, manifest, class:NAME … (not-editorial only)", always=False),
    enum("context", "where the image sits on the page (missing only)", get_args(ImageContext), always=False),
    boolean("caption", "the image has a caption (missing only)", always=False),
)


@register("photo_credit", facts=(CREDIT,))
def detect(article: Article, ctx: Context) -> Iterable[Fact]:
    """One fact per image: ``credited`` (with source), ``missing``, or ``not-editorial`` (with reason)."""
    vocab: CreditVocabulary = ctx.memo("photo-credit", lambda: CreditVocabulary.from_ruleset(ctx.ruleset))
    for img in article.images:
        evidence = ctx.image(img).evidence
        reason = not_editorial(img, vocab, evidence)
        found = credit_of(img, vocab, evidence)
        values = {"index": img.index, "src": img.src}
        if found is not None:
            source, text, where, start, end = found
            span = article.span_of(where, start, end) if where is not None else img.span
            yield Fact("image.credit", img.subject, span=span, evidence=text, match=text,
                       data={**values, "status": "credited", "source": source, "credit": text,
                             "editorial": reason is None})
        elif reason is not None:
            yield Fact("image.credit", img.subject, span=img.span, evidence=img.src or "",
                       data={**values, "status": "not-editorial", "reason": reason})
        else:
            caption = img.caption.text if img.caption is not None else ""
            yield Fact("image.credit", img.subject, span=img.span, evidence=caption or (img.src or ""),
                       match=img.src or "",
                       data={**values, "status": "missing", "context": img.context,
                             "caption": bool(caption)})
