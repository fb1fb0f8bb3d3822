"""The one data model every stage shares: Article in, Facts between, Report out.

All types are frozen dataclasses so the core stays pure and a Report can be
handed to any writer, thread or process without copying. The model renders
nothing: turning a Report into JSON, SARIF or HTML is the writers' job
(``integrity.to_json(report)``, :func:`integrity.writers.render_report`), so this
module imports nothing from the package but, for type checking, ``locations``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .locations import LineIndex, OffsetMap

SCHEMA_VERSION = "1.0"

Severity = Literal["info", "warning", "error", "critical"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error", "critical")
Confidence = Literal["low", "medium", "high"]
CONFIDENCES: tuple[Confidence, ...] = ("low", "medium", "high")
Area = Literal["provenance", "attribution", "credits"]
AREAS: tuple[Area, ...] = ("provenance", "attribution", "credits")
DocumentStatus = Literal["ok", "empty", "unrecognized", "invalid", "failed"]


def confidence_level(confidence: str | float) -> Confidence:
    """A finding's confidence as a level, for formats that only have levels (a SARIF rule's metadata):
    a model probability below 0.5 is low, below 0.8 medium, else high."""
    if isinstance(confidence, str):
        return confidence  # type: ignore[return-value]
    return "low" if confidence < 0.5 else "medium" if confidence < 0.8 else "high"


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True, slots=True)
class Span:
    """A range of the input file: character offsets and 1-based line/column."""

    offset: int
    end_offset: int
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Text:
    """Extracted text that remembers where each character came from."""

    text: str
    map: OffsetMap

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    start: int  # character range of the anchor text inside its block's text
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # character range inside its block's text
    end: int


BlockKind = Literal["heading", "paragraph", "list_item", "quote", "caption", "label", "byline", "other"]


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of article text: a paragraph, a heading, a caption line."""

    kind: BlockKind
    content: Text
    sentences: tuple[Sentence, ...] = ()
    links: tuple[Link, ...] = ()
    in_body: bool = True

    @property
    def text(self) -> str:
        return self.content.text


AuthorKind = Literal["person", "institutional", "unknown"]


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    where: str  # "meta:author", "json-ld", "byline", "rel=author", "text:authors-section" ...
    kind: AuthorKind = "unknown"
    span: Span | None = None


# why an author candidate the parser read is not the byline (see byline_choice.REJECTIONS for each one's meaning)
RejectionReason = Literal[
    "chrome", "not-name-shaped", "site-name", "later-byline-line", "other-structured-node", "photo-credit", "same-person",
    "outside-byline", "metadata-disagrees", "less-trusted-metadata", "weak-credit",
]


CandidateSource = Literal["element", "line", "structured", "profile-link", "meta", "text"]


@dataclass(frozen=True, slots=True)
class AuthorCandidate:
    """A name the parser read where a page may credit its author, with the evidence a byline decision needs.

    The parser keeps every candidate it reads; which of them the page credits, and
    which is its byline, is decided by :mod:`integrity.detectors.byline_choice`.
    """

    author: Author  # the name, where it was read (``Author.where``), its kind and its span
    source: CandidateSource  # which reader found it: a byline element, a text line, structured data, a meta tag …
    cue: str  # what found it: the element's class/itemprop/rel, the line's lead, the meta key, the property
    group: int  # candidates read together (one element, one line, one structured-data node) share a group
    site_name: bool = False  # the name spells the site's own name (og:site_name, application-name, publisher)
    typed_person: bool = False  # structured data types it a Person
    # the parser read the name but already knows it is no credit: "chrome" (a byline element inside page
    # chrome: related stories, comments, a sidebar), "not-name-shaped" (a "By" line's words are prose)
    rejected: RejectionReason | None = None


BylineStatus = Literal["person", "institutional", "empty", "missing"]


@dataclass(frozen=True, slots=True)
class BylineEvidence:
    """What shows the byline: where it stands in the file (None for metadata outside the text) and its words."""

    location: Span | None
    text: str


@dataclass(frozen=True, slots=True)
class Byline:
    """The byline the report credits, decided once (:func:`integrity.detectors.byline.choose_byline`).

    ``names`` are the chosen authors' names (``DocumentInfo.authors`` holds the same
    authors with their spans); ``where`` is where the byline was read, in the
    vocabulary of :attr:`Author.where` ("byline", "byline-text", "rel=author",
    "json-ld", "meta:author" …; for an empty slot, the slot's kind); ``missing``
    has no names, no place and no evidence. A reader of the report never has to
    guess which of the page's names is the byline.
    """

    status: BylineStatus
    names: tuple[str, ...] = ()
    where: str | None = None
    evidence: BylineEvidence | None = None


