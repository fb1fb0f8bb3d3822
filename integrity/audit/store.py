"""The audit's results store: one SQLite file under ``--out``, written by one process.

Every document is one row keyed by its id, so a document appears exactly
once however often the audit is interrupted and resumed. Rows are committed
in batches inside transactions (WAL): after a crash, what was committed is
complete and what was not is simply done again. A row remembers the change
key, content hash, rules version and config it was made with, which is how a
re-run knows what it may skip.

A full disk (SQLITE_FULL, "database or disk is full") is a clean, fatal
``StoreFull``: the batch being written is rolled back whole, what was
committed before stays, and ``--resume`` carries on once there is room.
``Store(path, max_pages=N)`` caps the store's size in pages (SQLite's
``max_page_count``), so the tests can fill it without filling a disk.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .full import is_full
from .worker import Result

# 2: images.phash and images.caption; 3: images.hashes, every registry hash of the image as JSON
# (ImageHashes.to_record), so `integrity registry rematch` can match stored images against entries added later.
# Rows written before 3 keep only their pHash (NULL hashes); rematch says which images it could not compare.
# 4: the article50 tables (made by _SCHEMA on every open, so the step only records the version).
SCHEMA_VERSION = 4
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, url TEXT, change_key TEXT, content_sha256 TEXT,
    rules_version TEXT NOT NULL, config_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scanned', 'skipped', 'failed')), code TEXT, reason TEXT,
    score INTEGER, provenance INTEGER, attribution INTEGER, credits INTEGER,
    n_critical INTEGER DEFAULT 0, n_error INTEGER DEFAULT 0, n_warning INTEGER DEFAULT 0, n_info INTEGER DEFAULT 0,
    title TEXT, published TEXT, report TEXT, updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (doc_id TEXT NOT NULL, rule_id TEXT NOT NULL, severity TEXT NOT NULL,
    line INTEGER, message TEXT);
CREATE INDEX IF NOT EXISTS findings_doc ON findings(doc_id);
CREATE TABLE IF NOT EXISTS images (doc_id TEXT NOT NULL, src TEXT, status TEXT, ai TEXT, credentials TEXT,
    phash TEXT, caption TEXT, hashes TEXT);
CREATE INDEX IF NOT EXISTS images_doc ON images(doc_id);
CREATE TABLE IF NOT EXISTS article50 (doc_id TEXT PRIMARY KEY, images INTEGER NOT NULL, videos INTEGER NOT NULL,
    text_status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS article50_media (doc_id TEXT NOT NULL, idx INTEGER NOT NULL, media TEXT NOT NULL,
    ai TEXT, disclosure TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS article50_media_doc ON article50_media(doc_id);
"""


class StoreError(Exception):
    pass


class StoreFull(StoreError):
    """The store could not grow: the disk (or the store's page limit) is full."""

    def __init__(self, path: Path, stored: int | None, cause: BaseException) -> None:
        self.path, self.stored, self.cause = path, stored, cause
        kept = f"{stored} documents are safely stored; " if stored is not None else "what was committed is safe; "
        super().__init__(
            f"the audit store {path} is full (disk full: {cause}); the audit stopped. {kept}"
            "free some space, then run the same command with --resume to finish")


