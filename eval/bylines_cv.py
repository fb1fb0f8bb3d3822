"""Bylines split by site: per-fold figures and, between two runs, the pages and sites fixed and broken.

Reads the pooled truth sets of :mod:`eval.bylines` (``SETS``; reserved pages are
never read, clean-name rows only), groups the pages by registered domain
(``eval.bylines.site``; no public-suffix list) into ``K`` folds, so a site's
pages are always in one fold, and prints integrity's and trafilatura's
has-byline accuracy and name match per fold, in the same run.

The byline rules have no fitted weights, so a held-out fold's figure is that
of its pages; the split earns its keep when a change is judged. Error
analysis reads the *training* folds only (``--errors 0,1,2`` lists their
wrong pages); ``--save FILE`` writes every page's prediction, and
``--compare FILE`` lists the pages (and how many distinct sites) the current
code fixes and breaks against the saved run, per fold, with the totals on
the folds named by ``--held-out`` (default ``3,4``: the folds no error was
read from). A signal earns its place when it fixes pages of several sites
and breaks fewer.

    python -m eval.bylines_cv --save /tmp/before.json
    python -m eval.bylines_cv --errors 0,1,2
    python -m eval.bylines_cv --compare /tmp/before.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.bylines import (
    TRUTH,
    K,
    Page,
    Prediction,
    fold_of,
    integrity_byline,
    read_all,
    site,
    token_scores,
)

__all__ = ["fold_of", "right", "site", "main"]
HELD_OUT = (3, 4)  # folds kept out of error analysis


def right(page: Page, pred: Prediction) -> bool:
    """Has-byline right and, with a byline, token Jaccard >= 0.5 (recall and precision both counted)."""
    if pred.has_byline != page.has_byline:
        return False
    if not page.has_byline:
        return True
    r, p = token_scores(page.expected, pred.names)
    return r * p / (r + p - r * p) >= 0.5 if (r + p) else False


def _folds_arg(argv: list[str], flag: str, default: tuple[int, ...]) -> tuple[int, ...]:
    if flag not in argv:
        return default
    return tuple(int(k) for k in argv[argv.index(flag) + 1].split(",") if k.strip())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not TRUTH.exists():
        print(f"{TRUTH} not found; nothing to evaluate")
        return 0
    pages = [p for ps in read_all().values() for p in ps if not p.flagged]
    methods = {"integrity": integrity_byline}
    if "--no-peer" not in argv:
        try:
            import trafilatura  # noqa: F401

            from eval.bylines import trafilatura_byline

            methods["trafilatura"] = trafilatura_byline
        except ImportError:
            print("(trafilatura not installed)")
    preds = {name: {p.path: fn(p.html) for p in pages} for name, fn in methods.items()}
    print(f"{len(pages)} pages, {len({p.site for p in pages})} sites, {K} folds grouped by site")
    print(f"{'fold':<6}{'pages':>6}" + "".join(f"{n + ' acc':>20}{n + ' jacc>=.5':>22}" for n in methods))
    for k in range(K):
        fold = [p for p in pages if fold_of(p.site) == k]
        row = f"{k:<6}{len(fold):>6}"
        for name in methods:
            acc = sum(preds[name][p.path].has_byline == p.has_byline for p in fold) / max(len(fold), 1)
            withb = [p for p in fold if p.has_byline]
            jac = sum(right(p, preds[name][p.path]) for p in withb) / max(len(withb), 1)
            row += f"{acc:>20.3f}{jac:>22.3f}"
        print(row)
    mine = preds["integrity"]
    if "--errors" in argv:
        train = _folds_arg(argv, "--errors", ())
        wrong = [p for p in pages if fold_of(p.site) in train and not right(p, mine[p.path])]
        print(f"\n{len(wrong)} wrong pages on folds {train}")
        for p in wrong:
            got = " | ".join(mine[p.path].names) if mine[p.path].has_byline else "(no byline)"
            print(f"  {p.path}  [{p.site}]\n      expected: {p.expected if p.has_byline else '(no byline)'}"
                  f"\n      got:      {got}")
    if "--save" in argv:
        out = Path(argv[argv.index("--save") + 1])
        out.write_text(json.dumps({k: [v.has_byline, list(v.names)] for k, v in mine.items()}, indent=0))
        print(f"saved {out}")
    if "--compare" in argv:
        old = json.loads(Path(argv[argv.index("--compare") + 1]).read_text())
        held = _folds_arg(argv, "--held-out", HELD_OUT)
        by_path = {p.path: p for p in pages}
        totals = {"fixed": [], "broken": []}  # type: dict[str, list[str]]
        for k in range(K):
            fixed, broken = [], []
            for path, (has, names) in old.items():
                page = by_path.get(path)
                if page is None or fold_of(page.site) != k:
                    continue
                was, now = right(page, Prediction(has, tuple(names))), right(page, mine[path])
                if now and not was:
                    fixed.append(path)
                elif was and not now:
                    broken.append(path)
            if k in held:
                totals["fixed"] += fixed
                totals["broken"] += broken
            print(f"fold {k}{' (held out)' if k in held else ''}: fixed {len(fixed)} pages of "
                  f"{len({by_path[p].site for p in fixed})} sites, "
                  f"broken {len(broken)} of {len({by_path[p].site for p in broken})} sites")
            for p in fixed:
                print(f"  + {p}")
            for p in broken:
                print(f"  - {p}  got: {' | '.join(mine[p].names)}")
        print(f"held-out folds {held}: fixed {len(totals['fixed'])} pages of "
              f"{len({by_path[p].site for p in totals['fixed']})} sites, broken {len(totals['broken'])} of "
              f"{len({by_path[p].site for p in totals['broken']})} sites")
    return 0


if __name__ == "__main__":
    sys.exit(main())