@dataclass(frozen=True, slots=True)
class RejectedAuthor:
    """A name the page gives where an author may stand that is not its byline, and why."""

    name: str
    where: str
    kind: AuthorKind
    span: Span | None
    why: RejectionReason


@dataclass(frozen=True, slots=True)
class CreditSlot:
    """A place where the page announces a credit (an "Authors" heading, a byline element)."""

    kind: Literal["byline"]
    label: str
    span: Span
    content: Text | None  # None or blank when the slot is empty


ImageContext = Literal["figure", "inline", "meta", "json-ld", "text-line"]


@dataclass(frozen=True, slots=True)
class ImageRef:
    index: int
    src: str | None
    context: ImageContext
    span: Span | None
    alt: Text | None = None
    caption: Text | None = None
    credit: Text | None = None
    label: Text | None = None  # a stand-alone label line where an image was (text articles)
    width: int | None = None
    height: int | None = None
    in_body: bool = True  # inside the article body (not a page region around it)
    markers: tuple[str, ...] = ()  # class/id tokens of the image and its wrappers; role=presentation, aria-hidden, alt=empty
    metadata_credit: str | None = None  # JSON-LD/microdata ImageObject credit matched to this image by URL
    metadata_source_type: str | None = None  # JSON-LD/microdata digitalSourceType declared for this image (by URL)
    # what the image's bytes say is not here: the parser never reads them (integrity.image_input.ImageInput)

    @property
    def subject(self) -> str:
        return f"image[{self.index}]"


@dataclass(frozen=True, slots=True)
class VideoRef:
    """A video of the article: where it is and the text beside it, as :class:`ImageRef` has for images.

    A ``<video>`` in the body (``figure``/``inline``), or page-level: the page's ``og:video``
    (``meta``) or a structured-data ``VideoObject``'s ``contentUrl`` (``json-ld``), without a span
    (:mod:`integrity.parse.videos`). The parser never reads its bytes; the pipeline loads ``src`` as it
    loads an image's (same loader and limits) and reads its Content Credentials
    (:func:`integrity.images.analyse_image`), which the detectors get as an
    :class:`~integrity.image_input.ImageInput`; a video is never pHashed. What else is known
    of its origin is what the page's structured data declares for it (a ``VideoObject``'s
    ``digitalSourceType``, tied by URL or poster) and what its caption, credit or accessible
    name (``aria-label``/``title``, kept as ``alt``) say. ``label`` is always None; it is there
    so the text beside a video is read like an image's. ``poster`` is not analysed."""

    index: int
    src: str | None  # the element's src, else its first <source>'s
    context: ImageContext
    span: Span | None
    alt: Text | None = None
    caption: Text | None = None
    credit: Text | None = None
    label: Text | None = None
    poster: str | None = None
    in_body: bool = True
    metadata_source_type: str | None = None

    @property
    def subject(self) -> str:
        return f"video[{self.index}]"


ArticleKind = Literal["html", "text", "markdown"]
# how a document's encoding was chosen, in the HTML standard's order: a byte order mark, the transport's
# Content-Type (an archived response, a fetched page), a <meta> in the first 1024 bytes (prescan) or later
# in the head (reparse), the bytes being valid UTF-8, or mostly UTF-8 (detected: a few damaged bytes), or the
# fallback (windows-1252); "given": the caller passed text
EncodingSource = Literal["bom", "transport", "meta", "meta-reparse", "utf-8", "detected", "fallback", "given"]


@dataclass(frozen=True, slots=True)
class Decoding:
    """How a document's bytes became its text, and what could not be read (``parse.decode``).

    ``replaced``: bytes that are no character of ``encoding``, each run read as one U+FFFD (as a browser
    shows it); ``nuls``: NUL characters (the HTML parser drops them; a text reader sees U+FFFD);
    ``first``: the offset in the text of the first of either, None when the text is clean."""

    encoding: str  # the WHATWG Encoding standard's name: UTF-8, windows-1252, Shift_JIS ...
    source: EncodingSource
    replaced: int = 0
    replacements: int = 0  # the U+FFFD characters those bytes became
    nuls: int = 0
    first: int | None = None

    @property
    def damaged(self) -> bool:
        return self.first is not None


