"""A self-contained HTML report: inline CSS, no scripts, every article string escaped.

A Content-Security-Policy that allows no script at all backs up the escaping:
a hostile caption or C2PA title can neither run nor load anything. Images the
report shows are small thumbnails embedded as ``data:`` URIs, made only from
local files next to the article (never fetched), so the page stays one file
that opens anywhere. The verdict at the top is the gate's (``fail_on``,
``fail_under``), the same one the exit code reports; long URLs and evidence
wrap inside their cells, so the page fits a 1280-pixel window.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime
from html import escape
from pathlib import Path

from ..config import DEFAULT_FAIL_ON
from ..model import AREAS, Article50View, Finding, ImageReport, Report, Run
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

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem;border-top:1px solid #ddd;padding-top:1rem;word-break:break-all}
.score{font-size:2.2rem;font-weight:700}.sub{display:inline-block;margin-right:1.5rem;color:#444}
.bar{display:inline-block;width:6rem;height:.5rem;background:#eee;border-radius:3px;vertical-align:middle;margin-left:.4rem}
.bar i{display:block;height:100%;border-radius:3px;background:#2a7}
.bar i.mid{background:#e8a317}.bar i.low{background:#d0021b}
table{border-collapse:collapse;width:100%;margin:1rem 0;table-layout:fixed}
td,th{border-bottom:1px solid #e5e5e5;padding:.4rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere;word-break:break-word}
.findings col.s{width:6.5rem}.findings col.r{width:13rem}.findings col.l{width:5.5rem}
.images col.n{width:2.5rem}.images col.t{width:8rem}
img.thumb{max-width:7.5rem;max-height:6rem;border:1px solid #ddd}
.verdict{font-size:1.1rem;font-weight:700;padding:.6rem 1rem;border-radius:6px;margin:1rem 0}
.verdict.pass{background:#e3f6ea;color:#11602f}.verdict.fail{background:#fde4e6;color:#8a0012}
th{font-size:.8rem;text-transform:uppercase;color:#666}
.sev{font-weight:600;border-radius:3px;padding:0 .4rem;white-space:nowrap}
.critical{background:#7a0010;color:#fff}.error{background:#d0021b;color:#fff}.warning{background:#f5a623}.info{background:#cde}
.article50 col.n{width:5rem}.article50 col.t{width:5.5rem}
.a50{border-radius:3px;padding:0 .4rem}.a50.ok{background:#e3f6ea}.a50.mid{background:#fff2cc}.a50.bad{background:#fde4e6}
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


def human_date(value: str | None) -> str:
    """``2025-11-02T09:00:00+00:00`` -> ``2 November 2025, 09:00 UTC``; what cannot be read stays as given."""
    if not value:
        return ""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    day = f"{when.day} {when:%B %Y}"
    if len(value) <= 10:  # a date without a time
        return day
    offset = when.utcoffset()
    if offset is None:
        return f"{day}, {when:%H:%M}"
    minutes = int(offset.total_seconds() // 60)
    zone = "UTC" if minutes == 0 else f"UTC{'+' if minutes > 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{day}, {when:%H:%M} {zone}"


def _bar_class(value: int) -> str:
    return "" if value >= 80 else "mid" if value >= 50 else "low"


THUMB_PIXELS = 240  # longest side of an embedded thumbnail
THUMB_MAX_BYTES = 40 * 1024 * 1024  # a local file larger than this is not opened for a thumbnail


def _thumbnail(img: ImageReport, source: str) -> str:
    """A data: URI thumbnail of a local image beside the article, or "" (remote, missing, not an image: a
    video or a PDF in an ``<img>`` is not opened).

    The file is found as the check found it (:func:`integrity.sources.images.load_image`: confined to the
    article's folder, size-capped), and never fetched: a remote or data: image gets no thumbnail."""
    src = img.src or ""
    if not src or img.status != "analysed" or ":" in src.split("/", 1)[0] or src.startswith("//"):
        return ""
    if (img.evidence or {}).get("kind", "image") != "image":
        return ""
    try:
        from PIL import Image
    except ImportError:  # the images extra is not installed: no thumbnails, the rest of the report is the same
        return ""
    from io import BytesIO

    from ..sources.images import ImageFetchOptions, Unresolved, load_image

    buf = BytesIO()
    try:
        fetched = load_image(src, Path(source).parent, ImageFetchOptions(max_bytes=THUMB_MAX_BYTES))
        with Image.open(BytesIO(fetched.data)) as im:
            im.thumbnail((THUMB_PIXELS, THUMB_PIXELS))
            im.convert("RGB").save(buf, "JPEG", quality=70)
    except (Unresolved, OSError, ValueError, Image.DecompressionBombError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")

Gates = Mapping[str, tuple[int | None, str | None]]  # source -> (fail_under, fail_on), per-file configs


def _verdict(run: Run, fail_on: str | None, fail_under: int | None, gates: Gates) -> str:
    def own(r: Report) -> tuple[int | None, str | None]:
        return gates.get(r.document.source, (fail_under, fail_on))

    failing = [r for r in run.reports if r.ok and r.gate_failures(*own(r))]
    kinds = {own(r) for r in run.reports}
    if len(kinds) > 1:
        gate = "each file's own gate"
    else:
        fail_under, fail_on = kinds.pop() if kinds else (fail_under, fail_on)
        gate = (f"fail on {fail_on}" if fail_on else "no severity gate") + (
            f", fail under {fail_under}" if fail_under is not None else "")
    if run.failed:
        return (f"<p class='verdict fail'>✖ Fails: {count_phrase(len(run.failed), 'document')} could not be scanned"
                + (f"; {len(failing)} fail the gate" if failing else "") + f" <span class=muted>({_t(gate)})</span></p>")
    if failing:
        return (f"<p class='verdict fail'>✖ Fails the gate: {count_phrase(len(failing), 'document')} of "
                f"{len(run.reports)} <span class=muted>({_t(gate)})</span></p>")
    return f"<p class='verdict pass'>✓ Passes the gate <span class=muted>({_t(gate)})</span></p>"


def _report(report: Report, fail_on: str | None = None, fail_under: int | None = None) -> list[str]:
    doc = report.document
    out = [f"<section><h2>{_t(doc.source)}</h2>"]
    if doc.title:
        out.append(f"<p><strong>{_t(doc.title)}</strong> <span class=muted>{_t(human_date(doc.published))}</span></p>")
    if not report.ok:
        out.append(f"<p class=failed>Not scanned — {_t(status_line(report))}</p></section>")
        return out
    fails = report.gate_failures(fail_under, fail_on)
    verdict = (f" <span class=failed>✖ fails the gate: {_t('; '.join(fails))}</span>" if fails else "")
    out.append(
        f"<p><span class=score>{report.score}</span><span class=muted>/100</span> — {_t(status_line(report))}{verdict}</p><p>"
    )
    for area in AREAS:
        v = int(report.subscores.get(area, 0))
        out.append(f"<span class=sub>{area} {v}<span class=bar><i class='{_bar_class(v)}' style='width:{v}%'></i>"
                   "</span></span>")
    out.append("</p>")
    byline = byline_line(doc)
    if byline is not None:
        out.append(f"<p class=byline>Byline: {_t(byline)}</p>")
    findings = sorted_findings(report)
    if findings:
        out.append("<table class=findings><colgroup><col class=s><col class=r><col class=l><col><col></colgroup>"
                   "<tr><th>severity</th><th>rule</th><th>line:col</th><th>finding</th><th>evidence</th></tr>")
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
            "<h3>Images</h3><table class=images><colgroup><col class=n><col class=t><col><col><col><col><col>"
            "</colgroup><tr><th>#</th><th>image</th><th>source</th><th>alt</th><th>caption / label</th>"
            "<th>credit</th><th>what the image's own data says</th></tr>"
        )
        for img in report.images:
            thumb = _thumbnail(img, doc.source)
            shown = f"<img class=thumb src='{thumb}' alt='image {img.index}'>" if thumb else ""
            out.append(
                f"<tr><td>{img.index}</td><td>{shown}</td><td>{_t(img.src or '(none)')}</td><td>{_t(img.alt)}</td>"
                f"<td>{_t(img.caption or img.label)}</td><td>{_t(credit_cell(img))}</td><td>{_t(image_verdict(img))}</td></tr>"
            )
        out.append("</table>")
    if report.videos:  # no thumbnail: a video's frames are not decoded
        out.append(
            "<h3>Videos</h3><table class=images><colgroup><col class=n><col><col><col><col><col>"
            "</colgroup><tr><th>#</th><th>source</th><th>name</th><th>caption</th>"
            "<th>credit</th><th>what the video's own data says</th></tr>"
        )
        for video in report.videos:
            out.append(
                f"<tr><td>{video.index}</td><td>{_t(video.src or '(none)')}</td><td>{_t(video.alt)}</td>"
                f"<td>{_t(video.caption)}</td><td>{_t(video.credit)}</td><td>{_t(image_verdict(video))}</td></tr>"
            )
        out.append("</table>")
    if report.article50 is not None:
        out += _article50(report.article50)
    for err in report.errors:
        out.append(f"<p class=failed>{_t(err.code)}: {_t(err.message)}</p>")
    out.append("</section>")
    return out


_DISCLOSURE_CLASS = {"both": "ok", "visible-only": "mid", "machine-readable-only": "mid", "none": "bad"}


def _article50(view: Article50View) -> list[str]:
    """The eu-ai-act profile's answers: a table of AI images and videos, then the text's answer."""
    out = [f"<h3 class=article50>{_t(article50_words('section', 'title'))}</h3>"]
    rows = article50_media_rows(view)
    if rows:
        out.append("<table class=article50><colgroup><col class=n><col><col class=t><col><col><col><col></colgroup>"
                   "<tr><th>item</th><th>source</th><th>AI</th><th>disclosure</th><th>visible at first exposure</th>"
                   "<th>machine-readable</th><th>evidence</th></tr>")
        for m, r in zip(view.media, rows, strict=True):
            out.append(f"<tr><td>{_t(r['item'])}</td><td>{_t(r['src'])}</td><td>{_t(r['ai'])}</td>"
                       f"<td><span class='a50 {_DISCLOSURE_CLASS.get(m.disclosure, '')}'>{_t(r['disclosure'])}</span></td>"
                       f"<td>{_t(r['visible'])}</td><td>{_t(r['machine_readable'])}</td><td>{_t(r['evidence'])}</td></tr>")
        out.append("</table>")
    else:
        out.append(f"<p>{_t(article50_words('section', 'no_media'))}</p>")
    out.append(f"<p><strong>{_t(article50_words('section', 'text'))}:</strong> {_t(article50_text_line(view))}</p>"
               f"<p class=muted>{_t(article50_words('section', 'note'))}</p>")
    return out


def write(run: Run, *, fail_on: str | None = DEFAULT_FAIL_ON, fail_under: int | None = None,
          gates: Gates | None = None) -> str:
    """``gates`` maps a document's source to its own (fail_under, fail_on) (per-file configs)."""
    gates = gates or {}
    s = run.summary()
    head = (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        "<meta name=viewport content='width=device-width,initial-scale=1'>"
        f"<title>integrity report</title><style>{_CSS}</style></head><body>"
        f"<h1>integrity report</h1><p class=muted>{count_phrase(s['documents'], 'document')}, {s['failed']} failed · "
        f"{_t(run.tool.name)} {_t(run.tool.version)} · schema {_t(run.schema_version)}</p>"
        + _verdict(run, fail_on, fail_under, gates)
    )
    body = [line for r in run.reports
            for line in _report(r, *reversed(gates.get(r.document.source, (fail_under, fail_on))))]
    return head + "\n".join(body) + "\n</body></html>\n"
