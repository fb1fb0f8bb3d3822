"""User configuration: ``[tool.integrity]`` in pyproject.toml, or ``integrity.toml``.

Config re-levels or disables rules by id (globs allowed: ``claim/*``), adds rule
folders, and sets the CI gates and resource limits. Unknown keys and unknown
rule ids are errors, so a typo never silently turns a check off.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .model import SEVERITIES, Severity
from .profiles import UnknownProfile, get_profile
from .profiles import names as profile_names
from .ruledata.folders import RuleFolders, builtin_rules_dir
from .rules.load import Ruleset
from .sources.selection import FolderRules, Patterns

_KEYS = {
    "rules", "disable", "enable", "severity", "fail_under", "fail_on", "max_document_bytes",
    "image_root", "fetch_remote", "fetch_private_addresses", "allowed_hosts", "trust_anchors", "max_image_bytes", "max_image_pixels",
    "image_cache", "document_timeout", "max_document_memory", "hash_images",
    "registry",  # the known-image registry (SQLite) that scans match images against
    "docs_url",  # where docs/ is published (e.g. the repository's docs folder): SARIF links rules to rules.md there
    "service",  # the HTTP service's own table, read and checked by integrity.service.settings
    # which files a folder walk leaves out (integrity.sources.selection): gitwildmatch patterns relative to
    # this file's folder; ``exclude`` replaces the built-in not-article names, ``extend_exclude`` adds to them
    "exclude", "extend_exclude", "extend-exclude", "respect_gitignore",
    "bundled_list_max_age_days",  # days before a bundled C2PA list is called stale (default: data/conformance/lists.toml)
    "profile",  # a named set of rules and report sections (integrity/data/profiles.toml): "eu-ai-act"
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
    # with fetch_remote: loopback/private addresses too (a staging server on the newsroom's network; off by default)
    fetch_private_addresses: bool = False
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
    docs_url: str | None = None  # base URL of the published docs/ folder; None: reports link no rule docs
    exclude: tuple[str, ...] | None = None  # None: the built-in not-article names (data/not_articles.toml)
    extend_exclude: tuple[str, ...] = ()  # patterns left out on top of ``exclude``
    respect_gitignore: bool = True  # .gitignore and .integrityignore files leave out what they name
    bundled_list_max_age_days: int | None = None  # None: the limit in data/conformance/lists.toml
    folder: Path | None = field(default=None, compare=False)  # the config file's folder: exclusions are relative to it
    profile: str | None = None  # integrity.profiles: rules it enables, report sections it adds
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
        fetch_private = data.get("fetch_private_addresses", False)
        if not isinstance(fetch_private, bool):
            raise ConfigError(f"{origin}: fetch_private_addresses must be true or false")
        image_root = data.get("image_root")
        image_cache = data.get("image_cache")
        registry = data.get("registry")
        if registry is not None and (not isinstance(registry, str) or not registry.strip()):
            raise ConfigError(f"{origin}: registry must be the path of a registry database")
        docs_url = data.get("docs_url")
        if docs_url is not None and (not isinstance(docs_url, str) or not re.fullmatch(r"https?://[^\s/]+(/\S*)?", docs_url)):
            raise ConfigError(f"{origin}: docs_url must be an http(s) URL, the base of the published docs/ folder")
        timeout = data.get("document_timeout", 60.0)
        if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout < 0:
            raise ConfigError(f"{origin}: document_timeout must be a number of seconds >= 0")
        memory = data.get("max_document_memory", DEFAULT_MAX_DOCUMENT_MEMORY)
        if not isinstance(memory, int) or isinstance(memory, bool) or memory < 0:
            raise ConfigError(f"{origin}: max_document_memory must be a whole number of MiB >= 0 (0: no limit)")
        profile = data.get("profile")
        if profile is not None:
            if not isinstance(profile, str):
                raise ConfigError(f"{origin}: profile must be a profile name ({', '.join(profile_names())})")
            try:
                get_profile(profile)
            except UnknownProfile as exc:
                raise ConfigError(f"{origin}: {exc}") from None
        if "extend_exclude" in data and "extend-exclude" in data:
            raise ConfigError(f"{origin}: give extend_exclude or extend-exclude, not both")
        respect_gitignore = data.get("respect_gitignore", True)
        if not isinstance(respect_gitignore, bool):
            raise ConfigError(f"{origin}: respect_gitignore must be true or false")
        list_age = data.get("bundled_list_max_age_days")
        if list_age is not None and (not isinstance(list_age, int) or isinstance(list_age, bool) or list_age <= 0):
            raise ConfigError(f"{origin}: bundled_list_max_age_days must be a positive whole number of days")
        return Config(
            bundled_list_max_age_days=list_age,
            exclude=str_list("exclude") if "exclude" in data else None,
            extend_exclude=str_list("extend-exclude" if "extend-exclude" in data else "extend_exclude"),
            respect_gitignore=respect_gitignore,
            folder=base.resolve(),
            document_timeout=float(timeout),
            max_document_memory=memory,
            hash_images=bool(data.get("hash_images", False)),
            image_root=(base / image_root).resolve() if isinstance(image_root, str) else None,
            fetch_remote=fetch_remote,
            fetch_private_addresses=fetch_private,
            allowed_hosts=str_list("allowed_hosts"),
            trust_anchors=tuple((base / p).resolve() for p in str_list("trust_anchors")),
            max_image_bytes=positive("max_image_bytes", DEFAULT_MAX_IMAGE_BYTES),
            max_image_pixels=positive("max_image_pixels", DEFAULT_MAX_IMAGE_PIXELS),
            image_cache=(base / image_cache).resolve() if isinstance(image_cache, str) else None,
            registry=(base / registry).resolve() if isinstance(registry, str) else None,
            docs_url=docs_url,
            rule_paths=tuple((base / p).resolve() for p in str_list("rules")),
            disable=str_list("disable"),
            enable=str_list("enable"),
            severity=tuple(sorted(sev.items())),
            fail_under=fail_under,
            fail_on=None if fail_on == NO_GATE else fail_on,
            max_document_bytes=max_bytes,
            profile=profile,
            origin=origin,
        )

    def folder_rules(self, extra: Patterns | None = None, respect_gitignore: bool | None = None) -> FolderRules:
        """What a folder walk under this config leaves out; ``extra`` (``--exclude``) and ``respect_gitignore``
        (``--no-respect-gitignore``) come from the command line and win."""
        base = self.folder or Path.cwd()
        excludes = [Patterns(p, base) for p in (self.exclude, self.extend_exclude) if p]
        if extra is not None and extra.patterns:
            excludes.append(extra)
        return FolderRules(
            excludes=tuple(excludes),
            defaults=self.exclude is None,
            respect_gitignore=self.respect_gitignore if respect_gitignore is None else respect_gitignore,
        )

    def rule_folders(self) -> RuleFolders:
        """The built-in rule folder, then this config's ``rules`` folders: where every kind of rule data is found."""
        return RuleFolders([builtin_rules_dir(), *self.rule_paths])

    @property
    def profile_rules(self) -> tuple[str, ...]:
        """The rules the profile turns on (before this config's own disables and enables)."""
        return get_profile(self.profile).enable if self.profile else ()

    @property
    def sections(self) -> tuple[str, ...]:
        """The report sections the profile adds ("article50")."""
        return get_profile(self.profile).sections if self.profile else ()

    def apply(self, ruleset: Ruleset) -> Ruleset:
        """The ruleset with this config's disables, enables and severity overrides applied."""
        ids = list(ruleset.by_id)

        def matching(pattern: str, what: str) -> list[str]:
            hits = fnmatch.filter(ids, pattern)
            if not hits:
                raise ConfigError(f"{self.origin}: {what} names no known rule: {pattern!r}")
            return hits

        enabled = {r.id: r.enabled for r in ruleset.rules}
        for pattern in self.profile_rules:  # the profile first: the config's own disables still win
            for rid in matching(pattern, "profile"):
                enabled[rid] = True
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
    """An explicit file, else the nearest integrity.toml / pyproject.toml with [tool.integrity] above ``start``
    (default: the working directory), stopping at the top of a git repository."""
    if path is None:
        return ConfigFinder()(start or Path.cwd())
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


