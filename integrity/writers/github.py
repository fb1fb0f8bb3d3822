"""GitHub Actions workflow commands: one annotation per finding on the pull request's files.

``::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`` — the
runner reads them from a step's standard output. Article text is hostile:
messages escape ``%``, CR and LF, and property values also escape ``:`` and
``,``, so no caption can end an annotation early or start a command of its
own. Severities map info→notice, warning→warning, error and critical→error.
"""

from __future__ import annotations

from ..model import Finding, Report, Run
from .common import sorted_findings

COMMAND = {"info": "notice", "warning": "warning", "error": "error", "critical": "error"}


def escape_data(text: str) -> str:
    """A command's message: ``%``, CR and LF percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command property's value: as :func:`escape_data`, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _annotation(f: Finding, report: Report) -> str:
    loc = f.location
    title = f"integrity {f.rule_id} ({f.severity})"
    message = f.message + (f"\nFix: {f.fix}" if f.fix else "")
    if loc is None:
        return command(COMMAND[f.severity], message, file=report.document.source, title=title)
    return command(
        COMMAND[f.severity], message,
        file=report.document.source, line=loc.line, endLine=loc.end_line,
        col=loc.column, endColumn=loc.end_column, title=title,
    )


def write(run: Run) -> str:
    lines: list[str] = []
    for report in run.reports:
        if not report.ok:
            err = report.errors[0] if report.errors else None
            lines.append(command(
                "error", f"not scanned: {err.message if err else report.document.status}",
                file=report.document.source, title=f"integrity {err.code if err else report.document.status}",
            ))
            continue
        lines.extend(_annotation(f, report) for f in sorted_findings(report))
    return "".join(line + "\n" for line in lines)