@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML comment (where inline suppressions live), with its span in the file."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class IgnoredElement:
    """An element carrying ``data-integrity-ignore="RULES"``: findings inside its span are suppressed."""

    rules: str  # the attribute's value: comma-separated ids or globs; blank means every rule
    span: Span


ManifestKind = Literal["inline", "link"]


@dataclass(frozen=True, slots=True)
class ManifestReference:
    """A C2PA manifest store the page attaches to itself, as C2PA 2.x's "Embedding manifests into HTML" puts it
    in the document head: ``inline``, the Base64 text of a ``<script type="application/c2pa">``; ``link``, the
    ``href`` of a ``<link rel="c2pa-manifest">`` (a manifest store file beside the page or on a server).

    The parser only finds it; reading and validating the store is I/O and c2pa work at the pipeline's edge
    (:mod:`integrity.page_credentials`)."""

    kind: ManifestKind
    value: str  # inline: the script's text (Base64); link: the href as written
    span: Span


@dataclass(frozen=True, slots=True)
class Article:
    source: str
    kind: ArticleKind
    text: str  # the decoded input file; spans index into it
    lines: LineIndex
    title: str | None = None
    published: str | None = None
    language: str | None = None
    author_candidates: tuple[AuthorCandidate, ...] = ()
    credit_slots: tuple[CreditSlot, ...] = ()
    blocks: tuple[Block, ...] = ()
    images: tuple[ImageRef, ...] = ()
    videos: tuple[VideoRef, ...] = ()
    links: tuple[str, ...] = ()
    comments: tuple[Comment, ...] = ()
    base_url: str | None = None
    declared_source_type: str | None = None  # the digitalSourceType the page's structured data declares for the article itself
    manifests: tuple[ManifestReference, ...] = ()  # C2PA manifest stores the page's head attaches to the page itself
    ignored: tuple[IgnoredElement, ...] = ()
    # text the reader sees that could not be placed in the source exactly (HTML): each a zero-width span
    # where the search stood; findings in such text point there, and the report says so
    unlocated: tuple[Span, ...] = ()
    # problems the parser read past (front matter that is not valid YAML): the report lists them as errors
    errors: tuple[ErrorItem, ...] = ()
    decoding: Decoding | None = None  # None: built from text, never decoded (a parser called directly)

    def span_of(self, content: Text, start: int = 0, end: int | None = None) -> Span:
        end = len(content.text) if end is None else end
        return self.lines.span(content.map.start(start), content.map.end(end))


@dataclass(frozen=True, slots=True)
class Fact:
    """Something a detector observed; rules decide whether it becomes a finding."""

    kind: str  # e.g. "credit.byline", "image.ai_label"
    subject: str  # "document", "image[1]", "sentence"
    span: Span | None = None
    evidence: str = ""
    match: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    area: Area
    severity: Severity
    # the rule's level, or a number 0..1 when a learned model judged the finding (its probability;
    # claim/unattributed): the score weights the finding by it either way
    confidence: Confidence | float
    message: str
    subject: str
    fingerprint: str
    evidence: str = ""
    match: str = ""
    location: Span | None = None
    fix: str | None = None
    help: str | None = None
    tags: tuple[str, ...] = ()
    penalty: float = 0.0
    new: bool | None = None  # against a baseline: True new, False known; None without one


@dataclass(frozen=True, slots=True)
class PhotoCredit:
    """What the photo-credit check decided for one image (its ``image.credit`` fact), so a report
    reader sees the chosen credit and where it came from without reading the findings."""

    status: Literal["credited", "missing", "not-editorial"]
    credit: str | None = None  # the credit's text (credited only)
    source: str | None = None  # credit-element, caption, alt, structured-data or embedded (credited only)
    reason: str | None = None  # why it is not an editorial photo (page-image, teaser, outside-body, …)


