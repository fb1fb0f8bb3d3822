"""``integrity inspect``: one image's verdict, credentials and every signal, without an article."""

from __future__ import annotations

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


def verdict(evidence: ImageEvidence, path: str) -> dict[str, Any]:
    """The inspect record: ``ai`` and ``credentials`` {state, problem} first, the detail after."""
    detail = evidence.to_dict()
    cred = detail.pop("credentials")
    return {
        "path": path,
        "format": detail.pop("format"),
        "width": detail.pop("width"),
        "height": detail.pop("height"),
        "ai": detail.pop("ai"),
        "credentials": {"state": cred["state"], "problem": cred["problem"]},
        "signals": detail.pop("signals"),
        "c2pa": cred,
        **{k: v for k, v in detail.items() if k != "name"},
    }


def inspect_image(source: str | Path | bytes, *, config: Config | None = None, name: str = "") -> dict[str, Any]:
    """Analyse one image file (or its bytes) and return the inspect record."""
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

    return verdict(analyse_image(data, name=path, settings=settings_for(config)), path)


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
    lines = [f"{record['path']}  ({record.get('format') or 'unknown format'}"
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
    for s in record.get("signals") or []:
        lines.append(f"  signal: {s['kind']} ({s['strength']}) from {s['source']} at {s['where']}: {str(s['value'])[:80]}")
    if record.get("capture_date"):
        lines.append(f"  captured: {record['capture_date']}")
    for err in record.get("errors") or []:
        lines.append(f"  problem: {err}")
    return "\n".join(lines)
