"""Settings of the HTTP service: API keys, limits and the check config it runs with.

Keys come from the environment (``INTEGRITY_API_KEYS``, comma- or
space-separated) and/or the ``service`` table of the integrity config
(``[tool.integrity.service]`` in pyproject.toml, ``[service]`` in
integrity.toml). A key in a file may be written as ``sha256:<hex digest>`` so
the file never holds the key itself. Unknown keys in the table are errors.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import Config, ConfigError

ENV_KEYS = "INTEGRITY_API_KEYS"
DEFAULT_MAX_BODY_BYTES = 25 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0
DEFAULT_WORKERS = 4
DEFAULT_MAX_WAITING = 64
DEFAULT_MAX_IMAGES = 50
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_PER_CLIENT = 32
DEFAULT_MAX_CONNECTIONS = 1024
_TABLE_KEYS = {"api_keys", "max_body_bytes", "request_timeout", "max_concurrency", "max_waiting", "max_images",
               "header_timeout", "max_connections_per_client", "max_connections"}


@dataclass(frozen=True)
class ServiceSettings:
    config: Config = field(default_factory=Config)
    api_keys: tuple[str, ...] = field(default=(), repr=False)  # plain keys or "sha256:<hex>"
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES  # larger request bodies get 413, unread
    request_timeout: float = DEFAULT_TIMEOUT  # seconds for reading the body, and again for the check itself
    max_concurrency: int = DEFAULT_WORKERS  # checks running at once (worker threads)
    max_waiting: int = DEFAULT_MAX_WAITING  # checks queued for a worker; more get 503
    max_images: int = DEFAULT_MAX_IMAGES  # files in one multipart request
    header_timeout: float = DEFAULT_HEADER_TIMEOUT  # seconds a client has to send a request's head
    max_connections_per_client: int = DEFAULT_PER_CLIENT  # open connections from one address; more are closed
    max_connections: int = DEFAULT_MAX_CONNECTIONS  # open connections in all; past it requests get 503

    @property
    def auth_required(self) -> bool:
        return bool(self.api_keys)

    def check_config(self) -> Config:
        """The config checks run with: never a local image root, whatever the file said."""
        return replace(self.config, image_root=None)


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def check_bind(host: str, settings: ServiceSettings) -> None:
    """Refuse to listen beyond this machine without API keys."""
    if not is_loopback(host) and not settings.auth_required:
        raise ConfigError(
            f"refusing to listen on {host} without API keys: set {ENV_KEYS} or [tool.integrity.service] api_keys,"
            " or listen on 127.0.0.1"
        )


def keys_from_env(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    raw = (os.environ if environ is None else environ).get(ENV_KEYS, "")
    return tuple(k for k in raw.replace(",", " ").split() if k)


def service_table(config: Config) -> dict[str, Any]:
    """The raw ``service`` table of the file ``config`` came from ({} for defaults)."""
    path = Path(config.origin)
    if config.origin in ("defaults", "<dict>") or not path.is_file():
        return {}
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    table = data.get("tool", {}).get("integrity", {}) if path.name == "pyproject.toml" else data
    service = table.get("service", {}) if isinstance(table, dict) else {}
    if not isinstance(service, dict):
        raise ConfigError(f"{path}: service must be a table")
    return service


def settings_from(config: Config, table: Mapping[str, Any], environ: Mapping[str, str] | None = None,
                  **overrides: Any) -> ServiceSettings:
    origin = config.origin
    unknown = set(table) - _TABLE_KEYS
    if unknown:
        raise ConfigError(f"{origin}: unknown service key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_TABLE_KEYS))})")
    keys = table.get("api_keys", [])
    if isinstance(keys, str):
        keys = [keys]
    if not isinstance(keys, list) or not all(isinstance(k, str) and k.strip() for k in keys):
        raise ConfigError(f"{origin}: service.api_keys must be a list of non-empty strings")

    def number(key: str, default: float, kind: type) -> Any:
        v = table.get(key, default)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or (kind is int and not isinstance(v, int)) or v <= 0:
            raise ConfigError(f"{origin}: service.{key} must be a positive {'whole ' if kind is int else ''}number")
        return kind(v)

    values: dict[str, Any] = {
        "config": config,
        "api_keys": tuple(dict.fromkeys([*keys_from_env(environ), *(k.strip() for k in keys)])),
        "max_body_bytes": number("max_body_bytes", DEFAULT_MAX_BODY_BYTES, int),
        "request_timeout": number("request_timeout", DEFAULT_TIMEOUT, float),
        "max_concurrency": number("max_concurrency", DEFAULT_WORKERS, int),
        "max_waiting": number("max_waiting", DEFAULT_MAX_WAITING, int),
        "max_images": number("max_images", DEFAULT_MAX_IMAGES, int),
        "header_timeout": number("header_timeout", DEFAULT_HEADER_TIMEOUT, float),
        "max_connections_per_client": number("max_connections_per_client", DEFAULT_PER_CLIENT, int),
        "max_connections": number("max_connections", DEFAULT_MAX_CONNECTIONS, int),
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return ServiceSettings(**values)
