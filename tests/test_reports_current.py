"""reports/ holds the example reports made from fixtures/articles by the command in
reports/README.md; this test regenerates them and fails when they are stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_example_reports_are_current(tmp_path: Path) -> None:
    readme = (ROOT / "reports" / "README.md").read_text(encoding="utf-8")
    command = next(line.strip() for line in readme.splitlines() if line.strip().startswith("integrity scan"))
    args = command.split()[1:]
    args[args.index("--out") + 1] = str(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "integrity", *args], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "COLUMNS": "100"},
    )
    # the examples include the seed, whose empty byline is an error: the default gate fails it, the reports are written
    assert proc.returncode == 1 and "gate failed" in proc.stderr, proc.stderr
    made = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    kept = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "reports").iterdir() if p.name != "README.md"}
    assert sorted(made) == sorted(kept), "reports/ lists other files than the command makes"
    stale = [name for name in made if made[name] != kept[name]]
    assert not stale, f"stale example reports (regenerate with: {command}): {stale}"
