"""``integrity rules facts`` and docs/facts.md come from the detectors' declarations, and the page is current."""

from __future__ import annotations

import json

import pytest

from integrity.catalogue_doc import catalogue_markdown
from integrity.cli import main
from integrity.detectors import FACTS
from integrity.pipeline import Checker
from tests.conftest import ROOT


def test_docs_page_is_current() -> None:
    rs = Checker().ruleset
    want = catalogue_markdown(FACTS, rs.rules, rs.lexicons) + "\n"
    got = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
    assert got == want, "docs/facts.md is stale: run `integrity rules facts --format md > docs/facts.md`"


def test_rules_facts_json_lists_every_fact_with_its_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "facts", "--format", "json"]) == 0
    records = {r["fact"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(records) == set(FACTS.names())
    byline = records["credit.byline"]
    assert "credit/missing-byline" in byline["rules"]
    status = next(f for f in byline["fields"] if f["name"] == "status")
    assert status["values"] == ["person", "institutional", "empty", "missing"]
    kinds = next(f for f in records["claim.unattributed"]["fields"] if f["name"] == "kind")
    assert kinds["values_from"] == "needs-source" and "figure" in kinds["values"]  # read from the lexicon


def test_rules_explain_names_the_fact_and_its_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "explain", "image/old-capture-date"]) == 0
    out = capsys.readouterr().out
    assert "image.provenance" in out and "capture_age_days" in out
