"""Article files changed against a git ref, for ``integrity scan --changed``.

Changed means: added, copied, modified or renamed between the merge base of
``base`` and the working tree (``git diff --name-only``), plus untracked files
git does not ignore. Deleted files are not scanned. Only article files
(.html, .htm, .xhtml, .txt, and those gzip-compressed: .html.gz) count; paths come back relative to the working
directory so reports name files the way the user sees them.
"""

from __future__ import annotations

import os
import subprocess
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


def changed_files(base: str = "HEAD", cwd: Path | None = None, within: list[Path] | None = None) -> list[Path]:
    """Changed article files, sorted; only those under ``within`` when given."""
    here = (cwd or Path.cwd()).resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], here).strip())
    try:
        since = _git(["merge-base", base, "HEAD"], here).strip()
    except GitError:
        try:  # no common history (or no HEAD yet): compare with the ref itself
            since = _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], here).strip()
        except GitError:
            raise GitError(f"unknown git ref {base!r}") from None
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
