"""Audit throughput and memory, with peers in the same run, printed as ratios.

Builds WARCs from the real corpus pages (../shared/corpora/articles: the
scrapinghub, trafilatura and postlight pages) plus real images, at N records
(pages repeated with a counter so each record is distinct), then measures:

* documents/s: serial vs 2 processes vs Dask LocalCluster (2 workers);
* cold vs warm re-run (incremental: nothing changed);
* peak RSS of a serial audit at the small vs the large size (memory must not grow);
* per page: integrity's parse+check vs trafilatura ``bare_extraction`` on the same pages.

    python benchmarks/bench_audit.py --sizes 2000 20000
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(ROOT))


def corpus_pages() -> list[bytes]:
    pages = []
    for folder in ("aeb_scrapinghub/html", "trafilatura_eval", "postlight_parser"):
        for p in sorted((CORPUS / "articles" / folder).glob("*.html.gz")):
            pages.append(gzip.decompress(p.read_bytes()))
    return pages


def build_warc(path: Path, n: int, pages: list[bytes]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    images = [p.read_bytes() for p in sorted((CORPUS / "c2pa").glob("*.jpg"))[:6]]
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for k, img in enumerate(images):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://bench.example/img/{k}.jpg", "response", payload=io.BytesIO(img),
                                                http_headers=headers))
        for k in range(n):
            html = pages[k % len(pages)]
            figure = f'<figure><img src="/img/{k % len(images)}.jpg" alt="photo {k}"><figcaption>Photo {k}</figcaption></figure>'
            html = html.replace(b"</body>", figure.encode() + f"<!-- record {k} -->".encode() + b"</body>", 1)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://bench.example/page/{k}", "response", payload=io.BytesIO(html),
                                                http_headers=headers))


def _hwm_kib(pid: int) -> int:
    """The process's peak RSS so far (VmHWM), 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


def _sample_peaks(pid: int, peaks: dict[str, int], stop: threading.Event) -> None:
    """Peak RSS of the audit process and of its biggest worker, sampled (Linux /proc only)."""
    while not stop.wait(0.2):
        peaks["parent"] = max(peaks["parent"], _hwm_kib(pid))
        for child in _children(pid):
            peaks["worker"] = max(peaks["worker"], _hwm_kib(child))


