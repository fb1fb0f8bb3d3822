"""Which files a folder walk treats as articles, and which it leaves out.

A walk (``integrity scan DIR``) skips, in this order of reasons:

* hidden folders, and the tool, dependency and metadata names of ``data/not_articles.toml``
  (the built-in default; a config's ``exclude`` replaces it, as Ruff's ``exclude`` does);
* what ``.gitignore`` and ``.integrityignore`` files name (git's own rules: deeper files win,
  ``!`` re-includes), unless ``respect_gitignore`` is off — a built site (``public/``, ``_site/``)
  is usually ignored there, and it is not the articles;
* exclusion patterns (``--exclude``, config ``extend_exclude``), gitwildmatch patterns relative to the
  folder they were given in: the working directory for the command line, the config file's folder.

What applies to a folder is asked of the caller (``rules_for``), so that each folder follows its own
nearest configuration file. A file named by the user is not walked, so none of this applies to it.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

IGNORE_FILES = (".gitignore", ".integrityignore")
_NOT_ARTICLES = Path(__file__).resolve().parents[1] / "data" / "not_articles.toml"


@cache
def not_articles() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(folder globs, file globs) a walk skips by default: dependency and tool folders, licence and requirements files."""
    with _NOT_ARTICLES.open("rb") as fh:
        data = tomllib.load(fh)
    return tuple(g.lower() for g in data["folders"]), tuple(g.lower() for g in data["files"])


def _matches(name: str, globs: tuple[str, ...]) -> bool:
    low = name.lower()
    return any(fnmatch.fnmatchcase(low, g) for g in globs)


@dataclass(frozen=True)
class Patterns:
    """Gitwildmatch exclusion patterns and the folder they are relative to."""

    patterns: tuple[str, ...]
    base: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", self.base.resolve())


@dataclass(frozen=True)
class FolderRules:
    """What leaves files out of one folder's walk."""

    excludes: tuple[Patterns, ...] = ()
    defaults: bool = True  # the built-in names of data/not_articles.toml apply
    respect_gitignore: bool = True


def _spec(lines: tuple[str, ...]) -> GitIgnoreSpec:
    from pathspec import GitIgnoreSpec  # only a folder walk needs it

    return GitIgnoreSpec.from_lines(lines)


class Selection:
    """Walks folders for article files; one instance caches the ignore files it has read."""

    def __init__(self, is_article: Callable[[str], bool], rules_for: Callable[[Path], FolderRules] | None = None) -> None:
        self._is_article = is_article
        self._rules_for = rules_for or (lambda folder: FolderRules())
        self._ignore_lines: dict[Path, tuple[str, ...]] = {}
        self._specs: dict[tuple[tuple[str, ...], Path, Path], GitIgnoreSpec] = {}

    def walk(self, root: Path) -> Iterator[Path]:
        """Article files under ``root``, sorted, symlinked folders not followed.

        ``root`` was named, so it is walked even when it is ignored or excluded itself (``integrity scan public``):
        a pattern that matches ``root`` or a folder above it is set aside inside it; the others still apply."""
        named = root.resolve()
        repo = _repository(named)
        for dirpath, dirnames, filenames in os.walk(root):
            here = Path(dirpath)
            real = here.resolve()
            rules = self._rules_for(real)
            dirnames[:] = sorted(d for d in dirnames if not self.skips(real / d, True, rules, named, repo))
            for name in sorted(filenames):
                if self._is_article(name) and not self.skips(real / name, False, rules, named, repo):
                    yield here / name

    def skips(self, full: Path, is_dir: bool, rules: FolderRules, named: Path, repo: Path | None) -> bool:
        """Whether the walk leaves out ``full`` (a resolved path) of a walk from ``named`` (a resolved folder)."""
        name = full.name
        if is_dir and name.startswith("."):
            return True
        if rules.defaults:
            folders, files = not_articles()
            if _matches(name, folders if is_dir else files):
                return True
        slash = "/" if is_dir else ""
        for patterns in rules.excludes:
            base = patterns.base if _relative(full, patterns.base) else named
            rel = _relative(full, base)
            if rel is not None and self._spec(patterns.patterns, base, named).match_file(rel + slash):
                return True
        return rules.respect_gitignore and self._ignored(full, slash, named, repo or named)

    def excluded(self, path: Path) -> bool:
        """Whether a walk from the top of the repository (else the working directory) would leave out this file:
        for files no walk found (``--changed``, ``--force-exclude``)."""
        full = path.resolve()
        repo = _repository(full.parent)
        cwd = Path.cwd().resolve()
        top = repo or (cwd if cwd in full.parents else full.parent)
        chain = [p for p in reversed(full.parents) if top in p.parents]  # the folders below the top, outermost first
        for folder in chain:
            if self.skips(folder, True, self._rules_for(folder.parent), top, repo):
                return True
        return self.skips(full, False, self._rules_for(full.parent), top, repo)

    # --- .gitignore / .integrityignore -----------------------------------------------------
    def _ignored(self, full: Path, slash: str, named: Path, top: Path) -> bool:
        """Git's answer: the deepest ignore file with a matching pattern decides (a ``!`` pattern re-includes)."""
        verdict: bool | None = None
        for folder in (p for p in reversed(full.parents) if p == top or top in p.parents):
            lines = self._lines(folder, top)
            if not lines:
                continue
            result = self._spec(lines, folder, named).check_file(full.relative_to(folder).as_posix() + slash)
            if result.include is not None:
                verdict = result.include
        return bool(verdict)

    def _lines(self, folder: Path, top: Path) -> tuple[str, ...]:
        """The patterns of a folder's ignore files (and, at the repository's top, ``.git/info/exclude``)."""
        if folder not in self._ignore_lines:
            lines: list[str] = []
            sources = [folder / ".git" / "info" / "exclude"] if folder == top else []
            for source in [*sources, *(folder / n for n in IGNORE_FILES)]:
                try:
                    lines += source.read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    continue
            self._ignore_lines[folder] = tuple(lines) if any(line.strip() for line in lines) else ()
        return self._ignore_lines[folder]

    def _spec(self, lines: tuple[str, ...], base: Path, named: Path) -> GitIgnoreSpec:
        """``lines`` relative to ``base``, less the patterns that would leave out ``named`` or a folder above it."""
        key = (lines, base, named)
        if key not in self._specs:
            spec = _spec(lines)
            rel = _relative(named, base)
            if rel:
                parts = rel.split("/")
                above = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
                kept = [p for p in spec.patterns if not (p.include and any(p.match_file(d) for d in above))]
                if len(kept) < len(spec.patterns):
                    spec = type(spec)(kept)
            self._specs[key] = spec
        return self._specs[key]


def _relative(path: Path, base: Path) -> str | None:
    try:
        rel = path.relative_to(base)
    except ValueError:
        return None
    return rel.as_posix() if rel.parts else None


def _repository(folder: Path) -> Path | None:
    """The top of the git work tree holding ``folder`` (ignore files above the walk apply from there), or None."""
    for p in (folder, *folder.parents):
        if (p / ".git").exists():
            return p
    return None
