"""Run a fuzzing campaign: ``python -m fuzz [--inputs N] [--targets html,image,...] [--seconds S]``.

Mutates real seeds (fixtures) and feeds every target; prints inputs run,
inputs per second and failures per target. A failure is saved under
fuzz/crashes/<target>/ with the exception, and the run goes on.

``python -m fuzz --atheris TARGET [libFuzzer flags]`` fuzzes one of the same
targets coverage-guided instead (atheris; see fuzz/atheris_run.py).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from datetime import date
from pathlib import Path

SLOW = 10.0  # seconds: an input slower than this counts as a hang


def campaign(names: list[str], inputs: int, seconds: float, seed: int, out: Path | None,
             slow: float = SLOW) -> dict[str, tuple[int, int, float]]:
    """Run ``inputs`` mutated inputs over ``names`` (at most ``seconds`` in all); an input slower than
    ``slow`` seconds is a failure. A test bounds a campaign by its input count only (``seconds``
    infinite, ``slow`` a hang guard far above any input's time on a loaded machine): the same seed
    then runs the same inputs to the same verdict whatever the machine's load."""
    from .targets import TARGETS, mutate  # here, not at the top: --atheris must import integrity under instrumentation

    rng = random.Random(seed)
    results: dict[str, tuple[int, int, float]] = {}
    per_target = max(inputs // len(names), 1)
    for name in names:
        target = TARGETS[name]
        seeds = target.seeds() or [b""]
        ran = failures = 0
        t0 = time.perf_counter()
        while ran < per_target and time.perf_counter() - t0 < seconds / len(names):
            data = mutate(rng, rng.choice(seeds), seeds)
            start = time.perf_counter()
            try:
                target.run(data)
                if time.perf_counter() - start > slow:
                    raise TimeoutError(f"one input took {time.perf_counter() - start:.1f}s")
            except Exception as exc:  # noqa: BLE001 - a fuzz failure is anything that escapes
                failures += 1
                if out is not None:
                    folder = out / name
                    folder.mkdir(parents=True, exist_ok=True)
                    (folder / f"{failures:04d}.bin").write_bytes(data)
                    (folder / f"{failures:04d}.txt").write_text("".join(traceback.format_exception(exc)))
            ran += 1
        results[name] = (ran, failures, time.perf_counter() - t0)
    return results


def main() -> int:
    if sys.argv[1:2] == ["--atheris"]:
        from .atheris_run import main as atheris_main

        return atheris_main(sys.argv[2:])
    from .targets import TARGETS

    ap = argparse.ArgumentParser(prog="python -m fuzz", epilog="coverage-guided: python -m fuzz --atheris TARGET [libFuzzer flags]")
    ap.add_argument("--inputs", type=int, default=1_000_000, help="total inputs across targets")
    ap.add_argument("--seconds", type=float, default=6 * 3600, help="total time budget")
    ap.add_argument("--targets", default=",".join(TARGETS))
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--crashes", type=Path, default=Path(__file__).parent / "crashes")
    args = ap.parse_args()
    names = [n for n in args.targets.split(",") if n]
    results = campaign(names, args.inputs, args.seconds, args.seed, args.crashes)
    total = sum(r[0] for r in results.values())
    print(f"fuzz campaign {date.today()} seed {args.seed}: {total} inputs")
    print(f"{'target':<10}{'inputs':>10}{'inputs/s':>10}{'failures':>10}")
    for name, (ran, failures, secs) in results.items():
        print(f"{name:<10}{ran:>10}{ran / max(secs, 1e-9):>10.0f}{failures:>10}")
    return 1 if any(r[1] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
