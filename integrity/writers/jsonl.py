"""JSON Lines: one report per line, the same object as a single-report JSON file.

For log pipelines and ``jq -c``: each line is ``report_dict`` from the JSON
writer, so both formats share one schema (``integrity/schemas/report.schema.json``).
"""

from __future__ import annotations

import json

from ..model import Run
from .json import report_dict


def write(run: Run) -> str:
    return "".join(json.dumps(report_dict(r), ensure_ascii=False, separators=(",", ":")) + "\n" for r in run.reports)
