"""JUnit XML for CI test-report views (GitLab, Jenkins, Azure DevOps, CircleCI).

One ``testsuite`` per document and one ``testcase`` per rule. The report
fails exactly what the gate fails, so a CI view never shows red tests for a
build that passed: a rule's case fails when the document has a finding of
that rule at or above ``fail_on`` (the severity gate; ``None`` means no
severity gate), and findings below it are listed in the case's
``<system-out>``, visible but not failing. With a score gate
(``fail_under``) a ``score`` case fails for a document below it. A document
that could not be scanned is a suite with one errored case. Article text is escaped by the XML serialiser
after dropping the characters XML 1.0 cannot hold at all.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from ..config import DEFAULT_FAIL_ON
from ..model import Finding, Report, Run, severity_rank
from .common import where

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(text: object) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group(0)):04x}", str(text))


def _rule_ids(run: Run, report: Report) -> list[str]:
    ids = [r.id for r in run.rules]
    ids += sorted({f.rule_id for f in report.findings} - set(ids))
    return ids


def _failure_text(findings: list[Finding]) -> str:
    return "\n".join(
        f"{where(f.location)} {f.severity}: {f.message}" + (f"\n    evidence: {f.evidence}" if f.evidence else "")
        for f in findings
    )


def _suite(run: Run, report: Report, fail_on: str | None, fail_under: int | None) -> ET.Element:
    source = report.document.source
    suite = ET.Element("testsuite", name=_x(source))
    if not report.ok:
        err = report.errors[0] if report.errors else None
        case = ET.SubElement(suite, "testcase", name="scan", classname=_x(source))
        error = ET.SubElement(case, "error", message=_x(err.message if err else report.document.status),
                              type=_x(err.code if err else report.document.status))
        error.text = _x(f"{source}: not scanned ({report.document.status})")
        suite.attrib.update(tests="1", failures="0", errors="1", skipped="0")
        return suite
    ids = _rule_ids(run, report) or ["integrity"]
    failures = 0
    for rule_id in ids:
        case = ET.SubElement(suite, "testcase", name=_x(rule_id), classname=_x(source))
        hits = [f for f in report.findings if f.rule_id == rule_id]
        failing = [f for f in hits if fail_on is not None and severity_rank(f.severity) >= severity_rank(fail_on)]
        passing = [f for f in hits if f not in failing]
        if failing:
            failures += 1
            worst = max((f.severity for f in failing), key=severity_rank)
            n = len(failing)
            failure = ET.SubElement(case, "failure", message=_x(f"{n} finding{'' if n == 1 else 's'}: {failing[0].message}"),
                                    type=worst)
            failure.text = _x(_failure_text(failing))
        if passing:
            ET.SubElement(case, "system-out").text = _x(_failure_text(passing))
    tests = len(ids)
    if fail_under is not None and report.score is not None:
        tests += 1
        case = ET.SubElement(suite, "testcase", name="score", classname=_x(source))
        if report.score < fail_under:
            failures += 1
            ET.SubElement(case, "failure", message=_x(f"score {report.score} is below {fail_under}"), type="score")
    suite.attrib.update(tests=str(tests), failures=str(failures), errors="0", skipped="0")
    props = ET.Element("properties")
    ET.SubElement(props, "property", name="score", value=str(report.score))
    ET.SubElement(props, "property", name="fail_on", value=fail_on or "none")
    suite.insert(0, props)
    return suite


def write(run: Run, *, fail_on: str | None = DEFAULT_FAIL_ON, fail_under: int | None = None,
          gates: Mapping[str, tuple[int | None, str | None]] | None = None) -> str:
    """``gates`` maps a document's source to its own (fail_under, fail_on) when files have different
    configs (the CLI's per-file config discovery); others use ``fail_on``/``fail_under``."""
    root = ET.Element("testsuites", name=run.tool.name)
    gates = gates or {}
    suites = []
    for r in run.reports:
        under, on = gates.get(r.document.source, (fail_under, fail_on))
        suites.append(_suite(run, r, on, under))
    root.extend(suites)
    root.attrib.update(
        tests=str(sum(int(s.get("tests", "0")) for s in suites)),
        failures=str(sum(int(s.get("failures", "0")) for s in suites)),
        errors=str(sum(int(s.get("errors", "0")) for s in suites)),
    )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
