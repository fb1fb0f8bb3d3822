"""JUnit XML for CI test-report views (GitLab, Jenkins, Azure DevOps, CircleCI).

One ``testsuite`` per document and one ``testcase`` per rule: a rule with
findings in the document fails, listing each finding with its line and
column; a rule without passes. A document that could not be scanned is a
suite with one errored case. Article text is escaped by the XML serialiser
after dropping the characters XML 1.0 cannot hold at all.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

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


def _suite(run: Run, report: Report) -> ET.Element:
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
        if hits:
            failures += 1
            worst = max((f.severity for f in hits), key=severity_rank)
            failure = ET.SubElement(case, "failure", message=_x(f"{len(hits)} finding(s): {hits[0].message}"), type=worst)
            failure.text = _x(_failure_text(hits))
    suite.attrib.update(tests=str(len(ids)), failures=str(failures), errors="0", skipped="0")
    props = ET.Element("properties")
    ET.SubElement(props, "property", name="score", value=str(report.score))
    suite.insert(0, props)
    return suite


def write(run: Run) -> str:
    root = ET.Element("testsuites", name=run.tool.name)
    suites = [_suite(run, r) for r in run.reports]
    root.extend(suites)
    root.attrib.update(
        tests=str(sum(int(s.get("tests", "0")) for s in suites)),
        failures=str(sum(int(s.get("failures", "0")) for s in suites)),
        errors=str(sum(int(s.get("errors", "0")) for s in suites)),
    )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
