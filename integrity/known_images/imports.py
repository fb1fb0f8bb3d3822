"""Filling the registry: image files, a folder, a CSV, an archive audit's images; and export.

CSV columns (header row, any order; unknown columns are an error):
    path              an image file, relative to the CSV's folder; or instead
    phash, dhash, pdq hex hashes (as ``integrity registry export`` writes them)
    pdq_quality       0-100, with ``pdq``
    pipelines         ``kind=pipeline;...`` (export writes it; default: the current ones)
    label             default: the ``--label`` given
    source_url, first_published, notes, name
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from .hashing import KINDS, HashError, ImageHashes, compute_hashes
from .store import KnownImageStore, RegistryError

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif"}
CSV_COLUMNS = {"path", *KINDS, "pdq_quality", "pipelines", "label", "source_url", "first_published", "notes", "name",
               "id", "sha256", "origin", "added"}  # the last four: written by export, ignored on import


def hash_file(path: Path) -> tuple[ImageHashes, str]:
    """(hashes, sha256) of an image file; :class:`HashError` when it cannot be decoded."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise HashError(f"cannot read: {exc.strerror}") from None
    return compute_hashes(data), hashlib.sha256(data).hexdigest()


def file_rows(paths: Iterable[Path], label: str, *, source_url: str | None = None, first_published: str | None = None,
              notes: str | None = None, origin: str = "add", errors: list[str]) -> Iterator[dict[str, Any]]:
    for path in paths:
        try:
            hashes, sha = hash_file(path)
        except HashError as exc:
            errors.append(f"{path}: {exc}")
            continue
        yield dict(hashes=hashes, label=label, source_url=source_url, first_published=first_published, notes=notes,
                   name=path.name, sha256=sha, origin=origin)


def folder_images(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def _pipelines(text: str) -> dict[str, str]:
    out = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        kind, _, pipeline = part.partition("=")
        out[kind.strip()] = pipeline.strip()
    return out


def csv_rows(path: Path, label: str | None, *, errors: list[str]) -> Iterator[dict[str, Any]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        unknown = set(reader.fieldnames or ()) - CSV_COLUMNS
        if unknown:
            raise RegistryError(f"{path}: unknown column(s) {', '.join(sorted(unknown))} "
                                f"(known: {', '.join(sorted(CSV_COLUMNS))})")
        for line, row in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in row.items() if k}
            where = f"{path}:{line}"
            row_label = row.get("label") or label
            if not row_label:
                errors.append(f"{where}: no label (give a label column or --label)")
                continue
            sha: str | None
            name: str | None
            try:
                if row.get("path"):
                    image = (path.parent / row["path"])
                    hashes, sha = hash_file(image)
                    name = row.get("name") or image.name
                else:
                    values = {k: row[k] for k in KINDS if row.get(k)}
                    if not values:
                        errors.append(f"{where}: neither a path nor any of {', '.join(KINDS)}")
                        continue
                    quality = int(row["pdq_quality"]) if row.get("pdq_quality") else None
                    hashes = ImageHashes.from_hex(values, _pipelines(row.get("pipelines", "")), quality)
                    sha, name = row.get("sha256") or None, row.get("name") or None
            except (HashError, ValueError) as exc:
                errors.append(f"{where}: {row['path'] + ': ' if row.get('path') else ''}{exc}")
                continue
            yield dict(hashes=hashes, label=row_label, source_url=row.get("source_url"),
                       first_published=row.get("first_published"), notes=row.get("notes"), name=name, sha256=sha,
                       origin="csv")


def add_rows(store: KnownImageStore, rows: Iterable[Mapping[str, Any]], *, errors: list[str],
             batch: int = 1000) -> tuple[int, int]:
    """Add in batches of ``batch`` (one transaction each); returns (added, already there). Bad rows go to ``errors``."""
    added = skipped = 0
    pending: list[Mapping[str, Any]] = []

    def flush() -> None:
        nonlocal added, skipped
        try:
            ids = store.add_many(pending)
        except RegistryError:
            ids = []
            for row in pending:  # find the bad row(s); keep the good ones
                try:
                    ids.extend(store.add_many([row]))
                except RegistryError as exc:
                    errors.append(f"{row.get('name') or row.get('source_url') or 'entry'}: {exc}")
        added += sum(1 for i in ids if i is not None)
        skipped += sum(1 for i in ids if i is None)
        pending.clear()

    for row in rows:
        pending.append(row)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return added, skipped


def _get(row: Any, key: str, default: Any = None) -> Any:
    if isinstance(row, Mapping):
        return row.get(key, default)
    return getattr(row, key, default)


def import_seen_images(store: KnownImageStore, rows: Iterable[Any], *, label: str = "published",
                       errors: list[str] | None = None) -> tuple[int, int]:
    """The archive audit's hook: every image it saw, as a ``published`` entry dated by its article.

    Each row (a mapping or an object) has ``hashes`` (an :class:`ImageHashes`,
    or a mapping of kind -> hex), ``article_url`` and ``article_date``;
    optionally ``image_url``, ``caption`` and ``pdq_quality``. Rows already in
    the registry (same label, URL and hashes) are skipped, so an audit can be
    imported again after it resumes. Returns (added, already there).
    """
    errors = errors if errors is not None else []

    def convert() -> Iterator[dict[str, Any]]:
        for n, row in enumerate(rows, start=1):
            hashes = _get(row, "hashes")
            try:
                if not isinstance(hashes, ImageHashes):
                    hashes = ImageHashes.from_hex(dict(hashes or {}), None, _get(row, "pdq_quality"))
            except (HashError, TypeError, ValueError) as exc:
                errors.append(f"row {n}: {exc}")
                continue
            image_url, caption = _get(row, "image_url"), _get(row, "caption")
            notes = "; ".join(x for x in (f"image {image_url}" if image_url else "",
                                          f"caption: {caption}" if caption else "") if x)
            yield dict(hashes=hashes, label=label, source_url=_get(row, "article_url"),
                       first_published=_get(row, "article_date"), notes=notes or None,
                       name=(str(image_url).rsplit("/", 1)[-1] if image_url else None), origin="audit")

    return add_rows(store, convert(), errors=errors)


EXPORT_COLUMNS = ["id", "label", "source_url", "first_published", "notes", "name", "sha256", "origin", "added",
                  *KINDS, "pdq_quality", "pipelines"]


def export(store: KnownImageStore, out: TextIO, fmt: str = "csv", *, label: str | None = None) -> int:
    """Every entry as CSV (re-importable with ``registry import``) or JSON lines."""
    quality = dict(store.conn.execute(
        "SELECT h.entry_id, h.quality FROM hashes h JOIN pipelines p ON p.id = h.pipeline WHERE p.kind = 'pdq'").fetchall())
    n = 0
    writer = csv.DictWriter(out, EXPORT_COLUMNS, lineterminator="\n") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    for entry in store.entries(label=label):
        record = entry.to_dict()
        record["pdq_quality"] = quality.get(entry.id)
        if writer is not None:
            flat = {k: ("" if record.get(k) is None else record.get(k)) for k in EXPORT_COLUMNS if k in record}
            flat.update({k: entry.hashes.get(k, "") for k in KINDS})
            flat["pipelines"] = ";".join(f"{k}={p}" for k, p in entry.pipelines.items())
            writer.writerow(flat)
        else:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n
