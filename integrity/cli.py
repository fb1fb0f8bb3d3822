"""The ``integrity`` command: a thin shell over :mod:`integrity.pipeline`.

Exit codes: 0 pass; 1 a gate failed (``--fail-under`` / ``--fail-on``);
2 usage, configuration, rule, baseline or git error, or an input that could
not be scanned. ``--min-level`` changes what is shown, never what the gates see.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from . import __version__
from .baseline import Baseline, BaselineError, load_baseline, write_baseline
from .changed_files import GitError, changed_files, changed_lines
from .config import DEFAULT_FAIL_ON, NO_GATE, Config, ConfigError, ConfigFinder, load_config
from .known_images.errors import RegistryError
from .model import SEVERITIES, Report, RuleInfo, Run, severity_rank
from .pipeline import TOOL, Checker
from .ruledata.yaml_lines import RuleFileError
from .sources.document import InputError
from .sources.file import ARTICLE_SUFFIXES, STDIN, is_article_name, iter_paths, read_stream
from .sources.remote import is_url as _is_url
from .sources.remote import read_url
from .sources.selection import Patterns, Selection
from .writers import WRITERS, extension, render
from .writers.common import count_phrase

EXIT_OK, EXIT_GATE, EXIT_ERROR = 0, 1, 2
EXIT_CODES = """exit codes:
  0  every document was scanned and no gate failed
  1  a gate failed: a score below --fail-under, or a finding at or above --fail-on
     (default: error; --fail-on none or config fail_on = "none" turns the severity gate off)
  2  usage, configuration, rule, baseline or git error, or a document that could not be scanned"""


class UsageError(Exception):
    pass


def _score(value: str) -> int:
    """A ``--fail-under`` value: scores run 0-100, so anything else is a usage error, not a gate that never fires."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 0 <= n <= 100:
        raise argparse.ArgumentTypeError(f"{n} is outside the score range 0-100")
    return n


class _Parser(argparse.ArgumentParser):
    """argparse that answers a mistyped option with the options it might have meant."""

    def error(self, message: str) -> NoReturn:
        whole = getattr(self, "whole", None)
        if whole is not None:  # a parser built for one command: the whole parser words the error
            whole().error(message)
        if message.startswith("unrecognized arguments:"):
            message += _option_hints(self, message.split(":", 1)[1].split())
        super().error(message)


