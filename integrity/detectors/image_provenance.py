"""What each image's own bytes say about it, set against what the article says.

Per analysed image: the AI verdict and credentials from
:mod:`integrity.images`, whether the page labels it as AI (the ``ai-label``
lexicon in its alt, caption, credit or label line), and how old its capture
date is against the article date. Per image that could not be loaded: why.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..facts import FieldSpec, boolean, enum, fact, integer, text
from ..images.evidence import AI_VERDICTS, CREDENTIAL_PROBLEMS, CREDENTIAL_STATES, ImageEvidence
from ..model import Article, Fact, ImageRef
from .base import Context, register


def _labelled(img: ImageRef, ctx: Context) -> bool:
    regex = ctx.ruleset.lexicon("ai-label").regex
    return any(t is not None and regex.search(t.text) for t in (img.alt, img.caption, img.credit, img.label))


def _age_days(capture: str | None, published: str | None) -> int | None:
    if not capture or not published:
        return None
    try:
        taken = date.fromisoformat(capture[:10].replace(":", "-"))
        out = date.fromisoformat(published[:10])
    except ValueError:
        return None
    return (out - taken).days


def _strongest(evidence: ImageEvidence, kind: str) -> str:
    signals = [s for s in evidence.signals if s.kind == kind]
    order = {"strong": 0, "medium": 1, "weak": 2}
    signals.sort(key=lambda s: order.get(s.strength, 3))
    return f"{signals[0].source} ({signals[0].where})" if signals else "its metadata"


_EVIDENCE_KIND = {"generated": "generated", "edited": "edited", "possible": "possible"}  # verdict -> signal kind behind it

IMAGE_FIELDS: tuple[FieldSpec, ...] = (
    integer("index", "the image's number in the article, from 1"),
    text("src", "the image's src as the page gives it", shown="(no source)"),
)
PROVENANCE = fact(
    "image.provenance", "image",
    """What an analysed image's own bytes say about its origin, set against what the page says about it.""",
    *IMAGE_FIELDS,
    enum("ai", "the AI verdict from C2PA, IPTC/XMP and generator metadata", AI_VERDICTS),
    boolean("labelled", "the image's alt, caption, credit or label line discloses AI (lexicon ai-label)"),
    enum("credentials", "the Content Credentials' state", CREDENTIAL_STATES),
    enum("problem", "what is wrong with valid-looking credentials", CREDENTIAL_PROBLEMS, shown="none"),
    text("signer", "who signed the credentials", shown="unknown signer"),
    text("generators", "the AI generators the metadata names", many=True, shown="none"),
    text("ai_evidence", "the strongest signal behind the verdict: source (where in the file)"),
    text("capture_date", "when the image was taken, from its metadata", shown="unknown"),
    integer("capture_age_days", "days from the capture date to the article's date", shown="unknown"),
    text("failure_codes", "the active manifest's C2PA validation failure codes", many=True, shown="none"),
)
UNRESOLVED = fact(
    "image.unresolved", "image",
    """An image whose bytes could not be had: missing beside the article, refused, remote with fetching off …""",
    *IMAGE_FIELDS,
    text("code", "why, as a code: image.missing, image.remote, image.refused, image.not-in-archive …"),
    text("reason", "why, in words"),
)
UNREADABLE = fact(
    "image.unreadable", "image",
    """An image whose bytes were had but could not be decoded (truncated, corrupt, a bomb, not an image).""",
    *IMAGE_FIELDS,
    text("reason", "what the decoder said"),
)


@register("image_provenance", facts=(PROVENANCE, UNRESOLVED, UNREADABLE))
def detect(article: Article, ctx: Context) -> Iterable[Fact]:
    """One fact per image: analysed (verdict, credentials, label, age), unresolved, or unreadable."""
    for img in article.images:
        base = {"index": img.index, "src": img.src}
        loaded = ctx.image(img)
        if loaded.unresolved is not None:
            code, reason = loaded.unresolved.code, loaded.unresolved.reason
            # the fingerprint stays put when the folder moves: evidence is the src and code, not the path in the reason
            yield Fact("image.unresolved", img.subject, img.span, img.src or "", code, {**base, "code": code, "reason": reason})
            continue
        ev = loaded.evidence
        if ev is None:
            continue
        problems = [e for e in ev.errors if not e.startswith("metadata:")]
        if problems:  # decoding failed (truncated, corrupt, bomb, not an image); metadata quirks are not that
            yield Fact("image.unreadable", img.subject, img.span, img.src or "", "unreadable",
                       {**base, "reason": "; ".join(problems)[:300]})
        cred = ev.credentials
        labelled = _labelled(img, ctx)
        age = _age_days(ev.capture_date, article.published)
        yield Fact(
            "image.provenance",
            img.subject,
            img.span,
            evidence=", ".join(ev.generators) or cred.state,
            match=img.src or "",
            data={
                **base,
                "ai": ev.ai,
                "labelled": labelled,
                "credentials": cred.state,
                "problem": cred.problem,
                "signer": cred.signer,
                "generators": tuple(ev.generators),
                "ai_evidence": _strongest(ev, _EVIDENCE_KIND.get(ev.ai, "not_ai")),
                "capture_date": ev.capture_date,
                "capture_age_days": age,
                "failure_codes": tuple(cred.failure_codes),
            },
        )
