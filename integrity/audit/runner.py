"""``integrity audit``: plan → skip what is unchanged → scan in parallel → store → outputs."""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ..config import Config
from ..sources.archives import ArchiveLimits
from .executors import make_executor
from .outputs import write_outputs
from .plan import Item, plan
from .progress import Progress
from .store import Store
from .worker import Result, TaskSettings, run_task

_WRITE_EVERY = 200  # results per transaction
_WRITE_SECONDS = 2.0
# a planned document that must be scanned: new, changed, or last scanned with other rules or config
_STALE = ("(d.id IS NULL OR d.change_key IS NOT p.key OR d.rules_version != ? OR d.config_hash != ? "
          "OR p.key = '')")


@dataclass(frozen=True)
class AuditOptions:
    inputs: tuple[str, ...]
    out: Path
    config: Config = field(default_factory=Config)
    jobs: int = max(os.cpu_count() or 1, 1)
    engine: str = "processes"  # processes | serial | dask
    scheduler: str | None = None
    limits: ArchiveLimits = field(default_factory=ArchiveLimits)
    force: bool = False  # re-scan documents even when unchanged
    shard: int = 16  # documents per task
    keep_reports: bool = True
    outputs: bool = True
    progress_every: float = 10.0
    # Size caps, in SQLite pages, of the results store and of the archive indexes under ``out``:
    # past one, a write fails with SQLITE_FULL as on a full disk. None: as large as the disk allows.
    # The disk-full tests set them; the CLI has no option for them.
    store_max_pages: int | None = None
    index_max_pages: int | None = None
    before_item: Callable[[Item], None] | None = None  # run in the worker before each item (TaskSettings)


@dataclass
class AuditSummary:
    planned: int = 0
    scanned: int = 0
    failed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)


def rules_version(config: Config) -> str:
    """A hash of every rule, lexicon and signal file in use: a change re-scans everything."""
    h = hashlib.sha256()
    for root in config.rule_folders().roots:
        for path in sorted(root.rglob("*.y*ml")):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    from .. import __version__

    h.update(__version__.encode())
    return h.hexdigest()[:16]


def config_hash(config: Config) -> str:
    parts = [f"{f.name}={getattr(config, f.name)!r}" for f in fields(config) if f.name not in ("origin", "fail_under", "fail_on")]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _planned(store: Store, opts: AuditOptions) -> int:
    """Write the plan into the store as it is made, a batch per transaction (plan() yields each
    document once, however often its file or archive is named)."""
    store.db.execute("DROP TABLE IF EXISTS plan")
    store.db.execute("CREATE TABLE plan (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, key TEXT, item BLOB NOT NULL)")
    items = plan(list(opts.inputs), opts.out / "indexes", opts.limits, opts.index_max_pages)
    for batch in _shards(items, 1000):
        store.db.execute("BEGIN")
        store.db.executemany("INSERT INTO plan (id, key, item) VALUES (?,?,?)",
                             [(item.id, item.key, pickle.dumps(item)) for item in batch])
        store.db.execute("COMMIT")
    return int(store.db.execute("SELECT COUNT(*) FROM plan").fetchone()[0])


def _todo(store: Store, opts: AuditOptions, rv: str, ch: str, batch: int = 256) -> Iterator[Item]:
    """The plan's items still to scan, a page at a time by seq: each page is a short read, so no
    snapshot stays open for the whole audit (one would stop SQLite checkpointing its WAL)."""
    stale = "" if opts.force else f" AND {_STALE}"
    sql = (f"SELECT p.seq, p.item FROM plan p LEFT JOIN documents d ON d.id = p.id WHERE p.seq > ?{stale} "
           "ORDER BY p.seq LIMIT ?")
    last = 0
    while True:
        rows = store.db.execute(sql, (last, rv, ch, batch) if stale else (last, batch)).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        for _, blob in rows:
            yield pickle.loads(blob)


def _shards(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    shard: list[Item] = []
    for item in items:
        shard.append(item)
        if len(shard) >= size:
            yield shard
            shard = []
    if shard:
        yield shard


def _crashed(task: list[Item], exc: BaseException) -> list[Result]:
    """A task that killed its worker process twice: its documents fail, the audit goes on."""
    reason = f"the worker process died while scanning this shard ({type(exc).__name__}); the document was not scanned"
    return [Result(item.id, item.container, item.url, item.key, "failed", reason, "worker.crashed") for item in task]


def run_audit(opts: AuditOptions, progress: Progress | None = None) -> AuditSummary:
    started = time.monotonic()
    opts.out.mkdir(parents=True, exist_ok=True)
    store = Store(opts.out / "audit.sqlite", opts.store_max_pages)
    summary = AuditSummary()
    rv, ch = rules_version(opts.config), config_hash(opts.config)
    try:
        summary.planned = _planned(store, opts)
        todo_count = summary.planned if opts.force else store.db.execute(
            f"SELECT COUNT(*) FROM plan p LEFT JOIN documents d ON d.id = p.id WHERE {_STALE}", (rv, ch)).fetchone()[0]
        summary.unchanged = summary.planned - todo_count
        progress = progress or Progress(todo_count, every=opts.progress_every)
        progress.total = todo_count
        # every image is pHashed so the summary can show one image reused across articles
        settings = TaskSettings(replace(opts.config, hash_images=True), opts.limits, opts.keep_reports,
                                opts.before_item)
        shards = _shards(_todo(store, opts, rv, ch), opts.shard)  # streamed: memory stays flat
        executor = make_executor(opts.engine, opts.jobs, opts.scheduler)
        pending: list[Result] = []
        last_write = time.monotonic()
        try:
            for results in executor.map_unordered(run_task, shards, settings, on_crash=_crashed):
                pending.extend(results)
                progress.advance(len(results), sum(len(r.images) for r in results),
                                 sum(r.status == "failed" for r in results))
                if len(pending) >= _WRITE_EVERY or time.monotonic() - last_write > _WRITE_SECONDS:
                    store.write(pending, rv, ch)
                    pending.clear()
                    last_write = time.monotonic()
        finally:
            try:
                if pending:
                    store.write(pending, rv, ch)  # may raise again (a full disk): the workers still stop
            finally:
                executor.close()
                progress.finish()
        summary.scanned = store.count("status='scanned'")
        summary.failed = store.count("status='failed'")
        if opts.outputs:
            summary.outputs = write_outputs(store, opts.out)
    finally:
        store.close()
    summary.seconds = time.monotonic() - started
    return summary
