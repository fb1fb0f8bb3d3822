"""The learned "needs a source" judgement for sentences the sourcing rules leave unattributed.

Whether an unattributed news sentence needs a source (an event told second-hand, a figure, a
cause, a prediction, an accusation, a superlative) or is background, scene or record is a
judgement no lexicon makes. This module holds a small logistic regression over hashed word and
character n-grams of the sentence plus the words of its previous and next sentence in the
paragraph (issue 17, section 3). It is trained by ``eval/claims_model/train.py`` on the train
split of the labelled claims corpus; the weights ship in ``integrity/data/claims_model/``.

Why this shape: on the dev split it scores as well as a MiniLM encoder with a trained head
(issue 17) at a fraction of the cost — a few hundred hash look-ups per sentence and one sparse
dot product in plain Python (the standard library's ``array``: not even numpy, whose import alone
would cost a text-only check ~0.1 s), no torch, nothing downloaded at run time. The feature
function is shared by training and inference, so the two cannot drift apart.

The weights load on first use (``load()``), not at import: paths that never judge a sentence
pay nothing. If the weight file is missing or unreadable (or ``INTEGRITY_CLAIMS_MODEL=0``),
``load()`` returns None, logs once per process, and the claims detector falls back to its rules.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import sys
import threading
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Block

log = logging.getLogger(__name__)

MODEL_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "claims_model")
WEIGHTS = os.path.join(MODEL_DIR, "weights.i16.zlib")  # int16 weights (times meta "scale"), little-endian, zlib
META = os.path.join(MODEL_DIR, "meta.json")
# set to "0" to run the rules only (tests of the fallback; a newsroom that wants the old behaviour)
ENV_SWITCH = "INTEGRITY_CLAIMS_MODEL"

_WORD = re.compile(r"\w+(?:['’.-]\w+)*|[^\w\s]", re.UNICODE)
_DIGIT = re.compile(r"\d")


_TOKENS: dict[str, list[str]] = {}  # a sentence is read three times: itself, and its neighbours' context
_TOKENS_MAX = 64  # a paragraph's worth: only neighbours are read again


def _tokens(text: str) -> list[str]:
    """Casefolded words and marks, digits as 0 (the list is shared: callers only read it)."""
    toks = _TOKENS.get(text)
    if toks is None:
        toks = [_DIGIT.sub("0", t.casefold()) for t in _WORD.findall(text)]
        if len(_TOKENS) >= _TOKENS_MAX:
            _TOKENS.clear()
        _TOKENS[text] = toks
    return toks


def _shapes(text: str, toks: list[str]) -> list[str]:
    """A figure, a quotation mark, the length, the first word."""
    out = []
    if _DIGIT.search(text):
        out.append("shape:digit")
    if any(q in text for q in "\"“”«»„"):
        out.append("shape:quote")
    out.append(f"shape:len{min(len(toks) // 8, 6)}")
    out.append("shape:first:" + (toks[0] if toks else ""))
    return out


def features(text: str, prev: str = "", next_: str = "", kinds: Iterable[str] = ()) -> Iterable[tuple[str, float]]:
    """The named features of one sentence in its paragraph context, each with its weight.

    Word unigrams and bigrams, character 3–5-grams inside words, a few surface shapes (a figure,
    a quotation mark, the length), and the unigrams of the neighbouring sentences (a source given
    in the next sentence covers this one; a quote before it makes it a continuation)."""
    toks = _tokens(text)
    for kind in kinds:  # the kinds of lexicon needs-source the rules found (a figure, a cause, ...)
        yield "kind:" + kind, 2.0
    for t in toks:
        yield "w:" + t, 1.0
    for a, b in zip(["<s>", *toks], [*toks, "</s>"], strict=True):
        yield "b:" + a + " " + b, 1.0
    for t in toks:
        if len(t) < 3 or not t[0].isalnum():
            continue
        w = f"<{t}>"
        for n in (3, 4, 5):
            for i in range(len(w) - n + 1):
                yield "c:" + w[i : i + n], 0.5
    for name in _shapes(text, toks):
        yield name, 1.0
    for prefix, ctx in (("p:", prev), ("n:", next_)):
        if not ctx:
            yield prefix + "<none>", 1.0
            continue
        for t in set(_tokens(ctx)):
            yield prefix + t, 0.5


# per word: the crc32 of its "w:" feature and of its "c:" n-grams. Words repeat across a page's
# sentences (and a sentence is read again as its neighbours' context), and hashing names one by
# one was most of the model's cost; bounded, as a hostile page may hold any number of new words
_WORD_CRCS: dict[str, tuple[int, tuple[int, ...]]] = {}
_CONTEXT_CRCS: dict[str, int] = {}  # "p:word" / "n:word" -> crc32
_CACHE_MAX = 50_000
_CACHED_WORD_MAX = 40


def _word_crcs(t: str) -> tuple[int, tuple[int, ...]]:
    got = _WORD_CRCS.get(t)
    if got is None:
        grams: tuple[int, ...] = ()
        if len(t) >= 3 and t[0].isalnum():
            w = f"<{t}>"
            grams = tuple(zlib.crc32(("c:" + w[i : i + n]).encode("utf-8")) for n in (3, 4, 5) for i in range(len(w) - n + 1))
        got = (zlib.crc32(("w:" + t).encode("utf-8")), grams)
        if len(t) <= _CACHED_WORD_MAX:  # not a hostile page's 3,000-letter "word"
            if len(_WORD_CRCS) >= _CACHE_MAX:
                _WORD_CRCS.clear()
            _WORD_CRCS[t] = got
    return got


def _context_crc(name: str) -> int:
    got = _CONTEXT_CRCS.get(name)
    if got is None:
        got = zlib.crc32(name.encode("utf-8"))
        if len(_CONTEXT_CRCS) >= _CACHE_MAX:
            _CONTEXT_CRCS.clear()
        _CONTEXT_CRCS[name] = got
    return got


def hashed(text: str, prev: str, next_: str, bits: int, kinds: Iterable[str] = ()) -> tuple[list[int], list[float]]:
    """Feature indices and L2-normalised values in a 2**bits space (crc32: stable across runs and platforms).

    The features of :func:`features`, hashed without building their names where a word's can be
    kept (tests hold the two equal). Every weight is a multiple of 0.5, so the sums are exact in any order."""
    acc: dict[int, float] = {}
    mask = (1 << bits) - 1
    get, crc32 = acc.get, zlib.crc32

    def add(crcs: Iterable[int], value: float) -> None:
        for h in crcs:
            i = h & mask
            acc[i] = get(i, 0.0) + value

    toks = _tokens(text)
    add([crc32(("kind:" + kind).encode("utf-8")) for kind in kinds], 2.0)
    per_word = [_word_crcs(t) for t in toks]
    add([w for w, _ in per_word], 1.0)
    add([crc32(("b:" + a + " " + b).encode("utf-8")) for a, b in zip(["<s>", *toks], [*toks, "</s>"], strict=True)], 1.0)
    add([h for _, grams in per_word for h in grams], 0.5)
    add([crc32(name.encode("utf-8")) for name in _shapes(text, toks)], 1.0)
    for prefix, ctx in (("p:", prev), ("n:", next_)):
        if not ctx:
            add([crc32((prefix + "<none>").encode("utf-8"))], 1.0)
        else:
            add([_context_crc(prefix + t) for t in set(_tokens(ctx))], 0.5)
    norm = math.sqrt(sum(v * v for v in acc.values())) or 1.0
    idx = sorted(acc)
    return idx, [acc[i] / norm for i in idx]


@dataclass(frozen=True)
class NeedsSourceModel:
    """Weights of the trained model and what it was trained on (meta.json)."""

    weights: Any  # array('h') of length 2**bits; weight = value * scale
    scale: float
    bias: float
    bits: int
    meta: dict[str, Any]

    def probability(self, text: str, prev: str = "", next_: str = "", kinds: Iterable[str] = ()) -> float:
        """P(the sentence needs a source it does not have), 0..1; ``kinds``: the needs-source kinds the rules found."""
        idx, vals = hashed(text, prev, next_, self.bits, kinds)
        w = self.weights
        z = sum(w[i] * v for i, v in zip(idx, vals, strict=True)) * self.scale + self.bias
        return 1.0 / (1.0 + math.exp(-z))


_lock = threading.Lock()
_loaded: list[NeedsSourceModel | None] = []  # empty: not tried yet


def load() -> NeedsSourceModel | None:
    """The shipped model, loaded once per process; None (said once, in the log) when unavailable."""
    if _loaded:
        return _loaded[0]
    with _lock:
        if not _loaded:
            _loaded.append(_load())
    return _loaded[0]


def _load() -> NeedsSourceModel | None:
    if os.environ.get(ENV_SWITCH, "1") == "0":
        log.warning("claims model disabled (%s=0): unattributed claims are judged by the rules only", ENV_SWITCH)
        return None
    try:
        with open(WEIGHTS, "rb") as f:
            raw = zlib.decompress(f.read())
        with open(META, encoding="utf-8") as f:
            meta = json.load(f)
        weights = array("h")
        weights.frombytes(raw)
        if sys.byteorder == "big":
            weights.byteswap()
        if len(weights) != 1 << int(meta["bits"]):
            raise ValueError(f"{WEIGHTS}: {len(weights)} weights, meta.json says 2**{meta['bits']}")
        model = NeedsSourceModel(weights=weights, scale=float(meta["scale"]), bias=float(meta["bias"]),
                                 bits=int(meta["bits"]), meta=meta)
    except (OSError, KeyError, ValueError, zlib.error) as exc:
        log.warning("claims model unavailable (%s): unattributed claims are judged by the rules only", exc)
        return None
    return model


def reset() -> None:
    """Forget the loaded model (tests switch the model off and on)."""
    with _lock:
        _loaded.clear()


# the claim type a finding names, from the kinds of lexicon needs-source the sentence matches
# (first match wins, in this order); a sentence with none of them reports an event
CLAIM_TYPES = (("contested", "accusation"), ("casualty", "event"), ("cause", "cause"), ("figure", "figure"),
               ("price", "figure"), ("prediction", "prediction"))
_SUPERLATIVE = re.compile(r"(?<!\w)(?:the\s+(?:most|largest|biggest|worst|best|highest|lowest|first)|unprecedented|record)(?!\w)",
                          re.IGNORECASE)


def claim_type(text: str, kinds: Iterable[str]) -> str:
    """event / figure / cause / prediction / accusation / superlative, from simple cues."""
    found = set(kinds)
    if "prediction" in found and _SUPERLATIVE.search(text):
        return "superlative"
    return next((name for kind, name in CLAIM_TYPES if kind in found), "event")


# what the rules alone ask a source for when the model is unavailable (the rule's old kinds):
# "cause" and "price" flagged more background than claims on real news (eval/claims.py)
RULES_ONLY_KINDS = frozenset({"figure", "casualty", "prediction", "contested"})


def _unattributed_fields():  # type: ignore[no-untyped-def]
    from .facts import FieldSpec, enum, text

    return (
        FieldSpec("need", "number", "how likely the sentence needs a source: the model's probability, 1 when the rules decided"),
        enum("type", "the claim's type", ("event", "figure", "cause", "prediction", "accusation", "superlative")),
        enum("judged", "who judged it: the learned model, or the rules when the model is unavailable", ("model", "rules")),
        text("judged_by", "the judgement in words: 'model confidence 0.72' or 'rules: figure'"),
    )


UNATTRIBUTED_FIELDS = _unattributed_fields()


def judge_unattributed(block: Block, k: int, needs: tuple[str, ...]) -> dict[str, Any] | None:
    """The fields of a claim.unattributed fact for sentence ``k`` of ``block``, or None for no fact.

    With the model: every unattributed statement gets its probability (the rule's ``need``
    threshold decides, as data). Without it: the rules' kinds decide, as before the model."""
    model = load()
    kind = claim_type(block.text[block.sentences[k].start : block.sentences[k].end], needs)
    if model is None:
        hit = [n for n in needs if n in RULES_ONLY_KINDS]
        if not hit:
            return None
        return {"need": 1.0, "type": kind, "judged": "rules", "judged_by": "rules: " + ", ".join(hit)}
    s = block.sentences
    prev = block.text[s[k - 1].start : s[k - 1].end] if k else ""
    nxt = block.text[s[k + 1].start : s[k + 1].end] if k + 1 < len(s) else ""
    p = model.probability(block.text[s[k].start : s[k].end], prev, nxt, needs)
    return {"need": round(p, 3), "type": kind, "judged": "model", "judged_by": f"model confidence {p:.2f}"}
