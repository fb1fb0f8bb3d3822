"""Wording and ordering shared by the human-readable writers."""

from __future__ import annotations

from ..model import SEVERITIES, DocumentInfo, Finding, Report, Span, severity_rank

SEVERITY_ICON = {"critical": "✖✖", "error": "✖", "warning": "▲", "info": "ℹ"}


def sorted_findings(report: Report) -> list[Finding]:
    """Worst first, then in reading order."""
    return sorted(
        report.findings,
        key=lambda f: (-severity_rank(f.severity), f.location.offset if f.location else -1, f.rule_id),
    )


_UNCOUNTED = frozenset({"info"})  # "3 info", as linters print it, not "3 infos"


def count_phrase(n: int, noun: str) -> str:
    """``1 warning``, ``8 warnings``, ``0 findings``: English plurals of the nouns the writers count."""
    return f"{n} {noun}" if n == 1 or noun in _UNCOUNTED else f"{n} {noun}s"


def where(span: Span | None) -> str:
    return f"{span.line}:{span.column}" if span else "-"


def severity_counts(report: Report) -> dict[str, int]:
    counts = {s: 0 for s in SEVERITIES}
    for f in report.findings:
        counts[f.severity] += 1
    return counts


def status_line(report: Report) -> str:
    if not report.ok:
        err = report.errors[0] if report.errors else None
        return f"{report.document.status}: {err.message if err else 'not scanned'}"
    counts = severity_counts(report)
    parts = [f"{n} {s}" for s, n in reversed(list(counts.items())) if n]
    return ", ".join(parts) if parts else "no findings"


def byline_line(doc: DocumentInfo) -> str | None:
    """The chosen byline in one line ("Dana Whitfield (person, read from byline)"); None when the document was not read.

    Only the chosen byline is shown: the page's other candidates are in the JSON
    report (``document.author_candidates``), not in what a person reads."""
    b = doc.byline
    if b is None:
        return None
    if b.status == "missing":
        return "none (missing: no author is named on the page or in its metadata)"
    if b.status == "empty":
        label = b.evidence.text if b.evidence is not None else ""
        return f"none (empty: the credit slot {label!r} names nobody)" if label else "none (empty credit slot)"
    return f"{', '.join(b.names)} ({b.status}, read from {b.where})"


_INVISIBLE = (
    {c for c in range(0x20) if c not in (0x09, 0x0A)}
    | {0x7F}
    | set(range(0x202A, 0x202F))
    | set(range(0x2066, 0x206A))
    | {0x200E, 0x200F, 0x061C}
)


def visible(text: str) -> str:
    """Control and bidi-override characters shown as ``\\u202e`` so they cannot spoof a report."""
    if not any(ord(c) in _INVISIBLE for c in text):
        return text
    return "".join(f"\\u{ord(c):04x}" if ord(c) in _INVISIBLE else c for c in text)


def credit_cell(img) -> str:  # type: ignore[no-untyped-def]
    """The photo credit as a report table shows it: the chosen credit and where it was found, "none"
    for an editorial photo without one, "not needed" with the reason for page furniture."""
    pc = img.photo_credit
    if pc is None:
        return img.credit or ""
    if pc.status == "credited":
        return f"{pc.credit} ({pc.source})"
    if pc.status == "missing":
        return "none"
    return f"not needed ({pc.reason})" if pc.reason else "not needed"


def image_verdict(img) -> str:  # type: ignore[no-untyped-def]
    """One line on what an image's (or video's) own data says: AI verdict, credentials, signer, generator;
    the medium first when the file is not an image (a video, a PDF in an ``<img>``)."""
    if img.status == "unresolved":
        return f"not checked: {img.problem}"
    ev = img.evidence
    if not ev:
        return ""
    cred = ev.get("credentials") or {}
    parts = [f"AI: {ev.get('ai')}"]
    if ev.get("kind") not in (None, "image"):
        parts.insert(0, f"{ev['kind']} ({ev.get('format') or 'unknown format'})")
    if cred.get("state") and cred["state"] != "none":
        parts.append(f"credentials {cred['state']}" + (f" ({cred['problem']})" if cred.get("problem") else ""))
        if cred.get("signer"):
            parts.append(f"signed by {cred['signer']}")
        gens = cred.get("claim_generators") or []
        if gens:
            parts.append("made with " + ", ".join(gens))
    if ev.get("generators"):
        parts.append("generator: " + ", ".join(ev["generators"]))
    if ev.get("rubric_signals"):
        parts.append("C2PA rubric signals: " + ", ".join(ev["rubric_signals"]))
    conformance = ev.get("conformance") or {}
    if conformance.get("status"):
        barred = conformance.get("disallowed_signals") or []
        parts.append(f"signing product {conformance['status']} on the C2PA Conforming Products List"
                     + (f" (may not emit {', '.join(barred)})" if barred else "")
                     + (f" ({'; '.join(conformance['not_covered'])})" if conformance.get("not_covered") else ""))
    return "; ".join(parts)


def article50_words(group: str, key: str) -> str:
    """How the Article 50 section words an answer (``integrity/data/article50.toml``, [words.GROUP])."""
    from ..article50 import load_data

    return load_data().word(group, key)


def article50_media_rows(view) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """One row per AI image or video of an :class:`~integrity.model.Article50View`, in the section's words."""
    rows = []
    for m in view.media:
        rows.append({
            "item": f"{m.media} {m.index}",
            "src": m.src or "(no source)",
            "ai": m.ai,
            "disclosure": article50_words("disclosure", m.disclosure),
            "visible": (", ".join(m.visible_in) + (f": “{m.visible_text}”" if m.visible_text else "")) if m.visible_in
            else "no",
            "machine_readable": ", ".join(m.machine_readable) or "no",
            "evidence": ", ".join(m.evidence),
        })
    return rows


def article50_text_line(view) -> str:  # type: ignore[no-untyped-def]
    """The text's answer in one line: status, the disclosure, who holds editorial responsibility."""
    t = view.text
    parts = [article50_words("text", t.status)]
    if t.phrase:
        parts.append(f"on the page: “{t.phrase}”")
    if t.machine_readable:
        parts.append(f"in its structured data: {t.machine_readable}")
    if t.responsibility:
        parts.append("responsibility: " + "; ".join(
            f"{article50_words('responsibility', r.kind)} {r.name}" for r in t.responsibility))
    return " — ".join(parts)
