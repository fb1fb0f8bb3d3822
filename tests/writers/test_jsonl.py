"""JSON Lines: each line is one report, the same object the JSON writer makes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

import integrity
from integrity.writers import render
from integrity.writers.json import report_dict
from tests.writers.canonical_run import canonical_run

SCHEMA = json.loads((Path(integrity.__file__).parent / "schemas" / "report.schema.json").read_text())


def test_one_report_per_line_equal_to_report_dict() -> None:
    run = canonical_run()
    text = render("jsonl", run)
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(run.reports)
    report_schema = {**SCHEMA["$defs"]["report"], "$defs": SCHEMA["$defs"]}
    for line, report in zip(lines, run.reports, strict=False):
        data = json.loads(line)
        assert data == json.loads(json.dumps(report_dict(report)))
        jsonschema.validate(data, report_schema, cls=jsonschema.Draft202012Validator)
    assert "\r" not in text  # a hostile caption's CR/LF stay escaped inside their line
