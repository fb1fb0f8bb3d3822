"""The page an archived multipart response holds: an MHTML snapshot (multipart/related, RFC 2557)
or a multipart/mixed body with an HTML part.

A browser opening a saved MHTML page shows its root part (the one the ``start`` parameter names,
else the first) and takes the page's images from the other parts by ``Content-Location`` or
``cid:``; a multipart/mixed body's page is its first HTML part. Each part carries its own
Content-Type, whose charset is the page's transport charset (the first step after a byte order
mark in the HTML standard's encoding sniffing, see ``parse.charset``), and its own
Content-Transfer-Encoding (quoted-printable and base64 are undone here, tolerantly, as mail
readers do). The split is one linear pass over the body with bounded depth, part count and
header size (``data/multipart.toml``): a hostile body costs its length, never more. Which media
types hold pages is data too; this module only reads bytes.
"""

from __future__ import annotations

import binascii
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from .document import ImageSource, InputError

TABLE = Path(__file__).resolve().parents[1] / "data" / "multipart.toml"
# a Content-Type parameter: name=token or name="quoted string"
_PARAM = re.compile(r';\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')
_LINE_BREAK = re.compile(r"\r?\n")


@cache
def table() -> dict[str, Any]:
    with TABLE.open("rb") as fh:
        return tomllib.load(fh)


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def parameters(content_type: str) -> dict[str, str]:
    """A Content-Type's parameters, names lower-cased, quoted values unquoted (the first of a repeated name)."""
    out: dict[str, str] = {}
    for name, value in _PARAM.findall(content_type):
        value = value.strip()
        if value.startswith('"') and value.endswith('"') and len(value) > 1:
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        out.setdefault(name.lower(), value)
    return out


def is_html(content_type: str) -> bool:
    return media_type(content_type) in table()["pages"]["html"]


def may_hold_page(content_type: str) -> bool:
    """Whether a record of this media type may hold a page (decided from the header alone, as an
    index must): a multipart/related whose ``type`` parameter names a root that is not HTML does not."""
    media = media_type(content_type)
    if media not in table()["pages"]["types"]:
        return False
    root = parameters(content_type).get("type", "")
    return media != "multipart/related" or not root or media_type(root) in table()["pages"]["root_types"]


@dataclass(frozen=True, slots=True)
class Part:
    """One leaf part: its headers' Content-Type, Content-Location and Content-ID (without <>), and
    its body with its transfer encoding undone; ``group`` is the index of the outermost part holding
    it and ``group_id`` that part's Content-ID (a multipart/related's root may itself be a multipart,
    a multipart/alternative of a text and an HTML version, and ``start`` names it, not its leaves);
    ``depth`` is 1 for a leaf that is itself an outermost part."""

    content_type: str
    location: str
    content_id: str
    data: bytes
    group: int = 0
    group_id: str = ""
    depth: int = 1
    undecoded: str = ""  # a Content-Transfer-Encoding no reader knows: ``data`` is the bytes as sent


def _headers(block: bytes) -> dict[str, str]:
    """Header lines (folded lines joined), names lower-cased, the first of a repeated name kept."""
    out: dict[str, str] = {}
    name = ""
    for raw in _LINE_BREAK.split(block.decode("latin-1")):
        if raw[:1] in (" ", "\t") and name:
            out[name] += " " + raw.strip()
            continue
        key, sep, value = raw.partition(":")
        name = key.strip().lower() if sep else ""
        if name and name not in out:
            out[name] = value.strip()
        elif name:
            name = ""  # a repeated header: its continuation lines belong to the one ignored
    return out


def _split_head(data: bytes) -> tuple[dict[str, str], bytes]:
    """A part's headers and body: the header lines end at the first blank line (none: no headers)."""
    limit = table()["limits"]["max_header_bytes"]
    if data.startswith((b"\r\n", b"\n")):
        return {}, data[2 if data.startswith(b"\r\n") else 1:]
    match = re.search(rb"\r?\n\r?\n", data[: limit + 4])
    if match is None:  # a part of headers only, or one whose headers never end (then nothing is trusted)
        return (_headers(data), b"") if len(data) <= limit else ({}, b"")
    return _headers(data[: match.start()]), data[match.end():]


