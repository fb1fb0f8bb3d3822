"""What each image's (and each video's) own bytes say about it, set against what the article says.

Per analysed image: the AI verdict and credentials from
:mod:`integrity.images`, whether the page labels it as AI (the ``ai-label``
lexicon in its alt, caption, credit or label line), and how old its capture
date is against the article date. Per image that could not be loaded: why.
A video gets the same facts (subject ``video[N]``): its Content Credentials
are read from its bytes as an image's, its caption, credit and accessible name
are its label places; it has no pixels to analyse, so its verdict is what its
manifest and the page's declaration say.

The page's structured data may declare an image's digital source type
(schema.org ``digitalSourceType`` in JSON-LD or microdata, tied to the image by
URL at parse time). That declaration is machine-readable evidence like the
file's own XMP, read with the same table, and joins the bytes' signals in the
verdict; when the bytes could not be had (a remote image, analysis off) it is
the verdict's only evidence, so a page that declares its picture generated
and says nothing in the caption is an undisclosed AI image either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..facts import FieldSpec, boolean, enum, fact, integer, text
from ..images.evidence import (
    AI_VERDICTS,
    CONFORMANCE_STATUSES,
    CREDENTIAL_PROBLEMS,
    CREDENTIAL_STATES,
    ProductConformance,
    Signal,
)
from ..images.generator_rules import FILE as GENERATOR_RULES
from ..images.generator_rules import GeneratorRules, load_generator_rules
from ..images.generators import declared_signals
from ..images.verdict import decide
from ..model import Article, Fact, ImageRef, VideoRef
from ..rules.kinds import NOT_AFTER_WINDOW
from .base import Context, register

LABEL_PLACES = ("alt", "caption", "credit", "label")  # the image's own text, beside it where a reader sees it


def label_places(img: ImageRef | VideoRef, ctx: Context) -> tuple[str, ...]:
    """Which of the image's (or video's) alt, caption, credit and label line disclose AI (lexicon ai-label).

    A match counts only when it is a label, not the caption's topic: words of lexicon ai-label-topic
    just before it ("how to recognise AI-made pictures") make it what the picture is about (a training
    day, a talk), not what the picture is; the reading rule image/ai-disclosed's ``not_after`` gives the
    same lexicon."""
    regex = ctx.ruleset.lexicon("ai-label").regex
    topic = ctx.ruleset.lexicon("ai-label-topic").regex

    def labels(text: str) -> bool:
        return any(not topic.search(text[max(0, m.start() - NOT_AFTER_WINDOW) : m.start()])
                   for m in regex.finditer(text))

    return tuple(name for name in LABEL_PLACES if (t := getattr(img, name)) is not None and labels(t.text))


def _labelled(img: ImageRef | VideoRef, ctx: Context) -> bool:
    return bool(label_places(img, ctx))


def _age_days(capture: str | None, published: str | None) -> int | None:
    if not capture or not published:
        return None
    try:
        taken = date.fromisoformat(capture[:10].replace(":", "-"))
        out = date.fromisoformat(published[:10])
    except ValueError:
        return None
    return (out - taken).days


def generator_rules(ctx: Context) -> GeneratorRules:
    """The run's generator table (a newsroom's folder over the built-in one), as the image analysis reads it."""
    path = ctx.memo("generator_rules_path", lambda: ctx.ruleset.folders.require(GENERATOR_RULES))
    return load_generator_rules(path)


def declared_of(img: ImageRef | VideoRef, ctx: Context) -> list[Signal]:
    """What the page's structured data declares about the image's (or video's) source, as signals."""
    if not img.metadata_source_type:
        return []
    value = img.metadata_source_type
    return declared_signals(value, f"digitalSourceType {value}", "page-structured-data", generator_rules(ctx))


def _strongest(signals: Iterable[Signal], kind: str) -> str:
    of_kind = [s for s in signals if s.kind == kind]
    order = {"strong": 0, "medium": 1, "weak": 2}
    of_kind.sort(key=lambda s: order.get(s.strength, 3))
    return f"{of_kind[0].source} ({of_kind[0].where})" if of_kind else "its metadata"


def verdict_of(img: ImageRef | VideoRef, ctx: Context) -> tuple[list[Signal], str] | None:
    """The image's (or video's) AI verdict and every signal behind it (its bytes' and the page's declaration),
    as the provenance fact gives them; None when there is neither analysis nor declaration."""
    declared = declared_of(img, ctx)
    ev = ctx.media(img).evidence
    if ev is None:
        return (declared, decide(declared, generator_rules(ctx))) if declared else None
    signals = [*ev.signals, *declared]
    return signals, (decide(signals, generator_rules(ctx)) if declared else ev.ai)


_EVIDENCE_KIND = {"generated": "generated", "edited": "edited", "possible": "possible"}  # verdict -> signal kind behind it

IMAGE_FIELDS: tuple[FieldSpec, ...] = (
    integer("index", "the image's number in the article, from 1 (a video's among the videos: subject video[N])"),
    text("src", "the image's (or video's) src as the page gives it", shown="(no source)"),
)
PROVENANCE = fact(
    "image.provenance", "image",
    """What an analysed image's (or video's) own bytes say about its origin, set against what the page says
    about it.""",
    *IMAGE_FIELDS,
    enum("ai", "the AI verdict from C2PA, IPTC/XMP, generator metadata and the page's structured data", AI_VERDICTS),
    boolean("labelled", "the image's alt, caption, credit or label line discloses AI (lexicon ai-label)"),
    enum("credentials", "the Content Credentials' state", CREDENTIAL_STATES),
    enum("problem", "what is wrong with valid-looking credentials", CREDENTIAL_PROBLEMS, shown="none"),
    boolean("durable", "the active C2PA manifest made its credentials durable (a soft binding, or a watermark "
            "inserted to create one), so they can be found again once the file loses them"),
    text("signer", "who signed the credentials", shown="unknown signer"),
    text("generators", "the AI generators the metadata names", many=True, shown="none"),
    text("ai_evidence", "the strongest signal behind the verdict: source (where in the file)"),
    text("capture_date", "when the image was taken, from its metadata", shown="unknown"),
    integer("capture_age_days", "days from the capture date to the article's date", shown="unknown"),
    text("failure_codes", "the active manifest's C2PA validation failure codes", many=True, shown="none"),
    text("declared_source_type", "the digital source type the page's JSON-LD/microdata declares for the image",
         shown="none"),
    text("rubric_signals", "the active manifest's C2PA Asset Rubrics signals (fullyGenAIMedia, capturedMedia, ...)",
         many=True, shown="none"),
    enum("product", "the signing product on the bundled C2PA Conforming Products List", CONFORMANCE_STATUSES,
         shown="none"),
    text("product_name", "the signing product: its certificate's common name (else organisation)",
         shown="unknown product"),
    text("disallowed_signals", "signals the manifest emits that the Conforming Products List forbids its product",
         many=True, shown="none"),
    text("not_covered", "why the product's list record does not cover this file (a format, a release)",
         many=True, shown="none"),
    also=("video",),
)
UNRESOLVED = fact(
    "image.unresolved", "image",
    """An image (or video) whose bytes could not be had: missing beside the article, refused, remote with
    fetching off …""",
    *IMAGE_FIELDS,
    text("code", "why, as a code: image.missing, image.remote, image.refused, image.not-in-archive …"),
    text("reason", "why, in words"),
    also=("video",),
)
UNREADABLE = fact(
    "image.unreadable", "image",
    """An image (or video) whose bytes were had but could not be read (truncated, corrupt, a bomb, not an
    image or a media file).""",
    *IMAGE_FIELDS,
    text("reason", "what the decoder said"),
    also=("video",),
)


@register("image_provenance", facts=(PROVENANCE, UNRESOLVED, UNREADABLE))
def detect(article: Article, ctx: Context) -> Iterable[Fact]:
    """One fact per image and per video: analysed (verdict, credentials, label, age), unresolved, or unreadable."""
    refs: tuple[ImageRef | VideoRef, ...] = (*article.images, *article.videos)
    for img in refs:
        base = {"index": img.index, "src": img.src}
        loaded = ctx.media(img)
        if loaded.unresolved is not None:
            code, reason = loaded.unresolved.code, loaded.unresolved.reason
            # the fingerprint stays put when the folder moves: evidence is the src and code, not the path in the reason
            yield Fact("image.unresolved", img.subject, img.span, img.src or "", code, {**base, "code": code, "reason": reason})
        ev = loaded.evidence
        verdict = verdict_of(img, ctx)
        if ev is None:
            if verdict is not None:  # the page's own declaration is evidence without the bytes
                yield _provenance(img, article, ctx, *verdict)
            continue
        problems = [e for e in ev.errors if not e.startswith("metadata:")]
        if problems:  # decoding failed (truncated, corrupt, bomb, not an image); metadata quirks are not that
            yield Fact("image.unreadable", img.subject, img.span, img.src or "", "unreadable",
                       {**base, "reason": "; ".join(problems)[:300]})
        signals, ai = verdict if verdict is not None else ([*ev.signals], ev.ai)
        cred = ev.credentials
        yield _provenance(img, article, ctx, signals, ai, ev.generators, ev.capture_date, cred.state, cred.problem,
                          cred.signer, cred.failure_codes, ev.rubric_signals, ev.conformance, cred.durable)


def _provenance(
    img: ImageRef | VideoRef, article: Article, ctx: Context, signals: list[Signal], ai: str, generators: Iterable[str] = (),
    capture_date: str | None = None, credentials: str = "none", problem: str | None = None,
    signer: str | None = None, failure_codes: Iterable[str] = (), rubric_signals: Iterable[str] = (),
    conformance: ProductConformance | None = None, durable: bool = False,
) -> Fact:
    generators = tuple(generators)
    product = conformance.product if conformance else {}
    return Fact(
        "image.provenance",
        img.subject,
        img.span,
        evidence=", ".join(generators) or credentials,
        match=img.src or "",
        data={
            "index": img.index,
            "src": img.src,
            "ai": ai,
            "labelled": _labelled(img, ctx),
            "credentials": credentials,
            "problem": problem,
            "durable": durable,
            "signer": signer,
            "generators": generators,
            "ai_evidence": _strongest(signals, _EVIDENCE_KIND.get(ai, "not_ai")),
            "capture_date": capture_date,
            "capture_age_days": _age_days(capture_date, article.published),
            "failure_codes": tuple(failure_codes),
            "declared_source_type": img.metadata_source_type,
            "rubric_signals": tuple(rubric_signals),
            "product": conformance.status if conformance else None,
            "product_name": product.get("CN") or product.get("O"),
            "disallowed_signals": conformance.disallowed_signals if conformance else (),
            "not_covered": conformance.not_covered if conformance else (),
        },
    )
