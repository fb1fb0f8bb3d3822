"""Compressed inputs named to ``scan``: a gzip-compressed article is read as it is; anything else is refused with a hint.

``story.html.gz`` (what static-site builds and web servers keep beside ``story.html``) decompresses
under the same byte limit as a plain article, so a gzip bomb is refused like an oversized file. An
archive of many articles (zip, tar, WARC, WACZ) is ``integrity audit``'s input, and other compressed
files (``.bz2``, ``.xz``, ``.7z`` ...) are not read at all: both are refused with an ``input.archive`` /
``input.compressed`` error saying what to do, instead of being parsed as binary noise. Which suffix is
which is data (``data/compressed_inputs.toml``).
"""

from __future__ import annotations

import tomllib
import zlib
from functools import cache
from pathlib import Path

from .document import InputError

_TABLE = Path(__file__).resolve().parents[1] / "data" / "compressed_inputs.toml"
_GZIP_MAGIC = b"\x1f\x8b"


@cache
def _suffixes() -> tuple[tuple[str, str], ...]:
    """(suffix, group) longest first, so ``.tar.gz`` is an archive before ``.gz`` is compressed."""
    with _TABLE.open("rb") as fh:
        data = tomllib.load(fh)
    pairs = [(s.lower(), group) for group in ("archive", "compressed") for s in data[group]["suffixes"]]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def compressed_kind(name: str) -> tuple[str, str] | None:
    """("archive" | "compressed", the suffix) for a name ``scan`` does not read as an article, else None."""
    low = name.lower()
    for suffix, group in _suffixes():
        if low.endswith(suffix):
            return group, suffix
    return None


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """The bytes a gzip stream holds (every member), refused past ``max_bytes`` without inflating the rest."""
    if not data.startswith(_GZIP_MAGIC):
        raise InputError("input.compressed", "named .gz but is not gzip data")
    out = bytearray()
    rest = data
    try:
        while rest:
            inflater = zlib.decompressobj(wbits=31)
            out += inflater.decompress(rest, max_bytes + 1 - len(out))
            if len(out) > max_bytes or inflater.unconsumed_tail:
                raise InputError("input.too-large",
                                 f"decompresses to more than the limit of {max_bytes} bytes (max_document_bytes)")
            if not inflater.eof:
                raise InputError("input.compressed", "the gzip data is cut short")
            rest = inflater.unused_data
            if rest and not rest.startswith(_GZIP_MAGIC):
                break  # trailing padding after the last member, as gzip(1) tolerates
    except zlib.error as exc:
        raise InputError("input.compressed", f"the gzip data is damaged: {exc}") from None
    return bytes(out)


def read_compressed(path: Path, max_bytes: int, *, article: bool) -> bytes | None:
    """The article a gzip-compressed article file holds (``article``: its name is an article name); None for a
    file that is not compressed. Raises :class:`InputError` with a hint for an archive or another compressed format."""
    found = compressed_kind(path.name)
    if found is None:
        return None
    group, suffix = found
    if group == "compressed" and suffix == ".gz" and article:
        return gunzip(path.read_bytes(), max_bytes)
    if group == "archive":
        raise InputError("input.archive", f"a {suffix} archive is not one article: 'integrity scan' reads articles, "
                                          f"'integrity audit {path} --out DIR' reads the articles inside archives")
    raise InputError("input.compressed", f"a {suffix} file is not read: decompress it first "
                                         "(only gzip-compressed articles such as story.html.gz are read as they are)")
