"""reviewdog's Diagnostic JSON (``rdjson``): ``reviewdog -f=rdjson`` posts it as pull-request comments.

One ``DiagnosticResult`` per run. reviewdog positions are 1-based lines and
columns counted in UTF-8 bytes (it matches them against the git diff), while
integrity's columns count Unicode code points, so each column is converted
using the line as it sits in the file on disk; when the file cannot be read
(stdin, a document from an archive) or the line no longer holds the quoted
text, the column is left out and reviewdog anchors the comment to the line.
Documents that could not be scanned are ERROR diagnostics on line 1 with the
error code, so a pull request cannot pass silently on an unreadable file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Finding, Report, Run
from .common import sorted_findings

SEVERITY = {"info": "INFO", "warning": "WARNING", "error": "ERROR", "critical": "ERROR"}


@lru_cache(maxsize=64)
def _lines(source: str) -> tuple[str, ...] | None:
    try:
        data = Path(source).read_bytes()
    except (OSError, ValueError):
        return None
    return tuple(data.decode("utf-8", errors="replace").splitlines())


def _byte_column(source: str, line: int, column: int) -> int | None:
    lines = _lines(source)
    if lines is None or not 1 <= line <= len(lines) or column - 1 > len(lines[line - 1]):
        return None
    return len(lines[line - 1][: column - 1].encode("utf-8")) + 1


def _position(source: str, line: int, column: int) -> dict[str, int]:
    pos = {"line": line}
    byte_col = _byte_column(source, line, column)
    if byte_col is not None:
        pos["column"] = byte_col
    return pos


def _diagnostic(f: Finding, report: Report) -> dict[str, Any]:
    source = report.document.source
    loc = f.location
    location: dict[str, Any] = {"path": source}
    if loc is None:
        location["range"] = {"start": {"line": 1}}
    else:
        location["range"] = {"start": _position(source, loc.line, loc.column),
                             "end": _position(source, loc.end_line, loc.end_column)}
    diag: dict[str, Any] = {
        "message": f.message + (f"\nFix: {f.fix}" if f.fix else ""),
        "location": location,
        "severity": SEVERITY[f.severity],
        "code": {"value": f.rule_id},
    }
    return diag


def rdjson_dict(run: Run) -> dict[str, Any]:
    diagnostics: list[dict[str, Any]] = []
    for report in run.reports:
        if not report.ok:
            err = report.errors[0] if report.errors else None
            code = err.code if err else report.document.status
            diagnostics.append({
                "message": f"not scanned: {err.message if err else code}",
                "location": {"path": report.document.source, "range": {"start": {"line": 1}}},
                "severity": "ERROR",
                "code": {"value": code},
            })
            continue
        diagnostics.extend(_diagnostic(f, report) for f in sorted_findings(report))
    _lines.cache_clear()
    return {"source": {"name": run.tool.name}, "diagnostics": diagnostics}


def write(run: Run) -> str:
    return json.dumps(rdjson_dict(run), indent=2, ensure_ascii=False) + "\n"
