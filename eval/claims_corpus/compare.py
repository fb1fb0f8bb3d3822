"""Per-sentence claim flags on one split, saved and compared: what a detector change fixed and broke.

    python -m eval.claims_corpus.compare dump before.tsv            # dev split (never test)
    python -m eval.claims_corpus.compare dump after.tsv
    python -m eval.claims_corpus.compare diff before.tsv after.tsv  # fixed / broken sentences

A sentence is "fixed" when its flag {U, V} now agrees with gold and did not before, "broken" the
other way round; the diff lists each with its gold label, the rules before and after, and its text.
The score script's article rebuild is reused, so the figures are those of ``score``.
"""

from __future__ import annotations

import csv
import os
import sys
from collections import defaultdict

if __package__ in (None, ""):
    sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..")))

from eval.claims_corpus.score import _flags  # noqa: E402
from eval.claims_corpus.texts import HERE, load_sentences  # noqa: E402


def dump(path: str, split: str = "dev") -> None:
    if split == "test":
        raise SystemExit("the test split is scored once, by score --final; no per-sentence dumps of it")
    sentences = load_sentences()
    with open(os.path.join(HERE, "articles.tsv"), encoding="utf-8") as f:
        splits = {r["article_id"]: r["split"] for r in csv.DictReader(f, delimiter="\t")}
    with open(os.path.join(HERE, "gold.tsv"), encoding="utf-8") as f:
        gold = {r["sentence_id"]: r["label"] for r in csv.DictReader(f, delimiter="\t")}
    articles: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in sentences.values():
        articles[row["article_id"]].append(row)
    with open(path, "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out, delimiter="\t")
        w.writerow(["sentence_id", "gold", "rules", "text"])
        for art in sorted(articles):
            rows = articles[art]
            if splits[art] != split or not all(r["sentence_id"] in gold for r in rows):
                continue
            flags = _flags(rows)
            for r in rows:
                w.writerow([r["sentence_id"], gold[r["sentence_id"]], ",".join(sorted(flags.get(r["sentence_id"], ()))), r["text"]])


def _read(path: str) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        return {r["sentence_id"]: r for r in csv.DictReader(f, delimiter="\t")}


def diff(before_path: str, after_path: str) -> None:
    before, after = _read(before_path), _read(after_path)
    fixed, broken, changed = [], [], []
    for sid, a in after.items():
        b = before.get(sid)
        if b is None:
            continue
        want = a["gold"] in ("U", "V")
        ok_b, ok_a = bool(b["rules"]) == want, bool(a["rules"]) == want
        line = f"  {sid} [{a['gold']}] {b['rules'] or '-'} -> {a['rules'] or '-'}: {a['text'][:150]}"
        if ok_a and not ok_b:
            fixed.append(line)
        elif ok_b and not ok_a:
            broken.append(line)
        elif a["rules"] != b["rules"]:
            changed.append(line)
    for title, items in (("fixed", fixed), ("broken", broken), ("rules changed, flag the same", changed)):
        print(f"{title}: {len(items)}")
        for line in items:
            print(line)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["dump"]:
        dump(args[1], args[args.index("--split") + 1] if "--split" in args else "dev")
    elif args[:1] == ["diff"]:
        diff(args[1], args[2])
    else:
        print(__doc__)
        raise SystemExit(2)
