"""General sourcing signals of issue 17: what each one flags, and the look-alikes it must leave alone.
Each sentence is the shape of a real news sentence, not a sentence of the labelled corpus."""

from __future__ import annotations

import pytest

from tests.detectors.test_claims import _rules


def _page(*paragraphs: str) -> str:
    return '<p class="byline">By Jo Ng</p>' + "".join(f"<p>{p}</p>" for p in paragraphs)


# --- a. agentless passive attribution: "X is said to", "soll … haben", "dit-on" -------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "The general is said to have fled the capital on Monday.",
        "Some 200 soldiers are believed to remain at the base.",
        "The rebels are reported to have seized the airport.",
        "The commander is thought to be hiding in the mountains.",
        "The mayor is alleged to have taken bribes from contractors.",
        "Among the dead were said to be three children.",
        "The firm is expected to cut 300 jobs this week.",
        "The governor is widely seen as the front-runner for the nomination.",
        "The militia has been accused of blocking aid to the camp.",
        "According to reports, the bar is offering oxygen to anyone who pays for it.",
        "Der General soll das Land schon im Mai verlassen haben.",
        "Le général a quitté le pays en mai, dit-on.",
        "Se dice que el general huyó del país en mayo.",
        "Si dice che il generale sia fuggito a maggio.",
        "Говорят, что генерал бежал из страны в мае.",
        "Кажуть, що генерал втік з країни у травні.",
    ],
)
def test_agentless_passive_is_a_vague_source(sentence: str) -> None:
    assert _rules(_page(sentence)) == ["claim/vague-source"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The theft was reported to police on Monday morning.",  # a report made to someone
        "The theft was reported to the board in May.",
        "The general is said to have fled, Defence Minister Ben Wallace said on Monday.",  # a named source covers it
        "Die neue Brücke soll im Jahr 2025 fertig sein.",  # a plan, not hearsay
        "The road is known to flood in spring.",
        "The report, which was claimed to be a forgery, was published in May by the Daily Example.",
        "The militia has been accused by the United Nations of blocking aid to the camp.",  # the accuser is named
        "According to reports by the city council, the bar is offering oxygen to anyone who pays for it.",
    ],
)
def test_passives_that_are_not_hearsay_are_not_vague(sentence: str) -> None:
    assert "claim/vague-source" not in _rules(_page(sentence))


# --- b. the quotations that continue an anonymous speaker ----------------------------------------
def test_a_quotation_continuing_an_anonymous_speaker_keeps_the_anonymous_source() -> None:
    html = _page('"The talks are dead," one official said. "Nobody in the cabinet wants a deal," he added. '
                 '"They will walk out on Friday."')
    assert _rules(html) == ["claim/anonymous-source"] * 3


def test_a_quotation_continuing_a_named_speaker_is_not_flagged() -> None:
    html = _page('"The talks are dead," Defence Minister Ben Wallace said. "Nobody in the cabinet wants a deal," '
                 'he added. "They will walk out on Friday."')
    assert _rules(html) == []


def test_a_named_speaker_takes_over_from_the_anonymous_one() -> None:
    html = _page('"The talks are dead," one official said. "Nobody wants a deal," Defence Minister Ben Wallace said. '
                 '"They will walk out on Friday."')
    assert _rules(html) == ["claim/anonymous-source"]


def test_the_anonymous_speaker_does_not_cover_the_next_paragraph() -> None:
    html = _page('"The talks are dead," one official said.', '"Nobody in the cabinet wants a deal."')
    assert _rules(html) == ["claim/anonymous-source"]


# --- d. demonyms are not names ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, rule",
    [
        ("The talks collapsed on Monday, Chinese officials said.", "claim/anonymous-source"),
        ("French diplomats say the deal is close.", "claim/anonymous-source"),
        ("The convoy was hit twice near the border, a Syrian commander said.", "claim/anonymous-source"),
        ("Russian soldiers said the convoy was hit twice near the border.", "claim/vague-source"),
        ("Iranians say the deal is dead.", "claim/vague-source"),
        ("The drought will last into spring, Chinese researchers said.", "claim/vague-source"),
        ("North Korean officials said the missile flew 600 kilometres.", "claim/anonymous-source"),
        ("The general was arrested at his home, Russian state television reported.", "claim/vague-source"),
    ],
)
def test_a_demonym_does_not_name_a_source(sentence: str, rule: str) -> None:
    assert _rules(_page(sentence)) == [rule]


@pytest.mark.parametrize(
    "sentence",
    [
        "China's foreign ministry said the talks collapsed on Monday.",  # a named body
        "The Chinese foreign ministry said the talks collapsed on Monday.",
        "The convoy was hit twice near the border, Russian Defence Minister Sergei Shoigu said.",  # a named person
        "Chinese President Xi Jinping said the talks would resume in May.",
        "South African President Cyril Ramaphosa said the talks would resume in May.",
    ],
)
def test_a_named_source_with_a_demonym_is_still_named(sentence: str) -> None:
    assert _rules(_page(sentence)) == []


