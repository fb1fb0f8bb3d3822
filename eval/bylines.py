"""Bylines on real pages: has-byline accuracy and author-name token match.

Reads ``../shared/corpora/articles/truth-dev.tsv`` (expected authors and
whether the page has a byline, for 117 real pages from the trafilatura and
Postlight Parser test sets) and the gzipped pages it points to.

* **has-byline accuracy**: the page's byline status is right — integrity says
  "byline" (a person or an institution is credited) exactly when the truth
  says the page has one. Pages whose truth has no byline are right when
  integrity reports ``missing``/``empty``.
* **author-name token match** (recall): for each page with a byline, the
  fraction of the expected names' word tokens (casefolded, accents removed,
  split on anything that is not a letter or digit; the list word "and" is not
  a name token) found among the tokens of
  the names integrity reports as the article's byline; averaged over those
  pages. A page where nothing is found scores 0.
* **token precision**, reported beside it so that listing every name on the
  page cannot look good: the fraction of reported tokens that are expected.

trafilatura's ``extract_metadata(...).author`` is measured on the same pages
in the same run when trafilatura is installed (``pip install -e '.[eval]'``).

    python -m eval.bylines            # from the repository root
    python eval/bylines.py
    python -m eval.bylines -v         # also list every page that is not a full match
"""

from __future__ import annotations

import csv
import gzip
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from integrity.api import checker
from integrity.detectors.byline import byline_status
from integrity.parse import parse_html
from integrity.parse.bylines import name_tokens
from integrity.parse.decode import decode
from integrity.sources.document import InputError

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "articles"
TRUTH = CORPUS / "truth-dev.tsv"
LIST_WORDS = frozenset({"and"})  # joins names in the truth ("A, B and C"); not a name token


@dataclass(frozen=True)
class Page:
    path: str
    html: str
    has_byline: bool
    expected: str
    genre: str = ""

    @property
    def news(self) -> bool:
        return self.genre.startswith("news")


@dataclass(frozen=True)
class Prediction:
    has_byline: bool
    names: tuple[str, ...]


def read_pages(truth: Path = TRUTH) -> list[Page]:
    pages: list[Page] = []
    with truth.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            path = truth.parent / row["relpath"]
            if not path.exists():
                continue
            raw = gzip.decompress(path.read_bytes())
            try:
                html = decode(raw)
            except InputError:
                html = raw.decode("utf-8", errors="replace")
            pages.append(Page(row["relpath"], html, row["has_byline"].strip() == "1", row["expected_authors"],
                              row.get("genre", "")))
    return pages


def integrity_byline(html: str) -> Prediction:
    c = checker()
    article = parse_html(html, "page.html", c.layout)
    status, names = byline_status(article, c.layout)
    return Prediction(status in ("person", "institutional"), tuple(a.name for a in names))


def trafilatura_byline(html: str) -> Prediction:
    import trafilatura

    meta = trafilatura.extract_metadata(html)
    author = (meta.author if meta is not None else None) or ""
    return Prediction(bool(author.strip()), (author,) if author.strip() else ())


def token_scores(expected: str, names: tuple[str, ...]) -> tuple[float, float]:
    """(recall, precision) of name tokens; precision is 1.0 when nothing was reported."""
    want = set(name_tokens(expected)) - LIST_WORDS
    got = {t for n in names for t in name_tokens(n)} - LIST_WORDS
    recall = len(want & got) / len(want) if want else 1.0
    precision = len(want & got) / len(got) if got else 1.0
    return recall, precision


@dataclass(frozen=True)
class Scores:
    pages: int
    accuracy: float
    token_match: float
    token_precision: float
    exact: float
    ms_per_page: float
    misses: tuple[tuple[str, str, str], ...]


def evaluate(pages: list[Page], method: Callable[[str], Prediction]) -> Scores:
    right = 0
    recalls: list[float] = []
    precisions: list[float] = []
    exact = 0
    misses: list[tuple[str, str, str]] = []
    t0 = time.perf_counter()
    for page in pages:
        pred = method(page.html)
        right += pred.has_byline == page.has_byline
        if page.has_byline:
            r, p = token_scores(page.expected, pred.names)
            recalls.append(r)
            if pred.names:
                precisions.append(p)
            exact += r == 1.0 and p == 1.0
            if r < 1.0 or p < 1.0:
                misses.append((page.path, page.expected, " | ".join(pred.names)))
        elif pred.has_byline:
            misses.append((page.path, "(no byline)", " | ".join(pred.names)))
    ms = (time.perf_counter() - t0) * 1000 / max(len(pages), 1)
    n = max(len(recalls), 1)
    return Scores(
        pages=len(pages),
        accuracy=right / max(len(pages), 1),
        token_match=sum(recalls) / n,
        token_precision=sum(precisions) / max(len(precisions), 1),
        exact=exact / n,
        ms_per_page=ms,
        misses=tuple(misses),
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    verbose = "-v" in argv or "--verbose" in argv
    if not TRUTH.exists():
        print(f"{TRUTH} not found; nothing to evaluate (../shared must be beside the clone)")
        return 0
    pages = read_pages()
    methods: dict[str, Callable[[str], Prediction]] = {"integrity": integrity_byline}
    try:
        import trafilatura  # noqa: F401

        methods["trafilatura (peer)"] = trafilatura_byline
    except ImportError:
        print("(trafilatura not installed: pip install -e '.[eval]' to measure the peer)")
    with_byline = sum(p.has_byline for p in pages)
    print(f"truth-dev: {len(pages)} pages, {with_byline} with a byline")
    print("token match = share of expected name tokens found (casefolded), averaged over pages with a byline")
    print(f"{'method':<22}{'has-byline acc':>15}{'token match':>13}{'token prec':>12}{'exact':>8}{'ms/page':>9}")
    results = {}
    news = [p for p in pages if p.news]
    for subset, subset_pages in (("all pages", pages), (f"news pages ({len(news)}, genre news*)", news)):
        print(subset)
        for name, fn in methods.items():
            s = evaluate(subset_pages, fn)
            results.setdefault(name, s)
            print(f"  {name:<20}{s.accuracy:>15.3f}{s.token_match:>13.3f}{s.token_precision:>12.3f}{s.exact:>8.3f}"
                  f"{s.ms_per_page:>9.1f}")
    if verbose:
        for path, want, got in results["integrity"].misses:
            print(f"  {path}\n      expected: {want}\n      got:      {got or '(nothing)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
