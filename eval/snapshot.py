"""A digest of integrity's output on every corpus page, to prove a refactor changed nothing.

    python -m eval.snapshot OUT.jsonl          # one line per page: its report (tool version left out)
    python -m eval.snapshot --check OLD.jsonl  # exit 1 and name each page and field that moved
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


def lines():  # type: ignore[no-untyped-def]
    """One JSON line per page, in path order."""
    import integrity

    for path in pages():
        report = integrity.check(gzip.decompress(path.read_bytes()), kind="html", name=path.name).to_dict()
        report.pop("tool", None)
        report.pop("packs", None)
        yield json.dumps({"page": str(path.relative_to(ARTICLES)), "report": report}, ensure_ascii=False, sort_keys=True)


def _moved(old: object, new: object, where: str = "") -> list[str]:
    """The paths of the fields that differ between two reports (the first few)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [p for k in sorted(set(old) | set(new)) for p in _moved(old.get(k), new.get(k), f"{where}.{k}")]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [p for i, (a, b) in enumerate(zip(old, new, strict=True)) for p in _moved(a, b, f"{where}[{i}]")]
    return [] if old == new else [where or "."]


def check(old_path: Path) -> int:
    """Compare today's output with a snapshot written before a change: 0 when every page is identical.

    A refactor or an optimisation must not move a byte of any report; this names each page that
    moved and the fields that did, so the cause is found without diffing whole lines by eye."""
    old = {}
    for line in old_path.read_text(encoding="utf-8").splitlines():
        old[json.loads(line)["page"]] = line
    seen, moved = 0, 0
    for line in lines():
        seen += 1
        page = json.loads(line)["page"]
        before = old.pop(page, None)
        if before == line:
            continue
        moved += 1
        if before is None:
            print(f"{page}: not in {old_path}")
            continue
        fields = _moved(json.loads(before)["report"], json.loads(line)["report"])
        print(f"{page}: {', '.join(fields[:8])}{' …' if len(fields) > 8 else ''}")
    for page in old:
        moved += 1
        print(f"{page}: in {old_path} but not checked now")
    print(f"{seen} pages checked, {moved} differ from {old_path}")
    return 1 if moved else 0


def main(argv: list[str]) -> int:
    if not ARTICLES.is_dir():
        print(f"{ARTICLES} is not here: nothing to snapshot", file=sys.stderr)
        return 0
    if argv[:1] == ["--check"]:
        if len(argv) != 2:
            print("usage: python -m eval.snapshot --check OLD.jsonl", file=sys.stderr)
            return 2
        return check(Path(argv[1]))
    out = sys.stdout if not argv or argv[0] == "-" else open(argv[0], "w", encoding="utf-8")
    for line in lines():
        out.write(line + "\n")
    if out is not sys.stdout:
        out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
