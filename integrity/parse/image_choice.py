"""The URL of the picture a reader's browser shows for an ``<img>``, read from the page's markup.

A desktop browser (:data:`~.srcset.DESKTOP`) with scripting on, after the page's
lazy loader has run:

* **lazy-load attributes** hold the real image while ``src``/``srcset`` hold a
  placeholder; the widely used loaders (lazysizes, lozad, vanilla-lazyload,
  jQuery Lazy Load, WP Rocket, Slick) copy ``data-src``, ``data-lazy-src``,
  ``data-original`` or ``data-lazy`` into ``src`` and ``data-srcset``/
  ``data-lazy-srcset`` (with ``data-sizes``/``data-lazy-sizes``) into
  ``srcset``, so a lazy value wins over the plain one. When both name the same
  file (``src`` real, ``data-lazy-src`` the same URL with a cache-busting
  query) the plain ``src`` is kept: the page already shows that image. An
  ``<img>`` the loader marks as done (``class="lazyloaded"``,
  ``data-ll-status="loaded"`` …: :data:`LOADED_CLASSES`, :data:`LOADED_ATTRS`)
  keeps its plain values too: the page was saved after the swap;
* **placeholders** never win: an inline ``data:`` image of one flat colour
  (spacer GIFs, transparent aspect-ratio PNGs, one-pixel images with any amount
  of metadata), an SVG that draws nothing but flat rectangles, an empty
  ``data:,``. They are told by what the value is (its pixels are decoded), never
  by site or file name; and an inline ``data:`` image yields to a real URL the
  page also offers (it is that URL's preview);
* **``<picture>``**: the first ``<source>`` before the ``<img>`` with a usable
  srcset, a ``media`` that matches the viewport and a supported ``type`` gives
  the image, else the ``<img>`` itself (HTML "update the source set");
* **``<noscript><img>``**: when the ``<img>`` offers nothing better than a
  placeholder (or an inline preview), the ``<img>`` in a ``<noscript>`` right
  after it, or right before it, or beside a wrapper that holds only it, is the
  picture the page's script shows.

Nothing here is per site. Only the ``Element`` interface is read (``tag``,
``attrs``/``get``, ``children``, ``parent``), so any tree builder that parses
``<noscript>`` content as elements serves.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from functools import lru_cache
from urllib.parse import unquote_to_bytes

from .html_tree import Element, build_tree
from .srcset import DESKTOP, Candidate, parse_srcset, select, source_size, type_supported
from .srcset import media_matches as _media_matches

LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "data-lazy")
"""Lazy loaders' stand-ins for ``src``, in the order they are read."""

LAZY_SRCSET = (("data-srcset", "data-sizes"), ("data-lazy-srcset", "data-lazy-sizes"))
"""Lazy loaders' stand-ins for ``srcset``, each with the ``sizes`` stand-in that goes with it."""

# How the same loaders mark an <img> they have already swapped: lazysizes, a3 Lazy Load and Jetpack by
# class; vanilla-lazyload (WP Rocket's), lozad, vue-lazyload and Jetpack by attribute. A page saved from a
# browser keeps these marks, and its src/srcset then hold the loaded image (often a saved local copy).
LOADED_CLASSES = frozenset({"lazyloaded", "lazy-loaded", "jetpack-lazy-image--handled"})
LOADED_ATTRS = (("data-ll-status", "loaded"), ("data-loaded", "true"), ("lazy", "loaded"), ("data-lazy-loaded", "1"))

DECODE_MAX_BYTES = 65_536
DECODE_MAX_PIXELS = 4_000_000
"""An inline raster image is decoded to see whether it is blank only up to these sizes: the spacers and
aspect-ratio boxes pages carry are 26 to a few hundred bytes (a transparent 728×489 PNG is 137), and a
picture past these limits is no placeholder."""

_CACHED_LENGTH = 4096  # placeholders repeat on a page and across pages; big inline images are not kept
_NOSCRIPT_WRAPPER_LEVELS = 2  # how many single-child wrappers around an <img> a <noscript> beside them may be
_FLAT_SVG = frozenset({"svg", "rect", "g", "defs", "title", "desc", "metadata"})
_SVG_TAG = re.compile(r"<\s*([A-Za-z][\w:.-]*)")
_WS = "\t\n\f\r "
_SCHEME = re.compile(r"^https?:", re.IGNORECASE)
_NOT_A_URL = re.compile(r"[\t\n\f\r {}\[\]]")  # JSON blobs and "{width}" templates some loaders keep in data-src
_URL_PART = re.compile(r"[/.]")  # a path or a file name: not "true", "1" or a broken attribute's "src="