def _option_hints(parser: argparse.ArgumentParser, given: list[str]) -> str:
    import difflib

    known: set[str] = set()
    todo = [parser]
    while todo:
        current = todo.pop()
        known.update(o for o in current._option_string_actions if o.startswith("--"))
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                todo.extend(action.choices.values())
    hints = []
    for token in given:
        if token.startswith("--"):
            close = difflib.get_close_matches(token.split("=", 1)[0], sorted(known), n=2, cutoff=0.7)
            if close:
                hints.append(f"{token}: did you mean {' or '.join(close)}?")
    return (" (" + "; ".join(hints) + ")") if hints else ""


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``integrity`` parser; with ``command="scan"``, one that knows only ``scan`` (see :func:`main`).

    Building every subcommand imports the registry, service and suppression modules and cost a CI
    scan's start ~10 ms. The scan-only parser parses a scan's arguments exactly as the whole one does
    (the scan subparser is the same); anything it must word at the top level (an unrecognised
    argument and its hints over every subcommand's options) is handed to the whole parser."""
    p = _Parser(
        prog="integrity",
        description="Check news articles for undisclosed AI images, unsourced claims and missing credits.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"integrity {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    scan = sub.add_parser("scan", help="check articles (files or folders of .html/.htm/.txt)",
                          epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    scan.add_argument("paths", nargs="*", metavar="PATH",
                      help="files or folders (with --changed: limits the changed files to these); '-' reads standard input; "
                           "an http(s) URL is fetched with --fetch-remote")
    scan.add_argument("--format", "-f", default=None,
                      help=f"report format(s), comma-separated: {', '.join(WRITERS)} (default: from the --out FILE "
                           "suffix, else text on a terminal and concise when piped)")
    scan.add_argument("--out", "-o", metavar="FILE|DIR",
                      help="write the report to FILE, or one report per document and format into DIR")
    scan.add_argument("--fail-under", type=_score, metavar="N", help="exit 1 if any document scores below N (0-100)")
    scan.add_argument("--fail-on", choices=(*SEVERITIES, NO_GATE), metavar="SEVERITY",
                      help=f"exit 1 if any finding is at least this severe: info, warning, error, critical, or {NO_GATE} "
                           f"for no severity gate (default: config key 'fail_on', else {DEFAULT_FAIL_ON})")
    scan.add_argument("--min-level", choices=SEVERITIES, metavar="SEVERITY",
                      help="show only findings at least this severe (info, warning, error, critical); gates still see all")
    scan.add_argument("--report", action="append", default=[], metavar="FORMAT=FILE",
                      help="also write the whole run in FORMAT to FILE (repeatable), e.g. sarif=integrity.sarif")
    scan.add_argument("--baseline", type=Path, metavar="FILE",
                      help="report and gate only findings not in this baseline (see 'integrity baseline create')")
    scan.add_argument("--changed", action="store_true",
                      help="scan only article files changed against --base in this git repository, and untracked ones")
    scan.add_argument("--changed-lines", action="store_true",
                      help="with --changed: report and gate only findings on lines changed against --base "
                           "(git diff -U0), and findings about a whole document")
    scan.add_argument("--base", default="HEAD", metavar="REF",
                      help="git ref --changed compares with, through its merge base (default: HEAD)")
    scan.add_argument("--config", type=Path, metavar="FILE", help="integrity.toml or pyproject.toml to use")
    scan.add_argument("--base-url", metavar="URL", help="URL the article is published at (resolves image links)")
    scan.add_argument("--kind", choices=("html", "text", "markdown"), help="parse every input as this kind")
    scan.add_argument("--stdin-filename", metavar="NAME",
                      help="with '-': the file the piped article stands for (its kind, config, image folder, and the path in findings)")
    scan.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                      help="leave out of folder walks and --changed what this .gitignore-style pattern matches (repeatable; "
                           "relative to the working directory); files named on the command line are always scanned")
    scan.add_argument("--force-exclude", action="store_true",
                      help="apply the exclusions to files named on the command line and to --stdin-filename too "
                           "(for pre-commit and editors, which name every file)")
    scan.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false", default=None,
                      help="walk into what .gitignore and .integrityignore files ignore (default: leave it out)")
    scan.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    scan.add_argument("--require-suppression-reason", action="store_true",
                      help="an inline suppression without a reason after '--' is a finding "
                           "(rule integrity/suppression-without-reason)")

    _image_options(scan)
    _document_limits(scan)
    _profile_option(scan)
    scan.add_argument("--registry", type=Path, metavar="PATH",
                      help="match images against this known-image registry (default: config key 'registry')")
    if command == "scan":
        p.whole = _parser  # type: ignore[attr-defined]
        return p

    audit = sub.add_parser("audit", help="audit whole archives: folders, globs, zip/tar, WARC, WACZ (parallel, resumable)")
    audit.add_argument("inputs", nargs="+", metavar="INPUT")
    audit.add_argument("--out", "-o", required=True, type=Path, metavar="DIR",
                       help="results store (audit.sqlite) and reports go here")
    audit.add_argument("--jobs", "-j", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    audit.add_argument("--engine", choices=("processes", "serial", "dask"), default="processes")
    audit.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (default: DASK_SCHEDULER_ADDRESS, else a LocalCluster)")
    audit.add_argument("--resume", action="store_true",
                       help="continue an interrupted audit (the default anyway: finished, unchanged documents are skipped)")
    audit.add_argument("--force", action="store_true", help="scan every document again, changed or not")
    audit.add_argument("--config", type=Path, metavar="FILE")
    audit.add_argument("--no-reports", action="store_true", help="keep summaries only, not every full report (smaller store)")
    audit.add_argument("--max-member-bytes", type=int, default=None, metavar="N", help="archive member size cap")
    audit.add_argument("--max-ratio", type=float, default=None, metavar="R", help="archive compression ratio cap (bombs)")
    _image_options(audit)
    _document_limits(audit)
    _profile_option(audit)

    inspect = sub.add_parser("inspect", help="verdict, Content Credentials and AI signals of image files "
                             "(and of video, audio, PDF and .c2pa manifest files)")
    inspect.add_argument("images", nargs="+", metavar="IMAGE")
    inspect.add_argument("--format", "-f", choices=("text", "json"), default="text")
    inspect.add_argument("--config", type=Path, metavar="FILE")
    inspect.add_argument("--trust-anchor", action="append", default=[], type=Path, metavar="PEM",
                         help="extra C2PA trust anchors (PEM), on top of the bundled trust lists")

    baseline = sub.add_parser("baseline", help="accept today's findings so that scans report only new ones")
    baseline_sub = baseline.add_subparsers(dest="baseline_command", metavar="ACTION")
    bc = baseline_sub.add_parser("create", help="record the fingerprints of the current findings")
    bc.add_argument("paths", nargs="+", metavar="PATH")
    bc.add_argument("--out", "-o", required=True, type=Path, metavar="FILE", help="baseline file to write (JSON)")
    bc.add_argument("--config", type=Path, metavar="FILE")
    bc.add_argument("--base-url", metavar="URL")
    bc.add_argument("--kind", choices=("html", "text", "markdown"))

    rules = sub.add_parser("rules", help="list or explain the loaded rules")
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="ACTION")
    rl = rules_sub.add_parser("list", help="every rule with its severity and area")
    rl.add_argument("--format", choices=("text", "json", "md"), default="text",
                    help="md: the rule reference page (docs/rules.md), one section per rule")
    rl.add_argument("--config", type=Path, metavar="FILE")
    rx = rules_sub.add_parser("explain", help="what one rule checks and how to fix it")
    rx.add_argument("rule_id", metavar="ID")
    rx.add_argument("--config", type=Path, metavar="FILE")
    rf = rules_sub.add_parser("facts", help="every fact a rule can use: its fields, their types and values")
    rf.add_argument("--format", choices=("text", "json", "md"), default="text")
    rf.add_argument("--config", type=Path, metavar="FILE")

    from .suppressions_cli import add_parser as add_suppressions_parser

    add_suppressions_parser(sub)

    from .service.command import add_parser as add_serve_parser  # the service's own options

    add_serve_parser(sub)

    from .known_images.cli import add_parser as add_registry_parser

    add_registry_parser(sub)
    return p


REASON_RULE = "integrity/suppression-without-reason"


def _config(path: Path | None, args: argparse.Namespace | None = None) -> Config:
    config = load_config(path)
    return config if args is None else _override(config, args)


def _override(config: Config, args: argparse.Namespace) -> Config:
    """A config with the command line's options applied: they win over every config file."""
    changes: dict[str, object] = {}
    if getattr(args, "root", None) is not None:
        changes["image_root"] = args.root.resolve()
    if getattr(args, "fetch_remote", False):
        changes["fetch_remote"] = True
    if getattr(args, "allow_host", None):
        changes["allowed_hosts"] = tuple(args.allow_host)
    if getattr(args, "trust_anchor", None):
        changes["trust_anchors"] = config.trust_anchors + tuple(p.resolve() for p in args.trust_anchor)
    if getattr(args, "registry", None) is not None and getattr(args, "registry_command", None) is None:
        changes["registry"] = args.registry.resolve()
    if getattr(args, "document_timeout", None) is not None:
        if args.document_timeout < 0:
            raise UsageError("--document-timeout must be a number of seconds >= 0")
        changes["document_timeout"] = args.document_timeout
    if getattr(args, "profile", None) is not None:
        changes["profile"] = args.profile
    if getattr(args, "require_suppression_reason", False):
        changes["enable"] = (*config.enable, REASON_RULE)
    if getattr(args, "max_document_memory", None) is not None:
        if args.max_document_memory < 0:
            raise UsageError("--max-document-memory must be a whole number of MiB >= 0")
        changes["max_document_memory"] = args.max_document_memory
    return replace(config, **changes) if changes else config


def _document_limits(p: argparse.ArgumentParser) -> None:
    p.add_argument("--document-timeout", type=float, metavar="SECONDS",
                   help="time limit per document, 0 for none (default: config key 'document_timeout', else 60)")
    p.add_argument("--max-document-memory", type=int, metavar="MIB",
                   help="memory one document may use, in MiB, 0 for none (default: config key 'max_document_memory', else 2048)")


def _profile_option(p: argparse.ArgumentParser) -> None:
    from .profiles import names, profiles

    p.add_argument("--profile", choices=names(), metavar="NAME",
                   help="add a profile's rules and report sections: "
                        + "; ".join(f"{n} ({profiles()[n].description})" for n in names())
                        + " (default: config key 'profile')")


def _image_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, metavar="DIR",
                   help="local images must live under DIR (default: each article's folder); --base-url maps onto it")
    p.add_argument("--fetch-remote", action="store_true", help="fetch remote http(s) images and pages named by URL (public addresses only)")
    p.add_argument("--allow-host", action="append", default=[], metavar="HOST", help="with --fetch-remote: only these hosts")
    p.add_argument("--trust-anchor", action="append", default=[], type=Path, metavar="PEM",
                   help="extra C2PA trust anchors (PEM), on top of the bundled trust lists")


def cmd_audit(args: argparse.Namespace) -> int:
    import os
    import sqlite3

    from .audit import AuditOptions, run_audit
    from .audit.full import no_room
    from .audit.store import StoreError
    from .sources.archives import ArchiveLimits

    config = _config(args.config, args)
    if args.engine == "dask":
        try:  # say so before planning anything, not as a traceback from inside the run
            import dask.distributed  # noqa: F401
        except ImportError as exc:
            raise UsageError(f"--engine dask needs the dask extra (pip install 'integrity[dask]'): {exc}") from None
    limits = ArchiveLimits()
    if args.max_member_bytes:
        limits = replace(limits, max_member_bytes=args.max_member_bytes)
    if args.max_ratio:
        limits = replace(limits, max_ratio=args.max_ratio)
    opts = AuditOptions(
        inputs=tuple(args.inputs), out=args.out, config=config, jobs=args.jobs or max(os.cpu_count() or 1, 1),
        engine=args.engine, scheduler=args.scheduler, limits=limits, force=args.force, keep_reports=not args.no_reports,
    )
    try:
        summary = run_audit(opts)
    except KeyboardInterrupt:
        print(f"integrity: audit interrupted; what finished is in {args.out}/audit.sqlite — run the same command to resume",
              file=sys.stderr)
        return 130
    except StoreError as exc:  # StoreFull: the disk (or the store) is full; a newer store schema
        print(f"\nintegrity: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except (OSError, sqlite3.OperationalError) as exc:  # no room for an output file or SQLite's temporary files
        if not no_room(exc):
            raise
        where = getattr(exc, "filename", None) or args.out
        print(f"\nintegrity: error: disk full ({getattr(exc, 'strerror', None) or exc}: {where}); the audit stopped. "
              f"What finished is in {args.out}/audit.sqlite — free some space, then run the same command with --resume",
              file=sys.stderr)
        return EXIT_ERROR
    print(f"integrity: audit of {summary.planned} documents: {summary.scanned} scanned, {summary.failed} failed, "
          f"{summary.unchanged} unchanged since the last run ({summary.seconds:.1f}s); reports in {args.out}",
          file=sys.stderr)
    return EXIT_ERROR if summary.failed else EXIT_OK


def cmd_inspect(args: argparse.Namespace) -> int:
    from .inspect import inspect_image, summary_text, was_read

    config = _config(args.config, args)
    records = [inspect_image(Path(p), config=config) for p in args.images]
    if args.format == "json":
        print(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(summary_text(r) for r in records))
    # an image that could not be read at all (missing, no parsable header, not an image) was not inspected: exit 2,
    # as scan does for an input it could not scan; the other images are still reported
    refused = [r for r in records if not was_read(r)]
    for note in dict.fromkeys(n for r in records for n in r.get("notes") or []):
        print(f"integrity: note: {note}", file=sys.stderr)
    for r in refused:
        print(f"integrity: {r['path']}: not inspected: {'; '.join(map(str, r['errors']))}", file=sys.stderr)
    return EXIT_ERROR if refused else EXIT_OK


def _gate(run: Run, gates: Callable[[Report], tuple[int | None, str | None]]) -> list[str]:
    """Why the run fails its gates; ``gates`` gives each report's (fail_under, fail_on): each file has its config's."""
    return [f"{r.document.source}: {reason}" for r in run.reports for reason in r.gate_failures(*gates(r))]


def _out_name(report: Report, fmt: str, used: set[str], base: str = "") -> str:
    """The report's path inside ``--out DIR``: the input's path below ``base`` (the folder all inputs share),
    so ``site/a/index.html`` and ``site/b/index.html`` stay apart and findable as ``a/…`` and ``b/…``;
    inputs outside the working directory keep their name only."""
    stem = _relative_stem(report.document.source)
    if base and stem.startswith(base + "/"):
        stem = stem[len(base) + 1:]
    name = f"{stem}.{extension(fmt)}"
    k = 2
    while name in used:
        name = f"{stem}-{k}.{extension(fmt)}"
        k += 1
    used.add(name)
    return name


def _relative_stem(source: str) -> str:
    path = Path(source)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.name or "report"
    parts = [p for p in path.parts if p not in ("", ".")]
    if not parts or ".." in parts or ":" in parts[0]:  # outside the working directory, or not a plain path
        return path.name or "report"
    return "/".join(parts)


def _width(tty: bool) -> int:
    """Columns for the rich text view: ``COLUMNS`` if set, the terminal's width, and no wrapping when piped."""
    import os
    import shutil

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), 40)
    return max(shutil.get_terminal_size((100, 24)).columns, 60) if tty else 10_000


