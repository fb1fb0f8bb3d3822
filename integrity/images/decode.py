"""Opening and decoding pixels safely and only as much as needed.

The header gives format and size without decoding. The decompression-bomb
guard is checked against our own limit before any pixel is touched, and
Pillow's own guard stays on. JPEGs are decoded in draft mode (1/8 scale):
every pass that reads JPEG pixels (integrity check) gives the same answer
at that scale, and it is several times cheaper. Lossless formats are
decoded fully because the alpha payload and the watermark live in
individual pixels.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

try:  # optional extra: HEIC/HEIF decoding
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - depends on the environment
    pillow_heif = None


@dataclass
class Opened:
    image: Image.Image | None
    width: int | None
    height: int | None
    error: str | None


def open_image(data: bytes, fmt: str, max_pixels: int) -> Opened:
    """Parse the header only; errors become strings."""
    # Pillow's own guard stays on: it raises past twice its limit (and warns
    # past it; warnings filters are process-global, so they are left alone).
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        return Opened(None, None, None, f"decompression bomb guard: {exc}")
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types on hostile input
        hint = " (HEIC needs the pillow-heif extra)" if fmt == "HEIF" and pillow_heif is None else ""
        return Opened(None, None, None, f"unreadable {fmt or 'image'}: {exc}{hint}")
    w, h = image.size
    if w * h > max_pixels:
        return Opened(image, w, h, f"decompression bomb guard: {w}x{h} = {w * h} pixels exceeds {max_pixels}")
    return Opened(image, w, h, None)


def load_pixels(image: Image.Image, fmt: str, *, full: bool = False) -> Image.Image:
    """Decode; JPEG at draft scale unless `full`. Raises on truncated or corrupt data."""
    if fmt == "JPEG" and not full:
        w, h = image.size
        image.draft("RGB", (max(1, w // 8), max(1, h // 8)))
    image.load()
    return image
