"""Image analysis time against two peers measured in the same run.

Peers: a plain full-resolution Pillow decode (`Image.open(p).load()`) and a
naive perceptual hash (`imagehash.phash(Image.open(p))`). The goal is image
analysis at or below the cost of the plain decode. Every timing includes
reading the file. Run: `python benchmarks/bench_images.py [--repeat N] [DIR...]`.

`--c2pa` times integrity's Content Credentials read (`read_credentials`:
reader, validation, summary, rubric, product) against the bare c2pa-python
read it is built on (open and validate, then the store JSON), on every image
that carries a manifest: the ratio is what integrity adds to the library.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from integrity.images import analyse_image  # noqa: E402  (also registers HEIF opener)
from integrity.images.sniff import sniff_format  # noqa: E402

# peers warn on palette images with byte transparency; keep the table readable
warnings.filterwarnings("ignore", category=UserWarning, module="PIL")

CORPORA = ROOT / ".." / "shared" / "corpora"
DEFAULT_DIRS = [CORPORA / "c2pa", CORPORA / "ai-metadata"]
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".heic", ".tif", ".tiff", ".gif", ".bmp"}


def plain_decode(path: Path) -> None:
    with Image.open(path) as im:
        im.load()


def naive_phash(path: Path) -> None:
    import imagehash

    imagehash.phash(Image.open(path))


def analyse(path: Path) -> None:
    analyse_image(path.read_bytes(), name=path.name)


def best_of(fn, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        try:
            fn(path)
        except Exception:  # noqa: BLE001 - a peer failing on a hostile file still costs time
            pass
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--per-file", action="store_true")
    ap.add_argument("--threads", type=int, default=0, help="also time the whole set on N threads")
    ap.add_argument("--c2pa", action="store_true", help="also time the C2PA read against the bare c2pa-python read")
    args = ap.parse_args(argv)
    paths = sorted(p for d in args.dirs if d.is_dir() for p in d.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not paths:
        print("no images found (corpora missing?)")
        return 0
    for p in paths[:3]:  # warm caches: trust lists, rules, libraries
        analyse(p)
    totals = {"analyse": 0.0, "decode": 0.0, "phash": 0.0}
    by_format: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    ratios = []
    for p in paths:
        a = best_of(analyse, p, args.repeat)
        d = best_of(plain_decode, p, args.repeat)
        h = best_of(naive_phash, p, args.repeat)
        totals["analyse"] += a
        totals["decode"] += d
        totals["phash"] += h
        ratios.append(a / d if d > 0 else float("nan"))
        fmt = by_format[sniff_format(p.read_bytes()[:32]) or "?"]
        fmt[0] += a
        fmt[1] += d
        fmt[2] += 1
        if args.per_file:
            print(
                f"{p.name:50} analyse {a * 1e3:7.1f} ms  decode {d * 1e3:7.1f} ms"
                f"  phash {h * 1e3:7.1f} ms  ratio {a / d:5.2f}"
            )
    n = len(paths)
    print(f"images: {n} (best of {args.repeat})")
    for k, v in totals.items():
        print(f"  {k:8} total {v * 1e3:8.1f} ms   mean {v / n * 1e3:6.1f} ms/image")
    print(f"analysis / plain full decode: {totals['analyse'] / totals['decode']:.2f}x (total time)")
    print(f"analysis / naive phash:       {totals['analyse'] / totals['phash']:.2f}x (total time)")
    print(f"per-image ratio to decode: median {statistics.median(ratios):.2f}x, max {max(ratios):.2f}x")
    for name, (a, d, count) in sorted(by_format.items()):
        print(f"  {name:5} {count:3} images: analysis / decode {a / d:.2f}x ({a * 1e3:.1f} vs {d * 1e3:.1f} ms)")
    if args.threads > 1:
        from concurrent.futures import ThreadPoolExecutor

        datas = [p.read_bytes() for p in paths]
        t0 = time.perf_counter()
        for data in datas:
            analyse_image(data)
        serial = time.perf_counter() - t0
        with ThreadPoolExecutor(args.threads) as pool:
            t0 = time.perf_counter()
            list(pool.map(analyse_image, datas))
            threaded = time.perf_counter() - t0
        print(f"threads: {args.threads} -> {serial / threaded:.2f}x the serial throughput (bytes in memory)")
    if args.c2pa:
        c2pa_section(paths, args.repeat)
    return 0


def c2pa_section(paths: list[Path], repeat: int) -> None:
    """integrity's C2PA read against the bare library read, best of `repeat`, same files, same run."""
    import io

    import c2pa

    from integrity.images.c2pa_reader import _context, read_credentials
    from integrity.images.generator_rules import load_generator_rules
    from integrity.images.settings import DEFAULT_SETTINGS
    from integrity.images.sniff import MIME_TYPES

    rules = load_generator_rules(DEFAULT_SETTINGS.rules_path())
    context = _context(DEFAULT_SETTINGS)

    def ours(fmt: str, data: bytes) -> None:
        read_credentials(fmt, data, DEFAULT_SETTINGS, rules)

    def bare(fmt: str, data: bytes) -> None:
        try:
            with c2pa.Reader(MIME_TYPES[fmt], io.BytesIO(data), context=context) as reader:
                reader.json()
        except c2pa.C2paError:
            pass

    items = []
    for p in paths:
        data = p.read_bytes()
        fmt = sniff_format(data[:32])
        if fmt in MIME_TYPES and b"c2pa" in data:
            items.append((fmt, data))
    totals = {"integrity": 0.0, "bare": 0.0}
    for fmt, data in items:
        for key, fn in (("integrity", ours), ("bare", bare)):
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                fn(fmt, data)
                times.append(time.perf_counter() - t0)
            totals[key] += min(times)
    if items:
        print(f"c2pa: {len(items)} images with a manifest; integrity read {totals['integrity'] * 1e3:.1f} ms, "
              f"bare c2pa-python read {totals['bare'] * 1e3:.1f} ms: {totals['integrity'] / totals['bare']:.2f}x")


if __name__ == "__main__":
    raise SystemExit(main())
