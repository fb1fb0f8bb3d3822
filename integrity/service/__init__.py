"""``integrity serve``: the HTTP API (FastAPI + uvicorn) and the editor's web page.

Needs the ``service`` extra (``pip install 'integrity[service]'``). Build an
app with :func:`create_app` (ASGI; mount it anywhere) or run
``integrity serve``. See :mod:`integrity.service.app` for the endpoints.
"""

from __future__ import annotations

from .settings import ServiceSettings, check_bind, is_loopback

__all__ = ["ServiceSettings", "check_bind", "create_app", "is_loopback"]


def __getattr__(name: str) -> object:  # FastAPI is imported only when the app is wanted
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