@dataclass(frozen=True, slots=True)
class ImageReport:
    index: int
    src: str | None
    context: ImageContext
    alt: str | None
    caption: str | None
    credit: str | None
    label: str | None
    location: Span | None
    status: Literal["analysed", "unresolved", "no-source"] = "no-source"
    problem: str | None = None
    evidence: Mapping[str, Any] | None = None
    phash: str | None = None
    photo_credit: PhotoCredit | None = None  # None when the photo-credit check did not run
    # every registry hash of the image (ImageHashes.to_record), for the audit store only: private, so not in
    # the JSON report (the audit keeps it to re-match its images against registry entries added later)
    _hashes: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class VideoReport:
    """One video as the report gives it: :class:`ImageReport`'s fields for a video (its poster in place of a
    label line, no pHash: a video is never hashed); ``evidence`` is what its bytes say (a medium ``kind``, its
    Content Credentials, the pixel passes ``not_applicable``)."""

    index: int
    src: str | None
    context: ImageContext
    alt: str | None
    caption: str | None
    credit: str | None
    poster: str | None
    location: Span | None
    status: Literal["analysed", "unresolved", "no-source"] = "no-source"
    problem: str | None = None
    evidence: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class ErrorItem:
    code: str  # "input.empty", "input.binary", "input.encoding", "input.missing", "image.unreadable" ...
    message: str
    location: Span | None = None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    source: str
    status: DocumentStatus
    kind: ArticleKind | None = None
    title: str | None = None
    published: str | None = None
    authors: tuple[Author, ...] = ()  # the chosen byline's authors only (``byline``); the others are ``author_candidates``
    byline: Byline | None = None  # None when the document was not read (status other than ok)
    author_candidates: tuple[RejectedAuthor, ...] = ()
    sha256: str | None = None
    bytes: int | None = None
    encoding: str | None = None  # what the text was decoded with (Decoding.encoding); None when not read
    encoding_source: EncodingSource | None = None  # what chose it (Decoding.source)


@dataclass(frozen=True, slots=True)
class PackInfo:
    name: str
    version: str
    rules: int


@dataclass(frozen=True, slots=True)
class ToolInfo:
    name: str
    version: str


@dataclass(frozen=True, slots=True)
class SuppressionInfo:
    """An inline suppression that hid at least one finding: what an editor audits.

    ``reason`` is the text after ``--`` in the directive (``-- reason: quoting
    the ministry``), None when the directive gives none."""

    directive: str  # disable, disable-next-line, ignore-element
    rules: tuple[str, ...]  # rule ids or globs; empty: every rule
    reason: str | None
    location: Span
    suppressed: tuple[str, ...]  # rule id of each finding it hid, in reading order


MediaKind = Literal["image", "video"]
MediaDisclosure = Literal["both", "machine-readable-only", "visible-only", "none"]
TextStatus = Literal["disclosed", "editorial-responsibility", "disclosed-and-responsibility", "neither"]


@dataclass(frozen=True, slots=True)
class MediaAnswer:
    """One image or video with AI evidence, as the EU AI Act's Article 50 view asks about it.

    ``visible_in``: where a reader sees the disclosure at first exposure (alt, caption,
    credit, label: the text beside it); ``machine_readable``: the standard marks that say
    so in the file or the page (C2PA, IPTC, schema.org, TC260 …); ``evidence``: every
    signal behind the AI verdict, as ``source (where)``."""

    index: int
    media: MediaKind
    src: str | None
    ai: str
    disclosure: MediaDisclosure
    visible_in: tuple[str, ...] = ()
    visible_text: str | None = None
    machine_readable: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    location: Span | None = None


@dataclass(frozen=True, slots=True)
class Responsibility:
    """A named person or desk the page shows holding editorial responsibility (byline, "edited by", masthead)."""

    kind: str  # byline-person, byline-desk, edited-by, masthead
    name: str  # the names, the desk, or the masthead page's link


@dataclass(frozen=True, slots=True)
class TextAnswer:
    """Is the article's text disclosed as AI-made, or does a named person or desk hold editorial responsibility?"""

    status: TextStatus
    visible: bool = False  # readers see an AI-text disclosure
    machine_readable: str | None = None  # the AI digitalSourceType the page declares for the article itself
    phrase: str | None = None
    location: Span | None = None
    responsibility: tuple[Responsibility, ...] = ()


@dataclass(frozen=True, slots=True)
class Article50View:
    """The answers of the ``eu-ai-act`` profile for one article: each AI image or video, and the text.

    Made from the facts of :mod:`integrity.detectors.article50` (the same facts its
    rules turn into findings); present only when the profile is on. ``images_seen`` and ``videos_seen``
    count every image and video of the article, AI or not, so an audit can say how
    many were looked at."""

    media: tuple[MediaAnswer, ...]
    text: TextAnswer
    images_seen: int = 0
    videos_seen: int = 0


