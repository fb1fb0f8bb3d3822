"""EXIF (TIFF) blocks to flat fields, via Pillow's parser.

Pillow parses the IFDs; this module only names tags and decodes the text
fields that generators abuse (UserComment with its 8-byte charset header in
either UTF-16 byte order, Windows XP* tags, ComfyUI JSON in Make/Model).
"""

from __future__ import annotations

from PIL import ExifTags, Image

from .record import MetaField, RawBlock

_EXIF_IFD = 0x8769
_USER_COMMENT = 0x9286
_XP_TAGS = {0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F}
MAX_VALUE_CHARS = 1_000_000


def exif_fields(block: RawBlock) -> tuple[list[MetaField], list[str]]:
    """Flatten IFD0 and the Exif sub-IFD of one EXIF block into text fields."""
    exif = Image.Exif()
    try:
        exif.load(block.data)
        tags = dict(exif.items())
        try:
            tags.update(exif.get_ifd(_EXIF_IFD))
        except Exception as exc:  # noqa: BLE001 - Pillow raises many types on bad IFDs
            return _to_fields(tags, block.where), [f"exif sub-IFD: {exc}"]
    except Exception as exc:  # noqa: BLE001
        return [], [f"exif: {exc}"]
    return _to_fields(tags, block.where), []


def _to_fields(tags: dict, where: str) -> list[MetaField]:
    out = []
    for tag, value in tags.items():
        if tag in (_EXIF_IFD, 0x8825, 0xA005):  # pointers, not values
            continue
        name = ExifTags.TAGS.get(tag, f"0x{tag:04x}")
        text = _text(tag, value)
        if text is None or text == "":
            continue
        out.append(MetaField(f"exif:{name}", text[:MAX_VALUE_CHARS], f"{where}/exif:{name}"))
    return out


def _text(tag: int, value) -> str | None:
    if tag == _USER_COMMENT and isinstance(value, (bytes, bytearray)):
        return decode_user_comment(bytes(value))
    if tag in _XP_TAGS and isinstance(value, (bytes, bytearray, tuple)):
        raw = bytes(value)
        return raw.decode("utf-16-le", "replace").rstrip("\x00")
    if isinstance(value, (bytes, bytearray)):
        if len(value) > 4096 and not value.isascii():
            return None  # maker notes and other binary blobs
        return bytes(value).decode("utf-8", "replace").rstrip("\x00")
    if isinstance(value, str):
        return value.rstrip("\x00")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, tuple) and len(value) <= 16:
        return " ".join(str(v) for v in value)
    try:
        return str(value)
    except Exception:  # noqa: BLE001
        return None


def decode_user_comment(raw: bytes) -> str:
    """Decode EXIF UserComment, guessing UTF-16 byte order from the zero bytes.

    The EXIF spec says UNICODE follows the TIFF byte order, but writers
    disagree (piexif writes big-endian into little-endian files), so the
    order is inferred from the payload instead.
    """
    head, body = raw[:8], raw[8:]
    if head.startswith(b"UNICODE"):
        return _utf16(body)
    if head.startswith(b"ASCII"):
        return body.decode("latin-1").rstrip("\x00 ")
    if head.startswith(b"JIS"):
        return body.decode("shift_jis", "replace").rstrip("\x00 ")
    if head == b"\x00" * 8:
        return _decode_unknown(body)
    return _decode_unknown(raw)


def _decode_unknown(body: bytes) -> str:
    if len(body) >= 4 and (body[0] == 0 or body[1] == 0):
        return _utf16(body)
    try:
        return body.decode("utf-8").rstrip("\x00 ")
    except UnicodeDecodeError:
        return body.decode("latin-1").rstrip("\x00 ")


def _utf16(body: bytes) -> str:
    if body.startswith(b"\xff\xfe"):
        return body[2:].decode("utf-16-le", "replace").rstrip("\x00")
    if body.startswith(b"\xfe\xff"):
        return body[2:].decode("utf-16-be", "replace").rstrip("\x00")
    sample = body[:200]
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    codec = "utf-16-be" if zeros_even > zeros_odd else "utf-16-le"
    return body[: len(body) // 2 * 2].decode(codec, "replace").rstrip("\x00")
