"""Documents to Articles: decode, decide HTML or text, extract with offsets kept."""

from __future__ import annotations

from ..model import Article
from ..sources.document import Document
from .decode import decode, sniff_kind
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
    """Raises :class:`~integrity.sources.InputError` for input that is not an article."""
    text = decode(doc.data, doc.text)
    kind = doc.kind or sniff_kind(text)
    if kind == "html":
        from .html import parse_html  # the HTML tree builder loads only when a page is HTML

        return parse_html(text, doc.source, layout, doc.base_url)
    if kind == "markdown":  # only when named so (a .md file, --kind markdown): Markdown is never sniffed
        from .markdown import parse_markdown

        return parse_markdown(text, doc.source, layout, doc.base_url)
    return parse_text(text, doc.source, layout)
