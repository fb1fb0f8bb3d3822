"""The generator rules file loads, a broken rule fails at load with its file:line, and a newsroom's
own table in a rule folder replaces the built-in one for every way of analysing an image."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import integrity
from integrity.config import Config
from integrity.images.generator_rules import RulesError, load_generator_rules
from integrity.images.settings import ImageSettings
from integrity.inspect import inspect_image
from integrity.pipeline import Checker
from integrity.ruledata import RuleFileError
from tests.conftest import FIXTURES

BUILTIN = ImageSettings().rules_path()
NOVELAI = FIXTURES / "images" / "sdparsers_novelai1_cropped.png"


def test_bundled_rules_load():
    lex = load_generator_rules(BUILTIN)
    assert {r.generator for r in lex.rules} >= {"automatic1111", "comfyui", "novelai", "midjourney", "google-ai"}
    assert lex.dst_codes["trainedAlgorithmicMedia"] == "generated"


def test_a_source_type_verdict_outside_the_list_fails_at_its_line(tmp_path):
    text = BUILTIN.read_text().replace("    composite: possible\n", "    composite: maybe\n", 1)
    bad = tmp_path / "ai-generators.yml"
    bad.write_text(text)
    with pytest.raises(RulesError, match="codes.composite") as caught:
        load_generator_rules(bad)
    assert caught.value.line == _line_of(text, "composite: maybe")


def test_a_schema_org_name_must_map_to_a_listed_code(tmp_path):
    text = BUILTIN.read_text().replace("MultiFrameComputationalCapture: computationalCapture",
                                       "MultiFrameComputationalCapture: computationalCaptur", 1)
    bad = tmp_path / "ai-generators.yml"
    bad.write_text(text)
    with pytest.raises(RulesError, match="schema_org_names"):
        load_generator_rules(bad)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_bad_pattern_names_the_rule_and_its_line(tmp_path):
    text = BUILTIN.read_text().replace("'^NovelAI\\b'", "'^NovelAI(('")
    bad = tmp_path / "ai-generators.yml"
    bad.write_text(text)
    with pytest.raises(RulesError, match="novelai") as caught:
        load_generator_rules(bad)
    assert isinstance(caught.value, RuleFileError)
    assert (caught.value.path, caught.value.line) == (str(bad), _line_of(text, "'^NovelAI(('"))


def test_unknown_key_is_refused_at_its_line(tmp_path):
    text = BUILTIN.read_text().replace("        strength: strong\n", "        stregth: strong\n", 1)
    bad = tmp_path / "ai-generators.yml"
    bad.write_text(text)
    with pytest.raises(RulesError, match="unknown keys") as caught:
        load_generator_rules(bad)
    assert caught.value.line == _line_of(text, "stregth")
    assert str(caught.value).startswith(f"{bad}:{caught.value.line}: generators.")


def test_bad_yaml_and_unknown_sections_are_file_line_errors(tmp_path):
    bad = tmp_path / "ai-generators.yml"
    bad.write_text(BUILTIN.read_text() + "watermarks: {}\n")
    with pytest.raises(RulesError, match="unknown keys.*watermarks") as caught:
        load_generator_rules(bad)
    assert caught.value.line == bad.read_text().count("\n")
    bad.write_text("generators: [\n")
    with pytest.raises(RuleFileError, match="invalid YAML"):
        load_generator_rules(bad)


def _folder_without_novelai(tmp_path: Path) -> Path:
    """A newsroom's rule folder whose generator table has no NovelAI rules."""
    text = BUILTIN.read_text()
    start, end = text.index("  novelai:\n"), text.index("  invokeai:\n")
    folder = tmp_path / "newsroom-rules"
    (folder / "signals").mkdir(parents=True)
    (folder / "signals" / "ai-generators.yml").write_text(text[:start] + text[end:], encoding="utf-8")
    return folder


