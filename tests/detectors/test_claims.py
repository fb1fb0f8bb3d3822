"""The claims analyser: cues and source kinds, and the facts it must not produce."""

from __future__ import annotations

import pytest

import integrity
from integrity.api import checker
from integrity.detectors.claims import ClaimAnalyser

A = ClaimAnalyser(checker().ruleset)


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("Commander-in-Chief Oleksandr Syrskyi of Ukraine has confirmed that special forces are involved.", "named"),
        ("The vote passed, Mayor Elena Ruiz said.", "named"),
        ("The vote passed, said Elena Ruiz, the mayor.", "named"),
        ("Prices rose, according to Eurostat.", "named"),
        ("Prices rose, the ministry said in a statement.", "institution"),
        ("A report by the agency found that rivers flooded.", "institution"),
        ("The dam will hold, a senior official said.", "anonymous"),
        ("The dam will hold, people familiar with the matter said.", "anonymous"),
        ("Critics argue that the dam will fail.", "generic"),
        ("He added that the dam would hold.", "pronoun"),
        ("The dam was built in 1950.", "none"),
    ],
)
def test_source_kinds(sentence: str, kind: str) -> None:
    assert A.analyse(sentence).attribution == kind


def test_nouns_that_look_like_verbs_are_not_cues() -> None:
    assert A.analyse("The presidential debate drew 80 million viewers.").cues == ()
    assert A.analyse("The United States sent aid.").cues == ()


def test_verbs_inside_a_quotation_are_the_speakers_not_the_articles() -> None:
    claim = A.analyse('"I think we will win," Ruiz said.')
    assert [text for text in ("said",) if any(c for c in claim.cues)] and all(c.source == "Ruiz" for c in claim.cues)


def _rules(html: str) -> list[str]:
    return [f.rule_id for f in integrity.check(html, kind="html").findings if f.rule_id.startswith("claim/")]


def test_carry_over_inside_a_paragraph() -> None:
    assert _rules('<p class="byline">By Jo Ng</p><p>Police said two men were arrested. Both were charged with 3 counts of fraud.</p>') == []


def test_a_link_to_the_source_attributes_the_sentence() -> None:
    assert (
        _rules(
            '<p class="byline">By Jo Ng</p><p>Unemployment <a href="https://stats.example/q3">rose to 7 percent</a>'
            " in the third quarter.</p>"
        )
        == []
    )
    assert _rules('<p class="byline">By Jo Ng</p><p>Unemployment rose to 7 percent in the third quarter.</p>') == [
        "claim/unattributed"
    ]


def test_honest_background_is_not_asked_for_a_source(rules_only: None) -> None:  # the rules path (model: tests/test_claims_model.py)
    html = '<p class="byline">By Jo Ng</p><p>The city sits on the Dnipro river. The mayor took office in May and walks to work.</p>'
    assert _rules(html) == []


def test_findings_say_which_source_and_class() -> None:
    """Issue 17: each claim finding names its cue and the source phrase with its class, per clause."""
    import integrity

    page = (
        "<article><p>The deal could collapse if the minister resigns, people familiar with the negotiations say.</p>"
        "<p>Defence Minister Ben Wallace said the road was open, but a senior army officer said the convoy had turned back.</p>"
        "<p>Goldman Sachs analysts expect the central bank to cut rates in March.</p></article>"
    )
    msgs = [f.message for f in integrity.check(page, kind="html").findings if f.rule_id.startswith("claim/")]
    assert any("anonymous source: 'people familiar with the negotiations' (cue 'say')" in m for m in msgs), msgs
    assert any("anonymous source: 'a senior army officer'" in m for m in msgs), msgs
    assert not any("Goldman" in m for m in msgs), msgs
