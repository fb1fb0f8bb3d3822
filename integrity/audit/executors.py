"""How tasks run: in this process, in a process pool, or on a Dask cluster.

Every executor takes a function and an iterable of tasks and yields results
as they finish, keeping a bounded number in flight so memory does not grow
with the archive. Results are plain data, so the same task runs anywhere.
"""

from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Callable, Iterable, Iterator, Protocol


class Executor(Protocol):
    name: str

    def map_unordered(self, fn: Callable[..., Any], tasks: Iterable[Any], *args: Any) -> Iterator[Any]: ...

    def close(self) -> None: ...


class SerialExecutor:
    name = "serial"

    def map_unordered(self, fn: Callable[..., Any], tasks: Iterable[Any], *args: Any) -> Iterator[Any]:
        for task in tasks:
            yield fn(task, *args)

    def close(self) -> None:
        pass


class ProcessExecutor:
    name = "processes"

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool = ProcessPoolExecutor(max_workers=jobs)

    def map_unordered(self, fn: Callable[..., Any], tasks: Iterable[Any], *args: Any) -> Iterator[Any]:
        pending: set[Future[Any]] = set()
        it = iter(tasks)
        limit = self.jobs * 3
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < limit:
                try:
                    pending.add(self._pool.submit(fn, next(it), *args))
                except StopIteration:
                    exhausted = True
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()

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

    def map_unordered(self, fn: Callable[..., Any], tasks: Iterable[Any], *args: Any) -> Iterator[Any]:
        from dask.distributed import as_completed

        it = iter(tasks)
        limit = max(self.jobs, 1) * 3
        futures = []
        for task in it:
            futures.append(self._client.submit(fn, task, *args, pure=False))
            if len(futures) >= limit:
                break
        ac = as_completed(futures)
        for fut in ac:
            yield fut.result()
            fut.release()
            nxt = next(it, None)
            if nxt is not None:
                ac.add(self._client.submit(fn, nxt, *args, pure=False))

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
