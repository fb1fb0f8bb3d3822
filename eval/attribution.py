"""Attribution-sentence detection on PolNeAR: precision, recall and F1.

A sentence is an attribution sentence when an annotated attribution Cue
starts inside it. Our prediction is "the claims analyser found a cue": a
source with its cue, or a vague one ("reportedly", "it is claimed"). The
plain-lexicon baseline (any reporting-verb form or "according to") is measured
in the same run. Run from the repo root:

    python -m eval.attribution            # dev split
    python -m eval.attribution --split test   # once, for the final figure
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from integrity.api import checker
from integrity.detectors.claims import ClaimAnalyser
from integrity.parse.sentences import split_sentences

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "attribution" / "polnear"


def cue_starts(ann: Path) -> list[int]:
    starts = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("T") and parts[1].startswith("Cue "):
            starts.append(int(parts[1].split()[1]))
    return starts


def sentences(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int, bool]]:
    """(start, end, first sentence of its paragraph?)"""
    out = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        for k, s in enumerate(split_sentences(para.group(0), abbreviations)):
            out.append((para.start() + s.start, para.start() + s.end, k == 0))
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev", choices=("dev", "test", "annotator-training"))
    ap.add_argument("--errors", type=int, default=0, help="print this many false positives and negatives")
    args = ap.parse_args(argv)
    root = CORPUS / args.split
    if not root.is_dir():
        print(f"PolNeAR not found at {root}; nothing to evaluate (../shared must be beside the clone)")
        return 0
    c = checker()
    analyser = ClaimAnalyser(c.ruleset)
    lexicon = c.ruleset.lexicon("reporting-verbs").regex
    according = c.ruleset.lexicon("named-attribution").regex
    counts = {"ours": [0, 0, 0], "lexicon": [0, 0, 0]}
    errors: list[tuple[str, str]] = []
    n = 0
    for txt in sorted((root / "text").glob("*.txt")):
        anns = sorted((root / "attributions").glob(txt.stem + "_*.ann"))
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        gold_starts = cue_starts(anns[0])
        in_quote = False
        for a, b, first in sentences(text, c.layout.abbreviations):
            n += 1
            gold = any(a <= s < b for s in gold_starts)
            sent = text[a:b]
            result = analyser.analyse(sent, in_quote=in_quote and not first)
            in_quote = result.quote_open
            ours = bool(result.cues or result.vague)  # a source named or not ("reportedly")
            plain = bool(lexicon.search(sent) or according.search(sent))
            for name, pred in (("ours", ours), ("lexicon", plain)):
                k = counts[name]
                if pred and gold:
                    k[0] += 1
                elif pred:
                    k[1] += 1
                elif gold:
                    k[2] += 1
            if ours != gold and len(errors) < args.errors * 2:
                errors.append(("FP" if ours else "FN", sent))
    print(f"PolNeAR {args.split}: {n} sentences")
    print(f"{'method':<28}{'precision':>10}{'recall':>10}{'F1':>8}")
    for name, label in (("ours", "integrity claims analyser"), ("lexicon", "plain reporting-verb lexicon")):
        p, r, f = prf(*counts[name])
        print(f"{label:<28}{p:>10.3f}{r:>10.3f}{f:>8.3f}")
    for kind, sent in errors:
        print(f"{kind}: {sent[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
