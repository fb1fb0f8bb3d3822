"""Load `signals/registry.yml`: the match radii and thresholds (data, not code).

Which file is used is the rule folders' decision (``RuleFolders.find(FILE)``:
the last folder holding one, so a newsroom's replaces the built-in one); this
module reads the one it is given, with ``file:line`` on bad content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..ruledata.yaml_lines import LineDict, RuleFileError, load_yaml
from .kinds import BITS

FILE = "signals/registry.yml"  # relative to a rule folder
_KEYS = {"version", "radius", "agree_radius", "agree_kinds", "pdq_min_quality", "max_matches", "placeholder_bits"}


class SettingsError(RuleFileError):
    """``signals/registry.yml`` cannot be used; str() is ``file:line: problem``."""


@dataclass(frozen=True)
class MatchSettings:
    """Two images show the same picture when one hash kind is within ``radius``, or at least
    ``agree_kinds`` kinds are within ``agree_radius`` together (PDQ only at ``pdq_min_quality``)."""

    radius: Mapping[str, int] = field(default_factory=lambda: {"phash": 8, "dhash": 8, "pdq": 31})
    agree_radius: Mapping[str, int] = field(default_factory=lambda: {"phash": 14, "dhash": 12})
    agree_kinds: int = 2
    pdq_min_quality: int = 50
    max_matches: int = 20
    placeholder_bits: int = 2
    source: str = "defaults"

    def is_placeholder(self, phash: bytes) -> bool:
        """A pHash with at most ``placeholder_bits`` bits set (or unset): a uniform or near-blank picture,
        such as a lazy-load placeholder, whose hash every other blank image shares; it links nothing."""
        ones = sum(bin(b).count("1") for b in phash)
        return min(ones, len(phash) * 8 - ones) <= self.placeholder_bits

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.radius, *self.agree_radius]))

    def search_radius(self, kind: str) -> int:
        """How far to look for one kind: the larger of its two radii (-1: not used)."""
        return max(self.radius.get(kind, -1), self.agree_radius.get(kind, -1))

    def is_match(self, distances: Mapping[str, int]) -> bool:
        """Decide from the closest distance of each kind (kinds not compared are left out)."""
        if any(d <= self.radius.get(k, -1) for k, d in distances.items()):
            return True
        return sum(1 for k, d in distances.items() if d <= self.agree_radius.get(k, -1)) >= self.agree_kinds


def load_match_settings(path: Path | None) -> MatchSettings:
    if path is None:
        return MatchSettings()
    return _load(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load(path: str, _mtime: int) -> MatchSettings:
    raw: Any = load_yaml(Path(path))
    if raw is None:
        raw = LineDict()
        raw.key_lines = {}
    if not isinstance(raw, LineDict):
        raise SettingsError(path, 1, "must be a mapping")
    unknown = set(raw) - _KEYS
    if unknown:
        first = min(unknown, key=raw.line_of)
        raise SettingsError(path, raw.line_of(first),
                            f"unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_KEYS))})")

    def radii(key: str) -> dict[str, int]:
        table = raw.get(key, {})
        if not isinstance(table, dict) or (key == "radius" and not table):
            raise SettingsError(path, raw.line_of(key), f"{key} must map hash kinds ({', '.join(BITS)}) to distances")
        for kind, r in table.items():
            line = table.line_of(kind) if isinstance(table, LineDict) else raw.line_of(key)
            if kind not in BITS:
                raise SettingsError(path, line, f"{key}.{kind}: unknown hash kind (one of {', '.join(BITS)})")
            if not isinstance(r, int) or isinstance(r, bool) or not 0 <= r < BITS[kind] // 2:
                raise SettingsError(path, line, f"{key}.{kind} must be a whole number from 0 to {BITS[kind] // 2 - 1}")
        return dict(table)

    def whole(key: str, default: int, low: int, high: int) -> int:
        v = raw.get(key, default)
        if not isinstance(v, int) or isinstance(v, bool) or not low <= v <= high:
            raise SettingsError(path, raw.line_of(key), f"{key} must be a whole number from {low} to {high}")
        return v

    return MatchSettings(
        radius=radii("radius"),
        agree_radius=radii("agree_radius"),
        agree_kinds=whole("agree_kinds", 2, 2, len(BITS)),
        pdq_min_quality=whole("pdq_min_quality", 50, 0, 100),
        max_matches=whole("max_matches", 20, 1, 10_000),
        placeholder_bits=whole("placeholder_bits", 2, 0, 16),
        source=path,
    )
