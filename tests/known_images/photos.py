"""Real photos from ../shared/corpora and the transforms a recycled photo goes through.

A plain module (not a conftest). Tests that use :func:`photos` skip when the
corpora are not beside the clone.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageOps

CORPORA = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"
# not photographs: 256x192 synthetic stripe test cards and flat colour gradients
NOT_PHOTOS = ("generated_", "tampered_", "stripped_", "xss_", "c2pa-rs_C.jpg", "c2pa-rs_C_with_CAWG_data.jpg")
# one picture in several files (re-signed copies; one composite built on the same background)
SAME_PICTURE = (
    "c2pa-rs_CA.jpg", "c2pa-rs_E-sig-CA.jpg", "c2pa-rs_XCA.jpg", "c2pa-rs_prerelease.jpg",
    "public_adobe-20220124-E-uri-CA.jpg", "public_adobe-20220124-E-clm-CAICAI.jpg",
)


def photo_paths() -> list[Path]:
    if not CORPORA.is_dir():
        pytest.skip(f"corpora not available at {CORPORA}")
    found = sorted(CORPORA.glob("ai-metadata/exifsamples_*.jpg")) + sorted(CORPORA.glob("c2pa/*.jpg"))
    return [p for p in found if not p.name.startswith(NOT_PHOTOS)]


def group(path: Path) -> str:
    """Files showing the same picture share a group."""
    return "c2pa-CA" if path.name in SAME_PICTURE else path.name


def jpeg(image: Image.Image, quality: int = 90) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def upright(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    return (ImageOps.exif_transpose(image) or image).convert("RGB")


def caption_bar(image: Image.Image, text: str = "Photo: Agency / Staff photographer") -> Image.Image:
    w, h = image.size
    bar = max(16, h // 8)  # the default font is 11 px high
    out = Image.new("RGB", (w, h + bar), (0, 0, 0))
    out.paste(image, (0, 0))
    ImageDraw.Draw(out).text((max(2, w // 40), h + (bar - 11) // 2), text, fill=(255, 255, 255))
    return out


def transforms(data: bytes) -> dict[str, bytes]:
    """What happens to a photo on its way back into print: each result as JPEG bytes."""
    image = upright(data)
    w, h = image.size
    dx, dy = round(w * 0.025), round(h * 0.025)
    return {
        "resize-50": jpeg(image.resize((max(1, w // 2), max(1, h // 2)), Image.LANCZOS)),
        "jpeg-q60": jpeg(image, 60),
        "crop-5": jpeg(image.crop((dx, dy, w - dx, h - dy))),
        "mirror": jpeg(ImageOps.mirror(image)),
        "caption-bar": jpeg(caption_bar(image)),
    }
