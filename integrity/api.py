"""The Python API: ``check`` an article given as a string, bytes or a path.

Everything here is safe to call from many threads at once and keeps no state
between calls beyond a cache of compiled rules per :class:`Config` (a Config
is immutable and a compiled :class:`~integrity.pipeline.Checker` is never
changed after it is built, so sharing one is safe). Nothing reads a
process-wide setting: every call takes its ``config``.

    >>> import integrity
    >>> report = integrity.check("Experts say it will rain.", kind="text")
    >>> report.score is not None
    True

``acheck`` is the same call for async frameworks: it runs the pure core in a
worker thread so the event loop is never blocked.

``to_json``, ``to_sarif``, ``to_markdown`` and ``to_html`` render one report
(:func:`integrity.writers.render_report`); they are functions, not Report
methods, so the data model never imports the writers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from .config import Config
from .inspect import inspect_image
from .model import Report
from .pipeline import Checker
from .sources.document import Document, InputError
from .sources.file import read_document
from .sources.images import ImageFetchOptions, Unresolved, load_image
from .sources.uploads import AmbiguousUpload, UploadedImages

Kind = Literal["html", "text", "markdown"]
STRING_SOURCE = "<string>"


@lru_cache(maxsize=16)
def checker(config: Config | None = None) -> Checker:
    """The compiled checker for ``config`` (built once per distinct config)."""
    return Checker(config)


class UploadSource:
    """An article's images from memory only: never a local file, remote only if the config allows it.

    This is how the HTTP service (and a CMS handing over its media) supplies
    images: a ``src`` is matched to an upload by path/file name
    (:class:`~integrity.sources.uploads.UploadedImages`); one that matches
    nothing is unresolved, or — for an http(s) ``src`` when
    ``options.fetch_remote`` is on — fetched under the usual remote rules.
    """

    def __init__(self, uploads: UploadedImages, options: ImageFetchOptions) -> None:
        self.uploads = uploads
        # no folder, no root and no base_url→root mapping: nothing here can reach the disk
        self.options = replace(options, root=None, base_url=None, cache_dir=None)

    def get(self, src: str) -> tuple[bytes, str]:
        scheme = urlsplit(src.strip()).scheme.lower()
        if scheme not in ("", "http", "https"):
            raise Unresolved("image.refused", f"{scheme}: image URLs are not read here")
        try:
            found = self.uploads.find(src)
        except AmbiguousUpload as exc:
            raise Unresolved("image.ambiguous", f"several uploaded images match this src: {exc}") from None
        if found is not None:
            name, data = found
            if len(data) > self.options.max_bytes:
                raise Unresolved("image.too-large", f"{len(data)} bytes is over the image limit of {self.options.max_bytes}")
            return data, f"upload:{name}"
        remote = src.strip().lower().startswith(("http://", "https://", "//"))
        if remote and self.options.fetch_remote:
            fetched = load_image(src, None, self.options)
            return fetched.data, fetched.where
        names = ", ".join(self.uploads.names()[:10]) or "none"
        why = "remote image not fetched (remote fetching is off)" if remote else "no uploaded image matches this src"
        raise Unresolved("image.not-uploaded", f"{why}; uploaded: {names}")


def lone_surrogate(text: str) -> str | None:
    """Why ``text`` is not Unicode that can be written out, or None.

    A Python ``str`` can hold a lone surrogate (``'\\ud800'``, e.g. from a JSON ``\\ud800``
    escape or ``surrogateescape`` decoding) that no UTF-8 encoder accepts. Such text is refused
    whole, as an ``invalid`` document with this reason, rather than silently altered: the caller
    gave characters that do not exist, and which ones were meant cannot be known.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"lone surrogate U+{ord(text[exc.start]):04X} at character {exc.start}: the text is not valid Unicode"
    return None