def _gate_options(fmt: str, gate: dict[str, object]) -> dict[str, object]:
    """Writers whose output says pass/fail (JUnit, the HTML verdict) are told the gate, so they fail what it fails."""
    return gate if fmt in ("junit", "html") else {}


def _write_outputs(run: Run, formats: list[str], out: str | None, color: bool, gate: dict[str, object]) -> None:
    if out is None:
        for fmt in formats:
            if fmt == "text":
                text = render(fmt, run, color=color, width=_width(sys.stdout.isatty()))
            else:
                text = render(fmt, run, **_gate_options(fmt, gate))
            sys.stdout.write(text)
        return
    target = Path(out)
    per_document = len(formats) > 1 or out.endswith(("/", "\\")) or target.is_dir()
    if not per_document:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(formats[0], run, **_gate_options(formats[0], gate)), encoding="utf-8")
        return
    target.mkdir(parents=True, exist_ok=True)
    stems = [_relative_stem(r.document.source) for r in run.reports]
    parents = [stem.rsplit("/", 1)[0] if "/" in stem else "" for stem in stems]
    base = posixpath.commonpath(parents) if parents and all(parents) else ""
    for fmt in formats:
        used: set[str] = set()
        for report in run.reports:
            one = render(fmt, replace(run, reports=(report,)), **_gate_options(fmt, gate))
            file = target / _out_name(report, fmt, used, base)
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(one, encoding="utf-8")