@dataclass(frozen=True, slots=True)
class Report:
    """Everything integrity found in one document."""

    document: DocumentInfo
    tool: ToolInfo
    score: int | None
    subscores: Mapping[str, int]
    findings: tuple[Finding, ...] = ()
    images: tuple[ImageReport, ...] = ()
    videos: tuple[VideoReport, ...] = ()
    stats: Mapping[str, int] = field(default_factory=dict)
    errors: tuple[ErrorItem, ...] = ()
    packs: tuple[PackInfo, ...] = ()
    schema_version: str = SCHEMA_VERSION
    suppressions: tuple[SuppressionInfo, ...] = ()
    article50: Article50View | None = None  # the eu-ai-act profile's answers; None without the profile

    @property
    def ok(self) -> bool:
        return self.document.status == "ok"

    def gate_failures(self, fail_under: int | None, fail_on: str | None) -> list[str]:
        """Why this report fails a gate (a score below ``fail_under``, findings at or above ``fail_on``;
        None: that gate is off): what the exit code, the JUnit cases and the HTML verdict all judge by."""
        if not self.ok:
            return []
        reasons = []
        if fail_under is not None and self.score is not None and self.score < fail_under:
            reasons.append(f"score {self.score} is below {fail_under}")
        if fail_on is not None:
            n = sum(1 for f in self.findings if severity_rank(f.severity) >= severity_rank(fail_on))
            if n:
                reasons.append(f"{n} finding{'' if n == 1 else 's'} at or above {fail_on}")
        return reasons

    def worst_severity(self) -> Severity | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=severity_rank)

    def to_dict(self) -> dict[str, Any]:
        plain: dict[str, Any] = to_plain(self)
        return plain


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a report format needs to know about a loaded rule (SARIF rule metadata, JUnit cases)."""

    id: str
    area: Area
    severity: Severity
    confidence: Confidence
    message: str
    description: str = ""
    fix: str | None = None
    help: str | None = None
    link: str | None = None
    tags: tuple[str, ...] = ()
    pack: str = ""


@dataclass(frozen=True, slots=True)
class Run:
    """The reports of one invocation (one file or many); what writers consume."""

    tool: ToolInfo
    reports: tuple[Report, ...]
    schema_version: str = SCHEMA_VERSION
    rules: tuple[RuleInfo, ...] = ()  # the enabled rules of this run, when the caller knows them

    @staticmethod
    def of(*reports: Report) -> Run:
        tool = reports[0].tool if reports else ToolInfo("integrity", "")
        return Run(tool=tool, reports=tuple(reports))

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for r in self.reports for f in r.findings)

    @property
    def failed(self) -> tuple[Report, ...]:
        return tuple(r for r in self.reports if not r.ok)

    def summary(self) -> dict[str, Any]:
        scores = [r.score for r in self.reports if r.score is not None]
        by_sev = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            by_sev[f.severity] += 1
        return {
            "documents": len(self.reports),
            "failed": len(self.failed),
            "min_score": min(scores) if scores else None,
            "findings": by_sev,
        }


def to_plain(obj: Any) -> Any:
    """Dataclasses to JSON-ready dicts (Text becomes its string; no private fields)."""
    if isinstance(obj, Text):
        return obj.text
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in fields(obj) if not f.name.startswith("_")}
    if isinstance(obj, Mapping):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    return obj


def from_plain(cls: type[Any], data: Any) -> Any:
    """The inverse of :func:`to_plain` for report types: a stored JSON report back to a :class:`Report`.

    What an audit store, a CMS or a queue kept as JSON can be handed to the
    writers again (the audit's per-article HTML pages are made this way).
    Fields the JSON lacks take their defaults; unknown keys are an error, so a
    report of another schema version is not silently half-read.
    """
    import typing

    hints = typing.get_type_hints(cls)
    if not isinstance(data, Mapping):
        raise ValueError(f"{cls.__name__}: expected an object, not {type(data).__name__}")
    names = {f.name for f in fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown field(s) {', '.join(sorted(unknown))}")
    return cls(**{k: _typed(hints[k], v) for k, v in data.items()})


def _typed(tp: Any, value: Any) -> Any:
    import types
    import typing

    origin = typing.get_origin(tp)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _typed(options[0], value) if len(options) == 1 else value
    if isinstance(tp, type) and is_dataclass(tp):
        return from_plain(tp, value)
    if origin is tuple:
        args = typing.get_args(tp)
        return tuple(_typed(args[0], v) for v in value)
    if origin in (Mapping, dict) or tp is Mapping:
        args = typing.get_args(tp)
        return {k: _typed(args[1], v) for k, v in value.items()} if args else dict(value)
    return value
