"""A text-only scan and ``--version`` start without the image, C2PA, HTML-tree or network stacks.

Each case runs in a fresh interpreter (the test process has long since imported everything) and reads
``sys.modules`` after the real CLI or library path has run on a vendored text article.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "fixtures" / "articles" / "clean-council-budget.txt"
HEAVY = ("numpy", "PIL", "imagehash", "c2pa", "http.client", "socket", "ssl", "integrity.parse.html_tree",
         "integrity.parse.html", "asyncio", "pywt")
# the other commands' modules: a scan builds only its own part of the command line (--version builds it all)
OTHER_COMMANDS = ("sqlite3", "integrity.known_images.cli", "integrity.known_images.store", "integrity.service",
                  "integrity.suppressions_cli")

_CLI = """
import contextlib, io, json, sys
from integrity.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        code = main({argv!r})
    except SystemExit as exc:
        code = exc.code
sys.stderr.write(json.dumps({{"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}}))
"""

_LIBRARY = """
import json, sys
import integrity
report = integrity.check_file({path!r})
sys.stderr.write(json.dumps({{"code": 0, "out": type(report).__name__, "modules": sorted(sys.modules)}}))
"""


def _run(source: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120)
    return json.loads(proc.stderr.strip().splitlines()[-1])


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m in HEAVY or m.split(".")[0] in HEAVY]


@pytest.mark.parametrize("argv", [["--version"], ["scan", str(ARTICLE)]], ids=["version", "scan-text"])
def test_cli_start_up_stays_light(argv):
    result = _run(_CLI.format(argv=argv))
    assert "integrity" in result["modules"]  # the CLI really ran in that interpreter
    if argv == ["--version"]:
        assert result["out"].strip()
    else:
        assert result["code"] in (0, 1)
        assert "Found 0 findings in 1 document." in result["out"]  # the concise view: piped, no terminal
        assert [m for m in OTHER_COMMANDS if m in result["modules"]] == []
    assert _heavy(result["modules"]) == []


def test_library_text_check_stays_light():
    result = _run(_LIBRARY.format(path=str(ARTICLE)))
    assert result["out"] == "Report" and "integrity.pipeline" in result["modules"]
    assert _heavy(result["modules"]) == []


def test_a_registry_command_still_loads_hashing(tmp_path):
    """The lazy imports defer the image stack; they do not lose it (what must still happen)."""
    reg = tmp_path / "r.sqlite"
    result = _run(_CLI.format(argv=["registry", "match", "--registry", str(reg), str(ARTICLE)]))
    assert "imagehash" in result["modules"]


def test_an_html_scan_still_builds_the_tree():
    result = _run(_CLI.format(argv=["scan", str(ARTICLE.with_suffix(".html"))]))
    assert "Found 0 findings in 1 document." in result["out"]
    assert "integrity.parse.html_tree" in result["modules"]


def test_a_warm_text_scan_parses_no_yaml(tmp_path):
    """Once the rule data's parse is cached, a text scan reads it back without importing PyYAML; a cold one
    parses (what must still happen), and both give the same concise report."""
    env = {**os.environ, "INTEGRITY_CACHE_DIR": str(tmp_path / "cache")}
    runs = []
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", _CLI.format(argv=["scan", str(ARTICLE)])], capture_output=True,
                              text=True, env={**env, "PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=120)
        runs.append(json.loads(proc.stderr.strip().splitlines()[-1]))
    cold, warm = runs
    assert "yaml" in cold["modules"] and "yaml" not in warm["modules"]
    assert warm["out"] == cold["out"] and "Found 0 findings in 1 document." in warm["out"]
