"""Stable Diffusion's invisible watermark (the `dwtDct` method), decoded with numpy + PyWavelets.

The reference encoder (invisible-watermark) takes the U plane of YUV, a
one-level Haar DWT, and in each 4x4 block of the approximation band moves
the largest AC DCT coefficient to a quarter (bit 0) or three quarters
(bit 1) of a `scale` step. Decoding reads that phase back, block by block,
bit i coming from blocks i, i+L, i+2L... and takes the majority.
Thresholds and payloads live in `ai-generators.yml`; the result is only ever
a weak signal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pywt
from PIL import Image

from .evidence import Signal

_LEVEL_ORDER = ("partial", "likely", "very_likely")
# pywt's decomposition low-pass filter; Haar's two taps are equal (1/sqrt 2)
_HAAR_LO = pywt.Wavelet("haar").dec_lo
assert abs(_HAAR_LO[0] - _HAAR_LO[1]) < 1e-12
_HAAR_TAP = float(_HAAR_LO[0])


def _dct2_matrix(n: int) -> np.ndarray:
    d = _dct_matrix(n)
    return np.kron(d, d).astype(np.float32)


def _dct_matrix(n: int) -> np.ndarray:
    """Orthonormal DCT-II basis (what OpenCV's cv2.dct computes)."""
    k = np.arange(n)[:, None]
    x = np.arange(n)[None, :]
    m = np.cos(np.pi * (2 * x + 1) * k / (2 * n)) * np.sqrt(2.0 / n)
    m[0] /= np.sqrt(2.0)
    return m


# U of OpenCV's 8-bit BGR2YUV, (B - Y) * 0.492 + 128, as one RGB -> L matrix:
# Pillow applies it in C with the same rounding and clipping.
_U_MATRIX = (-0.299 * 0.492, -0.587 * 0.492, (1 - 0.114) * 0.492, 128.0)


def u_plane(image: Image.Image) -> np.ndarray:
    """The U (blue-difference) plane the watermark is embedded in, as uint8."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    return np.asarray(rgb.convert("L", matrix=_U_MATRIX))


def haar_approx(plane: np.ndarray) -> np.ndarray:
    """Approximation band of a one-level 2-D Haar DWT (equals `pywt.dwt2(x, "haar")[0]`).

    PyWavelets supplies the filter; Haar's two low-pass taps are equal, so the
    band is the 2x2 block sum times tap squared. Summing uint8 quarters in
    uint16 is ~40x faster than `pywt.dwt2`, which also computes the three
    detail bands we do not need.
    """
    h, w = plane.shape[0] // 2 * 2, plane.shape[1] // 2 * 2
    x = plane[:h, :w].astype(np.uint16)
    total = x[0::2, 0::2] + x[0::2, 1::2] + x[1::2, 0::2] + x[1::2, 1::2]
    return total.astype(np.float32) * np.float32(_HAAR_TAP * _HAAR_TAP)


def block_scores(approx: np.ndarray, scale: float, block: int) -> np.ndarray:
    """Per-block bit guesses (0/1) from the Haar band, in the encoder's row-major block order."""
    rows, cols = approx.shape[0] // block, approx.shape[1] // block
    blocks = (
        approx[: rows * block, : cols * block]
        .reshape(rows, block, cols, block)
        .transpose(0, 2, 1, 3)
        .reshape(-1, block, block)
    )
    # 2-D DCT of every block in one product: flat(D X D^T) = (D kron D) flat(X);
    # einsum beats BLAS matmul here (tall-skinny product, no thread start-up)
    coeffs = np.einsum("nk,jk->nj", blocks.reshape(len(blocks), -1), _dct2_matrix(block))
    ac = np.abs(coeffs[:, 1:])
    val = ac[np.arange(len(ac)), np.argmax(ac, axis=1)]
    return ((val % scale) > 0.5 * scale).astype(np.uint8)


def decode_bits(scores: np.ndarray, length: int) -> np.ndarray:
    """Majority vote over blocks i, i+L, ... (the reference's mean*255 > 127)."""
    n = len(scores) // length * length
    if n == 0:
        return np.zeros(length, dtype=np.uint8)
    means = scores[:n].reshape(-1, length).mean(axis=0)
    return (means * 255 > 127).astype(np.uint8)


@dataclass(frozen=True)
class WatermarkResult:
    payload: str
    matched: int
    length: int
    level: str  # none | partial | likely | very_likely


def payload_bits(spec: dict[str, Any]) -> np.ndarray:
    if "bits" in spec:
        return np.array([int(c) for c in str(spec["bits"])], dtype=np.uint8)
    return np.unpackbits(np.frombuffer(str(spec["text"]).encode("ascii"), dtype=np.uint8))


def detect(image: Image.Image, cfg: dict[str, Any]) -> list[WatermarkResult]:
    """Decode every configured payload; low-information images yield nothing."""
    plane = u_plane(image)
    h, w = plane.shape
    approx = haar_approx(plane[: h // 4 * 4, : w // 4 * 4])  # the encoder works on a multiple of 4
    if min(approx.shape) < cfg["block"]:
        return []
    # the band is twice the 2x2 mean, so half its spread is the (smoothed) plane's
    if float(approx.std()) / 2 < cfg["min_channel_std"]:
        return []
    scores = block_scores(approx, float(cfg["scale"]), int(cfg["block"]))
    levels = cfg["levels_of_48"]
    out = []
    for name, spec in cfg["payloads"].items():
        expected = payload_bits(spec)
        length = len(expected)
        if len(scores) < length * cfg["min_blocks_per_bit"]:
            continue
        bits = decode_bits(scores, length)
        if bits.min() == bits.max():  # all zeros / all ones: no information
            continue
        matched = int((bits == expected).sum())
        on_48 = matched * 48 / length
        level = "none"
        for lv in _LEVEL_ORDER:
            if on_48 >= levels[lv]:
                level = lv
        out.append(WatermarkResult(name, matched, length, level))
    return out


def watermark_signals(image: Image.Image, cfg: dict[str, Any], where: str) -> list[Signal]:
    report_from = _LEVEL_ORDER.index(cfg["report_from"])
    out = []
    for r in detect(image, cfg):
        if r.level != "none" and _LEVEL_ORDER.index(r.level) >= report_from:
            out.append(
                Signal(
                    "generated",
                    cfg["strength"],
                    f"{r.payload} watermark {r.matched}/{r.length} bits ({r.level.replace('_', ' ')})",
                    f"{where}/pixels:dwtDct",
                    f"watermark:{r.payload}",
                )
            )
    return out
