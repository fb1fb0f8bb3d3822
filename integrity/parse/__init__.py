"""Documents to Articles: decode, decide HTML or text, extract with offsets kept."""

from __future__ import annotations

from dataclasses import replace

from ..model import Article
from ..sources.document import Document
from .decode import decode_document, sniff_kind
from .layout import Layout
from .text import parse_text

__all__ = ["Layout", "parse_document", "parse_html", "parse_text"]


def __getattr__(name: str):
    """``parse_html`` on first use (PEP 562): a text-only run never builds an HTML tree, so never imports one."""
    if name == "parse_html":
        from .html import parse_html

        return parse_html
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse_document(doc: Document, layout: Layout) -> Article:
    """Raises :class:`~integrity.sources.InputError` for input that is not an article. The article
    carries how its bytes were decoded (``Article.decoding``): encoding, what chose it, any damage."""
    reading = "text" if doc.kind in ("text", "markdown") else "html"
    text, decoding = decode_document(doc.data, doc.text, reading, doc.content_type)
    kind = doc.kind or sniff_kind(text)
    if kind != "html" and reading == "html":  # sniffed as plain text: read as a text file is (BOM, then UTF-8)
        text, decoding = decode_document(doc.data, doc.text, "text")
    return replace(_parse(doc, text, kind, layout), decoding=decoding)


def _parse(doc: Document, text: str, kind: str, layout: Layout) -> Article:
    if kind == "html":
        from .html import parse_html  # the HTML tree builder loads only when a page is HTML

        return parse_html(text, doc.source, layout, doc.base_url)
    if kind == "markdown":  # only when named so (a .md file, --kind markdown): Markdown is never sniffed
        from .markdown import parse_markdown

        return parse_markdown(text, doc.source, layout, doc.base_url)
    return parse_text(text, doc.source, layout)
