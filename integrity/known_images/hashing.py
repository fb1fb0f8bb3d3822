"""Perceptual hashes of one image from one canonical decode.

Every hash an entry stores, and every hash a query computes, comes from the
same decode (:func:`canonical_image`): EXIF orientation applied, JPEGs decoded
in draft mode to no less than ``DRAFT_TARGET`` pixels a side (other formats
reduced by the same power-of-two rule), alpha flattened onto white, RGB.
The name of that recipe plus the hash library versions is the *pipeline id*
stored with each hash, so a registry never compares hashes from two recipes.

Kinds (all stored as big-endian bytes, shown as hex):
    phash  64 bits, imagehash's DCT hash
    dhash  64 bits, imagehash's gradient hash
    pdq    256 bits, Meta's PDQ (via the ``pdqhash`` package, optional), with
           its quality (0-100); queries also use its 8 dihedral variants. The
           hex is Meta's own format (``Hash256::format``: word 15 first), so
           hashes shared by hash-sharing programmes import as they are.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import imagehash
import numpy as np
from PIL import Image, ImageOps

try:  # optional extra "registry": Meta's reference PDQ through pybind11
    import pdqhash  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - depends on the environment
    pdqhash = None

from .kinds import BITS, DRAFT_TARGET, KINDS, MAX_PIXELS, PIPELINES, HashError, ImageHashes

__all__ = ["BITS", "DRAFT_TARGET", "KINDS", "MAX_PIXELS", "PIPELINES", "HashError", "ImageHashes",
           "canonical_image", "compute_hashes", "hash_image", "pdq_available", "trim_bars"]


def canonical_image(data: bytes, *, draft_target: int | None = DRAFT_TARGET, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """The one decode every hash is computed from. ``draft_target=None`` decodes fully (for measuring drift)."""
    try:
        image: Image.Image = Image.open(io.BytesIO(data))
        w, h = image.size
        if w * h > max_pixels:
            raise HashError(f"{w}x{h} is over the {max_pixels}-pixel limit")
        factor = _reduction(w, h, draft_target)
        if image.format == "JPEG" and factor > 1:
            image.draft("RGB", (w // factor, h // factor))
        image.load()
        transposed = ImageOps.exif_transpose(image)
        image = transposed if transposed is not None else image
        factor = _reduction(*image.size, draft_target)
        if factor > 1:
            image = image.reduce(factor)
    except HashError:
        raise
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types on hostile input
        raise HashError(f"cannot decode: {type(exc).__name__}: {exc}") from None
    return _rgb(image)


def _reduction(w: int, h: int, target: int | None) -> int:
    """The largest power-of-two reduction (at most 8, as JPEG draft) keeping both sides >= target."""
    if target is None:
        return 1
    scale = min(w, h) // target
    for f in (8, 4, 2):
        if scale >= f:
            return f
    return 1


def _rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _bits_to_bytes(bits: np.ndarray) -> bytes:
    return np.packbits(np.asarray(bits, dtype=bool).ravel()).tobytes()


def _phash(image: Image.Image) -> bytes:
    return _bits_to_bytes(imagehash.phash(image).hash)


def _dhash(image: Image.Image) -> bytes:
    return _bits_to_bytes(imagehash.dhash(image).hash)


# PDQ's dihedral order as returned by pdqhash.compute_dihedral
_DIHEDRAL = ("as-is", "rotate-90", "rotate-180", "rotate-270", "flip-vertical", "flip-horizontal",
             "rotate-90-flip-vertical", "rotate-90-flip-horizontal")


def pdq_available() -> bool:
    return pdqhash is not None


def hash_image(image: Image.Image, *, variants: bool = False, kinds: Iterable[str] = KINDS) -> ImageHashes:
    """Hashes of a canonical image; ``variants`` adds the query-only transforms."""
    kinds = tuple(kinds)
    values: dict[str, bytes] = {}
    extra: list[tuple[str, str, bytes]] = []
    quality = None
    gray = image.convert("L")
    if "phash" in kinds:
        values["phash"] = _phash(gray)
    if "dhash" in kinds:
        values["dhash"] = _dhash(gray)
    if "pdq" in kinds and pdqhash is not None:
        pixels = np.asarray(image)
        if variants:
            vectors, quality = pdqhash.compute_dihedral(pixels)
            values["pdq"] = _bits_to_bytes(vectors[0])
            extra += [("pdq", name, _bits_to_bytes(v)) for name, v in zip(_DIHEDRAL[1:], vectors[1:], strict=False)]
        else:
            vector, quality = pdqhash.compute(pixels)
            values["pdq"] = _bits_to_bytes(vector)
    if variants:
        mirrored = ImageOps.mirror(gray)
        if "phash" in kinds:
            extra.append(("phash", "mirror-horizontal", _phash(mirrored)))
        if "dhash" in kinds:
            extra.append(("dhash", "mirror-horizontal", _dhash(mirrored)))
        for label, trimmed in trim_bars(image):
            sub = hash_image(trimmed, variants=False, kinds=kinds)
            extra += [(k, label, v) for k, v in sub.values.items()]
    return ImageHashes(values, {k: PIPELINES[k] for k in values}, int(quality) if quality is not None else None,
                       image.width, image.height, tuple(extra))


def compute_hashes(data: bytes, *, variants: bool = False) -> ImageHashes:
    """Bytes -> hashes from the canonical decode. Raises :class:`HashError` for undecodable input."""
    image = canonical_image(data)
    return hash_image(image, variants=variants)


# --- caption bars -------------------------------------------------------------
_BAR_MIN, _BAR_MAX = 0.04, 0.30  # a bar is 4-30 % of the height
_BAR_ROW_SHARE = 0.3  # a bar row: at least this share of pixels in the bar colour (dense text lowers it)
_BAR_MEAN_SHARE = 0.75  # over the whole bar, most pixels are background ...
_BAR_PLAIN_ROW = 0.95  # ... and some rows (above, below, between text lines) are plain


def trim_bars(image: Image.Image) -> list[tuple[str, Image.Image]]:
    """The image without a plain caption bar along its bottom or top edge (text on a flat band).

    Each edge is tried on its own: a flat sky can look like a bar, and trimming
    it as well would spoil the cut that matters.
    """
    small = image.convert("L")
    if small.height > 256:
        small = small.resize((max(1, small.width * 256 // small.height), 256))
    px = np.asarray(small, dtype=np.int16)
    h = px.shape[0]
    scale = image.height / h
    out: list[tuple[str, Image.Image]] = []
    for edge, rows in (("bottom", _bar_rows(px[::-1])), ("top", _bar_rows(px))):
        if _BAR_MIN * h <= rows <= _BAR_MAX * h:
            cut = int(round(rows * scale))
            box = (0, 0, image.width, image.height - cut) if edge == "bottom" else (0, cut, image.width, image.height)
            out.append((f"{edge}-bar-trimmed", image.crop(box)))
    return out


def _bar_rows(px: np.ndarray) -> int:
    """How many rows from the top edge form a plain band: one background colour with sparse text, or 0.

    When the photo's own edge has the bar's colour (a dark photo under a black
    bar), the band runs on into the photo; the bar is then taken to end as far
    below its text as the text starts below the edge (captions are centred).
    """
    background = int(np.median(px[0]))
    share = (np.abs(px - background) <= 24).mean(axis=1)
    limit = int(_BAR_MAX * len(share))
    rows = 0
    for s in share[: limit + 1]:
        if s < _BAR_ROW_SHARE:
            break
        rows += 1
    if rows > limit:  # ran on into the photo: end the bar as far below its text as the text starts
        text = np.flatnonzero(share[:limit] < _BAR_PLAIN_ROW)
        if text.size == 0:
            return 0
        gaps = np.flatnonzero(np.diff(text) > 3)  # the first block of text lines (line gaps are small)
        last = int(text[gaps[0]]) if gaps.size else int(text[-1])
        rows = min(limit, last + 1 + int(text[0]))
    band = share[:rows]
    if rows == 0 or band.mean() < _BAR_MEAN_SHARE or band.max() < _BAR_PLAIN_ROW:
        return 0
    return rows
