"""``integrity audit`` with its SQLite files capped, for the disk-full tests to run in a subprocess.

    python -m tests.audit.capped_audit --store-max-pages 700 -- audit SRC --out OUT --engine serial

Everything after ``--`` is the ordinary command line, run by ``integrity.cli.main``; the only
difference is that the audit runner gets ``AuditOptions.store_max_pages`` / ``index_max_pages``,
so SQLite refuses a page past the cap with SQLITE_FULL, exactly as on a full disk. The command
line itself has no option for this: a cap is a test's fault, not a user's setting.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

import integrity.audit
from integrity import cli
from integrity.audit import AuditOptions, AuditSummary
from integrity.audit.progress import Progress


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="capped_audit")
    parser.add_argument("--store-max-pages", type=int, default=None)
    parser.add_argument("--index-max-pages", type=int, default=None)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    real_run_audit = integrity.audit.run_audit

    def capped(opts: AuditOptions, progress: Progress | None = None) -> AuditSummary:
        caps = replace(opts, store_max_pages=args.store_max_pages, index_max_pages=args.index_max_pages)
        return real_run_audit(caps, progress)

    integrity.audit.run_audit = capped  # cli.cmd_audit imports it from integrity.audit when it runs
    return cli.main(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
