"""What a run learned from the C2PA manifest store a page attaches to itself: the article_credentials input.

C2PA 2.x lets an HTML page carry Content Credentials of its own, in its head:
the Base64 text of a ``<script type="application/c2pa">`` (inline) or a
``<link rel="c2pa-manifest" href>`` to a manifest store file. The parser finds
the association (:class:`~integrity.model.ManifestReference`); the pipeline's
edge gets the bytes (a linked file under the image rules: inside the article's
root, under the size cap, remote only with ``--fetch-remote``) and reads the
store with c2pa-python (:func:`integrity.images.c2pa_reader.read_manifest_store`).
The result travels to the detectors in ``Context.page``, like the images' bytes
in ``Context.images``, so the Article stays what the parser produced.

The specification allows one association per page: with two or more, none is
read, and the record says so.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .image_input import UnresolvedImage
from .sources.images import Unresolved

if TYPE_CHECKING:  # the c2pa types alone need no c2pa
    from .images.evidence import Credentials, Signal
    from .model import ManifestReference


@dataclass(frozen=True, slots=True)
class PageCredentials:
    """The page's own manifest store as the run saw it: read (``credentials``, ``signals``), or ``unresolved``.

    reference: the association the page's head holds (the first, when there are several).
    associations: how many the head holds; more than one means none was read.
    loaded_from: the path or URL a linked store came from.
    """

    reference: ManifestReference
    associations: int = 1
    credentials: Credentials | None = None
    signals: tuple[Signal, ...] = ()
    unresolved: UnresolvedImage | None = None
    loaded_from: str | None = None


def inline_store(value: str, max_bytes: int) -> bytes:
    """The bytes of an inline manifest store (the script's Base64 text, white space allowed); raises
    :class:`~integrity.sources.images.Unresolved` (``manifest.too-large``, ``manifest.unreadable``)."""
    text = "".join(value.split())
    if not text:
        raise Unresolved("manifest.unreadable", "the application/c2pa script is empty")
    if len(text) > max_bytes * 4 // 3 + 4:
        raise Unresolved("manifest.too-large", f"inline manifest store over the limit of {max_bytes} bytes")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise Unresolved("manifest.unreadable", f"the application/c2pa script is not Base64 ({exc})") from None


__all__ = ["PageCredentials", "inline_store"]
