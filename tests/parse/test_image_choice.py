"""The image a desktop browser shows, from real-world markup patterns: lazy loaders, placeholders,
<picture> art direction, <noscript> fallbacks; and what must stay as it was."""

from __future__ import annotations

import base64
import gzip
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from integrity.api import checker
from integrity.parse import parse_html
from integrity.parse.image_choice import is_placeholder

GIF_1X1 = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
GIF_1X1_B = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="
GIF_3X2 = "data:image/gif;base64,R0lGODdhAwACAPAAAAAAACZFySH5BAEAAAEALAAAAAADAAIAAAICjF8AOw=="
SVG_BOX = "data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20viewBox='0%200%20800%20600'%3E%3C/svg%3E"
SVG_RECT = (
    "data:image/svg+xml,%3Csvg%20xmlns%3D%27http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%27%20width%3D%271200%27%20"
    "height%3D%27675%27%3E%3Crect%20width%3D%271200%27%20height%3D%27675%27%20fill-opacity%3D%220%22%2F%3E%3C%2Fsvg%3E"
)


def _data_uri(fmt: str, image: Image.Image) -> str:
    buf = io.BytesIO()
    image.save(buf, fmt)
    return f"data:image/{fmt.lower()};base64," + base64.b64encode(buf.getvalue()).decode()


def _icon() -> str:
    """A real 16×16 icon: a diagonal two-tone glyph on a gradient (a few hundred bytes)."""
    img = Image.new("RGB", (16, 16))
    img.putdata([((x * 16) % 256, (y * 16) % 256, 255 if x > y else 40) for y in range(16) for x in range(16)])
    return _data_uri("PNG", img)


def _srcs(html: str) -> list[str | None]:
    article = parse_html(html, "t.html", checker().layout)
    return [i.src for i in article.images if i.context != "meta"]


# --- placeholders are told by what they are ---------------------------------------------------------


@pytest.mark.parametrize("url", [GIF_1X1, GIF_1X1_B, GIF_3X2, SVG_BOX, SVG_RECT, "data:,", "data:image/gif;base64,"])
def test_placeholders(url: str) -> None:
    assert is_placeholder(url)


def test_flat_images_of_any_size_are_placeholders() -> None:
    spacer = Image.new("RGB", (1, 1))
    spacer.info["icc_profile"] = b"\0" * 2000  # a one-pixel image is a spacer whatever metadata it carries
    assert is_placeholder(_data_uri("PNG", spacer))
    assert is_placeholder(_data_uri("PNG", Image.new("1", (728, 489))))  # an aspect-ratio box
    assert is_placeholder(_data_uri("PNG", Image.new("RGBA", (16, 9), (0, 0, 0, 0))))
    assert is_placeholder(_data_uri("GIF", Image.new("L", (16, 16), 242)))  # a flat grey tile


def test_real_small_images_are_not_placeholders() -> None:
    icon = _icon()
    assert len(base64.b64decode(icon.split(",")[1])) < 200  # a few bytes, yet a picture
    assert not is_placeholder(icon)
    glyph = Image.new("1", (8, 8))
    glyph.putpixel((3, 3), 1)  # one dot on a blank tile still draws something
    assert not is_placeholder(_data_uri("GIF", glyph))
    thumb = Image.effect_noise((24, 16), 60).convert("RGB")  # a tiny JPEG preview has real detail
    assert not is_placeholder(_data_uri("JPEG", thumb))
    drawn = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E%3Cpath d='M2 2h20v20z'/%3E%3C/svg%3E"
    assert not is_placeholder(drawn)  # an SVG that draws a path is an icon, not a blank box
    assert not is_placeholder("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAE")  # broken, not blank: it stays to be reported
    assert not is_placeholder("https://cdn.example/1x1.gif")  # a URL is never judged by its name


# --- what must not change -------------------------------------------------------------------------


def test_a_plain_img_src_stays_as_written() -> None:
    assert _srcs('<img src="https://news.example/photos/flood.jpg" alt="Flood">') == ["https://news.example/photos/flood.jpg"]
    assert _srcs('<img src=" /photos/a,b.jpg ">') == ["/photos/a,b.jpg"]


def test_a_real_inline_image_is_kept() -> None:
    icon = _icon()
    assert _srcs(f'<img src="{icon}" alt="">') == [icon]


