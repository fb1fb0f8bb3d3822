"""Baselines: accept the findings an archive has today, gate only on new ones.

A baseline file is versioned JSON listing, per document, the line-free
fingerprints of its findings (rule id, kind of subject, matched words and
their sentence — never a line number), so editing above a finding does not
make it new. Document keys are paths relative to the baseline file's folder,
so a scan from another working directory still finds them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .model import Finding, Run

FORMAT = "integrity-baseline"
VERSION = 1


class BaselineError(ValueError):
    pass


def document_key(source: str, root: Path) -> str:
    """A document's path relative to ``root`` (posix), or as given when it is not a path below it."""
    path = Path(source)
    try:
        rel = os.path.relpath(path.resolve(), root.resolve())
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return Path(rel).as_posix()


@dataclass(frozen=True)
class Baseline:
    root: Path
    documents: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def known(self, source: str) -> frozenset[str]:
        return self.documents.get(document_key(source, self.root), frozenset())

    def mark(self, source: str, findings: tuple[Finding, ...]) -> tuple[tuple[Finding, ...], int]:
        """Findings not in the baseline, marked ``new=True``, and how many were known."""
        known = self.known(source)
        new = tuple(replace(f, new=True) for f in findings if f.fingerprint not in known)
        return new, len(findings) - len(new)


def baseline_dict(run: Run, root: Path) -> dict[str, Any]:
    documents: dict[str, list[dict[str, Any]]] = {}
    for report in run.reports:
        if not report.ok:
            continue
        documents[document_key(report.document.source, root)] = [
            {"fingerprint": f.fingerprint, "rule_id": f.rule_id, "severity": f.severity, "message": f.message}
            for f in sorted(report.findings, key=lambda f: (f.rule_id, f.fingerprint))
        ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "tool": {"name": run.tool.name, "version": run.tool.version},
        "documents": dict(sorted(documents.items())),
    }


def write_baseline(run: Run, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = baseline_dict(run, path.parent)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"{path}: not a baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BaselineError(f"{path}: not an integrity baseline (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise BaselineError(f"{path}: baseline version {data.get('version')!r} is not supported (expected {VERSION})")
    docs = data.get("documents")
    if not isinstance(docs, dict):
        raise BaselineError(f"{path}: \"documents\" must be an object")
    documents: dict[str, frozenset[str]] = {}
    for key, items in docs.items():
        if not isinstance(items, list) or not all(isinstance(i, dict) and isinstance(i.get("fingerprint"), str) for i in items):
            raise BaselineError(f"{path}: documents[{key!r}] must be a list of {{\"fingerprint\": ...}} objects")
        documents[key] = frozenset(i["fingerprint"] for i in items)
    return Baseline(path.parent, documents)
