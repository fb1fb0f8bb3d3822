"""The corpus sentences with their text, including text that may not live in this repository.

PolNeAR's articles carry no data licence (research use; the text belongs to its publishers), so
``sentences.tsv`` keeps only their ids and a hash of each sentence; their text is rebuilt here
from ``../shared/corpora`` the way ``sample.py`` extracted it (one paragraph per non-empty line
after the headline, then ``split.py``) and checked against the hash. Sources whose licence allows
it (aeb_scrapinghub is MIT; the web pages are kept as the project's other evaluations keep them)
keep their text in the file.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re

from .split import split_sentences

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpora"))
RESEARCH_ONLY = frozenset({"polnear"})


class MissingText(RuntimeError):
    """A sentence whose text is only in ../shared, which is not beside this clone."""


def sentence_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _polnear_sentences(relpath: str, lang: str) -> dict[tuple[int, int], str]:
    with open(os.path.join(CORPORA, relpath), encoding="utf-8") as f:
        lines = f.read().split("\n")
    paras = [line.strip() for line in lines[1:] if line.strip()]
    out: dict[tuple[int, int], str] = {}
    pn = 0
    for p in paras:
        ss = [s for s in split_sentences(p, lang) if re.search(r"\w", s)]
        if ss:
            pn += 1
            for sn, s in enumerate(ss, 1):
                out[(pn, sn)] = s
    return out


def load_sentences() -> dict[str, dict[str, str]]:
    """sentence_id -> row (article_id, paragraph, sentence, lang, sha1, text), every text filled in."""
    with open(os.path.join(HERE, "articles.tsv"), encoding="utf-8") as f:
        articles = {r["article_id"]: r for r in csv.DictReader(f, delimiter="\t")}
    with open(os.path.join(HERE, "sentences.tsv"), encoding="utf-8") as f:
        rows = {r["sentence_id"]: r for r in csv.DictReader(f, delimiter="\t")}
    rebuilt: dict[str, dict[tuple[int, int], str]] = {}
    for sid, r in rows.items():
        if r["text"]:
            continue
        art = articles[r["article_id"]]
        if art["article_id"] not in rebuilt:
            if not os.path.exists(os.path.join(CORPORA, art["relpath"])):
                raise MissingText(f"{sid}: its text is in ../shared/corpora/{art['relpath']}, which is not here")
            rebuilt[art["article_id"]] = _polnear_sentences(art["relpath"], r["lang"])
        text = rebuilt[art["article_id"]].get((int(r["paragraph"]), int(r["sentence"])), "")
        if sentence_hash(text) != r["sha1"]:
            raise MissingText(f"{sid}: the text rebuilt from {art['relpath']} does not match its hash")
        r["text"] = text
    return rows
