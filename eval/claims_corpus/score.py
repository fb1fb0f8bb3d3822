"""integrity's claim flags against the independently labelled corpus (gold.tsv), on one split.

    python -m eval.claims_corpus.score            # the dev split
    python -m eval.claims_corpus.score --split train
    python -m eval.claims_corpus.score -v         # also the missed flags and false alarms

The test split is scored once, at the end of the claims work, and its figure goes in the
README with the date; this script refuses ``--split test`` unless ``--final`` is given.

Each labelled article is rebuilt from its sentences as an HTML article (one ``<p>`` per
paragraph, the sentences joined by a space), checked with the built-in rules, and a sentence
counts as flagged when a claim/* finding starts inside it. Gold flag = V or U (the guide's
"flagged?" column). Printed: precision/recall/F1 of the flag {U, V}, of V alone (found by
claim/vague-source or claim/anonymous-source) and of U alone (claim/unattributed), per language
and per rule.
"""

from __future__ import annotations

import csv
import html
import os
import sys
from collections import Counter, defaultdict

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..")))

from eval.claims_corpus.texts import HERE, MissingText, load_sentences  # noqa: E402

VAGUE_RULES = ("claim/vague-source", "claim/anonymous-source")


def _prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})"


def _flags(rows: list[dict[str, str]]) -> dict[str, set[str]]:
    """sentence id -> the claim rules whose findings start in it, for one article's sentences."""
    import integrity

    paras: dict[int, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        paras[int(r["paragraph"])].append(r)
    parts, spans = ["<article>"], []
    for pn in sorted(paras):
        parts.append("<p>")
        for i, r in enumerate(sorted(paras[pn], key=lambda r: int(r["sentence"]))):
            if i:
                parts.append(" ")
            start = sum(len(x) for x in parts)
            parts.append(html.escape(r["text"], quote=False))
            spans.append((start, sum(len(x) for x in parts), r["sentence_id"]))
        parts.append("</p>\n")
    parts.append("</article>")
    out: dict[str, set[str]] = defaultdict(set)
    for f in integrity.check("".join(parts), kind="html").findings:
        if not f.rule_id.startswith("claim/") or f.location is None:
            continue
        for a, b, sid in spans:
            if a <= f.location.offset < b:
                out[sid].add(f.rule_id)
    return out


def main(argv: list[str]) -> int:
    split = argv[argv.index("--split") + 1] if "--split" in argv else "dev"
    if split == "test" and "--final" not in argv:
        print("the test split is scored once, at the end: add --final to do it", file=sys.stderr)
        return 2
    gold_path = os.path.join(HERE, "gold.tsv")
    if not os.path.exists(gold_path):
        print("no gold.tsv yet: run python -m eval.claims_corpus.agreement", file=sys.stderr)
        return 0
    try:
        sentences = load_sentences()
    except MissingText as exc:
        print(f"{exc}: nothing to score", file=sys.stderr)
        return 0
    with open(os.path.join(HERE, "articles.tsv"), encoding="utf-8") as f:
        splits = {r["article_id"]: r["split"] for r in csv.DictReader(f, delimiter="\t")}
    with open(gold_path, encoding="utf-8") as f:
        gold = {r["sentence_id"]: r["label"] for r in csv.DictReader(f, delimiter="\t")}
    articles: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in sentences.values():
        articles[row["article_id"]].append(row)
    # only articles whose every sentence has a gold label: the paragraph context is then the labelled one
    chosen = [a for a, rows in articles.items() if splits[a] == split and all(r["sentence_id"] in gold for r in rows)]
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    per_rule: Counter[tuple[str, str]] = Counter()
    misses: list[tuple[str, str, str]] = []
    alarms: list[tuple[str, str, str]] = []
    for art in sorted(chosen):
        flags = _flags(articles[art])
        for row in articles[art]:
            sid, label, lang = row["sentence_id"], gold[row["sentence_id"]], row["lang"]
            got = flags.get(sid, set())
            for scope in ("all", f"lang {lang}"):
                c = counts[scope]
                flag, want = bool(got), label in ("U", "V")
                c["tp" if flag and want else "fp" if flag else "fn" if want else "tn"] += 1
                v_got, v_want = bool(got & set(VAGUE_RULES)), label == "V"
                c["v_tp" if v_got and v_want else "v_fp" if v_got else "v_fn" if v_want else "v_tn"] += 1
                u_got, u_want = "claim/unattributed" in got, label == "U"
                c["u_tp" if u_got and u_want else "u_fp" if u_got else "u_fn" if u_want else "u_tn"] += 1
            for rule in got:
                per_rule[(rule, "correct" if label in ("U", "V") else "false alarm")] += 1
            if label in ("U", "V") and not got:
                misses.append((sid, label, row["text"]))
            if got and label not in ("U", "V"):
                alarms.append((sid, label, row["text"]))
    n = sum(len(articles[a]) for a in chosen)
    print(f"claims corpus, {split} split: {len(chosen)} fully labelled articles, {n} sentences")
    for scope in ["all", *sorted(s for s in counts if s != "all")]:
        c = counts[scope]
        print(f"{scope}:")
        print(f"  flag {{U,V}}  {_prf(c['tp'], c['fp'], c['fn'])}")
        print(f"  V alone    {_prf(c['v_tp'], c['v_fp'], c['v_fn'])}")
        print(f"  U alone    {_prf(c['u_tp'], c['u_fp'], c['u_fn'])}")
    for rule in sorted({r for r, _ in per_rule}):
        print(f"  {rule:<26} correct {per_rule[(rule, 'correct')]:>4}   false alarms {per_rule[(rule, 'false alarm')]:>4}")
    if "-v" in argv:
        for title, items in (("missed", misses), ("false alarms", alarms)):
            print(f"\n{title}:")
            for sid, label, text in items:
                print(f"  {sid} [{label}] {text[:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
