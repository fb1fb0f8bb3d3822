"""Sample real pages for the photo-credit evaluation (issue 18) and write the labelling packets.

    PYTHONPATH=$PWD python -m eval.photo_credits.sample [--pages 110] [--seed 18] [--out DIR]

Reads only the HTML of ``../shared/corpora/articles/``; it never runs integrity's parser or its
photo-credit detector, so nothing is selected from a detector's output. One page per site
(registered domain, ``tld.get_fld``), sites drawn in a seeded random order from every folder
whose pages are real news pages: aeb_scrapinghub (minus its ``reserved.tsv``), trafilatura_eval,
trafilatura_evaldata, postlight_parser and readability (minus pages marked synthetic), every page
of ``reserved-bylines.tsv`` excluded. A page with no candidate image is skipped (recorded).

Candidate images are every ``<img>`` of the page (``<noscript>`` copies included, as a browser
without scripts shows them) plus ``og:image``; a candidate is left out only when it cannot be
a photo at all: an SVG, a ``data:`` URI with no lazy-load source, or a declared width or height
below 100 px. At most 30 candidates per page, in source order. For each, the packet shows its
URL, alt text, and the HTML of its nearest ``<figure>`` (or of the nearest ancestor whose text is
short, at most three levels up), plus the page's JSON-LD image objects, so a labeller can say
whether it is an editorial image, whether it is credited and with what text — see ``guide.md``.

Writes ``pages.tsv`` and ``images.tsv`` (the sample, kept in the repository) and the packets
``packet-NN.txt`` under ``--out`` (outside the repository: they hold page content).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parents[2] / "shared" / "corpora"
ARTICLES = CORPORA / "articles"
MAX_IMAGES = 30
MIN_SIDE = 100


def _reserved() -> set[str]:
    out: set[str] = set()
    for line in (ARTICLES / "reserved-bylines.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and line != "relpath":
            out.add(line.split("\t")[0])
    for line in (ARTICLES / "aeb_scrapinghub" / "reserved.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and not line.startswith("filename"):
            out.add("aeb_scrapinghub/html/" + line.split("\t")[0])
    return out


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))


def pool() -> list[tuple[str, str]]:
    """(relpath under articles/, url) of every eligible page."""
    reserved = _reserved()
    pages: list[tuple[str, str]] = []
    for r in _tsv(ARTICLES / "aeb_scrapinghub" / "index.tsv"):
        pages.append(("aeb_scrapinghub/html/" + r["filename"], r["url"]))
    for r in _tsv(ARTICLES / "truth-dev.tsv"):
        pages.append((r["relpath"], r["url"]))
    for r in _tsv(ARTICLES / "trafilatura_evaldata" / "truth.tsv"):
        pages.append((r["relpath"], r["url"]))
    for r in _tsv(ARTICLES / "readability" / "bylines.tsv"):
        if "synthetic" in (r.get("note") or "").casefold():
            continue
        pages.append((r["relpath"], r.get("url_in_page") or ""))
    seen: set[str] = set()
    out = []
    for rel, url in pages:
        if rel in reserved or rel in seen or not (ARTICLES / rel).exists():
            continue
        seen.add(rel)
        out.append((rel, url))
    return out


def site(rel: str, url: str) -> str:
    from tld import get_fld

    if url:
        try:
            return get_fld(url, fail_silently=True) or url
        except Exception:  # noqa: BLE001 - a malformed URL: fall back to the file name
            pass
    name = Path(rel).name.removesuffix(".html.gz")
    if "." in name and not re.fullmatch(r"[0-9a-f]+", name):
        return get_fld("http://" + name.split("-")[0], fail_silently=True) or name
    return "readability:" + name if rel.startswith("readability/") else name


def _short(s: str, n: int) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    return s if len(s) <= n else s[: n - 1] + "…"


# attributes that only repeat URLs or layout: left out of the context shown to labellers
_NOISE = re.compile(r'\s(?:srcset|sizes|style|data-(?!caption|credit)[\w-]+|onload|onerror|loading|decoding|width|height)="[^"]*"', re.I)


def _side(v: str | None) -> int | None:
    m = re.match(r"\s*(\d+)", v or "")
    return int(m.group(1)) if m else None


def candidates(html_bytes: bytes) -> tuple[list[dict[str, str]], list[str]]:
    """The candidate images of a page (source order) and its JSON-LD image objects."""
    import lxml.html

    doc = lxml.html.document_fromstring(html_bytes)
    # noscript copies: lxml keeps their content as text; parse it so its <img> count
    for ns in doc.iter("noscript"):
        inner = "".join(ns.itertext())
        if "<img" in inner:
            try:
                frag = lxml.html.fragment_fromstring(inner, create_parent="div")
                ns.text = None
                ns.append(frag)
            except Exception:  # noqa: BLE001 - broken markup inside noscript: leave it as text
                pass
    images: list[dict[str, str]] = []
    seen: set[str] = set()
    for m in doc.iter("meta"):
        if (m.get("property") or m.get("name") or "").casefold() == "og:image" and m.get("content"):
            images.append({"src": m.get("content"), "alt": "", "context": "(page metadata og:image)", "where": "og:image"})
            break
    for img in doc.iter("img"):
        src = img.get("src") or ""
        lazy = img.get("data-src") or img.get("data-lazy-src") or img.get("data-original") or ""
        srcset = img.get("srcset") or img.get("data-srcset") or ""
        if src.startswith("data:") or not src:
            src = lazy or (srcset.split(",")[0].split()[0] if srcset.strip() else "")
        if not src or src.startswith("data:"):
            continue
        if src.split("?")[0].casefold().endswith(".svg"):
            continue
        w, h = _side(img.get("width")), _side(img.get("height"))
        if (w is not None and w < MIN_SIDE) or (h is not None and h < MIN_SIDE):
            continue
        box = None
        for anc in img.iterancestors():
            if anc.tag == "figure":
                box = anc
                break
        if box is None:
            box = img
            for _, anc in zip(range(3), img.iterancestors(), strict=False):
                if len(" ".join(anc.itertext())) > 600:
                    break
                box = anc
        for bad in box.iter("script", "style"):
            bad.text = ""
        if src in seen:
            continue  # the same image twice on a page (a menu repeated for mobile): one item
        seen.add(src)
        context = _NOISE.sub("", lxml.html.tostring(box, encoding="unicode", with_tail=False))
        images.append({"src": src, "alt": img.get("alt") or "", "context": _short(context, 900),
                       "where": "noscript" if any(a.tag == "noscript" for a in img.iterancestors()) else "img"})
        if len(images) >= MAX_IMAGES:
            break
    ld: list[str] = []
    for s in doc.iter("script"):
        if (s.get("type") or "").casefold() != "application/ld+json":
            continue
        try:
            data = json.loads(s.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            x = stack.pop()
            if isinstance(x, list):
                stack.extend(x)
            elif isinstance(x, dict):
                if x.get("@type") in ("ImageObject", ["ImageObject"]) or "image" in x:
                    img = x if x.get("@type") in ("ImageObject", ["ImageObject"]) else x.get("image")
                    ld.append(_short(json.dumps(img, ensure_ascii=False), 800))
                stack.extend(v for v in x.values() if isinstance(v, (dict, list)))
    return images, list(dict.fromkeys(ld))[:5]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.photo_credits.sample")
    ap.add_argument("--pages", type=int, default=110)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--out", type=Path, default=Path("/work/photo-credit-packets"))
    ap.add_argument("--per-packet", type=int, default=55)
    args = ap.parse_args(argv)
    by_site: dict[str, list[tuple[str, str]]] = {}
    for rel, url in pool():
        by_site.setdefault(site(rel, url), []).append((rel, url))
    rng = random.Random(args.seed)
    sites = sorted(by_site)
    rng.shuffle(sites)
    chosen: list[tuple[str, str, str, list[dict[str, str]], list[str]]] = []
    skipped = 0
    for s in sites:
        if len(chosen) >= args.pages:
            break
        rel, url = rng.choice(sorted(by_site[s]))
        raw = gzip.decompress((ARTICLES / rel).read_bytes()) if rel.endswith(".gz") else (ARTICLES / rel).read_bytes()
        imgs, ld = candidates(raw)
        if not imgs or all(i["where"] == "og:image" for i in imgs):
            skipped += 1
            continue
        chosen.append((s, rel, url, imgs, ld))
    with (HERE / "pages.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["page_id", "site", "relpath", "url", "n_images"])
        for i, (s, rel, url, imgs, _) in enumerate(chosen, 1):
            w.writerow([f"p{i:03d}", s, rel, url, len(imgs)])
    with (HERE / "images.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["image_id", "page_id", "where", "src"])
        for i, (_, _, _, imgs, _) in enumerate(chosen, 1):
            for j, im in enumerate(imgs, 1):
                w.writerow([f"p{i:03d}.i{j:02d}", f"p{i:03d}", im["where"], im["src"]])
    args.out.mkdir(parents=True, exist_ok=True)
    for k in range(0, len(chosen), args.per_packet):
        lines = []
        for i, (s, rel, url, imgs, ld) in enumerate(chosen[k : k + args.per_packet], k + 1):
            lines.append(f"=== PAGE p{i:03d} · site {s} · {url or rel}")
            for t in ld:
                lines.append(f"  [JSON-LD image] {t}")
            for j, im in enumerate(imgs, 1):
                lines.append(f"p{i:03d}.i{j:02d} | {im['where']} | src: {_short(im['src'], 200)} | alt: {_short(im['alt'], 200)}")
                lines.append(f"    context: {im['context']}")
            lines.append("")
        (args.out / f"packet-{k // args.per_packet + 1:02d}.txt").write_text("\n".join(lines), encoding="utf-8")
    n_img = sum(len(c[3]) for c in chosen)
    print(f"{len(chosen)} pages from {len(chosen)} sites, {n_img} candidate images; {skipped} pages skipped (no image)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
