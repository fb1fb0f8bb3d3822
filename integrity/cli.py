"""The ``integrity`` command: a thin shell over :mod:`integrity.pipeline`.

Exit codes: 0 pass; 1 a gate failed (``--fail-under`` / ``--fail-on``);
2 usage, configuration, rule, baseline or git error, or an input that could
not be scanned. ``--min-level`` changes what is shown, never what the gates see.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from . import __version__
from .baseline import BaselineError, load_baseline, write_baseline
from .changed_files import GitError, changed_files
from .config import DEFAULT_FAIL_ON, NO_GATE, Config, ConfigError, load_config
from .known_images.errors import RegistryError
from .model import SEVERITIES, Report, Run, severity_rank
from .pipeline import TOOL, Checker
from .ruledata.yaml_lines import RuleFileError
from .sources.file import iter_paths
from .writers import WRITERS, extension, render

EXIT_OK, EXIT_GATE, EXIT_ERROR = 0, 1, 2
EXIT_CODES = """exit codes:
  0  every document was scanned and no gate failed
  1  a gate failed: a score below --fail-under, or a finding at or above --fail-on
     (default: error; --fail-on none or config fail_on = "none" turns the severity gate off)
  2  usage, configuration, rule, baseline or git error, or a document that could not be scanned"""


class UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="integrity",
        description="Check news articles for undisclosed AI images, unsourced claims and missing credits.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"integrity {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    scan = sub.add_parser("scan", help="check articles (files or folders of .html/.htm/.txt)",
                          epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    scan.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (with --changed: limits the changed files to these)")
    scan.add_argument("--format", "-f", default="text",
                      help=f"report format(s), comma-separated: {', '.join(WRITERS)} (default: text)")
    scan.add_argument("--out", "-o", metavar="FILE|DIR",
                      help="write the report to FILE, or one report per document and format into DIR")
    scan.add_argument("--fail-under", type=int, metavar="N", help="exit 1 if any document scores below N")
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
    scan.add_argument("--base", default="HEAD", metavar="REF",
                      help="git ref --changed compares with, through its merge base (default: HEAD)")
    scan.add_argument("--config", type=Path, metavar="FILE", help="integrity.toml or pyproject.toml to use")
    scan.add_argument("--base-url", metavar="URL", help="URL the article is published at (resolves image links)")
    scan.add_argument("--kind", choices=("html", "text", "markdown"), help="parse every input as this kind")
    scan.add_argument("--color", choices=("auto", "always", "never"), default="auto")

    _image_options(scan)
    _document_limits(scan)
    scan.add_argument("--registry", type=Path, metavar="PATH",
                      help="match images against this known-image registry (default: config key 'registry')")

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

    inspect = sub.add_parser("inspect", help="verdict, Content Credentials and AI signals of image files")
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
    rl.add_argument("--format", choices=("text", "json"), default="text")
    rl.add_argument("--config", type=Path, metavar="FILE")
    rx = rules_sub.add_parser("explain", help="what one rule checks and how to fix it")
    rx.add_argument("rule_id", metavar="ID")
    rx.add_argument("--config", type=Path, metavar="FILE")
    rf = rules_sub.add_parser("facts", help="every fact a rule can use: its fields, their types and values")
    rf.add_argument("--format", choices=("text", "json", "md"), default="text")
    rf.add_argument("--config", type=Path, metavar="FILE")

    from .service.command import add_parser as add_serve_parser  # the service's own options

    add_serve_parser(sub)

    from .known_images.cli import add_parser as add_registry_parser

    add_registry_parser(sub)
    return p


def _config(path: Path | None, args: argparse.Namespace | None = None) -> Config:
    config = load_config(path)
    if args is None:
        return config
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


def _image_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, metavar="DIR",
                   help="local images must live under DIR (default: each article's folder); --base-url maps onto it")
    p.add_argument("--fetch-remote", action="store_true", help="fetch remote http(s) images (public addresses only)")
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
    from .inspect import inspect_image, summary_text

    config = _config(args.config, args)
    records = [inspect_image(Path(p), config=config) for p in args.images]
    if args.format == "json":
        print(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(summary_text(r) for r in records))
    # an image that could not be read at all (missing, unreadable, not an image) was not inspected: exit 2,
    # as scan does for an input it could not scan; the other images are still reported
    refused = [r for r in records if r.get("errors") and not r.get("format")]
    for r in refused:
        print(f"integrity: {r['path']}: not inspected: {'; '.join(map(str, r['errors']))}", file=sys.stderr)
    return EXIT_ERROR if refused else EXIT_OK


def _gate(run: Run, fail_under: int | None, fail_on: str | None) -> list[str]:
    reasons: list[str] = []
    for r in run.reports:
        if not r.ok:
            continue
        if fail_under is not None and r.score is not None and r.score < fail_under:
            reasons.append(f"{r.document.source}: score {r.score} is below {fail_under}")
        if fail_on is not None:
            bad = [f for f in r.findings if severity_rank(f.severity) >= severity_rank(fail_on)]
            if bad:
                reasons.append(f"{r.document.source}: {len(bad)} finding{'' if len(bad) == 1 else 's'} at or above {fail_on}")
    return reasons


def _out_name(report: Report, fmt: str, used: set[str]) -> str:
    stem = Path(report.document.source).name or "report"
    name = f"{stem}.{extension(fmt)}"
    k = 2
    while name in used:
        name = f"{stem}-{k}.{extension(fmt)}"
        k += 1
    used.add(name)
    return name


def _width(tty: bool) -> int:
    import shutil

    return max(shutil.get_terminal_size((100, 24)).columns, 60) if tty else 100


def _write_outputs(run: Run, formats: list[str], out: str | None, color: bool) -> None:
    if out is None:
        for fmt in formats:
            text = render(fmt, run, color=color, width=_width(color)) if fmt == "text" else render(fmt, run)
            sys.stdout.write(text)
        return
    target = Path(out)
    per_document = len(formats) > 1 or out.endswith(("/", "\\")) or target.is_dir()
    if not per_document:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(formats[0], run), encoding="utf-8")
        return
    target.mkdir(parents=True, exist_ok=True)
    for fmt in formats:
        used: set[str] = set()
        for report in run.reports:
            (target / _out_name(report, fmt, used)).write_text(render(fmt, replace(run, reports=(report,))), encoding="utf-8")


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


def _scan_paths(checker: Checker, paths: list[str], base_url: str | None, kind: str | None) -> list[Report]:
    reports: list[Report] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            reports.append(checker.failed(given, "input.missing", "no such file or folder"))
            continue
        found = list(iter_paths(path))
        if path.is_dir() and not found:
            reports.append(checker.failed(given, "input.empty", "folder holds no .html, .htm or .txt files"))
        for p in found:
            reports.append(checker.check_file(p, base_url, kind))
    return reports


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


def cmd_scan(args: argparse.Namespace) -> int:
    formats = [_check_format(f.strip()) for f in args.format.split(",") if f.strip()]
    if len(formats) > 1 and not args.out:
        raise UsageError("several formats need --out DIR")
    extra = _extra_reports(args.report)
    if not args.paths and not args.changed:
        raise UsageError("scan needs a PATH (or --changed)")
    config = _config(args.config, args)
    baseline = load_baseline(args.baseline) if args.baseline is not None else None
    checker = Checker(config, baseline)
    paths = args.paths
    if args.changed:
        paths = [str(p) for p in changed_files(args.base, within=[Path(p) for p in args.paths] or None)]
        if not paths:
            print(f"integrity: no article files changed against {args.base}", file=sys.stderr)
    reports = _scan_paths(checker, paths, args.base_url, args.kind)
    run = Run(tool=TOOL, reports=tuple(reports), rules=checker.rules)
    view = shown(run, args.min_level)
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    _write_outputs(view, formats, args.out, color)
    for fmt, file in extra:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(render(fmt, view), encoding="utf-8")
    _say_not_scanned(run)
    if run.failed:
        return EXIT_ERROR
    fail_under = args.fail_under if args.fail_under is not None else config.fail_under
    fail_on = config.fail_on if args.fail_on is None else (None if args.fail_on == NO_GATE else args.fail_on)
    reasons = _gate(run, fail_under, fail_on)
    for reason in reasons:
        print(f"integrity: gate failed: {reason}", file=sys.stderr)
    return EXIT_GATE if reasons else EXIT_OK


def cmd_baseline(args: argparse.Namespace) -> int:
    checker = Checker(_config(args.config))
    run = Run(tool=TOOL, reports=tuple(_scan_paths(checker, args.paths, args.base_url, args.kind)), rules=checker.rules)
    _say_not_scanned(run)
    if run.failed:
        print("integrity: baseline not written: every document must be scanned", file=sys.stderr)
        return EXIT_ERROR
    write_baseline(run, args.out)
    print(f"integrity: baseline of {len(run.findings)} finding(s) in {len(run.reports)} document(s) written to {args.out}",
          file=sys.stderr)
    return EXIT_OK


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
            raise UsageError(f"no rule {args.rule_id!r}; see 'integrity rules list'")
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
        print(f"{r.id:<{width}}  {r.severity:<8}  {r.area:<11}  {r.message.splitlines()[0][:60]}{state}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
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
