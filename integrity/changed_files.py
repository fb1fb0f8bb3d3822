"""Article files changed against a git ref, for ``integrity scan --changed``.

Changed means: added, copied, modified or renamed between the merge base of
``base`` and the working tree (``git diff --name-only``), plus untracked files
git does not ignore. Deleted files are not scanned. Only article files
(.html, .htm, .xhtml, .txt, and those gzip-compressed: .html.gz) count; paths come back relative to the working
directory so reports name files the way the user sees them.

:func:`changed_lines` says which lines of those files changed (``git diff -U0``), for
``--changed-lines``: a pull request is judged on the lines it touched.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .sources.file import is_article_name


class GitError(RuntimeError):
    pass


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if proc.returncode != 0:
        detail = proc.stderr.strip().splitlines()
        raise GitError(f"git {' '.join(args)}: {detail[-1] if detail else f'exit {proc.returncode}'}")
    return proc.stdout


def _since(base: str, here: Path) -> str:
    """The commit ``base`` is compared through: its merge base with HEAD, else the ref itself."""
    try:
        since = _git(["merge-base", base, "HEAD"], here).strip()
    except GitError:
        try:  # no common history (or no HEAD yet): compare with the ref itself
            since = _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], here).strip()
        except GitError:
            raise GitError(f"unknown git ref {base!r}") from None
    return since


def changed_files(base: str = "HEAD", cwd: Path | None = None, within: list[Path] | None = None) -> list[Path]:
    """Changed article files, sorted; only those under ``within`` when given."""
    here = (cwd or Path.cwd()).resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], here).strip())
    since = _since(base, here)
    names = _git(["diff", "--name-only", "-z", "--diff-filter=ACMR", since, "--"], top).split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0")
    roots = [(here / w).resolve() for w in within] if within else None
    found: set[Path] = set()
    for name in filter(None, names):
        path = top / name
        if not is_article_name(name) or not path.is_file():
            continue
        if roots is not None and not any(path == r or r in path.parents for r in roots):
            continue
        found.add(Path(os.path.relpath(path, here)))
    return sorted(found)


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class ChangedLines:
    """Which lines of each changed file are new or edited; a file absent from ``lines`` changed as a
    whole (untracked, or a binary diff such as ``story.html.gz``). Keys are paths relative to the
    working directory, as :func:`changed_files` gives them."""

    lines: dict[str, frozenset[int]]

    def touched(self, source: str, line: int) -> bool:
        known = self.lines.get(os.path.normpath(source))
        return known is None or line in known


def changed_lines(base: str = "HEAD", cwd: Path | None = None) -> ChangedLines:
    """The added or modified lines (new-side numbers, 1-based) of files changed since the merge base."""
    here = (cwd or Path.cwd()).resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], here).strip())
    since = _since(base, here)
    patch = _git(["-c", "core.quotePath=false", "diff", "-U0", "--no-color", "--no-ext-diff", "--diff-filter=ACMR",
                  "--src-prefix=a/", "--dst-prefix=b/", since, "--"], top)
    lines: dict[str, frozenset[int]] = {}
    current: str | None = None  # the file whose hunks follow; None: no line numbers (a binary diff)
    header = False  # between "diff --git" and the first hunk, where "+++ b/NAME" names the file
    for row in patch.splitlines():
        if row.startswith("diff --git "):
            current, header = None, True
        elif header and row.startswith("+++ b/"):
            current = row[len("+++ b/"):]
            lines[os.path.normpath(os.path.relpath(top / current, here))] = frozenset()
        elif (hunk := _HUNK.match(row)) and current is not None:
            header = False
            start, count = int(hunk.group(1)), int(hunk.group(2) or 1)
            key = os.path.normpath(os.path.relpath(top / current, here))
            lines[key] = lines[key] | frozenset(range(start, start + count))
    return ChangedLines(lines)
