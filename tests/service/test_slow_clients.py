"""Slow clients cannot lock others out: a real server on loopback, 100 connections sending headers at 1 byte/s.

The server runs with a 1 s header deadline and 8 connections per address (the
``[service]`` table), so the test takes seconds. The slow clients come from
127.0.0.2 (every 127/8 address is loopback on Linux), the well-behaved one from
127.0.0.1. Before the deadline existed, 70 such connections filled uvicorn's
connection limit and ``/healthz`` answered 503.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs the whole 127/8 on loopback")

SLOW = 100
HEAD = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 200 + b"\r\n\r\n"


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[Server]:
    (tmp_path / "integrity.toml").write_text(
        "[service]\nheader_timeout = 1.0\nmax_connections_per_client = 8\nmax_connections = 64\n"
    )
    srv = start_server(tmp_path, "--config", str(tmp_path / "integrity.toml"))
    yield srv
    stop_server(srv)


def _slow_client(port: int, closed: list[float], stop: threading.Event) -> None:
    """Connect from 127.0.0.2 and trickle a request head, a byte a second, until the server hangs up."""
    sock = socket.socket()
    try:
        sock.bind(("127.0.0.2", 0))
        sock.connect(("127.0.0.1", port))
        for i in range(len(HEAD)):
            if stop.is_set():
                return
            sock.sendall(HEAD[i:i + 1])
            sock.settimeout(1.0)
            try:
                if sock.recv(1024) == b"":
                    closed.append(time.monotonic())
                    return
            except TimeoutError:
                continue
    except OSError:  # reset by the server: closed too
        closed.append(time.monotonic())
    finally:
        sock.close()


def test_100_slow_header_senders_leave_healthz_and_check_answering(guarded: Server) -> None:
    closed: list[float] = []
    stop = threading.Event()
    threads = [threading.Thread(target=_slow_client, args=(guarded.port, closed, stop), daemon=True) for _ in range(SLOW)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.5)  # every slow client has connected and is trickling
        for _ in range(3):
            assert httpx.get(guarded.url + "/healthz", timeout=10).status_code == 200
            r = httpx.post(guarded.url + "/v1/check", headers=guarded.headers, json={"text": "Officials said so."},
                           timeout=30)
            assert r.status_code == 200, r.text[:300]
            time.sleep(0.3)
        for t in threads:
            t.join(timeout=20)  # the server hangs up on each: over the address cap at once, else at the deadline
        assert len(closed) == SLOW, f"{SLOW - len(closed)} slow connections were still open"
    finally:
        stop.set()
