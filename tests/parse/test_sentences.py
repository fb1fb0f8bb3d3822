from __future__ import annotations

import pytest

from integrity.api import checker
from integrity.parse.sentences import split_sentences

ABBREV = checker().layout.abbreviations


def _split(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, ABBREV)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gen. Valery Gerasimov said so. He left.", ["Gen. Valery Gerasimov said so.", "He left."]),
        ("John F. Kennedy spoke. Crowds cheered.", ["John F. Kennedy spoke.", "Crowds cheered."]),
        ("The U.S. military said it. Then it left.", ["The U.S. military said it.", "Then it left."]),
        ('"We will hold," he said. "Always."', ['"We will hold," he said.', '"Always."']),
        ("It rose 3.5 percent. Prices fell!", ["It rose 3.5 percent.", "Prices fell!"]),
        ("Really? Yes. At 9 a.m. the bell rang.", ["Really?", "Yes.", "At 9 a.m. the bell rang."]),
    ],
)
def test_news_prose(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # markup shown as text (a <plaintext> element: html5lib tests18-0) ends and opens sentences like quotes
        ("<p>Experts say it will last.</p> <p>The pump was reportedly shut.</p>",
         ["<p>Experts say it will last.</p>", "<p>The pump was reportedly shut.</p>"]),
        ("It rained.</em> Then it stopped.", ["It rained.</em>", "Then it stopped."]),
        # but not where the word after the markup cannot start a sentence, or after an abbreviation
        ("It rose 3 p.c. <b>overall</b> last year.", ["It rose 3 p.c. <b>overall</b> last year."]),
        ("Officials of the U.S. <b>military</b> said so.", ["Officials of the U.S. <b>military</b> said so."]),
    ],
)
def test_literal_markup_around_sentence_ends(text: str, expected: list[str]) -> None:
    assert _split(text) == expected