def test_a_user_folders_generator_table_decides_the_image_verdict(tmp_path):
    shutil.copy(NOVELAI, tmp_path / "lead.png")
    page = tmp_path / "story.html"
    page.write_text('<html><head><meta name="author" content="Ann Lee"></head><body><article>'
                    '<figure><img src="lead.png" alt="A harbour"><figcaption>The harbour at dawn.</figcaption></figure>'
                    "<p>The harbour reopened on Monday, the port authority said.</p></article></body></html>",
                    encoding="utf-8")
    config = Config(rule_paths=(_folder_without_novelai(tmp_path),))

    def provenance(report: integrity.Report) -> tuple[str | None, list[str]]:
        ev = report.images[0].evidence or {}
        return ev.get("ai"), sorted(f.rule_id for f in report.findings if f.rule_id.startswith("image/"))

    assert provenance(integrity.check(page)) == ("generated", ["image/undisclosed-ai"])
    assert provenance(integrity.check(page, config=config)) == ("unknown", [])
    assert inspect_image(NOVELAI)["ai"] == "generated"
    assert inspect_image(NOVELAI, config=config)["ai"] == "unknown"


def test_a_broken_user_table_stops_the_run_at_load_with_file_line(tmp_path):
    folder = _folder_without_novelai(tmp_path)
    table = folder / "signals" / "ai-generators.yml"
    text = table.read_text().replace("        strength: strong\n", "        stregth: strong\n", 1)
    table.write_text(text)
    with pytest.raises(RulesError) as caught:
        Checker(Config(rule_paths=(folder,)))
    assert (caught.value.path, caught.value.line) == (str(table), _line_of(text, "stregth"))


# The IPTC Digital Source Type scheme's top concepts as its release of 2024-10-23 lists them
# (cv.iptc.org/newscodes/digitalsourcetype), including the 2024 additions; softwareImage is retired
# and deliberately carries no evidence (see test_generators.test_retired_or_unknown_source_type_says_nothing).
IPTC_2024_TERMS = (
    "digitalCapture computationalCapture negativeFilm positiveFilm print minorHumanEdits humanEdits "
    "algorithmicallyEnhanced digitalArt digitalCreation dataDrivenMedia trainedAlgorithmicMedia "
    "algorithmicMedia screenCapture virtualRecording composite compositeCapture compositeSynthetic "
    "compositeWithTrainedAlgorithmicMedia"
).split()


def test_every_current_iptc_and_c2pa_source_type_is_listed():
    from integrity.images.generator_rules import dst_code

    lex = load_generator_rules(BUILTIN)
    missing = [t for t in IPTC_2024_TERMS if dst_code(lex, "http://cv.iptc.org/newscodes/digitalsourcetype/" + t) != t]
    assert missing == []
    for term in ("trainedAlgorithmicData", "empty"):  # the C2PA namespace's own terms
        assert dst_code(lex, "http://c2pa.org/digitalsourcetype/" + term) == term
    assert dst_code(lex, "http://cv.iptc.org/newscodes/digitalsourcetype/softwareImage") not in lex.dst_codes


def test_source_type_verdicts_follow_the_asset_rubrics():
    """The rubrics' GenAI and possibly-GenAI lists (composables/globals-signals.yml) against the table."""
    import yaml

    from integrity.images.generator_rules import dst_code
    from tests.images.image_corpora import corpora_dir

    path = corpora_dir() / "c2pa-conformance" / "asset-rubrics" / "composables" / "globals-signals.yml"
    if not path.is_file():
        pytest.skip(f"corpora not available at {path}")
    variables = yaml.safe_load(path.read_text())
    variables = variables.get("variables", variables)
    lex = load_generator_rules(BUILTIN)
    genai, possibly = variables["$genai_dst_types"], variables["$possibly_genai_dst_types"]
    assert genai and possibly
    assert {lex.dst_codes[dst_code(lex, u)] for u in genai} <= {"generated", "edited"}
    assert {lex.dst_codes[dst_code(lex, u)] for u in possibly} == {"possible"}
