"""srcset, sizes, media and type read the way the HTML standard says and a desktop browser picks."""

from __future__ import annotations

import pytest

from integrity.parse.srcset import (
    DESKTOP,
    VIEWPORT_WIDTH,
    Candidate,
    Viewport,
    media_matches,
    parse_srcset,
    select,
    source_size,
    type_supported,
)

GIF_1X1 = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def urls(value: str) -> list[str]:
    return [c.url for c in parse_srcset(value)]


# --- parse a srcset attribute -----------------------------------------------------------------


def test_commas_inside_urls_stay_in_the_url() -> None:
    # image CDNs put their transforms in the path, comma-separated
    value = (
        "https://img.example/upload/c_fill,g_faces:center,w_620/shake.jpg 620w,"
        "https://img.example/upload/c_fill,g_faces:center,w_1240/shake.jpg 1240w"
    )
    assert parse_srcset(value) == (
        Candidate("https://img.example/upload/c_fill,g_faces:center,w_620/shake.jpg", width=620),
        Candidate("https://img.example/upload/c_fill,g_faces:center,w_1240/shake.jpg", width=1240),
    )
    # without a descriptor the URL runs to the next white space, commas and all
    assert urls("a.jpg,b.jpg 2x") == ["a.jpg,b.jpg"]


def test_a_data_uri_is_one_candidate_not_cut_at_its_comma() -> None:
    assert parse_srcset(GIF_1X1) == (Candidate(GIF_1X1),)
    svg = "data:image/svg+xml,%3Csvg%20xmlns%3D'http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg'%20viewBox%3D'0%200%20640%20360'%2F%3E"
    assert urls(f"{svg} 1x, https://cdn.example/photo-1280.jpg 2x") == [svg, "https://cdn.example/photo-1280.jpg"]


def test_separators_trailing_commas_and_white_space() -> None:
    assert urls("a.jpg, b.jpg") == ["a.jpg", "b.jpg"]  # "a.jpg," loses its trailing comma
    assert urls(" ,, a.jpg 1x ,,\n\tb.jpg   2x , ") == ["a.jpg", "b.jpg"]
    assert urls("") == [] and urls(" , , ") == []
    # only ASCII white space separates: a no-break space is part of the URL
    assert parse_srcset("a.jpg\u00a01x") == (Candidate("a.jpg\u00a01x"),)


def test_descriptors() -> None:
    (w, x, h, plain) = parse_srcset("w.jpg 480w, x.jpg 1.5x, h.jpg 600w 400h, p.jpg")
    assert (w.width, w.density) == (480, None)
    assert (x.width, x.density) == (None, 1.5)
    assert (h.width, h.density) == (600, None)
    assert (plain.width, plain.density) == (None, None)
    assert parse_srcset("a.jpg .5x, b.jpg 1e1x") == (Candidate("a.jpg", density=0.5), Candidate("b.jpg", density=10.0))


@pytest.mark.parametrize(
    "value",
    [
        "a.jpg 1w 2x",  # width and density
        "a.jpg 100w 200w",  # two widths
        "a.jpg 0w",  # zero width
        "a.jpg 1.5X",  # descriptors are lower case
        "a.jpg 100h",  # a height needs a width
        "a.jpg -1x",  # negative density
        "a.jpg +2x",  # not a valid floating-point number
        "a.jpg 2.x",
        "a.jpg 480px",  # a CSS length is not a descriptor
        "a.jpg (foo, bar) 2x",  # unknown descriptor (its comma stays inside the parentheses)
    ],
)
def test_invalid_candidates_are_dropped(value: str) -> None:
    assert parse_srcset(value) == ()
    assert urls(value + ", ok.jpg 2x") == ["ok.jpg"]  # the rest of the list still counts


# --- sizes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "width"),
    [
        ("", VIEWPORT_WIDTH),  # no sizes: 100vw
        ("100vw", VIEWPORT_WIDTH),
        ("320px", 320),
        ("(max-width: 1024px) 100vw, 1024px", 1024),  # WordPress's default
        ("(min-width: 674px) 620px,calc(100vw - 40px)", 620),
        ("(max-width: 767px) 89vw, (max-width: 1000px) 54vw, (max-width: 1071px) 543px, 580px", 580),
        ("(min-width: 64.0625em) 300px, 100vw", 300),  # em in a media condition: 16px
        ("(min-width: 61.625rem) 132px, (min-width: 27.625rem) 945px, 441px", 132),
        ("calc(100vw - 2 * 20px)", VIEWPORT_WIDTH - 40),
        ("min(100vw, 640px)", 640),
        ("clamp(200px, 50vw, 800px)", 800),
        ("((min-width: 100px) and (max-width: 2000px)) 50vw, 10px", VIEWPORT_WIDTH / 2),
        ("50%, 300px", 300),  # a percentage is not a source size: the next entry is used
        ("-5px, 30px", 30),
        ("(max-width: px) 100vw, px", VIEWPORT_WIDTH),  # nothing valid: 100vw
        ("(unknown-feature: 1) 10px, 20px", 20),
        ("(max-width: 600px) 480px", VIEWPORT_WIDTH),  # the only entry does not hold
    ],
)
def test_source_size(sizes: str, width: float) -> None:
    assert source_size(sizes) == pytest.approx(width)


