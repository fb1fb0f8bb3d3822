"""The fact catalogue: what detectors hand to rules, declared once and checked both ways.

A fact is the seam between "code detects" and "data decides". Each producer
(a detector, or the pipeline for suppressions) declares the facts it emits: the
fact's name, what its subject is, and every field with its type, its allowed
values and a one-line description. That declaration is used twice:

* at **load**, a ``kind: fact`` rule is checked against it (rules/kinds.py): an
  unknown fact or field, a value of the wrong type or outside the field's
  values, a comparison on a field that is not a number, or a message
  placeholder nothing fills is a ``file:line`` error, so a rule can never be
  silently dead;
* at **run time in the tests**, every fact a detector emits is checked against
  its declaration (:meth:`FactSpec.problems`), so the declaration cannot drift
  from the code.

A field that is not known for a given fact holds ``None`` (never a stand-in
string such as "unknown"); ``shown`` says how a message renders it, so a
rule's wording lives in the rule and the report reads the same as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .model import Fact
from .registry import Registry

if TYPE_CHECKING:
    from .ruledata.lexicon import Lexicon


class LexiconLookup(Protocol):
    """What an enum with ``values_from`` reads: the run's lexicons by name (a LexiconLookup, or the rule engine's view)."""

    def get(self, name: str) -> Lexicon | None: ...

FieldType = Literal["text", "int", "number", "bool", "enum"]

# what every fact offers a message besides its own fields
COMMON_PLACEHOLDERS: Mapping[str, str] = {
    "match": "the words the finding is about",
    "subject": "what the finding is about: document, image[N], video[N], sentence@N, suppression",
    "item": "the subject as a reader names it: Image N, Video N (else the subject itself)",
    "evidence": "the text that shows it (an excerpt of the sentence, the caption, the byline)",
}

_PYTHON_TYPES: Mapping[str, tuple[type, ...]] = {
    "text": (str,),
    "int": (int,),
    "number": (int, float),
    "bool": (bool,),
    "enum": (str,),
}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a fact: its type, its allowed values for an enum, and how a message shows a gap.

    ``many``: the value is a tuple of such values (a rule's ``where`` matches if
    any of them does; a message joins them with ", "). ``shown``: the value may
    be None (or an empty tuple), rendered in messages as this text.
    ``always``: present in every fact of this kind (else only for some, e.g.
    ``source`` only when an image is credited). ``values_from``: an enum whose
    values are the entry kinds of a lexicon (a newsroom that adds a kind to
    ``needs-source`` adds a value), resolved against the run's lexicons.
    """

    name: str
    type: FieldType
    doc: str
    values: tuple[str, ...] = ()
    many: bool = False
    shown: str | None = None
    always: bool = True
    values_from: str | None = None

    @property
    def optional(self) -> bool:
        return self.shown is not None

    def allowed(self, lexicons: LexiconLookup | None = None) -> tuple[str, ...] | None:
        """An enum's values (None: any value of the type, or not knowable without the lexicons)."""
        if self.type != "enum":
            return None
        if self.values_from is None:
            return self.values
        lex = lexicons.get(self.values_from) if lexicons is not None else None
        if lex is None:
            return None
        return tuple(dict.fromkeys(e.kind for e in lex.entries if e.kind))

    def describe(self, lexicons: LexiconLookup | None = None) -> str:
        values = self.allowed(lexicons)
        if self.type != "enum":
            kind: str = self.type
        elif values is None:
            kind = f"a kind of lexicon {self.values_from}"
        else:
            kind = "one of " + ", ".join(values)
        if self.many:
            kind = f"list of {kind}"
        if self.optional:
            kind += f"; none: “{self.shown}”"
        return kind

    def accepts(self, value: Any, lexicons: LexiconLookup | None = None) -> bool:
        """Is ``value`` a value of this field (one item, for ``many`` fields)?"""
        if value is None:
            return self.optional
        if self.type in ("int", "number") and isinstance(value, bool):
            return False
        if not isinstance(value, _PYTHON_TYPES[self.type]):
            return False
        values = self.allowed(lexicons)
        return values is None or value in values

    def problems(self, value: Any, lexicons: LexiconLookup | None = None) -> list[str]:
        if self.many:
            if value is None or value == ():
                return [] if self.optional else [f"{self.name}: empty, but the field has no 'none' form"]
            if not isinstance(value, tuple):
                return [f"{self.name}: {value!r} is not a tuple of {self.type} values"]
            return [f"{self.name}: {v!r} is not {self.describe(lexicons)}" for v in value
                    if v is None or not self.accepts(v, lexicons)]
        return [] if self.accepts(value, lexicons) else [f"{self.name}: {value!r} is not {self.describe(lexicons)}"]

    def render(self, value: Any) -> Any:
        """The value as a message shows it."""
        if value is None or (self.many and value == ()):
            return self.shown if self.shown is not None else ""
        if self.many:
            return ", ".join(str(v) for v in value)
        return value