def test_a_placeholder_alone_gives_no_source() -> None:
    # the page's script fills it from somewhere the markup does not say: there is no image to check
    assert _srcs(f'<img src="{GIF_1X1}" data-hires="/a.jpg">') == [None]
    assert _srcs(f'<img src="{SVG_BOX}">') == [None]


def test_attributes_that_are_not_image_urls_are_ignored() -> None:
    # data-url names the page a teaser links to; a JSON blob or a template is not a URL
    assert _srcs('<img src="/teaser.jpg" data-url="https://news.example/story/">') == ["/teaser.jpg"]
    assert _srcs(f'<img src="{GIF_1X1}" data-src=\'{{"default":"//img.example/a.img?h=76"}}\'>') == [None]
    assert _srcs('<img src="/a.jpg" data-src="/b.jpg?w={width}">') == ["/a.jpg"]
    assert _srcs('<img src="/a.jpg" data-src="true">') == ["/a.jpg"]


def test_a_noscript_pixel_with_no_img_beside_it_is_not_an_image() -> None:
    assert _srcs('<noscript><img src="https://tracker.example/p?id=1"></noscript><p>Text</p>') == []


def test_a_real_src_is_not_replaced_by_a_noscript_copy() -> None:
    html = '<img src="/wp/uploads/photo-800.jpg"><noscript><img src="/wp/uploads/photo.jpg"></noscript>'
    assert _srcs(html) == ["/wp/uploads/photo-800.jpg"]


# --- srcset ----------------------------------------------------------------------------------------


def test_a_placeholder_srcset_gives_way_to_src() -> None:
    # the src holds the photo and a 1×1 GIF in srcset hides it until a script swaps it (media-platform cards)
    html = (
        '<img class="m-card--image-element" sizes="320px" '
        'src="https://img.example/.image/ar_16:9%2Cc_fill%2Cw_620/MTYx/shake.jpg" '
        f'srcset="{GIF_1X1}" alt="Burger and fries">'
    )
    assert _srcs(html) == ["https://img.example/.image/ar_16:9%2Cc_fill%2Cw_620/MTYx/shake.jpg"]


def test_cdn_urls_with_commas_in_srcset() -> None:
    html = (
        '<img src="https://i.example/upload/c_fit,w_320/a.jpg" sizes="(min-width: 1200px) 800px, 100vw" '
        'srcset="https://i.example/upload/c_fit,w_320/a.jpg 320w, https://i.example/upload/c_fit,w_800/a.jpg 800w, '
        'https://i.example/upload/c_fit,w_1600/a.jpg 1600w">'
    )
    assert _srcs(html) == ["https://i.example/upload/c_fit,w_800/a.jpg"]


def test_wordpress_srcset_and_sizes() -> None:
    html = (
        '<img width="1024" height="683" src="/up/photo-1024x683.jpg" '
        'srcset="/up/photo-1024x683.jpg 1024w, /up/photo-300x200.jpg 300w, /up/photo-768x512.jpg 768w, /up/photo-2048x1366.jpg 2048w" '
        'sizes="(max-width: 1024px) 100vw, 1024px">'
    )
    assert _srcs(html) == ["/up/photo-1024x683.jpg"]  # a 1024px slot at pixel ratio 1


def test_density_srcset_takes_the_1x() -> None:
    assert _srcs('<img src="/a-400.jpg" srcset="/a-400.jpg 1x, /a-800.jpg 2x">') == ["/a-400.jpg"]
    assert _srcs('<img src="/avatar-80.jpg" srcset="/avatar-160.jpg 2x">') == ["/avatar-80.jpg"]
    # a placeholder src does not join the set as its 1x
    assert _srcs(f'<img src="{GIF_1X1}" srcset="/avatar-160.jpg 2x">') == ["/avatar-160.jpg"]


# --- lazy loading ----------------------------------------------------------------------------------


def test_lazy_srcset_behind_an_svg_placeholder() -> None:
    # src a real 640px rendition, srcset an empty SVG box, the renditions in data-srcset (lazysizes)
    html = (
        '<img src="https://cdn.example/thumbnail/640x360/a.jpg#" class="lazyload" width="640" height="360" '
        'data-srcset="https://cdn.example/thumbnail/640x360/a.jpg 1x, https://cdn.example/thumbnail/1280x720/a.jpg 2x" '
        "srcset=\"data:image/svg+xml,%3Csvg%20xmlns%3D'http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg'%20viewBox%3D'0%200%20640%20360'%2F%3E\">"
    )
    assert _srcs(html) == ["https://cdn.example/thumbnail/640x360/a.jpg"]


