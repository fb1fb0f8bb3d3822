"""Matching scanned images against a registry snapshot: the read side the pipeline uses.

:func:`open_known_images` opens the registry read-only, reads every current
pipeline hash in one read transaction (a consistent WAL snapshot, however
busy the writers are) and builds one :class:`~.index.HammingIndex` per hash
kind. After that it is immutable: one instance serves every thread of a
scan. Entry details (label, URL, date) are read for the few entries that
match, through a read-only connection per thread.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from .hashing import BITS, HashError, ImageHashes, canonical_image, hash_image
from .index import HammingIndex, to_words
from .settings import MatchSettings
from .store import KnownImageStore


@dataclass(frozen=True)
class HashHit:
    kind: str
    distance: int
    transform: str  # "as-is", "mirror-horizontal", "bottom-bar-trimmed", a PDQ dihedral ...


@dataclass(frozen=True)
class KnownMatch:
    """One registry entry an image matched, with the closest distance of each hash kind that agreed."""

    entry_id: int
    label: str
    source_url: str | None
    first_published: str | None
    notes: str | None
    name: str | None
    hits: tuple[HashHit, ...]

    @property
    def best(self) -> HashHit:
        return min(self.hits, key=lambda h: (h.distance / BITS[h.kind], h.kind))

    def to_dict(self) -> dict[str, object]:
        return {"entry": self.entry_id, "label": self.label, "source_url": self.source_url,
                "first_published": self.first_published, "notes": self.notes, "name": self.name,
                "hits": [{"kind": h.kind, "distance": h.distance, "transform": h.transform} for h in self.hits]}


@dataclass(frozen=True)
class Lookup:
    """What the registry says about one image: its hashes, the entries it matched, the radii used."""

    hashes: ImageHashes | None
    matches: tuple[KnownMatch, ...] = ()
    settings: MatchSettings = field(default_factory=MatchSettings)  # the radii these matches were found with
    error: str | None = None


class KnownImages:
    """An immutable in-memory snapshot of a registry's hashes, for matching."""

    def __init__(self, path: Path, settings: MatchSettings, tables: Mapping[str, tuple[np.ndarray, HammingIndex]]) -> None:
        self.path = path
        self.settings = settings
        self._tables = tables
        self._local = threading.local()

    @property
    def size(self) -> int:
        return max((len(ids) for ids, _ in self._tables.values()), default=0)

    def _store(self) -> KnownImageStore:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = KnownImageStore(self.path, readonly=True)
        return store

    def match_hashes(self, hashes: ImageHashes) -> tuple[KnownMatch, ...]:
        """Entries within the configured radius of any of the image's hashes or query variants."""
        s = self.settings
        best: dict[int, dict[str, HashHit]] = {}
        for kind in s.kinds:
            radius = s.search_radius(kind)
            table = self._tables.get(kind)
            if table is None:
                continue
            if kind == "pdq" and (hashes.pdq_quality or 0) < s.pdq_min_quality:
                continue
            ids, index = table
            for transform, value in hashes.queries(kind):
                rows, dist = index.search(to_words([value], BITS[kind])[0], radius)
                for entry_id, d in zip(ids[rows].tolist(), dist.tolist(), strict=False):
                    hits = best.setdefault(entry_id, {})
                    if kind not in hits or d < hits[kind].distance:
                        hits[kind] = HashHit(kind, d, transform)
        agreed = {e: h for e, h in best.items() if s.is_match({k: hit.distance for k, hit in h.items()})}
        if not agreed:
            return ()
        order = sorted(agreed, key=lambda e: (min(h.distance / BITS[h.kind] for h in agreed[e].values()), e))
        order = order[: s.max_matches]
        details = {e.id: e for e in self._store().entries(ids=order)}
        return tuple(
            KnownMatch(e, d.label, d.source_url, d.first_published, d.notes, d.name,
                       tuple(sorted(agreed[e].values(), key=lambda h: h.kind)))
            for e in order if (d := details.get(e)) is not None  # removed since the snapshot: skipped
        )

    def lookup(self, data: bytes) -> Lookup:
        """Bytes -> hashes (with query variants) and matches. Undecodable bytes give an error, not an exception."""
        try:
            image = canonical_image(data)
        except HashError as exc:
            return self.undecodable(str(exc))
        return self.lookup_image(image)

    def lookup_image(self, image: Image.Image) -> Lookup:
        """The same, from an image already decoded by :func:`canonical_image` (a caller that hashes it too)."""
        hashes = hash_image(image, variants=True)
        return Lookup(hashes, self.match_hashes(hashes), self.settings)

    def undecodable(self, reason: str) -> Lookup:
        return Lookup(None, (), self.settings, reason)


def open_known_images(path: Path | str, settings: MatchSettings | None = None, *,
                      linear_below: int | None = None, entry_ids: Collection[int] | None = None) -> KnownImages:
    """Read the registry once (read-only, one consistent snapshot) and index it for matching.

    ``entry_ids``: index only these entries (``registry rematch`` matches against the entries it selected)."""
    path = Path(path)
    settings = settings or MatchSettings()
    store = KnownImageStore(path, readonly=True)
    try:
        store.conn.execute("BEGIN")
        try:
            raw = {kind: store.hash_table(kind, min_quality=settings.pdq_min_quality if kind == "pdq" else None,
                                          entry_ids=entry_ids)
                   for kind in settings.kinds}
        finally:
            store.conn.execute("COMMIT")
    finally:
        store.close()
    tables: dict[str, tuple[np.ndarray, HammingIndex]] = {}
    for kind, (ids, values) in raw.items():
        extra = {} if linear_below is None else {"linear_below": linear_below}
        tables[kind] = (np.asarray(ids, dtype=np.int64), HammingIndex(to_words(values, BITS[kind]), **extra))
    return KnownImages(path, settings, tables)
