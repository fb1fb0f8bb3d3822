"""The registry database: SQLite in WAL mode, a schema version and forward migrations.

One writer at a time (``BEGIN IMMEDIATE`` with a busy timeout), any number of
readers in other threads and processes: WAL gives each reader a consistent
snapshot while a writer appends. Readers open the file read-only and never
migrate; writers migrate on open. The schema version lives in
``PRAGMA user_version``.

Each hash row names the pipeline that produced it (see
:mod:`integrity.known_images.hashing`); matching reads only rows of the
current pipeline, so hashes made by an older recipe are never compared with
new ones (``integrity registry list --stats`` counts them).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from .errors import RegistryError
from .kinds import ALLOW_LABEL, BITS, PIPELINES, ImageHashes

SCHEMA_VERSION = 3
BUILTIN_LABELS = ("known-ai", "published", "agency", "stock", "do-not-use", ALLOW_LABEL)
_LABEL = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
BUSY_TIMEOUT_MS = 30_000

# version -> statements that bring a database from version-1 to version
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            source_url TEXT,
            first_published TEXT,
            notes TEXT,
            name TEXT,
            sha256 TEXT,
            width INTEGER,
            height INTEGER,
            origin TEXT NOT NULL,
            added TEXT NOT NULL,
            fingerprint TEXT NOT NULL UNIQUE
        )""",
        """CREATE TABLE hashes (
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            pipeline TEXT NOT NULL,
            value BLOB NOT NULL,
            quality INTEGER,
            PRIMARY KEY (entry_id, kind)
        ) WITHOUT ROWID""",
    ),
    2: (
        "CREATE INDEX hashes_by_kind ON hashes (kind, pipeline)",
        "CREATE INDEX entries_by_label ON entries (label)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    # pipeline names stored once, not on every hash row (a third of the file at a million entries);
    # shorter entry fingerprints
    3: (
        "CREATE TABLE pipelines (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, UNIQUE (kind, name))",
        "INSERT INTO pipelines (kind, name) SELECT DISTINCT kind, pipeline FROM hashes ORDER BY kind, pipeline",
        """CREATE TABLE hashes_v3 (
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            pipeline INTEGER NOT NULL REFERENCES pipelines(id),
            value BLOB NOT NULL,
            quality INTEGER,
            PRIMARY KEY (entry_id, pipeline)
        ) WITHOUT ROWID""",
        "INSERT INTO hashes_v3 SELECT h.entry_id, p.id, h.value, h.quality FROM hashes h"
        " JOIN pipelines p ON p.kind = h.kind AND p.name = h.pipeline",
        "DROP TABLE hashes",
        "ALTER TABLE hashes_v3 RENAME TO hashes",
        "UPDATE entries SET fingerprint = substr(fingerprint, 1, 32)",
    ),
}


@dataclass(frozen=True)
class Entry:
    id: int
    label: str
    source_url: str | None
    first_published: str | None
    notes: str | None
    name: str | None
    sha256: str | None
    origin: str
    added: str
    hashes: Mapping[str, str]  # kind -> hex
    pipelines: Mapping[str, str]

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "label": self.label, "source_url": self.source_url,
            "first_published": self.first_published, "notes": self.notes, "name": self.name,
            "sha256": self.sha256, "origin": self.origin, "added": self.added,
            "hashes": dict(self.hashes), "pipelines": dict(self.pipelines),
        }


def check_label(label: str) -> str:
    label = label.strip().lower()
    if not _LABEL.match(label):
        raise RegistryError(f"label {label!r}: use lowercase letters, digits, '-', '.' or '_' "
                            f"(built-in: {', '.join(BUILTIN_LABELS)})")
    return label


def check_date(value: str | None) -> str | None:
    """An ISO date (a datetime is cut to its date); None or blank stays None."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise RegistryError(f"first-published date {text!r} is not an ISO date (YYYY-MM-DD)") from None


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False, isolation_level=None)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to ``SCHEMA_VERSION``; each step in its own transaction. Returns the old version."""
    old = schema_version(conn)
    if old > SCHEMA_VERSION:
        raise RegistryError(f"registry schema {old} is newer than this integrity understands ({SCHEMA_VERSION})")
    for version in range(old + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) >= version:  # another process migrated meanwhile
                conn.execute("COMMIT")
                continue
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return old