def test_wp_rocket_style_lazy_src() -> None:
    html = (
        f'<img width="800" height="600" src="{SVG_BOX}" data-lazy-src="https://blog.example/up/cake.jpg" '
        'data-lazy-srcset="https://blog.example/up/cake.jpg 800w, https://blog.example/up/cake-300x225.jpg 300w" '
        'data-lazy-sizes="(max-width: 800px) 100vw, 800px">'
        '<noscript><img src="https://blog.example/up/cake.jpg"></noscript>'
    )
    assert _srcs(html) == ["https://blog.example/up/cake.jpg"]


def test_jetpack_keeps_its_real_src() -> None:
    # Jetpack leaves src alone, hides it behind a placeholder srcset and adds "?is-pending-load=1" to data-lazy-src
    plain = (
        '<img src="https://i0.wp.example/up/ring.jpg?resize=800%2C450&ssl=1" class="jetpack-lazy-image" '
        'data-lazy-src="https://i0.wp.example/up/ring.jpg?resize=800%2C450&is-pending-load=1#038;ssl=1" '
        f'srcset="{GIF_1X1}">'
    )
    assert _srcs(plain) == ["https://i0.wp.example/up/ring.jpg?resize=800%2C450&ssl=1"]
    with_set = plain.replace(
        "srcset=", 'data-lazy-srcset="https://i0.wp.example/up/ring.jpg?w=1280 1280w, https://i0.wp.example/up/ring.jpg?resize=300 300w" '
        'data-lazy-sizes="(max-width: 1100px) 100vw, 1100px" srcset='
    )
    assert _srcs(with_set) == ["https://i0.wp.example/up/ring.jpg?w=1280"]


def test_lazy_attributes_replace_a_low_quality_src() -> None:
    # the loader copies data-src over src, whatever src held (a blurred preview, a "loading" gif)
    assert _srcs('<img class="lazyload" src="/img/preview-40x20.jpg" data-src="/img/photo-1600.jpg">') == ["/img/photo-1600.jpg"]
    assert _srcs('<img src="/js/lazyload/grey.gif" data-original="/photos/speech.jpg">') == ["/photos/speech.jpg"]
    assert _srcs('<img data-lazy="https://cdn.example/slide-2.jpg" alt="">') == ["https://cdn.example/slide-2.jpg"]
    lqip = _data_uri("JPEG", Image.effect_noise((24, 16), 60).convert("RGB"))
    assert _srcs(f'<img src="{lqip}" data-src="/assets/thumbnail.jpeg" class="lazyload">') == ["/assets/thumbnail.jpeg"]


def test_lazy_srcset_with_auto_sizes_uses_the_width_attribute() -> None:
    html = (
        '<img class="lazyload" src="/i/x-40.jpg" data-sizes="auto" width="800" '
        'data-srcset="/i/x-400.jpg 400w, /i/x-800.jpg 800w, /i/x-1600.jpg 1600w">'
    )
    assert _srcs(html) == ["/i/x-800.jpg"]


def test_a_placeholder_in_a_lazy_attribute_is_skipped() -> None:
    html = (
        f'<img src="{GIF_3X2}" srcset="{GIF_3X2}" data-src="{GIF_3X2}" '
        'data-srcset="https://thumbs.example/2400/a.jpg 2400w, https://thumbs.example/1200/a.jpg 1200w">'
    )
    assert _srcs(html) == ["https://thumbs.example/2400/a.jpg"]


def test_an_image_the_loader_already_swapped_keeps_its_src() -> None:
    # a page saved from the browser: lazysizes marked it loaded, src is the saved copy
    html = '<img class="ls-is-cached lazyloaded" src="./page_files/logo.svg" data-src="/wp-content/uploads/logo.svg">'
    assert _srcs(html) == ["./page_files/logo.svg"]
    assert _srcs('<img lazy="loaded" src="/a.jpg" data-src="/b.jpg">') == ["/a.jpg"]


# --- <picture> ------------------------------------------------------------------------------------


