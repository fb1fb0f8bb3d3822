"""Rule kinds and their fields: what a rule file may say, checked strictly at load.

Two kinds, as in Vale and Semgrep: a ``pattern`` rule matches lexicons and
regexes over parts of the article itself (captions, body sentences …); a
``fact`` rule turns facts that a Python detector computed into findings,
filtered by ``where``. Unknown keys and bad values fail with the file's line.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any, Literal, Protocol

from ..facts import COMMON_PLACEHOLDERS, FactCatalogue, FactSpec, FieldSpec
from ..model import AREAS, CONFIDENCES, SEVERITIES, Area, Confidence, Severity
from ..ruledata.lexicon import Lexicon, branch_groups, compile_alternation, lazy_alternation
from ..ruledata.yaml_lines import LineDict, RuleFileError

RuleKind = Literal["pattern", "fact"]


class LexiconSource(Protocol):
    def get(self, name: str) -> Lexicon | None: ...
    def __iter__(self) -> Iterator[str]: ...

SCOPES = (
    "title",
    "body",
    "heading",
    "image.alt",
    "image.caption",
    "image.credit",
    "image.label",
)

COMMON_KEYS = {
    "id", "kind", "area", "severity", "confidence", "weight", "max_penalty", "message",
    "description", "fix", "help", "link", "tags", "enabled",
}
KIND_KEYS: dict[str, set[str]] = {
    "pattern": {"scope", "lexicons", "patterns", "unless", "not_after", "group", "case_sensitive"},
    "fact": {"fact", "where"},
}
UNLESS_KEYS = {"lexicons", "patterns"}
NOT_AFTER_WINDOW = 80  # characters before a pattern match that ``not_after`` reads


_COMPARISONS = (">=", "<=", ">", "<")


@dataclass(frozen=True)
class Comparison:
    """A numeric ``where`` test from YAML (``{">=": 365}``)."""

    op: str
    value: float

    def __str__(self) -> str:
        return f"{self.op} {self.value:g}"

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, (int, float)) or isinstance(item, bool):
            return False
        return {">=": item >= self.value, "<=": item <= self.value, ">": item > self.value, "<": item < self.value}[self.op]


@dataclass(frozen=True)
class Matcher:
    """Compiled lexicons + patterns: one regex for the whole list."""

    regex: re.Pattern[str]
    sources: tuple[str, ...]

    def finditer(self, text: str):  # type: ignore[no-untyped-def]
        return self.regex.finditer(text)

    def search(self, text: str) -> bool:
        return self.regex.search(text) is not None


@dataclass(frozen=True)
class Rule:
    id: str
    kind: RuleKind
    area: Area
    severity: Severity
    confidence: Confidence
    weight: float
    message: str
    path: str
    pack: str
    description: str = ""
    fix: str | None = None
    help: str | None = None
    link: str | None = None
    tags: tuple[str, ...] = ()
    enabled: bool = True
    max_penalty: float | None = None
    # pattern
    scope: tuple[str, ...] = ()
    matcher: Matcher | None = None
    unless: Matcher | None = None
    # a match is dropped when the text just before it (NOT_AFTER_WINDOW characters) matches: lexicons whose
    # entries end where the match begins ("how to recognise " before "AI-made pictures")
    not_after: Matcher | None = None
    group: Literal["match", "subject"] = "match"
    # fact
    fact: str | None = None
    where: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    spec: FactSpec | None = None  # the fact's declaration, which renders its fields in the message


def _suggest(key: str, allowed: set[str] | tuple[str, ...]) -> str:
    close = get_close_matches(key, sorted(allowed), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# what a pattern rule's message can name: the match, and for image scopes the image
PATTERN_PLACEHOLDERS = frozenset({*COMMON_PLACEHOLDERS, "scope"})
IMAGE_PLACEHOLDERS = frozenset({"index", "src"})


def _placeholders(data: LineDict, path: Path, key: str, provided: frozenset[str], what: str) -> None:
    """Every ``{name}`` in the rule's ``key`` text must be something the rule can fill."""
    template = data.get(key)
    if not isinstance(template, str):
        return
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise RuleFileError(path, data.line_of(key), f"{key}: not a valid template: {exc}") from None
    for name in names:
        base = re.split(r"[.\[]", name, maxsplit=1)[0]
        if not base or base.isdigit():
            raise RuleFileError(path, data.line_of(key), f"{key}: a placeholder needs a name, got {{{name}}}")
        if base not in provided:
            raise RuleFileError(path, data.line_of(key), f"{key}: {{{base}}} is not a field of {what}"
                                f"{_suggest(base, tuple(provided))}; it can use {', '.join(sorted(provided))}")


