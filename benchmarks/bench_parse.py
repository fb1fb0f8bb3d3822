"""Tree building: integrity's tree (turbohtml's HTML5 parse, copied with every text run placed in
the source) vs turbohtml's parse alone vs the standard library's html.parser (driven with empty
handlers, a lower bound for any tree built on it) vs lxml, on the real corpus pages, in one run.
``python benchmarks/bench_parse.py``"""

from __future__ import annotations

import gzip
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "articles"


def main() -> int:
    if not CORPUS.is_dir():
        print("../shared/corpora is not beside the clone; nothing to measure")
        return 0
    from integrity.parse.html_tree import build_tree

    pages = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in sorted(CORPUS.rglob("*.html.gz"))]

    def ours() -> None:
        for p in pages:
            build_tree(p)

    def stdlib() -> None:
        for p in pages:
            parser = HTMLParser(convert_charrefs=False)
            parser.feed(p)
            parser.close()

    import turbohtml

    runs = {
        "integrity tree (HTML5 + offsets)": ours,
        "turbohtml.parse alone (C)": lambda: [turbohtml.parse(p, scripting=True) for p in pages],
        "html.parser, empty handlers": stdlib,
    }
    try:
        import lxml.html

        runs["lxml.html.fromstring (C)"] = lambda: [lxml.html.fromstring(p.encode()) for p in pages if p.strip()]
    except ImportError:
        pass
    times = {}
    for name, fn in runs.items():
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        times[name] = best
    base = times["html.parser, empty handlers"]
    print(f"{len(pages)} pages, best of 3")
    for name, t in times.items():
        print(f"  {name:<36}{t * 1000 / len(pages):7.2f} ms/page   {t / base:5.2f}x html.parser")
    return 0


if __name__ == "__main__":
    sys.exit(main())
