"""Whether a failed write found no room: one test for the store, the indexes and the outputs."""

from __future__ import annotations

import errno
import sqlite3


def is_full(exc: BaseException) -> bool:
    """SQLITE_FULL: a write that found no room, on the disk or under max_page_count."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    return (code is not None and code & 0xFF == sqlite3.SQLITE_FULL) or "database or disk is full" in str(exc)


def no_room(exc: BaseException) -> bool:
    """A write that found no room: SQLITE_FULL, or an OS error for a full disk or quota.

    Never a fault of the input being read: the audit stops (and can resume) rather than
    record an archive as unreadable because its index could not be written."""
    return is_full(exc) or (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT))
