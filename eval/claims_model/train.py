"""Train the "needs a source" model (integrity/claims_model.py) on the train split of the claims corpus.

    PYTHONPATH=$PWD python -m eval.claims_model.train            # writes integrity/data/claims_model/
    PYTHONPATH=$PWD python -m eval.claims_model.train --dry-run  # out-of-fold figures only

Seeded and reproducible. Training data: the train split of eval/claims_corpus only (dev and test
are never read here). Positive = gold U (an unsourced claim that needs a source); everything
else negative. The decision threshold is chosen on out-of-fold probabilities (GroupKFold by
outlet, 5 folds, so a fold never sees its own outlet's house style) and printed; it goes into
rules/claim/unattributed.yml by hand, as data. The Platt calibration of the raw score
(``calibrate.py``, out of fold by article on the train split's run-time candidates) is fitted here
too and written into meta.json; its mapped threshold is what the rule file holds. That figure is over every corpus sentence; the one
that predicts the dev score (the run-time candidates, the whole checker, grouped by article) is
``python -m eval.claims_model.cv``. Needs scikit-learn and scipy (the eval extra);
the shipped package needs only numpy.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import zlib
from collections import defaultdict

import numpy as np

from eval.claims_corpus.texts import HERE, load_sentences
from integrity.claims_model import META, MODEL_DIR, WEIGHTS, hashed

BITS = 18
C = 1.0
SEED = 17
# train on the sentences the rules leave unattributed (the run-time population), not on all
GATED = False
POSITIVE = ("U",)  # U and V together: dev flag F1 0.384, U F1 0.381 at 0.47 — no better


def _train_sentences():  # type: ignore[no-untyped-def]
    """Every labelled train sentence in its paragraph, in reading order, with the rule analyser:
    yields (analyser, articles, gold, row, previous text, next text, (index, paragraph length))."""
    with open(os.path.join(HERE, "articles.tsv"), encoding="utf-8") as f:
        arts = {r["article_id"]: r for r in csv.DictReader(f, delimiter="\t")}
    with open(os.path.join(HERE, "gold.tsv"), encoding="utf-8") as f:
        gold = {r["sentence_id"]: r["label"] for r in csv.DictReader(f, delimiter="\t")}
    from integrity.detectors.claims import ClaimAnalyser
    from integrity.ruledata.folders import builtin_rules_dir
    from integrity.rules.load import load_ruleset

    analyser = ClaimAnalyser(load_ruleset([builtin_rules_dir()]))
    paras: dict[tuple[str, int], list[dict[str, str]]] = defaultdict(list)
    for r in load_sentences().values():
        if arts[r["article_id"]]["split"] == "train" and r["sentence_id"] in gold:
            paras[(r["article_id"], int(r["paragraph"]))].append(r)
    for key in sorted(paras):
        sents = sorted(paras[key], key=lambda r: int(r["sentence"]))
        for i, r in enumerate(sents):
            prev = sents[i - 1]["text"] if i else ""
            nxt = sents[i + 1]["text"] if i + 1 < len(sents) else ""
            yield analyser, arts, gold, r, prev, nxt, (i, len(sents))


def _rows() -> tuple[list[tuple[str, str, str, tuple[str, ...]]], list[int], list[str]]:
    X, y, groups = [], [], []
    for analyser, arts, gold, r, prev, nxt, _ in _train_sentences():
        if GATED and not _left_unattributed(analyser, r["text"]):
            continue
        X.append((r["text"], prev, nxt, analyser.needs(r["text"])))
        y.append(1 if gold[r["sentence_id"]] in POSITIVE else 0)
        groups.append(arts[r["article_id"]]["outlet"])
    return X, y, groups


def _rows_all() -> list[tuple[str, str, str, tuple[str, ...], tuple[int, int], str, str]]:
    """Every labelled train sentence with its corpus context: (text, prev, next, kinds, (k, n), article, label)."""
    return [(r["text"], prev, nxt, analyser.needs(r["text"]), position, r["article_id"], gold[r["sentence_id"]])
            for analyser, _, gold, r, prev, nxt, position in _train_sentences()]


def _left_unattributed(analyser, text: str) -> bool:  # type: ignore[no-untyped-def]
    """The sentence alone gives the rules no source, cue or quote: the model would judge it at run time."""
    claim = analyser.analyse(text)
    return (claim.attribution in ("none", "vague") and not claim.vague and not claim.quote_open
            and analyser.is_statement(text) and not analyser.has_quote(text))


def _matrix(X: list[tuple[str, str, str, tuple[str, ...]]]):  # type: ignore[no-untyped-def]
    from scipy.sparse import csr_matrix

    data, ind, ptr = [], [], [0]
    for text, prev, nxt, kinds in X:
        i, v = hashed(text, prev, nxt, BITS, kinds)
        ind.extend(i)
        data.extend(v)
        ptr.append(len(ind))
    return csr_matrix((np.asarray(data, "float32"), np.asarray(ind), np.asarray(ptr)), shape=(len(X), 1 << BITS))


def _fit(M, y):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced", max_iter=2000, random_state=SEED).fit(M, y)


def _best_threshold(p: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    best = (0.5, 0.0, 0.0, 0.0)
    for t in np.arange(0.20, 0.91, 0.01):
        f = p >= t
        tp = int((f & (y == 1)).sum())
        prec = tp / max(int(f.sum()), 1)
        rec = tp / max(int((y == 1).sum()), 1)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f1 > best[3]:
            best = (round(float(t), 2), prec, rec, f1)
    return best


def main(argv: list[str]) -> int:
    from sklearn.model_selection import GroupKFold

    from eval.claims_model import calibrate

    X, y_list, groups = _rows()
    y = np.asarray(y_list)
    M = _matrix(X)
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(M, y, groups):
        oof[te] = _fit(M[tr], y[tr]).predict_proba(M[te])[:, 1]
    t, prec, rec, f1 = _best_threshold(oof, y)
    print(f"train: {len(y)} sentences, {int(y.sum())} U; out-of-fold (GroupKFold by outlet, 5): "
          f"threshold {t}  precision {prec:.3f} recall {rec:.3f} F1 {f1:.3f}")
    if "--dry-run" in argv:
        return 0
    model = _fit(M, y)
    os.makedirs(MODEL_DIR, exist_ok=True)
    coef = model.coef_[0]
    scale = float(np.abs(coef).max()) / 32767 or 1.0
    with open(WEIGHTS, "wb") as f:
        f.write(zlib.compress(np.round(coef / scale).astype("<i2").tobytes(), 9))
    meta = {"bits": BITS, "scale": scale, "bias": float(model.intercept_[0]), "C": C, "seed": SEED, "positive": "+".join(POSITIVE),
            "trained_on": "eval/claims_corpus train split", "n_train": len(y), "n_positive": int(y.sum()),
            "oof_threshold": t, "oof_precision": round(prec, 3), "oof_recall": round(rec, 3), "oof_f1": round(f1, 3),
            "calibration": calibrate.fit()}
    with open(META, "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print(f"calibration: a {meta['calibration']['a']} b {meta['calibration']['b']}; raw threshold "
          f"{calibrate.THRESHOLD_RAW} is calibrated {meta['calibration']['threshold']} (rules/claim/unattributed.yml)")
    print(f"wrote {WEIGHTS} ({os.path.getsize(WEIGHTS)} bytes) and {META}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