def _check_format(fmt: str) -> str:
    if fmt not in WRITERS:
        raise UsageError(f"unknown format {fmt!r} (one of {', '.join(WRITERS)})")
    return fmt


def _extra_reports(specs: list[str]) -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    for spec in specs:
        fmt, sep, file = spec.partition("=")
        if not sep or not file:
            raise UsageError(f"--report takes FORMAT=FILE, not {spec!r}")
        out.append((_check_format(fmt.strip()), Path(file)))
    return out


class _Inputs:
    """What one scan reads, each file checked under its own nearest config (see :class:`ConfigFinder`).

    Folders are walked with exclusions (:mod:`integrity.sources.selection`); a file named on the command
    line is always scanned; '-' is standard input. One :class:`Checker` per config file, built when first
    needed; ``config_of`` remembers which config each report was checked under, for its gates."""

    def __init__(self, args: argparse.Namespace, baseline: Baseline | None = None,
                 changed: Callable[[str, int], bool] | None = None) -> None:
        self.args = args
        self.baseline = baseline
        self.changed = changed
        self.finder = ConfigFinder(args.config, adjust=lambda c: _override(c, args))
        cli_excludes = Patterns(tuple(getattr(args, "exclude", ()) or ()), Path.cwd())
        respect = getattr(args, "respect_gitignore", None)
        self.selection = Selection(is_article_name, lambda folder: self.finder(folder).folder_rules(cli_excludes, respect))
        self._checkers: dict[str, Checker] = {}
        self.config_of: dict[int, Config] = {}

    def checker(self, config: Config) -> Checker:
        if config.origin not in self._checkers:
            self._checkers[config.origin] = Checker(config, self.baseline, self.changed)
        return self._checkers[config.origin]

    @property
    def rules(self) -> tuple[RuleInfo, ...]:
        """The enabled rules of every config the scan used (each id once)."""
        seen: dict[str, RuleInfo] = {}
        for checker in self._checkers.values() or [self.checker(self.finder(Path.cwd()))]:
            for rule in checker.rules:
                seen.setdefault(rule.id, rule)
        return tuple(seen.values())

    def _record(self, report: Report, config: Config) -> Report:
        self.config_of[id(report)] = config
        return report

    def _failed(self, source: str, folder: Path, code: str, message: str) -> Report:
        config = self.finder(folder)
        return self._record(self.checker(config).failed(source, code, message), config)

    def file(self, path: Path) -> Report:
        config = self.finder(path.parent)
        return self._record(self.checker(config).check_file(path, getattr(self.args, "base_url", None), self.args.kind), config)

    def stdin(self) -> Report | None:
        name = getattr(self.args, "stdin_filename", None)
        if name and getattr(self.args, "force_exclude", False) and self.selection.excluded(Path(name)):
            return None
        folder = (Path.cwd() / name).parent if name else Path.cwd()
        config = self.finder(folder)
        checker = self.checker(config)
        try:
            doc = read_stream(sys.stdin.buffer, config.max_document_bytes, name, getattr(self.args, "base_url", None))
        except InputError as exc:
            return self._record(checker.failed(name or STDIN, exc.code, exc.message), config)
        if self.args.kind is not None:
            doc = replace(doc, kind=self.args.kind)
        return self._record(checker.check_document(doc), config)

    def url(self, url: str) -> Report:
        """A page named by its URL, under the working directory's config; fetched only with --fetch-remote."""
        config = self.finder(Path.cwd())
        checker = self.checker(config)
        try:
            doc = read_url(url, config)
        except InputError as exc:
            return self._record(checker.failed(url, exc.code, exc.message), config)
        if self.args.kind is not None:
            doc = replace(doc, kind=self.args.kind)
        return self._record(checker.check_document(doc), config)

    def scan(self, paths: list[str], *, walked: bool = False) -> list[Report]:
        """Reports for ``paths``; ``walked``: they came from git (``--changed``), so exclusions apply to them too,
        as they do to named files with ``--force-exclude``."""
        reports: list[Report] = []
        for given in paths:
            if given == "-":
                reports.extend(r for r in [self.stdin()] if r is not None)
                continue
            if _is_url(given):
                reports.append(self.url(given))
                continue
            path = Path(given)
            if not path.exists():
                reports.append(self._failed(given, path.parent, "input.missing", "no such file or folder"))
                continue
            if (walked or getattr(self.args, "force_exclude", False)) and path.is_file() and self.selection.excluded(path):
                continue
            found = list(iter_paths(path, self.selection))
            if path.is_dir() and not found:
                reports.append(self._failed(given, path, "input.empty",
                                            f"folder holds no article files ({', '.join(ARTICLE_SUFFIXES)}) "
                                            "outside its exclusions"))
            reports.extend(self.file(p) for p in found)
        return reports

    def gates(self, report: Report, fail_under: int | None, fail_on: str | None) -> tuple[int | None, str | None]:
        """The gates of one report: the command line's, else its own config's."""
        config = self.config_of.get(id(report))
        if config is None:
            return fail_under, fail_on
        under = fail_under if fail_under is not None else config.fail_under
        on = config.fail_on if fail_on is None else (None if fail_on == NO_GATE else fail_on)
        return under, on