def test_picture_takes_the_first_source_that_matches() -> None:
    html = (
        "<picture>"
        '<source type="image/jxl" srcset="/p/a.jxl">'  # not decoded by the assumed browser
        '<source media="(max-width: 767px)" srcset="/p/a-mobile.webp">'  # a phone layout
        '<source media="(min-width: 768px)" type="image/webp" srcset="/p/a-640.webp 640w, /p/a-1280.webp 1280w" sizes="640px">'
        '<source srcset="/p/a-1280.jpg">'
        '<img src="/p/a-640.jpg" alt="A">'
        "</picture>"
    )
    assert _srcs(html) == ["/p/a-640.webp"]


def test_picture_hi_dpi_sources_are_passed_over() -> None:
    html = (
        "<picture>"
        '<source media="(min-width: 660px) and (-webkit-min-device-pixel-ratio: 1.25), (min-width: 660px) and (min-resolution: 120dpi)" '
        'sizes="620px" srcset="/m/4800.jpg?width=620&amp;dpr=2 1240w">'
        '<source media="(min-width: 660px)" sizes="620px" srcset="/m/4800.jpg?width=620 620w">'
        '<img src="/m/4800.jpg?width=300" alt="">'
        "</picture>"
    )
    assert _srcs(html) == ["/m/4800.jpg?width=620"]


def test_picture_falls_back_to_the_img_and_ignores_sources_after_it() -> None:
    html = (
        '<picture><source media="print" srcset="/p/print.jpg"><img src="/p/screen.jpg">'
        '<source srcset="/p/after.jpg"></picture>'
    )
    assert _srcs(html) == ["/p/screen.jpg"]


def test_picture_sources_with_lazy_srcsets() -> None:
    html = (
        "<picture>"
        f'<source media="(min-width: 1024px)" data-srcset="/c/thumb.jpg" srcset="{GIF_1X1_B}">'
        '<source media="(max-width: 575px)" data-srcset="/c/144x144.jpg">'
        '<img class="lazyload" data-srcset="/c/144x144.jpg" alt="">'
        "</picture>"
    )
    assert _srcs(html) == ["/c/thumb.jpg"]


# --- <noscript> fallbacks ------------------------------------------------------------------------------


def test_noscript_after_a_placeholder_img() -> None:
    html = (
        '<figure><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="Chart">'
        '<noscript><img src="https://miro.example/max/1400/chart.png" srcset="https://miro.example/max/700/chart.png 700w, '
        'https://miro.example/max/1400/chart.png 1400w" sizes="700px"></noscript><figcaption>Chart</figcaption></figure>'
    )
    assert _srcs(html) == ["https://miro.example/max/700/chart.png"]


def test_noscript_before_the_img_or_beside_its_wrapper() -> None:
    before = f'<div class="thumb"><noscript><img src="/t/real.jpg"></noscript><img src="{SVG_BOX}" data-x="1"></div>'
    assert _srcs(before) == ["/t/real.jpg"]
    wrapped = f'<figure><span class="img"><img src="{GIF_1X1}"></span><noscript><img src="/t/wrapped.jpg"></noscript></figure>'
    assert _srcs(wrapped) == ["/t/wrapped.jpg"]


def test_a_noscript_between_two_images_belongs_to_the_first() -> None:
    html = (
        f'<div><img src="{GIF_1X1}" alt="one"><noscript><img src="/n/one.jpg"></noscript>'
        f'<img src="{GIF_1X1}" alt="two"></div>'
    )
    assert _srcs(html) == ["/n/one.jpg", None]


# --- real pages ----------------------------------------------------------------------------------


def test_no_corpus_page_gets_a_cut_data_uri_or_a_placeholder(shared: Path) -> None:
    """On every development page whose srcset holds a data: URI, no image src is a data: URI cut at its
    first comma (they read as broken files: 156 "unreadable image" warnings before) or a placeholder."""
    from eval.snapshot import pages

    folders = ("aeb_scrapinghub/html/", "trafilatura_eval/", "postlight_parser/")
    root = shared / "corpora" / "articles"
    found = 0
    for path in pages(root):
        if not str(path.relative_to(root)).startswith(folders):
            continue
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        if not re.search(r"srcset=[\"']\s*data:", html):
            continue
        found += 1
        for src in _srcs(html):
            if src is not None and src.startswith("data:"):
                assert "," in src and not is_placeholder(src), (path.name, src[:60])
    assert found >= 5
