"""One line per finding: ``path:line:col: severity rule-id message``.

The shape compilers and linters print, so editors (Vim's ``errorformat``,
Emacs compilation mode, VS Code problem matchers) and ``grep`` read it
without a plug-in. It is the default when standard output is not a terminal.
A finding about the whole document (a missing byline) is placed at 1:1, as
in SARIF; a document that could not be scanned is one ``error`` line with
its error code. Messages are folded to one line and control characters are
shown escaped, so article text cannot forge extra lines. The last line
counts what was printed.
"""

from __future__ import annotations

from ..model import Run, severity_rank
from .common import count_phrase, sorted_findings, visible


def _one_line(text: str) -> str:
    return visible(" ".join(text.split()))


def write(run: Run) -> str:
    lines: list[str] = []
    findings = 0
    by_severity: dict[str, int] = {}
    for report in run.reports:
        source = visible(report.document.source)
        if not report.ok:
            err = report.errors[0] if report.errors else None
            code = err.code if err else report.document.status
            lines.append(f"{source}:1:1: error {code} not scanned: {_one_line(err.message if err else code)}")
            continue
        for f in sorted_findings(report):
            loc = f.location
            line, col = (loc.line, loc.column) if loc else (1, 1)
            lines.append(f"{source}:{line}:{col}: {f.severity} {f.rule_id} {_one_line(f.message)}")
            findings += 1
            by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
    failed = len(run.failed)
    detail = ", ".join(count_phrase(n, s) for s, n in sorted(by_severity.items(), key=lambda kv: -severity_rank(kv[0])))
    summary = f"Found {count_phrase(findings, 'finding')}" + (f" ({detail})" if detail else "")
    summary += f" in {count_phrase(len(run.reports), 'document')}"
    if failed:
        summary += f"; {failed} not scanned"
    lines.append(summary + ".")
    return "".join(line + "\n" for line in lines)

