"""The EU AI Act Article 50 questions, answered per article (the ``eu-ai-act`` profile).

Per image or video with AI evidence (the image provenance verdict, the same signals):
is the disclosure visible at the first exposure — the ``ai-label`` lexicon in
its alt, caption, credit or label line, the text a reader sees beside it — and
is it machine-readable — a signal behind the verdict that is a standard mark
(C2PA, IPTC, TC260, schema.org ``digitalSourceType``; which ones is data,
``integrity/data/article50.toml``). Per document: does the page disclose that
its text was made with AI (the ai_text_disclosure detector's answer), and does a
named person or desk hold editorial responsibility — the byline, an "Edited
by" line, a link to the masthead (lexicon ``editorial-responsibility``) — which
is what Article 50(4) exempts human-reviewed text by. The facts say what the
page shows; what that means under the Regulation is said by the profile's
rules, citing the paragraph, and :mod:`integrity.article50` builds the
report's section from the same facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from ..article50 import MEDIA_FACT, TEXT_FACT, VIDEO_FACT, load_data
from ..facts import FieldSpec, boolean, enum, fact, integer, text
from ..images.evidence import AI_VERDICTS, Signal
from ..model import Article, Block, Byline, Fact, ImageRef, Span, VideoRef
from . import ai_text_disclosure
from .base import Context, register
from .byline import choose_byline
from .image_provenance import LABEL_PLACES, label_places, verdict_of

DISCLOSURES = ("both", "machine-readable-only", "visible-only", "none")
TEXT_STATUSES = ("disclosed", "editorial-responsibility", "disclosed-and-responsibility", "neither")
RESPONSIBILITY_KINDS = ("byline-person", "byline-desk", "edited-by", "masthead")
_NAME_END = re.compile(r"[.;|•·\n]|\s[-–—]\s|$")
_MAX_NAME = 80


def _media_fields(what: str) -> tuple[FieldSpec, ...]:
    return (
        integer("index", f"the {what}'s number in the article, from 1"),
        text("src", f"the {what}'s src as the page gives it", shown="(no source)"),
        enum("media", "image or video", ("image", "video")),
        enum("ai", "the AI verdict (as image.provenance gives it; for a video, from the page's declaration)",
             AI_VERDICTS),
        enum("disclosure", "both; machine-readable-only; visible-only; none (undisclosed)", DISCLOSURES),
        boolean("visible", "a reader sees an AI label beside it at first exposure"),
        enum("visible_in", "where the visible label stands", LABEL_PLACES, many=True, shown="nowhere"),
        text("visible_text", "the text that carries the visible label", shown="none"),
        boolean("machine_readable", "a standard machine-readable mark says it is AI-made"),
        text("marks", "the machine-readable marks (C2PA, IPTC, TC260, schema.org …)", many=True, shown="none"),
        text("evidence", "every signal behind the verdict: source (where)", many=True, shown="none"),
    )


MEDIA = fact(
    MEDIA_FACT, "image",
    """An image with AI evidence, and how it is disclosed: visibly beside it, machine-readably, both or neither.""",
    *_media_fields("image"),
)
VIDEO = fact(
    VIDEO_FACT, "video",
    """A video with AI evidence (its own Content Credentials, when its bytes were read, or the schema.org
    digitalSourceType the page's structured data declares on its VideoObject), and how it is disclosed: visibly
    beside it (caption, credit, accessible name), machine-readably, both or neither.""",
    *_media_fields("video"),
)
TEXT = fact(
    TEXT_FACT, "document",
    """The article's text: an AI-text disclosure, a named person or desk holding editorial responsibility, both or neither.""",
    enum("status", "disclosed; editorial-responsibility; disclosed-and-responsibility; neither", TEXT_STATUSES),
    boolean("disclosed", "the page discloses AI-made text, visibly or in its structured data"),
    boolean("visible", "readers see the AI-text disclosure"),
    text("phrase", "the visible AI-text disclosure", shown="none"),
    text("declared_source_type", "the AI digitalSourceType the page declares for the article itself", shown="none"),
    enum("responsibility", "what names who holds editorial responsibility", RESPONSIBILITY_KINDS, many=True,
         shown="nothing"),
    text("responsible", "who holds it, in the same order: the names, the desk, the masthead page", many=True,
         shown="nobody named"),
)


