"""Getting an article's image bytes, safely: the only place image I/O happens.

Local images resolve against the article's folder (or ``--root``, or a
``--base-url`` → ``--root`` mapping) and never outside that root; ``file://``
is never followed. ``data:`` URIs are decoded in memory. Remote http(s)
images are fetched only when asked (``fetch_remote``), with a size cap, a
timeout, content sniffing, an on-disk cache, and a refusal of loopback,
private and link-local addresses checked on every redirect hop.

:func:`fetch_url` is that one guarded fetch; ``integrity scan URL`` reads
pages through it too (:mod:`.remote`), so pages and images obey one set of
rules.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .document import InputError

DEFAULT_MAX_IMAGE_BYTES = 50 * 1024 * 1024
_IMAGE_MAGIC = (
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"RIFF",
    b"\x00\x00\x00",
    b"<svg",
    b"<?xml",
    b"II*\x00",
    b"MM\x00*",
    b"II+\x00",  # BigTIFF
    b"MM\x00+",
    b"\xff\x0a",  # JPEG XL codestream (its container starts with three NULs, above)
    b"BM",
)


@dataclass(frozen=True)
class ImageFetchOptions:
    root: Path | None = None  # local images must live under this folder (default: the article's folder)
    base_url: str | None = None  # URLs under base_url map to files under root
    fetch_remote: bool = False
    allowed_hosts: tuple[str, ...] = ()  # empty: any public host
    max_bytes: int = DEFAULT_MAX_IMAGE_BYTES
    timeout: float = 10.0
    max_redirects: int = 3
    cache_dir: Path | None = None
    # loopback, private and link-local addresses too: only by an explicit config key
    # (``fetch_private_addresses``), for a staging server on the newsroom's own network
    allow_private: bool = False


@dataclass(frozen=True)
class Fetched:
    data: bytes
    where: str  # the path or URL the bytes came from


class Unresolved(InputError):
    """An image that was not loaded; ``code`` says why (image.missing, image.refused …)."""


def _check_public(host: str, opts: ImageFetchOptions, what: str = "image") -> None:
    if opts.allowed_hosts and host.lower() not in {h.lower() for h in opts.allowed_hosts}:
        raise Unresolved(f"{what}.refused", f"host {host!r} is not in the allowed list")
    if opts.allow_private:
        return
    import socket  # network modules load only when an image is fetched, not for a text-only scan

    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        raise Unresolved(f"{what}.unreachable", f"cannot resolve {host!r}: {exc.strerror}") from None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if (
            ip.is_private
            or ip.is_loopback
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
        ):
            raise Unresolved(f"{what}.refused", f"{host!r} resolves to a non-public address ({ip}); not fetched")


def _fetch(url: str, opts: ImageFetchOptions) -> bytes:
    return fetch_url(url, opts)[0]


def fetch_url(url: str, opts: ImageFetchOptions, *, what: str = "image", noun: str = "image",
              accept: str = "image/*", sniff: bool = True) -> tuple[bytes, str, str | None]:
    """The bytes at ``url``, the URL they finally came from (after redirects) and the response's
    Content-Type (its charset decides a page's encoding), under the remote rules
    (http(s) only, public addresses on every hop, ``opts.max_bytes``, ``opts.timeout``). Errors are
    :class:`Unresolved` with codes ``{what}.refused`` / ``.unreachable`` / ``.too-large``; ``sniff``:
    the bytes must start like an image; ``noun`` is what messages call the thing fetched."""
    import http.client  # network modules load only when something is fetched, not for a text-only scan
    import ssl

    for _ in range(opts.max_redirects + 1):
        try:
            parts = urlsplit(url)
        except ValueError:
            raise Unresolved(f"{what}.refused", f"malformed URL {url!r}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Unresolved(f"{what}.refused", f"only http(s) {noun}s are fetched, not {parts.scheme or 'this'!r}")
        _check_public(parts.hostname, opts, what)
        conn_cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        kwargs = {"timeout": opts.timeout}
        if parts.scheme == "https":
            kwargs["context"] = ssl.create_default_context()
        conn = conn_cls(parts.hostname, parts.port, **kwargs)  # type: ignore[arg-type]
        try:
            path = parts.path or "/"
            if parts.query:
                path += "?" + parts.query
            conn.request("GET", path, headers={"User-Agent": f"integrity-{noun}-check", "Accept": accept})
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location")
                if not location:
                    raise Unresolved(f"{what}.unreachable", f"redirect without a Location from {url}")
                try:
                    url = urljoin(url, location)
                except ValueError:
                    raise Unresolved(f"{what}.unreachable", f"malformed redirect Location from {url}") from None
                continue
            if resp.status != 200:
                raise Unresolved(f"{what}.unreachable", f"HTTP {resp.status} from {url}")
            declared = resp.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > opts.max_bytes:
                raise Unresolved(f"{what}.too-large", f"{declared} bytes is over the {noun} limit of {opts.max_bytes}")
            data = resp.read(opts.max_bytes + 1)
            if len(data) > opts.max_bytes:
                raise Unresolved(f"{what}.too-large", f"more than {opts.max_bytes} bytes")
            if sniff and not data.lstrip()[:16].startswith(_IMAGE_MAGIC):
                raise Unresolved(f"{what}.not-an-image", f"{url} did not return image bytes")
            return data, url, resp.getheader("Content-Type")
        except (OSError, http.client.HTTPException) as exc:
            raise Unresolved(f"{what}.unreachable", f"{url}: {exc}") from None
        finally:
            conn.close()
    raise Unresolved(f"{what}.unreachable", f"more than {opts.max_redirects} redirects")


def _cached_fetch(url: str, opts: ImageFetchOptions) -> bytes:
    if opts.cache_dir is None:
        return _fetch(url, opts)
    key = hashlib.sha256(url.encode()).hexdigest()
    path = opts.cache_dir / key[:2] / key
    if path.is_file():
        return path.read_bytes()
    data = _fetch(url, opts)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return data


def _data_uri(src: str, max_bytes: int) -> bytes:
    header, _, payload = src.partition(",")
    if len(payload) > max_bytes * 4 // 3 + 4:
        raise Unresolved("image.too-large", f"data: URI over the image limit of {max_bytes} bytes")
    try:
        if header.endswith(";base64"):
            return base64.b64decode(payload, validate=False)
        return unquote(payload).encode("latin-1", errors="replace")
    except (binascii.Error, ValueError) as exc:
        raise Unresolved("image.unreadable", f"bad data: URI ({exc})") from None


def _local(rel: str, root: Path, opts: ImageFetchOptions, what: str = "image", noun: str = "image") -> Fetched:
    target = (root / unquote(rel.split("?")[0].split("#")[0]).lstrip("/")).resolve()
    root_resolved = root.resolve()
    if target != root_resolved and root_resolved not in target.parents:
        raise Unresolved(f"{what}.refused", f"{rel!r} points outside the article's root ({root})")
    if not target.is_file():
        raise Unresolved(f"{what}.missing", f"no file {target.relative_to(root_resolved)} under {root}")
    size = target.stat().st_size
    if size > opts.max_bytes:
        raise Unresolved(f"{what}.too-large", f"{size} bytes is over the {noun} limit of {opts.max_bytes}")
    return Fetched(target.read_bytes(), str(target))


def load_image(src: str, article_dir: Path | None, opts: ImageFetchOptions) -> Fetched:
    """The bytes of one image ``src`` as written in the article; raises :class:`Unresolved`."""
    src = src.strip()
    try:
        scheme = urlsplit(src).scheme.lower()
    except ValueError:
        raise Unresolved("image.refused", "malformed URL") from None
    if scheme == "data":
        return Fetched(_data_uri(src, opts.max_bytes), "data: URI")
    if scheme == "file":
        raise Unresolved("image.refused", "file:// URLs are never read")
    root = opts.root or article_dir
    if scheme in ("http", "https") or src.startswith("//"):
        url = "https:" + src if src.startswith("//") else src
        if opts.base_url and root is not None and url.startswith(opts.base_url):
            return _local(url[len(opts.base_url) :], root, opts)
        if not opts.fetch_remote:
            raise Unresolved("image.remote", "remote file not fetched (use --fetch-remote)")
        return Fetched(_cached_fetch(url, opts), url)
    if scheme:
        raise Unresolved("image.refused", f"{scheme}: URLs are not read")
    if root is None:
        raise Unresolved("image.missing", "relative image path, but the article has no folder (give --root)")
    return _local(src, root, opts)


def load_manifest_store(href: str, article_dir: Path | None, opts: ImageFetchOptions) -> Fetched:
    """The bytes of the manifest store a page links to (``<link rel="c2pa-manifest" href>``), under the image
    rules: a local file only inside the article's root and under the size cap, a remote one only when
    ``fetch_remote`` is on; never ``file:`` or ``data:``. Raises :class:`Unresolved` with ``manifest.*`` codes."""
    href = href.strip()
    if not href:
        raise Unresolved("manifest.missing", "the link has no href")
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        raise Unresolved("manifest.refused", "malformed URL") from None
    root = opts.root or article_dir
    if scheme in ("http", "https") or href.startswith("//"):
        url = "https:" + href if href.startswith("//") else href
        if opts.base_url and root is not None and url.startswith(opts.base_url):
            return _local(url[len(opts.base_url) :], root, opts, "manifest", "manifest store")
        if not opts.fetch_remote:
            raise Unresolved("manifest.remote", "remote manifest store not fetched (use --fetch-remote)")
        data, where, _content_type = fetch_url(url, opts, what="manifest", noun="manifest store", accept="application/c2pa",
                                sniff=False)
        return Fetched(data, where)
    if scheme:
        raise Unresolved("manifest.refused", f"{scheme}: URLs are not read")
    if root is None:
        raise Unresolved("manifest.missing", "relative manifest path, but the article has no folder (give --root)")
    return _local(href, root, opts, "manifest", "manifest store")
