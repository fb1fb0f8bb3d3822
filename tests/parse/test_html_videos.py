"""<video> elements as the parser reads them: source, poster, accessible name, a figure's caption and credit,
and the digitalSourceType the page's structured data declares for them (by contentUrl or poster)."""

from __future__ import annotations

import json

from integrity.api import checker
from integrity.parse import parse_html

C = checker()
TRAINED = "https://schema.org/TrainedAlgorithmicMediaDigitalSource"
BASE = "https://news.example.org/2026/11/story.html"


def _videos(body: str, ld: object | None = None):  # type: ignore[no-untyped-def]
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld is not None else ""
    html = (f"<html><head><title>Flood</title>{script}</head><body><article><h1>Flood</h1>"
            f"<p>The river rose on Monday, the agency said.</p>{body}</article>"
            '<aside><video src="/promo.mp4"></video></aside></body></html>')
    return parse_html(html, "p.html", C.layout, base_url=BASE).videos


def test_a_figure_video_takes_its_source_caption_and_credit() -> None:
    (v,) = _videos('<figure><video controls poster="/p.jpg"><source src="/media/flood.mp4" type="video/mp4"></video>'
                   '<figcaption>AI-generated video of the flood. <span class="credit">Graphics desk</span>'
                   "</figcaption></figure>")
    assert (v.index, v.src, v.poster, v.context) == (1, "https://news.example.org/media/flood.mp4",
                                                     "https://news.example.org/p.jpg", "figure")
    assert v.caption is not None and v.caption.text.startswith("AI-generated video of the flood.")
    assert v.subject == "video[1]" and v.span is not None


def test_an_inline_video_is_named_by_its_aria_label() -> None:
    (v,) = _videos('<video src="clip.mp4" aria-label="Animation made with AI"></video>')
    assert v.context == "inline" and v.alt is not None and v.alt.text == "Animation made with AI"
    assert v.caption is None


def test_the_declared_source_type_is_tied_by_url_or_poster() -> None:
    ld = [{"@context": "https://schema.org", "@type": "VideoObject", "contentUrl": "https://news.example.org/media/a.mp4",
           "digitalSourceType": TRAINED},
          {"@context": "https://schema.org", "@type": "VideoObject", "thumbnailUrl": "https://news.example.org/b.jpg",
           "digitalSourceType": TRAINED}]
    a, b, c = _videos('<video src="/media/a.mp4"></video><video src="/media/b.mp4" poster="/b.jpg"></video>'
                      '<video src="/media/c.mp4"></video>', ld)
    assert (a.metadata_source_type, b.metadata_source_type, c.metadata_source_type) == (TRAINED, TRAINED, None)


def test_no_video_no_refs_and_page_chrome_videos_are_left_out() -> None:
    assert _videos("<p>No video here.</p>") == ()
