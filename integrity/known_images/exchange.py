"""PDQ hash lists in the formats of Meta's ThreatExchange and Hasher-Matcher-Actioner (HMA).

Newsrooms share signals the way platforms do: a list of PDQ hashes with an id,
a time and tags. Three formats, as found in facebook/ThreatExchange:

``te-csv``
    The hash CSV of HMA's sample data (``hasher-matcher-actioner/sample_data/
    pdq.csv``): no header row; four columns: the PDQ hash (64 hex digits), the
    ThreatExchange indicator id (digits), a timestamp (ISO 8601,
    ``2020-07-31T18:47:52+0000``) and the tags, separated by spaces.
``te-json``
    ThreatExchange indicator objects, as python-threatexchange reads them
    (``threatexchange/indicator.py``): ``id`` (a string of digits),
    ``indicator`` (the hash), ``type`` (``HASH_PDQ`` for PDQ),
    ``creation_time`` and ``last_updated`` (Unix seconds), ``status``
    (``MALICIOUS`` …), ``should_delete``, ``tags`` (a list) and
    ``applications_with_opinions``. Read as a JSON array, JSON lines, or a
    Graph API page ``{"data": [...]}``, which is what export writes (one
    indicator per line, so a bad one is named by its line).
``te-signals``
    python-threatexchange's local file exchange
    (``threatexchange/exchanges/impl/file_api.py``): one signal per line,
    ``<signal type> <signal>``, here ``pdq <hash>``.

PDQ hex is Meta's own format (see :mod:`.hashing`), so the hashes match ours as
they are. How an entry maps (import, then export):

* label: ``--label``, else the first tag that is a built-in label; export
  writes the label as the first tag, so a list exported here re-imports with
  its labels. Other tags are kept in the entry's notes (``threatexchange tags:
  …``) and exported again; a JSON ``description`` is the notes.
* indicator id -> the entry's name; export writes the name when it is an
  indicator id (digits), else the entry's own id.
* timestamp / creation_time -> first-published date (the day the signal was
  shared: the latest the picture can have appeared); export writes the
  first-published date, else the day the entry was added.
* The entry holds only the PDQ hash (no quality is shared: it matches like a
  good-quality hash), so it matches scanned images by PDQ alone, and only when
  ``pdqhash`` (the ``registry`` extra) is installed. Export leaves out entries
  without a PDQ hash and says which.

A line that cannot be imported (a bad hash, another hash type, a withdrawn
``should_delete`` indicator, no label) is skipped with ``file:line: why``;
every other line is imported.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from .kinds import HashError, ImageHashes
from .store import BUILTIN_LABELS, KnownImageStore, RegistryError

FORMATS = ("te-csv", "te-json", "te-signals")
ORIGIN = "threatexchange"
PDQ_TYPE = "HASH_PDQ"
_TAGS = "threatexchange tags: "
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")


def sniff(path: Path) -> str | None:
    """The exchange format of a file, or None for integrity's own CSV (a header row)."""
    if path.suffix.lower() in (".json", ".jsonl", ".ndjson"):
        return "te-json"
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        first = next((line.strip() for line in fh if line.strip()), "")
    if first.startswith(("{", "[")):
        return "te-json"
    if _HEX64.match(first.split(",", 1)[0].strip()):
        return "te-csv"
    kind, _, value = first.partition(" ")
    if kind.lower() == "pdq" and _HEX64.match(value.strip()):
        return "te-signals"
    return None


def _day(value: object, where: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC).date().isoformat()
    text = str(value).strip()
    if text.isdigit():
        return datetime.fromtimestamp(int(text), UTC).date().isoformat()
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise RegistryError(f"{where}: timestamp {text!r} is neither an ISO date nor Unix seconds") from None


def _row(where: str, hash_hex: object, label: str | None, *, indicator: object = None, when: object = None,
         tags: list[str] | None = None, description: object = None) -> dict[str, Any]:
    """One entry row for :func:`~.imports.add_rows`; :class:`RegistryError` or :class:`HashError` say why not."""
    tags = [t for t in (tags or []) if t]
    chosen = label or next((t for t in tags if t in BUILTIN_LABELS), None)
    if not chosen:
        raise RegistryError(f"no label: give --label or a tag that is one of {', '.join(BUILTIN_LABELS)}")
    rest = [t for t in tags if t != chosen]
    if description not in (None, ""):
        notes: str | None = str(description)
    else:
        notes = (_TAGS + " ".join(rest)) if rest else None
    text = str(hash_hex or "").strip()
    if not _HEX64.match(text):
        raise HashError(f"pdq: {text!r} is not a PDQ hash (64 hex digits)")
    ident = str(indicator).strip() if indicator not in (None, "") else None
    return dict(hashes=ImageHashes.from_hex({"pdq": text}), label=chosen, first_published=_day(when, where),
                notes=notes, name=ident, origin=ORIGIN)


