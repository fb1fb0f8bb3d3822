"""User configuration: ``[tool.integrity]`` in pyproject.toml, or ``integrity.toml``.

Config re-levels or disables rules by id (globs allowed: ``claim/*``), adds rule
folders, and sets the CI gates and resource limits. Unknown keys and unknown
rule ids are errors, so a typo never silently turns a check off.
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .model import SEVERITIES, Severity
from .ruledata.folders import RuleFolders, builtin_rules_dir
from .rules.load import Ruleset

_KEYS = {
    "rules", "disable", "enable", "severity", "fail_under", "fail_on", "max_document_bytes",
    "image_root", "fetch_remote", "allowed_hosts", "trust_anchors", "max_image_bytes", "max_image_pixels",
    "image_cache", "document_timeout", "max_document_memory", "hash_images",
    "registry",  # the known-image registry (SQLite) that scans match images against
    "service",  # the HTTP service's own table, read and checked by integrity.service.settings
}
DEFAULT_FAIL_ON: Severity = "error"  # a gate by default, as Ruff and Vale have; ``fail_on = "none"`` opts out
NO_GATE = "none"
DEFAULT_MAX_IMAGE_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_IMAGE_PIXELS = 89_478_485  # Pillow's own decompression-bomb limit
DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_DOCUMENT_MEMORY = 2048  # MiB: a full-size (89 MP) WebP with its pixel analysis peaks near 1.3 GiB


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    rule_paths: tuple[Path, ...] = ()
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_under: int | None = None
    fail_on: Severity | None = DEFAULT_FAIL_ON  # None: no severity gate (config ``fail_on = "none"``)
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
    image_root: Path | None = None  # local images must live under here (default: each article's folder)
    fetch_remote: bool = False
    allowed_hosts: tuple[str, ...] = ()
    trust_anchors: tuple[Path, ...] = ()  # extra C2PA trust anchors (PEM), on top of the bundled lists
    max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES
    max_image_pixels: int = DEFAULT_MAX_IMAGE_PIXELS
    image_cache: Path | None = None
    hash_images: bool = False  # pHash every image (the audit turns this on to find reuse across articles)
    document_timeout: float = 60.0  # seconds per document (CLI scan and audit workers; 0 = no limit)
    # MiB one document may add to the process's data memory (CLI scan and audit workers; 0 = no limit)
    max_document_memory: int = DEFAULT_MAX_DOCUMENT_MEMORY
    registry: Path | None = None  # known-image registry database; None: no registry matching
    origin: str = field(default="defaults", compare=False)

    @staticmethod
    def from_dict(data: Mapping[str, Any], *, base: Path | None = None, origin: str = "<dict>") -> Config:
        base = base or Path.cwd()
        unknown = set(data) - _KEYS
        if unknown:
            raise ConfigError(f"{origin}: unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_KEYS))})")

        def str_list(key: str) -> tuple[str, ...]:
            v = data.get(key, [])
            if isinstance(v, str):
                v = [v]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise ConfigError(f"{origin}: {key} must be a list of strings")
            return tuple(v)

        sev = data.get("severity", {})
        if not isinstance(sev, Mapping):
            raise ConfigError(f"{origin}: severity must be a table of rule id = severity")
        for rule_id, level in sev.items():
            if level not in SEVERITIES:
                raise ConfigError(f"{origin}: severity for {rule_id!r} must be one of {', '.join(SEVERITIES)}")
        fail_on = data.get("fail_on", DEFAULT_FAIL_ON)
        if fail_on not in (*SEVERITIES, NO_GATE):
            raise ConfigError(f"{origin}: fail_on must be one of {', '.join(SEVERITIES)} or {NO_GATE!r}")
        fail_under = data.get("fail_under")
        if fail_under is not None and (not isinstance(fail_under, int) or not 0 <= fail_under <= 100):
            raise ConfigError(f"{origin}: fail_under must be a whole number from 0 to 100")
        max_bytes = data.get("max_document_bytes", DEFAULT_MAX_DOCUMENT_BYTES)
        if not isinstance(max_bytes, int) or max_bytes <= 0:
            raise ConfigError(f"{origin}: max_document_bytes must be a positive whole number")
        def positive(key: str, default: int) -> int:
            v = data.get(key, default)
            if not isinstance(v, int) or v <= 0:
                raise ConfigError(f"{origin}: {key} must be a positive whole number")
            return v

        fetch_remote = data.get("fetch_remote", False)
        if not isinstance(fetch_remote, bool):
            raise ConfigError(f"{origin}: fetch_remote must be true or false")
        image_root = data.get("image_root")
        image_cache = data.get("image_cache")
        registry = data.get("registry")
        if registry is not None and (not isinstance(registry, str) or not registry.strip()):
            raise ConfigError(f"{origin}: registry must be the path of a registry database")
        timeout = data.get("document_timeout", 60.0)
        if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout < 0:
            raise ConfigError(f"{origin}: document_timeout must be a number of seconds >= 0")
        memory = data.get("max_document_memory", DEFAULT_MAX_DOCUMENT_MEMORY)
        if not isinstance(memory, int) or isinstance(memory, bool) or memory < 0:
            raise ConfigError(f"{origin}: max_document_memory must be a whole number of MiB >= 0 (0: no limit)")
        return Config(
            document_timeout=float(timeout),
            max_document_memory=memory,
            hash_images=bool(data.get("hash_images", False)),
            image_root=(base / image_root).resolve() if isinstance(image_root, str) else None,
            fetch_remote=fetch_remote,
            allowed_hosts=str_list("allowed_hosts"),
            trust_anchors=tuple((base / p).resolve() for p in str_list("trust_anchors")),
            max_image_bytes=positive("max_image_bytes", DEFAULT_MAX_IMAGE_BYTES),
            max_image_pixels=positive("max_image_pixels", DEFAULT_MAX_IMAGE_PIXELS),
            image_cache=(base / image_cache).resolve() if isinstance(image_cache, str) else None,
            registry=(base / registry).resolve() if isinstance(registry, str) else None,
            rule_paths=tuple((base / p).resolve() for p in str_list("rules")),
            disable=str_list("disable"),
            enable=str_list("enable"),
            severity=tuple(sorted(sev.items())),
            fail_under=fail_under,
            fail_on=None if fail_on == NO_GATE else fail_on,
            max_document_bytes=max_bytes,
            origin=origin,
        )

    def rule_folders(self) -> RuleFolders:
        """The built-in rule folder, then this config's ``rules`` folders: where every kind of rule data is found."""
        return RuleFolders([builtin_rules_dir(), *self.rule_paths])

    def apply(self, ruleset: Ruleset) -> Ruleset:
        """The ruleset with this config's disables, enables and severity overrides applied."""
        ids = list(ruleset.by_id)

        def matching(pattern: str, what: str) -> list[str]:
            hits = fnmatch.filter(ids, pattern)
            if not hits:
                raise ConfigError(f"{self.origin}: {what} names no known rule: {pattern!r}")
            return hits

        enabled = {r.id: r.enabled for r in ruleset.rules}
        for pattern in self.disable:
            for rid in matching(pattern, "disable"):
                enabled[rid] = False
        for pattern in self.enable:
            for rid in matching(pattern, "enable"):
                enabled[rid] = True
        levels: dict[str, Severity] = {}
        for pattern, level in self.severity:
            for rid in matching(pattern, "severity"):
                levels[rid] = level
        rules = tuple(
            replace(r, enabled=enabled[r.id], severity=levels.get(r.id, r.severity)) for r in ruleset.rules
        )
        return replace(ruleset, rules=rules, by_id={r.id: r for r in rules})


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """An explicit file, else the nearest integrity.toml / pyproject.toml with [tool.integrity]."""
    if path is not None:
        if not path.exists():
            raise ConfigError(f"{path}: no such config file")
        data = _read_toml(path)
        if "tool" in data or path.name == "pyproject.toml":
            table = data.get("tool", {}).get("integrity")
            if table is None:
                raise ConfigError(f"{path}: has no [tool.integrity] table")
        else:
            table = data
        return Config.from_dict(table, base=path.parent, origin=str(path))
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "integrity.toml"
        if candidate.is_file():
            return load_config(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("integrity")
            if table is not None:
                return Config.from_dict(table, base=folder, origin=str(pyproject))
        if (folder / ".git").exists():
            break
    return Config()
