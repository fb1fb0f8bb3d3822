"""What a run learned about each image's bytes: the typed image input of the detectors.

The parser produces an :class:`~integrity.model.ImageRef` per image from the
page alone (its src, alt, caption, where it sits). Reading the bytes is I/O
at the pipeline's edge (:meth:`integrity.pipeline.Checker.load_images`), and
what it yields is kept apart from the parsed article, in one
:class:`ImageInput` per image index: the analysis of the bytes
(:class:`~integrity.images.ImageEvidence`), the known-image registry's
answer (:class:`~integrity.known_images.Lookup`), or why the bytes could not
be had. Detectors read it from ``Context.images`` (see
:mod:`integrity.detectors.base` for why it travels there), and the report's
:class:`~integrity.model.ImageReport` is built from the same record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the analysis and the registry pull in numpy, PIL and c2pa; the types alone need none of it
    from .images.evidence import ImageEvidence
    from .known_images.kinds import ImageHashes
    from .known_images.match import Lookup


@dataclass(frozen=True, slots=True)
class UnresolvedImage:
    """Why an image's bytes could not be had (``image.missing``, ``image.refused``, ``image.not-in-archive`` …)."""

    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class ImageInput:
    """One image's bytes as the run saw them: analysed (``evidence``), or ``unresolved``.

    known: the registry's hashes and matches, when a registry is configured
        (its ``error`` says why an undecodable image could not be hashed).
    loaded_from: the path or URL the bytes came from.
    phash: hex pHash, when the run hashes images (audits find reuse across articles with it); None for a
        placeholder or an allow-listed image, which link no articles.
    hashes: every registry hash of the image (pHash, dHash, PDQ), when the run hashes images: the audit
        keeps them so ``integrity registry rematch`` can match its images against entries added later.
    """

    evidence: ImageEvidence | None = None
    unresolved: UnresolvedImage | None = None
    known: Lookup | None = None
    loaded_from: str | None = None
    phash: str | None = None
    hashes: ImageHashes | None = None


NOT_LOADED = ImageInput()  # an image without a source, or a run that does not analyse images


__all__ = ["NOT_LOADED", "ImageInput", "UnresolvedImage"]
