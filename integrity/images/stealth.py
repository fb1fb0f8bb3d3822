"""Metadata hidden in the least significant bits of the alpha channel.

The A1111 "stealth-pnginfo" extension and NovelAI write a 15-byte magic
(`stealth_pnginfo` plain, `stealth_pngcomp` gzip), a 32-bit bit length and
the payload, one bit per pixel, column by column. Survives metadata
stripping as long as the pixels and alpha are kept losslessly.
"""

from __future__ import annotations

import json
import zlib

import numpy as np

from .record import MetaField

_MAGIC = {b"stealth_pnginfo": False, b"stealth_pngcomp": True}
_MAGIC_BITS = 15 * 8
MAX_PAYLOAD_BYTES = 4 * 1024 * 1024


def stealth_fields(alpha: np.ndarray, where: str) -> tuple[list[MetaField], list[str]]:
    """Decode from an (H, W) uint8 alpha plane; returns fields and problems."""
    h, w = alpha.shape
    if h * w < _MAGIC_BITS + 32:
        return [], []
    cols = -(-(_MAGIC_BITS + 32) // h)  # columns needed for the header
    head = (alpha[:, :cols].T.reshape(-1)[: _MAGIC_BITS + 32] & 1).astype(np.uint8)
    magic = np.packbits(head[:_MAGIC_BITS]).tobytes()
    if magic not in _MAGIC:
        return [], []
    length_bits = int.from_bytes(np.packbits(head[_MAGIC_BITS:]).tobytes(), "big")
    if length_bits <= 0 or length_bits // 8 > MAX_PAYLOAD_BYTES or length_bits > h * w - _MAGIC_BITS - 32:
        return [], [f"stealth payload length {length_bits} bits out of range"]
    start = _MAGIC_BITS + 32
    cols = -(-(start + length_bits) // h)
    bits = (alpha[:, :cols].T.reshape(-1)[start : start + length_bits] & 1).astype(np.uint8)
    payload = np.packbits(bits).tobytes()
    if _MAGIC[magic]:
        try:
            payload = _gunzip(payload)
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            return [], [f"stealth payload: {exc}"]
    text = payload.decode("utf-8", "replace")
    loc = f"{where}/alpha-lsb"
    fields = [MetaField("stealth:payload", text, loc)]
    try:
        obj = json.loads(text)
    except ValueError:
        return fields, []
    if isinstance(obj, dict):
        for k, v in obj.items():
            fields.append(MetaField(f"stealth:{k}", v if isinstance(v, str) else json.dumps(v), f"{loc}/{k}"))
    return fields, []


def _gunzip(data: bytes) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(data, MAX_PAYLOAD_BYTES)
    if d.unconsumed_tail:
        raise ValueError("stealth payload exceeds size cap")
    return out