def audit(warc: Path, out: Path, *extra: str) -> tuple[float, int, dict[str, int]]:
    """(seconds, peak RSS in KiB of the audit process and its waited-for workers, whichever is
    largest; the same split into parent and biggest worker, sampled) — run as a child so RSS is its own."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "integrity", "audit", str(warc), "--out", str(out), "--no-reports", *extra],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peaks, stop = {"parent": 0, "worker": 0}, threading.Event()
    sampler = threading.Thread(target=_sample_peaks, args=(proc.pid, peaks, stop), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    stop.set()
    sampler.join()
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 2):
        raise SystemExit(f"audit failed: {status}")
    return seconds, usage.ru_maxrss, peaks


def per_page(pages: list[bytes], rounds: int = 3) -> tuple[dict[str, float], float | None]:
    """CPU seconds per page, each the best of ``rounds``; the sides alternate round by round,
    so a change in the machine's load (it is shared) falls on all of them.

    Besides the whole check it times the two parse stages on their own (the offset-keeping
    tree, then tree + walk into blocks, images and bylines), so the result says how much of
    the time a faster parser could remove at most."""
    import integrity
    from integrity.config import Config
    from integrity.parse.html import parse_html
    from integrity.parse.html_tree import build_tree
    from integrity.parse.layout import Layout
    from integrity.ruledata.folders import builtin_rules_dir
    from integrity.rules.load import load_ruleset

    sample = pages[:150]
    config = Config()
    layout = Layout.from_lexicons(load_ruleset([builtin_rules_dir()]).lexicons)
    try:
        from trafilatura import bare_extraction
    except ImportError:
        bare_extraction = None
    sides = {
        "ours": lambda html: integrity.check(html, kind="html", config=config),
        "tree": lambda html: build_tree(html.decode("utf-8", errors="replace")),
        "parse": lambda html: parse_html(html.decode("utf-8", errors="replace"), "page", layout),
    }
    if bare_extraction is not None:
        sides["peer"] = lambda html: bare_extraction(html.decode("utf-8", errors="replace"))
    best = {}
    for run in sides.values():
        run(sample[0])  # one-time set-up (rules, lexicons, lazy imports) outside the timing
    for _ in range(rounds):
        for side, run in sides.items():
            t0 = time.process_time()
            for html in sample:
                run(html)
            best[side] = min(best.get(side, float("inf")), (time.process_time() - t0) / len(sample))
    peer = best.pop("peer", None)
    return best, peer


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--only", choices=("throughput", "memory", "per-page"), help="run one part (e.g. memory while the machine is busy)")
    args = ap.parse_args()
    if not (CORPUS / "articles").is_dir():
        print("../shared/corpora is not beside the clone; nothing to measure")
        return 0
    pages = corpus_pages()
    print(f"{len(pages)} distinct corpus pages; sizes {args.sizes}; {os.cpu_count()} cores")
    work = Path(tempfile.mkdtemp(prefix="bench-audit-"))
    try:
        small, large = args.sizes[0], args.sizes[-1]
        warcs = {}
        for n in sorted(set(args.sizes)):
            warcs[n] = work / f"bench-{n}.warc.gz"
            build_warc(warcs[n], n, pages)
        if args.only in (None, "throughput"):
            serial, _, _ = audit(warcs[small], work / "serial", "--engine", "serial")
            procs, _, _ = audit(warcs[small], work / "procs", "--jobs", "2")
            warm, _, _ = audit(warcs[small], work / "procs", "--jobs", "2")
            print(f"\n{small} records")
            print(f"  serial            {small / serial:8.1f} docs/s")
            print(f"  2 processes       {small / procs:8.1f} docs/s   {serial / procs:.2f}x serial   (goal >= 1.8x)")
            if not args.skip_dask:
                dask, _, _ = audit(warcs[small], work / "dask", "--jobs", "2", "--engine", "dask")
                print(f"  Dask LocalCluster {small / dask:8.1f} docs/s   {serial / dask:.2f}x serial")
            print(f"  warm re-run       {warm:8.2f} s        {procs / warm:.1f}x faster than cold (goal >= 20x)")
        if args.only in (None, "memory") and large != small:
            # ru_maxrss from wait4 is the largest of the audit process and its workers (waited-for children)
            _, rss_small, split_small = audit(warcs[small], work / "mem-small", "--jobs", "2")
            _, rss_large, split_large = audit(warcs[large], work / "mem-large", "--jobs", "2")
            print(f"\npeak RSS of the audit process: {small}: {rss_small / 1024:.0f} MiB, {large}: {rss_large / 1024:.0f} MiB, "
                  f"ratio {rss_large / rss_small:.2f} (goal <= 1.2)")
            for n, split in ((small, split_small), (large, split_large)):
                print(f"  {n}: parent {split['parent'] / 1024:.0f} MiB, biggest worker {split['worker'] / 1024:.0f} MiB (sampled)")
        if args.only not in (None, "per-page"):
            return 0
        stages, peer = per_page(pages)
        ours = stages["ours"]
        line = f"\nper page (parse + all checks, no images): integrity {ours * 1000:.1f} ms"
        if peer is not None:
            line += f", trafilatura bare_extraction {peer * 1000:.1f} ms, ratio {ours / peer:.2f} (goal <= 0.5)"
        print(line)
        tree, walk = stages["tree"], stages["parse"] - stages["tree"]
        rest = ours - stages["parse"]
        print(f"  of which: tree {tree / ours:.0%}, walk into blocks/images/bylines {walk / ours:.0%}, "
              f"checks and report {rest / ours:.0%}")
        if peer is not None:
            print(f"  with a tree that cost nothing the ratio would be {(ours - tree) / peer:.2f}; "
                  f"checks and report alone {rest / peer:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
