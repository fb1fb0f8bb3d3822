"""``integrity serve``: argument parsing and the uvicorn launch (FastAPI is imported only here)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..config import ConfigError, load_config
from .settings import ServiceSettings, check_bind, service_table, settings_from

ENV_ARGS = "INTEGRITY_SERVE_ARGS"  # how worker processes get the parent's options


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        "serve", help="run the HTTP API and the editor's web page",
        description="Serve POST /v1/check, /v1/inspect, GET /v1/rules, /healthz, /docs and the web page at /. "
                    "API keys come from INTEGRITY_API_KEYS or [tool.integrity.service] api_keys; without keys "
                    "only a loopback address is allowed.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port (default: 8080)")
    p.add_argument("--config", type=Path, metavar="FILE", help="integrity.toml or pyproject.toml to use")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default: 1)")
    p.add_argument("--max-body-mb", type=float, metavar="MB", help="largest request body (default: 25)")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="time limit per request (default: 30)")
    p.add_argument("--concurrency", type=int, metavar="N", help="checks at once per worker (default: 4)")
    p.add_argument("--fetch-remote", action="store_true", help="fetch remote http(s) images (public addresses only)")
    p.add_argument("--allow-host", action="append", default=[], metavar="HOST", help="with --fetch-remote: only these hosts")
    p.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"))
    return p


def settings_for(options: dict[str, Any]) -> ServiceSettings:
    config_path = options.get("config")
    config = load_config(Path(config_path) if config_path else None)
    if options.get("fetch_remote"):
        config = replace(config, fetch_remote=True)
    if options.get("allow_host"):
        config = replace(config, allowed_hosts=tuple(options["allow_host"]))
    mb = options.get("max_body_mb")
    return settings_from(
        config, service_table(config),
        max_body_bytes=int(mb * 1024 * 1024) if mb else None,
        request_timeout=options.get("timeout"),
        max_concurrency=options.get("concurrency"),
    )


def app_from_env() -> Any:
    """Uvicorn factory for worker processes: rebuild the app from the parent's options."""
    from .app import create_app
    from .connections import configure

    settings = settings_for(json.loads(os.environ.get(ENV_ARGS, "{}")))
    configure(settings)  # this worker process's connection limits
    return create_app(settings)


def _port_taken(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (e.g. another server holds it), or None.

    Tried here, with the options uvicorn binds with, so a busy port is a usage error (exit 2)
    with the reason rather than uvicorn's startup failure (exit 3)."""
    import socket  # only when serving: a CLI start-up that builds this parser stays free of the network modules

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return None


def run(args: argparse.Namespace) -> int:
    options = {
        "config": str(args.config.resolve()) if args.config else None, "fetch_remote": args.fetch_remote,
        "allow_host": args.allow_host, "max_body_mb": args.max_body_mb, "timeout": args.timeout,
        "concurrency": args.concurrency,
    }
    try:
        settings = settings_for(options)
        check_bind(args.host, settings)
    except ConfigError as exc:
        print(f"integrity: error: {exc}", file=sys.stderr)
        return 2
    try:
        import uvicorn

        from .app import create_app
        from .connections import configure
        from .logs import logging_config
    except ImportError as exc:
        print(f"integrity: error: serve needs the service extra (pip install 'integrity[service]'): {exc}",
              file=sys.stderr)
        return 2
    taken = _port_taken(args.host, args.port)
    if taken:
        print(f"integrity: error: {taken}", file=sys.stderr)
        return 2
    common: dict[str, Any] = {
        "host": args.host, "port": args.port, "log_config": logging_config(args.log_level), "access_log": False,
        "server_header": False, "proxy_headers": False, "timeout_keep_alive": 5,
        # open connections in all; checks at once and queued are the app's Gate's (503 past them), and slow
        # or greedy clients are cut off by the header deadline and the per-address cap (connections.py)
        "limit_concurrency": settings.max_connections, "http": configure(settings),
    }
    if args.workers > 1:
        os.environ[ENV_ARGS] = json.dumps(options)
        uvicorn.run(f"{__name__}:app_from_env", factory=True, workers=args.workers, **common)
    else:
        uvicorn.run(create_app(settings), **common)
    return 0

