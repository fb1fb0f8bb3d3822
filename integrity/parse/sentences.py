"""Sentence boundaries that survive news prose ("Gen.", "U.S.", initials, quotes).

A boundary is end punctuation, optional closing quotes/brackets, white space,
then something that can start a sentence. It is vetoed when the word before
the period is a known abbreviation (``rules/lexicons/abbreviations.yml``) or a
single initial.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Sentence

# markup shown as text (a <plaintext> element, an escaped snippet) closes and opens like quotes do:
# "spring.</p> <p>The" ends a sentence where the reader sees one end
_BOUNDARY = re.compile(r"""([.!?…]+)(["'”’»)\]]*(?:</[A-Za-z][\w-]*>)*)(\s+)(?=(?:<[A-Za-z][\w-]*>)*["'“‘«(\[]?[\w¿¡])""")
_OPEN_TAGS = re.compile(r"^(?:<[A-Za-z][\w-]*>)+")
_WORD_BEFORE = re.compile(r"(\w[\w.'’-]*)$")


def normalise_abbreviations(abbreviations: Iterable[str]) -> frozenset[str]:
    return frozenset(a.casefold().rstrip(".") for a in abbreviations)


def split_sentences(text: str, abbreviations: frozenset[str] = frozenset()) -> tuple[Sentence, ...]:
    """``abbreviations`` as made by :func:`normalise_abbreviations` (casefolded, no final period)."""
    abbrevs = abbreviations
    out: list[Sentence] = []
    start = 0
    n = len(text)
    while start < n and text[start].isspace():
        start += 1
    for m in _BOUNDARY.finditer(text):
        punct_start = m.start(1)
        if m.group(1) == "." and not m.group(2):
            before = _WORD_BEFORE.search(text, max(start, punct_start - 40), punct_start)
            if before:
                word = before.group(1)
                if word.casefold().rstrip(".") in abbrevs:
                    continue
                if len(word) == 1 and word.isupper():  # an initial: "John F. Kennedy"
                    continue
                if "." in word and len(word.replace(".", "")) <= 3:  # "U.S", "a.m"
                    nxt = text[m.end(3) : m.end(3) + 1]
                    if not nxt.isupper():
                        continue
        nxt = _OPEN_TAGS.sub("", text[m.end(3) : m.end(3) + 40], 1)[:2].lstrip("\"'“‘«([")
        if nxt[:1].islower():
            continue
        end = m.end(2)
        if end > start:
            out.append(Sentence(start, end))
        start = m.end(3)
    end = len(text.rstrip())
    if end > start:
        out.append(Sentence(start, end))
    return tuple(out)