def test_a_body_or_thing_from_somewhere_is_not_a_crowd() -> None:
    from tests.detectors.test_claims import A

    # "the American" points back to someone named; "American public schools" are not people saying anything
    assert A.analyse("The American said the convoy was hit twice.").attribution == "pronoun"
    assert "generic" not in {c.source_kind for c in A.analyse("American public schools saw a 19 percent rise.").cues}


def test_a_hedge_inside_a_quotation_is_the_speakers() -> None:
    from tests.detectors.test_claims import A

    assert A.analyse("“What needs to be done next is that he is seen as the element of change.”").vague == ()
    assert A.analyse("He is seen as the element of change.").vague != ()


def test_a_body_named_by_its_demonym_is_still_a_source() -> None:
    from tests.detectors.test_claims import A

    claim = A.analyse("The campaign included members of the Saudi government, which has strongly denied any role.")
    assert [c.source_kind for c in claim.cues] == ["named"]


# --- f. a name that only acts is not a source: the verb must frame what it said ---------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "Northwind Airlines offered to fly the stranded passengers home on Friday.",
        "The Greenvale campaign released a new advertisement attacking the mayor.",
        "Governor Lindqvist has promised a veto and a special session of the legislature.",
        "The Harbour Trust is releasing a second batch of documents this week.",
        "Mayor Okafor is hoping to win back the suburban voters she lost.",
    ],
)
def test_a_named_actor_without_an_attribution_frame_is_not_a_source(sentence: str) -> None:
    from tests.detectors.test_claims import A

    claim = A.analyse(sentence)
    assert claim.attribution == "none"
    assert claim.cues  # still a cue (the PolNeAR attribution-sentence count keeps it), with no source


@pytest.mark.parametrize(
    "sentence",
    [
        "Northwind Airlines said it would fly the stranded passengers home on Friday.",  # a verb of saying
        "Governor Lindqvist promised that the veto would come before the session.",  # a content clause
        "The deal is off, Northwind Airlines announced.",  # the verb closes its clause
        "Governor Lindqvist has accused the council of hiding the figures.",  # a weak reporting verb keeps its subject
        "The Harbour Trust released a statement: “We will not sell the pier.”",  # a quotation follows
    ],
)
def test_a_named_source_with_an_attribution_frame_still_governs(sentence: str) -> None:
    from tests.detectors.test_claims import A

    assert A.analyse(sentence).attribution in ("named", "institution")


@pytest.mark.parametrize(
    "sentence",
    [
        "Revenue from eSports is already huge, but growth is expected to slow next year.",
        "Video games are on track to be the next big spectator sport, and eSports is seen as a growth market.",
    ],
)
def test_a_capital_inside_a_word_is_no_name(sentence: str) -> None:
    from tests.detectors.test_claims import A

    assert A.analyse(sentence).attribution != "named"


def test_a_whole_capitalised_word_beside_one_is_still_a_name() -> None:
    from tests.detectors.test_claims import A

    claim = A.analyse("Revenue from eSports at Activision is already huge, but growth is expected to slow next year.")
    assert [c.source for c in claim.cues] == ["Activision"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The bank has gone well beyond what it is required to do, challenging itself to lend only to green firms.",
    ],
)
def test_a_source_that_is_not_the_verbs_subject_needs_a_frame(sentence: str) -> None:
    from tests.detectors.test_claims import A

    assert A.analyse(sentence).attribution == "none"


def test_a_source_that_is_not_the_verbs_subject_still_counts_with_a_content_clause() -> None:
    from tests.detectors.test_claims import A

    assert A.analyse("Still, the fund warned that the exit will raise many questions.").attribution == "indirect"


# --- an unnamed spokesperson of a named body (claims guide: V), and a source that said nothing ----
@pytest.mark.parametrize(
    "sentence",
    [
        "A spokeswoman for the Harbour Authority said the pier would stay closed until June.",
        "A Northfield Council spokesperson told reporters the budget had been cut by a third.",
        "The governor's spokesman said the bill would be vetoed on Friday.",
        "A spokesperson at Western Command questioned the figures, noting that the count was incomplete.",
    ],
)
def test_an_unnamed_spokesperson_is_an_anonymous_source(sentence: str) -> None:
    assert _rules(_page(sentence)) == ["claim/anonymous-source"]


@pytest.mark.parametrize(
    "sentence",
    [
        "A spokeswoman, Ana Ruiz, said the pier would stay closed until June.",
        "Council spokesman Tom Beck said the budget had been cut by a third.",
        "Tom Beck, a spokesman for the council, said the budget had been cut by a third.",
        "A spokesperson for the council declined to comment.",
        "The ministry did not respond to requests for comment, and a spokesman could not be reached for comment.",
    ],
)
def test_a_named_spokesperson_or_no_comment_is_not_anonymous(sentence: str) -> None:
    assert "claim/anonymous-source" not in _rules(_page(sentence))
