"""Digital source types the page's structured data declares for its media, matched to its images.

schema.org gives ``ImageObject``, ``VideoObject`` and every other ``MediaObject``
(any ``CreativeWork``, in fact) a ``digitalSourceType`` whose values are the
IPTC vocabulary's terms (``https://schema.org/TrainedAlgorithmicMediaDigitalSource``;
pages also write the IPTC URI itself). An article can declare its picture
generated in its JSON-LD or microdata while the caption says nothing: that
declaration is machine-readable disclosure, and with a silent caption an
undisclosed AI image; the article node's own ``digitalSourceType`` is a
machine-readable label of its text, and so is a ``digitalsourcetype`` in the page's own
``<meta>`` tags, the IPTC/ninjs spelling (``<meta name="digitalsourcetype" content="http://cv.iptc.org/…">``,
any prefix or separator before it). This module only reads the declarations and ties each to
the page image it describes, by ``contentUrl``/``url``/``@id``/``thumbnailUrl``
as the structured credits are tied (:mod:`.photo_credits`); what a term means
is the generator table's decision (``digital_source_type`` in
``rules/signals/ai-generators.yml``), read by the image provenance detector.
"""

from __future__ import annotations

import re
from typing import Any

from . import jsonld
from .photo_credits import match_url, structured_urls

_MEDIA_TYPES = frozenset({"ImageObject", "Photograph", "MediaObject", "VideoObject", "AudioObject", "3DModel"})
_KEY = "digitalSourceType"
_NINJS_KEY = "digitalsourcetype"  # ninjs writes its property names in lower case
_META_KEY = re.compile(r"(?:^|[^a-z0-9])digital[-_ ]?source[-_ ]?type$")
_TEXT_TYPE_ENDINGS = ("Article", "BlogPosting", "Report", "WebPage", "Posting")


def declared_value(value: Any) -> str | None:
    """The first term a ``digitalSourceType`` value names: a string, or a node's ``@id``/``url``/``@value``."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and item.strip():
            return item.strip()
        if isinstance(item, dict):
            for key in ("@id", "url", "uri", "@value", "name"):  # uri: ninjs's form of a term
                v = item.get(key)
                if isinstance(v, str) and v.strip():
                    return v.strip()
    return None


def structured_source_types(items: list[Any], base: str | None) -> dict[str, str]:
    """URL key -> declared term, for every media node (JSON-LD or microdata) that declares one."""
    out: dict[str, str] = {}
    for node in jsonld.nodes(items):
        if not _MEDIA_TYPES & set(jsonld.types_of(node)):
            continue
        props = node.get("properties") if isinstance(node.get("properties"), dict) else node
        term = declared_value(props.get(_KEY) or props.get(_NINJS_KEY))
        if term is None:
            continue
        for key in structured_urls(props, base):
            out.setdefault(key, term)
    return out


def article_source_type(items: list[Any]) -> str | None:
    """The term the page's article node declares for the article itself (its text): the first node typed
    ``…Article``, ``BlogPosting``, ``Report`` or ``WebPage`` that declares one. Media nodes are the images'."""
    for node in jsonld.nodes(items):
        types = jsonld.types_of(node)
        if _MEDIA_TYPES & set(types) or not any(t.endswith(_TEXT_TYPE_ENDINGS) for t in types):
            continue
        props = node.get("properties") if isinstance(node.get("properties"), dict) else node
        term = declared_value(props.get(_KEY) or props.get(_NINJS_KEY))
        if term is not None:
            return term
    return None


def meta_source_type(meta: dict[str, str]) -> str | None:
    """The term the page's own ``<meta>`` tags declare for the page (keys are lower-cased by the parser):
    ``digitalsourcetype``, ``iptc:digitalsourcetype``, ``article:digital_source_type`` …"""
    for key, value in meta.items():
        if _META_KEY.search(key) and value.strip():
            return value.strip()
    return None


def match_source_type(src: str | None, table: dict[str, str], base: str | None) -> str | None:
    """The term declared for the image at ``src`` (same URL path, else the same file name)."""
    return match_url(src, table, base)
