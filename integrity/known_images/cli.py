"""``integrity registry init|add|import|list|match|rematch|remove|export``: a thin shell over the store.

The database is ``--registry PATH``, else the config's ``registry`` key, else
``.integrity/registry.sqlite``. Exit codes follow ``integrity``: 0 done,
1 ``match`` / ``rematch`` found nothing, 2 usage or input errors (for
``rematch`` also: a stored image could not be compared with every selected
entry; 2 wins over 1 and 0, as in ``scan``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..config import load_config
from .kinds import KINDS, HashError
from .store import BUILTIN_LABELS, KnownImageStore, RegistryError

EXCHANGE_FORMATS = ("te-csv", "te-json", "te-signals")  # exchange.FORMATS, without importing it at start-up

# hashing, imports and match (PIL, numpy, imagehash) load inside the commands that need them: building this
# parser is part of every `integrity` start-up, a text-only scan included.

DEFAULT_PATH = Path(".integrity/registry.sqlite")
EXIT_OK, EXIT_NONE, EXIT_ERROR = 0, 1, 2
_SHOW = 20  # problem lines printed in text output


def add_parser(sub: Any) -> None:
    """Register the ``registry`` command on the main parser's subparsers."""
    reg = sub.add_parser("registry", help="known images (known AI, earlier publications): add, import, match",
                         description="A registry of known images, matched by perceptual hash during 'scan'.")
    actions = reg.add_subparsers(dest="registry_command", metavar="ACTION")

    def action(name: str, help: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = actions.add_parser(name, help=help)
        p.add_argument("--registry", type=Path, metavar="PATH",
                       help=f"registry database (default: config key 'registry', else {DEFAULT_PATH})")
        p.add_argument("--config", type=Path, metavar="FILE", help="integrity.toml or pyproject.toml to use")
        return p

    action("init", "create the registry (or migrate it to this version's schema)")
    labels = f"built-in: {', '.join(BUILTIN_LABELS)}; any lowercase name is allowed"
    p = action("add", "hash image files and add them as entries")
    p.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    p.add_argument("--label", "-l", required=True, help=labels)
    p.add_argument("--url", dest="source_url", metavar="URL", help="where the image was first published")
    p.add_argument("--date", dest="first_published", metavar="YYYY-MM-DD", help="when it was first published")
    p.add_argument("--notes", metavar="TEXT")
    p = action("import", "add every image of a folder, the rows of a CSV, or a ThreatExchange/HMA PDQ hash list")
    p.add_argument("source", type=Path, metavar="FOLDER|FILE")
    p.add_argument("--format", "-f", choices=("auto", "csv", *EXCHANGE_FORMATS), default="auto",
                   help="a file's format: integrity's CSV (a header row) or a hash-sharing list "
                        "(te-csv: hash,id,timestamp,tags; te-json: ThreatExchange indicators; te-signals: 'pdq HASH' "
                        "lines); default: told from the file")
    p.add_argument("--label", "-l", help=f"label of every entry (a CSV may give its own per row, a hash-sharing list "
                                         f"a tag that is a built-in label); {labels}")
    p.add_argument("--url", dest="source_url", metavar="URL", help="folder import: source URL of every image")
    p.add_argument("--date", dest="first_published", metavar="YYYY-MM-DD", help="folder import: first-published date")
    p.add_argument("--notes", metavar="TEXT")
    p = action("list", "entries, or counts with --stats")
    p.add_argument("--label", "-l", help="only entries with this label")
    p.add_argument("--stats", action="store_true", help="counts per label and hash pipeline")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p = action("match", "which entries image files match (exit 1 when none does)")
    p.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p = action("rematch", "re-match the images an audit stored against entries added since (exit 1: none matches)")
    p.add_argument("--audit", type=Path, required=True, metavar="DIR",
                   help="an audit's --out folder (its audit.sqlite); nothing is rescanned")
    p.add_argument("--label", "-l", action="append", metavar="LABEL",
                   help="entries with this label (repeatable; default: known-ai and do-not-use)")
    p.add_argument("--since", metavar="ID|YYYY-MM-DD",
                   help="only entries added after entry ID, or on or after the date (allow entries always count)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p = action("remove", "delete entries by id")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p = action("export", "every entry with its hashes, as CSV (re-importable), JSON lines or a PDQ hash-sharing list")
    p.add_argument("--format", "-f", choices=("csv", "jsonl", *EXCHANGE_FORMATS), default="csv",
                   help="te-csv, te-json, te-signals: the entries holding a PDQ hash, as ThreatExchange/HMA read them")
    p.add_argument("--label", "-l", help="only entries with this label")
    p.add_argument("--out", "-o", type=Path, metavar="FILE", help="default: standard output")


def registry_path(args: argparse.Namespace) -> Path:
    if args.registry is not None:
        return Path(args.registry)
    config = load_config(args.config)
    return config.registry or DEFAULT_PATH


def _say(text: str) -> None:
    print(f"integrity: {text}", file=sys.stderr)


def _report_errors(errors: list[str]) -> None:
    for e in errors:
        _say(f"skipped: {e}")


def cmd_init(args: argparse.Namespace, path: Path) -> int:
    existed = path.exists()
    with KnownImageStore(path, create=True) as store:
        _say(f"registry {'ready' if existed else 'created'} at {path} ({store.count()} entries, schema {store.stats()['schema']})")
    return EXIT_OK


def _finish_add(path: Path, added: int, skipped: int, errors: list[str]) -> int:
    _report_errors(errors)
    _say(f"{added} entr{'y' if added == 1 else 'ies'} added to {path}" + (f", {skipped} already there" if skipped else ""))
    return EXIT_ERROR if errors else EXIT_OK


def cmd_add(args: argparse.Namespace, path: Path) -> int:
    from .imports import add_rows, file_rows

    errors: list[str] = []
    with KnownImageStore(path, create=True) as store:
        rows = file_rows(args.images, args.label, source_url=args.source_url, first_published=args.first_published,
                         notes=args.notes, errors=errors)
        added, skipped = add_rows(store, rows, errors=errors)
    return _finish_add(path, added, skipped, errors)


def cmd_import(args: argparse.Namespace, path: Path) -> int:
    from .imports import add_rows, csv_rows, file_rows, folder_images

    errors: list[str] = []
    source: Path = args.source
    if source.is_dir():
        if args.format != "auto":
            raise RegistryError(f"{source}: --format {args.format} is for a file; a folder is imported image by image")
        if not args.label:
            raise RegistryError("importing a folder needs --label")
        files = folder_images(source)
        if not files:
            raise RegistryError(f"{source}: no image files")
        with KnownImageStore(path, create=True) as store:
            rows = file_rows(files, args.label, source_url=args.source_url, first_published=args.first_published,
                             notes=args.notes, origin="folder", errors=errors)
            added, skipped = add_rows(store, rows, errors=errors)
    elif source.is_file():
        from .exchange import exchange_rows, sniff

        fmt = (sniff(source) or "csv") if args.format == "auto" else args.format
        with KnownImageStore(path, create=True) as store:
            rows = (csv_rows(source, args.label, errors=errors) if fmt == "csv"
                    else exchange_rows(source, fmt, args.label, errors=errors))
            added, skipped = add_rows(store, rows, errors=errors)
    else:
        raise RegistryError(f"{source}: no such folder or CSV file")
    return _finish_add(path, added, skipped, errors)


def cmd_list(args: argparse.Namespace, path: Path) -> int:
    with KnownImageStore(path, readonly=True) as store:
        if args.stats:
            stats = store.stats()
            if args.format == "json":
                print(json.dumps(stats, indent=2))
            else:
                print(f"{stats['path']}: {stats['entries']} entries, schema {stats['schema']}")
                for label, n in stats["labels"].items():  # type: ignore[attr-defined]
                    print(f"  {label:<12} {n}")
                for kind, counts in stats["hashes"].items():  # type: ignore[attr-defined]
                    print(f"  {kind:<6} " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
            return EXIT_OK
        entries = list(store.entries(label=args.label))
    if args.format == "json":
        print(json.dumps([e.to_dict() for e in entries], indent=2, ensure_ascii=False))
        return EXIT_OK
    for e in entries:
        print(f"{e.id:>6}  {e.label:<11} {e.first_published or '-':<10}  {e.source_url or '-'}"
              f"  {e.name or ''}{'  # ' + e.notes if e.notes else ''}")
    return EXIT_OK


def cmd_match(args: argparse.Namespace, path: Path) -> int:
    from .hashing import compute_hashes
    from .match import open_known_images
    from .settings import FILE as SETTINGS_FILE
    from .settings import load_match_settings

    config = load_config(args.config)
    settings = load_match_settings(config.rule_folders().find(SETTINGS_FILE))
    known = open_known_images(path, settings)
    results = []
    errors = []
    for image in args.images:
        try:
            hashes = compute_hashes(image.read_bytes(), variants=True)
        except OSError as exc:
            errors.append(f"{image}: cannot read: {exc.strerror}")
            continue
        except HashError as exc:
            errors.append(f"{image}: {exc}")
            continue
        results.append((image, hashes, known.match_hashes(hashes)))
    _report_errors(errors)
    if args.format == "json":
        print(json.dumps([{"image": str(i), "hashes": h.hex(), "pdq_quality": h.pdq_quality,
                           "matches": [m.to_dict() for m in ms]} for i, h, ms in results], indent=2, ensure_ascii=False))
    else:
        for image, _, matches in results:
            print(f"{image}: {len(matches)} match{'es' if len(matches) != 1 else ''}")
            for m in matches:
                hits = ", ".join(f"{h.kind} {h.distance}" + ("" if h.transform == "as-is" else f" ({h.transform})")
                                 for h in m.hits)
                print(f"  #{m.entry_id} {m.label} {m.first_published or '-'} {m.source_url or m.name or ''}  [{hits}]")
    if errors:
        return EXIT_ERROR
    return EXIT_OK if any(ms for _, _, ms in results) else EXIT_NONE


def cmd_rematch(args: argparse.Namespace, path: Path) -> int:
    from .rematch import DEFAULT_LABELS, Since, rematch
    from .settings import FILE as SETTINGS_FILE
    from .settings import load_match_settings

    config = load_config(args.config)
    settings = load_match_settings(config.rule_folders().find(SETTINGS_FILE))
    result = rematch(args.audit, path, settings, labels=args.label or DEFAULT_LABELS, since=Since.parse(args.since))
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        doc = None
        for hit in result.hits:
            if hit.doc_id != doc:
                doc = hit.doc_id
                print(f"{hit.doc_id}  {hit.published or '-'}  {hit.url or ''}  {hit.title or ''}".rstrip())
            for m in hit.matches:
                hits = ", ".join(f"{h.kind} {h.distance}" for h in m.hits)
                print(f"  {hit.src}: #{m.entry_id} {m.label} {m.source_url or m.name or ''}  [{hits}]")
    selected = f"{result.entries} entr{'y' if result.entries == 1 else 'ies'} ({', '.join(result.labels)}" + (
        f"; {result.since.describe()})" if result.since else ")")
    n = len(result.articles)
    _say(f"{n} article{' now matches' if n == 1 else 's now match'}: {result.compared} of "
         f"{result.images} stored images compared with {selected} of {path}; {result.allowed} allow-listed"
         + (f"; newest entry #{result.newest_entry} (next time: --since {result.newest_entry})"
            if result.newest_entry is not None else ""))
    for reason, n in sorted(result.not_hashed.items()):
        _say(f"{n} image{'' if n == 1 else 's'} never hashed: {reason}")
    shown = result.not_compared if args.format == "json" else result.not_compared[:_SHOW]
    for item in shown:
        _say(f"not compared: {item.doc_id} {item.src or '-'}: {item.reason}")
    if len(shown) < len(result.not_compared):
        _say(f"... and {len(result.not_compared) - len(shown)} more images not compared (--format json lists them all)")
    if result.not_compared:
        return EXIT_ERROR
    return EXIT_OK if result.hits else EXIT_NONE


def cmd_remove(args: argparse.Namespace, path: Path) -> int:
    with KnownImageStore(path) as store:
        absent = [i for i in dict.fromkeys(args.ids) if not store.remove([i])]
    n = len(set(args.ids)) - len(absent)
    _say(f"{n} entr{'y' if n == 1 else 'ies'} removed")
    for i in absent:  # the reason the exit code is 2: an id the registry does not hold
        print(f"integrity: error: no entry {i} in {path}", file=sys.stderr)
    return EXIT_ERROR if absent else EXIT_OK


def cmd_export(args: argparse.Namespace, path: Path) -> int:
    from .exchange import export_exchange
    from .imports import export

    left_out: list[int] = []

    def write(fh: Any) -> int:
        nonlocal left_out
        if args.format in EXCHANGE_FORMATS:
            n, left_out = export_exchange(store, fh, args.format, label=args.label)
            return n
        return export(store, fh, args.format, label=args.label)

    with KnownImageStore(path, readonly=True) as store:
        if args.out is None:
            n = write(sys.stdout)
        else:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            with args.out.open("w", encoding="utf-8", newline="") as fh:
                n = write(fh)
    _say(f"{n} entries exported")
    if left_out:  # the format carries PDQ hashes only: say which entries it could not hold
        ids = ", ".join(f"#{i}" for i in left_out[:_SHOW]) + (" …" if len(left_out) > _SHOW else "")
        _say(f"left out {len(left_out)} entr{'y' if len(left_out) == 1 else 'ies'} without a PDQ hash "
             f"(added without pdqhash installed, or from a list without PDQ): {ids}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "init": cmd_init, "add": cmd_add, "import": cmd_import, "list": cmd_list, "match": cmd_match,
    "rematch": cmd_rematch, "remove": cmd_remove, "export": cmd_export,
}


def run(args: argparse.Namespace) -> int:
    """Run one ``registry`` action; registry and input errors print and exit 2."""
    try:
        return COMMANDS[args.registry_command](args, registry_path(args))
    except (RegistryError, HashError) as exc:
        _say(f"error: {exc}")
        return EXIT_ERROR


__all__ = ["add_parser", "run", "DEFAULT_PATH", "KINDS"]