@dataclass(frozen=True, slots=True)
class FactSpec:
    """One fact kind: its name, its subject, its fields and who produces it."""

    name: str
    subject: str  # what the fact is about: "document", "image", "sentence", "suppression"
    doc: str
    fields: tuple[FieldSpec, ...]
    producer: str = ""  # the detector id, or "pipeline"
    also: tuple[str, ...] = ()  # other subjects it is about too: an image fact is about each video as well

    @property
    def subjects(self) -> tuple[str, ...]:
        return (self.subject, *self.also)

    @property
    def per(self) -> str:
        """Its subjects in words: "image", "image or video"."""
        return " or ".join(self.subjects)

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def problems(self, fact: Fact, lexicons: LexiconLookup | None = None) -> list[str]:
        """What is wrong with an emitted fact against this declaration (empty when it conforms)."""
        out: list[str] = []
        if fact.kind != self.name:
            out.append(f"kind {fact.kind!r} is not {self.name!r}")
        subject = fact.subject.split("[")[0].split("@")[0]
        if subject not in self.subjects:
            out.append(f"subject {fact.subject!r} is not a {self.per}")
        for key in fact.data:
            if self.field(key) is None:
                out.append(f"field {key!r} is not declared")
        for f in self.fields:
            if f.name not in fact.data:
                if f.always:
                    out.append(f"field {f.name!r} is missing")
                continue
            out.extend(f.problems(fact.data[f.name], lexicons))
        return out

    def message_values(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The fact's fields as a message template sees them (gaps in their shown form)."""
        values: dict[str, Any] = {}
        for f in self.fields:
            if f.name in data:
                values[f.name] = f.render(data[f.name])
        return values


def fact(name: str, subject: str, doc: str, *fields: FieldSpec, also: tuple[str, ...] = ()) -> FactSpec:
    """A fact declaration, as a detector module writes it (``also``: further subjects it is about)."""
    return FactSpec(name, subject, " ".join(doc.split()), tuple(fields), also=also)


def text(name: str, doc: str, *, shown: str | None = None, many: bool = False, always: bool = True) -> FieldSpec:
    return FieldSpec(name, "text", doc, shown=shown, many=many, always=always)


def integer(name: str, doc: str, *, shown: str | None = None, always: bool = True) -> FieldSpec:
    return FieldSpec(name, "int", doc, shown=shown, always=always)


def boolean(name: str, doc: str, *, shown: str | None = None, always: bool = True) -> FieldSpec:
    return FieldSpec(name, "bool", doc, shown=shown, always=always)


def enum(name: str, doc: str, values: Iterable[str], *, shown: str | None = None, many: bool = False,
         always: bool = True) -> FieldSpec:
    return FieldSpec(name, "enum", doc, tuple(values), many=many, shown=shown, always=always)


@dataclass
class FactCatalogue:
    """Every declared fact by name; a name declared twice is an error."""

    _specs: Registry[FactSpec] = field(default_factory=lambda: Registry("fact"))

    def add(self, spec: FactSpec) -> FactSpec:
        return self._specs.add(spec.name, spec)

    def get(self, name: str) -> FactSpec | None:
        return self._specs[name] if name in self._specs else None

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __iter__(self) -> Iterator[FactSpec]:
        return (spec for _, spec in self._specs.items())

    def names(self) -> list[str]:
        return list(self._specs)

    def suggest(self, name: str) -> str:
        close = get_close_matches(name, self.names(), n=1)
        return f" (did you mean {close[0]!r}?)" if close else ""

    def check(self, facts: Iterable[Fact], lexicons: LexiconLookup | None = None) -> list[str]:
        """Every problem of every fact, as "kind subject: problem" lines (the tests' drift check)."""
        out: list[str] = []
        for f in facts:
            spec = self.get(f.kind)
            if spec is None:
                out.append(f"{f.kind} {f.subject}: fact is not declared")
                continue
            out.extend(f"{f.kind} {f.subject}: {p}" for p in spec.problems(f, lexicons))
        return out
