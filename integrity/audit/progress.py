"""Audit progress: a rich bar on a terminal, plain periodic lines in CI and logs."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, *, stream: TextIO | None = None, interactive: bool | None = None,
                 every: float = 10.0) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.every = every
        self.docs = self.images = self.failed = 0
        self.start = time.monotonic()
        self._last = self.start
        self._bar = None
        if self.interactive:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(
                TextColumn("audit"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"), TextColumn("[red]{task.fields[failed]} failed"), TimeRemainingColumn(),
                transient=False,
            )
            self._task = self._bar.add_task("audit", total=total, rate="", failed=0)
            self._bar.start()

    def _rates(self) -> tuple[float, float]:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        return self.docs / elapsed, self.images / elapsed

    def advance(self, docs: int, images: int, failed: int) -> None:
        self.docs += docs
        self.images += images
        self.failed += failed
        docs_s, images_s = self._rates()
        if self._bar is not None:
            self._bar.update(self._task, completed=self.docs, rate=f"{docs_s:.1f} docs/s {images_s:.1f} img/s",
                             failed=self.failed)
            return
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self._line(docs_s, images_s)

    def _line(self, docs_s: float, images_s: float) -> None:
        left = self.total - self.docs
        eta = f"{left / docs_s:.0f}s" if docs_s > 0 else "?"
        print(f"audit: {self.docs}/{self.total} documents ({docs_s:.1f}/s, {images_s:.1f} images/s), "
              f"{self.failed} failed, ETA {eta}", file=self.stream, flush=True)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.stop()
        else:
            self._line(*self._rates())
