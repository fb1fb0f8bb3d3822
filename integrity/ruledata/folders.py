"""Rule folders: where every kind of rule data is found, one lookup for all of them.

A rule folder holds packs (``<pack>/pack.yml`` and rule files), ``lexicons/``,
``signals/`` and ``score.yml``. The built-in folder comes first (``integrity/packs``
in a wheel, the repository's top-level ``rules/`` in a checkout); a newsroom's
folders follow, and for lexicons, signal tables and ``score.yml`` a later
folder's file replaces an earlier one's of the same name. Packs are not
replaced: they add up, and two rules with one id fail at load.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from .lexicon import Lexicon, load_lexicon
from .yaml_lines import RuleFileError

_PACKAGE = Path(__file__).resolve().parent.parent


def builtin_rules_dir() -> Path:
    for candidate in (_PACKAGE / "packs", _PACKAGE.parent / "rules"):
        if (candidate / "lexicons").is_dir():
            return candidate
    raise RuleFileError(_PACKAGE / "packs", None, "built-in rule packs are missing from this installation")


class RuleFolders:
    """The ordered rule folders of a run, and the winning file of each name in them."""

    def __init__(self, roots: Sequence[Path]) -> None:
        self.roots: tuple[Path, ...] = tuple(Path(r) for r in roots)

    @classmethod
    def builtin(cls) -> RuleFolders:
        return cls([builtin_rules_dir()])

    def find(self, relative: str) -> Path | None:
        """The last folder's ``relative`` file (``signals/registry.yml``, ``score.yml``), or None."""
        found = None
        for root in self.roots:
            if (root / relative).is_file():
                found = root / relative
        return found

    def require(self, relative: str) -> Path:
        path = self.find(relative)
        if path is None:
            raise RuleFileError(relative, None, "required rule data is missing from every rule folder")
        return path

    def files(self, folder: str, pattern: str = "*.yml") -> dict[str, Path]:
        """Stem -> path of every ``folder/pattern`` file, later folders winning."""
        out: dict[str, Path] = {}
        for root in self.roots:
            for path in sorted((root / folder).glob(pattern)):
                out[path.stem] = path
        return out

    def lexicons(self) -> LexiconStore:
        return LexiconStore(self.files("lexicons"))


class LexiconStore:
    """Lexicons by name, read from ``lexicons/<name>.yml`` when first asked for.

    Later rule folders win over earlier ones, so a newsroom can replace a
    built-in lexicon by shipping a file of the same name.
    """

    def __init__(self, files: dict[str, Path] | Sequence[Path]) -> None:
        # a list of roots is still accepted: the store then finds the files itself
        self._files: dict[str, Path] = dict(files) if isinstance(files, dict) else RuleFolders(files).files("lexicons")
        self._loaded: dict[str, Lexicon] = {}

    def get(self, name: str) -> Lexicon | None:
        if name not in self._loaded:
            path = self._files.get(name)
            if path is None:
                return None
            self._loaded[name] = load_lexicon(path)
        return self._loaded[name]

    def require(self, name: str) -> Lexicon:
        """A lexicon the code cannot do without: missing from every folder is a rule-data error."""
        lex = self.get(name)
        if lex is None:
            raise RuleFileError(f"lexicons/{name}.yml", None, "required lexicon is missing from every rule folder")
        return lex

    def __getitem__(self, name: str) -> Lexicon:
        lex = self.get(name)
        if lex is None:
            raise KeyError(name)
        return lex

    def __contains__(self, name: object) -> bool:
        return name in self._files

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._files))