def _csv_rows(path: Path, label: str | None, errors: list[str]) -> Iterator[dict[str, Any]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        for line, cells in enumerate(csv.reader(fh), start=1):
            if not cells or not "".join(cells).strip():
                continue
            where = f"{path}:{line}"
            if len(cells) > 4:
                errors.append(f"{where}: {len(cells)} columns; a ThreatExchange hash CSV has hash, id, timestamp, tags")
                continue
            cells += [""] * (4 - len(cells))
            try:
                yield _row(where, cells[0], label, indicator=cells[1], when=cells[2], tags=cells[3].split())
            except (HashError, RegistryError) as exc:
                errors.append(f"{where}: {str(exc).removeprefix(where + ': ')}")


def _signal_rows(path: Path, label: str | None, errors: list[str]) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8-sig") as fh:
        for line, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            where = f"{path}:{line}"
            kind, _, value = text.strip().partition(" ")
            if kind.lower() != "pdq":
                errors.append(f"{where}: signal type {kind!r}: only pdq is read")
                continue
            try:
                yield _row(where, value, label)
            except (HashError, RegistryError) as exc:
                errors.append(f"{where}: {exc}")


def _json_items(path: Path, errors: list[str]) -> Iterator[tuple[int, Any]]:
    """(line, object) of each indicator: a JSON array, a ``{"data": [...]}`` page, or JSON lines."""
    text = path.read_text(encoding="utf-8-sig")
    start = len(text) - len(text.lstrip())
    array_at: int | None = None
    if text[start:start + 1] == "[":
        array_at = start
    elif text[start:start + 1] == "{":
        try:
            whole = json.loads(text)
        except ValueError:
            whole = None  # JSON lines
        if isinstance(whole, dict):
            found = re.search(r'"data"\s*:\s*\[', text)
            if not isinstance(whole.get("data"), list) or found is None:
                if "\n" not in text.strip():  # one indicator alone
                    yield text[:start].count("\n") + 1, whole
                    return
                raise RegistryError(f"{path}: a JSON object without a \"data\" list of indicators")
            array_at = found.end() - 1
    if array_at is None:
        for line, raw in enumerate(text.splitlines(), start=1):
            if raw.strip():
                try:
                    yield line, json.loads(raw)
                except ValueError as exc:
                    errors.append(f"{path}:{line}: not JSON: {exc}")
        return
    decoder = json.JSONDecoder()
    pos = array_at + 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return
        line = text.count("\n", 0, pos) + 1
        try:
            item, pos = decoder.raw_decode(text, pos)
        except ValueError as exc:
            raise RegistryError(f"{path}:{line}: not JSON: {exc}; nothing after it can be read") from None
        yield line, item


def _json_rows(path: Path, label: str | None, errors: list[str]) -> Iterator[dict[str, Any]]:
    for line, item in _json_items(path, errors):
        where = f"{path}:{line}"
        if not isinstance(item, dict):
            errors.append(f"{where}: not an indicator object")
            continue
        kind = str(item.get("type") or PDQ_TYPE)
        if kind.upper() not in (PDQ_TYPE, "PDQ"):
            errors.append(f"{where}: indicator {item.get('id', '?')} is {kind}, not a PDQ hash")
            continue
        if item.get("should_delete") is True:
            errors.append(f"{where}: indicator {item.get('id', '?')} is withdrawn (should_delete)")
            continue
        tags = item.get("tags") or []
        try:
            if not isinstance(tags, list):
                raise RegistryError(f"tags must be a list, not {type(tags).__name__}")
            yield _row(where, item.get("indicator"), label, indicator=item.get("id"),
                       when=item.get("creation_time"), tags=[str(t) for t in tags], description=item.get("description"))
        except (HashError, RegistryError) as exc:
            errors.append(f"{where}: {str(exc).removeprefix(where + ': ')}")


def exchange_rows(path: Path, fmt: str, label: str | None, *, errors: list[str]) -> Iterator[dict[str, Any]]:
    """Entry rows of an exchange file; lines that cannot be imported go to ``errors`` as ``file:line: why``."""
    readers = {"te-csv": _csv_rows, "te-json": _json_rows, "te-signals": _signal_rows}
    if fmt not in readers:
        raise RegistryError(f"unknown exchange format {fmt!r} (one of {', '.join(FORMATS)})")
    return readers[fmt](path, label, errors)


# --- export -------------------------------------------------------------------
def _tags(entry_label: str, notes: str | None) -> list[str]:
    rest = notes[len(_TAGS):].split() if notes and notes.startswith(_TAGS) else []
    return [entry_label, *(t for t in rest if t != entry_label)]


def _when(first_published: str | None, added: str) -> datetime:
    if first_published:
        return datetime.fromisoformat(first_published).replace(tzinfo=UTC)
    return datetime.fromisoformat(added).astimezone(UTC)


def export_exchange(store: KnownImageStore, out: TextIO, fmt: str, *, label: str | None = None) -> tuple[int, list[int]]:
    """Write the entries holding a PDQ hash in an exchange format; returns (written, ids left out: no PDQ)."""
    if fmt not in FORMATS:
        raise RegistryError(f"unknown exchange format {fmt!r} (one of {', '.join(FORMATS)})")
    written, left_out = 0, []
    writer = csv.writer(out, lineterminator="\n") if fmt == "te-csv" else None
    if fmt == "te-json":
        out.write('{"data": [\n')
    for entry in store.entries(label=label):
        pdq = entry.hashes.get("pdq")
        if pdq is None:
            left_out.append(entry.id)
            continue
        ident = entry.name if entry.name and entry.name.isdigit() else str(entry.id)
        when = _when(entry.first_published, entry.added)
        tags = _tags(entry.label, entry.notes)
        if writer is not None:
            writer.writerow([pdq, ident, when.strftime("%Y-%m-%dT%H:%M:%S%z"), " ".join(tags)])
        elif fmt == "te-signals":
            out.write(f"pdq {pdq}\n")
        else:
            record: dict[str, Any] = {"id": ident, "indicator": pdq, "type": PDQ_TYPE,
                                      "creation_time": int(when.timestamp()), "tags": tags}
            if entry.notes and not entry.notes.startswith(_TAGS):
                record["description"] = entry.notes
            out.write(("," if written else "") + json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    if fmt == "te-json":
        out.write("]}\n")
    return written, left_out


__all__ = ["FORMATS", "ORIGIN", "exchange_rows", "export_exchange", "sniff"]
