"""What an audit leaves in ``--out``, made from the store by streaming over its rows.

summary.json / summary.md / summary.html (score distribution, findings by
rule, worst articles, trend by publication month, failures by reason — the
HTML draws its charts as inline SVG, self-contained), with ``--profile
eu-ai-act`` article50.json / .md / .html (:mod:`.article50_summary`), documents.jsonl (one
full report per line), documents.csv, and documents.parquet with pyarrow.
"""

from __future__ import annotations

import csv
import json
from html import escape
from pathlib import Path
from typing import Any

from .store import Store

_INT_FIELDS = {"score", "provenance", "attribution", "credits", "n_critical", "n_error", "n_warning", "n_info"}
CSV_FIELDS = ("id", "source", "url", "status", "code", "reason", "score", "provenance", "attribution", "credits",
              "n_critical", "n_error", "n_warning", "n_info", "title", "published")


def summarise(store: Store, worst: int = 20) -> dict[str, Any]:
    by_status = dict(store.rows("SELECT status, COUNT(*) FROM documents GROUP BY status"))
    bins = {f"{b}-{b + 9 if b < 90 else 100}": 0 for b in range(0, 100, 10)}
    for (score,) in store.rows("SELECT score FROM documents WHERE score IS NOT NULL"):
        b = min(int(score) // 10 * 10, 90)
        bins[f"{b}-{b + 9 if b < 90 else 100}"] += 1
    rules = [
        {"rule_id": r, "severity": s, "findings": n, "documents": d}
        for r, s, n, d in store.rows(
            "SELECT rule_id, severity, COUNT(*), COUNT(DISTINCT doc_id) FROM findings GROUP BY rule_id, severity "
            "ORDER BY COUNT(*) DESC")
    ]
    worst_rows = [
        {"id": i, "title": t, "score": sc, "url": u}
        for i, t, sc, u in store.rows(
            "SELECT id, title, score, url FROM documents WHERE score IS NOT NULL ORDER BY score ASC, id LIMIT ?", (worst,))
    ]
    trend = [
        {"month": m, "documents": n, "mean_score": round(avg, 1)}
        for m, n, avg in store.rows(
            "SELECT substr(published, 1, 7) AS m, COUNT(*), AVG(score) FROM documents "
            "WHERE published IS NOT NULL AND score IS NOT NULL GROUP BY m ORDER BY m")
    ]
    failures = [
        {"code": c, "documents": n, "example": ex}
        for c, n, ex in store.rows("SELECT code, COUNT(*), MIN(reason) FROM documents WHERE status='failed' GROUP BY code")
    ]
    images = dict(store.rows("SELECT COALESCE(ai, status), COUNT(*) FROM images GROUP BY COALESCE(ai, status)"))
    reused = [
        {"phash": h, "documents": n, "captions": c, "dates": dt, "examples": (ex or "").split(",")[:5]}
        for h, n, c, dt, ex in store.rows(
            "SELECT i.phash, COUNT(DISTINCT i.doc_id) AS n, COUNT(DISTINCT COALESCE(i.caption, '')) AS c, "
            "COUNT(DISTINCT COALESCE(d.published, '')) AS dt, GROUP_CONCAT(DISTINCT i.doc_id) "
            "FROM images i JOIN documents d ON d.id = i.doc_id WHERE i.phash IS NOT NULL "
            "GROUP BY i.phash HAVING n > 1 AND (c > 1 OR dt > 1) ORDER BY n DESC, i.phash LIMIT 50")
    ]
    total = sum(by_status.values())
    mean = store.db.execute("SELECT AVG(score) FROM documents WHERE score IS NOT NULL").fetchone()[0]
    return {
        "documents": total, "by_status": by_status, "mean_score": round(mean, 1) if mean is not None else None,
        "score_distribution": bins, "findings_by_rule": rules, "worst": worst_rows, "trend_by_month": trend,
        "failures": failures, "images": images, "images_reused": reused,
    }


def _bars_svg(pairs: list[tuple[str, float]], width: int = 640, bar: int = 18) -> str:
    if not pairs:
        return "<p class=muted>no data</p>"
    top = max(v for _, v in pairs) or 1
    h = bar * len(pairs) + 4
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{h}' role='img'>"]
    for k, (label, value) in enumerate(pairs):
        y = k * bar + 2
        w = int((width - 240) * value / top)
        parts.append(f"<text x='0' y='{y + 13}' font-size='12'>{escape(str(label))[:34]}</text>"
                     f"<rect x='200' y='{y + 2}' width='{w}' height='{bar - 6}' fill='#2a7'/>"
                     f"<text x='{206 + w}' y='{y + 13}' font-size='12'>{value:g}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _mean_text(s: dict[str, Any]) -> str:
    """The mean score in words: an audit with no scored document has none, and says why."""
    if s["mean_score"] is None:
        return "no mean score (no document was scored)"
    return f"mean score {s['mean_score']}"


def _markdown(s: dict[str, Any]) -> str:
    out = ["# integrity audit", "", f"{s['documents']} documents: "
           + ", ".join(f"{n} {k}" for k, n in sorted(s["by_status"].items())) + f"; {_mean_text(s)}.", ""]
    out += ["## Score distribution", "", "| score | documents |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in s["score_distribution"].items()]
    out += ["", "## Findings by rule", "", "| rule | severity | findings | documents |", "|---|---|---|---|"]
    out += [f"| `{r['rule_id']}` | {r['severity']} | {r['findings']} | {r['documents']} |" for r in s["findings_by_rule"]]
    out += ["", "## Worst articles", "", "| score | document | title |", "|---|---|---|"]
    out += [f"| {w['score']} | {w['id']} | {(w['title'] or '').replace('|', '/')} |" for w in s["worst"]]
    if s["trend_by_month"]:
        out += ["", "## By publication month", "", "| month | documents | mean score |", "|---|---|---|"]
        out += [f"| {t['month']} | {t['documents']} | {t['mean_score']} |" for t in s["trend_by_month"]]
    if s["images_reused"]:
        out += ["", "## One image, several articles (different captions or dates)", "",
                "| pHash | articles | captions | dates | examples |", "|---|---|---|---|---|"]
        out += [f"| `{r['phash']}` | {r['documents']} | {r['captions']} | {r['dates']} | {', '.join(r['examples'])} |"
                for r in s["images_reused"]]
    if s["failures"]:
        out += ["", "## Not scanned", "", "| reason | documents | example |", "|---|---|---|"]
        out += [f"| {f['code']} | {f['documents']} | {(f['example'] or '').replace('|', '/')} |" for f in s["failures"]]
    return "\n".join(out) + "\n"


WORST_PAGES = "reports"  # folder of the audit's output holding one HTML report per worst article


def _worst_pages(store: Store, worst: list[dict[str, Any]], out: Path) -> dict[str, str]:
    """One HTML report per worst article whose full report the store kept; returns id -> relative link.

    The report is rebuilt from the stored JSON (no rescan), so the page shows what the audit found."""
    from ..model import Report, Run, from_plain
    from ..writers import render

    links: dict[str, str] = {}
    folder = out / WORST_PAGES
    for rank, row in enumerate(worst, 1):
        (stored,) = store.db.execute("SELECT report FROM documents WHERE id = ?", (row["id"],)).fetchone() or (None,)
        if not stored:
            continue
        try:
            report = from_plain(Report, json.loads(stored))
        except (ValueError, TypeError, KeyError):  # a report kept by another schema version: no page, still listed
            continue
        name = f"{rank:03d}-{_safe_name(row['id'])}.html"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(render("html", Run.of(report)), encoding="utf-8")
        links[row["id"]] = f"{WORST_PAGES}/{name}"
    return links


def _safe_name(doc_id: str, limit: int = 80) -> str:
    keep = "".join(c if c.isalnum() or c in "-_." else "_" for c in doc_id.rsplit("/", 1)[-1])
    return keep[:limit] or "document"


def _html(s: dict[str, Any], links: dict[str, str] | None = None) -> str:
    links = links or {}

    def table(rows: list[list[Any]], head: list[str]) -> str:
        return ("<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>"
                + "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in r) + "</tr>" for r in rows) + "</table>")

    def _cell(c: Any) -> str:
        if isinstance(c, tuple):  # (text, link)
            text, link = c
            return f"<a href='{escape(link, quote=True)}'>{escape(str(text))}</a>" if link else escape(str(text))
        return escape(str(c))

    body = [
        f"<h1>integrity audit</h1><p>{s['documents']} documents · "
        + escape(", ".join(f"{n} {k}" for k, n in sorted(s["by_status"].items()))) + f" · {escape(_mean_text(s))}</p>",
        "<h2>Score distribution</h2>" + _bars_svg(list(s["score_distribution"].items())),
        "<h2>Findings by rule</h2>" + _bars_svg([(r["rule_id"], r["findings"]) for r in s["findings_by_rule"][:15]]),
        "<h2>Worst articles</h2>" + table([[w["score"], (w["id"], links.get(w["id"])), w["title"] or ""] for w in s["worst"]],
                                              ["score", "document", "title"]),
    ]
    if s["trend_by_month"]:
        body.append("<h2>Mean score by publication month</h2>"
                    + _bars_svg([(t["month"], t["mean_score"]) for t in s["trend_by_month"][-24:]]))
    if s["images_reused"]:
        body.append("<h2>One image, several articles (different captions or dates)</h2>" + table(
            [[r["phash"], r["documents"], r["captions"], r["dates"], ", ".join(r["examples"])] for r in s["images_reused"]],
            ["pHash", "articles", "captions", "dates", "examples"]))
    if s["failures"]:
        body.append("<h2>Not scanned</h2>" + table([[f["code"], f["documents"], f["example"] or ""] for f in s["failures"]],
                                                 ["reason", "documents", "example"]))
    css = ("body{font:14px system-ui,sans-serif;max-width:60rem;margin:2rem auto}"
           "td,th{padding:.2rem .5rem;text-align:left;border-bottom:1px solid #eee;overflow-wrap:anywhere}")
    return (
        "<!doctype html><html><head><meta charset=utf-8>"
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>integrity audit</title><style>{css}</style></head><body>" + "\n".join(body) + "</body></html>\n"
    )


def write_outputs(store: Store, out: Path, parquet: bool = True) -> list[Path]:
    written: list[Path] = []
    summary = summarise(store)
    for name, text in (
        ("summary.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n"),
        ("summary.md", _markdown(summary)),
        ("summary.html", _html(summary, _worst_pages(store, summary["worst"], out))),
    ):
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    from . import article50_summary

    written += article50_summary.write(store, out)  # with --profile eu-ai-act: the Article 50 summary
    with open(out / "documents.jsonl", "w", encoding="utf-8") as fh:
        for doc_id, status, code, reason, report in store.rows(
            "SELECT id, status, code, reason, report FROM documents ORDER BY id"
        ):
            fh.write(
                (
                    report
                    if report
                    else json.dumps(
                        {"id": doc_id, "status": status, "code": code, "reason": reason}, ensure_ascii=False
                    )
                )
                + "\n"
            )
    written.append(out / "documents.jsonl")
    with open(out / "documents.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_FIELDS)
        for row in store.rows(f"SELECT {', '.join(CSV_FIELDS)} FROM documents ORDER BY id"):
            w.writerow(row)
    written.append(out / "documents.csv")
    if parquet:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            return written
        schema = pa.schema([(name, pa.int64() if name in _INT_FIELDS else pa.string()) for name in CSV_FIELDS])
        cursor = store.db.execute(f"SELECT {', '.join(CSV_FIELDS)} FROM documents ORDER BY id")
        with pq.ParquetWriter(out / "documents.parquet", schema) as writer:
            while rows := cursor.fetchmany(10_000):  # batches: memory stays flat however large the audit
                writer.write_table(pa.table({n: [r[k] for r in rows] for k, n in enumerate(CSV_FIELDS)}, schema=schema))
        written.append(out / "documents.parquet")
    return written
