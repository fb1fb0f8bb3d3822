"""Inline suppressions in HTML and text articles, and reporting those that suppress nothing."""

from __future__ import annotations

import pytest

import integrity
from integrity.model import Report
from tests.conftest import ARTICLES
from tests.writers.canonical_run import PINNED

SEED_HTML = (ARTICLES / "seed-pokrovsk.html").read_text(encoding="utf-8")
SEED_TXT = (ARTICLES / "seed-pokrovsk.txt").read_text(encoding="utf-8")
UNUSED = "integrity/unused-suppression"


def ids(report: Report) -> list[tuple[str, str]]:
    return [(f.rule_id, f.match) for f in report.findings]


def html(source: str) -> Report:
    return integrity.check(source, kind="html", config=PINNED)


def text(source: str) -> Report:
    return integrity.check(source, kind="text", config=PINNED)


def test_the_unsuppressed_seed_has_its_findings() -> None:
    assert ids(html(SEED_HTML)) == [
        ("image/ai-disclosed", "Ai generated image"),
        ("claim/vague-source", "as claimed"),
        ("claim/vague-source", "Recent footage indicates"),
        ("claim/vague-source", "there have been reports"),
        ("credit/empty-byline", "Authors"),
    ]


def test_disable_enable_region_suppresses_only_inside() -> None:
    src = SEED_HTML.replace("<p>Commander", "<!-- integrity-disable claim/vague-source -->\n<p>Commander", 1)
    src = src.replace("<p>The battle", "<!-- integrity-enable claim/vague-source -->\n<p>The battle", 1)
    report = html(src)
    matches = [m for r, m in ids(report) if r == "claim/vague-source"]
    assert matches == ["there have been reports"]
    assert report.stats["suppressed"] == 2
    assert all(r != UNUSED for r, _ in ids(report))


def test_disable_without_enable_runs_to_the_end_and_covers_document_level_findings() -> None:
    doc = "<p>Reports suggest the bridge was hit twice.</p>"
    assert sorted(r for r, _ in ids(html(doc))) == ["claim/vague-source", "credit/missing-byline"]
    report = html("<!-- integrity-disable credit/missing-byline -->\n" + doc)
    assert [r for r, _ in ids(report)] == ["claim/vague-source"]


def test_next_line_suppresses_only_the_next_line() -> None:
    src = SEED_HTML.replace("<p>Recent footage", "<!-- integrity-disable-next-line claim/vague-source -->\n<p>Recent footage", 1)
    matches = [m for r, m in ids(html(src)) if r == "claim/vague-source"]
    assert matches == ["as claimed", "there have been reports"]


def test_globs_and_omitted_rules() -> None:
    src = SEED_HTML.replace("<p>Recent footage", "<!-- integrity-disable-next-line claim/* -->\n<p>Recent footage", 1)
    assert "Recent footage indicates" not in [m for _, m in ids(html(src))]
    everything = html("<!-- integrity-disable -->\n" + SEED_HTML)
    assert ids(everything) == []
    assert everything.score == 100


def test_several_rules_in_one_directive_are_checked_one_by_one() -> None:
    src = SEED_HTML.replace(
        "<p>Recent footage",
        "<!-- integrity-disable-next-line claim/vague-source, image/ai-disclosed -->\n<p>Recent footage",
        1,
    )
    report = html(src)
    unused = [f for f in report.findings if f.rule_id == UNUSED]
    assert [f.match for f in unused] == ["image/ai-disclosed"]
    assert unused[0].severity == "info"
    assert "image/ai-disclosed" in unused[0].message
    loc = unused[0].location
    assert src[loc.offset : loc.end_offset].startswith("<!-- integrity-disable-next-line")


def test_data_integrity_ignore_on_an_element() -> None:
    src = SEED_HTML.replace(
        '<figure class="lead-image">', '<figure class="lead-image" data-integrity-ignore="image/ai-disclosed">', 1
    )
    report = html(src)
    assert "image/ai-disclosed" not in [r for r, _ in ids(report)]
    assert len(report.findings) == 4
    # an empty value ignores every rule inside the element, and nothing outside it
    src = SEED_HTML.replace("<p>Meanwhile", "<p data-integrity-ignore>Meanwhile", 1)
    matches = [m for r, m in ids(html(src)) if r == "claim/vague-source"]
    assert matches == ["as claimed", "Recent footage indicates"]


def test_an_ignore_attribute_that_covers_nothing_is_reported() -> None:
    src = SEED_HTML.replace("<p>The battle", '<p data-integrity-ignore="claim/*">The battle', 1)
    unused = [f for f in html(src).findings if f.rule_id == UNUSED]
    assert len(unused) == 1 and unused[0].match == "claim/*"
    assert src[unused[0].location.offset :].startswith('<p data-integrity-ignore="claim/*">The battle')


def test_unknown_rule_ids_and_ordinary_comments() -> None:
    report = html(
        "<!-- integrity-disable claim/vauge-source -->\n<!-- integrity-disabled is a typo, not a directive -->\n"
        + SEED_HTML
    )
    unused = [f for f in report.findings if f.rule_id == UNUSED]
    assert [f.match for f in unused] == ["claim/vauge-source"]
    assert len(report.findings) == 6  # nothing suppressed, one more finding


