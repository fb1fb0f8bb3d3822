"""Where a page credits its photos, read at parse time (HTML).

* **markers**: class/id tokens of an image and its close wrappers, plus
  ``role=presentation``/``aria-hidden``/``alt=""`` and ``link-to-page`` (the image
  is a link to another page: a teaser or promo), so the photo-credit detector
  can tell logos, avatars and decorative images from editorial photos;
* **nearby credit elements**: a credit-class element beside an image that is
  not inside a ``<figure>`` (``<div class="image"><img><span class="credit">``);
* **structured credits**: JSON-LD / microdata ``ImageObject`` ``creditText``,
  ``creator``, ``copyrightHolder``, ``author``, ``copyrightNotice``, matched to
  the page's images by URL.

Embedded credits (IPTC ``photoshop:Credit``, ``dc:creator``) come from the
image bytes, which the parser never reads: the image analysis stage hands
:class:`~integrity.images.ImageEvidence` to the detector (``Context.images``),
which reads ``evidence.credit`` from there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlparse

from . import jsonld
from .html_tree import Element
from .image_choice import LAZY_SRC

if TYPE_CHECKING:
    from .layout import Layout

_WRAPPER_LEVELS = 3  # how far up from an <img> its wrapper's classes still describe it
_CREDIT_KEYS = ("creditText", "copyrightHolder", "creator", "author", "copyrightNotice")
_URL_KEYS = ("contentUrl", "url", "@id", "thumbnailUrl")


def image_markers(el: Element) -> tuple[str, ...]:
    """Class/id tokens of the image and its wrappers up to its figure, and accessibility flags."""
    out: set[str] = set(el.tokens())
    role = el.get("role").strip().casefold()
    if role in ("presentation", "none"):
        out.add("role=presentation")
    if el.get("aria-hidden").strip().casefold() == "true":
        out.add("aria-hidden")
    if "alt" in el.attrs and not el.get("alt").strip():
        out.add("alt=empty")
    node = el.parent
    for _ in range(_WRAPPER_LEVELS):
        if node is None or node.tag in ("figure", "article", "main", "body", "#document"):
            break
        out.update(node.tokens())
        if node.tag == "a" and _links_to_page(node.get("href")) and not _links_to_itself(node.get("href"), el):
            out.add("link-to-page")
        if node.get("aria-hidden").strip().casefold() == "true":
            out.add("aria-hidden")
        node = node.parent
    return tuple(sorted(out))


_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|heic|heif|tiff?|bmp)(?:[?#]|$)", re.I)


def _links_to_page(href: str) -> bool:
    """A link to another page (a teaser or promo), not to the full-size image or an anchor."""
    href = href.strip()
    return bool(href) and not href.startswith(("#", "javascript:")) and not _IMAGE_FILE.search(href)


_NEARBY_LEVELS = 3  # wrappers up from an <img> (outside a figure) where its credit or caption element may sit
_WRAPPER_TEXT_MAX = 400  # the farthest wrapper holds the picture, its caption and credit, not paragraphs of text
_CREDIT_TEXT_MAX = 200  # a credit line is short: longer text after a picture is prose or a caption
_NOT_A_WRAPPER = frozenset(("article", "main", "body", "#document", "section"))


def _descendants(node: Element) -> Iterator[Element]:
    """The elements under ``node`` in document order, produced as they are reached (``Element.iter``
    lists each node's children first), so a search that stops early costs what it read: a wrapper among
    thousands of sibling pictures is left at its second picture."""
    stack = [iter(node.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.__class__ is Element:
            yield child  # type: ignore[misc]
            stack.append(iter(child.children))  # type: ignore[union-attr]


def _wrappers(el: Element) -> list[Element]:
    """The image's own wrappers, nearest first: up to ``_NEARBY_LEVELS``, and only while they hold no
    other image (a wrapper of two pictures would lend one picture's credit to the other); the farthest
    one also holds no more text than a caption and a credit (else it is the text around the picture)."""
    out: list[Element] = []
    node = el.parent
    while node is not None and len(out) < _NEARBY_LEVELS and node.tag not in _NOT_A_WRAPPER:
        if any(d.tag == "img" and d is not el for d in _descendants(node)) or (
            len(out) == _NEARBY_LEVELS - 1 and len(node.text_content()) > _WRAPPER_TEXT_MAX
        ):
            break
        out.append(node)
        node = node.parent
    return out


_SRC_ATTRS = ("src", *LAZY_SRC)  # the addresses a picture is known by: its src and the lazy loaders' stand-ins


def _stem(url: str) -> str:
    """The last path segment of a URL without its extension, casefolded ("" when there is none)."""
    path = url.strip().split("#", 1)[0].split("?", 1)[0].rstrip("/")
    name = unquote(path.rsplit("/", 1)[-1]).casefold()
    return name.rsplit(".", 1)[0] if "." in name else name


def _links_to_itself(href: str, img: Element) -> bool:
    """A link to the picture's own page: the full-size file served without an extension, or a photo
    page named after the file ("…/photo-010.html" for "…/photo-010.jpg"), as galleries and lightboxes
    link; a teaser links to another story, whose address is not the picture's name."""
    target = _stem(href)
    if len(target) < 6:  # "index", "view", "1": names too short to tell a picture by
        return False
    return any(_stem(img.get(a)) == target for a in _SRC_ATTRS if img.get(a).strip())


def nearby_credit(el: Element, layout: Layout) -> Element | None:
    """A credit-class element in one of the image's wrappers, else one right after the image or one of its
    wrappers, or a short line there that reads as a credit (``<small>Photo: …</small>`` below a
    picture), outside any figure. Credit tags (``<small>``, ``<cite>``) count only inside a figure:
    beside a bare image they are as likely the byline or the date."""
    wrappers = _wrappers(el)
    for node in wrappers:
        for child in _descendants(node):
            if child is not el and child.tag != "img" and not child.tokens().isdisjoint(layout.credit_classes):
                return child
    for node in (el, *wrappers):  # right after the picture: a short line that reads as a credit
        after = _next_element(node)
        if after is not None and after.tokens().isdisjoint(layout.caption_classes) \
                and not any(d.tag in ("img", "picture", "video") for d in _descendants(after)) \
                and len(text := after.text_content()) <= _CREDIT_TEXT_MAX \
                and (not after.tokens().isdisjoint(layout.credit_classes) or layout.credit_lines.match(text.strip())):
            return after
    return None


def _next_element(el: Element) -> Element | None:
    parent = el.parent
    if parent is None:
        return None
    kids = parent.children
    i = kids.index(el)  # Element has identity equality: a C-level scan, not a Python loop per image
    for j in range(i + 1, len(kids)):
        after = kids[j]
        if isinstance(after, Element):
            return after
        if after.text.strip():  # words between: the next element is not this image's
            return None
    return None


def nearby_caption(el: Element, layout: Layout) -> Element | None:
    """A caption-class element right after the image or right after one of its wrappers (no <figure>)."""
    for node in (el, *_wrappers(el)):
        after = _next_element(node)
        if after is not None and after.tokens() & layout.caption_classes:
            return after
    return None


def _url_key(url: str, base: str | None) -> str:
    try:  # urllib raises ValueError on hosts a hostile page may write ("http://[::1")
        full = urljoin(base, url) if base else url
        path = urlparse(full).path
    except ValueError:
        return ""
    return unquote(path).casefold().rstrip("/")


def _credit_text(node: dict[str, Any]) -> str | None:
    parts: list[str] = []
    for key in _CREDIT_KEYS:
        value = node.get(key)
        if value is None:
            continue
        for v in jsonld.text_values(value):
            if v not in parts:
                parts.append(v)
    return " / ".join(parts) if parts else None


def structured_image_credits(items: list[Any], base: str | None) -> dict[str, str]:
    """URL path (casefolded) -> credit of every ImageObject that carries one."""
    out: dict[str, str] = {}
    for node in jsonld.nodes(items):
        props = node.get("properties") if isinstance(node.get("properties"), dict) else node
        if "ImageObject" not in jsonld.types_of(node) and "Photograph" not in jsonld.types_of(node):
            continue
        credit = _credit_text(props)
        if not credit:
            continue
        for key in structured_urls(props, base):
            out.setdefault(key, credit)
    return out


def structured_urls(props: dict[str, Any], base: str | None) -> list[str]:
    """The URL keys a structured-data media node is known by (``contentUrl``, ``url``, ``@id``, ``thumbnailUrl``)."""
    out = []
    for key in _URL_KEYS:
        for url in props.get(key) if isinstance(props.get(key), list) else [props.get(key)]:
            key = _url_key(url.strip(), base) if isinstance(url, str) and not url.startswith("#") else ""
            if key:
                out.append(key)
    return out


def match_url(src: str | None, table: dict[str, str], base: str | None) -> str | None:
    """What ``table`` (URL key -> value, as :func:`structured_urls` keys it) holds for the image at ``src``:
    the same URL path, else the same file name when only one value goes with that name."""
    if not src or not table:
        return None
    key = _url_key(src, base)
    if not key:
        return None
    if key in table:
        return table[key]
    name = key.rsplit("/", 1)[-1]
    if not name:
        return None
    same_file = [c for k, c in table.items() if k.rsplit("/", 1)[-1] == name]
    return same_file[0] if len(set(same_file)) == 1 else None


match_credit = match_url  # the structured credit of the image at ``src``