def _undo_transfer_encoding(data: bytes, encoding: str) -> tuple[bytes, str]:
    """(the bytes with the transfer encoding undone, ""), or (the bytes as sent, the encoding's name) for
    an encoding no reader knows (RFC 2045's ``x-`` names, typos): what those bytes mean is not guessed."""
    encoding = encoding.strip().lower()
    if encoding == "base64":
        clean = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
        clean = clean[: len(clean) - len(clean) % 4] if len(clean) % 4 == 1 else clean + b"=" * (-len(clean) % 4)
        try:
            return binascii.a2b_base64(clean), ""
        except binascii.Error:
            return b"", ""
    if encoding == "quoted-printable":
        return binascii.a2b_qp(data), ""
    if not encoding or encoding in table()["transfer_encodings"]["identity"]:
        return data, ""
    return data, encoding


def _delimiters(boundary: bytes) -> re.Pattern[bytes]:
    # RFC 2046: a delimiter line is "--" boundary at the start of a line (the line break before it
    # belongs to it), then optional white space; "--" after the boundary closes the multipart
    return re.compile(rb"(?:\A|(?<=\n))--" + re.escape(boundary) + rb"(--)?[ \t]*(?:\r?\n|\Z)")


def _before_delimiter(chunk: bytes) -> bytes:
    """A part's bytes without the line break that belongs to the delimiter after it."""
    if chunk.endswith(b"\r\n"):
        return chunk[:-2]
    return chunk[:-1] if chunk.endswith(b"\n") else chunk


def _content_id(headers: dict[str, str]) -> str:
    return headers.get("content-id", "").strip().strip("<>")


def _leaves(body: bytes, content_type: str, depth: int, out: list[Part], group: tuple[int, str] | None = None) -> bool:
    """Every leaf part of a multipart body, in order, nested multiparts opened up to ``max_depth``;
    ``group``: the (index, Content-ID) of the outermost part the body is (None: the body is the outermost).
    Returns whether the body's closing delimiter came (no: the body was cut short)."""
    limits = table()["limits"]
    index = 0
    boundary = parameters(content_type).get("boundary", "").encode("latin-1", "replace")
    if not boundary or len(boundary) > 200:
        return False
    pattern = _delimiters(boundary)
    matches = pattern.finditer(body)
    opened = next(matches, None)
    while opened is not None and opened.group(1) is None and len(out) < limits["max_parts"]:
        closing = next(matches, None)
        chunk = body[opened.end(): closing.start() if closing is not None else len(body)]
        chunk = _before_delimiter(chunk) if closing is not None else chunk
        headers, data = _split_head(chunk)
        part_type = headers.get("content-type", "")
        here = group if group is not None else (index, _content_id(headers))
        if media_type(part_type).startswith("multipart/"):
            if depth < limits["max_depth"]:
                _leaves(data, part_type, depth + 1, out, here)
        else:
            data, undecoded = _undo_transfer_encoding(data, headers.get("content-transfer-encoding", ""))
            out.append(Part(part_type, headers.get("content-location", ""), _content_id(headers), data,
                            here[0], here[1], depth, undecoded))
        opened, index = closing, index + 1
    return opened is not None and opened.group(1) is not None


def split(body: bytes, content_type: str) -> tuple[str, list[Part], bool]:
    """(the multipart's own Content-Type, its leaf parts, whether its closing delimiter came). A body
    whose Content-Type gives no boundary (an MHTML file stored whole, its MIME headers first) is read
    from its own headers."""
    if "boundary" not in parameters(content_type):
        headers, rest = _split_head(body.lstrip(b"\r\n"))
        inner = headers.get("content-type", "")
        if media_type(inner).startswith("multipart/") and "boundary" in parameters(inner):
            content_type, body = inner, rest
    parts: list[Part] = []
    closed = _leaves(body, content_type, 1, parts)
    return content_type, parts, closed


@dataclass(frozen=True, slots=True)
class MultipartPage:
    """The page part of a multipart body, and every part, for the page's images."""

    page: Part
    parts: tuple[Part, ...]
    locations: dict[str, Part] = field(default_factory=dict, compare=False, repr=False)

    def find(self, url: str) -> Part | None:
        """The part a page's reference names: ``cid:`` by Content-ID, else by Content-Location
        (``url`` already absolute)."""
        if url.lower().startswith("cid:"):
            wanted = unquote(url[4:]).strip("<>")
            return next((p for p in self.parts if p.content_id and p.content_id == wanted), None)
        return self.locations.get(urldefrag(url)[0])

    def __post_init__(self) -> None:
        # absolute Content-Location -> the first part with it, built once: a page of thousands of images
        # and parts must not resolve every part's location for every image
        index: dict[str, Part] = {}
        for p in self.parts:
            if p.location and p is not self.page:
                try:
                    index.setdefault(urldefrag(urljoin(self.page.location, p.location))[0], p)
                except ValueError:
                    continue
        object.__setattr__(self, "locations", index)