def test_text_article_directive_lines() -> None:
    src = SEED_TXT.replace(
        "Ai generated image\nAi generated image\n",
        "[integrity-disable image/ai-disclosed]\nAi generated image\nAi generated image\n[integrity-enable image/ai-disclosed]\n",
        1,
    )
    src = src.replace("\nRecent footage", "\n[integrity-disable-next-line claim/*]\nRecent footage", 1)
    report = text(src)
    assert [m for _, m in ids(report)] == ["as claimed", "there have been reports", "Authors"]
    assert report.stats["suppressed"] == 3
    # the directive lines are not article text: no image label, no paragraph made of them
    assert report.stats["images"] == 2
    assert all("integrity-" not in (i.label or "") for i in report.images)
    base = text(SEED_TXT)
    assert report.stats["blocks"] == base.stats["blocks"]


def test_text_article_html_comment_form_and_unused() -> None:
    src = (
        "<!-- integrity-disable credit/* -->\n"
        + SEED_TXT
        + "\n[integrity-disable-next-line claim/vague-source]\nThe end.\n"
    )
    report = text(src)
    assert "credit/empty-byline" not in [r for r, _ in ids(report)]
    unused = [f for f in report.findings if f.rule_id == UNUSED]
    assert len(unused) == 1
    loc = unused[0].location
    assert src[loc.offset : loc.end_offset] == "[integrity-disable-next-line claim/vague-source]"


@pytest.mark.parametrize("line", ["Please [integrity-disable claim/*] this", "integrity-disable claim/*"])
def test_text_directives_must_be_a_whole_bracketed_line(line: str) -> None:
    src = SEED_TXT.replace("\nRecent footage", f"\n{line}\nRecent footage", 1)
    assert "Recent footage indicates" in [m for _, m in ids(text(src))]


def test_the_unused_rule_can_be_disabled_by_config() -> None:
    from integrity.config import Config

    config = Config(disable=("integrity/unused-suppression", *PINNED.disable), enable=PINNED.enable)
    report = integrity.check("<!-- integrity-disable claim/nothing -->\n" + SEED_HTML, kind="html", config=config)
    assert UNUSED not in [r for r, _ in ids(report)]


REASONED = SEED_HTML.replace(
    "<p>Commander", "<!-- integrity-disable-next-line claim/vague-source -- reason: quoting the ministry's own words -->\n"
    "<p>Commander", 1)
NO_REASON = "integrity/suppression-without-reason"


def test_a_reason_after_double_dash_is_kept_and_is_not_a_rule_name() -> None:
    report = html(REASONED)
    assert report.stats["suppressed"] == 1
    assert all(r != UNUSED for r, _ in ids(report))  # "reason:", "quoting", … were not read as rule ids
    (s,) = report.suppressions
    assert s.directive == "disable-next-line" and s.rules == ("claim/vague-source",)
    assert s.reason == "quoting the ministry's own words" and s.suppressed == ("claim/vague-source",)
    assert REASONED.splitlines()[s.location.line - 1].lstrip().startswith("<!-- integrity-disable-next-line")


@pytest.mark.parametrize("directive, reason", [
    ("[integrity-disable claim/* -- a wire story we do not edit]", "a wire story we do not edit"),
    ("[integrity-disable claim/* -- Reason: wire copy]", "wire copy"),
    ("[integrity-disable claim/*]", None),
    ("[integrity-disable claim/* --]", None),  # an empty reason is no reason
    ("[integrity-disable claim/x--y]", None),  # "--" inside a rule id is not a separator
])
def test_text_directive_reasons(directive: str, reason: str | None) -> None:
    report = text(f"{directive}\n\nReportedly, the dam was mined.\n")
    if directive.endswith("x--y]"):
        assert report.suppressions == () and (UNUSED, "claim/x--y") in ids(report)
        return
    (s,) = report.suppressions
    assert s.reason == reason


def test_a_missing_reason_is_a_finding_only_when_required() -> None:
    src = SEED_HTML.replace("<p>Commander", "<!-- integrity-disable-next-line claim/vague-source -->\n<p>Commander", 1)
    assert NO_REASON not in [r for r, _ in ids(html(src))]  # off by default
    required = integrity.Config(disable=PINNED.disable, enable=(*PINNED.enable, NO_REASON))
    flagged = [f for f in integrity.check(src, kind="html", config=required).findings if f.rule_id == NO_REASON]
    assert len(flagged) == 1 and flagged[0].location is not None and flagged[0].severity == "warning"
    # must not flag: a directive that gives its reason
    assert NO_REASON not in [f.rule_id for f in integrity.check(REASONED, kind="html", config=required).findings]


def test_suppressions_list_command_and_the_scan_flag(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    import subprocess
    import sys

    page = tmp_path / "story.html"
    page.write_text(REASONED.replace(
        "<p>Meanwhile", "<!-- integrity-disable-next-line claim/vague-source -->\n<p>Meanwhile", 1), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "integrity", "suppressions", "list", str(page), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["reason"] for r in rows] == ["quoting the ministry's own words", None]
    assert all(r["suppressed"] == ["claim/vague-source"] for r in rows)
    text_out = subprocess.run([sys.executable, "-m", "integrity", "suppressions", "list", str(page)],
                              capture_output=True, text=True, timeout=120)
    assert "-- (no reason) [hid 1 finding]" in text_out.stdout and "1 without a reason" in text_out.stderr
    gate = subprocess.run([sys.executable, "-m", "integrity", "scan", str(page), "--require-suppression-reason",
                           "--fail-on", "warning", "--format", "concise"], capture_output=True, text=True, timeout=120)
    assert gate.returncode == 1 and f" warning {NO_REASON} " in gate.stdout
