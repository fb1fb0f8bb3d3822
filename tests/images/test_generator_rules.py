"""The generator rules file loads, and a broken rule fails at load with its location."""

from __future__ import annotations

import pytest

from integrity.images.generator_rules import RulesError, load_generator_rules
from integrity.images.settings import RULES_FILE


def test_bundled_rules_load():
    lex = load_generator_rules(RULES_FILE)
    assert {r.generator for r in lex.rules} >= {"automatic1111", "comfyui", "novelai", "midjourney", "google-ai"}
    assert lex.dst_codes["trainedAlgorithmicMedia"] == "generated"


def test_bad_pattern_names_the_rule(tmp_path):
    text = RULES_FILE.read_text().replace("'^NovelAI\\b'", "'^NovelAI(('")
    bad = tmp_path / "ai-generators.yml"
    bad.write_text(text)
    with pytest.raises(RulesError, match="novelai"):
        load_generator_rules(bad)


def test_unknown_key_is_refused(tmp_path):
    text = RULES_FILE.read_text().replace("        strength: strong\n", "        stregth: strong\n", 1)
    bad = tmp_path / "ai-generators.yml"
    bad.write_text(text)
    with pytest.raises(RulesError, match="unknown keys"):
        load_generator_rules(bad)
