"""The video files a page embeds, found where a browser or a link preview finds them.

A video carries Content Credentials as an image does (c2pa signs MP4 and
QuickTime files), and an AI-generated clip needs the same disclosure as an
AI-generated picture; each becomes a :class:`~integrity.model.VideoRef` of
``Article.videos``, numbered apart from the images:

* ``<video src>``, else its first ``<source>`` a desktop browser can play (no
  ``type``, or a ``video/*`` / ``audio/*`` one); lazy loaders' ``data-src``
  counts as for an ``<img>`` (:mod:`.html` reads the element);
* the page's Open Graph video (``og:video:secure_url``, ``og:video:url`` or
  ``og:video``: the one file a link preview plays), unless ``og:video:type``
  says it is a player page (``text/html``) or a plug-in, not a video file;
* a JSON-LD, microdata or RDFa ``VideoObject``'s ``contentUrl`` (the media
  file; its ``embedUrl`` is a player page and is not read), unless its
  ``encodingFormat`` names a type that is not video (a watch page, a playlist).

What a URL holds is only known from its bytes: a page or a playlist given where
a file belongs is sniffed and reported when it is loaded, as an image URL would be.
Nothing here is per site: only the element, the meta tags and the structured data.
"""

from __future__ import annotations

from typing import Any

from . import jsonld
from .html_tree import Element
from .image_choice import LAZY_SRC

_LAZY_SRC = LAZY_SRC  # lazy loaders swap these into a <video>'s src as into an <img>'s
_PLAYABLE_TYPES = ("video/", "audio/")
OG_VIDEO_KEYS = ("og:video:secure_url", "og:video:url", "og:video")
"""Open Graph's names for the video file, most specific first (meta keys are case-folded)."""
_VIDEO_TYPES = frozenset({"VideoObject"})


def video_src(el: Element) -> str | None:
    """The file a ``<video>`` element plays: its own (lazy) src, else its first playable ``<source>``."""
    for name in (*_LAZY_SRC, "src"):
        value = el.get(name).strip()
        if value:
            return value
    for child in el.children:
        if isinstance(child, Element) and child.tag == "source":
            value = (child.get("src") or child.get("data-src")).strip()
            kind = child.get("type").strip().casefold()
            if value and (not kind or kind.startswith(_PLAYABLE_TYPES)):
                return value
    return None


def meta_video(meta: dict[str, str]) -> str | None:
    """The page's Open Graph video file, if it declares one (not a player page)."""
    if not _video_type(meta.get("og:video:type")):
        return None
    return next((meta[k] for k in OG_VIDEO_KEYS if meta.get(k)), None)


def _video_type(declared: object) -> bool:
    """A declared media type that allows a video file: none given, or ``video/*``."""
    if isinstance(declared, list):
        declared = declared[0] if declared else None
    if not isinstance(declared, str) or not declared.strip():
        return True
    return declared.strip().casefold().startswith("video/")


def structured_videos(items: list[Any]) -> list[str]:
    """Each ``VideoObject``'s ``contentUrl`` (JSON-LD, microdata or RDFa), in page order, each once."""
    out: list[str] = []
    for node in jsonld.nodes(items):
        if not _VIDEO_TYPES & set(jsonld.types_of(node)):
            continue
        props: dict[str, Any] = node["properties"] if isinstance(node.get("properties"), dict) else node
        if not _video_type(props.get("encodingFormat")):
            continue
        urls = props.get("contentUrl")
        for url in urls if isinstance(urls, list) else [urls]:
            if isinstance(url, dict):  # microdata and some JSON-LD give {"@id": …} or {"url": …}
                url = url.get("@id") or url.get("url")
            if isinstance(url, str) and url.strip() and url.strip() not in out:
                out.append(url.strip())
    return out
