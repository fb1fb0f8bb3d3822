"""Precision and recall of the claim flags on real news sentences.

``eval/claims_labels.tsv`` holds 201 sentences from 40 English pages of the
aeb_scrapinghub corpus (hand-cleaned article bodies), labelled by hand: Y when
a careful editor would write "source?" in the margin (a vague, anonymous or
missing source for a claim that needs one), N otherwise. 41 were the flags of
an early version of the detector, 160 a random sample of the other sentences
of the same pages. Each page body is checked as an HTML article (so paragraph
context counts) and a sentence counts as flagged when any claim/* finding is in it.

    python -m eval.claims        # -v lists the missed flags and the false alarms
"""

from __future__ import annotations

import csv
import html
import sys
from collections import Counter
from pathlib import Path

import integrity
from eval.body import load_truth

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    verbose = "-v" in (sys.argv[1:] if argv is None else argv)
    truth = load_truth()
    if truth is None:
        return 0
    labels = list(csv.DictReader((HERE / "claims_labels.tsv").open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
    pages = sorted({row["page"] for row in labels})
    flagged: dict[str, str] = {}
    for prefix in pages:
        key = next(k for k in truth if k.startswith(prefix))
        body = truth[key]["articleBody"]
        doc = "<article>" + "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip()) + "</article>"
        for f in integrity.check(doc, kind="html").findings:
            if f.rule_id.startswith("claim/"):
                flagged.setdefault(f.evidence, f.rule_id)
    tp = fp = fn = 0
    errors: list[str] = []
    by_rule: Counter[tuple[str, str]] = Counter()
    for row in labels:
        rule = flagged.get(row["sentence"])
        want = row["needs_flag"] == "Y"
        if rule:
            by_rule[(rule, "correct" if want else "false alarm")] += 1
        tp += bool(rule) and want
        fp += bool(rule) and not want
        fn += (not rule) and want
        if bool(rule) != want:
            errors.append(f"{'FP ' + rule if rule else 'FN'}\t{row['page']}\t{row['sentence']}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"claim flags on {len(labels)} labelled sentences ({len(pages)} pages): "
          f"precision {precision:.3f}, recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn})")
    for rule in sorted({r for r, _ in by_rule}):
        print(f"  {rule:<24} correct {by_rule[(rule, 'correct')]:>3}   false alarms {by_rule[(rule, 'false alarm')]:>3}")
    if verbose:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
