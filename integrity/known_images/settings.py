"""Load `rules/signals/registry.yml`: the match radii and thresholds (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

import yaml

from .hashing import BITS

FILE = Path("signals") / "registry.yml"
_KEYS = {"version", "radius", "pdq_min_quality", "min_kinds", "max_matches"}


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class MatchSettings:
    radius: Mapping[str, int] = field(default_factory=lambda: {"phash": 8, "dhash": 10, "pdq": 31})
    pdq_min_quality: int = 50
    min_kinds: int = 1
    max_matches: int = 20
    source: str = "defaults"


def settings_file(roots: Iterable[Path]) -> Path | None:
    """The last rule root holding ``signals/registry.yml`` wins (a newsroom's folder over the built-in one)."""
    found = None
    for root in roots:
        if (root / FILE).is_file():
            found = root / FILE
    return found


def load_match_settings(path: Path | None) -> MatchSettings:
    if path is None:
        return MatchSettings()
    return _load(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load(path: str, _mtime: int) -> MatchSettings:
    try:
        with open(path, encoding="utf-8") as fh:
            raw = yaml.safe_load(fh) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SettingsError(f"{path}: {exc}") from None
    if not isinstance(raw, dict):
        raise SettingsError(f"{path}: must be a mapping")
    unknown = set(raw) - _KEYS
    if unknown:
        raise SettingsError(f"{path}: unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_KEYS))})")
    radius = raw.get("radius", {})
    if not isinstance(radius, dict) or not radius:
        raise SettingsError(f"{path}: radius must map hash kinds ({', '.join(BITS)}) to distances")
    for kind, r in radius.items():
        if kind not in BITS:
            raise SettingsError(f"{path}: radius.{kind}: unknown hash kind (one of {', '.join(BITS)})")
        if not isinstance(r, int) or isinstance(r, bool) or not 0 <= r < BITS[kind] // 2:
            raise SettingsError(f"{path}: radius.{kind} must be a whole number from 0 to {BITS[kind] // 2 - 1}")

    def whole(key: str, default: int, low: int, high: int) -> int:
        v = raw.get(key, default)
        if not isinstance(v, int) or isinstance(v, bool) or not low <= v <= high:
            raise SettingsError(f"{path}: {key} must be a whole number from {low} to {high}")
        return v

    return MatchSettings(
        radius=dict(radius),
        pdq_min_quality=whole("pdq_min_quality", 50, 0, 100),
        min_kinds=whole("min_kinds", 1, 1, len(radius)),
        max_matches=whole("max_matches", 20, 1, 10_000),
        source=path,
    )
