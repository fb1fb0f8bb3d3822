"""Report writers: each module is one format with ``write(run: Run) -> str``.

Every writer consumes the same :class:`~integrity.model.Run`; a new format is
one module here plus a snapshot test.
"""

from __future__ import annotations

import importlib
from typing import Callable

from ..model import Run
from ..registry import Registry

Writer = Callable[..., str]
WRITERS: Registry[tuple[str, str]] = Registry("format")  # name -> (module, file extension)
for _name, _module, _ext in (
    ("text", "text", "txt"),
    ("json", "json", "json"),
    ("md", "markdown", "md"),
    ("html", "html", "html"),
    ("sarif", "sarif", "sarif"),
    ("github", "github", "txt"),
    ("junit", "junit", "xml"),
    ("gitlab", "gitlab", "json"),
    ("jsonl", "jsonl", "jsonl"),
):
    WRITERS.add(_name, (_module, _ext))


def extension(fmt: str) -> str:
    return WRITERS[fmt][1]


def render(fmt: str, run: Run, **options: object) -> str:
    module = importlib.import_module(f"{__name__}.{WRITERS[fmt][0]}")
    return module.write(run, **options)  # type: ignore[no-any-return]
