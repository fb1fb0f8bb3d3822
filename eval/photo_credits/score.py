"""integrity's photo credits against the labelled images of ``gold.tsv`` (issue 18).

    PYTHONPATH=$PWD python -m eval.photo_credits.score [-v]

For each sampled page (``pages.tsv``) the page is parsed and run through the photo-credit
detector with no image bytes read (as a CI check of a page runs). A labelled image is matched
to integrity's images by URL (the ``src`` the sample recorded, resolved against the page URL on
both sides). Printed, overall and per site:

* **found** — of the images labelled editorial and credited, the share integrity reports
  credited (goal >= 0.90);
* **text right** — of those found, the share whose credit text has token Jaccard >= 0.5 with
  the labelled text (goal >= 0.90);
* **false credit** — of the images labelled editorial and not credited, the share integrity
  reports credited anyway (goal <= 0.05);
* **editorial** — agreement of integrity's editorial / not-editorial with the labels.

An image integrity does not list at all counts as not found (and is counted separately).
The page's ``og:image`` items are left out of these shares (counted apart): a share image mostly
repeats the lead picture, whose inline copy is scored, and integrity reports it as a page image.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin

from eval.photo_credits.sample import ARTICLES, HERE

_TOKEN = re.compile(r"\w+", re.UNICODE)
_LABEL_WORDS = frozenset("photo photos foto fotos bild image images picture credit crédit by von par de courtesy of via".split())


def tokens(text: str) -> set[str]:
    return {t for t in (m.group(0).casefold() for m in _TOKEN.finditer(text or "")) if t not in _LABEL_WORDS}


def jaccard(a: str, b: str) -> float:
    ta, tb = tokens(a), tokens(b)
    return len(ta & tb) / len(ta | tb) if ta | tb else 1.0


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _norm(url: str, base: str) -> str:
    u = urljoin(base, url.strip()) if base else url.strip()
    return u.split("#")[0].replace("&amp;", "&")


def integrity_credits(rel: str, url: str) -> dict[str, dict[str, str]]:
    """src (normalised) -> the image.credit fact's data, for one page."""
    from integrity.api import checker
    from integrity.parse import parse_html
    from integrity.parse.decode import decode

    raw = (ARTICLES / rel).read_bytes()
    if rel.endswith(".gz"):
        raw = gzip.decompress(raw)
    c = checker()
    source = decode(raw)
    article = parse_html(source, "page.html", c.layout)
    facts, _ = c.facts(article)
    out: dict[str, dict[str, str]] = {}
    tagged: dict[str, dict[str, str]] = {}
    spans = {img.index: img.span for img in article.images if img.span is not None}
    for f in facts:
        if f.kind == "image.credit" and f.data.get("src"):
            out.setdefault(_norm(str(f.data["src"]), url), dict(f.data))
            span = spans.get(f.data.get("index"))
            if span is not None:  # every address the image's tag names: src, lazy-load and srcset candidates
                for u in _tag_urls(source[span.offset:span.end_offset]):
                    tagged.setdefault(_norm(u, url), dict(f.data))
    for k, v in tagged.items():
        out.setdefault(k, v)
    return out


_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def _tag_urls(tag: str) -> list[str]:
    """The URLs an ``<img>`` tag names. The sample recorded one of them for each image (its src, or the
    lazy-load or first srcset address when the src was a data: URI), integrity reports the one a browser
    would show: matching on all of them scores the same element, not the same choice of file."""
    urls: list[str] = []
    for m in _ATTR.finditer(tag):
        name, value = m.group(1).casefold(), m.group(2) or m.group(3) or m.group(4) or ""
        if "srcset" in name:
            urls.extend(part.split()[0] for part in value.split(",") if part.split())
        elif name in ("src", "data-src", "data-lazy-src", "data-original", "data-orig-src"):
            urls.append(value)
    return [u for u in urls if u and not u.startswith("data:")]