def shown(run: Run, min_level: str | None) -> Run:
    """The run as reported: findings below ``min_level`` left out."""
    if min_level is None:
        return run
    floor = severity_rank(min_level)
    return replace(run, reports=tuple(
        replace(r, findings=tuple(f for f in r.findings if severity_rank(f.severity) >= floor)) for r in run.reports
    ))


def _say_not_scanned(run: Run) -> None:
    for r in run.failed:
        err = r.errors[0] if r.errors else None
        print(f"integrity: {r.document.source}: not scanned: {err.message if err else r.document.status}"
              f" [{err.code if err else r.document.status}]", file=sys.stderr)


def _say_stale_lists(run: Run, finder: Callable[[Path], Config]) -> None:
    """A note (not a failure) when an image's Content Credentials were judged with a bundled C2PA list
    older than the limit of the config of the first such article's folder."""
    from .inspect import list_notes

    signed = next((r for r in run.reports for i in r.images
                   if i.evidence and (i.evidence.get("credentials") or {}).get("state", "none") != "none"), None)
    if signed is None:
        return
    folder = Path(signed.document.source).parent
    for note in list_notes(finder(folder if folder.is_dir() else Path.cwd())):
        print(f"integrity: note: {note}", file=sys.stderr)


def _default_format(out: str | None) -> str:
    """What ``--format`` means when it is not given, like the linters newsrooms already run.

    ``--out report.sarif`` writes SARIF (the suffix names the format); on a
    terminal the rich text view; piped or redirected, one line per finding,
    which editors, ``grep`` and CI logs read.
    """
    if out and not out.endswith(("/", "\\")) and not Path(out).is_dir():
        by_suffix = _FORMAT_BY_SUFFIX.get(Path(out).suffix.lower())
        if by_suffix:
            return by_suffix
    return "text" if sys.stdout.isatty() else "concise"


