"""Retroactive matching: the images an audit already saw, against registry entries added since.

Hash-sharing programmes work this way: when a picture is newly listed as a
known fake (``known-ai``) or withdrawn (``do-not-use``), every archive that
holds it should learn so without being crawled again. An audit's store
(``audit.sqlite`` under ``--out``) keeps each image's registry hashes
(``images.hashes``, store schema 3), so :func:`rematch` compares them with the
selected entries and lists the articles that now match.

Parity with a scan, and its limits:
    * The same radii and agreement rule (``signals/registry.yml``), and the same
      allow list: an image within reach of an ``allow`` entry is never reported,
      whatever else it matches (allow entries are always consulted, ``--since``
      or not).
    * Only the image's own hashes are stored, not the query variants a scan adds
      (mirrored, caption bar trimmed, PDQ rotations): a flipped copy a scan would
      catch can be missed here.
    * A store written before schema 3 kept only the pHash, and none for a
      placeholder or an allow-listed image; entries holding no pHash (a PDQ-only
      list from a hash-sharing programme) cannot be compared with such images, and
      the two-kind agreement rule needs dHash too. Every image that could not be
      compared with every selected entry is listed with the reason; re-running the
      audit with ``--force`` stores the rest.

The audit store is only read (opened read-only, never migrated).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .kinds import ALLOW_LABEL, PIPELINES, HashError, ImageHashes
from .match import KnownMatch, open_known_images
from .settings import MatchSettings
from .store import KnownImageStore, RegistryError, check_label

DEFAULT_LABELS = ("known-ai", "do-not-use")
AUDIT_STORE = "audit.sqlite"


@dataclass(frozen=True)
class Since:
    """Entries added after entry ``after_id``, or on or after ``day`` (ISO date)."""

    after_id: int | None = None
    day: str | None = None

    @staticmethod
    def parse(text: str | None) -> Since | None:
        if text is None or not text.strip():
            return None
        text = text.strip().lstrip("#")
        if text.isdigit():
            return Since(after_id=int(text))
        try:
            return Since(day=date.fromisoformat(text[:10]).isoformat())
        except ValueError:
            raise RegistryError(f"--since {text!r}: give an entry id (entries added after it) or a date YYYY-MM-DD "
                                "(entries added on or after it)") from None

    def describe(self) -> str:
        return f"added after entry #{self.after_id}" if self.after_id is not None else f"added since {self.day}"


@dataclass(frozen=True)
class ImageHit:
    """An image of an audited article that matches a selected entry now."""

    doc_id: str
    url: str | None
    title: str | None
    published: str | None
    src: str | None
    caption: str | None
    matches: tuple[KnownMatch, ...]

    def to_dict(self) -> dict[str, object]:
        return {"document": self.doc_id, "url": self.url, "title": self.title, "published": self.published,
                "image": self.src, "caption": self.caption, "matches": [m.to_dict() for m in self.matches]}


@dataclass(frozen=True)
class NotCompared:
    """An image that could not be compared with every selected entry, and why."""

    doc_id: str
    src: str | None
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"document": self.doc_id, "image": self.src, "reason": self.reason}


@dataclass
class Rematch:
    """What :func:`rematch` found: hits, and an account of every stored image."""

    audit: str
    registry: str
    labels: tuple[str, ...]
    since: Since | None
    entries: int  # selected entries (allow entries not counted)
    newest_entry: int | None  # the registry's highest entry id: pass it as --since next time
    store_schema: int
    images: int = 0  # image rows of scanned documents
    compared: int = 0
    allowed: int = 0  # matched an allow entry: never reported
    not_hashed: Counter[str] = field(default_factory=Counter)  # reason -> images the audit could not hash
    hits: list[ImageHit] = field(default_factory=list)
    not_compared: list[NotCompared] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(h.doc_id for h in self.hits))

    def to_dict(self) -> dict[str, object]:
        return {
            "audit": self.audit, "registry": self.registry, "labels": list(self.labels),
            "since": None if self.since is None else {"after_id": self.since.after_id, "day": self.since.day},
            "entries": self.entries, "newest_entry": self.newest_entry, "store_schema": self.store_schema,
            "images": self.images, "compared": self.compared, "allowed": self.allowed,
            "not_hashed": dict(self.not_hashed), "articles": self.articles,
            "hits": [h.to_dict() for h in self.hits], "not_compared": [n.to_dict() for n in self.not_compared],
        }


def audit_store_path(path: Path) -> Path:
    """``--audit DIR`` (an audit's --out folder) or the ``audit.sqlite`` in it."""
    store = path / AUDIT_STORE if path.is_dir() or not path.suffix else path
    if not store.is_file():
        raise RegistryError(f"{path}: no audit store here (expected {store}; run 'integrity audit ... --out DIR' first)")
    return store


def _open_audit(path: Path) -> tuple[sqlite3.Connection, int]:
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        db.execute("SELECT doc_id, src, status, phash FROM images LIMIT 0")
    except sqlite3.DatabaseError as exc:
        raise RegistryError(f"{path}: not an integrity audit store: {exc}") from None
    from ..audit.store import SCHEMA_VERSION as _STORE_SCHEMA  # the store's own version: one place

    version = int(row[0]) if row else 1
    if version > _STORE_SCHEMA:
        db.close()
        raise RegistryError(f"{path}: audit store schema {version} is newer than this integrity reads ({_STORE_SCHEMA})")
    return db, version


def _select(store: KnownImageStore, labels: tuple[str, ...], since: Since | None) -> tuple[list[int], list[int]]:
    """(selected entry ids, allow entry ids)."""
    sql = f"SELECT id FROM entries WHERE label IN ({','.join('?' * len(labels))})"
    args: list[object] = list(labels)
    if since is not None and since.after_id is not None:
        sql += " AND id > ?"
        args.append(since.after_id)
    elif since is not None:
        sql += " AND added >= ?"
        args.append(since.day)
    selected = [r[0] for r in store.conn.execute(sql, args)]
    allowed = [r[0] for r in store.conn.execute("SELECT id FROM entries WHERE label = ?", (ALLOW_LABEL,))]
    return selected, allowed


def _stored_hashes(record: str | None, phash: str | None) -> tuple[ImageHashes | None, str | None]:
    """The image's hashes from its row, or why there are none."""
    if record:
        try:
            return ImageHashes.from_record(json.loads(record)), None
        except (HashError, ValueError, AttributeError) as exc:
            return None, f"its stored hashes cannot be read: {exc}"
    if phash:
        return ImageHashes.from_hex({"phash": phash}), None
    return None, None


def rematch(audit: Path, registry: Path, settings: MatchSettings | None = None, *,
            labels: Iterable[str] = DEFAULT_LABELS, since: Since | None = None) -> Rematch:
    """Match every image an audit stored against the registry's selected entries; nothing is rescanned."""
    settings = settings or MatchSettings()
    labels = tuple(dict.fromkeys(check_label(x) for x in labels))
    if ALLOW_LABEL in labels:
        raise RegistryError(f"'{ALLOW_LABEL}' entries are never reported as matches; choose other labels")
    path = audit_store_path(audit)
    with KnownImageStore(registry, readonly=True) as store:
        selected, allowed = _select(store, labels, since)
        kinds_of = store.current_kinds(set(selected))
        newest = store.conn.execute("SELECT max(id) FROM entries").fetchone()[0]
    db, version = _open_audit(path)
    result = Rematch(str(path), str(registry), labels, since, len(selected), newest, version)
    try:
        signatures = Counter(kinds_of.get(e, frozenset()) for e in selected)  # few distinct kind sets
        known = open_known_images(registry, settings, entry_ids={*selected, *allowed}) if selected else None
        hashes_col = "i.hashes" if version >= 3 else "NULL"
        rows = db.execute(
            f"SELECT i.doc_id, d.url, d.title, d.published, i.src, i.status, i.caption, i.phash, {hashes_col}"
            " FROM images i JOIN documents d ON d.id = i.doc_id WHERE d.status = 'scanned' ORDER BY i.doc_id, i.rowid")
        for doc_id, url, title, published, src, status, caption, phash, record in rows:
            result.images += 1
            if status != "analysed":
                result.not_hashed[f"not read at scan time ({status})"] += 1
                continue
            hashes, problem = _stored_hashes(record, phash)
            if hashes is None:
                if problem is None and version >= 3:
                    result.not_hashed["not decodable as an image at scan time"] += 1
                    continue
                result.not_compared.append(NotCompared(doc_id, src, problem or (
                    f"the audit store (schema {version}) kept no hash for it: a placeholder, an allow-listed or an "
                    "undecodable image; re-run the audit with --force to store its hashes")))
                continue
            usable = frozenset(k for k, p in hashes.pipelines.items() if PIPELINES.get(k) == p)
            apart = sum(n for kinds, n in signatures.items() if not kinds & usable)
            if apart:
                held = sorted(set().union(*(k for k in signatures if not k & usable)) or {"no current hash"})
                result.not_compared.append(NotCompared(doc_id, src, (
                    f"stored {', '.join(sorted(usable)) or 'hashes of an older pipeline'} only; {apart} of "
                    f"{len(selected)} selected entries hold {', '.join(held)}"
                    + (" (re-run the audit with --force to store every hash kind)" if version < 3 else ""))))
            if known is None or apart == len(selected):
                continue
            result.compared += 1
            matches = known.match_hashes(hashes)
            if any(m.label == ALLOW_LABEL for m in matches):
                result.allowed += 1  # the newsroom's own logo or placeholder: whatever else it matches
                continue
            if matches:
                result.hits.append(ImageHit(doc_id, url, title, published, src, caption, matches))
    finally:
        db.close()
    return result


__all__ = ["AUDIT_STORE", "DEFAULT_LABELS", "ImageHit", "NotCompared", "Rematch", "Since", "audit_store_path",
           "rematch"]
