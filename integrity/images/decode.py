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
from functools import lru_cache

from PIL import Image

from . import jxl

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
    if fmt == "JXL":
        return _open_jxl(data, max_pixels)
    # Pillow's own guard stays on: it raises past twice its limit (and warns
    # past it; warnings filters are process-global, so they are left alone).
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        return Opened(None, None, None, f"decompression bomb guard: {exc}")
    except Image.UnidentifiedImageError:  # its message names the in-memory stream (an address, new every run)
        hint = " (HEIC needs the pillow-heif extra)" if fmt == "HEIF" and pillow_heif is None else ""
        return Opened(None, None, None, f"unreadable {fmt or 'image'}: no decoder can parse its header{hint}")
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types on hostile input
        hint = " (HEIC needs the pillow-heif extra)" if fmt == "HEIF" and pillow_heif is None else ""
        return Opened(None, None, None, f"unreadable {fmt or 'image'}: {exc}{hint}")
    w, h = image.size
    if w * h > max_pixels:
        return Opened(image, w, h, f"decompression bomb guard: {w}x{h} = {w * h} pixels exceeds {max_pixels}")
    return Opened(image, w, h, None)


def _open_jxl(data: bytes, max_pixels: int) -> Opened:
    """JPEG XL: size from our own header read (the plugin decodes all pixels in ``Image.open``, so the
    bomb guard must come first); without the plugin, recognised with its size but not decoded."""
    try:
        w, h = jxl.size(data)
    except (ValueError, IndexError, KeyError) as exc:
        return Opened(None, None, None, f"unreadable JXL: damaged header ({exc or 'truncated'})")
    if w * h > max_pixels:
        return Opened(None, w, h, f"decompression bomb guard: {w}x{h} = {w * h} pixels exceeds {max_pixels}")
    if not jxl_decoder():
        return Opened(None, w, h, "JPEG XL recognised but its pixels are not decoded: "
                                  "no JPEG XL decoder is installed (the jxl extra, pillow-jxl-plugin)")
    try:
        image = Image.open(io.BytesIO(data), formats=["JXL"])
    except Exception as exc:  # noqa: BLE001 - the plugin raises its own types on hostile input
        return Opened(None, w, h, f"unreadable JXL: {exc}")
    return Opened(image, *image.size, None)


@lru_cache(maxsize=1)
def jxl_decoder() -> bool:
    """Whether the optional JPEG XL plugin is installed (imported on the first JPEG XL, not before)."""
    try:
        import pillow_jxl  # noqa: F401 - registers the JXL format with Pillow
    except ImportError:
        return False
    return True


def load_pixels(image: Image.Image, fmt: str, *, full: bool = False) -> Image.Image:
    """Decode; JPEG at draft scale unless `full`. Raises on truncated or corrupt data."""
    if fmt == "JPEG" and not full:
        w, h = image.size
        image.draft("RGB", (max(1, w // 8), max(1, h // 8)))
    image.load()
    return image
