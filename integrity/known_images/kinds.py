"""Hash kinds, pipeline ids and the stored-hashes record: what a registry needs without decoding an image.

Kept apart from hashing.py so the store, the CLI parser and a text-only scan never import PIL, numpy or
imagehash (start-up cost); hashing.py re-exports every name here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# px a side. Measured against a full decode on the corpus JPEGs of >= 1024 px (18 files):
# pHash 0 bits, dHash <= 1, PDQ <= 18 (<= 10 on the photos); at a 256 px target PDQ drifts up to 50.
DRAFT_TARGET = 512
MAX_PIXELS = 89_478_485
BITS = {"phash": 64, "dhash": 64, "pdq": 256}
KINDS = tuple(BITS)
_RECIPE = f"draft{DRAFT_TARGET}-exif-rgb"
PIPELINES = {
    "phash": f"phash8/imagehash4/{_RECIPE}/v1",
    "dhash": f"dhash8/imagehash4/{_RECIPE}/v1",
    "pdq": f"pdq/pdqhash/{_RECIPE}/v1",
}


class HashError(ValueError):
    """The bytes are not an image these hashes can be computed for."""


@dataclass(frozen=True)
class ImageHashes:
    """The stored hashes of one image (kind -> bytes), with the pipeline of each."""

    values: Mapping[str, bytes]
    pipelines: Mapping[str, str] = field(default_factory=dict)
    pdq_quality: int | None = None
    width: int | None = None  # of the canonical decode's source image
    height: int | None = None
    # query-only variants (mirrored, bars trimmed, PDQ dihedral): kind -> (label, bytes)
    variants: tuple[tuple[str, str, bytes], ...] = ()

    def hex(self) -> dict[str, str]:
        return {k: v.hex() for k, v in self.values.items()}

    def queries(self, kind: str) -> list[tuple[str, bytes]]:
        """(transform, hash) pairs to look up for one kind: the image itself first."""
        out = [("as-is", self.values[kind])] if kind in self.values else []
        out += [(label, h) for k, label, h in self.variants if k == kind]
        return out

    @staticmethod
    def from_hex(values: Mapping[str, str], pipelines: Mapping[str, str] | None = None,
                 pdq_quality: int | None = None) -> ImageHashes:
        parsed: dict[str, bytes] = {}
        for kind, text in values.items():
            if kind not in BITS:
                raise HashError(f"unknown hash kind {kind!r} (one of {', '.join(KINDS)})")
            try:
                raw = bytes.fromhex(text.strip())
            except ValueError:
                raise HashError(f"{kind}: not a hex string: {text!r}") from None
            if len(raw) * 8 != BITS[kind]:
                raise HashError(f"{kind}: needs {BITS[kind] // 4} hex digits, got {len(text.strip())}")
            parsed[kind] = raw
        pipes = {k: (pipelines or {}).get(k) or PIPELINES[k] for k in parsed}
        return ImageHashes(parsed, pipes, pdq_quality)

    def to_record(self) -> dict[str, object]:
        """A JSON-ready record of the stored hashes (no query variants): what an audit keeps per image."""
        return {"hashes": self.hex(), "pipelines": dict(self.pipelines), "pdq_quality": self.pdq_quality}

    @staticmethod
    def from_record(record: Mapping[str, object]) -> ImageHashes:
        """The inverse of :meth:`to_record`; :class:`HashError` for a record that is not one."""
        values, pipelines = record.get("hashes"), record.get("pipelines") or {}
        quality = record.get("pdq_quality")
        if not isinstance(values, Mapping) or not isinstance(pipelines, Mapping) or not (
                quality is None or isinstance(quality, int)):
            raise HashError(f"not a hash record: {dict(record)!r}")
        return ImageHashes.from_hex({str(k): str(v) for k, v in values.items()},
                                    {str(k): str(v) for k, v in pipelines.items()}, quality)


ALLOW_LABEL = "allow"  # a newsroom's own logos and placeholders: never reported as reused, never link articles
