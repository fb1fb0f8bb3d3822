"""What analysing one image yields: frozen, JSON-ready records.

These are the image stage's output contract; the pipeline turns them into
facts and findings. Everything is plain data so it crosses process and
thread boundaries and serialises with `to_dict()`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

Strength = Literal["weak", "medium", "strong"]
AiVerdict = Literal["generated", "edited", "possible", "none", "unknown"]
CredentialState = Literal["none", "valid", "trusted", "invalid", "error", "remote"]
CredentialProblem = Literal["tampered", "expired", "untrusted"]
MediaKind = Literal["image", "video", "audio", "document", "manifest"]
AI_VERDICTS: tuple[str, ...] = get_args(AiVerdict)
CREDENTIAL_STATES: tuple[str, ...] = get_args(CredentialState)
CREDENTIAL_PROBLEMS: tuple[str, ...] = get_args(CredentialProblem)
MEDIA_KINDS: tuple[str, ...] = get_args(MediaKind)
# what is read from pixels, so cannot apply to media without them (a video, a PDF, a manifest store)
PIXEL_PASSES: tuple[str, ...] = ("pixels", "watermark", "phash")

STRENGTH_ORDER = {"weak": 1, "medium": 2, "strong": 3}


@dataclass(frozen=True)
class Signal:
    """One piece of evidence.

    `kind` says what it points to: `generated`, `edited` (AI edits),
    `possible` (a declared source that may hold generative AI: a composite, a
    screen capture, digital art), `not_ai` (camera capture or other declared
    non-AI origin), or `info`.
    `value` is what was found, `where` the location inside the file
    (`c2pa:ingredient[0]/c2pa.actions.v2`, `png:tEXt/parameters`), and
    `source` the detector or rule that produced it (`c2pa`,
    `generator:comfyui`, `iptc-dst`, `camera-exif`, `watermark:sdxl`).
    """

    kind: str
    strength: Strength
    value: str
    where: str
    source: str


@dataclass(frozen=True)
class C2paAction:
    """One C2PA action (v1 or v2 assertion) from any manifest in the store."""

    action: str
    where: str
    digital_source_type: str | None = None
    software_agent: str | None = None
    description: str | None = None
    when: str | None = None


@dataclass(frozen=True)
class C2paIngredient:
    """One ingredient of any manifest. `digital_source_type` is the ingredient's own declaration
    (C2PA 2.4), which an ingredient without a manifest of its own can still carry."""

    title: str | None
    relationship: str | None
    format: str | None
    where: str
    manifest: str | None = None
    digital_source_type: str | None = None


@dataclass(frozen=True)
class C2paSoftBinding:
    """A `c2pa.soft-binding` assertion (a watermark or fingerprint that finds the manifest again once the
    file has lost it). `kind` is watermark or fingerprint as the bundled C2PA soft-binding algorithm list
    says; `listed` is False for an `alg` the list does not name."""

    alg: str | None
    where: str
    kind: str | None = None
    listed: bool = False


@dataclass(frozen=True)
class ManifestSignals:
    """The C2PA Asset Rubrics signals of one manifest (``integrity.images.rubrics``).

    `role`: active, ingredient, or pseudo (an ingredient without a manifest of
    its own that declares a source type; `label` is then the manifest holding it).
    `inception` / `transformation`: signal names as the rubric and the
    Conforming Products List spell them (`fullyGenAIMedia`, `nonEditorial`).
    """

    label: str
    role: str
    inception: tuple[str, ...] = ()
    transformation: tuple[str, ...] = ()


ConformanceStatus = Literal["listed", "unlisted", "disallowed-signal", "not-covered", "unverified", "revoked"]
CONFORMANCE_STATUSES: tuple[str, ...] = get_args(ConformanceStatus)


@dataclass(frozen=True)
class ProductConformance:
    """The signing product against the bundled C2PA Conforming Products List (``integrity.images.conformance``).

    `status`: listed (a conformant product, trusted signature); unlisted (no
    record has the signing certificate's subject); disallowed-signal (listed,
    but the active manifest emits a signal the list forbids the product, e.g. a
    generative product claiming capturedMedia); not-covered (a record has the
    subject, but is listed only for other formats than this file's, or only from
    a later version than the manifest's claim generator gives: `not_covered`
    says which); unverified (a record matches, but the signature is not trusted,
    so the name proves nothing); revoked.
    `product` is the signing certificate's subject (CN, O, OU, C) the list keys on;
    CN and O only when no record has them (``Credentials.signer_subject``).
    """

    status: ConformanceStatus
    product: dict[str, str]
    record_id: str | None = None
    applicant: str | None = None
    max_assurance_level: int | None = None
    disallowed_signals: tuple[str, ...] = ()  # emitted by the active manifest and forbidden to this product
    list_issued: str | None = None  # the bundled list's date
    not_covered: tuple[str, ...] = ()  # why the record does not cover this file (format, version), in words


@dataclass(frozen=True)
class Credentials:
    """Content Credentials as read offline.

    `state`: none (no manifest), valid, trusted, invalid, error (reader
    failed), remote (manifest only at a URL that we do not fetch).
    `problem`: tampered (hash or signature mismatch), expired, untrusted, or
    None. `failure_codes` are the active manifest's, ingredient ones apart.
    `durable`: the active manifest has a soft binding or records a watermark
    inserted to create one (`c2pa.watermarked`, `c2pa.watermarked.bound`), so
    the credentials can be found again after the file loses them.
    """

    state: CredentialState = "none"
    problem: CredentialProblem | None = None
    signer: str | None = None
    signing_time: str | None = None
    claim_generators: tuple[str, ...] = ()
    # the active manifest's claim generator versions (claim_generator_info, else "name/version" of
    # claim_generator): what the Conforming Products List's minVersion is held against
    generator_versions: tuple[str, ...] = ()
    mime: str | None = None  # the media type the credentials were read from (a product is listed per format)
    failure_codes: tuple[str, ...] = ()
    ingredient_failure_codes: tuple[str, ...] = ()
    actions: tuple[C2paAction, ...] = ()
    ingredients: tuple[C2paIngredient, ...] = ()
    remote_url: str | None = None
    error: str | None = None
    manifest_count: int = 0
    content_bound: bool = False  # the signed hash of the content matched these bytes
    soft_bindings: tuple[C2paSoftBinding, ...] = ()
    durable: bool = False
    # the active manifest's signing certificate subject: CN and O from the store; the whole subject
    # (OU, C, ...) from the crJSON when a Conforming Products List record has that CN and O
    signer_subject: dict[str, str] | None = None
    rubric: tuple[ManifestSignals, ...] = ()  # the Asset Rubrics signals of every manifest


@dataclass(frozen=True)
class Credit:
    """Credit and rights lines found in IPTC/XMP/EXIF metadata."""

    credit: str | None = None
    creator: tuple[str, ...] = ()
    rights: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class ImageEvidence:
    """Everything machine-readable about one image's origin, or one other medium's.

    `kind` is the medium the bytes hold (image, video, audio, document, or a
    stand-alone C2PA manifest store); its Content Credentials are read the same
    way for every kind. `not_applicable` names the passes that cannot apply to
    it (for anything but an image: `PIXEL_PASSES`), so a report tells "does not
    apply" apart from "failed".
    """

    name: str
    format: str
    width: int | None
    height: int | None
    ai: AiVerdict
    credentials: Credentials
    signals: tuple[Signal, ...] = ()
    generators: tuple[str, ...] = ()
    capture_date: str | None = None
    credit: Credit = field(default_factory=Credit)
    errors: tuple[str, ...] = ()
    # `ai` in the C2PA Asset Rubrics vocabulary: the active manifest's inception and transformation signals
    rubric_signals: tuple[str, ...] = ()
    conformance: ProductConformance | None = None
    kind: MediaKind = "image"
    not_applicable: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON; tuples become lists."""
        return _listify(asdict(self))


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_listify(v) for v in value]
    return value
