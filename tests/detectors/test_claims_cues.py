"""The attribution cues added for PolNeAR (issue 3): what each one catches, and what it must not
treat as attribution. Each sentence is the shape of a real news sentence, not a PolNeAR sentence."""

from __future__ import annotations

import pytest

from tests.detectors.test_claims import A, _rules


def _cue_words(sentence: str) -> list[str]:
    claim = A.analyse(sentence)
    return [sentence[c.start : c.end] for c in claim.cues]


@pytest.mark.parametrize(
    "sentence, kind",
    [
        # verbs of communication, cognition and emotion, a cue right after their subject (cue-verbs.yml)
        ("Trump openly admires the Russian president.", "named"),
        ("The ad references a 1990s tax return.", "institution"),
        ("Johnson did not identify the donors.", "named"),
        ("The appeals court ruled that the purge was unlawful.", "institution"),
        ("Cruz thanked Trump for backing the bill.", "named"),
        # a name before an apposition is the subject
        ("Tom Clarke, a nursing home owner, has been investigating the mine.", "named"),
        # a quotation closed by its speaker and any verb
        ("“We see schools offering parents hope,” the letter reads.", "institution"),
        # a strong reporting verb followed by what was said, whatever its subject
        ("Still, the fund warned that the exit will raise many questions.", "indirect"),
        # documents and events owned by a source
        ("The registration issue was first reported by The Washington Post.", "named"),
        ("In a statement issued Tuesday, Clinton was more circumspect than her colleagues.", "indirect"),
        # quotes credited after a dash, one after another
        ("He represents our greatest shame.” ― Sonya Herridge “During the debate he said it twice.", "named"),
        # an adjective of stance after its subject and "be" (attribution-stance.yml)
        ("Graham has been critical of Trump since the primary.", "named"),
        ("Republicans weren’t too concerned about this shift in strategy.", "named"),
        # "continue" reports speech only with what was said after it
        ("“We will win,” Trump continued.", "named"),
        # the writer's own view: attributed, but to nobody an editor could check
        ("I believe in the good sense of the American people.", "self"),
        # what someone said, owned by them and with content
        ("Politifact seized on Trump’s claim that there were thousands of shootings.", "named"),
    ],
)
def test_new_cues(sentence: str, kind: str) -> None:
    assert A.analyse(sentence).attribution == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "The singer was booed off the stage.",  # passive: no one is the source
        "The McKinley plan is linear.",  # "plan" is a noun here
        "Presidential debate audiences are more reserved than primary ones.",  # "debate" is a noun
        "Health worries have dogged the candidate for weeks.",  # "worries" is a noun
        "The company struggled to contend with users who activated their accounts last Tuesday.",  # owned, no content
        "Correction: October 2, 2016, Sunday.",  # a page label, not a speaker
        "Source: NATO.",
        "The Latest: the storm moves north.",
        "(Reporting by Valerie Volcovici; Additional reporting by Lawrence Hurley.)",  # a credit line
        "Bryant Rousseau and Caryn Wilson contributed reporting.",
        "An attorney for Mills did not immediately respond to requests for comment.",  # said nothing
        '<tweet tweet-id="783499116076687360"><tweet/>.',  # markup
        "The discord left little room for an older view, rooted in its post-war history.",  # "post-": not a frame
        "You know the city well.",  # a turn of phrase
        "To be sure, the issue is complex.",
        "It is impossible to judge his plan without knowing how it would affect him.",  # saying that did not happen
        "Nothing should prevent him from releasing earlier returns.",
        "Not important enough, I guess.",  # the writer's voice, a cognition verb
        "So why do we tolerate it from this man?",
        "Republicans in Congress will continue their legislative attacks.",  # "continue" without what was said
        "It was a critical moment for the campaign.",  # an adjective, but no one's stance
    ],
)
def test_not_attribution(sentence: str) -> None:
    claim = A.analyse(sentence)
    assert claim.cues == (), _cue_words(sentence)


def test_a_plan_does_not_source_a_claim_an_anonymous_source_makes() -> None:
    # "Apple plans" reports an intention; the release date rests on the industry sources
    claim = A.analyse("Apple plans to release a new laptop in 2020, according to industry sources cited by DigiTimes.")
    assert claim.attribution == "anonymous"
    assert any(c.state for c in claim.cues)


def test_an_unjudged_source_does_not_carry_over_to_the_next_claim() -> None:
    html = ('<p class="byline">By Jo Ng</p><p>A radical minority of protesters have responded with violence. '
            "Another man died after he was hit by a brick during a clash.</p>")
    assert _rules(html) == ["claim/unattributed"]


def test_the_anonymous_source_is_still_flagged_beside_a_plan() -> None:
    html = ('<p class="byline">By Jo Ng</p><p>Apple plans to release a new 13-inch laptop in 2020, '
            "according to industry sources.</p>")
    assert _rules(html) == ["claim/anonymous-source"]


@pytest.mark.parametrize(
    "html",
    [
        # must not flag: named sources, "according to", quotes with speakers, linked sources, owned documents
        '<p class="byline">By Jo Ng</p><p>Trump openly admires the Russian president, who has jailed 300 critics.</p>',
        '<p class="byline">By Jo Ng</p><p>The appeals court ruled that 40,000 voters were wrongly removed.</p>',
        '<p class="byline">By Jo Ng</p><p>“Turnout fell by 30 percent,” the letter reads.</p>',
        '<p class="byline">By Jo Ng</p><p>In a statement issued Tuesday, the mayor said 12 people were injured.</p>',
        '<p class="byline">By Jo Ng</p><p>The figure of 3,000 deaths was first reported by The Washington Post.</p>',
    ],
)
def test_new_cues_keep_claims_from_being_flagged(html: str) -> None:
    assert _rules(html) == []


def test_a_noun_of_saying_with_its_topic_is_a_cue_but_names_no_source() -> None:
    claim = A.analyse("Trump has faced questions about business practices at his foundation.")
    assert [c.source_kind for c in claim.cues] == ["topic"]
    assert claim.attribution == "none"  # it says someone asked, not who: no source for a claim
    assert A.analyse("Support for NATO has been a bipartisan cause since 1949.").cues == ()


def test_growing_fears_do_not_source_a_casualty_claim(rules_only: None) -> None:  # the rules path (model: tests/test_claims_model.py)
    html = ('<p class="byline">By Jo Ng</p><p>The dam failed on Monday, fueling worries that '
            "300 people were killed downstream.</p>")
    assert _rules(html) == ["claim/unattributed"]
