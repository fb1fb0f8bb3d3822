"""Coverage-guided fuzzing of one target with atheris (libFuzzer for Python):
``python -m fuzz --atheris TARGET [--corpus DIR] [--crashes DIR] [libFuzzer flags, e.g. -runs=N -max_total_time=S]``.

The same targets as the mutation campaign (fuzz/targets.py), but the inputs are
steered by branch coverage of ``integrity``'s own code: every module of
``integrity`` is instrumented as it is imported, and each target is first run
on its seeds inside the instrumenting import hook so that the modules it imports
lazily (image readers, C2PA, archives) are instrumented too.

The corpus folder (default ``fuzz/corpus/TARGET``, seeded from the target's
seeds) keeps every input that reached new code, so a later run starts where the
last one stopped. An input that raises, or runs longer than ``-timeout``
seconds (default 10, the mutation campaign's limit), is a failure: libFuzzer
prints the traceback, saves the input under ``--crashes`` (default
``fuzz/crashes/atheris/TARGET/``) and exits non-zero; replay it with
``python -m fuzz --atheris TARGET path/to/crash-file``.

Needs the ``fuzz`` extra: ``pip install 'integrity[fuzz]'``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TIMEOUT = 10  # seconds per input, as fuzz.__main__.SLOW
EXIT_USAGE = 2


def _target_names() -> list[str]:
    """The target names without importing integrity (it must be imported under instrumentation)."""
    import ast

    tree = ast.parse((HERE / "targets.py").read_text())
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Target" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.append(first.value)
    return names


def _seed_corpus(folder: Path, seeds: list[bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for data in seeds:
        (folder / f"seed-{hashlib.sha1(data).hexdigest()}").write_bytes(data)


def instrumented_target(atheris: Any, name: str) -> tuple[Callable[[bytes], None], list[bytes]]:
    """Import the targets (and so integrity) under atheris's instrumentation; warm the target up on
    its seeds inside the hook so lazily imported readers are instrumented as well."""
    with atheris.instrument_imports(include=["integrity", "fuzz"]):
        from fuzz import targets

        target = targets.TARGETS[name]
        seeds = target.seeds() or [b""]
        for data in seeds:
            try:
                target.run(data)
            except Exception:  # noqa: BLE001 - a seed that fails is libFuzzer's to report, with its input
                pass
    return target.run, seeds


def main(argv: list[str]) -> int:
    names = _target_names()
    ap = argparse.ArgumentParser(prog="python -m fuzz --atheris", allow_abbrev=False,
                                 description="coverage-guided fuzzing of one target with atheris (libFuzzer); "
                                             "any argument starting with a single '-' goes to libFuzzer")
    ap.add_argument("target", choices=names)
    ap.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: fuzz/corpus/TARGET)")
    ap.add_argument("--crashes", type=Path, default=None, help="where failing inputs go (default: fuzz/crashes/atheris/TARGET)")
    args, rest = ap.parse_known_args(argv)
    bad = [a for a in rest if a.startswith("--")]
    if bad:
        ap.error(f"unrecognized arguments: {' '.join(bad)}")
    try:
        atheris = importlib.import_module("atheris")  # the fuzz extra; untyped
    except ImportError as exc:
        print(f"python -m fuzz --atheris: atheris is not installed ({exc}); pip install 'integrity[fuzz]'", file=sys.stderr)
        return EXIT_USAGE

    flags = [a for a in rest if a.startswith("-")]
    inputs = [a for a in rest if not a.startswith("-")]  # files to replay, or extra corpus folders
    run, seeds = instrumented_target(atheris, args.target)
    crashes = args.crashes or HERE / "crashes" / "atheris" / args.target
    crashes.mkdir(parents=True, exist_ok=True)
    if not any(f.startswith("-timeout=") for f in flags):
        flags.append(f"-timeout={TIMEOUT}")
    if not any(f.startswith("-artifact_prefix=") for f in flags):
        flags.append(f"-artifact_prefix={crashes}/")
    replay = bool(inputs) and all(Path(p).is_file() for p in inputs)
    if replay:
        corpus: list[str] = inputs  # libFuzzer runs just these files
    else:
        folder = args.corpus or HERE / "corpus" / args.target
        _seed_corpus(folder, seeds)
        corpus = [str(folder), *inputs]

    def one_input(data: bytes) -> None:
        run(data)

    atheris.Setup([f"fuzz-{args.target}", *flags, *corpus], one_input)
    atheris.Fuzz()  # libFuzzer exits the process: 0 when the runs are done, non-zero on a failure
    return 0
