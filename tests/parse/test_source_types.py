"""schema.org digitalSourceType in a page's JSON-LD and microdata, tied to the page's images by URL."""

from __future__ import annotations

import json

import pytest

from integrity.api import checker
from integrity.parse import parse_html

C = checker()
TRAINED = "https://schema.org/TrainedAlgorithmicMediaDigitalSource"
BASE = "https://news.example.org/2025/11/story.html"


def _page(ld: object | None = None, body: str = "") -> str:
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld is not None else ""
    return (f"<html><head><title>Pier</title>{script}</head><body><article><h1>Pier</h1>"
            f'<figure><img src="/media/pier.jpg" alt="The pier"><figcaption>The pier.</figcaption></figure>'
            f"<p>The pier was closed on Wednesday, the port authority said.</p>{body}</article></body></html>")


def _declared(html: str) -> list[str | None]:
    return [i.metadata_source_type for i in parse_html(html, "p.html", C.layout, base_url=BASE).images]


@pytest.mark.parametrize(
    "image",
    [
        {"@type": "ImageObject", "contentUrl": "https://news.example.org/media/pier.jpg", "digitalSourceType": TRAINED},
        {"@type": "ImageObject", "url": "/media/pier.jpg", "digitalSourceType": {"@id": TRAINED}},
        {"@type": "MediaObject", "contentUrl": "https://cdn.example.net/x/pier.jpg", "digitalSourceType": [TRAINED]},
        {"@type": "VideoObject", "thumbnailUrl": "/media/pier.jpg", "digitalSourceType": TRAINED},  # a video's poster
        {"@type": ["ImageObject", "Photograph"], "@id": "https://news.example.org/media/pier.jpg",
         "digitalSourceType": TRAINED},
    ],
)
def test_json_ld_image_declarations_reach_the_image(image):
    assert _declared(_page({"@context": "https://schema.org", "@type": "NewsArticle", "image": image})) == [TRAINED]


def test_graph_and_iptc_uri_forms():
    iptc = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "image": {"@id": "#img"}},
        {"@type": "ImageObject", "@id": "#img", "contentUrl": "/media/pier.jpg", "digitalSourceType": iptc},
    ]}
    assert _declared(_page(ld)) == [iptc]


def test_microdata_declarations_reach_the_image():
    body = ('<figure itemscope itemtype="https://schema.org/ImageObject"><img itemprop="contentUrl" src="/media/b.jpg">'
            f'<link itemprop="digitalSourceType" href="{TRAINED}"></figure>'
            '<div itemscope itemtype="https://schema.org/VideoObject"><meta itemprop="thumbnailUrl" content="/media/c.jpg">'
            '<meta itemprop="digitalSourceType" content="https://schema.org/DigitalCaptureDigitalSource"></div>'
            '<img src="/media/c.jpg" alt="A still">')
    assert _declared(_page(None, body)) == [None, TRAINED, "https://schema.org/DigitalCaptureDigitalSource"]


@pytest.mark.parametrize(
    "ld",
    [
        # the article itself declared generated: that is about its text, not its picture
        {"@context": "https://schema.org", "@type": "NewsArticle", "digitalSourceType": TRAINED,
         "image": "https://news.example.org/media/pier.jpg"},
        # another picture's declaration
        {"@type": "ImageObject", "contentUrl": "https://news.example.org/media/other.jpg", "digitalSourceType": TRAINED},
        # a media node without a URL cannot be tied to any image
        {"@type": "ImageObject", "digitalSourceType": TRAINED},
        # an empty or non-text value
        {"@type": "ImageObject", "contentUrl": "/media/pier.jpg", "digitalSourceType": ["", 3, None]},
    ],
)
def test_declarations_that_are_not_this_images(ld):
    assert _declared(_page(ld)) == [None]


def test_two_files_of_one_name_with_different_declarations_are_not_guessed():
    ld = [{"@type": "ImageObject", "contentUrl": "https://a.example/x/pier.jpg", "digitalSourceType": TRAINED},
          {"@type": "ImageObject", "contentUrl": "https://b.example/y/pier.jpg",
           "digitalSourceType": "https://schema.org/DigitalCaptureDigitalSource"}]
    assert _declared(_page(ld)) == [None]


def test_a_broken_script_costs_only_itself():
    html = _page({"@type": "ImageObject", "contentUrl": "/media/pier.jpg", "digitalSourceType": TRAINED})
    html = html.replace("<head>", '<head><script type="application/ld+json">{"@type": "ImageObject", </script>')
    assert _declared(html) == [TRAINED]


RDFA_FIGURE = ('<figure {scope} typeof="{type}"><img property="{url_prop}" src="/media/pier.jpg" alt="The pier">'
               '<link property="{prop}" href="{value}"><figcaption>The pier.</figcaption></figure>')


def _figure(scope: str, type_: str, prop: str, value: str = TRAINED) -> str:
    """An RDFa ImageObject whose contentUrl is named in the same form as ``prop``."""
    return RDFA_FIGURE.format(scope=scope, type=type_, prop=prop, value=value,
                              url_prop=prop.replace("digitalSourceType", "contentUrl").replace("dc:type", "dc:source"))


def _rdfa_page(figure: str, article_attrs: str = 'vocab="https://schema.org/" typeof="NewsArticle"') -> str:
    return (f'<html><head><title>Pier</title></head><body><article {article_attrs}><h1 property="headline">Pier</h1>'
            f"{figure}<p>The pier was closed on Wednesday, the port authority said.</p></article></body></html>")


@pytest.mark.parametrize(
    ("scope", "type_", "prop"),
    [
        ('vocab="https://schema.org/"', "ImageObject", "digitalSourceType"),
        ("", "schema:ImageObject", "schema:digitalSourceType"),  # RDFa's default schema: prefix
        ('prefix="s: http://schema.org/"', "s:MediaObject", "s:digitalSourceType"),
        ("", "https://schema.org/ImageObject", "https://schema.org/digitalSourceType"),
    ],
)
def test_rdfa_image_declarations_reach_the_image(scope: str, type_: str, prop: str) -> None:
    figure = _figure(scope, type_, prop)
    assert _declared(_rdfa_page(figure, article_attrs="")) == [TRAINED]


@pytest.mark.parametrize(
    ("figure", "article_attrs"),
    [
        # another vocabulary's properties (Open Graph, Dublin Core) are not schema.org's
        (_figure('vocab="http://ogp.me/ns#"', "ImageObject", "digitalSourceType"), ""),
        (_figure('prefix="dc: http://purl.org/dc/terms/"', "dc:Image", "dc:type"), ""),
        # no vocabulary in scope: a bare term names nothing
        (_figure("", "ImageObject", "digitalSourceType"), ""),
        # a declaration on the article node is about its text, not its picture
        ('<figure><img src="/media/pier.jpg" alt="The pier"></figure>'
         f'<link property="digitalSourceType" href="{TRAINED}">', 'vocab="https://schema.org/" typeof="NewsArticle"'),
    ],
)
def test_rdfa_declarations_that_are_not_this_images(figure: str, article_attrs: str) -> None:
    assert _declared(_rdfa_page(figure, article_attrs)) == [None]


def test_rdfa_article_declaration_labels_the_text() -> None:
    html = _rdfa_page(f'<meta property="digitalSourceType" content="{TRAINED}">')
    assert parse_html(html, "p.html", C.layout, base_url=BASE).declared_source_type == TRAINED
