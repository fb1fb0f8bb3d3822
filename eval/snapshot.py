"""A digest of integrity's output on every corpus page, to prove a refactor changed nothing.

    python -m eval.snapshot OUT.jsonl          # one line per page: its report (tool version left out)
    diff <(python -m eval.snapshot -) OLD.jsonl

Pages: every ``*.html.gz`` under ``../shared/corpora/articles/`` except the ones
reserved for independent evaluation (both ``reserved*.tsv`` lists), in path
order. Without ``../shared`` it says so and exits 0. Each line holds the page's
relative path and its report as JSON (document, byline status, findings with
spans, images, score), so a diff names the page and the field that moved.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ARTICLES = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "articles"


def reserved(root: Path) -> set[str]:
    out: set[str] = set()
    for tsv in root.rglob("reserved*.tsv"):
        for line in tsv.read_text(encoding="utf-8").splitlines():
            first = line.split("\t")[0].strip()
            if first and not first.startswith("#") and first not in ("relpath", "filename"):
                rel = first if "/" in first else f"{tsv.parent.relative_to(root)}/html/{first}"
                out.add(rel)
                out.add(f"{tsv.parent.relative_to(root)}/{first}")
    return out


def pages(root: Path = ARTICLES) -> list[Path]:
    skip = reserved(root)
    return [p for p in sorted(root.rglob("*.html.gz")) if str(p.relative_to(root)) not in skip]


def main(argv: list[str]) -> int:
    if not ARTICLES.is_dir():
        print(f"{ARTICLES} is not here: nothing to snapshot", file=sys.stderr)
        return 0
    import integrity

    out = sys.stdout if not argv or argv[0] == "-" else open(argv[0], "w", encoding="utf-8")
    for path in pages():
        report = integrity.check(gzip.decompress(path.read_bytes()), kind="html", name=path.name).to_dict()
        report.pop("tool", None)
        report.pop("packs", None)
        out.write(json.dumps({"page": str(path.relative_to(ARTICLES)), "report": report}, ensure_ascii=False, sort_keys=True) + "\n")
    if out is not sys.stdout:
        out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
