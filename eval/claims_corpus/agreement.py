"""Agreement between two labellers per batch, disagreements for adjudication, and gold.tsv.

python -m eval.claims_corpus.agreement
labels/<labeller>/batch-NN.tsv: sentence_id<TAB>label<TAB>note (label in N V U O).
"""
import csv
import os
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = ("N", "V", "U", "O")


def flag(label):
    return "F" if label in ("V", "U") else "-"


def cohen_kappa(a, b):
    """Cohen's kappa of two equal-length label sequences; None when undefined."""
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b, strict=False)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return None if pe == 1 else (po - pe) / (1 - pe)


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#") and r[0] != "sentence_id"]


def load_batches():
    out = defaultdict(list)
    with open(os.path.join(HERE, "batches.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            out[r["batch"]].append(r["article_id"])
    return out


from .texts import load_sentences  # noqa: E402  (texts rebuilt from ../shared where they may not be copied)


def check_file(path, expected):
    """(labels dict, errors) for one labeller's batch file."""
    labels, notes, errors, seen = {}, {}, [], Counter()
    for r in read_tsv(path):
        sid, lab = r[0].strip(), (r[1].strip() if len(r) > 1 else "")
        seen[sid] += 1
        if sid not in expected:
            errors.append(f"{path}: unknown sentence id {sid}")
        elif lab not in LABELS:
            errors.append(f"{path}: {sid}: bad label {lab!r}")
        else:
            labels[sid], notes[sid] = lab, (r[2].strip() if len(r) > 2 else "")
    errors += [f"{path}: {sid} labelled {k} times" for sid, k in seen.items() if k > 1]
    errors += [f"{path}: {sid} not labelled" for sid in sorted(expected - set(seen))]
    return labels, notes, errors


def report(pairs, sentences, title):
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    n = len(pairs)
    if not n:
        return f"{title}: no doubly labelled sentences"
    raw = sum(x == y for x, y in pairs) / n
    k4, kf = cohen_kappa(a, b), cohen_kappa([flag(x) for x in a], [flag(y) for y in b])
    fmt = lambda k: "n/a" if k is None else f"{k:.3f}"
    return f"{title}: n={n} raw={raw:.3f} kappa4={fmt(k4)} kappa_flag={fmt(kf)}"


def merge_gold(agreed, adjudicated):
    """agreed: {sid: label} where both labellers agree; adjudicated: {sid: label}. Adjudication wins."""
    gold = {sid: (lab, "agreed") for sid, lab in agreed.items()}
    for sid, lab in adjudicated.items():
        gold[sid] = (lab, "adjudicated")
    return gold


def main():
    sentences = load_sentences()
    batches = load_batches()
    ldir = os.path.join(HERE, "labels")
    labellers = sorted(d for d in os.listdir(ldir) if os.path.isdir(os.path.join(ldir, d))) if os.path.isdir(ldir) else []
    all_pairs, by_lang, errors, disagreements, agreed = [], defaultdict(list), [], [], {}
    for batch in sorted(batches):
        expected = {sid for sid, r in sentences.items() if r["article_id"] in set(batches[batch])}
        files = [
            (who, os.path.join(ldir, who, batch + ".tsv"))
            for who in labellers
            if os.path.exists(os.path.join(ldir, who, batch + ".tsv"))
        ]
        if not files:
            continue
        if len(files) != 2:
            errors.append(f"{batch}: {len(files)} labeller file(s), need 2: {[f for _, f in files]}")
            continue
        (la, fa), (lb, fb) = files
        A, NA, ea = check_file(fa, expected)
        B, NB, eb = check_file(fb, expected)
        errors += ea + eb
        pairs = []
        for sid in sorted(set(A) & set(B)):
            pairs.append((A[sid], B[sid]))
            by_lang[sentences[sid]["lang"]].append((A[sid], B[sid]))
            if A[sid] == B[sid]:
                agreed[sid] = A[sid]
            else:
                notes = "; ".join(
                    x for x in (f"{la}: {NA[sid]}" if NA[sid] else "", f"{lb}: {NB[sid]}" if NB[sid] else "") if x
                )
                disagreements.append((sid, sentences[sid]["text"], A[sid], B[sid], notes))
        all_pairs += pairs
        print(report(pairs, sentences, f"{batch} ({la} vs {lb})"))
    print(report(all_pairs, sentences, "overall"))
    for lang in sorted(by_lang):
        print(report(by_lang[lang], sentences, f"lang {lang}"))
    with open(os.path.join(HERE, "disagreements.tsv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["sentence_id", "text", "label_a", "label_b", "notes"])
        w.writerows(disagreements)
    adj = {}
    apath = os.path.join(HERE, "adjudicated.tsv")
    if os.path.exists(apath):
        for r in read_tsv(apath):
            if len(r) < 2 or r[1].strip() not in LABELS:
                errors.append(f"adjudicated.tsv: bad row {r}")
            else:
                adj[r[0].strip()] = r[1].strip()
    gold = merge_gold(agreed, adj)
    open_ = [d[0] for d in disagreements if d[0] not in adj]
    with open(os.path.join(HERE, "gold.tsv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["sentence_id", "label", "source"])
        for sid in sorted(gold):
            w.writerow([sid, gold[sid][0], gold[sid][1]])
    print(f"gold: {len(gold)} sentences; {len(open_)} disagreements not yet adjudicated")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
