"""Article-body extraction on the scrapinghub article-extraction-benchmark pages.

For each of the 181 real news pages, the body integrity checks claims in (the
``in_body`` blocks) is compared with the hand-cleaned ``articleBody`` by
bag-of-words precision, recall and F1 (averaged over pages). trafilatura's
``extract`` is measured on the same pages in the same run, with time per page.

    python -m eval.body
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from integrity.api import checker
from integrity.parse import parse_html

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "articles" / "aeb_scrapinghub"
_WORD = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in _WORD.findall(text))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = tokens(pred), tokens(gold)
    common = sum((p & g).values())
    precision = common / sum(p.values()) if p else 0.0
    recall = common / sum(g.values()) if g else 0.0
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f


def integrity_body(html: str) -> str:
    article = parse_html(html, "page.html", checker().layout)
    return "\n".join(b.text for b in article.blocks if b.in_body)


def load_truth() -> dict[str, dict[str, str]] | None:
    """The hand-cleaned bodies by page key, or None (with a note) when the corpus is absent."""
    truth_path = CORPUS / "ground-truth.json"
    if not truth_path.exists():
        print(f"{truth_path} not found; nothing to evaluate (../shared must be beside the clone)")
        return None
    return json.loads(truth_path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def main() -> int:
    truth = load_truth()
    if truth is None:
        return 0
    pages = []
    for key, item in sorted(truth.items()):
        path = CORPUS / "html" / f"{key}.html.gz"
        if path.exists():
            raw = gzip.decompress(path.read_bytes())
            pages.append((key, raw.decode("utf-8", errors="replace"), item["articleBody"]))
    methods = {"integrity in_body blocks": integrity_body}
    try:
        import trafilatura

        methods["trafilatura.extract"] = lambda html: trafilatura.extract(html) or ""
    except ImportError:
        print("(trafilatura not installed: pip install -e '.[eval]' to measure the peer)")
    print(f"aeb_scrapinghub: {len(pages)} pages; bag-of-words P/R/F1 averaged over pages")
    print(f"{'method':<28}{'precision':>10}{'recall':>8}{'F1':>8}{'ms/page':>9}")
    for name, fn in methods.items():
        scores = []
        t0 = time.perf_counter()
        for _, html, gold in pages:
            scores.append(prf(fn(html), gold))
        ms = (time.perf_counter() - t0) * 1000 / max(len(pages), 1)
        avg = [sum(s[i] for s in scores) / len(scores) for i in range(3)]
        print(f"{name:<28}{avg[0]:>10.3f}{avg[1]:>8.3f}{avg[2]:>8.3f}{ms:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