def test_auto_size_needs_a_known_layout_width() -> None:
    assert source_size("auto, 400px") == 400  # no layout width known: "auto" is skipped
    assert source_size("auto") == VIEWPORT_WIDTH
    assert source_size("auto, 400px", auto=250.0) == 250


# --- media queries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("media", "matches"),
    [
        ("", True),
        ("(min-width: 768px)", True),
        ("(max-width: 767px)", False),
        ("all and (min-width: 768px)", True),
        ("only screen and (min-width: 80rem)", True),
        ("screen and (orientation: landscape)", True),
        ("(min-width: 48.0625em) and (max-width: 64em)", False),
        ("print", False),
        ("not print", True),
        ("not all and (min-width: 768px)", False),
        ("(width >= 1200px)", True),
        ("(400px < width <= 700px)", False),
        ("(min-width: 1921px)", False),
        ("(prefers-color-scheme: dark)", False),
        ("(hover: hover) and (pointer: fine)", True),
        # pixel ratio 1: the hi-DPI sources of an art-directed picture do not match
        ("(min-width: 660px) and (-webkit-min-device-pixel-ratio: 1.25), (min-width: 660px) and (min-resolution: 120dpi)", False),
        ("(min-resolution: 1dppx)", True),
        ("(unknown-feature: 1)", False),
        ("not (unknown-feature: 1)", False),  # unknown stays unknown under "not"
        ("(unknown-feature: 1) or (min-width: 10px)", True),
        ("garbage !!, (min-width: 10px)", True),  # one bad query does not spoil the list
        ("screen and (min-width: 10px) or (max-width: 5px)", False),  # "or" after a media type does not parse
    ],
)
def test_media_queries(media: str, matches: bool) -> None:
    assert media_matches(media) is matches


def test_the_viewport_is_a_parameter() -> None:
    phone = Viewport(width=390, height=844, pixel_ratio=3.0, screen_width=390, screen_height=844)
    assert media_matches("(max-width: 767px)", phone) and not media_matches("(max-width: 767px)")
    assert source_size("(max-width: 1024px) 100vw, 1024px", None, phone) == 390


def test_types() -> None:
    assert type_supported("image/webp") and type_supported("image/avif") and type_supported("image/jpeg")
    assert type_supported(" IMAGE/AVIF; codecs=av01.0.05M.08")  # parameters are set aside
    assert not type_supported("image/jxl") and not type_supported("image/heic") and not type_supported("video/mp4")


# --- selection ------------------------------------------------------------------------------------


def test_density_descriptors_at_pixel_ratio_1() -> None:
    assert DESKTOP.pixel_ratio == 1.0
    assert select(parse_srcset("a.jpg 1x, a@2x.jpg 2x"), VIEWPORT_WIDTH) == "a.jpg"
    assert select(parse_srcset("a@2x.jpg 2x, a.jpg 1x"), VIEWPORT_WIDTH) == "a.jpg"  # order does not matter
    assert select(parse_srcset("a@2x.jpg 2x, a@3x.jpg 3x"), VIEWPORT_WIDTH) == "a@2x.jpg"  # the smallest that covers 1x
    assert select(parse_srcset("small.jpg 0.5x"), VIEWPORT_WIDTH) == "small.jpg"  # nothing covers: the largest there is


def test_width_descriptors_against_the_slot() -> None:
    cands = parse_srcset("s.jpg 400w, m.jpg 1024w, l.jpg 2048w")
    assert select(cands, source_size("(max-width: 1024px) 100vw, 1024px")) == "m.jpg"
    assert select(cands, source_size("")) == "l.jpg"  # 100vw = 1920: only 2048w covers it
    assert select(parse_srcset("s.jpg 400w, m.jpg 800w"), VIEWPORT_WIDTH) == "m.jpg"  # none covers: the widest
    assert select(cands, 0) == "s.jpg"  # a zero slot makes every density infinite: the first wins


def test_src_joins_the_set_only_without_1x_and_widths() -> None:
    assert select((), VIEWPORT_WIDTH, "x.jpg") == "x.jpg"
    assert select(parse_srcset("hi.jpg 2x"), VIEWPORT_WIDTH, "x.jpg") == "x.jpg"  # src is the 1x
    assert select(parse_srcset("one.jpg 1x, hi.jpg 2x"), VIEWPORT_WIDTH, "x.jpg") == "one.jpg"
    assert select(parse_srcset("w.jpg 300w"), VIEWPORT_WIDTH, "x.jpg") == "w.jpg"  # widths: src is not a candidate
    assert select((), VIEWPORT_WIDTH) is None


def test_equal_densities_keep_the_first() -> None:
    assert select(parse_srcset("first.jpg, second.jpg 1x"), VIEWPORT_WIDTH) == "first.jpg"
    assert select(parse_srcset("a.jpg 960w, b.jpg 1x"), 960) == "a.jpg"
