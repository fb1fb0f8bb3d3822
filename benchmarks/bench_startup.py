"""Start-up: a fresh process checking one article, as a pre-publication CI step runs it.

Wall time of ``python -m integrity scan`` on the bundled seed article, against a fresh
Python that only starts (the floor every command pays) and a fresh Python that imports
trafilatura and extracts the same article (a peer doing less), each the best of
``--rounds``, all in one run. ``python benchmarks/bench_startup.py``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "articles" / "seed-pokrovsk.html"


def best_of(cmd: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    py = sys.executable
    bare = best_of([py, "-c", "pass"], args.rounds)
    # exit code 1 (findings) is the expected result for the seed: run through a wrapper that ignores it
    ours = best_of([py, "-c", "import sys, integrity.cli as c; c.main(['scan', sys.argv[1], '--format', 'json'])",
                    str(SEED)], args.rounds)
    print(f"fresh Python, nothing to do   {bare * 1000:7.0f} ms")
    print(f"integrity scan, seed article  {ours * 1000:7.0f} ms")
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return 0
    peer = best_of([py, "-c", "import sys, trafilatura; trafilatura.bare_extraction(open(sys.argv[1]).read())",
                    str(SEED)], args.rounds)
    print(f"trafilatura bare_extraction   {peer * 1000:7.0f} ms")
    print(f"ratio integrity / trafilatura {ours / peer:.2f} (start-up included; {(ours - bare) / (peer - bare):.2f} without "
          f"the bare interpreter's {bare * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