def _fingerprint(label: str, source_url: str | None, hashes: ImageHashes, sha256: str | None) -> str:
    key = "|".join([label, source_url or "", sha256 or "", *(f"{k}={v.hex()}" for k, v in sorted(hashes.values.items()))])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class KnownImageStore:
    """Read and write access to one registry file. Use one per thread (or per process)."""

    def __init__(self, path: Path | str, *, readonly: bool = False, create: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if not self.path.exists():
            if not create:
                raise RegistryError(f"{self.path}: no registry here (create one with 'integrity registry init')")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = _connect(self.path, readonly)
            if readonly:
                version = schema_version(self.conn)
                if version != SCHEMA_VERSION:
                    raise RegistryError(f"{self.path}: registry schema {version}, this integrity reads "
                                        f"{SCHEMA_VERSION} (run 'integrity registry init' to migrate)")
            else:
                if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.conn.execute("PRAGMA journal_mode = WAL")
                migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            raise RegistryError(f"{self.path}: not a registry database: {exc}") from None
        self.lock = threading.Lock()
        self._pipeline_ids: dict[tuple[str, str], int] = {}

    def _pipeline_id(self, kind: str, name: str) -> int:
        """The id of a (kind, pipeline) pair, created on first use; call inside a write transaction."""
        key = (kind, name)
        if key not in self._pipeline_ids:
            self.conn.execute("INSERT OR IGNORE INTO pipelines (kind, name) VALUES (?, ?)", key)
            self._pipeline_ids[key] = int(self.conn.execute(
                "SELECT id FROM pipelines WHERE kind = ? AND name = ?", key).fetchone()[0])
        return self._pipeline_ids[key]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> KnownImageStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing --------------------------------------------------------------
    def add(self, hashes: ImageHashes, label: str, *, source_url: str | None = None, first_published: str | None = None,
            notes: str | None = None, name: str | None = None, sha256: str | None = None,
            origin: str = "add") -> int | None:
        """Add one entry; returns its id, or None when the same entry is already there."""
        ids = self.add_many([dict(hashes=hashes, label=label, source_url=source_url, first_published=first_published,
                                  notes=notes, name=name, sha256=sha256, origin=origin)])
        return ids[0]

    def add_many(self, rows: Iterable[Mapping[str, object]]) -> list[int | None]:
        """Add entries in one transaction (all or none). Each row: hashes, label and the optional fields of :meth:`add`."""
        prepared = []
        for row in rows:
            hashes = row["hashes"]
            assert isinstance(hashes, ImageHashes)
            if not hashes.values:
                raise RegistryError(f"{row.get('name') or 'entry'}: no hashes to store")
            label = check_label(str(row["label"]))
            url = (str(row.get("source_url") or "").strip() or None)
            sha = row.get("sha256") or None
            prepared.append((
                hashes,
                (label, url, check_date(row.get("first_published")),  # type: ignore[arg-type]
                 (str(row.get("notes") or "").strip() or None), row.get("name") or None, sha,
                 hashes.width, hashes.height, str(row.get("origin") or "add"),
                 datetime.now(UTC).isoformat(timespec="seconds"),
                 _fingerprint(label, url, hashes, sha)),  # type: ignore[arg-type]
            ))
        ids: list[int | None] = []
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                hash_rows = []
                for hashes, values in prepared:
                    cur = self.conn.execute(
                        "INSERT OR IGNORE INTO entries (label, source_url, first_published, notes, name, sha256, width,"
                        " height, origin, added, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?,?)", values)
                    if cur.rowcount == 0:
                        ids.append(None)
                        continue
                    entry_id = cur.lastrowid
                    hash_rows += [(entry_id, self._pipeline_id(kind, hashes.pipelines.get(kind, PIPELINES[kind])), value,
                                   hashes.pdq_quality if kind == "pdq" else None)
                                  for kind, value in hashes.values.items()]
                    ids.append(entry_id)
                self.conn.executemany("INSERT INTO hashes (entry_id, pipeline, value, quality) VALUES (?,?,?,?)",
                                      hash_rows)
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                self._pipeline_ids.clear()  # ids made in the rolled-back transaction are gone
                raise
        return ids

    def remove(self, ids: Iterable[int]) -> int:
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                n = 0
                for entry_id in ids:
                    n += self.conn.execute("DELETE FROM entries WHERE id = ?", (int(entry_id),)).rowcount
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        return n

    # --- reading --------------------------------------------------------------
    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    def stats(self) -> dict[str, object]:
        labels = dict(self.conn.execute("SELECT label, count(*) FROM entries GROUP BY label ORDER BY label").fetchall())
        kinds: dict[str, dict[str, int]] = {}
        for kind, pipeline, n in self.conn.execute(
                "SELECT p.kind, p.name, count(*) FROM hashes h JOIN pipelines p ON p.id = h.pipeline GROUP BY p.id"):
            key = "current" if PIPELINES.get(kind) == pipeline else f"other pipeline: {pipeline}"
            kinds.setdefault(kind, {})[key] = n
        return {"entries": self.count(), "labels": labels, "hashes": kinds, "schema": schema_version(self.conn),
                "path": str(self.path)}

    def entries(self, *, label: str | None = None, ids: Iterable[int] | None = None) -> Iterator[Entry]:
        sql = "SELECT id, label, source_url, first_published, notes, name, sha256, origin, added FROM entries"
        args: list[object] = []
        if ids is not None:
            wanted = [int(i) for i in ids]
            if not wanted:
                return
            sql += f" WHERE id IN ({','.join('?' * len(wanted))})"
            args = list(wanted)
        elif label is not None:
            sql += " WHERE label = ?"
            args = [label]
        sql += " ORDER BY id"
        rows = self.conn.execute(sql, args).fetchall()
        for start in range(0, len(rows), 500):
            chunk = rows[start:start + 500]
            hashes: dict[int, dict[str, tuple[str, str]]] = {}
            marks = ",".join("?" * len(chunk))
            for entry_id, kind, pipeline, value in self.conn.execute(
                    "SELECT h.entry_id, p.kind, p.name, h.value FROM hashes h JOIN pipelines p ON p.id = h.pipeline"
                    f" WHERE h.entry_id IN ({marks})",
                    [r[0] for r in chunk]):
                hashes.setdefault(entry_id, {})[kind] = (bytes(value).hex(), pipeline)
            for r in chunk:
                h = hashes.get(r[0], {})
                yield Entry(id=r[0], label=r[1], source_url=r[2], first_published=r[3], notes=r[4], name=r[5],
                            sha256=r[6], origin=r[7], added=r[8], hashes={k: v[0] for k, v in sorted(h.items())},
                            pipelines={k: v[1] for k, v in sorted(h.items())})

    def hash_table(self, kind: str, *, min_quality: int | None = None,
                   entry_ids: Collection[int] | None = None) -> tuple[list[int], list[bytes]]:
        """(entry ids, hash bytes) of every current-pipeline hash of one kind (of ``entry_ids`` only, when given)."""
        row = self.conn.execute("SELECT id FROM pipelines WHERE kind = ? AND name = ?", (kind, PIPELINES[kind])).fetchone()
        if row is None:
            return [], []
        sql = "SELECT entry_id, value FROM hashes WHERE pipeline = ?"
        args: list[object] = [row[0]]
        if min_quality is not None:
            sql += " AND (quality IS NULL OR quality >= ?)"
            args.append(min_quality)
        size = BITS[kind] // 8
        rows = [r for r in self.conn.execute(sql, args).fetchall()
                if len(r[1]) == size and (entry_ids is None or r[0] in entry_ids)]
        return [r[0] for r in rows], [bytes(r[1]) for r in rows]

    def current_kinds(self, entry_ids: Collection[int]) -> dict[int, frozenset[str]]:
        """entry id -> the hash kinds it holds from the current pipelines (what a query can be compared with)."""
        kinds: dict[int, set[str]] = {}
        for entry_id, kind, pipeline in self.conn.execute(
                "SELECT h.entry_id, p.kind, p.name FROM hashes h JOIN pipelines p ON p.id = h.pipeline"):
            if entry_id in entry_ids and PIPELINES.get(kind) == pipeline:
                kinds.setdefault(entry_id, set()).add(kind)
        return {e: frozenset(k) for e, k in kinds.items()}

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])