def _where_value(fld: FieldSpec, value: Any, lexicons: LexiconSource) -> str | None:
    """Why ``value`` can never equal field ``fld`` of a fact (None when it can)."""
    if value is None:
        return None if fld.optional else "is never empty (the field has no 'none' form)"
    if fld.accepts(value, lexicons):
        return None
    allowed = fld.allowed(lexicons)
    if allowed is not None and isinstance(value, str):
        return f"{value!r} is not one of {', '.join(allowed)}{_suggest(value, allowed)}"
    return f"{value!r} is not {fld.describe(lexicons)}"


def _check_where(where: Mapping[str, tuple[Any, ...]], where_raw: Any, data: LineDict, path: Path, spec: FactSpec,
                 lexicons: LexiconSource) -> None:
    """A ``where`` that names a field the fact lacks, or a value the field never takes, can never match."""
    for key, value in where.items():
        line = where_raw.line_of(key) if isinstance(where_raw, LineDict) else data.line_of("where")
        fld = spec.field(str(key))
        if fld is None:
            raise RuleFileError(path, line, f"where.{key}: {spec.name} has no field {key!r}"
                                f"{_suggest(str(key), spec.field_names)} (fields: {', '.join(spec.field_names)})")
        if any(isinstance(v, Comparison) for v in value):
            if fld.type not in ("int", "number"):
                raise RuleFileError(path, line, f"where.{key}: a comparison needs a number field; {key} is {fld.describe()}")
            continue
        for v in value:
            problem = _where_value(fld, v, lexicons)
            if problem is not None:
                raise RuleFileError(path, line, f"where.{key}: {problem}")


