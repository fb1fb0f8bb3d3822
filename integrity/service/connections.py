"""Connection limits uvicorn lacks: a deadline for a request's head, and a cap per client address.

uvicorn times out idle keep-alive connections but not a client that sends its request
headers one byte a second: each such connection stays open for as long as the client
likes, and enough of them fill the connection limit so every other request (``/healthz``
too) gets 503. Here each connection gets ``header_timeout`` seconds from its first byte
(or from connecting) to finish a request head, and one address holds at most
``per_client`` connections at once; past either limit the connection is closed. Checks
already running are bounded elsewhere (the Gate's workers and queue, the request timeout).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import ClassVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .settings import DEFAULT_HEADER_TIMEOUT, DEFAULT_PER_CLIENT, ServiceSettings


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with the two limits above (set on the class per server process by :func:`configure`)."""

    header_timeout: ClassVar[float] = DEFAULT_HEADER_TIMEOUT
    per_client: ClassVar[int] = DEFAULT_PER_CLIENT
    open_by_host: ClassVar[Counter[str]] = Counter()

    _head_timer: asyncio.TimerHandle | None = None
    _host: str | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        host = self.client[0] if self.client else None
        if host is not None and self.open_by_host[host] >= self.per_client:
            self.transport.close()  # this address already holds its share of connections
            return
        if host is not None:
            self._host = host
            self.open_by_host[host] += 1
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:  # a request head still incomplete (or the next one begun)
            if self._head_timer is None:
                self._arm()
        else:
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._host is not None:
            self.open_by_host[self._host] -= 1
            if self.open_by_host[self._host] <= 0:
                del self.open_by_host[self._host]
            self._host = None
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._disarm()  # the idle time before the next request is the keep-alive timeout's

    def _arm(self) -> None:
        self._head_timer = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def configure(settings: ServiceSettings) -> type[BoundedH11Protocol]:
    """Set this process's limits from the service settings; the class is what uvicorn's ``http`` takes."""
    BoundedH11Protocol.header_timeout = settings.header_timeout
    BoundedH11Protocol.per_client = settings.max_connections_per_client
    return BoundedH11Protocol