def _root(parts: list[Part], outer: str) -> Part | None:
    """A multipart/related's page: its root part (the outermost part ``start`` names, else the first),
    or, when the root is itself a multipart, the first HTML leaf inside it; None when that is not HTML.
    ``parts`` is updated in place when the root takes its type from the ``type`` parameter."""
    start = parameters(outer).get("start", "").strip().strip("<>")
    group = parts[0].group if not start else next((p.group for p in parts if p.group_id == start), None)
    if group is None:  # start names no outermost part: a leaf deeper in, as tolerant readers accept
        named = next((p for p in parts if p.content_id == start), None)
        return named if named is not None and is_html(named.content_type) else None
    members = [k for k, p in enumerate(parts) if p.group == group]
    if not members:
        return None
    first = parts[members[0]]
    if first.depth == 1:  # the root is a leaf
        if not first.content_type:  # without a Content-Type it has the one the "type" parameter names
            first = parts[members[0]] = replace(first, content_type=parameters(outer).get("type", ""))
        return first if is_html(first.content_type) else None
    return next((parts[k] for k in members if is_html(parts[k].content_type)), None)


def page(body: bytes, content_type: str) -> MultipartPage:
    """The page a multipart body holds: multipart/related's root part (``start``, else the first),
    or the first HTML part of any other multipart. Raises InputError when there is none."""
    outer, parts, closed = split(body, content_type)
    media = media_type(outer)
    if not parts:
        raise InputError("input.unrecognized", f"{media or 'multipart'} body holds no part integrity can read "
                         "(no boundary, or none of its delimiters found)")
    chosen: Part | None
    if media == "multipart/related":
        chosen = _root(parts, outer)
    else:
        chosen = next((p for p in parts if is_html(p.content_type)), None)
    if chosen is None:
        kinds = ", ".join(sorted({media_type(p.content_type) or "untyped" for p in parts}))
        raise InputError("input.unrecognized", f"{media} body holds no HTML page part (its {len(parts)} "
                         f"part(s): {kinds})")
    if not closed and len(parts) < table()["limits"]["max_parts"]:
        # what is missing may be the rest of the page or the images it names: neither is guessed at
        last = parts[-1]
        raise InputError("input.truncated", f"{media} body is cut short: its closing delimiter never comes "
                         f"(it ends inside part {len(parts)}, {media_type(last.content_type) or 'untyped'}"
                         f"{', the page' if last is chosen else ''})")
    if chosen.undecoded:
        raise InputError("input.encoding-unsupported", f"the page part is sent with Content-Transfer-Encoding "
                         f"{chosen.undecoded!r}, which integrity cannot undo (it reads base64, quoted-printable, "
                         f"{', '.join(table()['transfer_encodings']['identity'])})")
    return MultipartPage(chosen, tuple(parts))


class PartImages:
    """Images for a page a multipart body holds: its own parts first (by ``cid:`` or
    Content-Location, as a browser opening the saved page finds them), then ``fallback`` (the rest
    of the archive holding the body; None: a saved file holds nothing else)."""

    def __init__(self, held: MultipartPage, page_url: str, fallback: ImageSource | None = None) -> None:
        self.held, self.page_url, self.fallback = held, page_url, fallback

    def get(self, src: str) -> tuple[bytes, str] | None:
        try:
            url = src if src.lower().startswith("cid:") else urldefrag(urljoin(self.page_url, src))[0]
        except ValueError:
            return None
        part = self.held.find(url)
        if part is not None and part.undecoded:
            raise InputError("image.unreadable", f"its part is sent with Content-Transfer-Encoding "
                             f"{part.undecoded!r}, which integrity cannot undo")
        if part is not None:
            return part.data, url
        return self.fallback.get(src) if self.fallback is not None else None


def page_url(held: MultipartPage, default: str | None) -> str | None:
    """Where the page was: its part's Content-Location when that is a web address, else ``default``."""
    location = held.page.location
    if location.lower().startswith(("http://", "https://")):
        return urldefrag(location)[0]
    return default
