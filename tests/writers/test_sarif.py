"""SARIF 2.1.0: validates against the official schema, describes the rules from the
packs, places every result by code-point columns and keeps line-free fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from integrity.baseline import Baseline, document_key
from integrity.model import Run
from integrity.pipeline import TOOL
from integrity.sources.document import Document
from integrity.writers import render
from tests.writers.canonical_run import canonical_run, checker, source_text

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SCHEMA_PATH = SHARED / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def run() -> Run:
    return canonical_run()


@pytest.fixture(scope="module")
def sarif(run: Run) -> dict:
    return json.loads(render("sarif", run))


def _results_for(sarif: dict, uri: str) -> list[dict]:
    return [r for r in sarif["runs"][0]["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri]


def test_validates_against_the_official_schema(sarif: dict) -> None:
    if not SCHEMA_PATH.is_file():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is not beside this clone")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    errors = sorted(validator(schema).iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert sarif["version"] == "2.1.0"


def test_empty_run_validates_too() -> None:
    if not SCHEMA_PATH.is_file():
        pytest.skip("../shared is not beside this clone")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    data = json.loads(render("sarif", Run(tool=TOOL, reports=(), rules=checker().rules)))
    jsonschema.validators.validator_for(schema)(schema).validate(data)
    assert data["runs"][0]["results"] == []


def test_every_result_has_an_explicit_level_mapped_from_severity(sarif: dict) -> None:
    expected = {"info": "note", "warning": "warning", "error": "error", "critical": "error"}
    results = sarif["runs"][0]["results"]
    seen = {r["properties"]["severity"] for r in results}
    assert seen == {"info", "warning", "error", "critical"}
    for r in results:
        assert r["level"] == expected[r["properties"]["severity"]]
        if r["properties"]["severity"] == "critical":
            assert float(r["properties"]["security-severity"]) >= 9.0
        else:
            assert "security-severity" not in r["properties"]


def test_rules_come_from_the_packs(sarif: dict) -> None:
    driver = sarif["runs"][0]["tool"]["driver"]
    rules = {r["id"]: r for r in driver["rules"]}
    ruleset = checker().ruleset
    assert set(rules) == {r.id for r in ruleset.enabled}
    for rule in ruleset.enabled:
        entry = rules[rule.id]
        assert entry["fullDescription"]["text"] == rule.description
        assert entry["defaultConfiguration"]["level"] == {"info": "note", "warning": "warning"}.get(rule.severity, "error")
        if rule.fix:
            assert rule.fix in entry["help"]["text"]
    # the re-levelled rule carries security-severity at rule level too, as GitHub reads it there
    assert "security-severity" in rules["credit/empty-byline"]["properties"]
    for r in sarif["runs"][0]["results"]:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def test_regions_are_one_based_code_point_columns(sarif: dict) -> None:
    assert sarif["runs"][0]["columnKind"] == "unicodeCodePoints"
    for name in ("fixtures/articles/seed-pokrovsk.html", "fixtures/articles/seed-pokrovsk.txt"):
        lines = source_text(name).split("\n")
        results = _results_for(sarif, name)
        assert results
        text = source_text(name)
        for r in results:
            region = r["locations"][0]["physicalLocation"]["region"]
            located = text[region["charOffset"] : region["charOffset"] + region["charLength"]]
            if region["startLine"] != region["endLine"]:  # an element spanning lines (the empty "Authors" section)
                assert "Authors" in located and "snippet" not in region
                continue
            line = lines[region["startLine"] - 1]
            # columns count code points: the curly quotes in the seed are one column each
            assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == located
            if "snippet" in region:
                assert located == region["snippet"]["text"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in _results_for(sarif, "fixtures/articles/seed-pokrovsk.html")]
    matches = {region["snippet"]["text"] for region in regions if "snippet" in region}
    assert {"as claimed", "Recent footage indicates", "there have been reports"} <= matches


def test_partial_fingerprints_survive_lines_moving() -> None:
    c = checker()
    name = "fixtures/articles/seed-pokrovsk.html"
    before = source_text(name)
    after = before.replace("<main>", "<main>\n\n\n<p>A correction was added here on Monday, the editor said.</p>\n", 1)

    def fingerprints(text: str) -> dict[str, int]:
        report = c.check_document(Document(name, text.encode(), "html", None))
        data = json.loads(render("sarif", Run.of(report)))
        return {
            r["partialFingerprints"]["integrity/v1"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in data["runs"][0]["results"]
            if "region" in r["locations"][0]["physicalLocation"]
        }

    old, new = fingerprints(before), fingerprints(after)
    assert set(old) == set(new) and len(old) == 5
    assert all(new[fp] == old[fp] + 4 for fp in old if old[fp] > 15)


def test_documents_that_failed_are_tool_notifications(sarif: dict) -> None:
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["input.missing"]
    assert notes[0]["level"] == "error" and "missing.html" in notes[0]["message"]["text"]


def test_baseline_state_is_set_when_a_baseline_was_used(tmp_path: Path) -> None:
    name = "fixtures/articles/seed-pokrovsk.txt"
    first = checker().check_document(Document(name, source_text(name).encode(), "text", None))
    known = frozenset(f.fingerprint for f in first.findings if f.rule_id != "claim/vague-source")
    from integrity.pipeline import Checker

    c = Checker(checker().config, Baseline(Path.cwd(), {document_key(name, Path.cwd()): known}))
    report = c.check_document(Document(name, source_text(name).encode(), "text", None))
    data = json.loads(render("sarif", Run.of(report)))
    states = {r["ruleId"]: r["baselineState"] for r in data["runs"][0]["results"]}
    assert states == {"claim/vague-source": "new"}


def test_document_level_findings_point_at_the_first_line() -> None:
    report = checker().check_document(Document("a.html", b"<p>Reports suggest the bridge was hit twice.</p>", "html", None))
    data = json.loads(render("sarif", Run.of(report)))
    byline = next(r for r in data["runs"][0]["results"] if r["ruleId"] == "credit/missing-byline")
    assert byline["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert byline["properties"]["documentLevel"] is True
    for r in data["runs"][0]["results"]:
        assert r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1


def test_a_rule_made_from_a_model_judged_finding_has_a_confidence_level() -> None:
    """A finding's confidence may be a model probability; SARIF rule metadata carries a level."""
    from dataclasses import replace

    from integrity.model import Run
    from integrity.writers.sarif import sarif_dict
    from tests.writers.canonical_run import canonical_run

    run = canonical_run()
    report = next(r for r in run.reports if r.findings)
    judged = replace(report, findings=(replace(report.findings[0], rule_id="house/judged", confidence=0.62),))
    data = sarif_dict(Run(tool=run.tool, reports=(judged,), rules=()))
    rule = data["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["properties"]["confidence"] == "medium"
    assert data["runs"][0]["results"][0]["properties"]["confidence"] == 0.62


def _rule_help_uris(tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str) -> dict[str, str | None]:
    from integrity.cli import main

    (tmp_path / "integrity.toml").write_text(config, encoding="utf-8")
    article = Path(__file__).resolve().parents[2] / "fixtures" / "articles" / "seed-pokrovsk.html"
    main(["scan", str(article), "--format", "sarif", "--config", str(tmp_path / "integrity.toml"), "--fail-on", "none"])
    rules = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    return {r["id"]: r.get("helpUri") for r in rules}


def test_help_uri_points_at_the_rules_page_under_the_configured_docs_url(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    uris = _rule_help_uris(tmp_path, capsys, 'docs_url = "https://git.example.org/desk/integrity/blob/v1/docs"\n')
    assert uris["claim/vague-source"] == "https://git.example.org/desk/integrity/blob/v1/docs/rules.md#claim-vague-source"
    page = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule_id, uri in uris.items():  # every link lands on a section of the page
        assert uri is not None and f'<a id="{uri.rsplit("#", 1)[1]}"></a>' in page, rule_id
    assert set(_rule_help_uris(tmp_path, capsys, 'docs_url = "https://docs.example.org/"\n').values()) >= {
        "https://docs.example.org/rules.md#image-undisclosed-ai"}


def test_no_help_uri_without_a_docs_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    uris = _rule_help_uris(tmp_path, capsys, "")
    assert "claim/vague-source" in uris and set(uris.values()) == {None}


@pytest.mark.parametrize("value", ["docs/", "ftp://example.org/docs/", 42, "https://"])
def test_a_docs_url_that_is_not_an_http_url_is_a_config_error(value: object) -> None:
    from integrity.config import Config, ConfigError

    with pytest.raises(ConfigError, match="docs_url must be an http"):
        Config.from_dict({"docs_url": value})
