"""Map positions in extracted article text back to the input file.

Parsers normalise text (collapse white space, decode entities, drop tags), so an
index into a sentence is not an index into the file. Each extracted string keeps
an :class:`OffsetMap` made while parsing; findings are located through it and a
:class:`LineIndex`, never by searching the match back in the source.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import accumulate

from .model import Span

_INF = float("inf")


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Piecewise map from text indices to source offsets.

    ``runs`` holds ``(text_start, src_start, src_end)`` triples sorted by
    ``text_start``; a run covers text up to the next run's start.  A run whose
    source length differs from its text length (an entity such as ``&amp;``,
    collapsed white space) maps every index in it to the run's whole source
    range, so a match never points into the middle of an entity.
    """

    runs: tuple[tuple[int, int, int], ...]
    length: int

    @staticmethod
    def identity(src_start: int, length: int) -> OffsetMap:
        return OffsetMap(((0, src_start, src_start + length),), length)

    def _run(self, i: int) -> int:
        return max(bisect.bisect_right(self.runs, (i, _INF, _INF)) - 1, 0)

    def _run_len(self, k: int) -> int:
        nxt = self.runs[k + 1][0] if k + 1 < len(self.runs) else self.length
        return nxt - self.runs[k][0]

    def start(self, i: int) -> int:
        """Source offset where text index ``i`` starts."""
        if not self.runs:
            return 0
        k = self._run(i)
        t0, s0, s1 = self.runs[k]
        if s1 - s0 == self._run_len(k):
            return s0 + (i - t0)
        return s0

    def end(self, i: int) -> int:
        """Source offset just past text index ``i - 1`` (an exclusive end)."""
        if not self.runs:
            return 0
        k = self._run(max(i - 1, 0))
        t0, s0, s1 = self.runs[k]
        if s1 - s0 == self._run_len(k):
            return s0 + (i - t0)
        return s1

    def slice(self, start: int, end: int) -> OffsetMap:
        """The map of ``text[start:end]``."""
        out: list[tuple[int, int, int]] = []
        for k, (t0, s0, s1) in enumerate(self.runs):
            t1 = t0 + self._run_len(k)
            if t1 <= start or t0 >= end:
                continue
            a, b = max(t0, start), min(t1, end)
            if s1 - s0 == t1 - t0:
                out.append((a - start, s0 + (a - t0), s0 + (b - t0)))
            else:
                out.append((a - start, s0, s1))
        return OffsetMap(tuple(out), end - start)


class OffsetMapBuilder:
    """Accumulates text pieces and their source ranges while a parser walks a file."""

    __slots__ = ("_parts", "_runs", "_len")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._runs: list[tuple[int, int, int]] = []
        self._len = 0

    def add(self, text: str, src_start: int, src_end: int) -> None:
        if not text:
            return
        self._parts.append(text)
        self._runs.append((self._len, src_start, src_end))
        self._len += len(text)

    def add_verbatim(self, text: str, src_start: int) -> None:
        """Text copied one-to-one from the source starting at ``src_start`` (what :meth:`add` does, without
        the second call: a page's walk adds its text run by run)."""
        if not text:
            return
        n = len(text)
        self._parts.append(text)
        self._runs.append((self._len, src_start, src_start + n))
        self._len += n

    def __len__(self) -> int:
        return self._len

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self._parts), OffsetMap(tuple(self._runs), self._len)


class LineIndex:
    """Offsets to 1-based line and column (columns count Unicode code points)."""

    __slots__ = ("_starts", "_bom")

    def __init__(self, source: str) -> None:
        # a byte order mark is not a character an editor shows: it takes no column on line 1
        self._bom = source.startswith("\ufeff")
        lines = source.split("\n")
        lines.pop()  # the last line ends the text, not at a newline
        self._starts = [0, *accumulate(len(line) + 1 for line in lines)]

    def line_col(self, offset: int) -> tuple[int, int]:
        k = bisect.bisect_right(self._starts, offset) - 1
        if k == 0 and self._bom and offset > 0:
            return 1, offset
        return k + 1, offset - self._starts[k] + 1

    def span(self, start: int, end: int) -> Span:
        line, col = self.line_col(start)
        end_line, end_col = self.line_col(end)
        return Span(offset=start, end_offset=end, line=line, column=col, end_line=end_line, end_column=end_col)
