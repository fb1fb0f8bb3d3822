"""The Python API: ``check`` an article given as a string, bytes or a path.

Compiled rules are cached per :class:`Config` (immutable, so sharing them
between threads is safe); there is no other state.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from .config import Config
from .model import Report
from .pipeline import Checker
from .sources.document import Document


@lru_cache(maxsize=16)
def checker(config: Config | None = None) -> Checker:
    """The compiled checker for ``config`` (built once per distinct config)."""
    return Checker(config)


def check(
    source: str | bytes | Path,
    *,
    kind: Literal["html", "text"] | None = None,
    base_url: str | None = None,
    config: Config | None = None,
) -> Report:
    """Check one article. ``str``/``bytes`` are the article itself; a ``Path`` is read from disk.

    ``kind`` forces HTML or text parsing (default: from the file suffix or the content).
    Bad input gives a report whose ``document.status`` is not ``"ok"``; this never raises for it.
    """
    c = checker(config)
    if isinstance(source, Path):
        return c.check_file(source, base_url, kind)
    data = source.encode("utf-8") if isinstance(source, str) else bytes(source)
    return c.check_document(Document("<string>", data, kind, base_url))


def check_file(path: str | Path, *, base_url: str | None = None, config: Config | None = None) -> Report:
    return checker(config).check_file(Path(path), base_url)
