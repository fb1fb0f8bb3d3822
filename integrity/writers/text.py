"""The terminal summary (rich): what a person reads after ``integrity scan``."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..model import AREAS, Article50View, Run
from .common import (
    SEVERITY_ICON,
    article50_media_rows,
    article50_text_line,
    article50_words,
    byline_line,
    sorted_findings,
    status_line,
    visible,
    where,
)

_STYLE = {"critical": "bold white on red", "error": "bold red", "warning": "yellow", "info": "cyan"}


def _e(text: str | None) -> str:
    return escape(visible(text or ""))


def _article50(con: Console, view: Article50View) -> None:
    """The eu-ai-act profile's answers: each AI image or video, then the text."""
    con.print(f"  [bold]{_e(article50_words('section', 'title'))}[/]")
    rows = article50_media_rows(view)
    if not rows:
        con.print(f"    {_e(article50_words('section', 'no_media'))}")
    for row in rows:
        con.print(f"    {_e(row['item'])} {_e(row['src'])}: [bold]{_e(row['disclosure'])}[/] "
                  f"[dim](visible: {_e(row['visible'])}; machine-readable: {_e(row['machine_readable'])})[/]")
    con.print(f"    {_e(article50_words('section', 'text'))}: {_e(article50_text_line(view))}")


def write(run: Run, *, color: bool = False, width: int = 100) -> str:
    buf = io.StringIO()
    con = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False, emoji=False)
    for report in run.reports:
        doc = report.document
        if not report.ok:
            con.print(f"[bold]{_e(doc.source)}[/] [red]✖ {_e(status_line(report))}[/]")
            continue
        subs = "  ".join(f"{a} {report.subscores.get(a)}" for a in AREAS)
        score_style = "green" if (report.score or 0) >= 80 else "yellow" if (report.score or 0) >= 50 else "red"
        con.print(f"[bold]{_e(doc.source)}[/]  score [bold {score_style}]{report.score}[/]/100  [dim]({subs})[/]")
        if doc.title:
            con.print(f"  [dim]{_e(doc.title)}{' · ' + _e(doc.published) if doc.published else ''}[/]")
        byline = byline_line(doc)
        if byline is not None:
            con.print(f"  [dim]byline: {_e(byline)}[/]")
        findings = sorted_findings(report)
        if findings:
            table = Table(show_header=False, box=None, padding=(0, 1), expand=False)
            table.add_column(no_wrap=True)
            table.add_column(no_wrap=True)
            table.add_column()
            for f in findings:
                table.add_row(
                    f"  {where(f.location)}",
                    f"[{_STYLE[f.severity]}]{SEVERITY_ICON[f.severity]} {f.severity}[/]",
                    f"{_e(f.message)} [dim]{_e(f.rule_id)}[/]",
                )
            con.print(table)
        else:
            con.print("  [green]✓ no findings[/]")
        if report.article50 is not None:
            _article50(con, report.article50)
        for err in report.errors:
            con.print(f"  [red]{_e(err.code)}: {_e(err.message)}[/]")
    s = run.summary()
    if len(run.reports) > 1:
        con.print(
            f"\n{s['documents']} documents, {s['failed']} failed, lowest score "
            f"{s['min_score'] if s['min_score'] is not None else '–'}; findings: "
            + ", ".join(f"{n} {k}" for k, n in reversed(list(s["findings"].items())) if n)
        )
    return buf.getvalue()
