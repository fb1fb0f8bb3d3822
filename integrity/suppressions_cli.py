"""``integrity suppressions list PATH...``: every accepted inline suppression, with its reason.

What an editor audits before a story goes out: which findings were waved
through, by which directive, and why. Only directives that hid something are
listed (the unused ones are findings of their own in every scan). The output
is one line per suppression (``path:line:col: directive rules -- reason``,
``(no reason)`` when it gives none) or JSON with the hidden rule ids; the
exit code is 0, or 2 if an input could not be scanned, as for ``scan``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .model import Report

EXIT_OK, EXIT_ERROR = 0, 2


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("suppressions", help="list the inline suppressions that hid findings, with their reasons")
    actions = p.add_subparsers(dest="suppressions_command", metavar="ACTION")
    ls = actions.add_parser("list", help="every suppression that hid a finding, where it is and why")
    ls.add_argument("paths", nargs="+", metavar="PATH")
    ls.add_argument("--format", "-f", choices=("text", "json"), default="text")
    ls.add_argument("--config", type=Path, metavar="FILE")
    ls.add_argument("--kind", choices=("html", "text", "markdown"))


def records(reports: list[Report]) -> list[dict[str, object]]:
    return [
        {"source": r.document.source, "line": s.location.line, "column": s.location.column, "directive": s.directive,
         "rules": list(s.rules) or ["*"], "reason": s.reason, "suppressed": list(s.suppressed)}
        for r in reports for s in r.suppressions
    ]


def run(args: argparse.Namespace) -> int:
    from .cli import _Inputs, _say_not_scanned
    from .model import Run
    from .pipeline import TOOL

    reports = _Inputs(args).scan(args.paths)  # the same file selection and per-file config as 'scan'
    rows = records(reports)
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            hid = len(row["suppressed"])  # type: ignore[arg-type]
            print(f"{row['source']}:{row['line']}:{row['column']}: {row['directive']} {', '.join(row['rules'])}"  # type: ignore[arg-type]
                  f" -- {row['reason'] or '(no reason)'} [hid {hid} finding{'' if hid == 1 else 's'}]")
        without = sum(1 for row in rows if not row["reason"])
        print(f"{len(rows)} suppression{'' if len(rows) == 1 else 's'}, {without} without a reason", file=sys.stderr)
    run_ = Run(tool=TOOL, reports=tuple(reports))
    _say_not_scanned(run_)
    return EXIT_ERROR if run_.failed else EXIT_OK