def _payload(url: str) -> tuple[str, bytes] | None:
    """A ``data:`` URI's media type and decoded payload; None when it has no comma (no payload at all)."""
    head, comma, payload = url[5:].partition(",")
    if not comma:
        return None
    params = head.split(";")
    mime = params[0].strip(_WS).lower()
    try:
        if any(p.strip(_WS).lower() == "base64" for p in params[1:]):
            body = re.sub(r"[\t\n\f\r ]", "", unquote_to_bytes(payload).decode("ascii", "replace"))
            return mime, base64.b64decode(body + "=" * (-len(body) % 4), validate=False)
        return mime, unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return mime, b""


def _blank_raster(data: bytes) -> bool:
    """Whether an image file shows a single colour (or nothing: every pixel transparent)."""
    from PIL import Image  # only pages with inline data: images pay for Pillow's import

    try:
        with Image.open(io.BytesIO(data)) as im:
            width, height = im.size
            if width * height <= 1:
                return True
            if width * height > DECODE_MAX_PIXELS:
                return False
            rgba = im.convert("RGBA")
            if rgba.getchannel("A").getextrema()[1] == 0:  # nothing but transparent pixels
                return True
            return rgba.getcolors(1) is not None
    except Exception:  # noqa: BLE001 - Pillow raises many types on broken input; a broken image is no placeholder
        return False


def is_placeholder(url: str) -> bool:
    """Whether ``url`` is a stand-in that shows nothing: an inline image of one flat colour (a spacer GIF, a
    transparent aspect-ratio PNG), an SVG that draws nothing but flat boxes, or a ``data:`` URI with no data."""
    if url[:5].lower() != "data:":
        return False
    if len(url) > DECODE_MAX_BYTES * 4 // 3 + 256:  # too big to be a placeholder
        return False
    return _placeholder_cached(url) if len(url) <= _CACHED_LENGTH else _placeholder_data(url)



@lru_cache(maxsize=4096)
def _placeholder_cached(url: str) -> bool:
    return _placeholder_data(url)


def _placeholder_data(url: str) -> bool:
    parsed = _payload(url)
    if parsed is None:
        return True
    mime, data = parsed
    if not data:
        return True
    if "svg" in mime or data.lstrip(b"\xef\xbb\xbf\t\n\r ")[:1] == b"<":
        tags = {t.lower().rsplit(":", 1)[-1] for t in _SVG_TAG.findall(data.decode("utf-8", "replace"))}
        return tags <= _FLAT_SVG  # nothing drawn but flat boxes (or nothing at all)
    return _blank_raster(data)


def _is_data(url: str) -> bool:
    return url[:5].lower() == "data:"


def _same_file(a: str, b: str) -> bool:
    """Two URLs of one file: equal once scheme, query and fragment are set aside."""

    def core(u: str) -> str:
        return _SCHEME.sub("", u.split("#", 1)[0].split("?", 1)[0], count=1)

    return core(a) == core(b)


def _url_value(el: Element, name: str) -> str:
    value = el.get(name).strip(_WS)
    return value if _URL_PART.search(value) and not _NOT_A_URL.search(value) else ""


def _loaded(el: Element) -> bool:
    """Whether a lazy loader has already swapped this image's attributes (so the plain ones are the real ones)."""
    if not LOADED_CLASSES.isdisjoint(el.get("class").split()):
        return True
    return any(el.get(name).strip(_WS).lower() == value for name, value in LOADED_ATTRS)


def _src(el: Element, lazy_ok: bool) -> tuple[str, bool]:
    """The ``src`` the browser ends up with, and whether a lazy-load attribute offered one."""
    plain = el.get("src").strip(_WS)
    for name in LAZY_SRC if lazy_ok else ():
        lazy = _url_value(el, name)
        if lazy and not is_placeholder(lazy):
            if plain and not _is_data(plain) and _same_file(plain, lazy):
                return plain, True
            return lazy, True
    return plain, False


def _srcset(el: Element, lazy_ok: bool, lazy_src: bool) -> tuple[tuple[Candidate, ...], str, bool]:
    """The srcset candidates the browser ends up with (placeholders dropped), the sizes that go with
    them, and whether those sizes are a lazy loader's (which computes ``auto`` itself)."""
    for name, sizes_name in LAZY_SRCSET if lazy_ok else ():
        value = el.get(name)
        if value:
            cands = tuple(c for c in parse_srcset(value) if not is_placeholder(c.url) and _URL_PART.search(c.url)
                          and not _NOT_A_URL.search(c.url))
            if cands:
                lazy_sizes = el.get(sizes_name)
                return cands, lazy_sizes or el.get("sizes"), bool(lazy_sizes)
    value = el.get("srcset")
    if not value:
        return (), el.get("sizes"), False
    # an inline data: image beside a lazy src is that src's preview, dropped like a placeholder
    cands = tuple(c for c in parse_srcset(value) if not is_placeholder(c.url) and not (lazy_src and _is_data(c.url)))
    return cands, el.get("sizes"), False


