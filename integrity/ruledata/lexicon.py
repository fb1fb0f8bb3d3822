"""Lexicons: named lists of phrases and patterns kept as data in ``rules/lexicons/``.

Every entry may say where it came from (``origin``) and its language; the
compiled form is one alternation regex per lexicon, so matching a sentence
against a lexicon of hundreds of phrases is a single scan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import cast

from .yaml_lines import LineDict, RuleFileError, load_mapping

_ENTRY_KEYS = {"phrase", "pattern", "lang", "origin", "note", "kind"}
_LEXICON_KEYS = {"name", "description", "case_sensitive", "entries", "origin"}


@dataclass(frozen=True)
class LexiconEntry:
    phrase: str | None
    pattern: str
    lang: str | None = None
    origin: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Lexicon:
    name: str
    description: str
    entries: tuple[LexiconEntry, ...]
    flags: int = re.IGNORECASE
    path: str = ""
    terms: frozenset[str] = field(default_factory=frozenset)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """All entries as one alternation, compiled on first use.

        Some lexicons are only ever read as word lists (cue-verbs, attribution-nouns),
        and their alternations took 0.37 s to build in every process that loaded them.
        Every entry was compiled at load as it will sit in the alternation, and group
        names were checked across entries, so building it cannot fail later."""
        return lazy_alternation([e.pattern for e in self.entries], self.flags)

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text)

    def finditer(self, text: str):  # type: ignore[no-untyped-def]
        return self.regex.finditer(text)

    def regex_of_kind(self, kind: str) -> re.Pattern[str]:
        """The entries of one ``kind`` as one alternation (a lexicon whose entries serve two readers,
        e.g. ai-label's image labels and its ``text`` disclosures); compiled on each call, so callers keep it."""
        return compile_alternation([e.pattern for e in self.entries if e.kind == kind], self.flags)

    def of_kind(self, kind: str) -> frozenset[str]:
        """Phrases of one ``kind`` (lexicons that group terms, e.g. section headings)."""
        return frozenset(e.phrase.casefold() for e in self.entries if e.kind == kind and e.phrase)


_WORD_START = r"(?<!\w)"
_parser = re._parser  # type: ignore[attr-defined]
_c = re._constants  # type: ignore[attr-defined]
_MAXCODE = re._compiler.MAXCODE  # type: ignore[attr-defined]


# a pattern that only lists whole words, "(?<!\w)(?:claim|claims|comment)(?!\w)" (generated lexicons are
# made of them): a valid regex by construction, with no groups
_WORD_LIST = re.compile(r"\(\?<!\\w\)\(\?:([\w'’-]+(?:\|[\w'’-]+)*)\)\(\?!\\w\)")


def word_list(pattern: str) -> list[str] | None:
    """The words of a pattern that is a plain list of whole words, else None."""
    m = _WORD_LIST.fullmatch(pattern)
    return m.group(1).split("|") if m else None


def branch_groups(pattern: str, flags: int) -> Mapping[str, int]:
    """Check ``pattern`` as it will stand in an alternation (a mid-pattern "(?i)" is an error
    there, though not on its own) and give its named groups; raises ``re.error``.

    It is parsed, not compiled: every error ``re.compile`` raises comes from the parser but
    a look-behind's width, checked here as the compiler checks it. The lexicons are compiled
    in their alternations anyway; compiling each entry alone as well cost ~8 ms of every
    process's start."""
    tree = _parser.parse(f"(?:{pattern})", flags)
    _check_look_behinds(tree.data)
    return dict(tree.state.groupdict)


def _check_look_behinds(items) -> None:  # type: ignore[no-untyped-def]
    """Raise ``re.error`` as ``re.compile`` does for a look-behind that is not fixed-width,
    anywhere in a parsed pattern (re's parser's items)."""
    for op, av in items:
        if op in (_c.ASSERT, _c.ASSERT_NOT) and av[0] < 0:
            lo, hi = av[1].getwidth()
            if lo > _MAXCODE:
                raise re.error("looks too much behind")
            if lo != hi:
                raise re.error("look-behind requires fixed-width pattern")
        _check_nested(av)


def _check_nested(av) -> None:  # type: ignore[no-untyped-def]
    if isinstance(av, _parser.SubPattern):
        _check_look_behinds(av.data)
    elif isinstance(av, (tuple, list)):
        for x in av:
            _check_nested(x)


def phrase_pattern(phrase: str) -> str:
    """A literal phrase as a regex: whole words only, any run of white space between words."""
    words = [re.escape(w) for w in phrase.split()]
    return _WORD_START + r"\s+".join(words) + r"(?!\w)"


def _at_word_start(items) -> bool:  # type: ignore[no-untyped-def]
    """Whether a parsed pattern (re's parser's items) can match only where no word character comes before."""
    if not len(items):
        return False
    op, av = items[0]
    if op is _c.AT:
        return av in (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING)
    if op is _c.ASSERT_NOT:
        direction, sub = av
        return direction == -1 and list(sub.data) == [(_c.IN, [(_c.CATEGORY, _c.CATEGORY_WORD)])]
    if op is _c.SUBPATTERN:
        return _at_word_start(av[-1].data)
    if op is _c.BRANCH:
        return all(_at_word_start(b.data) for b in av[1])
    return False


def compile_alternation(patterns: list[str], flags: int) -> re.Pattern[str]:
    r"""One regex for many patterns, first listed first, as in ``p1|p2|…``.

    A run of patterns that can each match only at a word start (``(?<!\w)…``,
    ``(?:^|(?<!\w)…)``) is put behind one shared word-start check. CPython's re
    tries every branch at every character of the text; behind the check, a
    position inside a word costs one test instead of one per pattern (the
    vague-attribution lexicon: 46 -> 19 µs a sentence). Branches keep their
    order and their own checks, so the same text gives the same matches.
    """
    if not patterns:
        return re.compile(r"(?!x)x")
    parts: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) > 1:
            parts.append(_WORD_START + "(?:" + "|".join(run) + ")")
        else:
            parts.extend(run)
        run.clear()

    for p in patterns:
        if _at_word_start(_parser.parse(p, flags).data):
            run.append(f"(?:{p})")
        else:
            flush()
            parts.append(f"(?:{p})")
    flush()
    return re.compile("|".join(parts), flags)