def _document(
    source: str | bytes | Path, kind: Kind | None, base_url: str | None, c: Checker,
    images: Mapping[str, bytes] | UploadedImages | None, name: str | None,
) -> Document | Report:
    if isinstance(source, Path):
        try:
            doc = read_document(source, c.config.max_document_bytes, base_url)
        except InputError as exc:
            return c.failed(name or str(source), exc.code, exc.message)
        if kind is not None:
            doc = replace(doc, kind=kind)
        if name is not None:
            doc = replace(doc, source=name)
    else:
        if isinstance(source, str) and (where := lone_surrogate(source)) is not None:
            return c.failed(name or STRING_SOURCE, "input.encoding", where)
        text = source if isinstance(source, str) else None
        data = source.encode("utf-8") if isinstance(source, str) else bytes(source)
        doc = Document(name or STRING_SOURCE, data, kind, base_url, text=text)
    if images is not None:
        uploads = images if isinstance(images, UploadedImages) else UploadedImages.of(images)
        doc = replace(doc, folder=None, image_source=UploadSource(uploads, c.image_options))
    return doc


def check(
    source: str | bytes | Path,
    *,
    kind: Kind | None = None,
    base_url: str | None = None,
    config: Config | None = None,
    images: Mapping[str, bytes] | UploadedImages | None = None,
    name: str | None = None,
) -> Report:
    """Check one article. ``str``/``bytes`` are the article itself; a ``Path`` is read from disk.

    ``kind`` forces HTML or text parsing (default: from the file suffix or the content).
    ``images`` maps image names (file names or relative paths, as the article's ``src``
    ends) to their bytes; when given, images come only from there — never from disk —
    and remote ones only if ``config.fetch_remote`` is on. ``name`` is the
    ``document.source`` the report shows (default: the path, or ``"<string>"``).
    Bad input gives a report whose ``document.status`` is not ``"ok"``; this never raises for it.
    """
    c = checker(config)
    if isinstance(source, Path) and images is None and name is None:
        return c.check_file(source, base_url, kind)
    doc = _document(source, kind, base_url, c, images, name)
    if isinstance(doc, Report):
        return doc
    return c.check_document(doc)


async def acheck(
    source: str | bytes | Path,
    *,
    kind: Kind | None = None,
    base_url: str | None = None,
    config: Config | None = None,
    images: Mapping[str, bytes] | UploadedImages | None = None,
    name: str | None = None,
) -> Report:
    """:func:`check` for async code: the same call, run in a worker thread."""
    import asyncio  # only async callers pay for importing it

    return await asyncio.to_thread(
        check, source, kind=kind, base_url=base_url, config=config, images=images, name=name
    )


def check_file(path: str | Path, *, base_url: str | None = None, config: Config | None = None) -> Report:
    """Check an article file; its images resolve against its folder (or ``config.image_root``)."""
    return checker(config).check_file(Path(path), base_url)


def rule_list(config: Config | None = None) -> list[dict[str, Any]]:
    """Every loaded rule (enabled or not) as ``integrity rules list --format json`` prints it."""
    return [
        {"id": r.id, "kind": r.kind, "area": r.area, "severity": r.severity, "confidence": r.confidence,
         "weight": r.weight, "enabled": r.enabled, "tags": list(r.tags), "description": r.description}
        for r in checker(config).ruleset.rules
    ]


def _render(fmt: str, report: Report) -> str:
    from .writers import render_report  # loaded on first render: `import integrity` stays free of writers

    return render_report(fmt, report)


def to_json(report: Report) -> str:
    """The report as JSON (its schema is ``integrity/schemas/report.schema.json``); what the HTTP API answers."""
    return _render("json", report)


def to_sarif(report: Report) -> str:
    """The report as a SARIF 2.1.0 log of one run."""
    return _render("sarif", report)


def to_markdown(report: Report) -> str:
    """The report as Markdown (as ``integrity scan --format md`` prints it)."""
    return _render("md", report)


def to_html(report: Report) -> str:
    """The report as a self-contained HTML page."""
    return _render("html", report)


__all__ = [
    "UploadSource", "acheck", "check", "check_file", "checker", "inspect_image", "rule_list",
    "to_html", "to_json", "to_markdown", "to_sarif",
]
