"""The EU AI Act Article 50 summary (``--profile eu-ai-act``) of an audit over the shared corpora.

The sample: every Readability.js test page (``articles/readability``; pages listed in a
``reserved*.tsv`` are dropped before reading) and one short made-up article per image of
``c2pa/`` and ``ai-metadata/``, embedding it with a caption that says it is AI-generated
(even-numbered images) or says nothing (odd ones), dated over four months. The audit runs
serially in a temporary folder and the script prints the article50 summary's figures: how
many articles, images and videos, how many AI images and how they are disclosed, and the
text answers — overall and per month. ``--keep DIR`` leaves the audit's output in DIR.

    python -m eval.article50 [--keep DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
from pathlib import Path

from integrity.audit import AuditOptions, run_audit
from integrity.audit.progress import Progress
from integrity.config import Config

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
MONTHS = ("2026-08", "2026-09", "2026-10", "2026-11")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".heic")


def reserved(corpus: Path) -> set[Path]:
    return {
        (tsv.parent / line.split("\t")[0]).resolve()
        for tsv in corpus.rglob("reserved*.tsv")
        for line in tsv.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }


def build(out: Path) -> tuple[int, int]:
    """Write the sample under ``out``; returns (readability pages, embedding articles)."""
    articles = SHARED / "articles"
    skip = reserved(articles)
    pages = out / "readability"
    pages.mkdir(parents=True)
    n = 0
    for p in sorted((articles / "readability").glob("*.html.gz")):
        if p.resolve() not in skip:
            (pages / p.name[:-3]).write_bytes(gzip.decompress(p.read_bytes()))
            n += 1
    embedded = out / "embedded"
    (embedded / "images").mkdir(parents=True)
    images = [p for folder in ("c2pa", "ai-metadata") for p in sorted((SHARED / folder).iterdir())
              if p.suffix.lower() in IMAGE_SUFFIXES]
    for k, img in enumerate(images):
        shutil.copyfile(img, embedded / "images" / img.name)
        caption = "AI-generated image of the scene." if k % 2 == 0 else "The scene on Monday."
        (embedded / f"story-{k:02d}.html").write_text(
            f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Story {k}</title>"
            f'<meta property="article:published_time" content="{MONTHS[k % 4]}-{k % 27 + 1:02d}T09:00:00+00:00">'
            f'</head><body><article><h1>Story {k}</h1><p class="byline">By Sam Doe</p>'
            f'<figure><img src="images/{img.name}" alt=""><figcaption>{caption}</figcaption></figure>'
            "<p>The council said on Tuesday the plan would go ahead, according to a statement.</p>"
            "</article></body></html>", encoding="utf-8")
    return n, len(images)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the sample and the audit here and keep them")
    args = parser.parse_args(argv)
    if not (SHARED / "articles" / "readability").is_dir():
        print(f"eval.article50: {SHARED} is absent; nothing to measure")
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="article50-"))
    try:
        pages, images = build(work / "sample")
        run_audit(AuditOptions((str(work / "sample"),), work / "audit", config=Config(profile="eu-ai-act"),
                               engine="serial", progress_every=3600), Progress(0, interactive=False, every=3600))
        s = json.loads((work / "audit" / "article50.json").read_text(encoding="utf-8"))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"sample: {pages} readability pages + {images} articles embedding c2pa/ai-metadata images")
    print(f"articles {s['articles']}, images {s['images']}, videos {s['videos']}; AI images {s['ai_images']}, "
          f"AI videos {s['ai_videos']}: disclosed {s['disclosed']}, machine-readable only {s['machine_readable_only']}, "
          f"visible only {s['visible_only']}, undisclosed {s['undisclosed']}")
    print("text: " + ", ".join(f"{k} {v}" for k, v in s["text"].items()))
    for m in s["by_month"]:
        if m["ai_images"] or m["ai_videos"] or m["month"] == "undated":
            print(f"  {m['month']}: {m['articles']} articles, {m['ai_images']} AI images (disclosed {m['disclosed']}, "
                  f"machine-readable only {m['machine_readable_only']}, visible only {m['visible_only']}, "
                  f"undisclosed {m['undisclosed']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
