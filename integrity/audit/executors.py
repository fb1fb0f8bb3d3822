"""How tasks run: in this process, in a process pool, or on a Dask cluster.

Every executor takes a function and an iterable of tasks and yields results
as they finish, keeping a bounded number in flight so memory does not grow
with the archive. Results are plain data, so the same task runs anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from .orphans import die_with_parent


def _pool(jobs: int) -> ProcessPoolExecutor:
    """A pool whose workers end when this process does (see orphans)."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent, initargs=(os.getpid(),))


class Executor(Protocol):
    name: str

    def map_unordered(self, fn: Callable[..., Any], tasks: Iterable[Any], *args: Any,
                      on_crash: Callable[[Any, BaseException], Any] | None = None) -> Iterator[Any]: ...

    def close(self) -> None: ...


class SerialExecutor:
    name = "serial"

    def map_unordered(self, fn: Callable[..., Any], tasks: Iterable[Any], *args: Any,
                      on_crash: Callable[[Any, BaseException], Any] | None = None) -> Iterator[Any]:
        for task in tasks:
            yield fn(task, *args)

    def close(self) -> None:
        pass


class ProcessExecutor:
    """A process pool that survives its workers: a task whose worker dies is run again alone in a
    fresh pool, and if it kills that one too, ``on_crash`` turns it into failure results."""

    name = "processes"

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool = _pool(jobs)

    def _restart(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = _pool(self.jobs)

    def _alone(self, fn: Callable[..., Any], task: Any, args: tuple[Any, ...], on_crash: Callable[[Any, BaseException], Any] | None) -> Any:
        pool = _pool(1)
        try:
            return pool.submit(fn, task, *args).result()
        except BrokenProcessPool as exc:
            if on_crash is None:
                raise
            return on_crash(task, exc)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def map_unordered(self, fn: Callable[..., Any], tasks: Iterable[Any], *args: Any,
                      on_crash: Callable[[Any, BaseException], Any] | None = None) -> Iterator[Any]:
        pending: dict[Future[Any], Any] = {}
        it = iter(tasks)
        limit = self.jobs * 3
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < limit:
                try:
                    task = next(it)
                except StopIteration:
                    exhausted = True
                    break
                pending[self._pool.submit(fn, task, *args)] = task
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken: list[Any] = []
            for fut in done:
                task = pending.pop(fut)
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    broken.append(task)
            if broken:  # a worker died: every task still in this pool is lost with it
                broken.extend(pending.values())
                pending.clear()
                self._restart()
                for task in broken:
                    yield self._alone(fn, task, args, on_crash)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """The same tasks on a Dask distributed cluster (a LocalCluster when no address is given)."""

    name = "dask"

    def __init__(self, jobs: int, address: str | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise RuntimeError("--engine dask needs the dask extra: pip install 'integrity[dask]'") from exc
        address = address or os.environ.get("DASK_SCHEDULER_ADDRESS")
        self._cluster = None
        if address:
            self._client = Client(address)
        else:
            self._cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
            self._client = Client(self._cluster)
        self.jobs = jobs

    def map_unordered(self, fn: Callable[..., Any], tasks: Iterable[Any], *args: Any,
                      on_crash: Callable[[Any, BaseException], Any] | None = None) -> Iterator[Any]:
        from dask.distributed import as_completed

        it = iter(tasks)
        limit = max(self.jobs, 1) * 3
        owners: dict[str, Any] = {}
        futures = []
        for task in it:
            fut = self._client.submit(fn, task, *args, pure=False)
            owners[fut.key] = task
            futures.append(fut)
            if len(futures) >= limit:
                break
        ac = as_completed(futures)
        for fut in ac:
            task = owners.pop(fut.key)
            try:
                yield fut.result()
            except Exception as exc:  # KilledWorker after Dask's own retries
                if on_crash is None:
                    raise
                yield on_crash(task, exc)
            fut.release()
            nxt = next(it, None)
            if nxt is not None:
                new = self._client.submit(fn, nxt, *args, pure=False)
                owners[new.key] = nxt
                ac.add(new)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(engine: str, jobs: int, scheduler: str | None = None) -> Executor:
    if engine == "dask":
        return DaskExecutor(jobs, scheduler)
    if engine == "serial" or jobs <= 1:
        return SerialExecutor()
    return ProcessExecutor(jobs)
