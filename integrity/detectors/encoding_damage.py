"""The document's text is damaged: bytes its encoding does not hold, or NUL bytes, in a page that is read anyway.

A browser shows such a page: each run of undecodable bytes as U+FFFD, NULs
dropped (``parse.decode`` reads it the same way and records the damage in
``Article.decoding``). The page is checked, but the words at the damage are
not the words the author wrote, so a claim or a name there may be misread;
the fact says how much was lost and where the first damage is, for the
editor to find and re-save the file. One fact per document, none for a clean
one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import get_args

from ..facts import enum, fact, integer, text
from ..model import Article, EncodingSource, Fact
from .base import Context, register

DAMAGED = fact(
    "document.encoding_damaged", "document",
    """The document was read with damage: bytes that are no character of its encoding (read as U+FFFD)
    or NUL bytes (dropped by the HTML parser, U+FFFD in a text file).""",
    text("encoding", "the encoding the text was decoded with (the WHATWG Encoding standard's name)"),
    enum("chosen_by", "what chose the encoding: byte order mark, transport header, <meta> (prescan or "
         "reparse), valid or mostly valid UTF-8, the windows-1252 fallback, or text given by the caller",
         get_args(EncodingSource)),
    integer("replaced", "bytes that could not be decoded"),
    integer("replacements", "the U+FFFD characters those bytes became (one per run of undecodable bytes)"),
    integer("nuls", "NUL bytes in the text"),
    integer("line", "the line of the first damaged character"),
    integer("column", "the column of the first damaged character"),
)
_AROUND = 40  # characters of context each side of the first damage, in the evidence


@register("encoding_damage", facts=(DAMAGED,))
def detect(article: Article, ctx: Context) -> Iterable[Fact]:
    """One fact when the decoding of the article's bytes replaced or met NUL bytes."""
    decoding = article.decoding
    if decoding is None or decoding.first is None:
        return
    at = decoding.first
    span = article.lines.span(at, at + 1)
    start, end = max(0, at - _AROUND), min(len(article.text), at + 1 + _AROUND)
    line_start = article.text.rfind("\n", 0, at) + 1
    line_end = article.text.find("\n", at)
    evidence = article.text[max(start, line_start) : end if line_end < 0 else min(end, line_end)]
    yield Fact(
        DAMAGED.name, "document", span, evidence=evidence.replace("\x00", "\ufffd").strip(),
        match=article.text[at],
        data={"encoding": decoding.encoding, "chosen_by": decoding.source, "replaced": decoding.replaced,
              "replacements": decoding.replacements, "nuls": decoding.nuls, "line": span.line,
              "column": span.column},
    )
