"""Container format from magic bytes; the file name or URL extension is never trusted.

Images first (Pillow-style names); then the other containers c2pa-python reads
Content Credentials from (video, audio, documents, stand-alone manifest stores),
so that a credential on an MP4 or a PDF is read, not refused as "not an image".
``FORMAT_KINDS`` says which kind of media each format is.
"""

from __future__ import annotations

from .evidence import MediaKind

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
    return sniff_media(data)


# --- containers that are not images ------------------------------------------

_BRANDS_QUICKTIME = {b"qt  "}
_BRANDS_AUDIO = {b"M4A ", b"M4B ", b"F4A ", b"F4B "}  # MPEG-4 audio (major brand decides)
# a JUMBF superbox ("jumb") whose first child is its description box ("jumd") of type "c2pa":
# the whole file is a manifest store (a ``.c2pa`` sidecar or a cloud manifest)
_JUMBF_SUPERBOX = b"jumb"
_JUMBF_DESCRIPTION = b"jumd"
_C2PA_TYPE = b"c2pa"


def sniff_media(data: bytes) -> str:
    """The non-image containers c2pa-python reads credentials from, or ""."""
    head = data[:32]
    if head[4:8] == b"ftyp":
        major = head[8:12]
        if major in _BRANDS_QUICKTIME:
            return "MOV"
        return "M4A" if major in _BRANDS_AUDIO else "MP4"
    if head[4:8] == _JUMBF_SUPERBOX and head[12:16] == _JUMBF_DESCRIPTION and head[16:20] == _C2PA_TYPE:
        return "C2PA"
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "AVI"
    if head.startswith(b"ID3") or _mpeg_audio_frame(head):
        return "MP3"
    if head.startswith(b"fLaC"):
        return "FLAC"
    return ""


def _mpeg_audio_frame(head: bytes) -> bool:
    """An MPEG audio frame header: 11 sync bits, then a version and a layer that are not "reserved"."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    return (head[1] >> 3) & 0x03 != 0x01 and (head[1] >> 1) & 0x03 != 0x00


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
    "MP4": "video/mp4",
    "MOV": "video/quicktime",
    "M4A": "audio/mp4",
    "AVI": "video/avi",
    "WAV": "audio/wav",
    "MP3": "audio/mpeg",
    "FLAC": "audio/flac",
    "PDF": "application/pdf",
    "C2PA": "application/c2pa",
}

FORMAT_KINDS: dict[str, MediaKind] = {
    "MP4": "video",
    "MOV": "video",
    "AVI": "video",
    "M4A": "audio",
    "WAV": "audio",
    "MP3": "audio",
    "FLAC": "audio",
    "PDF": "document",
    "C2PA": "manifest",
}


def media_kind(fmt: str) -> MediaKind:
    """What kind of media a sniffed format holds ("image" for every image format)."""
    return FORMAT_KINDS.get(fmt, "image")
