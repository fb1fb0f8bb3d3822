"""An article given as an http(s) URL (``integrity scan https://…``), read only with ``--fetch-remote``.

The page is fetched by :func:`.images.fetch_url`, the guarded fetch remote images use: http(s) only,
public addresses on every redirect hop, the host allow-list, a timeout, and ``max_document_bytes`` as
its size cap. The report names the URL as given; ``base_url`` is the URL the page finally came from,
so its relative image links resolve where the browser would resolve them; the response's Content-Type
charset decides the page's encoding before its ``<meta>`` does, as in the browser.
"""

from __future__ import annotations

from ..config import Config
from .document import Document, InputError
from .images import ImageFetchOptions, Unresolved, fetch_url

_SCHEMES = ("http://", "https://")
_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.8"


def is_url(given: str) -> bool:
    """A command-line input that names a web page rather than a file."""
    return given.lower().startswith(_SCHEMES)


def read_url(url: str, config: Config) -> Document:
    """The page at ``url`` as a document; raises :class:`InputError` (``input.remote`` without
    ``fetch_remote``; ``input.refused`` / ``input.unreachable`` / ``input.too-large`` from the fetch)."""
    if not config.fetch_remote:
        raise InputError("input.remote", "a URL is fetched only when asked (use --fetch-remote)")
    opts = ImageFetchOptions(
        fetch_remote=True, allowed_hosts=config.allowed_hosts, max_bytes=config.max_document_bytes,
        allow_private=config.fetch_private_addresses,
    )
    try:
        data, final, content_type = fetch_url(url, opts, what="input", noun="page", accept=_ACCEPT, sniff=False)
    except Unresolved as exc:
        raise InputError(exc.code, exc.message) from None
    return Document(url, data, None, final, content_type=content_type)
