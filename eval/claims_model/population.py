"""The sentences the model judges at run time, collected from the labelled corpus end to end.

The model only ever sees the sentences the sourcing rules leave unattributed, split by the run-time
splitter, with the run-time previous/next sentence. Training and cross-validating on exactly that
population (not on every corpus sentence) is what makes the out-of-fold figure predict the dev
score: for each article of a split this module runs the real check with the model's judgement
replaced by a recorder, and returns

* every candidate (the inputs ``judge_unattributed`` received) with the corpus sentence it lies in;
* the sentences the vague/anonymous rules flag anyway (the flag {U, V} counts them too);
* every gold label of the article.

``flag_f1`` then scores a set of model probabilities the way ``eval.claims_corpus.score`` scores
the whole checker, so a threshold or a design can be chosen out of fold on the train split.
"""

from __future__ import annotations

import csv
import html
import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from eval.claims_corpus.score import VAGUE_RULES
from eval.claims_corpus.texts import HERE, load_sentences


@dataclass(frozen=True)
class Candidate:
    article: str
    sentence_id: str  # the corpus sentence the run-time sentence starts in
    text: str
    prev: str
    next_: str
    kinds: tuple[str, ...]
    position: int  # index of the sentence in its paragraph
    n_sentences: int  # sentences in the paragraph
    paragraph: int  # index of the paragraph among the article's body blocks


@dataclass
class Article:
    article: str
    gold: dict[str, str]  # sentence id -> N/V/U/O
    vague_flagged: set[str]  # sentence ids a claim/vague-source or claim/anonymous-source finding starts in
    candidates: list[Candidate]


def collect(split: str) -> list[Article]:
    """The labelled articles of ``split`` (every sentence labelled), each with its run-time candidates."""
    import integrity
    import integrity.detectors.claims as claims_detector

    with open(os.path.join(HERE, "articles.tsv"), encoding="utf-8") as f:
        splits = {r["article_id"]: r["split"] for r in csv.DictReader(f, delimiter="\t")}
    with open(os.path.join(HERE, "gold.tsv"), encoding="utf-8") as f:
        gold = {r["sentence_id"]: r["label"] for r in csv.DictReader(f, delimiter="\t")}
    by_article: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in load_sentences().values():
        by_article[row["article_id"]].append(row)
    chosen = sorted(a for a, rows in by_article.items() if splits[a] == split and all(r["sentence_id"] in gold for r in rows))

    calls: list[tuple[Any, int, tuple[str, ...]]] = []
    original = claims_detector.judge_unattributed

    def record(block, k, needs, types=None):  # type: ignore[no-untyped-def]
        calls.append((block, k, needs))
        return None

    out: list[Article] = []
    claims_detector.judge_unattributed = record
    try:
        for art in chosen:
            rows = by_article[art]
            paras: dict[int, list[dict[str, str]]] = defaultdict(list)
            for r in rows:
                paras[int(r["paragraph"])].append(r)
            parts, spans = ["<article>"], []
            para_text: dict[str, list[tuple[int, int, str]]] = {}
            for pn in sorted(paras):
                parts.append("<p>")
                text, local = "", []
                for i, r in enumerate(sorted(paras[pn], key=lambda r: int(r["sentence"]))):
                    if i:
                        parts.append(" ")
                        text += " "
                    start = sum(len(x) for x in parts)
                    local.append((len(text), len(text) + len(r["text"]), r["sentence_id"]))
                    text += r["text"]
                    parts.append(html.escape(r["text"], quote=False))
                    spans.append((start, sum(len(x) for x in parts), r["sentence_id"]))
                para_text[text] = local
                parts.append("</p>\n")
            parts.append("</article>")
            calls.clear()
            report = integrity.check("".join(parts), kind="html")
            vague = set()
            for f in report.findings:
                if f.rule_id in VAGUE_RULES and f.location is not None:
                    vague.update(sid for a, b, sid in spans if a <= f.location.offset < b)
            cands = []
            blocks_seen: dict[int, int] = {}
            for block, k, needs in calls:
                local = para_text.get(block.text)
                if local is None:
                    continue  # the parser changed the paragraph's text (rare): no sure sentence to label
                s = block.sentences
                sid = next((x for a, b, x in local if a <= s[k].start < b), None)
                if sid is None:
                    continue
                pidx = blocks_seen.setdefault(id(block), len(blocks_seen))
                cands.append(Candidate(
                    art, sid, block.text[s[k].start : s[k].end],
                    block.text[s[k - 1].start : s[k - 1].end] if k else "",
                    block.text[s[k + 1].start : s[k + 1].end] if k + 1 < len(s) else "",
                    tuple(needs), k, len(s), pidx,
                ))
            out.append(Article(art, {r["sentence_id"]: gold[r["sentence_id"]] for r in rows}, vague, cands))
    finally:
        claims_detector.judge_unattributed = original
    return out


def flag_counts(articles: list[Article], probs: dict[tuple[str, int], float], threshold: float) -> tuple[int, int, int]:
    """tp, fp, fn of the flag {U, V} when the model flags its candidates at ``threshold``.

    ``probs``: (article, index of the candidate in the article) -> probability."""
    tp = fp = fn = 0
    for a in articles:
        flagged = set(a.vague_flagged)
        for i, c in enumerate(a.candidates):
            if probs.get((a.article, i), 0.0) >= threshold:
                flagged.add(c.sentence_id)
        for sid, label in a.gold.items():
            want, got = label in ("U", "V"), sid in flagged
            tp += want and got
            fp += got and not want
            fn += want and not got
    return tp, fp, fn


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
