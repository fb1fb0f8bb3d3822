"""Cross-validate model designs end to end, by article, on the train split only.

    PYTHONPATH=$PWD python -m eval.claims_model.cv            # shipped design, baselines, ceiling
    PYTHONPATH=$PWD python -m eval.claims_model.cv --grid     # + feature sets, populations, positives, C

Why not ``train.py --dry-run``'s figure: that one scores every corpus sentence, grouped by
outlet, while at run time the model only judges the sentences the rules leave unattributed
(``population.py``) and the dev score counts the whole checker (vague/anonymous flags too). Here
each fold (GroupKFold by article, 5 folds) trains on the other articles and flags its own
candidates; the figure is flag {U, V} precision/recall/F1 over every sentence of the train split,
at the threshold best out of fold (and at the shipped threshold). Dev and test are never read.
Needs scikit-learn and scipy (the eval extra).
"""

from __future__ import annotations

import itertools
import sys

import numpy as np

from eval.claims_model.population import Article, collect, flag_counts, prf
from eval.claims_model.train import BITS, SEED, _rows_all
from integrity.claims_model import hashed

SHIPPED_THRESHOLD = 0.47  # raw probability; rules/claim/unattributed.yml holds its calibrated value (calibrate.py)


def _matrix(rows, extra: bool):  # type: ignore[no-untyped-def]
    from scipy.sparse import csr_matrix

    data, ind, ptr = [], [], [0]
    for text, prev, nxt, kinds, pos in rows:
        i, v = hashed(text, prev, nxt, BITS, kinds, pos, extra)
        ind.extend(i)
        data.extend(v)
        ptr.append(len(ind))
    return csr_matrix((np.asarray(data, "float32"), np.asarray(ind), np.asarray(ptr)), shape=(len(rows), 1 << BITS))


def _line(name: str, arts: list[Article], probs: dict[tuple[str, int], float], fixed: float | None) -> str:
    curve = [(prf(*flag_counts(arts, probs, float(t))), float(t)) for t in np.arange(0.05, 0.96, 0.01)]
    (p, r, f), t = max(curve, key=lambda x: x[0][2])
    out = f"{name:<58} best t {t:.2f}: P {p:.3f} R {r:.3f} F1 {f:.3f}"
    if fixed is not None:
        p, r, f = prf(*flag_counts(arts, probs, fixed))
        out += f" | at {fixed}: P {p:.3f} R {r:.3f} F1 {f:.3f}"
    return out


def main(argv: list[str]) -> int:
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    arts = collect("train")
    every = _rows_all()
    cands = [(a.article, i, c) for a in arts for i, c in enumerate(a.candidates)]
    gold = {a.article: a.gold for a in arts}
    c_art = np.array([a for a, _, _ in cands])
    c_lab = np.array([gold[a][c.sentence_id] for a, _, c in cands])
    e_art = np.array([r[5] for r in every])
    e_lab = np.array([r[6] for r in every])
    ids = sorted(gold)
    folds = [{ids[i] for i in tr} for tr, _ in GroupKFold(n_splits=5).split(np.zeros(len(ids)), groups=ids)]
    n_flag = sum(lab in ("U", "V") for a in arts for lab in a.gold.values())
    print(f"train: {len(arts)} articles, {sum(len(a.gold) for a in arts)} sentences ({n_flag} U/V), "
          f"{len(cands)} run-time candidates ({int(np.isin(c_lab, ['U']).sum())} U, {int(np.isin(c_lab, ['V']).sum())} V)")
    perfect = {(a, i): float(lab in ("U", "V")) for (a, i, _), lab in zip(cands, c_lab, strict=True)}
    print(_line("ceiling: a perfect model on the candidates", arts, perfect, None))
    print(_line("baseline: flag every candidate", arts, {(a, i): 1.0 for a, i, _ in cands}, None))
    print(_line("baseline: vague/anonymous rules only", arts, {}, None))

    designs = [(False, "all", "U", 1.0)]  # the shipped design: feature set 1, every sentence, positive U, C 1
    if "--grid" in argv:
        designs += list(itertools.product((False, True), ("all", "candidates"), ("U", "UV"), (0.5, 2.0)))
    mats = {}
    for extra, population, positive, C in designs:
        if extra not in mats:
            mats[extra] = (_matrix([(c.text, c.prev, c.next_, c.kinds, (c.position, c.n_sentences)) for _, _, c in cands], extra),
                           _matrix([r[:5] for r in every], extra))
        mc_all, me_all = mats[extra]
        yc = np.isin(c_lab, list(positive)).astype(int)
        ye = np.isin(e_lab, list(positive)).astype(int)
        oof = np.zeros(len(cands))
        for train_ids in folds:
            mc = np.isin(c_art, list(train_ids))
            me = np.isin(e_art, list(train_ids))
            X, y = (me_all[me], ye[me]) if population == "all" else (mc_all[mc], yc[mc])
            if population == "both":
                X, y = vstack([me_all[me], mc_all[mc]]), np.concatenate([ye[me], yc[mc]])
            model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=SEED).fit(X, y)
            oof[~mc] = model.predict_proba(mc_all[~mc])[:, 1]
        probs = {(a, i): float(p) for (a, i, _), p in zip(cands, oof, strict=True)}
        auc = roc_auc_score(np.isin(c_lab, ["U"]).astype(int), oof)
        name = f"features {2 if extra else 1}, trained on {population}, positive {positive}, C {C:g} (AUC U {auc:.3f})"
        print(_line(name, arts, probs, SHIPPED_THRESHOLD), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
