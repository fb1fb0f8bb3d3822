"""Platt scaling for the "needs a source" model, fitted out of fold on the train split only.

    PYTHONPATH=$PWD python -m eval.claims_model.calibrate   # prints a, b and the reliability table

Why: the model is trained with ``class_weight=balanced`` on every corpus sentence, so its raw
probability is neither a frequency nor about the population it judges at run time (the
sentences the rules leave unattributed): at its threshold 0.47 the out-of-fold precision is
0.36, yet the message said "model confidence 0.6". Platt scaling maps the raw score
z = w·x + bias to sigmoid(a·z + b), a > 0, so the order of sentences (and, with the threshold
mapped the same way, the flagged set) is unchanged while the number reads as a frequency.

The fit: each of 5 folds, grouped by article (``cv.py``'s folds), trains the shipped design on
the other articles' sentences and scores its own articles' run-time candidates
(``population.py``); (a, b) is the maximum-likelihood logistic fit of "the candidate's
sentence is gold U or V" (a flag the corpus counts correct) on those out-of-fold scores.
``train.py`` calls :func:`fit` and writes the result into meta.json. Dev and test are never read.
"""

from __future__ import annotations

import math
import sys

import numpy as np

THRESHOLD_RAW = 0.47  # the raw-probability threshold the calibrated one replaces (same flagged set)
BINS = (0.0, 0.2, 0.225, 0.25, 0.275, 0.3, 1.0)


def out_of_fold() -> tuple[np.ndarray, np.ndarray]:
    """Raw scores z of the train split's run-time candidates, each from a model that did not see its
    article, and whether the candidate's sentence is gold U or V."""
    from sklearn.model_selection import GroupKFold

    from eval.claims_model.cv import _matrix
    from eval.claims_model.population import collect
    from eval.claims_model.train import _fit, _rows_all

    arts = collect("train")
    every = _rows_all()
    cands = [(a.article, c) for a in arts for c in a.candidates]
    gold = {a.article: a.gold for a in arts}
    c_art = np.array([a for a, _ in cands])
    target = np.array([gold[a][c.sentence_id] in ("U", "V") for a, c in cands], dtype=float)
    mc_all = _matrix([(c.text, c.prev, c.next_, c.kinds, (c.position, c.n_sentences)) for _, c in cands], False)
    me_all = _matrix([r[:5] for r in every], False)
    e_art = np.array([r[5] for r in every])
    ye = np.array([r[6] == "U" for r in every], dtype=int)  # the shipped design: positive U, every sentence
    ids = sorted(gold)
    z = np.zeros(len(cands))
    for tr, _ in GroupKFold(n_splits=5).split(np.zeros(len(ids)), groups=ids):
        train_ids = [ids[i] for i in tr]
        me, mc = np.isin(e_art, train_ids), np.isin(c_art, train_ids)
        z[~mc] = _fit(me_all[me], ye[me]).decision_function(mc_all[~mc])
    return z, target


def platt(z: np.ndarray, y: np.ndarray, iterations: int = 50) -> tuple[float, float]:
    """Maximum-likelihood (a, b) of P(y=1) = sigmoid(a·z + b), by Newton's method (deterministic)."""
    a, b = 1.0, 0.0
    X = np.column_stack([z, np.ones_like(z)])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(a * z + b)))
        grad = X.T @ (y - p)
        hess = (X * (p * (1 - p))[:, None]).T @ X
        step = np.linalg.solve(hess, grad)
        a, b = a + float(step[0]), b + float(step[1])
        if abs(step).max() < 1e-12:
            break
    return a, b


def reliability(z: np.ndarray, y: np.ndarray, a: float, b: float) -> list[tuple[str, int, float, float, float]]:
    """Per bin of calibrated probability: (bin, n, mean raw probability, mean calibrated, observed share U/V)."""
    raw = 1.0 / (1.0 + np.exp(-z))
    cal = 1.0 / (1.0 + np.exp(-(a * z + b)))
    rows = []
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        m = (cal >= lo) & (cal < hi)
        if m.any():
            rows.append((f"{lo:g}–{hi:g}", int(m.sum()), float(raw[m].mean()), float(cal[m].mean()), float(y[m].mean())))
    return rows


def mapped_threshold(a: float, b: float, raw: float = THRESHOLD_RAW) -> float:
    """The calibrated threshold that flags the sentences the raw one did.

    The finding's ``need`` was the raw probability to 3 decimals (flagged from 0.4695 up) and is
    now the calibrated one to 4: the threshold is the calibrated value of 0.4695, plus half a
    unit of the 4th decimal. Between the two boundaries lies a raw interval of width < 0.0003."""
    z = math.log((raw - 0.0005) / (1 - raw + 0.0005))
    return round(1.0 / (1.0 + math.exp(-(a * z + b))) + 0.00005, 4)


def fit() -> dict[str, float | int | str]:
    """The calibration that meta.json stores (a, b rounded: the file must be byte-for-byte reproducible)."""
    z, y = out_of_fold()
    a, b = platt(z, y)
    a, b = round(a, 6), round(b, 6)
    return {"a": a, "b": b, "n": len(y), "n_positive": int(y.sum()), "target": "U+V", "folds": "GroupKFold by article, 5, train split",
            "threshold_raw": THRESHOLD_RAW, "threshold": mapped_threshold(a, b)}


def main(argv: list[str]) -> int:
    z, y = out_of_fold()
    a, b = platt(z, y)
    print(f"Platt: a {a:.6f} b {b:.6f} on {len(y)} out-of-fold candidates ({int(y.sum())} U/V); "
          f"raw {THRESHOLD_RAW} -> calibrated {mapped_threshold(round(a, 6), round(b, 6))}")
    print("| calibrated bin | candidates | mean raw p | mean calibrated p | observed U/V |")
    print("|---|---|---|---|---|")
    for name, n, r, c, o in reliability(z, y, a, b):
        print(f"| {name} | {n} | {r:.3f} | {c:.3f} | {o:.3f} |")
    flagged = 1.0 / (1.0 + np.exp(-z)) >= THRESHOLD_RAW
    print(f"flagged at raw {THRESHOLD_RAW}: {int(flagged.sum())}, U/V share {y[flagged].mean():.3f}, "
          f"mean calibrated p {(1 / (1 + np.exp(-(a * z[flagged] + b)))).mean():.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
