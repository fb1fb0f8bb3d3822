"""GitLab Code Quality: the fields GitLab reads, severities, fingerprints unique and line-free."""

from __future__ import annotations

import json

from integrity.model import Run
from integrity.sources.document import Document
from integrity.writers import render
from tests.writers.canonical_run import canonical_run, checker, source_text

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def test_issues_have_what_gitlab_requires() -> None:
    issues = json.loads(render("gitlab", canonical_run()))
    assert isinstance(issues, list) and issues
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in GITLAB_SEVERITIES
        loc = issue["location"]
        assert loc["path"] and ("lines" in loc or "positions" in loc)
        if "lines" in loc:
            assert loc["lines"]["begin"] >= 1
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(fingerprints) == len(set(fingerprints))


def test_severity_mapping_and_positions() -> None:
    issues = json.loads(render("gitlab", canonical_run()))
    seed = [i for i in issues if i["location"]["path"] == "fixtures/articles/seed-pokrovsk.txt"]
    by_rule = {i["check_name"]: i for i in seed}
    assert by_rule["claim/vague-source"]["severity"] == "minor"
    assert by_rule["image/ai-disclosed"]["severity"] == "major"
    assert by_rule["credit/empty-byline"]["severity"] == "critical"
    claim = next(i for i in seed if "as claimed" in i["description"])
    assert claim["location"]["positions"] == {"begin": {"line": 17, "column": 160}, "end": {"line": 17, "column": 170}}
    info = [i for i in issues if i["check_name"] == "integrity/unused-suppression"]
    assert info and info[0]["severity"] == "info"
    missing = [i for i in issues if i["location"]["path"] == "fixtures/articles/missing.html"]
    assert missing[0]["severity"] == "blocker"


def test_fingerprints_do_not_change_when_lines_move() -> None:
    name = "fixtures/articles/seed-pokrovsk.txt"
    text = source_text(name)
    moved = text.replace("Summary\n", "Summary\n\nAn editor's note was added here on Monday.\n\n", 1)

    def prints(t: str) -> set[str]:
        report = checker().check_document(Document(name, t.encode(), "text", None))
        return {i["fingerprint"] for i in json.loads(render("gitlab", Run.of(report)))}

    assert prints(text) == prints(moved)
