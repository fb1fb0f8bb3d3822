"""The EU AI Act Article 50 view (``--profile eu-ai-act``) on the hand-made articles of fixtures/article50.

Each page answers one question: how an AI image is disclosed (visible and machine-readable,
one of the two, neither), whether the text carries an AI disclosure, and who holds
editorial responsibility; ``no-ai.html`` holds the look-alikes that must leave the view
empty and the profile's rules silent.
"""

from __future__ import annotations

import json

import pytest

import integrity
from integrity.config import Config, ConfigError
from integrity.detectors.base import FACTS
from integrity.model import Run
from integrity.pipeline import Checker
from integrity.writers import render
from tests.conftest import ROOT

FIXTURES = ROOT / "fixtures" / "article50"
PROFILE = Config(profile="eu-ai-act")
CHECKER = Checker(PROFILE)


def _report(name: str):  # type: ignore[no-untyped-def]
    report = CHECKER.check_file(FIXTURES / name)
    assert report.ok, report.errors
    assert report.article50 is not None
    return report


def _rules(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.rule_id for f in report.findings if f.rule_id.startswith("eu-ai-act/")]


def test_visible_label_and_c2pa_is_disclosed_both_ways() -> None:
    report = _report("both.html")
    (media,) = report.article50.media
    assert (media.index, media.ai, media.disclosure) == (1, "generated", "both")
    assert media.visible_in == ("caption",) and "AI-generated image" in (media.visible_text or "")
    assert media.machine_readable == ("C2PA",)
    assert _rules(report) == ["eu-ai-act/media-disclosed"]


def test_machine_readable_only_names_each_mark() -> None:
    report = _report("machine-readable-only.html")
    answers = {m.index: (m.disclosure, m.machine_readable, m.visible_in) for m in report.article50.media}
    assert answers == {1: ("machine-readable-only", ("C2PA",), ()),
                       2: ("machine-readable-only", ("TC260 AIGC label (XMP)",), ())}
    assert _rules(report) == ["eu-ai-act/media-machine-readable-only"] * 2


def test_generator_parameters_are_evidence_but_no_mark() -> None:
    """A generator's own PNG parameters show the image is AI-made; they are no disclosure mark."""
    visible = _report("visible-only.html").article50.media[0]
    assert visible.disclosure == "visible-only" and visible.machine_readable == ()
    assert any(e.startswith("generator:automatic1111") for e in visible.evidence)
    undisclosed = _report("undisclosed.html")
    (media,) = undisclosed.article50.media
    assert (media.disclosure, media.visible_in, media.machine_readable) == ("none", (), ())
    assert _rules(undisclosed) == ["eu-ai-act/media-undisclosed"]


def test_ai_text_disclosure_with_and_without_a_responsible_editor() -> None:
    edited = _report("ai-text.html").article50.text
    assert edited.status == "disclosed-and-responsibility" and edited.visible
    assert edited.phrase == "This article was written with the help of AI"
    assert [r.name for r in edited.responsibility] == ["Clara Lindqvist"]
    unedited = _report("ai-text-unedited.html")
    assert unedited.article50.text.status == "disclosed" and unedited.article50.text.responsibility == ()
    assert _rules(unedited) == ["eu-ai-act/text-disclosed"]


@pytest.mark.parametrize(("name", "kind", "who"), [
    ("byline-exemption.html", "byline-person", "Priya Nair"),
    ("masthead.html", "masthead", "/impressum"),
])
def test_named_editorial_responsibility(name: str, kind: str, who: str) -> None:
    report = _report(name)
    text = report.article50.text
    assert text.status == "editorial-responsibility" and not text.visible
    assert [(r.kind, r.name) for r in text.responsibility] == [(kind, who)]
    assert report.article50.media == () and _rules(report) == []


def test_no_ai_at_all_flags_nothing() -> None:
    """A camera photo under a caption *about* AI pictures, reporting about AI-written text, "AI chips"."""
    report = _report("no-ai.html")
    assert report.article50.media == ()
    assert report.article50.images_seen == 1
    assert report.article50.text.status == "editorial-responsibility"
    assert _rules(report) == []


