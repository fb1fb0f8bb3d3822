"""Bylines on real pages: has-byline accuracy and author-name match, per truth set, pooled and site-held-out.

Three truth sets under ``../shared/corpora/articles/`` (``SETS``):

* ``truth-dev.tsv`` — 117 pages of the trafilatura and Postlight Parser test sets;
* ``readability/bylines.tsv`` — 129 pages, Readability.js's expected bylines
  (library output, not hand labels; its ``note`` column flags strings that are
  not clean names, so the set is reported with and without those rows);
* ``trafilatura_evaldata/truth.tsv`` — 433 pages, mostly German, labelled by
  trafilatura's authors.

Pages listed in ``reserved-bylines.tsv`` are never read (``read_pages`` drops
them before opening the file), whatever a truth file says.

* **has-byline accuracy**: integrity says "byline" (a person or an institution
  is credited) exactly when the truth says the page has one.
* **name match**: share of pages with a byline whose reported names' word tokens
  have token Jaccard >= 0.5 with the expected names' tokens (casefolded, accents
  removed, split on anything that is not a letter or digit; the list word "and"
  is not a name token). Nothing reported scores 0.
* **token recall**: the fraction of expected tokens found, averaged over those pages.
* **token precision**, so that listing every name on the page cannot look good:
  the fraction of reported tokens that are expected, over pages where something was reported.

trafilatura's ``extract_metadata(...).author`` is measured on the same pages in
the same run when trafilatura is installed (``pip install -e '.[eval]'``).
Each page is run once per method; every table is drawn from those predictions.

**Split by site**: pages are grouped by registered domain (``site``) over the
pooled sets and dealt into ``K`` folds (``fold_of``), so one site's pages are
never in two folds; the figures are reported per held-out fold. The byline
rules have no fitted weights, so a fold's figure is that of its pages; the
spread across folds shows how much the figures owe to a few sites.

    python -m eval.bylines            # from the repository root
    python -m eval.bylines -v         # also list every integrity page that is not a full match
"""

from __future__ import annotations

import csv
import gzip
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

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
RESERVED = CORPUS / "reserved-bylines.tsv"
LIST_WORDS = frozenset({"and"})  # joins names in the truth ("A, B and C"); not a name token
K = 5  # site-held-out folds
# second-level labels under a country code that are not the registrant (example.co.uk, example.com.au)
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "go"})


@dataclass(frozen=True)
class TruthSet:
    """Where a truth file is and what its columns are called."""

    name: str
    truth: Path
    url: str = "url"
    note: str = ""  # column flagging expected strings that are not clean names


SETS = (
    TruthSet("truth-dev", TRUTH),
    TruthSet("readability", CORPUS / "readability" / "bylines.tsv", url="url_in_page", note="note"),
    TruthSet("trafilatura_evaldata", CORPUS / "trafilatura_evaldata" / "truth.tsv"),
)


@dataclass(frozen=True)
class Page:
    path: str
    html: str
    has_byline: bool
    expected: str
    genre: str = ""
    set: str = ""
    site: str = ""
    flagged: str = ""  # the truth set's note when it says the expected string is not a clean name

    @property
    def news(self) -> bool:
        return self.genre.startswith("news")


@dataclass(frozen=True)
class Prediction:
    has_byline: bool
    names: tuple[str, ...]


