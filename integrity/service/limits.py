"""Resource limits: request body size and read time, checks at once, time per check.

* :class:`BodyLimit` (ASGI middleware) answers 413 as soon as a declared
  ``Content-Length`` is over the limit — before reading a byte of the body —
  and stops a body sent without a length (chunked) at the limit; a body that
  trickles in slower than the request timeout gets 408.
* :class:`Gate` runs the pure check in a bounded thread pool: at most
  ``workers`` checks at once and ``max_waiting`` queued (more get 503), and a
  check that outlives the timeout answers 504 while its thread finishes in the
  background, still holding its slot, so a flood of slow inputs cannot pile up
  threads.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
T = TypeVar("T")


class LimitExceeded(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.message = message
        self.headers = headers or {}
        super().__init__(message)


async def send_error(send: Send, status: int, message: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": message}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
           (b"connection", b"close")]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, read_timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await send_error(send, 400, "bad Content-Length")
                    return
                if declared > self.max_bytes:
                    await send_error(send, 413, f"request body of {declared} bytes is over the limit of {self.max_bytes}")
                    return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.read_timeout
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            remaining = deadline - loop.time()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(remaining, 0.001))
            except TimeoutError:
                raise LimitExceeded(408, f"request body not received within {self.read_timeout:g} s") from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise LimitExceeded(413, f"request body is over the limit of {self.max_bytes} bytes")
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except LimitExceeded as exc:
            if started:
                raise
            await send_error(send, exc.status, exc.message, exc.headers)


class Gate:
    """At most ``workers`` checks at once in their own threads, ``max_waiting`` in the queue."""

    def __init__(self, workers: int, max_waiting: int, timeout: float) -> None:
        self.workers = workers
        self.max_waiting = max_waiting
        self.timeout = timeout
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="integrity-check")
        self._slots: asyncio.Semaphore | None = None
        self.waiting = 0
        self.running = 0

    async def run(self, fn: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.workers)
        slots = self._slots
        deadline = loop.time() + self.timeout
        if not slots.locked():
            await slots.acquire()  # a free slot: no wait
        elif self.waiting >= self.max_waiting:
            raise LimitExceeded(503, "too many checks waiting; try again shortly", {"Retry-After": "1"})
        else:
            self.waiting += 1
            try:
                await asyncio.wait_for(slots.acquire(), timeout=self.timeout)
            except TimeoutError:
                raise LimitExceeded(503, "no worker became free in time; try again shortly",
                                    {"Retry-After": "1"}) from None
            finally:
                self.waiting -= 1
        self.running += 1

        def done(_: object) -> None:
            self.running -= 1
            slots.release()

        future = loop.run_in_executor(self._pool, fn)
        future.add_done_callback(done)
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout=max(deadline - loop.time(), 0.001))
        except TimeoutError:
            raise LimitExceeded(504, f"the check took longer than {self.timeout:g} s") from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