@register("article50", facts=(MEDIA, VIDEO, TEXT))
def detect(article: Article, ctx: Context) -> Iterable[Fact]:
    """One fact per image or video with AI evidence, and one about the article's text."""
    data = load_data()
    for img in article.images:
        verdict = verdict_of(img, ctx)
        if verdict is None or verdict[1] not in data.ai_verdicts:
            continue
        yield _media(img, ctx, *verdict)
    for video in article.videos:  # its own Content Credentials (when its bytes were read) and the page's declaration
        verdict = verdict_of(video, ctx)
        if verdict is None or verdict[1] not in data.ai_verdicts:
            continue
        yield _media(video, ctx, *verdict)
    yield _text(article, ctx)


def _media(img: ImageRef | VideoRef, ctx: Context, signals: list[Signal], ai: str) -> Fact:
    data = load_data()
    places = label_places(img, ctx)
    ai_kinds = ("generated", "edited", "possible")
    marks: list[str] = []
    evidence: list[str] = []
    for s in signals:
        if s.kind not in ai_kinds:
            continue
        evidence.append(f"{s.source} ({s.where})")
        mark = data.mark_of(s.source)
        if mark is not None and mark.standard:
            marks.append(mark.mark)
    marks = list(dict.fromkeys(marks))
    visible, readable = bool(places), bool(marks)
    disclosure = ("both" if visible and readable else "visible-only" if visible
                  else "machine-readable-only" if readable else "none")
    shown = next((getattr(img, p).text for p in places), None)
    video = isinstance(img, VideoRef)
    return Fact(
        VIDEO_FACT if video else MEDIA_FACT, img.subject, img.span,
        evidence=shown or ", ".join(marks) or (evidence[0] if evidence else ""),
        match=img.src or "",
        data={"index": img.index, "src": img.src, "media": "video" if video else "image", "ai": ai, "disclosure": disclosure,
              "visible": visible, "visible_in": places, "visible_text": shown[:300] if shown else None,
              "machine_readable": readable, "marks": tuple(marks), "evidence": tuple(dict.fromkeys(evidence))},
    )


def _text(article: Article, ctx: Context) -> Fact:
    disclosure = next(iter(ai_text_disclosure.detect(article, ctx)), None)
    held = _responsibility(article, ctx)
    disclosed = disclosure is not None
    status = ("disclosed-and-responsibility" if disclosed and held else "disclosed" if disclosed
              else "editorial-responsibility" if held else "neither")
    d = disclosure.data if disclosure is not None else {}
    span: Span | None = disclosure.span if disclosure is not None else None
    return Fact(
        TEXT_FACT, "document", span,
        evidence=(disclosure.evidence if disclosure is not None else "; ".join(n for _, n in held)),
        match=(disclosure.match if disclosure is not None else ""),
        data={"status": status, "disclosed": disclosed, "visible": bool(d.get("visible")),
              "phrase": d.get("phrase"), "declared_source_type": d.get("declared_source_type"),
              "responsibility": tuple(k for k, _ in held), "responsible": tuple(n for _, n in held)},
    )


def _responsibility(article: Article, ctx: Context) -> list[tuple[str, str]]:
    """Who the page names as holding editorial responsibility: byline, "Edited by" lines, masthead link."""
    held: list[tuple[str, str]] = []
    byline = choose_byline(article, ctx.layout).byline
    if byline.status in ("person", "institutional") and byline.names:
        held.append(("byline-person" if byline.status == "person" else "byline-desk", ", ".join(byline.names)))
    lexicon = ctx.ruleset.lexicon("editorial-responsibility")
    cue = ctx.memo("editorial-responsibility:edited-by", lambda: lexicon.regex_of_kind("edited-by"))
    for block in article.blocks:
        m = cue.search(block.text)
        if m is None:
            continue
        rest = block.text[m.end():]
        name = rest[: _NAME_END.search(rest).start()].strip(" ,:")[:_MAX_NAME]  # type: ignore[union-attr]
        if any(c.isupper() for c in name):  # a name, not a phrase that goes on in lower case
            if not _is_byline_line(article, block, byline):  # the byline reader took this line already
                held.append(("edited-by", name))
            break
    masthead = ctx.memo("editorial-responsibility:masthead", lambda: lexicon.regex_of_kind("masthead-path"))
    for href in article.links:
        if masthead.search(urlsplit(href).path or ""):
            held.append(("masthead", href))
            break
    return held


def _is_byline_line(article: Article, block: Block, byline: Byline) -> bool:
    where = byline.evidence.location if byline.evidence is not None else None
    if where is None or not block.text:
        return False
    span = article.span_of(block.content)
    return span.offset < where.end_offset and where.offset < span.end_offset
