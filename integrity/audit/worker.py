"""Scan one task (a shard of work items) in whatever process runs it.

The checker is built once per process and reused; WARC indexes are opened
once per process. A result is small and plain (no Article, no bytes), so it
crosses process and Dask boundaries cheaply.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..config import Config
from ..model import Report
from ..pipeline import Checker
from ..sources.archives import ArchiveLimits, MemberRef, read_member
from ..sources.document import InputError
from ..sources.file import read_document
from ..sources.wacz import member_opener
from ..sources.warc import WarcIndex, file_opener, page_document
from ..writers.json import report_dict
from .plan import Item


@dataclass
class Result:
    id: str
    source: str
    url: str
    key: str
    status: str  # scanned | failed
    reason: str = ""
    code: str = ""
    content_sha256: str = ""
    score: int | None = None
    subscores: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # findings by severity
    findings: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    report: dict[str, Any] | None = None
    seconds: float = 0.0
    # the eu-ai-act profile's answers, small: images/videos seen, the text's status, each AI item's disclosure
    article50: dict[str, Any] | None = None


@dataclass(frozen=True)
class TaskSettings:
    config: Config
    limits: ArchiveLimits
    keep_reports: bool = True
    # called in the worker with each item before it is scanned; it must pickle (a module-level
    # function). The crash tests install one that SIGKILLs its own worker on a chosen document.
    before_item: Callable[[Item], None] | None = None


_checkers: dict[Config, Checker] = {}


def _checker(config: Config) -> Checker:
    c = _checkers.get(config)
    if c is None:
        c = _checkers[config] = Checker(config)
    return c


@lru_cache(maxsize=8)
def _index(path: str, member: str) -> WarcIndex:
    return WarcIndex.open(path, member)  # the SQLite index plan.py wrote in this audit's own --out folder


def _report_for(item: Item, checker: Checker, settings: TaskSettings) -> Report:
    if item.refused:
        return checker.failed(item.id, item.code or "input.refused", item.refused)
    max_bytes = settings.config.max_document_bytes
    try:
        if item.kind == "file":
            from pathlib import Path

            return checker.check_document(read_document(Path(item.container), max_bytes))
        if item.kind == "member":
            return checker.check_document(read_member(MemberRef(item.container, item.member, 0), settings.limits))
        if item.kind in ("warc", "wacz"):
            index = _index(item.index_file, item.member)
            opener = file_opener(item.container) if item.kind == "warc" else member_opener(item.container, item.member)
            ref = index.at(item.offset)
            if ref is None:
                return checker.failed(item.id, "warc.corrupt", "record no longer in the index")
            return checker.check_document(page_document(opener, index, ref, item.id, max_bytes))
    except InputError as exc:
        return checker.failed(item.id, exc.code, exc.message)
    return checker.failed(item.id, "input.unrecognized", f"unknown item kind {item.kind!r}")


def _result(item: Item, report: Report, seconds: float, keep_report: bool) -> Result:
    doc = report.document
    if not report.ok:
        err = report.errors[0] if report.errors else None
        return Result(item.id, item.container, item.url, item.key, "failed", err.message if err else doc.status,
                      err.code if err else doc.status, doc.sha256 or "", seconds=seconds,
                      report=report_dict(report) if keep_report else None)
    counts = {s: 0 for s in ("info", "warning", "error", "critical")}
    for f in report.findings:
        counts[f.severity] += 1
    return Result(
        item.id, item.container, item.url, item.key, "scanned", content_sha256=doc.sha256 or "",
        score=report.score, subscores=dict(report.subscores), counts=counts,
        findings=[{"rule_id": f.rule_id, "severity": f.severity, "line": f.location.line if f.location else None,
                   "message": f.message} for f in report.findings],
        images=[{"src": i.src, "status": i.status, "ai": (i.evidence or {}).get("ai"),
                 "credentials": ((i.evidence or {}).get("credentials") or {}).get("state"),
                 "phash": i.phash, "caption": i.caption or i.label, "hashes": i._hashes} for i in report.images],
        title=doc.title, published=doc.published, seconds=seconds,
        report=report_dict(report) if keep_report else None, article50=_article50(report),
    )


def _article50(report: Report) -> dict[str, Any] | None:
    view = report.article50
    if view is None:
        return None
    return {"images": view.images_seen, "videos": view.videos_seen, "text": view.text.status,
            "media": [{"index": m.index, "media": m.media, "ai": m.ai, "disclosure": m.disclosure} for m in view.media]}


def run_task(items: list[Item], settings: TaskSettings) -> list[Result]:
    """Scan every item of one task; never raises for an input's fault."""
    checker = _checker(settings.config)
    out: list[Result] = []
    for item in items:
        if settings.before_item is not None:
            settings.before_item(item)
        t0 = time.perf_counter()
        try:
            report = _report_for(item, checker, settings)
        except MemoryError:  # reading it out of its archive, before the document's own memory bound
            report = checker.failed(item.id, "document.memory", "out of memory while reading this document")
        except Exception as exc:  # noqa: BLE001 - one document's crash must not cost the others
            report = checker.failed(item.id, "internal.error", f"{type(exc).__name__}: {exc}")
        out.append(_result(item, report, time.perf_counter() - t0, settings.keep_reports))
    return out
