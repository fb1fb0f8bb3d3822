"""Plain-text articles, shaped like a web page copied to text.

The seed shows the shape: an optional marker line ("Article"), a title, a date
line, section headings ("Summary", "Authors", "Related"), and short label lines
("Ai generated image") standing where the images were. Paragraphs are runs of
non-blank lines; a run of short lines without end punctuation is a column of
separate lines (labels, bylines), not one paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..locations import LineIndex, OffsetMap, OffsetMapBuilder
from ..model import Article, Author, AuthorCandidate, Block, CreditSlot, ImageRef, Text
from .dates import find_date
from .layout import Layout
from .sentences import split_sentences

_SHORT_WORDS = 12
_TITLE_WORDS = 30
_END_PUNCT = re.compile(r"[.!?…:;\"”’»)]\s*$")


@dataclass
class _Line:
    text: str
    start: int  # offset of the first non-blank character


def _lines(source: str) -> list[_Line | None]:
    """Lines with their offsets; ``None`` for a blank line."""
    out: list[_Line | None] = []
    pos = 0
    for raw in source.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        if pos == 0 and body.startswith("\ufeff"):  # the byte order mark is no text: blank it, offsets kept
            body = " " + body[1:]
        stripped = body.strip()
        if stripped:
            out.append(_Line(stripped, pos + (len(body) - len(body.lstrip()))))
        else:
            out.append(None)
        pos += len(raw)
    return out


def _groups(lines: list[_Line | None]) -> list[list[_Line]]:
    groups: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line is None:
            if current:
                groups.append(current)
                current = []
        else:
            current.append(line)
    if current:
        groups.append(current)
    return groups


def _is_short(line: _Line) -> bool:
    return len(line.text.split()) <= _SHORT_WORDS and not _END_PUNCT.search(line.text)


def _is_title(unit: list[_Line]) -> bool:
    return len(unit) == 1 and len(unit[0].text.split()) <= _TITLE_WORDS and not unit[0].text.endswith(".")


def _content(lines: list[_Line]) -> Text:
    b = OffsetMapBuilder()
    for i, line in enumerate(lines):
        if i:
            b.add(" ", lines[i - 1].start + len(lines[i - 1].text), line.start)
        b.add_verbatim(line.text, line.start)
    text, omap = b.build()
    return Text(text, omap)


def _single(line: _Line) -> Text:
    return Text(line.text, OffsetMap.identity(line.start, len(line.text)))


def parse_text(source: str, name: str, layout: Layout) -> Article:
    lines = LineIndex(source)
    units: list[list[_Line]] = []
    for group in _groups(_lines(source)):
        if len(group) > 1 and all(_is_short(g) for g in group):
            units.extend([g] for g in group)
        else:
            units.append(group)

    blocks: list[Block] = []
    images: list[ImageRef] = []
    authors: list[AuthorCandidate] = []  # a text's names are read from its byline lines and sections: one group each
    slots: list[CreditSlot] = []
    title: str | None = None
    published: str | None = None
    section: str | None = None  # kind of the last heading seen
    byline_heading: tuple[Text, list[Text]] | None = None
    seen_body = False
    credit_next_to = -2  # index of the last label line (a credit line right after it is its credit)
    credit_only = -2  # index of the last credit line that had no label line before it

    def close_byline_section() -> None:
        nonlocal byline_heading
        if byline_heading is None:
            return
        heading, contents = byline_heading
        span = lines.span(heading.map.start(0), heading.map.end(len(heading.text)))
        if not contents:
            slots.append(CreditSlot("byline", heading.text, span, None))
        for c in contents:
            slots.append(CreditSlot("byline", heading.text, span, c))
            read_with = len({a.group for a in authors})  # the next group's number
            for name_ in layout.split_names(c.text):
                author = Author(
                    name_,
                    "text:authors-section",
                    layout.author_kind(name_),
                    lines.span(c.map.start(0), c.map.end(len(c.text))),
                )
                authors.append(AuthorCandidate(author, "text", heading.text, read_with))
        byline_heading = None

    for k, unit in enumerate(units):
        content = _content(unit) if len(unit) > 1 else _single(unit[0])
        text = content.text
        if k == 0 and layout.is_marker(text):
            continue
        heading_kind = layout.heading_kind(text)
        if heading_kind:
            close_byline_section()
            section = heading_kind
            if heading_kind == "byline-heading":
                byline_heading = (content, [])
            blocks.append(Block("heading", content, in_body=False))
            continue
        if byline_heading is not None:
            byline_heading[1].append(content)
            blocks.append(Block("byline", content, in_body=False))
            continue
        in_body = section != "end-heading"
        short = len(unit) == 1 and _is_short(unit[0])
        if title is None and not seen_body and _is_title(unit) and not find_date(text):
            title = text
            blocks.append(Block("heading", content, in_body=False))
            continue
        if published is None and not seen_body and short and find_date(text):
            published = find_date(text)
            blocks.append(Block("other", content, in_body=False))
            continue
        prefix = layout.byline_prefix(text) if short else None
        if prefix is not None and not seen_body:
            rest = text[prefix:].strip()
            read_with = len({a.group for a in authors})  # the next group's number
            for name_ in layout.split_names(rest):
                author = Author(
                    name_,
                    "byline",
                    layout.author_kind(name_),
                    lines.span(content.map.start(0), content.map.end(len(text))),
                )
                authors.append(AuthorCandidate(author, "text", text[:prefix].strip(), read_with))
            blocks.append(Block("byline", content, in_body=False))
            continue
        span = lines.span(content.map.start(0), content.map.end(len(text)))
        if in_body and len(unit) == 1 and layout.is_credit_line(text):
            # "Photo: …" / "Фото: …" beside a label line credits that image; alone, it stands for an image
            if images and credit_next_to == k - 1 and images[-1].credit is None:
                images[-1] = replace(images[-1], credit=content)
            else:
                images.append(ImageRef(index=len(images) + 1, src=None, context="text-line", span=span, credit=content))
                credit_only = k
            blocks.append(Block("caption", content, in_body=False))
            continue
        if short and in_body:
            if images and credit_only == k - 1 and images[-1].label is None:
                images[-1] = replace(images[-1], label=content, span=span)  # the credit line came first
            else:
                images.append(ImageRef(index=len(images) + 1, src=None, context="text-line", span=span, label=content))
            credit_next_to = k
            blocks.append(Block("label", content, in_body=False))
            continue
        seen_body = seen_body or in_body
        blocks.append(Block("paragraph", content, split_sentences(text, layout.abbreviations), in_body=in_body))
    close_byline_section()

    return Article(
        source=name,
        kind="text",
        text=source,
        lines=lines,
        title=title,
        published=published,
        author_candidates=tuple(authors),
        credit_slots=tuple(slots),
        blocks=tuple(blocks),
        images=tuple(images),
    )
