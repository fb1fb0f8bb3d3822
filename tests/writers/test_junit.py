"""JUnit XML: a suite per document, a case per rule, unreadable documents as errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from integrity.writers import render
from tests.writers.canonical_run import HOSTILE_NAME, canonical_run, checker


def test_one_suite_per_document_and_one_case_per_rule() -> None:
    run = canonical_run()
    root = ET.fromstring(render("junit", run, fail_on="warning").encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == [r.document.source for r in run.reports]
    rule_ids = [r.id for r in checker().ruleset.enabled]

    seed = suites["fixtures/articles/seed-pokrovsk.txt"]
    cases = {c.get("name"): c for c in seed.findall("testcase")}
    assert list(cases) == rule_ids
    failed = {name for name, c in cases.items() if c.find("failure") is not None}
    assert failed == {"claim/vague-source", "credit/empty-byline", "image/ai-disclosed"}
    claims = cases["claim/vague-source"].find("failure")
    assert claims is not None and claims.get("type") == "warning" and claims.get("message", "").startswith("3 findings:")
    assert "17:160" in (claims.text or "") and "as claimed" in (claims.text or "")
    assert seed.get("tests") == str(len(rule_ids)) and seed.get("failures") == "3" and seed.get("errors") == "0"

    clean = suites["fixtures/articles/clean-council-budget.html"]
    assert clean.get("failures") == "0" and all(c.find("failure") is None for c in clean.findall("testcase"))


def test_unreadable_documents_are_errors() -> None:
    root = ET.fromstring(render("junit", canonical_run()).encode("utf-8"))
    missing = next(s for s in root.findall("testsuite") if s.get("name") == "fixtures/articles/missing.html")
    error = missing.find("testcase/error")
    assert error is not None and error.get("type") == "input.missing"
    assert missing.get("errors") == "1" and root.get("errors") == "1"
    assert int(root.get("failures", "0")) == sum(int(s.get("failures", "0")) for s in root.findall("testsuite"))


def test_hostile_text_stays_well_formed_xml() -> None:
    xml = render("junit", canonical_run())
    assert "\x01" not in xml
    root = ET.fromstring(xml.encode("utf-8"))  # raises on anything malformed
    hostile = next(s for s in root.findall("testsuite") if s.get("name") == HOSTILE_NAME)
    failure = hostile.find("testcase[@name='image/ai-disclosed']/failure")
    assert failure is not None


def test_findings_below_the_gate_are_output_not_failures() -> None:
    """A passing gate never shows failing test cases: with the default gate (error) the seed's warnings
    are listed in ``<system-out>``; with no severity gate nothing fails."""
    run = canonical_run()
    seed_of = lambda xml: next(  # noqa: E731
        s for s in ET.fromstring(xml.encode("utf-8")).findall("testsuite")
        if s.get("name") == "fixtures/articles/seed-pokrovsk.txt")
    default = seed_of(render("junit", run))
    cases = {c.get("name"): c for c in default.findall("testcase")}
    assert {n for n, c in cases.items() if c.find("failure") is not None} == {"credit/empty-byline", "image/ai-disclosed"}
    claims = cases["claim/vague-source"]
    assert claims.find("failure") is None and "as claimed" in (claims.findtext("system-out") or "")
    assert default.get("failures") == "2"
    no_gate = seed_of(render("junit", run, fail_on=None))
    assert no_gate.get("failures") == "0" and no_gate.find("testcase/failure") is None
    assert len(no_gate.findall("testcase/system-out")) == 3


def test_a_score_gate_is_a_test_case() -> None:
    run = canonical_run()
    root = ET.fromstring(render("junit", run, fail_on=None, fail_under=95).encode("utf-8"))
    by_doc = {s.get("name"): s.find("testcase[@name='score']") for s in root.findall("testsuite")}
    seed, clean = by_doc["fixtures/articles/seed-pokrovsk.txt"], by_doc["fixtures/articles/clean-council-budget.html"]
    assert seed is not None and seed.find("failure") is not None
    assert clean is not None and clean.find("failure") is None
