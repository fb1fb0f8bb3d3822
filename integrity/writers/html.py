"""A self-contained HTML report: inline CSS, no scripts, every article string escaped.

A Content-Security-Policy that allows no script at all backs up the escaping:
a hostile caption or C2PA title can neither run nor load anything.
"""

from __future__ import annotations

from html import escape

from ..model import AREAS, Finding, Report, Run
from .common import byline_line, image_verdict, sorted_findings, status_line, visible, where

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem;border-top:1px solid #ddd;padding-top:1rem;word-break:break-all}
.score{font-size:2.2rem;font-weight:700}.sub{display:inline-block;margin-right:1.5rem;color:#444}
.bar{display:inline-block;width:6rem;height:.5rem;background:#eee;border-radius:3px;vertical-align:middle;margin-left:.4rem}
.bar i{display:block;height:100%;border-radius:3px;background:#2a7}
table{border-collapse:collapse;width:100%;margin:1rem 0}
td,th{border-bottom:1px solid #e5e5e5;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;color:#666}
.sev{font-weight:600;border-radius:3px;padding:0 .4rem;white-space:nowrap}
.critical{background:#7a0010;color:#fff}.error{background:#d0021b;color:#fff}.warning{background:#f5a623}.info{background:#cde}
mark{background:#fff2a8}code{font-size:.85em}.muted{color:#777}.failed{color:#d0021b;font-weight:600}
"""


def _t(text: object) -> str:
    return escape(visible(str(text)), quote=True) if text is not None else ""


def _evidence(f: Finding) -> str:
    ev, m = f.evidence, f.match
    i = ev.find(m) if m else -1
    if i < 0:
        return _t(ev)
    return f"{_t(ev[:i])}<mark>{_t(m)}</mark>{_t(ev[i + len(m) :])}"


def _report(report: Report) -> list[str]:
    doc = report.document
    out = [f"<section><h2>{_t(doc.source)}</h2>"]
    if doc.title:
        out.append(f"<p><strong>{_t(doc.title)}</strong> <span class=muted>{_t(doc.published or '')}</span></p>")
    if not report.ok:
        out.append(f"<p class=failed>Not scanned — {_t(status_line(report))}</p></section>")
        return out
    out.append(
        f"<p><span class=score>{report.score}</span><span class=muted>/100</span> — {_t(status_line(report))}</p><p>"
    )
    for area in AREAS:
        v = report.subscores.get(area, 0)
        out.append(f"<span class=sub>{area} {v}<span class=bar><i style='width:{int(v)}%'></i></span></span>")
    out.append("</p>")
    byline = byline_line(doc)
    if byline is not None:
        out.append(f"<p class=byline>Byline: {_t(byline)}</p>")
    findings = sorted_findings(report)
    if findings:
        out.append("<table><tr><th>severity</th><th>rule</th><th>line:col</th><th>finding</th><th>evidence</th></tr>")
        for f in findings:
            out.append(
                f"<tr><td><span class='sev {f.severity}'>{f.severity}</span></td><td><code>{_t(f.rule_id)}</code></td>"
                f"<td>{where(f.location)}</td><td>{_t(f.message)}"
                + (f"<br><span class=muted>{_t(f.fix)}</span>" if f.fix else "")
                + f"</td><td>{_evidence(f)}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p>No findings.</p>")
    if report.images:
        out.append(
            "<h3>Images</h3><table><tr><th>#</th><th>source</th><th>alt</th><th>caption / label</th>"
            "<th>credit</th><th>what the image's own data says</th></tr>"
        )
        for img in report.images:
            out.append(
                f"<tr><td>{img.index}</td><td>{_t(img.src or '(none)')}</td><td>{_t(img.alt)}</td>"
                f"<td>{_t(img.caption or img.label)}</td><td>{_t(img.credit)}</td><td>{_t(image_verdict(img))}</td></tr>"
            )
        out.append("</table>")
    for err in report.errors:
        out.append(f"<p class=failed>{_t(err.code)}: {_t(err.message)}</p>")
    out.append("</section>")
    return out


def write(run: Run) -> str:
    s = run.summary()
    head = (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        "<meta name=viewport content='width=device-width,initial-scale=1'>"
        f"<title>integrity report</title><style>{_CSS}</style></head><body>"
        f"<h1>integrity report</h1><p class=muted>{s['documents']} document(s), {s['failed']} failed · "
        f"{_t(run.tool.name)} {_t(run.tool.version)} · schema {_t(run.schema_version)}</p>"
    )
    body = [line for r in run.reports for line in _report(r)]
    return head + "\n".join(body) + "\n</body></html>\n"