class _Connection(sqlite3.Connection):
    """Turns SQLITE_FULL from any statement (the runner's plan table included) into ``StoreFull``."""

    store_path: Path = Path("audit.sqlite")

    def _full(self, exc: sqlite3.OperationalError) -> StoreFull:
        if self.in_transaction:  # SQLite may or may not have rolled it back already
            try:
                super().execute("ROLLBACK")
            except sqlite3.Error:
                pass
        try:
            stored: int | None = int(super().execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        except sqlite3.Error:
            stored = None
        return StoreFull(self.store_path, stored, exc)

    def _guarded(self, statement: Callable[..., sqlite3.Cursor], *args: Any) -> sqlite3.Cursor:
        try:
            return statement(*args)
        except sqlite3.OperationalError as exc:
            if is_full(exc):
                raise self._full(exc) from exc
            raise

    def execute(self, *args: Any) -> sqlite3.Cursor:
        return self._guarded(super().execute, *args)

    def executemany(self, *args: Any) -> sqlite3.Cursor:
        return self._guarded(super().executemany, *args)

    def executescript(self, *args: Any) -> sqlite3.Cursor:
        return self._guarded(super().executescript, *args)


class Store:
    def __init__(self, path: Path, max_pages: int | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None, factory=_Connection)
        self.db.store_path = path
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"{path} was written by a newer integrity (store schema {row[0]})")
        else:
            self._migrate(int(row[0]))
        self.db.execute("CREATE INDEX IF NOT EXISTS images_phash ON images(phash)")
        if max_pages is not None:
            self.db.execute(f"PRAGMA max_page_count={int(max_pages)}")

    def _migrate(self, version: int) -> None:
        """Forward, one version at a time, each step in one transaction."""
        steps = {
            2: ("ALTER TABLE images ADD COLUMN phash TEXT", "ALTER TABLE images ADD COLUMN caption TEXT"),
            3: ("ALTER TABLE images ADD COLUMN hashes TEXT",),
            4: (),
        }
        for target in range(version + 1, SCHEMA_VERSION + 1):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in steps[target]:
                    self.db.execute(statement)
                self.db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(target),))
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.db.close()

    def previous(self, ids: list[str]) -> dict[str, tuple[str, str, str, str]]:
        """id -> (change_key, rules_version, config_hash, status) for ids already in the store."""
        out: dict[str, tuple[str, str, str, str]] = {}
        for k in range(0, len(ids), 500):
            chunk = ids[k : k + 500]
            q = f"SELECT id, change_key, rules_version, config_hash, status FROM documents WHERE id IN ({','.join('?' * len(chunk))})"
            for row in self.db.execute(q, chunk):
                out[row[0]] = (row[1] or "", row[2], row[3], row[4])
        return out

    def write(self, results: Iterable[Result], rules_version: str, config_hash: str) -> int:
        """One transaction for a batch of results; returns how many rows were written."""
        now = time.time()
        n = 0
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for r in results:
                n += 1
                self.db.execute("DELETE FROM findings WHERE doc_id=?", (r.id,))
                self.db.execute("DELETE FROM images WHERE doc_id=?", (r.id,))
                self.db.execute("DELETE FROM article50 WHERE doc_id=?", (r.id,))
                self.db.execute("DELETE FROM article50_media WHERE doc_id=?", (r.id,))
                subs = r.subscores or {}
                counts = r.counts or {}
                self.db.execute(
                    "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (r.id, r.source, r.url, r.key, r.content_sha256, rules_version, config_hash, r.status, r.code,
                     r.reason, r.score, subs.get("provenance"), subs.get("attribution"), subs.get("credits"),
                     counts.get("critical", 0), counts.get("error", 0), counts.get("warning", 0), counts.get("info", 0),
                     r.title, r.published, json.dumps(r.report, ensure_ascii=False) if r.report else None, now),
                )
                self.db.executemany(
                    "INSERT INTO findings VALUES (?,?,?,?,?)",
                    [(r.id, f["rule_id"], f["severity"], f["line"], f["message"]) for f in r.findings],
                )
                self.db.executemany(
                    "INSERT INTO images (doc_id, src, status, ai, credentials, phash, caption, hashes)"
                    " VALUES (?,?,?,?,?,?,?,?)",
                    [(r.id, i["src"], i["status"], i["ai"], i["credentials"], i.get("phash"), i.get("caption"),
                      json.dumps(i["hashes"], sort_keys=True) if i.get("hashes") else None)
                     for i in r.images],
                )
                if r.article50 is not None:
                    a = r.article50
                    self.db.execute("INSERT INTO article50 VALUES (?,?,?,?)", (r.id, a["images"], a["videos"], a["text"]))
                    self.db.executemany("INSERT INTO article50_media VALUES (?,?,?,?,?)",
                                        [(r.id, m["index"], m["media"], m["ai"], m["disclosure"]) for m in a["media"]])
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:  # StoreFull has rolled back already, and SQLite may have too
                self.db.execute("ROLLBACK")
            raise
        return n

    def rows(self, sql: str, args: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        yield from self.db.execute(sql, args)

    def count(self, where: str = "1=1") -> int:
        return int(self.db.execute(f"SELECT COUNT(*) FROM documents WHERE {where}").fetchone()[0])