@pytest.mark.parametrize(("line", "name"), [
    ("Redigiert von Anna Schmidt", "Anna Schmidt"),
    ("Редактор: Ольга Петренко", "Ольга Петренко"),
    ("Édité par Louise Martin", "Louise Martin"),
    ("Editado por Lucía Gómez", "Lucía Gómez"),
])
def test_an_edited_by_line_names_the_editor(line: str, name: str) -> None:
    html = ("<html><body><article><h1>Harbour</h1><p>The council approved the budget, the mayor's office said.</p>"
            f"<p>{line}</p></article></body></html>")
    text = integrity.check(html, config=PROFILE).article50.text
    assert [(r.kind, r.name) for r in text.responsibility] == [("edited-by", name)]


def test_an_edited_by_line_read_as_the_byline_is_named_once() -> None:
    html = ("<html><body><article><h1>Harbour</h1><p>The council approved the budget, the mayor's office said.</p>"
            "<p>Edited by the Europe desk</p></article></body></html>")
    text = integrity.check(html, config=PROFILE).article50.text
    assert [(r.kind, r.name) for r in text.responsibility] == [("byline-desk", "the Europe desk")]


def test_prose_about_an_editor_is_no_responsibility() -> None:
    html = ("<html><body><article><h1>Harbour</h1><p>The council approved the budget, the mayor's office said.</p>"
            "<p>The film was edited by hand over three weeks, the director said.</p></article></body></html>")
    text = integrity.check(html, config=PROFILE).article50.text
    assert text.status == "neither" and text.responsibility == ()


def test_facts_conform_to_their_declarations() -> None:
    from integrity.parse import parse_document
    from integrity.sources.file import read_document

    for page in sorted(FIXTURES.glob("*.html")):
        doc = read_document(page, PROFILE.max_document_bytes)
        article = parse_document(doc, CHECKER.layout)
        facts, errors = CHECKER.facts(article, CHECKER.load_images(article, doc))
        assert errors == []
        assert FACTS.check([f for f in facts if f.kind.endswith("article50")], CHECKER.ruleset.lexicons) == []


def test_without_the_profile_there_is_no_section_and_no_eu_rule() -> None:
    report = Checker().check_file(FIXTURES / "undisclosed.html")
    assert report.article50 is None and _rules(report) == []
    assert json.loads(render("json", Run.of(report)))["reports"][0]["article50"] is None


def test_a_config_disable_wins_over_the_profile() -> None:
    report = Checker(Config(profile="eu-ai-act", disable=("eu-ai-act/media-undisclosed",))).check_file(
        FIXTURES / "undisclosed.html")
    assert _rules(report) == [] and report.article50 is not None
    assert report.article50.media[0].disclosure == "none"


def test_an_unknown_profile_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown profile 'eu-ai'"):
        Config.from_dict({"profile": "eu-ai"})


def test_findings_cite_the_article_and_paragraph() -> None:
    rules = [r for r in CHECKER.rules if r.pack == "eu-ai-act"]
    assert len(rules) == 7
    for rule in rules:
        assert rule.help and "Art. 50(" in rule.help and "2024/1689" in rule.help, rule.id


def test_writers_show_the_section() -> None:
    run = Run.of(_report("machine-readable-only.html"), _report("ai-text.html"))
    text = render("text", run)
    md = render("md", run)
    html = render("html", run)
    for out in (text, md, html):
        assert "EU AI Act, Article 50" in out
        assert "TC260 AIGC label" in out
    assert "machine-readable only (no visible label)" in text
    assert "| image 1 | images/ai-signed.jpg | generated | machine-readable only" in md
    assert "<h3 class=article50>" in html and "Clara Lindqvist" in html


def test_videos_declared_ai_in_json_ld_are_answered_like_images() -> None:
    report = _report("video.html")
    answers = [(m.media, m.index, m.disclosure, m.visible_in) for m in report.article50.media]
    assert answers == [("video", 1, "both", ("caption",)), ("video", 2, "machine-readable-only", ())]
    assert report.article50.media[0].machine_readable == ("schema.org digitalSourceType (JSON-LD/microdata)",)
    assert report.article50.videos_seen == 3  # the declared camera capture is counted, not answered
    assert _rules(report) == ["eu-ai-act/video-disclosed", "eu-ai-act/video-machine-readable-only"]
