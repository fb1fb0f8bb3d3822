"""Markdown for pull-request comments and tickets; article strings are escaped."""

from __future__ import annotations

import re

from ..model import AREAS, Article50View, Run
from .common import (
    article50_media_rows,
    article50_text_line,
    article50_words,
    byline_line,
    count_phrase,
    credit_cell,
    image_verdict,
    sorted_findings,
    status_line,
    visible,
    where,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def esc(text: str | None) -> str:
    if not text:
        return ""
    return _SPECIAL.sub(r"\\\1", " ".join(visible(text).split()))


def _article50(view: Article50View) -> list[str]:
    """The eu-ai-act profile's answers: a table of AI images and videos, then the text's answer."""
    out = ["", f"### {esc(article50_words('section', 'title'))}", ""]
    rows = article50_media_rows(view)
    if rows:
        out += ["| item | source | AI | disclosure | visible at first exposure | machine-readable | evidence |",
                "|---|---|---|---|---|---|---|"]
        out += [f"| {esc(r['item'])} | {esc(r['src'])} | {esc(r['ai'])} | {esc(r['disclosure'])} | {esc(r['visible'])} "
                f"| {esc(r['machine_readable'])} | {esc(r['evidence'])} |" for r in rows]
    else:
        out.append(esc(article50_words("section", "no_media")))
    out += ["", f"**{esc(article50_words('section', 'text'))}:** {esc(article50_text_line(view))}", "",
            f"_{esc(article50_words('section', 'note'))}_"]
    return out


def write(run: Run) -> str:
    out: list[str] = ["# integrity report", ""]
    summary = run.summary()
    out.append(
        f"{count_phrase(summary['documents'], 'document')}, {summary['failed']} failed; "
        f"lowest score: {summary['min_score'] if summary['min_score'] is not None else '–'}."
    )
    for report in run.reports:
        doc = report.document
        out += ["", f"## {esc(doc.source)}", ""]
        if doc.title:
            out.append(f"**{esc(doc.title)}**" + (f" — {esc(doc.published)}" if doc.published else ""))
            out.append("")
        if not report.ok:
            out.append(f"**Not scanned** — {esc(status_line(report))}")
            continue
        subs = " · ".join(f"{a} {report.subscores.get(a, '–')}" for a in AREAS)
        out.append(f"**Score {report.score}/100** ({subs}) — {esc(status_line(report))}")
        out.append("")
        byline = byline_line(doc)
        if byline is not None:
            out += [f"Byline: {esc(byline)}", ""]
        findings = sorted_findings(report)
        if findings:
            out += ["| severity | rule | line:col | finding | evidence |", "|---|---|---|---|---|"]
            for f in findings:
                out.append(
                    f"| {f.severity} | `{f.rule_id}` | {where(f.location)} | {esc(f.message)} | {esc(f.evidence)} |"
                )
        if report.images:
            out += ["", "### Images", "", "| # | source | alt | caption / label | credit | what its own data says |",
                    "|---|---|---|---|---|---|"]
            for img in report.images:
                out.append(
                    f"| {img.index} | {esc(img.src) or '(none)'} | {esc(img.alt)} | {esc(img.caption or img.label)} "
                    f"| {esc(credit_cell(img))} | {esc(image_verdict(img))} |"
                )
        if report.videos:
            out += ["", "### Videos", "", "| # | source | name | caption | credit | what its own data says |",
                    "|---|---|---|---|---|---|"]
            for video in report.videos:
                out.append(
                    f"| {video.index} | {esc(video.src) or '(none)'} | {esc(video.alt)} | {esc(video.caption)} "
                    f"| {esc(video.credit)} | {esc(image_verdict(video))} |"
                )
        if report.article50 is not None:
            out += _article50(report.article50)
        for err in report.errors:
            out.append(f"\n> {esc(err.code)}: {esc(err.message)}")
    return "\n".join(out).rstrip() + "\n"
