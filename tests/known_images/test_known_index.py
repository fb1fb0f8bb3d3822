"""Multi-index hashing gives exactly the answer of a full scan."""

from __future__ import annotations

import numpy as np
import pytest

from integrity.known_images.index import HammingIndex, distances, to_words


def _flip(rng: np.random.Generator, row: np.ndarray, bits: int, k: int) -> np.ndarray:
    q = row.copy()
    for b in rng.choice(bits, size=k, replace=False):
        q[b // 64] ^= np.uint64(1) << np.uint64(int(b) % 64)
    return q


@pytest.mark.parametrize("bits,radii", [(64, (0, 3, 4, 8, 10, 12)), (256, (0, 15, 31, 40))])
def test_index_equals_a_full_scan(bits: int, radii: tuple[int, ...]) -> None:
    rng = np.random.default_rng(bits)
    words = bits // 64
    table = rng.integers(0, 2**64 - 1, size=(3000, words), dtype=np.uint64, endpoint=True)
    # near-duplicates so that every radius has hits
    table[1500:1600] = [_flip(rng, table[i], bits, int(rng.integers(0, 12))) for i in range(100)]
    index = HammingIndex(table, linear_below=0)
    linear = HammingIndex(table)
    for radius in radii:
        for _ in range(40):
            q = _flip(rng, table[int(rng.integers(0, 3000))], bits, int(rng.integers(0, radius + 3)))
            expected = np.flatnonzero(distances(table, q) <= radius)
            rows, d = index.search(q, radius)
            assert sorted(rows.tolist()) == expected.tolist()
            assert (d == distances(table, q)[rows]).all()
            assert sorted(linear.search(q, radius)[0].tolist()) == expected.tolist()


def test_words_are_big_endian_hash_bytes() -> None:
    raw = bytes(range(8))
    assert int(to_words([raw], 64)[0, 0]) == int.from_bytes(raw, "big")
    assert to_words([], 256).shape == (0, 4)


def test_empty_index_finds_nothing() -> None:
    index = HammingIndex(np.empty((0, 1), np.uint64))
    rows, d = index.search(np.zeros(1, np.uint64), 8)
    assert rows.size == 0 and d.size == 0
