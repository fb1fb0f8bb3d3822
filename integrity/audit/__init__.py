"""Audit whole archives: plan the documents, scan them in parallel, keep every result in SQLite.

    plan.py       inputs (folders, globs, zip/tar, WARC, WACZ) -> work items, without reading pages
    worker.py     one task (a shard of items) -> results, in any process
    executors.py  serial, process pool, Dask — replaceable
    store.py      the SQLite results store: resume, incremental re-runs, exactly-once rows
    progress.py   a progress bar on a terminal, plain lines elsewhere
    outputs.py    aggregate report (JSON, Markdown, HTML with charts), JSONL, CSV, Parquet
    runner.py     ties them together for ``integrity audit``
"""

from .runner import AuditOptions, AuditSummary, run_audit

__all__ = ["AuditOptions", "AuditSummary", "run_audit"]