class ConfigFinder:
    """The configuration of each folder, as Ruff finds it: the nearest ``integrity.toml``, else the nearest
    ``pyproject.toml`` with a ``[tool.integrity]`` table, in the folder or above it (not above the top of a
    git repository); the built-in defaults when there is none.

    The nearest file wins whole: a folder's config is not merged with a parent folder's. An explicit file
    (``--config``) is every folder's config. ``adjust`` is applied once to each config found (the command
    line's options, which win over every file). Found configs are cached, so one instance answers a whole
    walk with one read per config file.
    """

    def __init__(self, explicit: Path | None = None, adjust: Callable[[Config], Config] | None = None) -> None:
        self._adjust = adjust or (lambda config: config)
        self._explicit = self._adjust(load_config(explicit)) if explicit is not None else None
        self._by_folder: dict[Path, Config] = {}
        self._by_file: dict[str, Config] = {}

    def __call__(self, folder: Path) -> Config:
        if self._explicit is not None:
            return self._explicit
        folder = folder.resolve()
        chain: list[Path] = []
        found: Config | None = None
        for here in (folder, *folder.parents):
            if here in self._by_folder:
                found = self._by_folder[here]
                break
            chain.append(here)
            own = self._own(here)
            if own is not None:
                found = own
                break
            if (here / ".git").exists():
                break
        config = found if found is not None else self._adjusted(Config())
        for here in chain:
            self._by_folder[here] = config
        return config

    def _own(self, folder: Path) -> Config | None:
        candidate = folder / "integrity.toml"
        if candidate.is_file():
            return self._adjusted(load_config(candidate))
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("integrity")
            if table is not None:
                return self._adjusted(Config.from_dict(table, base=folder, origin=str(pyproject)))
        return None

    def _adjusted(self, config: Config) -> Config:
        if config.origin not in self._by_file:
            self._by_file[config.origin] = self._adjust(config)
        return self._by_file[config.origin]
