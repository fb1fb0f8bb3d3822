"""SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, IDE viewers).

One SARIF run per integrity run. Rules come from the loaded rule packs
(``Run.rules``); a finding of a rule the run does not describe still gets a
rule entry made from the finding. Every result carries an explicit ``level``,
a region in 1-based lines and Unicode code-point columns, and the finding's
line-free fingerprint as ``partialFingerprints`` so a service tracks it across
edits. Documents that could not be scanned are tool execution notifications.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from ..model import Finding, Report, RuleInfo, Run, confidence_level

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"info": "note", "warning": "warning", "error": "error", "critical": "error"}
# GitHub code scanning ranks "security-severity" 9.0 and above as critical
SECURITY_SEVERITY = {"critical": "9.5"}
FINGERPRINT_KEY = "integrity/v1"


SRCROOT = "SRCROOT"


def _artifact_location(source: str, root: Path) -> dict[str, Any]:
    """A relative URI with ``uriBaseId`` for inputs under the working directory (what code scanning matches
    against the repository's files), an absolute ``file:`` URI for anything outside it."""
    path = PurePath(source)
    if not path.is_absolute():
        return {"uri": quote(path.as_posix()), "uriBaseId": SRCROOT}
    try:
        return {"uri": quote(PurePath(path).relative_to(root).as_posix()), "uriBaseId": SRCROOT}
    except ValueError:
        return {"uri": Path(path).as_uri()}


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text[: end + 1] if end != -1 else text


def _rule_entry(rule: RuleInfo) -> dict[str, Any]:
    properties: dict[str, Any] = {"tags": [rule.area, *rule.tags], "confidence": rule.confidence, "area": rule.area}
    if rule.severity in SECURITY_SEVERITY:
        properties["security-severity"] = SECURITY_SEVERITY[rule.severity]
    help_text = "\n\n".join(t for t in (rule.description, rule.help, f"Fix: {rule.fix}" if rule.fix else "") if t)
    entry: dict[str, Any] = {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.replace("/", "-").split("-")),
        "shortDescription": {"text": _first_sentence(rule.description) or rule.message.splitlines()[0]},
        "fullDescription": {"text": rule.description or rule.message},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": properties,
    }
    if help_text:
        entry["help"] = {"text": help_text}
    if rule.link:
        entry["helpUri"] = rule.link
    return entry


def _rule_from_finding(f: Finding) -> RuleInfo:
    return RuleInfo(f.rule_id, f.area, f.severity, confidence_level(f.confidence), f.message, help=f.help, tags=f.tags)


def _region(f: Finding) -> dict[str, Any] | None:
    loc = f.location
    if loc is None:
        return None
    region: dict[str, Any] = {
        "startLine": loc.line,
        "startColumn": loc.column,
        "endLine": loc.end_line,
        "endColumn": loc.end_column,
        "charOffset": loc.offset,
        "charLength": loc.end_offset - loc.offset,
    }
    if f.match and len(f.match) == loc.end_offset - loc.offset:  # the region is exactly the matched words
        region["snippet"] = {"text": f.match}
    return region


def _result(f: Finding, report: Report, rule_index: int, artifact_index: int, root: Path) -> dict[str, Any]:
    region = _region(f)
    properties: dict[str, Any] = {
        "severity": f.severity,
        "confidence": f.confidence,
        "area": f.area,
        "subject": f.subject,
    }
    if f.evidence:
        properties["evidence"] = f.evidence
    if f.severity in SECURITY_SEVERITY:
        properties["security-severity"] = SECURITY_SEVERITY[f.severity]
    if region is None:  # about the whole document (a missing byline); code scanning needs a line, so the first
        region = {"startLine": 1}
        properties["documentLevel"] = True
    physical = {"artifactLocation": {**_artifact_location(report.document.source, root), "index": artifact_index},
                "region": region}
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "kind": "fail",
        "message": {"text": f.message + (f"\nFix: {f.fix}" if f.fix else "")},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": properties,
    }
    if f.new is not None:
        result["baselineState"] = "new" if f.new else "unchanged"
    return result


def sarif_dict(run: Run, root: Path | None = None) -> dict[str, Any]:
    """``root`` is the directory relative URIs are relative to (default: the working directory)."""
    root = Path.cwd() if root is None else root
    rules: list[RuleInfo] = list(run.rules)
    index = {r.id: i for i, r in enumerate(rules)}
    for f in run.findings:
        if f.rule_id not in index:
            index[f.rule_id] = len(rules)
            rules.append(_rule_from_finding(f))
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for report in run.reports:
        doc = report.document
        artifact: dict[str, Any] = {"location": _artifact_location(doc.source, root)}
        if doc.bytes is not None:
            artifact["length"] = doc.bytes
        if doc.sha256:
            artifact["hashes"] = {"sha-256": doc.sha256}
        if doc.kind:
            artifact["mimeType"] = {"html": "text/html", "markdown": "text/markdown"}.get(doc.kind, "text/plain")
        if doc.byline is not None:  # the chosen byline, as in the JSON report's document.byline
            artifact["properties"] = {"byline": {"status": doc.byline.status, "names": list(doc.byline.names),
                                                 "where": doc.byline.where}}
        artifacts.append(artifact)
        a = len(artifacts) - 1
        for f in report.findings:
            results.append(_result(f, report, index[f.rule_id], a, root))
        for err in report.errors:
            note: dict[str, Any] = {
                "level": "error" if not report.ok else "warning",
                "message": {"text": f"{doc.source}: {err.message}"},
                "descriptor": {"id": err.code},
                "locations": [{"physicalLocation": {"artifactLocation": {**_artifact_location(doc.source, root), "index": a}}}],
            }
            notifications.append(note)
    invocation: dict[str, Any] = {"executionSuccessful": not run.failed}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver: dict[str, Any] = {"name": run.tool.name, "rules": [_rule_entry(r) for r in rules]}
    if run.tool.version:
        driver["version"] = run.tool.version
        driver["semanticVersion"] = run.tool.version
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
                "artifacts": artifacts,
                "results": results,
                "columnKind": "unicodeCodePoints",
                "properties": {"integritySchemaVersion": run.schema_version},
            }
        ],
    }


def write(run: Run) -> str:
    return json.dumps(sarif_dict(run), indent=2, ensure_ascii=False) + "\n"
