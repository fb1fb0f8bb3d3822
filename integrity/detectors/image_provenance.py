"""What each image's own bytes say about it, set against what the article says.

Per analysed image: the AI verdict and credentials from
:mod:`integrity.images`, whether the page labels it as AI (the ``ai-label``
lexicon in its alt, caption, credit or label line), and how old its capture
date is against the article date. Per image that could not be loaded: why.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

from ..images.evidence import ImageEvidence
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


@register("image_provenance", produces=("image.provenance", "image.unresolved", "image.unreadable"))
def detect(article: Article, ctx: Context) -> Iterable[Fact]:
    """One fact per image: analysed (verdict, credentials, label, age), unresolved, or unreadable."""
    for img in article.images:
        base = {"index": img.index, "src": img.src or "(no source)"}
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
                "problem": cred.problem or "none",
                "signer": cred.signer or "unknown signer",
                "generators": ", ".join(ev.generators) or "none",
                "ai_evidence": _strongest(ev, "generated") if ev.ai == "generated" else _strongest(ev, "edited") if ev.ai == "edited" else _strongest(ev, "not_ai"),
                "capture_date": ev.capture_date or "unknown",
                "capture_age_days": age if age is not None else "unknown",
                "failure_codes": ", ".join(cred.failure_codes) or "none",
            },
        )
