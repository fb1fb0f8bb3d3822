"""WACZ: a zip holding WARCs (archive/), the pages list (pages/pages.jsonl) and a CDXJ index.

Pages come from pages.jsonl when present (else every HTML record); record
offsets come from the CDXJ index when present (else one scan of each WARC).
Everything is read in place from the zip.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path
from typing import IO, Iterator

from .document import InputError
from .warc import Opener, WarcIndex, WarcRecordRef, index_warc


def member_opener(path: str, member: str) -> Opener:
    def open_member() -> IO[bytes]:
        zf = zipfile.ZipFile(path)
        raw = zf.open(member)
        # ZipExtFile seeks, but slowly backwards; archive members are small enough to buffer per read
        data = raw.read()
        zf.close()
        return io.BytesIO(data)

    return open_member


def _cdxj_records(zf: zipfile.ZipFile) -> dict[str, list[WarcRecordRef]] | None:
    names = [n for n in zf.namelist() if n.startswith("indexes/") and n.endswith((".cdxj", ".cdx", ".cdxj.gz", ".cdx.gz"))]
    if not names:
        return None
    out: dict[str, list[WarcRecordRef]] = {}
    for name in names:
        raw = zf.read(name)
        if name.endswith(".gz"):
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError):
                return None  # a compressed ZipNum index: fall back to scanning
        for line in raw.decode("utf-8", errors="replace").splitlines():
            parts = line.split(" ", 2)
            if len(parts) < 3 or not parts[2].startswith("{"):
                continue
            try:
                meta = json.loads(parts[2])
            except ValueError:
                continue
            filename = "archive/" + meta.get("filename", "")
            kind = "revisit" if meta.get("mime") == "warc/revisit" else "response"
            out.setdefault(filename, []).append(
                WarcRecordRef(int(meta.get("offset", 0)), kind, meta.get("url", ""), meta.get("mime", ""),
                              parts[1], meta.get("digest", ""))
            )
    return out


def index_wacz(path: Path) -> tuple[list[tuple[str, WarcIndex]], set[str] | None]:
    """(per WARC member: its index) and the page URLs pages.jsonl lists (None: no list)."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError("archive.corrupt", f"not a readable WACZ: {exc}") from None
    with zf:
        warcs = [n for n in zf.namelist() if n.startswith("archive/") and n.endswith((".warc", ".warc.gz"))]
        pages: set[str] | None = None
        for name in ("pages/pages.jsonl", "pages/extraPages.jsonl"):
            if name in zf.namelist():
                pages = pages or set()
                for line in zf.read(name).decode("utf-8", errors="replace").splitlines():
                    try:
                        item = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(item, dict) and item.get("url"):
                        pages.add(item["url"])
        cdxj = _cdxj_records(zf)
    out: list[tuple[str, WarcIndex]] = []
    for member in warcs:
        opener = member_opener(str(path), member)
        if cdxj is not None and member in cdxj:
            idx = WarcIndex(f"{path}!{member}", list(cdxj[member]))
            for ref in idx.records:
                if ref.kind != "revisit":
                    idx.by_url.setdefault(ref.url, ref)
                    if ref.digest:
                        idx.by_digest.setdefault(ref.digest, ref)
        else:
            idx = index_warc(opener, f"{path}!{member}")
        out.append((member, idx))
    return out, pages


def wacz_pages(path: Path) -> Iterator[tuple[str, WarcIndex, WarcRecordRef]]:
    indexes, pages = index_wacz(path)
    for member, idx in indexes:
        for ref in idx.pages():
            if pages is None or ref.url in pages:
                yield member, idx, ref
