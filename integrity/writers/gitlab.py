"""GitLab Code Quality: the JSON array a job publishes as ``artifacts:reports:codequality``.

Each finding is an issue with a fingerprint made from the document path and
the finding's line-free fingerprint, so GitLab recognises the same issue on
the source and target branch even when lines moved. Severities map
info→info, warning→minor, error→major, critical→critical; a document that
could not be scanned is a ``blocker``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from typing import Any

from ..model import Finding, Report, Run
from .common import sorted_findings

SEVERITY = {"info": "info", "warning": "minor", "error": "major", "critical": "critical"}
CATEGORY = {"provenance": "Security", "attribution": "Style", "credits": "Style"}


def _path(source: str) -> str:
    return PurePath(source).as_posix()


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _issue(f: Finding, report: Report) -> dict[str, Any]:
    path = _path(report.document.source)
    location: dict[str, Any] = {"path": path}
    if f.location is not None:
        loc = f.location
        location["positions"] = {
            "begin": {"line": loc.line, "column": loc.column},
            "end": {"line": loc.end_line, "column": loc.end_column},
        }
    else:
        location["lines"] = {"begin": 1}
    body = "\n\n".join(t for t in (f.evidence and f"> {f.evidence}", f.fix and f"Fix: {f.fix}", f.help) if t)
    issue: dict[str, Any] = {
        "type": "issue",
        "check_name": f.rule_id,
        "description": f.message,
        "categories": [CATEGORY.get(f.area, "Style")],
        "severity": SEVERITY[f.severity],
        "fingerprint": _fingerprint(path, f.fingerprint),
        "location": location,
    }
    if body:
        issue["content"] = {"body": body}
    return issue


def write(run: Run) -> str:
    issues: list[dict[str, Any]] = []
    for report in run.reports:
        if not report.ok:
            err = report.errors[0] if report.errors else None
            code = err.code if err else report.document.status
            issues.append({
                "type": "issue",
                "check_name": f"integrity/{code}",
                "description": f"Not scanned: {err.message if err else report.document.status}",
                "categories": ["Bug Risk"],
                "severity": "blocker",
                "fingerprint": _fingerprint(_path(report.document.source), code),
                "location": {"path": _path(report.document.source), "lines": {"begin": 1}},
            })
            continue
        issues.extend(_issue(f, report) for f in sorted_findings(report))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
