"""Image format from magic bytes; the file name or URL extension is never trusted."""

from __future__ import annotations

_BRANDS_AVIF = {b"avif", b"avis"}
_BRANDS_HEIC = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}


def sniff_format(data: bytes) -> str:
    """Return a Pillow-style format name, or "" when the bytes are not a known image."""
    head = data[:32]
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):  # classic TIFF, then BigTIFF
        return "TIFF"
    if head.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL \r\n\x87\n")):  # JPEG XL codestream, container
        return "JXL"
    if head[:2] == b"BM":
        return "BMP"
    if head[4:8] == b"ftyp":
        brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(len(head), 32), 4)}
        if brands & _BRANDS_AVIF:
            return "AVIF"
        if brands & _BRANDS_HEIC:
            return "HEIF"
    if head.lstrip().startswith((b"<svg", b"<?xml")):
        return "SVG"
    return ""


MIME_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "TIFF": "image/tiff",
    "JXL": "image/jxl",
    "BMP": "image/bmp",
    "AVIF": "image/avif",
    "HEIF": "image/heic",
    "SVG": "image/svg+xml",
}
