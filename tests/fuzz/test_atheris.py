"""``python -m fuzz --atheris TARGET``: coverage-guided fuzzing of the mutation campaign's targets.
Skips when atheris (the ``fuzz`` extra) is not installed, except the check that its absence is a
clean message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def _run(*args: str, code: str | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "fuzz", "--atheris", *args]
    return subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=timeout)


def test_without_atheris_the_entry_says_how_to_get_it() -> None:
    blocked = "import sys; sys.modules['atheris'] = None; sys.argv[0] = 'fuzz'; from fuzz.__main__ import main; sys.exit(main())"
    run = _run("--atheris", "html", "-runs=1", code=blocked)
    assert run.returncode == 2
    assert "atheris is not installed" in run.stderr and "integrity[fuzz]" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("target", ["html", "image", "zip", "warc"])
def test_a_short_coverage_guided_run_finds_nothing_and_grows_the_corpus(tmp_path: Path, target: str) -> None:
    pytest.importorskip("atheris")
    corpus, crashes = tmp_path / "corpus", tmp_path / "crashes"
    run = _run(target, "-runs=1500", "-seed=20261124", f"--corpus={corpus}", f"--crashes={crashes}")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "INFO: Instrumenting integrity" in run.stderr  # the checker's own code steers the inputs
    assert "Done 1500 runs" in run.stderr
    assert not list(crashes.iterdir())
    seeds = [p for p in corpus.iterdir() if p.name.startswith("seed-")]
    assert seeds and len(list(corpus.iterdir())) > len(seeds), "no input reached new code"


def test_a_failing_input_is_reported_saved_and_exits_non_zero(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    code = (
        "import sys, dataclasses\n"
        "import fuzz.targets as t\n"
        "def boom(data):\n"
        "    if b'<' in data: raise ValueError('planted failure')\n"
        "t.TARGETS['html'] = dataclasses.replace(t.TARGETS['html'], run=boom)\n"
        "from fuzz.atheris_run import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    crashes = tmp_path / "crashes"
    run = _run("html", "-runs=100", f"--corpus={tmp_path / 'corpus'}", f"--crashes={crashes}", code=code)
    assert run.returncode != 0
    assert "ValueError: planted failure" in run.stdout + run.stderr  # libFuzzer prints the traceback
    saved = list(crashes.iterdir())
    assert len(saved) == 1 and b"<" in saved[0].read_bytes()
    replay = _run("html", str(saved[0]), code=code)  # replaying the saved input fails the same way
    assert replay.returncode != 0 and "planted failure" in replay.stdout + replay.stderr


def test_an_unknown_target_is_a_usage_error() -> None:
    run = _run("nosuch")
    assert run.returncode == 2 and "invalid choice" in run.stderr and "Traceback" not in run.stderr