_FORMAT_BY_SUFFIX = {".json": "json", ".sarif": "sarif", ".html": "html", ".htm": "html", ".md": "md",
                     ".xml": "junit", ".jsonl": "jsonl", ".txt": "text"}


def cmd_scan(args: argparse.Namespace) -> int:
    fmt_arg = args.format if args.format is not None else _default_format(args.out)
    formats = [_check_format(f.strip()) for f in fmt_arg.split(",") if f.strip()]
    if len(formats) > 1 and not args.out:
        raise UsageError("several formats need --out DIR")
    extra = _extra_reports(args.report)
    if not args.paths and not args.changed:
        raise UsageError("scan needs a PATH (or --changed)")
    if args.paths.count("-") > 1:
        raise UsageError("'-' (standard input) can be given once")
    if args.stdin_filename is not None and "-" not in args.paths:
        raise UsageError("--stdin-filename names what '-' reads: give '-' as a PATH")
    if args.changed and "-" in args.paths:
        raise UsageError("--changed asks git which files to scan; it does not read standard input")
    if args.changed_lines and not args.changed:
        raise UsageError("--changed-lines needs --changed (it keeps findings on the lines --changed found changed)")
    baseline = load_baseline(args.baseline) if args.baseline is not None else None
    touched = changed_lines(args.base).touched if args.changed_lines else None
    inputs = _Inputs(args, baseline, touched)
    paths = args.paths
    if args.changed:
        paths = [str(p) for p in changed_files(args.base, within=[Path(p) for p in args.paths] or None)]
        if not paths:
            print(f"integrity: no article files changed against {args.base}", file=sys.stderr)
    reports = inputs.scan(paths, walked=args.changed)
    run = Run(tool=TOOL, reports=tuple(reports), rules=inputs.rules)
    view = shown(run, args.min_level)
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    # each file's gates (its own config's unless the command line sets them), for the writers that show pass/fail
    per_file = {r.document.source: inputs.gates(r, args.fail_under, args.fail_on) for r in run.reports}
    gate = {"gates": per_file}
    _write_outputs(view, formats, args.out, color, gate)
    for fmt, file in extra:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(render(fmt, view, **_gate_options(fmt, gate)), encoding="utf-8")
    _say_not_scanned(run)
    _say_stale_lists(run, inputs.finder)
    if run.failed:
        return EXIT_ERROR
    reasons = _gate(run, lambda r: inputs.gates(r, args.fail_under, args.fail_on))
    for reason in reasons:
        print(f"integrity: gate failed: {reason}", file=sys.stderr)
    return EXIT_GATE if reasons else EXIT_OK