def site(url: str) -> str:
    """Registered domain of ``url``, without a public-suffix list: the last two host labels,
    three when the second-last is a generic second level under a country code (``example.co.uk``)."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    labels = host.split(".")
    n = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-n:]) or "?"


def fold_of(site_name: str) -> int:
    return zlib.crc32(site_name.encode()) % K  # stable across runs and machines


def reserved(path: Path = RESERVED) -> frozenset[str]:
    """Relative paths (from the corpus root) of the pages kept for independent evaluation."""
    if not path.exists():
        return frozenset()
    lines = [ln.split("\t")[0].strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    return frozenset(ln for ln in lines[1:] if ln and not ln.startswith("#") and ln != "relpath")


def _flag(note: str) -> str:
    """A note that questions the expected string (synthetic test pages are noted too; that is not a flag)."""
    note = note.strip()
    return "" if not note or note.startswith("synthetic test page") else note


def read_pages(truth: Path = TRUTH, spec: TruthSet | None = None, root: Path | None = None,
               skip: Iterable[str] | None = None) -> list[Page]:
    """The pages of one truth file whose HTML is present, minus the reserved ones (never opened).

    ``root`` is the directory the ``relpath`` column is relative to and that holds
    ``reserved-bylines.tsv``: the corpus root (a truth file outside it: the file's own directory). Pages without a URL are grouped by their
    file name's stem (``name-2`` → ``name``), or with the URL of a page of the same stem."""
    spec = spec or TruthSet(truth.stem, truth)
    root = root or (CORPUS if truth.resolve().is_relative_to(CORPUS.resolve()) else truth.parent)
    skipped = reserved(root / RESERVED.name) if skip is None else frozenset(skip)
    with truth.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    stem_site: dict[str, str] = {}
    for row in rows:
        if (row.get(spec.url) or "").strip():
            stem_site.setdefault(_stem(row), site(row[spec.url].strip()))
    pages: list[Page] = []
    for row in rows:
        rel = row["relpath"]
        if rel in skipped:
            continue
        path = root / rel
        if not path.exists():
            continue
        raw = gzip.decompress(path.read_bytes())
        try:
            html = decode(raw)
        except InputError:
            html = raw.decode("utf-8", errors="replace")
        note = (row.get(spec.note) or "") if spec.note else ""
        url = (row.get(spec.url) or "").strip()
        where = site(url) if url else stem_site.get(_stem(row), f"{spec.name}:{_stem(row)}")
        if note.startswith("synthetic test page"):
            where = f"{spec.name}:synthetic"  # one test suite's hand-made pages are one "site"
        pages.append(Page(rel, html, row["has_byline"].strip() == "1", row["expected_authors"] or "",
                          row.get("genre", "") or "", spec.name, where, _flag(note)))
    return pages


def _stem(row: dict[str, str]) -> str:
    name = row.get("name") or Path(row["relpath"]).name.removesuffix(".html.gz")
    head, _, tail = name.rpartition("-")
    return head if head and tail.isdigit() else name


def read_all(sets: Iterable[TruthSet] = SETS) -> dict[str, list[Page]]:
    """Every set whose truth file is present, by set name."""
    return {s.name: read_pages(s.truth, s) for s in sets if s.truth.exists()}


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


def jaccard(expected: str, names: tuple[str, ...]) -> float:
    """Token Jaccard of expected and reported names (0 when nothing is reported)."""
    want = set(name_tokens(expected)) - LIST_WORDS
    got = {t for n in names for t in name_tokens(n)} - LIST_WORDS
    return len(want & got) / len(want | got) if got else 0.0


@dataclass(frozen=True)
class Scores:
    pages: int
    accuracy: float
    token_match: float  # token recall
    token_precision: float
    exact: float
    ms_per_page: float
    misses: tuple[tuple[str, str, str], ...]
    name_match: float = 0.0  # share of byline pages with token Jaccard >= 0.5


def score(pages: list[Page], preds: dict[str, Prediction], ms_per_page: float = 0.0) -> Scores:
    """Figures for ``pages`` from predictions made once per page (keyed by path)."""
    right = 0
    recalls: list[float] = []
    precisions: list[float] = []
    matched = exact = 0
    misses: list[tuple[str, str, str]] = []
    for page in pages:
        pred = preds[page.path]
        right += pred.has_byline == page.has_byline
        if page.has_byline:
            r, p = token_scores(page.expected, pred.names)
            recalls.append(r)
            if pred.names:
                precisions.append(p)
            matched += jaccard(page.expected, pred.names) >= 0.5
            exact += r == 1.0 and p == 1.0
            if r < 1.0 or p < 1.0:
                misses.append((page.path, page.expected, " | ".join(pred.names)))
        elif pred.has_byline:
            misses.append((page.path, "(no byline)", " | ".join(pred.names)))
    n = max(len(recalls), 1)
    return Scores(
        pages=len(pages),
        accuracy=right / max(len(pages), 1),
        token_match=sum(recalls) / n,
        token_precision=sum(precisions) / max(len(precisions), 1),
        exact=exact / n,
        ms_per_page=ms_per_page,
        misses=tuple(misses),
        name_match=matched / n,
    )


def predict(pages: list[Page], method: Callable[[str], Prediction]) -> tuple[dict[str, Prediction], float]:
    """Each page run once (kept in memory for this run only); ms per page."""
    t0 = time.perf_counter()
    preds = {page.path: method(page.html) for page in pages}
    return preds, (time.perf_counter() - t0) * 1000 / max(len(pages), 1)


def evaluate(pages: list[Page], method: Callable[[str], Prediction]) -> Scores:
    preds, ms = predict(pages, method)
    return score(pages, preds, ms)


def methods() -> dict[str, Callable[[str], Prediction]]:
    found: dict[str, Callable[[str], Prediction]] = {"integrity": integrity_byline}
    try:
        import trafilatura  # noqa: F401

        found["trafilatura"] = trafilatura_byline
    except ImportError:
        print("(trafilatura not installed: pip install -e '.[eval]' to measure the peer)")
    return found


HEADER = f"{'':<34}{'pages':>6}{'method':>13}{'has-byline':>11}{'name J>=.5':>11}{'recall':>8}{'precision':>10}"


def _rows(label: str, pages: list[Page], preds: dict[str, dict[str, Prediction]]) -> list[str]:
    out = []
    for i, (name, by_path) in enumerate(preds.items()):
        s = score(pages, by_path)
        out.append(f"{label if i == 0 else '':<34}{len(pages) if i == 0 else '':>6}{name:>13}"
                   f"{s.accuracy:>11.3f}{s.name_match:>11.3f}{s.token_match:>8.3f}{s.token_precision:>10.3f}")
    return out


def folds(pages: list[Page]) -> dict[int, list[Page]]:
    """Site-held-out folds: every page of a site in the same fold."""
    out: dict[int, list[Page]] = {k: [] for k in range(K)}
    for page in pages:
        out[fold_of(page.site)].append(page)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    verbose = "-v" in argv or "--verbose" in argv
    if not TRUTH.exists():
        print(f"{TRUTH} not found; nothing to evaluate (../shared must be beside the clone)")
        return 0
    by_set = read_all()
    pooled = [p for ps in by_set.values() for p in ps]
    held = reserved()
    leaked = held & {p.path for p in pooled}
    if leaked:  # read_pages drops them; a truth file naming one must not make it count
        print(f"error: {len(leaked)} reserved page(s) were read: {sorted(leaked)[:3]}", file=sys.stderr)
        return 1
    preds: dict[str, dict[str, Prediction]] = {}
    ms: dict[str, float] = {}
    for name, fn in methods().items():
        preds[name], ms[name] = predict(pooled, fn)
    print(f"{len(pooled)} pages, {len({p.site for p in pooled})} sites, {len(held)} reserved pages not read; "
          "name J>=.5 = share of byline pages whose reported name tokens have Jaccard >= 0.5 with the expected")
    print(HEADER)
    lines: list[str] = []
    for set_name, pages in by_set.items():
        lines += _rows(f"{set_name}", pages, preds)
        if any(p.flagged for p in pages):
            clean = [p for p in pages if not p.flagged]
            lines += _rows(f"{set_name}, clean names only", clean, preds)
    news = [p for p in by_set.get("truth-dev", []) if p.news]
    lines += _rows("truth-dev, news pages (genre news*)", news, preds)
    lines += _rows("pooled", pooled, preds)
    clean = [p for p in pooled if not p.flagged]
    lines += _rows("pooled, clean names only", clean, preds)
    print("\n".join(lines))
    print(f"\nsite-held-out folds (K={K}, grouped by registered domain over the pooled sets; "
          "clean names only)")
    print(HEADER)
    by_fold = folds(clean)
    fold_scores: dict[str, list[Scores]] = {name: [] for name in preds}
    for k, fold in by_fold.items():
        print("\n".join(_rows(f"fold {k} ({len({p.site for p in fold})} sites)", fold, preds)))
        for name in preds:
            fold_scores[name].append(score(fold, preds[name]))
    for name, scores in fold_scores.items():
        worst = min(scores, key=lambda s: s.name_match)
        mean = [sum(getattr(s, f) for s in scores) / len(scores)
                for f in ("accuracy", "name_match", "token_match", "token_precision")]
        print(f"{name:>13}: mean over held-out folds has-byline {mean[0]:.3f}, name {mean[1]:.3f}, "
              f"recall {mean[2]:.3f}, precision {mean[3]:.3f}; worst fold name {worst.name_match:.3f}")
    print("ms/page: " + ", ".join(f"{n} {v:.1f}" for n, v in ms.items()))
    if verbose:
        for path, want, got in score(pooled, preds["integrity"]).misses:
            print(f"  {path}\n      expected: {want}\n      got:      {got or '(nothing)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