# what a compiled pattern offers; a lazy alternation copies them onto itself when it is built
_PATTERN_ATTRS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
                  "pattern", "flags", "groups", "groupindex")


class _LazyAlternation:
    """``compile_alternation(patterns, flags)``, built the first time it is used.

    A detector's vocabulary holds a few dozen alternations and a page reads only
    some of them (a text article no photo-credit agency, a paragraph no byline
    cut); compiling them all took a quarter of a text scan's start. The first
    attribute looked up compiles the regex and copies its methods onto the
    instance, so every later ``.search`` is a plain attribute read of the
    compiled pattern's own method: same matches, no per-call indirection.
    Patterns come from validated lexicon entries (each compiled at load), so
    building cannot fail later for want of a valid entry."""

    def __init__(self, patterns: tuple[str, ...], flags: int) -> None:
        self._patterns = patterns
        self._flags = flags

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        if name not in _PATTERN_ATTRS:  # dunders (pickle, copy) and typos: not a pattern attribute
            raise AttributeError(name)
        regex = compile_alternation(list(self._patterns), self._flags)
        for attr in _PATTERN_ATTRS:
            setattr(self, attr, getattr(regex, attr))
        return getattr(regex, name)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_LazyAlternation, (self._patterns, self._flags))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _LazyAlternation) and (self._patterns, self._flags) == (other._patterns, other._flags)

    def __hash__(self) -> int:
        return hash((self._patterns, self._flags))

    def __repr__(self) -> str:
        return f"lazy_alternation({len(self._patterns)} patterns, flags={self._flags})"


def lazy_alternation(patterns: list[str], flags: int) -> re.Pattern[str]:
    """:func:`compile_alternation`, compiled on first use (see :class:`_LazyAlternation`).

    For patterns already validated (lexicon entries): a rule's own patterns are combined
    with :func:`compile_alternation` at load, where a clash must be a file:line error."""
    return cast("re.Pattern[str]", _LazyAlternation(tuple(patterns), flags))


def load_lexicon(path: Path) -> Lexicon:
    data = load_mapping(path, _LEXICON_KEYS, "lexicon", not_mapping="a lexicon file must be a mapping with 'entries'")
    name = data.get("name") or path.stem
    if name != path.stem:
        raise RuleFileError(path, data.line_of("name"), f"lexicon name {name!r} must match file name {path.stem!r}")
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise RuleFileError(path, data.line_of("entries"), "'entries' must be a non-empty list")
    flags = 0 if data.get("case_sensitive") else re.IGNORECASE
    entries: list[LexiconEntry] = []
    group_lines: dict[str, int] = {}  # named group -> line of the entry that has it
    for raw in raw_entries:
        if isinstance(raw, str):
            raw = LineDict(phrase=raw)
            raw.key_lines = {}
        if not isinstance(raw, LineDict):
            raise RuleFileError(
                path,
                data.line_of("entries"),
                f"each entry must be a phrase or a mapping, not {raw!r} (quote words YAML reads as booleans: yes, no, on, off)",
            )
        for key in raw:
            if key not in _ENTRY_KEYS:
                raise RuleFileError(path, raw.line_of(key), f"unknown key {key!r} in lexicon entry")
        phrase, pattern = raw.get("phrase"), raw.get("pattern")
        if (phrase is None) == (pattern is None):
            raise RuleFileError(path, raw.line, "an entry needs exactly one of 'phrase' or 'pattern'")
        regex = phrase_pattern(str(phrase)) if phrase is not None else str(pattern)
        # a phrase, or a plain word list, is valid as it stands (parsing hundreds of word lists took
        # most of a process's start); any other pattern is checked as it will stand in the alternation
        if phrase is None and word_list(regex) is None:
            try:
                groups = branch_groups(regex, flags)
            except re.error as exc:
                raise RuleFileError(path, raw.line_of("pattern"), f"bad regex {regex!r}: {exc}") from None
            for group in groups:
                if group in group_lines:
                    raise RuleFileError(
                        path,
                        raw.line_of("pattern"),
                        f"group name {group!r} is also used by the "
                        f"entry on line {group_lines[group]}: one lexicon's entries form one regex",
                    )
                group_lines[group] = raw.line_of("pattern")
        entries.append(
            LexiconEntry(
                phrase=str(phrase) if phrase is not None else None,
                pattern=regex,
                lang=raw.get("lang"),
                origin=raw.get("origin") or data.get("origin"),
                kind=raw.get("kind"),
            )
        )
    return Lexicon(
        name=name,
        description=str(data.get("description", "")),
        entries=tuple(entries),
        flags=flags,
        path=str(path),
        terms=frozenset(e.phrase.casefold() for e in entries if e.phrase),
    )
