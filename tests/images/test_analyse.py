"""analyse_image on small fixtures: must-flag, must-not-flag, and hostile input."""

from __future__ import annotations

import io
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from image_corpora import FIXTURES
from PIL import Image

from integrity.images import ImageSettings, analyse_image

FLAGGED = {
    "sdparsers_automatic1111_cropped.png": ("automatic1111", "png:tEXt/parameters"),
    "sdparsers_automatic1111_cropped.jpg": ("automatic1111", "jpeg:APP1/exif:UserComment"),
    "sdparsers_automatic1111_stealth.png": ("automatic1111", "png/alpha-lsb"),
    "sdparsers_novelai1_cropped.png": ("novelai", "png:tEXt/Software"),
    "sdparsers_invokeai_imeta1.png": ("invokeai", "png:tEXt/invokeai_metadata"),
    "synthetic_usercomment_utf16le.jpg": ("automatic1111", "jpeg:APP1/exif:UserComment"),
    "synthetic_usercomment_utf16be.jpg": ("automatic1111", "jpeg:APP1/exif:UserComment"),
    "synthetic_text_after_idat.png": ("automatic1111", "png:tEXt/parameters"),
}


@pytest.mark.parametrize("name", sorted(FLAGGED))
def test_generator_metadata_is_flagged_with_location(name):
    generator, where = FLAGGED[name]
    ev = analyse_image((FIXTURES / name).read_bytes(), name=name)
    assert ev.ai == "generated"
    assert generator in ev.generators
    assert any(s.where == where and s.source == f"generator:{generator}" for s in ev.signals)


@pytest.mark.parametrize(
    "name,where",
    [
        ("synthetic_xmp_ns1_https.png", "png:iTXt/XMP/xmp:Iptc4xmpExt:DigitalSourceType"),
        ("synthetic_extended_xmp.jpg", "jpeg:APP1/XMP-extended"),
    ],
)
def test_iptc_digital_source_type_any_prefix_http_or_https(name, where):
    ev = analyse_image((FIXTURES / name).read_bytes())
    assert ev.ai == "generated"
    assert any(s.source == "iptc-dst" and s.where.startswith(where) for s in ev.signals)


def test_google_camera_is_not_google_ai():
    ev = analyse_image((FIXTURES / "synthetic_camera_google.jpg").read_bytes())
    assert ev.ai == "none"
    assert [s.source for s in ev.signals] == ["camera-exif"]
    assert ev.capture_date == "2019-04-01T10:20:30"


def test_plain_image_without_metadata_is_unknown():
    buf = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 20, 30)).save(buf, "JPEG")
    ev = analyse_image(buf.getvalue())
    assert (ev.ai, ev.credentials.state, ev.signals, ev.errors) == ("unknown", "none", (), ())
    assert (ev.format, ev.width, ev.height) == ("JPEG", 32, 32)


def test_truncated_image_is_an_error_entry():
    data = (FIXTURES / "synthetic_texture_plain.png").read_bytes()
    ev = analyse_image(data[: len(data) // 2], name="cut.png")
    assert ev.errors and any("truncated" in e or "unreadable" in e for e in ev.errors)
    assert ev.format == "PNG" and ev.width == 192


def test_truncated_jpeg_is_an_error_entry():
    buf = io.BytesIO()
    Image.effect_noise((256, 256), 40).convert("RGB").save(buf, "JPEG")
    ev = analyse_image(buf.getvalue()[:3000])
    assert any("truncated" in e for e in ev.errors)


def test_decompression_bomb_is_refused_before_decoding():
    buf = io.BytesIO()
    Image.new("L", (4000, 4000)).save(buf, "PNG")
    ev = analyse_image(buf.getvalue(), settings=ImageSettings(max_pixels=1_000_000))
    assert any("decompression bomb" in e for e in ev.errors)
    assert (ev.width, ev.height) == (4000, 4000)


@pytest.mark.parametrize("data", [b"", b"not an image", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe1\xff\xff"])
def test_garbage_never_raises(data):
    ev = analyse_image(data)
    assert ev.ai == "unknown" and ev.errors


def test_credit_fields():
    from integrity.images.dates_credits import credit
    from integrity.images.record import MetaField

    c = credit(
        [
            MetaField("xmp:photoshop:Credit", "AP", "w"),
            MetaField("xmp:dc:creator", "Ana", "w"),
            MetaField("exif:Artist", "Ana", "w"),
            MetaField("xmp:dc:rights", "(c) AP", "w"),
        ]
    )
    assert (c.credit, c.creator, c.rights) == ("AP", ("Ana",), "(c) AP")


def test_to_dict_is_json():
    ev = analyse_image((FIXTURES / "sdparsers_novelai1_cropped.png").read_bytes(), name="n.png")
    d = json.loads(json.dumps(ev.to_dict()))
    assert d["ai"] == "generated" and d["credentials"]["state"] == "none"
    assert {"kind", "strength", "value", "where", "source"} <= set(d["signals"][0])


def test_threads_give_the_same_answers():
    files = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".png", ".jpg"))
    serial = [analyse_image(p.read_bytes()) for p in files]
    with ThreadPoolExecutor(8) as pool:
        parallel = list(pool.map(lambda p: analyse_image(p.read_bytes()), files * 3))
    assert parallel == serial * 3


def test_hostile_regex_input_stays_fast():
    import time as _t

    from integrity.images.generator_rules import load_generator_rules
    from integrity.images.generators import generator_signals
    from integrity.images.record import MetaField

    lex = load_generator_rules(ImageSettings().rules_path())
    keys = ("text:Dream", "text:generation_data", "exif:UserComment")
    nasty = [MetaField(k, " -s 1 -S 1" * 400_000, "x") for k in keys]
    t0 = _t.perf_counter()
    generator_signals(nasty, lex)
    assert _t.perf_counter() - t0 < 2.0


def test_deeply_nested_xmp_is_a_problem_not_a_crash():
    from integrity.images.record import RawBlock
    from integrity.images.xmp import xmp_fields

    depth = 5000
    inner = "<dc:x>" * depth + "v" + "</dc:x>" * depth
    packet = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<rdf:Description rdf:about="">{inner}</rdf:Description></rdf:RDF>'
    ).encode()
    fields, problems = xmp_fields(RawBlock("xmp", packet, "x"))
    assert problems


def test_generator_signal_shows_the_match():
    ev = analyse_image((FIXTURES / "sdparsers_automatic1111_cropped.png").read_bytes())
    assert "Steps: 15, Sampler:" in ev.signals[0].value


def test_bad_configuration_raises():
    with pytest.raises(ValueError):
        analyse_image(b"", settings=ImageSettings(trust_lists=("nope",)))


def test_process_pool_gives_the_same_answers():
    import multiprocessing

    files = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".png", ".jpg"))[:6]
    serial = [analyse_image(p.read_bytes()).to_dict() for p in files]  # warms caches in the parent
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        forked = pool.map(_analyse_path, [str(p) for p in files])
    assert forked == serial


def _analyse_path(path: str) -> dict:
    from pathlib import Path

    return analyse_image(Path(path).read_bytes()).to_dict()
