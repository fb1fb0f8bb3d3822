"""Bylines split by site: per-fold figures and, between two runs, the pages and sites fixed and broken.

Groups the truth-dev pages by registered domain (``eval.bylines.site``; no
public-suffix list) into ``K`` folds, so a
site's pages are always in one fold, and prints integrity's and trafilatura's
has-byline accuracy and token match per fold, in the same run.

The byline rules have no fitted weights today, so a held-out fold's figure
is the same as the pooled figure on its pages; the split earns its keep when
a change is judged: ``--save FILE`` writes every page's prediction, and
``--compare FILE`` lists the pages (and how many distinct sites) the current
code fixes and breaks against the saved run, per fold. A signal earns its
place when it fixes pages of several sites and breaks none.

    python -m eval.bylines_cv --save /tmp/before.json
    python -m eval.bylines_cv --compare /tmp/before.json
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.bylines import TRUTH, K, Page, Prediction, fold_of, integrity_byline, read_pages, site, token_scores


def sites_by_path(truth: Path = TRUTH) -> dict[str, str]:
    with truth.open(encoding="utf-8", newline="") as fh:
        return {row["relpath"]: site(row["url"]) for row in csv.DictReader(fh, delimiter="\t")}


def right(page: Page, pred: Prediction) -> bool:
    """Has-byline right and, with a byline, token Jaccard >= 0.5 (recall and precision both counted)."""
    if pred.has_byline != page.has_byline:
        return False
    if not page.has_byline:
        return True
    r, p = token_scores(page.expected, pred.names)
    return r * p / (r + p - r * p) >= 0.5 if (r + p) else False


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not TRUTH.exists():
        print(f"{TRUTH} not found; nothing to evaluate")
        return 0
    pages = read_pages()
    where = sites_by_path()
    methods = {"integrity": integrity_byline}
    try:
        import trafilatura  # noqa: F401

        from eval.bylines import trafilatura_byline

        methods["trafilatura"] = trafilatura_byline
    except ImportError:
        print("(trafilatura not installed)")
    preds = {name: {p.path: fn(p.html) for p in pages} for name, fn in methods.items()}
    print(f"{len(pages)} pages, {len({where[p.path] for p in pages})} sites, {K} folds grouped by site")
    print(f"{'fold':<6}{'pages':>6}" + "".join(f"{n + ' acc':>20}{n + ' jacc>=.5':>22}" for n in methods))
    for k in range(K):
        fold = [p for p in pages if fold_of(where[p.path]) == k]
        row = f"{k:<6}{len(fold):>6}"
        for name in methods:
            acc = sum(preds[name][p.path].has_byline == p.has_byline for p in fold) / max(len(fold), 1)
            withb = [p for p in fold if p.has_byline]
            jac = sum(right(p, preds[name][p.path]) for p in withb) / max(len(withb), 1)
            row += f"{acc:>20.3f}{jac:>22.3f}"
        print(row)
    mine = preds["integrity"]
    if "--save" in argv:
        out = Path(argv[argv.index("--save") + 1])
        out.write_text(json.dumps({k: [v.has_byline, list(v.names)] for k, v in mine.items()}, indent=0))
        print(f"saved {out}")
    if "--compare" in argv:
        old = json.loads(Path(argv[argv.index("--compare") + 1]).read_text())
        by_path = {p.path: p for p in pages}
        for k in range(K):
            fixed, broken = [], []
            for path, (has, names) in old.items():
                page = by_path.get(path)
                if page is None or fold_of(where[path]) != k:
                    continue
                was, now = right(page, Prediction(has, tuple(names))), right(page, mine[path])
                if now and not was:
                    fixed.append(path)
                elif was and not now:
                    broken.append(path)
            print(f"fold {k}: fixed {len(fixed)} pages of {len({where[p] for p in fixed})} sites, "
                  f"broken {len(broken)} of {len({where[p] for p in broken})} sites")
            for p in fixed:
                print(f"  + {p}")
            for p in broken:
                print(f"  - {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
