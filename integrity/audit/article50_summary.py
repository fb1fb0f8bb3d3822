"""The audit's EU AI Act Article 50 summary (``--profile eu-ai-act``): article50.json / .md / .html.

How many articles, images and videos the audit read; of the images and videos with
AI evidence, how many are disclosed both ways, machine-readable only, visible only
or undisclosed; how many articles disclose AI-made text, name a person or desk
holding editorial responsibility, both or neither — overall and per month of the
articles' dates. Made from the store's ``article50`` tables (filled only when the
profile was on), beside summary.json and its siblings; words come from
``integrity/data/article50.toml`` like the per-article section's.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from ..article50 import load_data
from .store import Store

DISCLOSURES = ("both", "machine-readable-only", "visible-only", "none")
KEYS = {"both": "disclosed", "machine-readable-only": "machine_readable_only", "visible-only": "visible_only",
        "none": "undisclosed"}
TEXT_STATUSES = ("disclosed", "editorial-responsibility", "disclosed-and-responsibility", "neither")
UNDATED = "undated"
_COLOURS = {"both": "#2a7", "machine-readable-only": "#e8a317", "visible-only": "#7aa7e8", "none": "#d0021b"}


def _empty() -> dict[str, Any]:
    return {"articles": 0, "images": 0, "videos": 0, "ai_images": 0, "ai_videos": 0,
            **{KEYS[d]: 0 for d in DISCLOSURES}, "articles_with_undisclosed": 0,
            "text": {s: 0 for s in TEXT_STATUSES}}


def summarise(store: Store) -> dict[str, Any] | None:
    """The summary, or None when no document of the audit was scanned with the profile on."""
    total = _empty()
    months: dict[str, dict[str, Any]] = {}
    rows = store.rows(
        "SELECT a.doc_id, a.images, a.videos, a.text_status, substr(d.published, 1, 7) FROM article50 a "
        "JOIN documents d ON d.id = a.doc_id WHERE d.status = 'scanned' ORDER BY a.doc_id")
    seen = False
    media: dict[str, list[tuple[str, str]]] = {}
    for doc_id, media_kind, disclosure in store.rows(
            "SELECT m.doc_id, m.media, m.disclosure FROM article50_media m JOIN documents d ON d.id = m.doc_id "
            "WHERE d.status = 'scanned'"):
        media.setdefault(doc_id, []).append((media_kind, disclosure))
    for doc_id, images, videos, text_status, month in rows:
        seen = True
        key = month if month and len(month) == 7 and month[4] == "-" else UNDATED
        for bucket in (total, months.setdefault(key, _empty())):
            bucket["articles"] += 1
            bucket["images"] += images
            bucket["videos"] += videos
            bucket["text"][text_status] = bucket["text"].get(text_status, 0) + 1
            items = media.get(doc_id, [])
            for kind, disclosure in items:
                bucket["ai_videos" if kind == "video" else "ai_images"] += 1
                bucket[KEYS[disclosure]] += 1
            if any(d == "none" for _, d in items):
                bucket["articles_with_undisclosed"] += 1
    if not seen:
        return None
    by_month = [{"month": m, **months[m]} for m in sorted(k for k in months if k != UNDATED)]
    if UNDATED in months:
        by_month.append({"month": UNDATED, **months[UNDATED]})
    return {"profile": "eu-ai-act", "regulation": "Regulation (EU) 2024/1689, Article 50", **total, "by_month": by_month}


def _words(group: str, key: str) -> str:
    return load_data().word(group, key)


_COLUMNS = [("articles", "articles"), ("images", "images"), ("videos", "videos"), ("ai_images", "AI images"),
            ("ai_videos", "AI videos")] + [(KEYS[d], d) for d in DISCLOSURES] + [
            ("articles_with_undisclosed", "articles with undisclosed AI media")]


def _head(key: str, label: str) -> str:
    return _words("disclosure_short", label) if label in DISCLOSURES else label


def markdown(s: dict[str, Any]) -> str:
    out = [f"# {_words('section', 'title')}: audit summary", ""]
    out.append(f"{s['articles']} articles, {s['images']} images, {s['videos']} videos; "
               f"{s['ai_images']} AI images and {s['ai_videos']} AI videos: "
               + ", ".join(f"{s[KEYS[d]]} {_words('disclosure', d)}" for d in DISCLOSURES) + ".")
    out += ["", "## AI images and videos by month (Art. 50(2), 50(4), 50(5))", "",
            "| month | " + " | ".join(_head(k, lab) for k, lab in _COLUMNS) + " |",
            "|---|" + "---|" * len(_COLUMNS)]
    for row in [*s["by_month"], {"month": "all", **s}]:
        out.append(f"| {row['month']} | " + " | ".join(str(row[k]) for k, _ in _COLUMNS) + " |")
    out += ["", "## Text by month (Art. 50(4))", "",
            "| month | " + " | ".join(_words("text_short", t) for t in TEXT_STATUSES) + " |",
            "|---|" + "---|" * len(TEXT_STATUSES)]
    for row in [*s["by_month"], {"month": "all", **s}]:
        out.append(f"| {row['month']} | " + " | ".join(str(row["text"].get(t, 0)) for t in TEXT_STATUSES) + " |")
    out += ["", f"_{_words('section', 'note')}_"]
    return "\n".join(out) + "\n"


def _stacked_svg(rows: list[dict[str, Any]], width: int = 640, bar: int = 20) -> str:
    """One bar per month: its AI images and videos split by disclosure, to scale of the busiest month."""
    if not rows:
        return "<p class=muted>no data</p>"
    top = max(sum(r[KEYS[d]] for d in DISCLOSURES) for r in rows) or 1
    h = bar * len(rows) + 4
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{h}' role='img' "
             "aria-label='AI images and videos by month and disclosure'>"]
    for k, r in enumerate(rows):
        y, x = k * bar + 2, 90
        parts.append(f"<text x='0' y='{y + 14}' font-size='12'>{escape(r['month'])}</text>")
        for d in DISCLOSURES:
            n = r[KEYS[d]]
            w = int((width - 140) * n / top)
            if w:
                parts.append(f"<rect x='{x}' y='{y + 3}' width='{w}' height='{bar - 7}' fill='{_COLOURS[d]}'>"
                             f"<title>{escape(_words('disclosure', d))}: {n}</title></rect>")
            x += w
        parts.append(f"<text x='{x + 6}' y='{y + 14}' font-size='12'>{sum(r[KEYS[d]] for d in DISCLOSURES)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def html(s: dict[str, Any]) -> str:
    def table(head: list[str], rows: list[list[Any]]) -> str:
        return ("<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>"
                + "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
                + "</table>")

    months = [*s["by_month"], {"month": "all", **s}]
    legend = " ".join(f"<span class=key style='background:{_COLOURS[d]}'></span>{escape(_words('disclosure', d))}"
                      for d in DISCLOSURES)
    body = [
        f"<h1>{escape(_words('section', 'title'))}: audit summary</h1>",
        f"<p>{s['articles']} articles · {s['images']} images · {s['videos']} videos · {s['ai_images']} AI images · "
        f"{s['ai_videos']} AI videos · articles with undisclosed AI media: {s['articles_with_undisclosed']}</p>",
        "<h2>AI images and videos by month</h2><p class=legend>" + legend + "</p>" + _stacked_svg(s["by_month"]),
        table(["month", *(_head(k, lab) for k, lab in _COLUMNS)], [[r["month"], *(r[k] for k, _ in _COLUMNS)]
                                                                 for r in months]),
        "<h2>Text (Art. 50(4)) by month</h2>" + table(
            ["month", *(_words("text_short", t) for t in TEXT_STATUSES)],
            [[r["month"], *(r["text"].get(t, 0) for t in TEXT_STATUSES)] for r in months]),
        f"<p class=muted>{escape(_words('section', 'note'))}</p>",
    ]
    css = ("body{font:14px system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}"
           "table{border-collapse:collapse;width:100%;table-layout:fixed;margin:1rem 0}"
           "td,th{padding:.2rem .4rem;text-align:left;border-bottom:1px solid #eee;overflow-wrap:anywhere}"
           "th{font-size:.75rem;color:#555;overflow-wrap:break-word}.muted{color:#777}svg{max-width:100%;height:auto}"
           ".key{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}")
    return ("<!doctype html><html lang=en><head><meta charset=utf-8>"
            "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<meta name=viewport content='width=device-width,initial-scale=1'>"
            f"<title>{escape(_words('section', 'title'))}: audit summary</title><style>{css}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")


def write(store: Store, out: Path) -> list[Path]:
    """article50.json, .md and .html in ``out``; nothing when the profile was off for every document."""
    s = summarise(store)
    if s is None:
        return []
    written = []
    for name, text in (("article50.json", json.dumps(s, indent=2, ensure_ascii=False) + "\n"),
                       ("article50.md", markdown(s)), ("article50.html", html(s))):
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written
