"""The learned "needs a source" judgement for sentences the sourcing rules leave unattributed.

Whether an unattributed news sentence needs a source (an event told second-hand, a figure, a
cause, a prediction, an accusation, a superlative) or is background, scene or record is a
judgement no lexicon makes. This module holds a small logistic regression over hashed word and
character n-grams of the sentence plus the words of its previous and next sentence in the
paragraph (issue 17, section 3). It is trained by ``eval/claims_model/train.py`` on the train
split of the labelled claims corpus; the weights ship in ``integrity/data/claims_model/``.

Why this shape: a logistic head on all-MiniLM-L6-v2 sentence embeddings (of the sentence and its
neighbours) was measured against it in the same run and was not clearly better — out-of-fold AUC
0.62 against 0.57, but the same flag F1, and a lower dev AUC (``eval/claims_model/embed_cv.py``,
README there) — at many times the cost. This one costs a few hundred hash look-ups per sentence and one sparse
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
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Block
    from .ruledata.folders import RuleFolders

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


def features(text: str, prev: str = "", next_: str = "", kinds: Iterable[str] = (),
             position: tuple[int, int] | None = None, extra: bool = False) -> Iterable[tuple[str, float]]:
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
    if not extra:
        return
    # the sentence's place in its paragraph: a lede states the news, a paragraph's last line often sources it
    if position is not None:
        k, n = position
        yield f"pos:{min(k, 3)}", 1.0
        yield f"pos:last{int(k == n - 1)}", 1.0
        yield f"pos:alone{int(n == 1)}", 1.0
    words = [t for t in toks if t[0].isalnum()]
    yield f"shape:nwords{min(len(words) // 4, 10)}", 1.0
    digits = sum(t[0] == "0" for t in words)
    yield f"shape:figures{min(digits, 3)}", 1.0
    caps = sum(1 for w in _WORD.findall(text)[1:] if w[:1].isupper())
    yield f"shape:caps{min(caps, 4)}", 1.0
    for prefix, ctx in (("pq:", prev), ("nq:", next_)):
        if ctx and any(q in ctx for q in "\"“”«»„"):
            yield prefix + "quote", 1.0
    found = set(kinds)
    yield "kinds:" + ("+".join(sorted(found)) or "none"), 1.0


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


def hashed(text: str, prev: str, next_: str, bits: int, kinds: Iterable[str] = (),
           position: tuple[int, int] | None = None, extra: bool = False) -> tuple[list[int], list[float]]:
    """Feature indices and L2-normalised values in a 2**bits space (crc32: stable across runs and platforms).

    The features of :func:`features`, hashed without building their names where a word's can be
    kept (tests hold the two equal). Every weight is a multiple of 0.5, so the sums are exact in any order.
    The experimental second feature set (``extra``) is hashed name by name."""
    acc: dict[int, float] = {}
    mask = (1 << bits) - 1
    get, crc32 = acc.get, zlib.crc32
    if extra:
        for name, value in features(text, prev, next_, kinds, position, extra):
            i = crc32(name.encode("utf-8")) & mask
            acc[i] = get(i, 0.0) + value
        return _normalised(acc)

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
    return _normalised(acc)


def _normalised(acc: dict[int, float]) -> tuple[list[int], list[float]]:
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
    # Platt scaling sigmoid(a·z + b) of the raw score z, fitted out of fold (meta "calibration");
    # a > 0, so it keeps the order of sentences. Without it (an old meta.json) the raw probability
    calib_a: float = 1.0
    calib_b: float = 0.0

    def score(self, text: str, prev: str = "", next_: str = "", kinds: Iterable[str] = (),
              position: tuple[int, int] | None = None) -> float:
        """The raw score z = w·x + bias (the logit of the uncalibrated probability the weights were trained for)."""
        # feature set 1: n-grams, shapes, kinds, context; 2 adds place in paragraph, counts, quotes around
        idx, vals = hashed(text, prev, next_, self.bits, kinds, position, extra=int(self.meta.get("features", 1)) >= 2)
        w = self.weights
        return sum(w[i] * v for i, v in zip(idx, vals, strict=True)) * self.scale + self.bias

    def probability(self, text: str, prev: str = "", next_: str = "", kinds: Iterable[str] = (),
                    position: tuple[int, int] | None = None) -> float:
        """P(the sentence needs a source it does not have), 0..1, calibrated: among the sentences the
        rules leave unattributed, about this share are flags an editor would make (``eval/claims_model/calibrate.py``).
        ``kinds``: the needs-source kinds the rules found; ``position``: (index of the sentence in its
        paragraph, sentences in the paragraph)."""
        return self.calibrated(self.score(text, prev, next_, kinds, position))

    def calibrated(self, z: float) -> float:
        """The calibrated probability of a raw score (monotonic increasing in ``z``)."""
        return 1.0 / (1.0 + math.exp(-(self.calib_a * z + self.calib_b)))


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
        calibration = meta.get("calibration") or {"a": 1.0, "b": 0.0}
        if not float(calibration["a"]) > 0:
            raise ValueError(f"{META}: calibration a must be > 0 (it would reverse the order of sentences)")
        model = NeedsSourceModel(weights=weights, scale=float(meta["scale"]), bias=float(meta["bias"]),
                                 bits=int(meta["bits"]), meta=meta,
                                 calib_a=float(calibration["a"]), calib_b=float(calibration["b"]))
    except (OSError, KeyError, TypeError, ValueError, zlib.error) as exc:
        log.warning("claims model unavailable (%s): unattributed claims are judged by the rules only", exc)
        return None
    return model


def reset() -> None:
    """Forget the loaded model (tests switch the model off and on)."""
    with _lock:
        _loaded.clear()


CLAIM_TYPES_FILE = "signals/claim-types.yml"  # relative to a rule folder: claim types, superlatives, rules-only kinds
_TYPE_NAMES = ("event", "figure", "cause", "prediction", "accusation", "superlative")
_TYPES_KEYS = {"version", "types", "superlative", "rules_only_kinds"}


@dataclass(frozen=True)
class ClaimTypes:
    """What ``signals/claim-types.yml`` decides: the claim type a finding names, and what the
    rules alone ask a source for when the model is unavailable. Code matches; the file decides."""

    types: tuple[tuple[str, str], ...]  # (needs-source kind, claim type), first match wins
    superlative: re.Pattern[str]  # a prediction matching it is a superlative
    rules_only_kinds: frozenset[str]
    path: str = ""

    def claim_type(self, text: str, kinds: Iterable[str]) -> str:
        """event / figure / cause / prediction / accusation / superlative, from simple cues."""
        found = set(kinds)
        if "prediction" in found and self.superlative.search(text):
            return "superlative"
        return next((name for kind, name in self.types if kind in found), "event")


@lru_cache(maxsize=8)
def load_claim_types(path: Path) -> ClaimTypes:
    """Read and check one claim-types file; a malformed one fails at load with its ``file:line``."""
    from .ruledata.yaml_lines import LineDict, RuleFileError, load_mapping

    data = load_mapping(path, _TYPES_KEYS, "a claim-types file")
    for key in ("types", "superlative", "rules_only_kinds"):
        if key not in data:
            raise RuleFileError(path, data.line, f"missing key {key!r}")
    types = []
    if not isinstance(data["types"], list):
        raise RuleFileError(path, data.line_of("types"), "types must be a list of {kind, type}")
    for item in data["types"]:
        line = item.line if isinstance(item, LineDict) else data.line_of("types")
        if not isinstance(item, dict) or set(item) != {"kind", "type"}:
            raise RuleFileError(path, line, "each entry of types is {kind: <needs-source kind>, type: <claim type>}")
        if item["type"] not in _TYPE_NAMES:
            raise RuleFileError(path, line, f"type {item['type']!r} is not one of {', '.join(_TYPE_NAMES)}")
        types.append((str(item["kind"]), str(item["type"])))
    try:
        superlative = re.compile(str(data["superlative"]), re.IGNORECASE)
    except re.error as exc:
        raise RuleFileError(path, data.line_of("superlative"), f"superlative: bad pattern: {exc}") from None
    kinds = data["rules_only_kinds"]
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise RuleFileError(path, data.line_of("rules_only_kinds"), "rules_only_kinds must be a list of needs-source kinds")
    return ClaimTypes(tuple(types), superlative, frozenset(kinds), str(path))


def claim_types(folders: RuleFolders | None = None) -> ClaimTypes:
    """The claim-types file the rule folders pick (a newsroom's replaces the built-in one)."""
    from .ruledata.folders import RuleFolders

    return load_claim_types((folders or RuleFolders.builtin()).require(CLAIM_TYPES_FILE))


def _unattributed_fields():  # type: ignore[no-untyped-def]
    from .facts import FieldSpec, enum, text

    return (
        FieldSpec("need", "number",
                  "how likely the sentence needs a source: the model's calibrated probability, 1 when the rules decided"),
        FieldSpec("confidence", "number",
                  "the model's calibrated probability, which becomes the finding's confidence (and weights its penalty); "
                  "none when the rules decided"),
        enum("type", "the claim's type", _TYPE_NAMES),
        enum("judged", "who judged it: the learned model, or the rules when the model is unavailable", ("model", "rules")),
        text("judged_by", "the judgement in words: 'model confidence 0.72' or 'rules: figure'"),
    )


UNATTRIBUTED_FIELDS = _unattributed_fields()


def judge_unattributed(block: Block, k: int, needs: tuple[str, ...], types: ClaimTypes | None = None) -> dict[str, Any] | None:
    """The fields of a claim.unattributed fact for sentence ``k`` of ``block``, or None for no fact.

    With the model: every unattributed statement gets its probability (the rule's ``need``
    threshold decides, as data). Without it: the rules' kinds decide (``rules_only_kinds`` of
    ``signals/claim-types.yml``), as before the model. ``types``: the run's claim-types file
    (the built-in one when not given)."""
    model = load()
    types = types or claim_types()
    kind = types.claim_type(block.text[block.sentences[k].start : block.sentences[k].end], needs)
    if model is None:
        hit = [n for n in needs if n in types.rules_only_kinds]
        if not hit:
            return None
        return {"need": 1.0, "confidence": None, "type": kind, "judged": "rules", "judged_by": "rules: " + ", ".join(hit)}
    s = block.sentences
    prev = block.text[s[k - 1].start : s[k - 1].end] if k else ""
    nxt = block.text[s[k + 1].start : s[k + 1].end] if k + 1 < len(s) else ""
    p = model.probability(block.text[s[k].start : s[k].end], prev, nxt, needs, (k, len(s)))
    # need keeps 4 decimals: the calibrated scale is flatter than the raw one, and the threshold must
    # flag the same sentences as the raw 0.47 did (rules/claim/unattributed.yml)
    return {"need": round(p, 4), "confidence": round(p, 3), "type": kind, "judged": "model", "judged_by": f"model confidence {p:.2f}"}
