"""Where does coverage guidance add coverage? ``python -m fuzz.compare [--inputs N] [--targets a,b]``

For each target, the same number N of inputs three ways, all measured by the
same yardstick (libFuzzer's count of instrumented branch edges in integrity,
via atheris):

  seeds      the target's seeds alone
  mutation   N inputs of the mutation campaign (fuzz/targets.py's ``mutate``)
  atheris    N inputs of coverage-guided fuzzing, starting from the seeds
  both       the mutation inputs and the corpus atheris kept, together: what
             atheris reached that the mutation campaign did not is both - mutation

Needs the ``fuzz`` extra. Each measurement runs in its own process.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from .atheris_run import HERE, _target_names

ROOT = HERE.parent
COV = re.compile(r"#\d+\s+(?:INITED|DONE|pulse|NEW|REDUCE)\s+cov: (\d+) ft: (\d+)")


def _coverage(target: str, corpus: Path, runs: int, seed: int, *more: Path) -> tuple[int, int]:
    """(edges, features) libFuzzer reports at the end of a run over ``corpus`` plus ``runs`` new inputs."""
    with tempfile.TemporaryDirectory() as crashes:
        out = subprocess.run(
            [sys.executable, "-m", "fuzz", "--atheris", target, f"--corpus={corpus}", f"--crashes={crashes}",
             f"-runs={runs}", f"-seed={seed}", "-print_final_stats=0", *map(str, more)],
            cwd=ROOT, capture_output=True, text=True)
    found = COV.findall(out.stdout + out.stderr)
    if not found:
        raise RuntimeError(f"{target}: no coverage line in libFuzzer's output:\n{out.stderr[-2000:]}")
    return int(found[-1][0]), int(found[-1][1])


def compare(target: str, inputs: int, seed: int) -> dict[str, tuple[int, int]]:
    from .targets import TARGETS, mutate

    seeds = TARGETS[target].seeds() or [b""]
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        (root / "seeds").mkdir()
        (root / "mutation").mkdir()
        (root / "atheris").mkdir()
        for k in range(inputs):
            (root / "mutation" / f"m{k:07d}").write_bytes(mutate(rng, rng.choice(seeds), seeds))
        return {
            "seeds": _coverage(target, root / "seeds", 0, seed),
            "mutation": _coverage(target, root / "mutation", 0, seed),  # the seeds are added to every corpus
            "atheris": _coverage(target, root / "atheris", inputs, seed),  # keeps what reached new code
            "both": _coverage(target, root / "mutation", 0, seed, root / "atheris"),
        }


def main() -> int:
    ap = argparse.ArgumentParser(prog="python -m fuzz.compare")
    ap.add_argument("--inputs", type=int, default=10_000)
    ap.add_argument("--targets", default=",".join(_target_names()))
    ap.add_argument("--seed", type=int, default=20261124)
    args = ap.parse_args()
    print(f"branch edges (features) covered in integrity with {args.inputs} inputs per target, seed {args.seed}")
    print(f"{'target':<10}{'seeds':>16}{'mutation':>16}{'atheris':>16}{'both':>16}{'atheris adds':>14}")
    for name in [n for n in args.targets.split(",") if n]:
        r = compare(name, args.inputs, args.seed)
        gain = r["both"][0] - r["mutation"][0]
        cells = "".join(f"{f'{e} ({f})':>16}" for e, f in (r["seeds"], r["mutation"], r["atheris"], r["both"]))
        print(f"{name:<10}{cells}{gain:>+14}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
