"""In-memory Hamming search over many hashes of one kind: multi-index hashing on numpy.

Hashes are rows of 64-bit words (1 word for pHash/dHash, 4 for PDQ), cut into
16-bit chunks (4 for a 64-bit hash, 16 for PDQ). Each chunk position gets a
table of the rows sorted by that chunk, with a direct offset array over its
65,536 values, so a bucket is found by indexing, not by binary search.

Pigeonhole (Norouzi et al.'s refinement): write the radius as ``r = m*a + b``
for ``m`` chunks; if two hashes differ in at most ``r`` bits, one of the first
``b + 1`` chunks differs in at most ``a`` bits or one of the others in at
most ``a - 1``. A query probes every chunk value within that radius (for
pHash at radius 8: 137 + 3 x 17 = 188 probes), gathers the buckets' rows in
one vectorised step and checks their full distance with a popcount. For
64-bit hashes each table also holds the hashes themselves in bucket order,
so checking a bucket reads contiguous memory.

Below ``LINEAR_BELOW`` entries a plain vectorised scan is faster and is used
instead. Exact: the same answer as a full scan. Built once, then read-only:
safe to share between threads. Figures: ``benchmarks/bench_registry.py``.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

import numpy as np

LINEAR_BELOW = 20_000
CHUNK_BITS = 16
_CHUNK_VALUES = 1 << CHUNK_BITS

try:
    _popcount = np.bitwise_count  # numpy >= 2.0
except AttributeError:  # pragma: no cover - numpy 1.x
    _BYTE_COUNTS = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)

    def _popcount(x: np.ndarray) -> np.ndarray:  # type: ignore[misc]
        b = np.ascontiguousarray(x).view(np.uint8).reshape(*x.shape, 8)
        counts: np.ndarray = _BYTE_COUNTS[b].sum(axis=-1, dtype=np.uint8)
        return counts


def to_words(hashes: list[bytes], bits: int) -> np.ndarray:
    """Big-endian hash bytes -> (n, bits/64) uint64."""
    words = bits // 64
    if not hashes:
        return np.empty((0, words), np.uint64)
    return np.frombuffer(b"".join(hashes), dtype=">u8").astype(np.uint64).reshape(-1, words)


def distances(table: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Hamming distance of one query row to every row of ``table`` ((n, words) uint64)."""
    out: np.ndarray
    if table.shape[1] == 1:
        out = _popcount(table[:, 0] ^ query[0]).astype(np.int32)
    else:
        out = _popcount(table ^ query).sum(axis=1, dtype=np.int32)
    return out


@lru_cache(maxsize=64)
def _masks(radius: int) -> np.ndarray:
    """Every 16-bit value with at most ``radius`` bits set (XOR masks), as int64."""
    out = [0]
    for k in range(1, min(radius, CHUNK_BITS) + 1):
        out.extend(sum(1 << b for b in bits) for bits in combinations(range(CHUNK_BITS), k))
    return np.array(out, dtype=np.int64)


class HammingIndex:
    """Exact radius search: ``search(query, radius) -> (row numbers, distances)``."""

    def __init__(self, table: np.ndarray, *, linear_below: int = LINEAR_BELOW) -> None:
        self.table = np.ascontiguousarray(table, dtype=np.uint64)
        self.size, self.words = self.table.shape
        self.chunks = self.words * (64 // CHUNK_BITS)
        self._built = False
        self._probes: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        if self.size >= linear_below:
            self._build()

    def __len__(self) -> int:
        return int(self.size)

    def _chunk_values(self, rows: np.ndarray) -> np.ndarray:
        """(n, chunks) int64: chunk c is bits [16*(c%4), +16) of word c//4."""
        parts = [((rows[:, c // 4] >> np.uint64(CHUNK_BITS * (c % 4))) & np.uint64(_CHUNK_VALUES - 1)).astype(np.int64)
                 for c in range(self.chunks)]
        return np.stack(parts, axis=1)

    def _build(self) -> None:
        n = self.size
        values = self._chunk_values(self.table)
        rows = np.empty(self.chunks * n, np.int32)
        offsets = np.empty(self.chunks * _CHUNK_VALUES + 1, np.int64)
        offsets[0] = 0
        for c in range(self.chunks):
            order = np.argsort(values[:, c].astype(np.uint16), kind="stable")  # a radix sort for 16-bit keys
            rows[c * n:(c + 1) * n] = order
            counts = np.bincount(values[:, c], minlength=_CHUNK_VALUES)
            offsets[c * _CHUNK_VALUES + 1:(c + 1) * _CHUNK_VALUES + 1] = c * n + np.cumsum(counts)
        self._rows = rows
        self._offsets = offsets
        # single-word hashes: keep the hash beside its row, so a bucket is checked in place
        self._hashes = self.table[rows, 0] if self.words == 1 else None
        self._built = True

    def _probe(self, radius: int) -> tuple[np.ndarray, np.ndarray]:
        """(offset-array base + mask for every probe, its chunk number), cached per radius."""
        cached = self._probes.get(radius)
        if cached is None:
            a, b = divmod(radius, self.chunks)
            base, seg = [], []
            for c in range(self.chunks):
                r = a if c <= b else a - 1
                if r < 0:
                    continue
                m = _masks(r)
                base.append(m + c * _CHUNK_VALUES)
                seg.append(np.full(m.size, c, dtype=np.int64))
            cached = self._probes[radius] = (np.concatenate(base), np.concatenate(seg))
        return cached

    def search(self, query: np.ndarray, radius: int) -> tuple[np.ndarray, np.ndarray]:
        q = np.asarray(query, dtype=np.uint64).reshape(1, self.words)
        if self.size == 0 or radius < 0:
            return np.empty(0, np.int64), np.empty(0, np.int32)
        if not self._built:
            d = distances(self.table, q[0])
            rows = np.flatnonzero(d <= radius)
            return rows, d[rows]
        base, seg = self._probe(radius)
        words = [int(w) for w in q[0]]
        chunk = np.array([(words[c >> 2] >> (CHUNK_BITS * (c & 3))) & (_CHUNK_VALUES - 1) for c in range(self.chunks)],
                         dtype=np.int64)
        # a chunk value XOR a mask, then shifted into its chunk's block of offsets
        keys = ((base & (_CHUNK_VALUES - 1)) ^ chunk[seg]) + seg * _CHUNK_VALUES
        lo = self._offsets[keys]
        lengths = self._offsets[keys + 1] - lo
        hit = lengths > 0
        lo, lengths = lo[hit], lengths[hit]
        total = int(lengths.sum())
        if total == 0:
            return np.empty(0, np.int64), np.empty(0, np.int32)
        # positions lo[j] .. lo[j]+len[j]-1 for every j, without a Python loop
        positions = np.repeat(lo - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        if self._hashes is not None:
            d = _popcount(self._hashes[positions] ^ q[0, 0]).astype(np.int32)
            keep = d <= radius
            rows, d = self._rows[positions[keep]].astype(np.int64), d[keep]
        else:
            rows = np.unique(self._rows[positions]).astype(np.int64)
            d = distances(self.table[rows], q[0])
            keep = d <= radius
            return rows[keep], d[keep]
        if rows.size > 1:  # a row found through several chunks
            rows, first = np.unique(rows, return_index=True)
            d = d[first]
        return rows, d
