"""The article says its own text was made with AI: a text label, as Article 50(4) of the EU AI Act asks.

The words are the ``text`` entries of the ``ai-label`` lexicon (the same
lexicon as the image labels: one place for AI-disclosure wording, in six
languages). They speak of the article itself ("This article was written with
the help of AI", "Dieser Text wurde mit KI erstellt") or stand as a label at
the start of a line ("AI-generated summary"), so reporting about AI-written
text does not match. Where the words sit decides what they label: in an
image's caption, alt, credit or label line they are that image's label (the
image provenance detector reads them there), anywhere else in the page — the
body, a note above or below it — they are about the text. One fact per
document, at the first such disclosure: it is a property of the article, not
of a sentence.

The label may also be machine-readable: the article node of the page's
JSON-LD or microdata can declare its own ``digitalSourceType``
(``TrainedAlgorithmicMediaDigitalSource``). A declaration the generator table
reads as generated or edited makes the fact too, with or without visible
words; the fact says which of the two the page has. So may the Content
Credentials the page attaches to itself (a C2PA manifest store in its head,
read by the pipeline): when the manifest's actions make the page generated or
edited by the image table's reading (``c2pa.created`` with
``trainedAlgorithmicMedia``), that is a machine-readable text label as well;
``credentials_ai`` holds the actions that say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..facts import boolean, enum, fact, text
from ..images.generator_rules import FILE as GENERATOR_RULES
from ..images.generator_rules import dst_code, load_generator_rules
from ..model import Article, Block, Fact
from .article_credentials import manifest_ai
from .base import Context, register

_BLOCK_KINDS = ("heading", "paragraph", "list_item", "quote", "caption", "label", "byline", "other")

DISCLOSURE = fact(
    "text.ai_disclosure", "document",
    """The article discloses that its own text was written, summarised or translated with AI (lexicon ai-label, kind text).""",
    text("phrase", "the visible disclosure as the page words it", shown="none"),
    enum("block", "the kind of text block the visible disclosure stands in", _BLOCK_KINDS, shown="none"),
    boolean("in_body", "the visible disclosure stands in the article body (not in a page region around it)", shown="none"),
    boolean("visible", "readers see a disclosure (the page's text says it)"),
    text("declared_source_type", "the AI digitalSourceType the page's structured data declares for the article itself",
         shown="none"),
    text("credentials_ai", "the AI actions of the C2PA manifest the page attaches to itself (action: source type)",
         many=True, shown="none"),
)
_AI_TEXT = ("generated", "edited")  # what a declared source type must count as to label the text as AI-made


def _regex(ctx: Context) -> re.Pattern[str]:
    return ctx.memo("ai-label:text", lambda: ctx.ruleset.lexicon("ai-label").regex_of_kind("text"))


def _image_texts(article: Article) -> set[str]:
    """The text of every image's caption, alt, credit and label line: a disclosure there labels the image."""
    return {t.text.strip() for img in article.images for t in (img.alt, img.caption, img.credit, img.label) if t}


def _declared_ai(article: Article, ctx: Context) -> str | None:
    """The article node's declared source type, when the generator table counts it as AI-made."""
    value = article.declared_source_type
    if not value:
        return None
    path = ctx.memo("generator_rules_path", lambda: ctx.ruleset.folders.require(GENERATOR_RULES))
    rules = load_generator_rules(path)
    code = dst_code(rules, value)
    return value if code and rules.dst_codes.get(code) in _AI_TEXT else None


@register("ai_text_disclosure", facts=(DISCLOSURE,))
def detect(article: Article, ctx: Context) -> Iterable[Fact]:
    """The first block outside the images' own text that discloses AI-made text, and/or the article's
    machine-readable declaration."""
    declared = _declared_ai(article, ctx)
    credentials = _credentials_ai(ctx)
    regex = _regex(ctx)
    beside_images = _image_texts(article)
    for block in article.blocks:
        if block.kind == "caption" or block.text.strip() in beside_images:
            continue
        m = regex.search(block.text)
        if m:
            yield _fact(article, block, m, declared, credentials)
            return
    if declared or credentials:
        shown = declared or "; ".join(credentials)
        span = ctx.page.reference.span if not declared and ctx.page is not None else None
        yield Fact("text.ai_disclosure", "document", span, evidence=shown, match=shown,
                   data={"phrase": None, "block": None, "in_body": None, "visible": False,
                         "declared_source_type": declared, "credentials_ai": credentials})


def _credentials_ai(ctx: Context) -> tuple[str, ...]:
    """The page's own manifest's actions that make it generated or edited (none: the manifest says no such thing)."""
    ai, behind = manifest_ai(ctx)
    return behind if ai in _AI_TEXT else ()


def _fact(article: Article, block: Block, m: re.Match[str], declared: str | None, credentials: tuple[str, ...]) -> Fact:
    phrase = m.group(0).strip()
    return Fact(
        "text.ai_disclosure",
        "document",
        article.span_of(block.content, m.start(), m.end()),
        evidence=block.text[:300],
        match=phrase,
        data={"phrase": phrase, "block": block.kind, "in_body": block.in_body, "visible": True,
              "declared_source_type": declared, "credentials_ai": credentials},
    )
