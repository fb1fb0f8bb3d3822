"""`analyse_image`: every machine-readable clue about one image's origin.

Pure apart from reading the bundled trust and rule files: bytes in,
`ImageEvidence` out, no network, no exception for bad input (it lands in
`errors`). Safe to call from many threads: nothing is shared but caches of
parsed configuration.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from . import conformance
from .c2pa_reader import c2pa_settings, read_credentials
from .containers import walk
from .dates_credits import capture_date, credit
from .decode import load_pixels, open_image
from .evidence import PIXEL_PASSES, Credentials, ImageEvidence, Signal
from .generator_rules import GeneratorRules, load_generator_rules
from .generators import camera_signal, dst_signals, generator_signals
from .metadata import collect
from .record import MetaField
from .settings import DEFAULT_SETTINGS, ImageSettings
from .sniff import media_kind, sniff_format
from .stealth import stealth_fields
from .verdict import decide
from .watermark import watermark_signals


def analyse_image(data: bytes, *, name: str = "", settings: ImageSettings | None = None) -> ImageEvidence:
    """Analyse one image's bytes. `name` is only echoed back for reports.

    Bad input never raises: it is reported in `errors`. Only a broken
    configuration (unreadable rules file, unknown trust list) raises.
    """
    settings = settings or DEFAULT_SETTINGS
    rules = load_generator_rules(settings.rules_path())  # configuration errors raise here ...
    c2pa_settings(settings)  # ... and here (unknown trust list, unreadable PEM)
    try:
        return _analyse(data, name, settings, rules)
    except Exception as exc:  # noqa: BLE001 - last line of defence for hostile bytes
        reason = f"internal error while analysing: {type(exc).__name__}: {exc}"
        return ImageEvidence(name, sniff_format(data), None, None, "unknown", Credentials(), errors=(reason,))


def _analyse(data: bytes, name: str, settings: ImageSettings, rules: GeneratorRules) -> ImageEvidence:
    errors: list[str] = []
    fmt = sniff_format(data)
    if not fmt:
        errors.append("not a recognised image or media format" if data else "empty file")
        return ImageEvidence(name, "", None, None, "unknown", Credentials(), errors=tuple(errors))
    if media_kind(fmt) != "image":
        return _analyse_media(data, name, fmt, settings, rules)

    opened = open_image(data, fmt, settings.max_pixels) if fmt != "SVG" else None
    image = opened.image if opened else None
    if opened and opened.error:
        errors.append(opened.error)

    fields, problems = collect(fmt, data, image)
    errors.extend(f"metadata: {p}" for p in problems)

    remote_ref = any(f.key == "xmp:dcterms:provenance" for f in fields)
    creds, c2pa_signals = read_credentials(fmt, data, settings, rules, remote_reference=remote_ref)
    if creds.state == "error" and creds.error:
        errors.append(f"c2pa: {creds.error}")

    pixel_signals: list[Signal] = []
    if image is not None and not (opened and opened.error) and not _decode_is_redundant(fmt, creds, settings, rules):
        more, pixel_signals = _pixel_passes(image, fmt, settings, rules, errors)
        fields.extend(more)

    signals = [*c2pa_signals, *dst_signals(fields, rules), *generator_signals(fields, rules), *pixel_signals]
    cam = camera_signal(fields, rules)
    if cam:
        signals.append(cam)
    product = conformance.check(creds)
    signals = conformance.without_barred_claims(signals, product)
    generators = tuple(
        dict.fromkeys(s.source.split(":", 1)[1] for s in signals if s.source.startswith("generator:"))
    )
    return ImageEvidence(
        name=name,
        format=fmt,
        width=opened.width if opened else None,
        height=opened.height if opened else None,
        ai=decide(signals, rules),
        credentials=creds,
        signals=tuple(signals),
        generators=generators,
        capture_date=capture_date(fields),
        credit=credit(fields),
        errors=tuple(errors),
        rubric_signals=_active_rubric_signals(creds),
        conformance=product,
    )


def _analyse_media(data: bytes, name: str, fmt: str, settings: ImageSettings, rules: GeneratorRules) -> ImageEvidence:
    """Video, audio, a document or a manifest store: its Content Credentials, read as an image's are.

    Nothing here has pixels to decode, hash or search for a watermark; those passes are
    reported as not applicable. The metadata walkers are the images' (none of these
    containers is walked yet), so a remote reference cannot be ruled out: the reader
    is always asked, and says "no manifest" itself.
    """
    errors = [f"{fmt} structure: {p}" for p in walk(fmt, data).problems]
    creds, c2pa_signals = read_credentials(fmt, data, settings, rules, remote_reference=True)
    if creds.state == "error" and creds.error:
        errors.append(f"c2pa: {creds.error}")
    product = conformance.check(creds)
    signals = conformance.without_barred_claims(list(c2pa_signals), product)
    return ImageEvidence(
        name=name,
        format=fmt,
        width=None,
        height=None,
        ai=decide(signals, rules),
        credentials=creds,
        signals=tuple(signals),
        errors=tuple(errors),
        rubric_signals=_active_rubric_signals(creds),
        conformance=product,
        kind=media_kind(fmt),
        not_applicable=PIXEL_PASSES,
    )


def _active_rubric_signals(creds: Credentials) -> tuple[str, ...]:
    """The active manifest's inception and transformation signals (C2PA Asset Rubrics vocabulary)."""
    return next(((*m.inception, *m.transformation) for m in creds.rubric if m.role == "active"), ())


# formats whose pixels we decode only to prove the file is complete and readable
_INTEGRITY_ONLY = {"JPEG", "AVIF", "HEIF"}


def _decode_is_redundant(fmt: str, creds: Credentials, settings: ImageSettings, rules: GeneratorRules) -> bool:
    """A matched, untampered C2PA content hash already proves every byte is as signed,
    so decoding a JPEG/AVIF/HEIF only to find truncation cannot change the result."""
    if fmt not in _INTEGRITY_ONLY or not creds.content_bound:
        return False
    return not (settings.watermark and fmt in rules.section("watermark")["formats"])


def _pixel_passes(
    image: Image.Image, fmt: str, settings: ImageSettings, rules: GeneratorRules, errors: list[str]
) -> tuple[list[MetaField], list[Signal]]:
    """Decode (draft for JPEG), then the alpha payload and the watermark."""
    where = fmt.lower()
    wm = rules.section("watermark")
    run_watermark = settings.watermark and fmt in wm["formats"]
    try:
        # the watermark lives in full-resolution pixels: no draft decode if it is wanted
        image = load_pixels(image, fmt, full=run_watermark)
    except Exception as exc:  # noqa: BLE001 - truncated/corrupt data
        errors.append(f"unreadable pixels: {exc}")
        return [], []
    fields: list[MetaField] = []
    signals: list[Signal] = []
    try:
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        if has_alpha:
            # P/L/RGB with a tRNS chunk go through RGBA; converting them straight to RGB warns
            rgba = image if image.mode == "RGBA" else image.convert("RGBA")
            got, probs = stealth_fields(np.asarray(rgba.getchannel("A")), where)
            fields.extend(got)
            errors.extend(probs)
            image = rgba
        if run_watermark:
            signals.extend(watermark_signals(image, wm, where))
    except Exception as exc:  # noqa: BLE001
        errors.append(f"pixel analysis: {exc}")
    return fields, signals
