"""The claims analyser's English is data: a rule folder's lexicons change what it reads.

Each test replaces one built-in lexicon with a copy that differs by one entry,
through a user rule folder (later folders replace a lexicon of the same name),
and shows the analysis of a real sentence change with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from integrity.detectors.claims import ClaimAnalyser
from integrity.ruledata import RuleFileError, builtin_rules_dir
from integrity.rules.load import load_ruleset

BUILTIN = builtin_rules_dir()


def _analyser(tmp_path: Path, name: str, text: str) -> ClaimAnalyser:
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / f"{name}.yml").write_text(text, encoding="utf-8")
    return ClaimAnalyser(load_ruleset([BUILTIN, tmp_path]))


def _builtin(name: str) -> str:
    return (BUILTIN / "lexicons" / f"{name}.yml").read_text(encoding="utf-8")


def test_a_word_added_to_not_a_name_is_no_longer_taken_for_a_source(tmp_path: Path) -> None:
    # not first in the sentence (a lone first word is never taken for a name), so only the lexicon says it is none
    sentence = "The dam, Evidently, is safe, as was announced."
    assert ClaimAnalyser(load_ruleset([BUILTIN])).analyse(sentence).attribution == "named"  # "Evidently" as a name
    extra = "  - {pattern: '(?<!\\w)(?:evidently)(?!\\w)', kind: not-a-name, lang: en, origin: test}\n"
    analyser = _analyser(tmp_path, "function-words", _builtin("function-words") + extra)
    assert analyser.analyse(sentence).attribution == "none"


def test_the_attribution_ranking_is_read_from_its_table(tmp_path: Path) -> None:
    sentence = "The dam will hold, a senior official said, according to Eurostat."
    assert ClaimAnalyser(load_ruleset([BUILTIN])).analyse(sentence).attribution == "named"
    ranking = "name: attribution-ranking\nentries:\n" + "".join(
        f"  - {{phrase: {k}, origin: test}}\n" for k in ("anonymous", "named", "institution", "generic"))
    assert _analyser(tmp_path, "attribution-ranking", ranking).analyse(sentence).attribution == "anonymous"


def test_according_to_is_a_frame_of_the_attribution_frames_lexicon(tmp_path: Path) -> None:
    """The frame's source is the words after it; without the frame only the named-attribution
    form ("according to E…") marks the sentence, and its source is that form itself."""
    sentence = "Prices rose, according to Eurostat."
    before = ClaimAnalyser(load_ruleset([BUILTIN])).analyse(sentence)
    assert [(c.source, c.source_kind) for c in before.cues] == [("Eurostat.", "named")]
    frames = _builtin("attribution-frames").replace("according\\s+to", "as\\s+regards")
    analyser = _analyser(tmp_path, "attribution-frames", frames)
    assert [c.source for c in analyser.analyse(sentence).cues] == ["according to E"]
    assert [c.source for c in analyser.analyse("Prices rose, as regards Eurostat.").cues] == ["Eurostat."]


def test_an_unknown_source_kind_in_the_ranking_is_a_rule_data_error(tmp_path: Path) -> None:
    ranking = "name: attribution-ranking\nentries:\n  - {phrase: named}\n  - {phrase: nmaed}\n"
    with pytest.raises(RuleFileError) as info:
        _analyser(tmp_path, "attribution-ranking", ranking)
    assert info.value.path.endswith("attribution-ranking.yml") and "'nmaed'" in str(info.value)


def test_a_replacement_that_drops_a_kind_is_refused_not_silently_empty(tmp_path: Path) -> None:
    builtin = _builtin("function-words")
    assert builtin.count("    kind: be\n") == 1
    text = builtin.replace("    kind: be\n", "")  # the forms of "to be" stay, with no kind
    with pytest.raises(RuleFileError) as info:
        _analyser(tmp_path, "function-words", text)
    assert "no entry of kind 'be'" in str(info.value)


def test_a_tag_page_link_is_navigation_and_the_listing_paths_are_data(tmp_path: Path) -> None:
    analyser = ClaimAnalyser(load_ruleset([BUILTIN]))
    assert analyser.is_source_link("/politics/2024/report") and not analyser.is_source_link("/tag/politics")
    paths = _builtin("navigation-paths") + "  - {pattern: '/politics', kind: listing}\n"
    assert not _analyser(tmp_path, "navigation-paths", paths).is_source_link("/politics/2024/report")
