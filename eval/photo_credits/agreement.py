"""Two labellers' photo-credit labels: coverage, Cohen's kappa, disagreements, and gold.tsv.

    PYTHONPATH=$PWD python -m eval.photo_credits.agreement

Reads ``labels/<labeller>/packet-NN.tsv`` (two labellers per image; see ``guide.md``) and checks
that each labeller covered every image of the packets they labelled exactly once with valid
values (errors: exit 1). Reports raw agreement and Cohen's kappa on *editorial* (Y/N) and, on
the images both call editorial, on *credited* (Y/N), and the share of both-credited images whose
texts agree (token Jaccard >= 0.5). Every disagreement goes to ``disagreements.tsv``; decisions
in ``adjudicated.tsv`` (image_id, editorial, credited, where, credit_text, reason) settle them,
and the agreed and adjudicated labels are merged into ``gold.tsv``. Images still disagreed and
not adjudicated are listed and left out of gold.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

from eval.photo_credits.sample import HERE
from eval.photo_credits.score import jaccard

FIELDS = ("image_id", "editorial", "credited", "where", "credit_text")


def kappa(pairs: list[tuple[str, str]]) -> float:
    if not pairs:
        return float("nan")
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    labels = {x for p in pairs for x in p}
    pe = sum((sum(a == k for a, _ in pairs) / n) * (sum(b == k for _, b in pairs) / n) for k in labels)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    if rows and rows[0][:1] == ["image_id"]:
        rows = rows[1:]
    out = []
    for r in rows:
        if not r or not r[0].strip():
            continue
        r = (r + [""] * 6)[:6]
        out.append({"image_id": r[0].strip(), "editorial": r[1].strip().upper(), "credited": r[2].strip().upper(),
                    "where": r[3].strip(), "credit_text": r[4].strip(), "note": r[5].strip()})
    return out


def main() -> int:
    with (HERE / "images.tsv").open(encoding="utf-8", newline="") as fh:
        images = [r["image_id"] for r in csv.DictReader(fh, delimiter="\t")]
    known = set(images)
    labels: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)  # image -> labeller -> row
    errors: list[str] = []
    for path in sorted((HERE / "labels").glob("*/packet-*.tsv")):
        who = path.parent.name
        seen: set[str] = set()
        for r in _read(path):
            iid = r["image_id"]
            if iid not in known:
                errors.append(f"{path}: unknown image id {iid}")
            elif iid in seen:
                errors.append(f"{path}: {iid} twice")
            elif r["editorial"] not in ("Y", "N") or r["credited"] not in ("Y", "N", "-") or (
                r["editorial"] == "Y" and r["credited"] == "-"
            ):
                errors.append(f"{path}: {iid}: bad values {r['editorial']!r} {r['credited']!r}")
            seen.add(iid)
            labels[iid][who] = r
    missing = [i for i in images if len(labels.get(i, {})) < 2]
    if errors or missing:
        for e in errors[:50]:
            print(e, file=sys.stderr)
        if missing:
            print(f"{len(missing)} images without two labels (first: {', '.join(missing[:8])})", file=sys.stderr)
        if errors:
            return 1
    adjudicated: dict[str, dict[str, str]] = {}
    adj_path = HERE / "adjudicated.tsv"
    if adj_path.exists():
        with adj_path.open(encoding="utf-8", newline="") as fh:
            adjudicated = {r["image_id"]: r for r in csv.DictReader(fh, delimiter="\t")}
    ed_pairs, cr_pairs, text_pairs = [], [], []
    disagreements, gold, open_ = [], [], []
    for iid in images:
        rows = list(labels.get(iid, {}).values())
        if len(rows) < 2:
            continue
        a, b = rows[0], rows[1]
        ed_pairs.append((a["editorial"], b["editorial"]))
        agree = a["editorial"] == b["editorial"]
        if agree and a["editorial"] == "Y":
            cr_pairs.append((a["credited"], b["credited"]))
            agree = a["credited"] == b["credited"]
            if agree and a["credited"] == "Y":
                same_text = jaccard(a["credit_text"], b["credit_text"]) >= 0.5
                text_pairs.append(same_text)
                agree = same_text
        if agree:
            gold.append({k: a[k] for k in FIELDS})
            continue
        disagreements.append([iid, a["editorial"], a["credited"], a["credit_text"], a["note"],
                              b["editorial"], b["credited"], b["credit_text"], b["note"]])
        if iid in adjudicated:
            gold.append({k: adjudicated[iid].get(k, "") for k in FIELDS})
        else:
            open_.append(iid)
    with (HERE / "disagreements.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["image_id", "editorial_a", "credited_a", "text_a", "note_a", "editorial_b", "credited_b", "text_b", "note_b"])
        w.writerows(disagreements)
    with (HERE / "gold.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(gold)
    n = len(ed_pairs)
    print(f"{n} images with two labels")
    print(f"editorial: agreement {sum(x == y for x, y in ed_pairs) / n:.3f}, kappa {kappa(ed_pairs):.3f}")
    if cr_pairs:
        print(f"credited (both editorial, {len(cr_pairs)}): agreement {sum(x == y for x, y in cr_pairs) / len(cr_pairs):.3f}, "
              f"kappa {kappa(cr_pairs):.3f}")
    if text_pairs:
        print(f"credit text (both credited, {len(text_pairs)}): same {sum(text_pairs) / len(text_pairs):.3f}")
    print(f"{len(disagreements)} disagreements ({len(disagreements) - len(open_)} adjudicated); gold: {len(gold)} images")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
