"""Per-document time and memory limits, so one hostile page cannot hang or exhaust a scan or an audit worker.

Python cannot stop a running computation from another thread, so the time
limit is a real-time timer signal: it applies where documents are checked on a
process's main thread (the CLI's scan and audit workers). In other threads
(a web server's, a Dask worker's) it is not armed; those callers bound time
from outside (the service's request timeout, the executor).

The memory limit is the process's RLIMIT_DATA (heap and private anonymous
mappings), lowered for the length of one document to what the process already
uses plus the document's allowance, and put back afterwards. An allocation
past it fails, Python raises ``MemoryError`` at that point, the document's
partial work is freed as the error unwinds, and the checker reports the
document as failed and goes on. A resource limit belongs to the whole process,
so it too is armed only on the main thread (where no other document is being
checked at the same time), and only on Linux, where RLIMIT_DATA counts
anonymous mappings and ``/proc/self/status`` says what is in use. What it
cannot do: a C or Rust library that aborts instead of reporting a failed
allocation takes its process with it (an audit worker is then replaced and its
shard retried, see ``integrity.audit.executors``), and memory that the
allocator already holds from an earlier document can be reused without
counting against the allowance.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

try:
    import resource
except ImportError:  # pragma: no cover - Windows has no resource limits
    resource = None  # type: ignore[assignment]

MIB = 1024 * 1024


class DocumentTimeout(BaseException):
    """Raised by the timer signal. A BaseException, like KeyboardInterrupt, so that the
    ``except Exception`` lines of defence around hostile bytes (image analysis, JSON-LD)
    cannot swallow it and let the rest of the document run with no limit left."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DocumentTimeout(f"took longer than the limit of {seconds:g} s (document_timeout)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def data_memory_in_use() -> int | None:
    """Bytes the process has in RLIMIT_DATA's sense (``VmData``), or None where that cannot be read."""
    try:
        with open("/proc/self/status", "rb") as fh:
            m = re.search(rb"^VmData:\s+(\d+) kB", fh.read(), re.MULTILINE)
    except OSError:
        return None
    return int(m.group(1)) * 1024 if m else None


@dataclass
class MemoryBound:
    """What :func:`memory_bound` armed: ``armed`` is False where the limit could not be applied."""

    mib: float
    armed: bool = False

    def reason(self) -> str:
        if self.armed:
            return (f"memory limit exceeded: checking this document needed more than {self.mib:g} MiB "
                    f"(max_document_memory)")
        return "out of memory while checking this document"


def memory_limit_supported() -> bool:
    return sys.platform.startswith("linux") and resource is not None and hasattr(resource, "RLIMIT_DATA")


@contextmanager
def memory_bound(mib: float | None) -> Iterator[MemoryBound]:
    """Limit how far the body may grow this process's data memory, to ``mib`` MiB; 0 or None: no limit.

    A ``MemoryError`` raised inside passes through unchanged (the caller turns
    it into a failed document, with :meth:`MemoryBound.reason`).
    """
    bound = MemoryBound(mib or 0)
    in_use = data_memory_in_use() if mib and memory_limit_supported() else None
    if not mib or in_use is None or threading.current_thread() is not threading.main_thread():
        yield bound
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = in_use + int(mib * MIB)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft < limit:
        limit = soft  # an outer limit (the user's ulimit, an enclosing bound) stays in force
        bound.mib = round(max(limit - in_use, 0) / MIB, 1)
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ValueError, OSError):
        limit = 0
    if not limit:
        yield bound
        return
    bound.armed = True
    try:
        yield bound
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
