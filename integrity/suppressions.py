"""Inline suppressions: the article says which findings an editor has accepted.

Directives (``RULES`` is a comma- or space-separated list of rule ids or globs
such as ``claim/*``; leave it out to mean every rule):

* HTML comments::

    <!-- integrity-disable RULES -->            from here on ...
    <!-- integrity-enable RULES -->             ... until here (or the end of the file)
    <!-- integrity-disable-next-line RULES -->  only the line after the comment

* an attribute on an element: ``data-integrity-ignore="RULES"`` (an empty
  value means every rule) suppresses findings located inside that element;
* text articles: a line holding only ``[integrity-disable RULES]``,
  ``[integrity-enable RULES]`` or ``[integrity-disable-next-line RULES]``
  (the HTML comment form on a line of its own works too). Such a line is read
  as a blank line, so it never becomes part of the article text.

A directive may give its reason after ``--``::

    <!-- integrity-disable-next-line claim/vague-source -- reason: quoting the ministry's own words -->

(the ``reason:`` label is optional). Every report lists the suppressions
that hid findings, with their reasons (``integrity suppressions list``), so an
editor can audit what was waved through and why.

A finding with no location (a missing byline) is suppressed only by a
``disable`` that is never re-enabled. Each rule pattern of a directive that
suppresses nothing becomes a ``suppression.unused`` fact, and each directive
without a reason a ``suppression.no-reason`` fact; the rule pack
``rules/integrity/`` words them as findings (the second rule is off unless
``--require-suppression-reason`` or the config enables it).

Pure: article and findings in, kept findings and facts out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Literal, get_args

from .facts import enum, fact, text
from .locations import LineIndex
from .model import Article, Comment, Fact, Finding, Span, SuppressionInfo

DirectiveKind = Literal["disable", "enable", "disable-next-line", "ignore-element"]
UNUSED = fact(
    "suppression.unused", "suppression",
    """An inline suppression that suppressed nothing (produced by the pipeline after the other rules ran).""",
    enum("directive", "the directive's kind", get_args(DirectiveKind)),
    text("rule", "the rule id or glob it names; * for every rule"),
)
UNUSED_FACT = UNUSED.name
NO_REASON = fact(
    "suppression.no-reason", "suppression",
    """An inline suppression that gives no reason after ``--`` (produced by the pipeline with the unused ones).""",
    enum("directive", "the directive's kind", get_args(DirectiveKind)),
    text("rules", "the rule ids or globs it names, comma-separated; * for every rule"),
)
NO_REASON_FACT = NO_REASON.name
FACT_KINDS = (UNUSED_FACT, NO_REASON_FACT)  # the facts apply() produces, worded after suppressions are applied

_DIRECTIVE = re.compile(r"^\s*integrity-(disable-next-line|disable|enable)(?![\w-])[ \t]*(.*?)\s*$", re.DOTALL)
_TEXT_LINE = re.compile(
    r"^[ \t]*(?:\[[ \t]*(integrity-[^\]\n]*)\]|<!--[ \t]*(integrity-[^\n]*?)[ \t]*-->)[ \t]*\r?$", re.MULTILINE
)
_SPLIT = re.compile(r"[\s,]+")
_REASON = re.compile(r"(?:^|\s)--(?:\s+|$)(?:reason\s*:\s*)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Directive:
    kind: DirectiveKind
    patterns: tuple[str, ...]  # empty: every rule
    span: Span
    text: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class _Scope:
    """One rule pattern of one directive, over the part of the file it covers."""

    directive: Directive
    pattern: str | None  # None: every rule
    start: int = 0  # offsets [start, end) for regions and elements
    end: int | None = None  # None: to the end of the file (covers findings without a location too)
    line: int | None = None  # disable-next-line: the one line covered

    def covers(self, finding: Finding) -> bool:
        if self.pattern is not None and not fnmatchcase(finding.rule_id, self.pattern):
            return False
        loc = finding.location
        if self.line is not None:
            return loc is not None and loc.line == self.line
        if loc is None:
            return self.directive.kind == "disable" and self.end is None
        return self.start <= loc.offset and (self.end is None or loc.offset < self.end)


@dataclass(frozen=True, slots=True)
class Outcome:
    kept: tuple[Finding, ...]
    suppressed: int
    unused: tuple[Fact, ...]  # suppression.unused and suppression.no-reason facts, in reading order
    accepted: tuple[SuppressionInfo, ...] = ()


def parse_rules(value: str) -> tuple[str, ...]:
    return tuple(p for p in _SPLIT.split(value.strip()) if p)


def directive(comment: Comment) -> Directive | None:
    """The directive an HTML comment (or a text directive line) holds, if any."""
    m = _DIRECTIVE.match(comment.text)
    if m is None:
        return None
    rules, reason = split_reason(m.group(2))
    return Directive(m.group(1), parse_rules(rules), comment.span, " ".join(comment.text.split()), reason)  # type: ignore[arg-type]


def split_reason(value: str) -> tuple[str, str | None]:
    """``"claim/x -- reason: why"`` -> ``("claim/x", "why")``; no ``--`` or nothing after it: no reason."""
    m = _REASON.search(value)
    if m is None:
        return value, None
    reason = " ".join(value[m.end():].split())
    return value[: m.start()], reason or None


def text_directive_lines(source: str) -> tuple[Comment, ...]:
    """Directive lines of a text article, as comments with their spans."""
    lines = LineIndex(source)
    out: list[Comment] = []
    for m in _TEXT_LINE.finditer(source):
        body = m.group(1) if m.group(1) is not None else m.group(2)
        if _DIRECTIVE.match(body):
            end = m.end() - (1 if m.group(0).endswith("\r") else 0)
            out.append(Comment(body.strip(), lines.span(m.start(), end)))
    return tuple(out)


def blank_directive_lines(source: str, comments: tuple[Comment, ...]) -> str:
    """``source`` with each directive line replaced by spaces (offsets and lines unchanged)."""
    parts: list[str] = []
    pos = 0
    for c in comments:
        parts.append(source[pos : c.span.offset])
        parts.append(" " * (c.span.end_offset - c.span.offset))
        pos = c.span.end_offset
    parts.append(source[pos:])
    return "".join(parts)


def _scopes(article: Article) -> list[_Scope]:
    scopes: list[_Scope] = []
    open_regions: list[_Scope] = []

    def patterns(d: Directive) -> tuple[str | None, ...]:
        return d.patterns or (None,)

    for comment in article.comments:
        d = directive(comment)
        if d is None:
            continue
        if d.kind == "disable-next-line":
            scopes.extend(_Scope(d, p, line=d.span.end_line + 1) for p in patterns(d))
        elif d.kind == "disable":
            open_regions.extend(_Scope(d, p, start=d.span.end_offset) for p in patterns(d))
        else:  # enable: closes the open regions of the same pattern; without rules, all of them
            still_open: list[_Scope] = []
            for region in open_regions:
                if not d.patterns or region.pattern in d.patterns:
                    scopes.append(_Scope(region.directive, region.pattern, start=region.start, end=d.span.offset))
                else:
                    still_open.append(region)
            open_regions = still_open
    scopes.extend(open_regions)
    for el in article.ignored:
        rules, reason = split_reason(el.rules)
        d = Directive("ignore-element", parse_rules(rules), el.span, f'data-integrity-ignore="{el.rules}"', reason)
        scopes.extend(_Scope(d, p, start=el.span.offset, end=el.span.end_offset) for p in patterns(d))
    return scopes


def apply(article: Article, findings: tuple[Finding, ...]) -> Outcome:
    """Drop the findings the article's directives suppress; report directives that suppress nothing,
    directives without a reason, and what each accepted directive hid."""
    scopes = _scopes(article)
    if not scopes:
        return Outcome(findings, 0, ())
    used = [False] * len(scopes)
    hidden: dict[int, dict[int, str]] = {}  # directive (by id) -> {finding index: rule id} of what it hid
    directives: dict[int, Directive] = {}
    kept: list[Finding] = []
    for scope in scopes:
        directives.setdefault(id(scope.directive), scope.directive)
    for n, f in enumerate(findings):
        hit = False
        for i, scope in enumerate(scopes):
            if scope.covers(f):
                used[i] = hit = True
                hidden.setdefault(id(scope.directive), {})[n] = f.rule_id
        if not hit:
            kept.append(f)
    unused = [
        Fact(
            kind=UNUSED_FACT,
            subject="suppression",
            span=s.directive.span,
            evidence=s.directive.text,
            match=s.pattern or "*",
            data={"directive": s.directive.kind, "rule": s.pattern or "*"},
        )
        for s, u in zip(scopes, used, strict=True)
        if not u
    ]
    no_reason = [
        Fact(
            kind=NO_REASON_FACT,
            subject="suppression",
            span=d.span,
            evidence=d.text,
            match=", ".join(d.patterns) or "*",
            data={"directive": d.kind, "rules": ", ".join(d.patterns) or "*"},
        )
        for d in directives.values()
        if d.reason is None
    ]
    facts = tuple(sorted(unused + no_reason, key=lambda fa: (fa.span.offset if fa.span else -1, fa.kind)))
    accepted = tuple(
        SuppressionInfo(d.kind, d.patterns, d.reason, d.span, tuple(hidden[key].values()))
        for key, d in sorted(directives.items(), key=lambda kd: kd[1].span.offset)
        if key in hidden
    )
    return Outcome(tuple(kept), len(findings) - len(kept), facts, accepted)
