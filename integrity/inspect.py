"""``integrity inspect``: one image's verdict, credentials and every signal, without an article.

Video, audio, PDF and ``.c2pa`` manifest stores are inspected the same way: ``kind``
says which medium it is, and ``not_applicable`` lists the pixel passes it has none for."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config

if TYPE_CHECKING:
    from .images import ImageEvidence, ImageSettings

# the image machinery (numpy, PyWavelets, c2pa: 0.12 s) is imported on first use, so that
# a process that checks only text, as most CI runs do, never pays for it


def settings_for(config: Config) -> ImageSettings:
    """The config's trust anchors and limits, and the generator table its rule folders pick."""
    from .images import ImageSettings

    return ImageSettings(extra_anchors=tuple(str(p) for p in config.trust_anchors), max_pixels=config.max_image_pixels,
                         rules_file=ImageSettings.rules_file_in(config.rule_folders()))


def verdict(evidence: ImageEvidence, path: str, notes: tuple[str, ...] = ()) -> dict[str, Any]:
    """The inspect record: ``ai`` (and the same in the C2PA Asset Rubrics vocabulary), ``credentials``
    {state, problem} and the product's standing on the Conforming Products List first, the detail after.
    ``notes``: what the reader should know about the verdict's inputs (a stale bundled list)."""
    detail = evidence.to_dict()
    cred = detail.pop("credentials")
    record = {
        "path": path,
        "format": detail.pop("format"),
        "kind": detail.pop("kind"),
        "width": detail.pop("width"),
        "height": detail.pop("height"),
        "ai": detail.pop("ai"),
        "rubric_signals": detail.pop("rubric_signals"),
        "credentials": {"state": cred["state"], "problem": cred["problem"]},
        "conformance": detail.pop("conformance"),
        "signals": detail.pop("signals"),
        "c2pa": cred,
        **{k: v for k, v in detail.items() if k != "name"},
    }
    if notes and cred["state"] != "none":
        record["notes"] = list(notes)
    return record


def list_notes(config: Config, today: date | None = None) -> tuple[str, ...]:
    """Notes on bundled C2PA lists older than the config's limit (``bundled_list_max_age_days``, else the data's)."""
    from .images.bundled_lists import stale_notes

    return stale_notes(today or date.today(), config.bundled_list_max_age_days)


def inspect_image(source: str | Path | bytes, *, config: Config | None = None, name: str = "",
                  today: date | None = None) -> dict[str, Any]:
    """Analyse one image file (or its bytes) and return the inspect record; ``today`` dates the
    bundled lists' age check (default: the clock's)."""
    config = config or Config()
    if isinstance(source, bytes):
        data, path = source, name or "<bytes>"
    else:
        path = str(source)
        p = Path(source)
        if not p.is_file():
            return {"path": path, "ai": "unknown", "credentials": {"state": "none", "problem": None},
                    "signals": [], "errors": ["no such file"]}
        if p.stat().st_size > config.max_image_bytes:
            return {"path": path, "ai": "unknown", "credentials": {"state": "none", "problem": None},
                    "signals": [], "errors": [f"over the image limit of {config.max_image_bytes} bytes"]}
        data = p.read_bytes()
    from .images import analyse_image

    return verdict(analyse_image(data, name=path, settings=settings_for(config)), path, list_notes(config, today))


# formats read without a raster header (no width or height to parse)
_VECTOR_FORMATS = frozenset({"SVG"})


def was_read(record: dict[str, Any]) -> bool:
    """Whether the image was read at all: its format recognised and, for a raster format, its
    header parsed (a size); a file whose header no decoder can parse was not inspected, even if its
    magic bytes name a format. An image read whose pixels are damaged was read (the record says so)."""
    if not record.get("errors"):
        return True
    fmt = record.get("format")
    return bool(fmt) and (record.get("width") is not None or fmt in _VECTOR_FORMATS)


def summary_text(record: dict[str, Any]) -> str:
    """A few lines in the spirit of a Content Credentials summary."""
    kind = record.get("kind")
    lines = [f"{record['path']}  ({record.get('format') or 'unknown format'}"
             + (f" {kind}" if kind and kind != "image" else "")
             + (f", {record['width']}×{record['height']}" if record.get("width") else "") + ")"]
    ai = {"generated": "AI-generated", "edited": "edited with AI",
          "possible": "possibly AI (a declared source that may hold generative AI)", "none": "not AI (evidence of capture)",
          "unknown": "unknown (no evidence either way)"}[record["ai"]]
    lines.append(f"  AI: {ai}")
    cred, c2pa = record["credentials"], record.get("c2pa") or {}
    if cred["state"] == "none":
        lines.append("  Content Credentials: none")
    else:
        problem = f" — {cred['problem']}" if cred["problem"] else ""
        lines.append(f"  Content Credentials: {cred['state']}{problem}")
        if c2pa.get("signer"):
            lines.append(f"    signed by {c2pa['signer']}" + (f" on {c2pa['signing_time']}" if c2pa.get("signing_time") else ""))
        for gen in c2pa.get("claim_generators") or []:
            lines.append(f"    made with {gen}")
        for action in c2pa.get("actions") or []:
            dst = action.get("digital_source_type") or ""
            lines.append(f"    {action.get('action')}" + (f" ({dst.rsplit('/', 1)[-1]})" if dst else "") + f" [{action.get('where')}]")
        if c2pa.get("durable"):  # findable again once the file loses them: a soft binding or an embedded watermark
            bindings = [b for b in c2pa.get("soft_bindings") or [] if str(b.get("where", "")).startswith("c2pa:active/")]
            named = ", ".join(f"{b.get('alg') or 'no alg'} ({b.get('kind') or 'not on the C2PA list'})" for b in bindings)
            lines.append("    durable credentials: " + (f"soft binding {named}" if named else "a watermark was embedded"))
    if record.get("rubric_signals"):
        lines.append("  C2PA rubric signals: " + ", ".join(record["rubric_signals"]))
    conf = record.get("conformance")
    if conf:
        dn = conf.get("product") or {}
        who = ", ".join(f"{k}={v}" for k, v in dn.items())
        text = {"listed": "on the C2PA Conforming Products List", "unlisted": "not on the C2PA Conforming Products List",
                "disallowed-signal": "listed, but emits signals the list forbids it: "
                + ", ".join(conf.get("disallowed_signals") or []),
                "not-covered": "listed, but not for this file: " + "; ".join(conf.get("not_covered") or []),
                "unverified": "named like a listed product, but the signature is not trusted",
                "revoked": "its conformance was revoked"}.get(conf["status"], conf["status"])
        lines.append(f"  signing product ({who}): {text}")
    for s in record.get("signals") or []:
        lines.append(f"  signal: {s['kind']} ({s['strength']}) from {s['source']} at {s['where']}: {str(s['value'])[:80]}")
    if record.get("capture_date"):
        lines.append(f"  captured: {record['capture_date']}")
    if record.get("not_applicable"):
        lines.append(f"  not applicable to a {kind}: {', '.join(record['not_applicable'])}")
    for err in record.get("errors") or []:
        lines.append(f"  problem: {err}")

    return "\n".join(lines)
