"""Report writers: each module is one format with ``write(run: Run) -> str``.

Every writer consumes the same :class:`~integrity.model.Run`; a new format is
one module here plus a snapshot test. :func:`render_report` is the one-report
convenience behind ``integrity.to_json(report)`` and friends: it lives here,
not on :class:`~integrity.model.Report`, so the model never imports its writers.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..model import Report, Run
from ..registry import Registry
from .json import report_json

Writer = Callable[..., str]
WRITERS: Registry[tuple[str, str]] = Registry("format")  # name -> (module, file extension)
for _name, _module, _ext in (
    ("text", "text", "txt"),
    ("json", "json", "json"),
    ("md", "markdown", "md"),
    ("html", "html", "html"),
    ("sarif", "sarif", "sarif"),
    ("github", "github", "txt"),
    ("junit", "junit", "xml"),
    ("gitlab", "gitlab", "json"),
    ("jsonl", "jsonl", "jsonl"),
    ("concise", "concise", "txt"),
    ("rdjson", "rdjson", "json"),
):
    WRITERS.add(_name, (_module, _ext))


def extension(fmt: str) -> str:
    return WRITERS[fmt][1]


def render(fmt: str, run: Run, **options: object) -> str:
    module = importlib.import_module(f"{__name__}.{WRITERS[fmt][0]}")
    return module.write(run, **options)  # type: ignore[no-any-return]


def render_report(fmt: str, report: Report, **options: object) -> str:
    """One report in ``fmt``.

    JSON is the report object itself (what ``POST /v1/check`` answers and a
    CMS stores), not a run wrapping it; every other format renders a run of
    this one report.
    """
    if fmt == "json":
        return report_json(report)
    return render(fmt, Run.of(report), **options)