def cmd_baseline(args: argparse.Namespace) -> int:
    inputs = _Inputs(args)
    run = Run(tool=TOOL, reports=tuple(inputs.scan(args.paths)), rules=inputs.rules)
    _say_not_scanned(run)
    if run.failed:
        print("integrity: baseline not written: every document must be scanned", file=sys.stderr)
        return EXIT_ERROR
    write_baseline(run, args.out)
    print(f"integrity: baseline of {count_phrase(len(run.findings), 'finding')} in "
          f"{count_phrase(len(run.reports), 'document')} written to {args.out}",
          file=sys.stderr)
    return EXIT_OK


def _summary(text: str) -> str:
    """A rule's description as one line for ``rules list``: its first sentence, whole."""
    text = " ".join(text.split())
    end = text.find(". ")
    return text[: end + 1] if end != -1 else text


def _unknown_rule(rule_id: str, known: Sequence[str]) -> UsageError:
    import difflib

    by_name = [k for k in known if k.split("/", 1)[-1] == rule_id]
    close = by_name or difflib.get_close_matches(rule_id, known, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return UsageError(f"no rule {rule_id!r}{hint} ('integrity rules list' lists them)")


def cmd_rules(args: argparse.Namespace) -> int:
    checker = Checker(_config(args.config))
    rules = checker.ruleset.rules
    if args.rules_command == "facts":
        from .catalogue_doc import FORMATS
        from .detectors import FACTS

        print(FORMATS[args.format](FACTS, rules, checker.ruleset.lexicons))
        return EXIT_OK
    if args.rules_command == "explain":
        rule = checker.ruleset.by_id.get(args.rule_id)
        if rule is None:
            raise _unknown_rule(args.rule_id, [r.id for r in rules])
        lines = [
            f"{rule.id}  ({rule.severity}, {rule.confidence} confidence, area {rule.area}, weight {rule.weight:g}"
            + (", disabled" if not rule.enabled else "") + ")",
            "",
            rule.description or rule.message,
        ]
        if rule.help:
            lines += ["", rule.help]
        if rule.fix:
            lines += ["", f"Fix: {rule.fix}"]
        if rule.spec is not None:
            where = ", ".join(f"{k} = {'|'.join(map(str, v))}" for k, v in rule.where.items()) or "every one"
            lines += ["", f"Fires on fact {rule.spec.name} where {where}; its fields: {', '.join(rule.spec.field_names)}"
                      " ('integrity rules facts' describes them)."]
        lines += ["", f"Defined in {rule.path}"]
        print("\n".join(lines))
        return EXIT_OK
    if getattr(args, "format", "text") == "md":
        from .rules_doc import examples_root, rules_markdown

        print(rules_markdown(rules, examples_root()), end="")
        return EXIT_OK
    if getattr(args, "format", "text") == "json":
        print(json.dumps([
            {"id": r.id, "kind": r.kind, "area": r.area, "severity": r.severity, "confidence": r.confidence,
             "weight": r.weight, "enabled": r.enabled, "tags": list(r.tags), "description": r.description}
            for r in rules
        ], indent=2))
        return EXIT_OK
    width = max(len(r.id) for r in rules)
    for r in rules:
        state = "" if r.enabled else "  (disabled)"
        print(f"{r.id:<{width}}  {r.severity:<8}  {r.area:<11}  {_summary(r.description or r.message)}{state}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # the pre-publication check is `integrity scan …`: its parser alone, the rest built only if needed
    parser = _parser("scan" if argv[:1] == ["scan"] else None)
    args = parser.parse_args(argv)
    try:
        if args.command == "scan":
            return cmd_scan(args)
        if args.command == "audit":
            return cmd_audit(args)
        if args.command == "inspect":
            return cmd_inspect(args)
        if args.command == "rules" and args.rules_command:
            return cmd_rules(args)
        if args.command == "baseline" and args.baseline_command:
            return cmd_baseline(args)
        if args.command == "suppressions" and args.suppressions_command:
            from .suppressions_cli import run as cmd_suppressions

            return cmd_suppressions(args)
        if args.command == "serve":
            from .service.command import run as cmd_serve

            return cmd_serve(args)
        if args.command == "registry" and args.registry_command:
            from .known_images.cli import run as cmd_registry

            return cmd_registry(args)
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    except RegistryError as exc:
        print(f"integrity: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except (RuleFileError, ConfigError, UsageError, BaselineError, GitError) as exc:
        print(f"integrity: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
