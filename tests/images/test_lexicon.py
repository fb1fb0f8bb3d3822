"""The generator rules file loads, and a broken rule fails at load with its location."""

from __future__ import annotations

import pytest

from integrity.images.lexicon import LexiconError, load_lexicon
from integrity.images.settings import RULES_FILE


def test_bundled_rules_load():
    lex = load_lexicon(RULES_FILE)
    assert {r.generator for r in lex.rules} >= {"automatic1111", "comfyui", "novelai", "midjourney", "google-ai"}
    assert lex.dst_codes["trainedAlgorithmicMedia"] == "generated"


def test_bad_pattern_names_the_rule(tmp_path):
    text = RULES_FILE.read_text().replace("'^NovelAI\\b'", "'^NovelAI(('")
    bad = tmp_path / "ai-generators.yml"
    bad.write_text(text)
    with pytest.raises(LexiconError, match="novelai"):
        load_lexicon(bad)
