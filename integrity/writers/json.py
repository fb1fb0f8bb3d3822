"""JSON: the machine format; its shape is ``integrity/schemas/report.schema.json``."""

from __future__ import annotations

import json
from typing import Any

from ..model import Report, Run, to_plain


def report_dict(report: Report) -> dict[str, Any]:
    data = to_plain(report)
    data = {"schema_version": data.pop("schema_version"), **data}
    return data


def run_dict(run: Run) -> dict[str, Any]:
    return {
        "schema_version": run.schema_version,
        "tool": to_plain(run.tool),
        "summary": run.summary(),
        "reports": [report_dict(r) for r in run.reports],
    }


def report_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"


def write(run: Run) -> str:
    return json.dumps(run_dict(run), indent=2, ensure_ascii=False) + "\n"