def _choice(data: LineDict, path: Path, key: str, options: tuple[str, ...], default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None:
        raise RuleFileError(path, data.line, f"missing required key {key!r}")
    if value not in options:
        raise RuleFileError(path, data.line_of(key), f"{key} must be one of {', '.join(options)}; got {value!r}")
    return str(value)


def _str_list(data: LineDict, path: Path, key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleFileError(path, data.line_of(key), f"{key} must be a string or a list of strings")
    return tuple(value)


def _matcher(data: LineDict, path: Path, lexicons: LexiconSource, case_sensitive: bool) -> Matcher | None:
    names = _str_list(data, path, "lexicons")
    patterns = list(_str_list(data, path, "patterns"))
    flags = 0 if case_sensitive else re.IGNORECASE
    parts: list[str] = []
    for name in names:
        lex = lexicons.get(name)
        if lex is None:
            known = ", ".join(sorted(lexicons)) or "none"
            raise RuleFileError(path, data.line_of("lexicons"), f"unknown lexicon {name!r} (known: {known})")
        parts.extend(e.pattern for e in lex.entries)
    for p in patterns:
        try:
            branch_groups(p, flags)
        except re.error as exc:
            raise RuleFileError(path, data.line_of("patterns"), f"bad regex {p!r}: {exc}") from None
    parts.extend(patterns)
    if not parts:
        return None
    if len(names) == 1 and not patterns:
        # one lexicon's entries, each validated at load where it stands in the alternation and with their
        # group names checked across the lexicon: they cannot clash, so the regex is built when first used
        # (an image rule's on a text article never is; compiling it took 12 ms of every start)
        return Matcher(lazy_alternation(parts, flags), names)
    try:
        regex = compile_alternation(parts, flags)
    except re.error as exc:  # each part is valid alone; together, e.g., two groups of one name
        where = "patterns" if patterns else "lexicons"
        raise RuleFileError(path, data.line_of(where), f"the rule's lexicons and patterns do not form one regex: {exc}") from None
    return Matcher(regex, names + tuple(patterns))


def build_rule(data: Any, path: Path, pack: str, lexicons: LexiconSource, facts: FactCatalogue) -> Rule:
    """Validate one rule file's mapping, against the fact catalogue for a fact rule, and compile it."""
    if not isinstance(data, LineDict):
        raise RuleFileError(path, 1, "a rule file must be a YAML mapping")
    rule_id = f"{pack}/{path.stem}"
    if "id" in data and data["id"] != rule_id:
        raise RuleFileError(path, data.line_of("id"), f"id {data['id']!r} must be {rule_id!r} (pack/file name)")
    kind = _choice(data, path, "kind", tuple(KIND_KEYS))
    allowed = COMMON_KEYS | KIND_KEYS[kind]
    for key in data:
        if key not in allowed:
            raise RuleFileError(path, data.line_of(key), f"unknown key {key!r} for a {kind} rule{_suggest(key, allowed)}")
    message = data.get("message")
    if not isinstance(message, str) or not message.strip():
        raise RuleFileError(path, data.line_of("message"), "missing required key 'message'")
    weight = data.get("weight", 0)
    if not isinstance(weight, (int, float)) or weight < 0:
        raise RuleFileError(path, data.line_of("weight"), "weight must be a number >= 0")
    max_penalty = data.get("max_penalty")
    if max_penalty is not None and (not isinstance(max_penalty, (int, float)) or max_penalty < 0):
        raise RuleFileError(path, data.line_of("max_penalty"), "max_penalty must be a number >= 0")
    common: dict[str, Any] = dict(
        id=rule_id,
        kind=kind,
        area=_choice(data, path, "area", AREAS),
        severity=_choice(data, path, "severity", SEVERITIES),
        confidence=_choice(data, path, "confidence", CONFIDENCES, "high"),
        weight=float(weight),
        max_penalty=float(max_penalty) if max_penalty is not None else None,
        message=message.strip(),
        path=str(path),
        pack=pack,
        description=str(data.get("description", "")).strip(),
        fix=data.get("fix"),
        help=data.get("help"),
        link=data.get("link"),
        tags=_str_list(data, path, "tags"),
        enabled=bool(data.get("enabled", True)),
    )
    if kind == "pattern":
        scope = _str_list(data, path, "scope")
        if not scope:
            raise RuleFileError(path, data.line, "a pattern rule needs 'scope'")
        for s in scope:
            if s not in SCOPES:
                raise RuleFileError(path, data.line_of("scope"), f"unknown scope {s!r} (one of {', '.join(SCOPES)})")
        provided = PATTERN_PLACEHOLDERS | (IMAGE_PLACEHOLDERS if all(s.startswith("image.") for s in scope) else frozenset())
        for key in ("message", "fix"):
            _placeholders(data, path, key, provided, f"a pattern rule over {', '.join(scope)}")
        case_sensitive = bool(data.get("case_sensitive", False))
        matcher = _matcher(data, path, lexicons, case_sensitive)
        if matcher is None:
            raise RuleFileError(path, data.line, "a pattern rule needs 'lexicons' or 'patterns'")
        unless, not_after = None, None
        for name in ("unless", "not_after"):
            if name not in data:
                continue
            u = data[name]
            if not isinstance(u, LineDict):
                raise RuleFileError(path, data.line_of(name), f"{name} must be a mapping with lexicons/patterns")
            for key in u:
                if key not in UNLESS_KEYS:
                    raise RuleFileError(path, u.line_of(key), f"unknown key {key!r} in {name}")
            if name == "unless":
                unless = _matcher(u, path, lexicons, case_sensitive)
            else:
                not_after = _matcher(u, path, lexicons, case_sensitive)
        return Rule(
            **common,
            scope=scope,
            matcher=matcher,
            unless=unless,
            not_after=not_after,
            group=_choice(data, path, "group", ("match", "subject"), "match"),  # type: ignore[arg-type]
        )
    fact = data.get("fact")
    if not isinstance(fact, str) or not fact:
        raise RuleFileError(path, data.line_of("fact"), "a fact rule needs 'fact' (the fact kind it turns into findings)")
    spec = facts.get(fact)
    if spec is None:
        raise RuleFileError(path, data.line_of("fact"), f"unknown fact {fact!r}{facts.suggest(fact)}; "
                            "'integrity rules facts' lists them")
    for key in ("message", "fix"):
        _placeholders(data, path, key, frozenset({*COMMON_PLACEHOLDERS, *spec.field_names}), f"fact {fact}")
    where_raw = data.get("where", {})
    if not isinstance(where_raw, dict):
        raise RuleFileError(path, data.line_of("where"), "where must be a mapping of field: value or [values]")
    where: dict[str, tuple[Any, ...]] = {}
    for key, value in where_raw.items():
        if isinstance(value, dict):  # a comparison: {">=": 365}
            if len(value) != 1 or next(iter(value)) not in _COMPARISONS or not isinstance(next(iter(value.values())), (int, float)):
                raise RuleFileError(path, where_raw.line_of(key) if isinstance(where_raw, LineDict) else data.line,
                                    f"where.{key}: a comparison is one of {', '.join(_COMPARISONS)} with a number")
            where[str(key)] = (Comparison(*next(iter(value.items()))),)
        else:
            where[str(key)] = tuple(value) if isinstance(value, list) else (value,)
    _check_where(where, where_raw, data, path, spec, lexicons)
    return Rule(**common, fact=fact, where=where, spec=spec)
