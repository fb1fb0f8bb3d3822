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

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
       # str hashes (set and dict-of-set orders in integrity's code) change the branches an input takes,
       # so coverage, and with it the inputs libFuzzer keeps, differ between processes unless fixed
       "PYTHONHASHSEED": "0"}
# A run is decided by its seed and its input count, never by the clock: -reload=0 stops libFuzzer from
# re-reading the corpus folder every second (under load that happens after fewer inputs and changes
# which inputs come next), and the per-input limit is a hang guard far above any input's time on a
# loaded machine (the entry's default, 10 s, is a campaign's limit, not a test's).
DETERMINISTIC = ("-seed=20261124", "-reload=0", "-timeout=300")


def _run(*args: str, code: str | None = None, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
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
    run = _run(target, "-runs=1500", *DETERMINISTIC, f"--corpus={corpus}", f"--crashes={crashes}")
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


def test_the_same_seed_explores_the_same_inputs(tmp_path: Path) -> None:
    """Two runs of one seed keep the same corpus, input for input: a failure one run meets, every run
    meets (the image target once failed in a loaded full run and not again, because each run explored
    other inputs)."""
    pytest.importorskip("atheris")
    kept = []
    for k in range(2):
        corpus = tmp_path / f"corpus{k}"
        run = _run("image", "-runs=600", *DETERMINISTIC, f"--corpus={corpus}", f"--crashes={tmp_path / f'crashes{k}'}")
        assert run.returncode == 0, run.stderr[-3000:]
        kept.append(sorted(p.name for p in corpus.iterdir()))
    assert kept[0] == kept[1] and len(kept[0]) > len([n for n in kept[0] if n.startswith("seed-")])
