"""Plain text shaped like a web page copied to text."""

from __future__ import annotations

from integrity.api import checker
from integrity.parse import parse_text
from tests.conftest import ARTICLES


def _article(source: str):  # type: ignore[no-untyped-def]
    return parse_text(source, "t.txt", checker().layout)


def test_seed_structure() -> None:
    a = _article((ARTICLES / "seed-pokrovsk.txt").read_text(encoding="utf-8"))
    assert a.title.startswith("Ukraine’s Special Forces")
    assert a.published == "2025-11-02"
    assert [i.label.text for i in a.images] == ["Ai generated image", "Ai generated image"]
    assert [s.label for s in a.credit_slots] == ["Authors"] and a.credit_slots[0].content is None
    assert a.author_candidates == ()
    body = [b for b in a.blocks if b.in_body and b.kind == "paragraph"]
    assert len(body) == 7  # the summary and six paragraphs before "Authors"


def test_authors_section_with_names() -> None:
    a = _article("Title here\n\n1 May 2024\n\nSome text that is a full sentence.\n\nAuthors\n\nAnn Lee, Bo Chan\n\nRelated\n")
    assert [x.author.name for x in a.author_candidates] == ["Ann Lee", "Bo Chan"]
    assert all(s.content is not None for s in a.credit_slots)


def test_wrapped_paragraph_lines_join_and_keep_offsets() -> None:
    src = "Headline\n\nThe council met on Monday and\nit is believed the vote passed.\n"
    a = _article(src)
    (block,) = [b for b in a.blocks if b.kind == "paragraph"]
    assert block.text == "The council met on Monday and it is believed the vote passed."
    i = block.text.index("it is believed")
    span = a.span_of(block.content, i, i + len("it is believed"))
    assert src[span.offset : span.end_offset] == "it is believed"
    assert (span.line, span.column) == (4, 1)


def test_byline_prefix_line() -> None:
    a = _article("Headline\n\nBy Ann Lee and Bo Chan\n\nA sentence of body text here.\n")
    assert [(x.author.name, x.author.where) for x in a.author_candidates] == [("Ann Lee", "byline"), ("Bo Chan", "byline")]