def in_split(page_id: str, split: str) -> bool:
    """Pages are one per site, so a split by page number is a split by site: the even pages are
    where a detector change may be designed from its errors, the odd ones only measure it."""
    if split == "all":
        return True
    even = int(re.sub(r"\D", "", page_id)) % 2 == 0
    return even == (split == "tune")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.photo_credits.score")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss and false credit")
    ap.add_argument("--gold", type=Path, default=HERE / "gold.tsv")
    ap.add_argument("--split", choices=("all", "tune", "held-out"), default="all",
                    help="tune: even page numbers (errors are read here); held-out: odd ones (only scored)")
    args = ap.parse_args(argv)
    if not args.gold.exists():
        print(f"no labels yet: {args.gold} (see eval/photo_credits/README.md)", file=sys.stderr)
        return 2
    if not ARTICLES.exists():
        print(f"the shared corpora are not here: {ARTICLES}", file=sys.stderr)
        return 2
    pages = {r["page_id"]: r for r in _tsv(HERE / "pages.tsv")}
    srcs = {r["image_id"]: r for r in _tsv(HERE / "images.tsv")}
    gold = _tsv(args.gold)
    by_page: dict[str, list[dict[str, str]]] = defaultdict(list)
    for g in gold:
        by_page[srcs[g["image_id"]]["page_id"]].append(g)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: list[str] = []
    for pid, rows in sorted(by_page.items()):
        if not in_split(pid, args.split):
            continue
        page = pages[pid]
        found = integrity_credits(page["relpath"], page["url"])
        for g in rows:
            im = srcs[g["image_id"]]
            if im["where"] == "og:image":
                counts["all"]["og_image"] += 1
                continue
            fact = found.get(_norm(im["src"], page["url"]))
            got_credit = fact is not None and fact.get("status") == "credited"
            got_editorial = fact is not None and fact.get("status") != "not-editorial"
            for key in ("all", page["site"]):
                c = counts[key]
                if g["editorial"] == "Y":
                    c["editorial"] += 1
                    c["editorial_agree"] += got_editorial
                    c["unlisted"] += fact is None
                    if g["credited"] == "Y":
                        c["credited"] += 1
                        if got_credit:
                            c["found"] += 1
                            c["text_right"] += jaccard(str(fact.get("credit") or ""), g["credit_text"]) >= 0.5
                    else:
                        c["uncredited"] += 1
                        c["false_credit"] += got_credit
                else:
                    c["furniture"] += 1
                    c["furniture_agree"] += fact is None or not got_editorial
            if args.verbose and g["editorial"] == "Y" and (g["credited"] == "Y") != got_credit:
                got = f"{fact.get('status')} {fact.get('credit')!r} {fact.get('reason') or ''}" if fact else "not listed"
                misses.append(f"{g['image_id']} {page['site']}: labelled {g['credited']} {g['credit_text']!r}; integrity {got}")

    def share(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a}/{b})" if b else "-"

    def line(key: str) -> str:
        c = counts[key]
        return (f"found {share(c['found'], c['credited'])}  text right {share(c['text_right'], c['found'])}  "
                f"false credit {share(c['false_credit'], c['uncredited'])}  editorial agree "
                f"{share(c['editorial_agree'], c['editorial'])}  furniture agree {share(c['furniture_agree'], c['furniture'])}")

    sites = [k for k in counts if k != "all"]
    n_labelled = sum(len(r) for p, r in by_page.items() if in_split(p, args.split))
    print(f"photo credits ({args.split}): {len(sites)} pages, {len(sites)} sites, {n_labelled} labelled images")
    print(f"all: {line('all')}  (editorial images integrity does not list: {counts['all']['unlisted']}; "
          f"og:image items not scored: {counts['all']['og_image']})")
    credited_sites = [s for s in sites if counts[s]["credited"]]
    if credited_sites:
        macro = sum(counts[s]["found"] / counts[s]["credited"] for s in credited_sites) / len(credited_sites)
        print(f"per-site mean of found: {macro:.3f} over the {len(credited_sites)} sites with a credited image")
    if args.verbose:
        for s in sorted(sites):
            print(f"  {s}: {line(s)}")
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
