"""A per-document time limit, so one hostile page cannot hang a scan or an audit worker.

Python cannot stop a running computation from another thread, so the limit is
a real-time timer signal: it applies where documents are checked on a
process's main thread (the CLI's scan and audit workers). In other threads
(a web server's, a Dask worker's) it is not armed; those callers bound time
from outside (the service's request timeout, the executor).
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class DocumentTimeout(Exception):
    pass


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