def _slot_width(el: Element, sizes: str, lazy_sizes: bool) -> float:
    auto: float | None = None
    if sizes.strip(_WS).lower().startswith("auto") and (lazy_sizes or el.get("loading").strip(_WS).lower() == "lazy"):
        width = el.get("width").strip(_WS)
        if width.isdigit() and int(width) > 0:  # the laid-out width is unknown: the width attribute, at most
            auto = float(min(int(width), DESKTOP.width))  # the viewport, stands in for it
    return source_size(sizes, auto)


def _own_choice(img: Element) -> str | None:
    """What the ``<img>`` itself (with its ``<picture>``) makes the browser load."""
    lazy_ok = not _loaded(img)
    parent = img.parent
    if parent is not None and parent.tag == "picture":
        for child in parent.children:
            if child is img:
                break
            if not isinstance(child, Element) or child.tag != "source":
                continue
            cands, sizes, lazy_sizes = _srcset(child, lazy_ok, False)
            if not cands or not _media_matches(child.get("media")):
                continue
            mime = child.get("type")
            if mime.strip(_WS) and not type_supported(mime):
                continue
            url = select(cands, _slot_width(child, sizes, lazy_sizes))
            if url:
                return url
    src, lazy = _src(img, lazy_ok)
    cands, sizes, lazy_sizes = _srcset(img, lazy_ok, lazy)
    if cands and is_placeholder(src):  # a placeholder src must not join the set as its 1x
        src = ""
    return select(cands, _slot_width(img, sizes, lazy_sizes), src)


def _rank(url: str | None) -> int:
    """0: nothing or a placeholder; 1: an inline data: image; 2: a URL."""
    if not url or is_placeholder(url):
        return 0
    return 1 if _is_data(url) else 2


def _has_content(node: object) -> bool:
    return isinstance(node, Element) or bool(getattr(node, "text", "").strip())


def _first_img(el: Element) -> Element | None:
    stack: list[Element] = [el]
    while stack:
        node = stack.pop()
        if node.tag == "img" and node is not el:
            return node
        if node.tag == "noscript" and not any(isinstance(c, Element) for c in node.children):
            # parsed with scripting on (as readers' browsers do), a <noscript> holds its markup as
            # raw text: read that text as the fragment a script-less browser would build
            raw = "".join(getattr(c, "text", "") for c in node.children)
            if "<" in raw:
                stack.append(build_tree(raw).root)
            continue
        stack.extend(c for c in reversed(node.children) if isinstance(c, Element))
    return None


def _noscript_img(img: Element) -> Element | None:
    """The ``<img>`` of a ``<noscript>`` right after ``img`` (or right before it, when that noscript
    does not follow another image), or beside a wrapper that holds nothing but ``img``."""
    node = img
    for _ in range(_NOSCRIPT_WRAPPER_LEVELS + 1):
        parent = node.parent
        if parent is None:
            return None
        around = [c for c in parent.children if _has_content(c)]
        k = next((i for i, c in enumerate(around) if c is node), -1)
        after = around[k + 1] if 0 <= k < len(around) - 1 else None
        if isinstance(after, Element) and after.tag == "noscript":
            return _first_img(after)
        before = around[k - 1] if k >= 1 else None
        if isinstance(before, Element) and before.tag == "noscript":
            earlier = around[k - 2] if k >= 2 else None
            if not (isinstance(earlier, Element) and earlier.tag == "img"):  # else it is that image's fallback
                return _first_img(before)
        if len(around) != 1 or parent.tag in ("body", "html"):
            return None
        node = parent
    return None


def choose_src(img: Element) -> str | None:
    """The URL of the picture the browser shows for ``img``, as written in the page (not yet joined
    to the base URL); None when the page offers only placeholders."""
    url = _own_choice(img)
    rank = _rank(url)
    if rank < 2:
        fallback = _noscript_img(img)
        if fallback is not None:
            other = _own_choice(fallback)
            if _rank(other) > rank:
                url, rank = other, _rank(other)
    return url if rank else None
