"""Lexicons: named lists of phrases and patterns kept as data in ``rules/lexicons/``.

Every entry may say where it came from (``origin``) and its language; the
compiled form is one alternation regex per lexicon, so matching a sentence
against a lexicon of hundreds of phrases is a single scan.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
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
_EXTRA_CASES: dict[int, tuple[int, ...]] = re._casefix._EXTRA_CASES  # type: ignore[attr-defined]


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
    vague-attribution lexicon: 46 -> 19 µs a sentence). The entries' own
    word-start checks are then dropped (the shared one stands at the same place),
    and at a word start re no longer tries every entry: it skips a branch at once
    only for a case-sensitive first character, so the run is split by the
    character a match can start with (:func:`_dispatch`), or at least put behind
    a look-ahead for all of them. On corpus sentences: vague-attribution 26.7 ->
    14.7 µs, reporting-verbs 395 -> 13.5 µs, date-words 152 -> 9.9 µs. Each entry
    keeps its place relative to every entry that can match where it can, and its
    own checks, so the same text gives the same matches.
    """
    if not patterns:
        return re.compile(r"(?!x)x")
    parts: list[str] = []
    run: list[tuple[str, set[int] | None, int]] = []  # (pattern, the characters it can start with, its groups)

    def flush() -> None:
        if len(run) > 1:
            parts.append(_WORD_START + _dispatch(run, flags))
        else:
            parts.extend(f"(?:{p})" for p, _, _ in run)
        run.clear()

    for p in patterns:
        parsed = _parser.parse(p, flags)
        if _at_word_start(parsed.data):
            run.append((p, _first_chars(parsed.data, flags), parsed.state.groups - 1))
        else:
            flush()
            parts.append(f"(?:{p})")
    flush()
    return re.compile("|".join(parts), flags)


_GUARD_MAX = 512  # characters a look-ahead lists at most
_FAN_OUT = 6  # look-aheads tried in a row before they are grouped behind one for all of them
# a dispatched run may be at most this many times the size of the plain one: re's compiler is Python, and
# a lexicon whose entries each start with many letters (date-words) took 224 ms to compile dispatched, 28 ms plain
_COPIES_MAX = 2.0


def _dispatch(run: list[tuple[str, set[int] | None, int]], flags: int) -> str:
    r"""A run of word-start patterns (behind the shared check) as branches keyed by their first character.

    Every entry goes into the branch of each character (case folded as re folds it under
    IGNORECASE) its matches can start with, in the order listed; a look-ahead for those
    characters opens each branch. A character of the text opens at most one branch (the
    keys are disjoint), and that branch holds every entry that can match there in their
    first-listed-first order, so the match is the one ``p1|p2|…`` finds. An entry may sit in
    several branches, so a run with capturing groups (a copy would renumber them), or with
    an entry whose first characters cannot be told, is only put behind a look-ahead for all
    of them. Branches are grouped behind look-aheads of their own, so a word start costs
    about two rows of tests."""
    bodies = [f"(?:{p[len(_WORD_START):] if p.startswith(_WORD_START) else p})" for p, _, _ in run]  # shared check
    firsts = [f for _, f, _ in run]
    if any(f is None for f in firsts) or any(groups for _, _, groups in run) or flags & (re.ASCII | re.LOCALE):
        union = None if any(f is None for f in firsts) else set().union(*firsts)  # type: ignore[arg-type]
        return _guard(union) + "(?:" + "|".join(bodies) + ")"
    fold = _fold_key if flags & re.IGNORECASE else int
    entries: dict[int, list[int]] = {}  # key -> the entries that can start with it, in order
    chars: dict[int, set[int]] = {}  # key -> the characters the entries name for it
    for i, first in enumerate(firsts):
        for c in sorted(first):  # type: ignore[arg-type]
            k = fold(c)
            chars.setdefault(k, set()).add(c)
            listed = entries.setdefault(k, [])
            if not listed or listed[-1] != i:
                listed.append(i)
    branches = [
        (chars[k], bodies[entries[k][0]] if len(entries[k]) == 1 else "(?:" + "|".join(bodies[i] for i in entries[k]) + ")")
        for k in sorted(entries)
    ]
    plain = _guard(set().union(*firsts)) + "(?:" + "|".join(bodies) + ")"  # type: ignore[arg-type]
    if sum(len(b) for _, b in branches) > _COPIES_MAX * len(plain):
        return plain  # entries that can start with many characters would be copied too often: re compiles in Python
    while len(branches) > _FAN_OUT:  # a tree of look-aheads: each level a few tests
        size = max(_FAN_OUT, -(-len(branches) // _FAN_OUT))
        branches = [
            (set().union(*(c for c, _ in group)), "(?:" + "|".join(_guard(c) + b for c, b in group) + ")")
            for group in (branches[j : j + size] for j in range(0, len(branches), size))
        ]
    return "(?:" + "|".join(_guard(c) + b for c, b in branches) + ")"


def _fold_key(code: int) -> int:
    """One code point for all those re's IGNORECASE matching takes for the same (its lower case and its
    extra cases, e.g. "s" and "ſ"): look-aheads for different keys never admit the same character."""
    lower = _sre.unicode_tolower(code)
    return min((lower, *_EXTRA_CASES.get(lower, ())))


def _guard(first: set[int] | None) -> str:
    """A look-ahead for one of ``first`` (code points), or nothing when the set is unknown or large."""
    if not first or len(first) > _GUARD_MAX:
        return ""
    return "(?=[" + "".join(_class_char(c) for c in sorted(first)) + "])"


def _class_char(code: int) -> str:
    ch = chr(code)
    return ch if ch.isalnum() else f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _first_chars(items, flags: int) -> set[int] | None:  # type: ignore[no-untyped-def]
    r"""Every character a match of a parsed pattern (re's parser's items) can start with, or None when
    that cannot be told (a category like ``\w``, any character, a back reference, a match that may be
    empty). Look-arounds and anchors take no character and are passed over: the set may be larger
    than needed, never smaller. Under IGNORECASE the look-ahead built from it folds case as the pattern does."""
    first, nullable = _first(items, flags)
    return None if first is None or nullable else first


def _first(items, flags: int) -> tuple[set[int] | None, bool]:  # type: ignore[no-untyped-def]
    """(characters a match of ``items`` can start with, can it match the empty string); (None, _) when unknown."""
    out: set[int] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(av)
            return out, False
        if op is _c.IN:
            for kind, value in av:
                if kind is _c.LITERAL:
                    out.add(value)
                elif kind is _c.RANGE and value[1] - value[0] <= _GUARD_MAX:
                    out.update(range(value[0], value[1] + 1))
                else:  # a negated class, a category (\w, \s), a huge range
                    return None, False
            return out, False
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: the next item takes the first character
        if op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if add_flags & re.IGNORECASE and not flags & re.IGNORECASE:
                return None, False  # "(?i:…)" inside a case-sensitive pattern: its letters fold, the guard would not
            got, empty = _first(sub.data, flags)
        elif op is _c.ATOMIC_GROUP:
            got, empty = _first(av.data, flags)
        elif op is _c.BRANCH:
            got, empty = set(), False
            for branch in av[1]:
                b, e = _first(branch.data, flags)
                if b is None:
                    return None, False
                got |= b
                empty = empty or e
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            got, empty = _first(sub.data, flags)
            empty = empty or low == 0
        else:  # any character, a back reference, a conditional …: unknown
            return None, False
        if got is None:
            return None, False
        out |= got
        if not empty:
            return out, False
    return out, True


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
