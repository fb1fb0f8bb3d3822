"""Worker processes end when the audit that started them ends, even by kill -9.

A pool worker idles on its task queue forever once its parent is gone (orphaned to PID 1, each
holding a checker's memory). On Linux the kernel ends it: ``PR_SET_PDEATHSIG`` asks for SIGKILL
when the parent dies. Everywhere, and as a fallback if prctl is unavailable, a daemon thread
checks every second that the parent is still the one that started the worker.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
POLL_SECONDS = 1.0


def _pdeathsig() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(parent: int, ppid: int) -> None:
    stop = threading.Event()
    while not stop.wait(POLL_SECONDS):
        if os.getppid() != ppid or not _alive(parent):
            os._exit(1)  # the audit is gone: nobody will read this worker's results


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this process when ``parent`` (the audit's main process) dies.

    The worker's own parent is the audit, or a fork server the audit started (which itself ends
    with the audit), so both are watched."""
    _pdeathsig()
    ppid = os.getppid()
    if not _alive(parent) or ppid == 1:  # the audit died before the request was made
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, ppid), name="parent-watch", daemon=True).start()
