"""The dwtDct decoder against an encoder written from the published algorithm."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
import pywt
from image_corpora import FIXTURES
from PIL import Image

from integrity.images import analyse_image
from integrity.images.generator_rules import load_generator_rules
from integrity.images.settings import ImageSettings
from integrity.images.watermark import detect, haar_approx, payload_bits


@pytest.fixture(scope="module")
def maker():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def cfg():
    return load_generator_rules(ImageSettings().rules_path()).section("watermark")


def test_haar_matches_pywavelets():
    x = np.random.default_rng(1).integers(0, 256, (64, 48)).astype(np.uint8)
    assert np.allclose(haar_approx(x), pywt.dwt2(x.astype(np.float64), "haar")[0], atol=1e-3)


@pytest.mark.parametrize("payload", ["sdxl", "sd1", "sd2"])
def test_embedded_payload_is_found(maker, cfg, payload):
    bits = "".join(map(str, payload_bits(cfg["payloads"][payload])))
    size = 384 if payload == "sd1" else 192  # 136 bits need more blocks
    img = Image.fromarray(maker.embed_dwtdct(maker.texture(size), bits))
    found = {r.payload: r for r in detect(img, cfg)}
    assert found[payload].level == "very_likely"
    assert found[payload].matched >= found[payload].length - 2


def test_fixture_reports_weak_signal_only():
    ev = analyse_image((FIXTURES / "synthetic_sdxl_watermark.png").read_bytes())
    marks = [s for s in ev.signals if s.source == "watermark:sdxl"]
    assert len(marks) == 1 and marks[0].strength == "weak"
    assert ev.ai == "unknown"  # weak evidence alone does not decide


@pytest.mark.parametrize("name", ["synthetic_texture_plain.png", "synthetic_flat_grey.png"])
def test_no_claim_without_watermark_or_information(name):
    ev = analyse_image((FIXTURES / name).read_bytes())
    assert not [s for s in ev.signals if s.source.startswith("watermark")]


def test_watermark_can_be_switched_off():
    ev = analyse_image(
        (FIXTURES / "synthetic_sdxl_watermark.png").read_bytes(), settings=ImageSettings(watermark=False)
    )
    assert not ev.signals


def test_jpeg_watermark_when_configured(maker, tmp_path):
    """JPEG is off by default (data decides); turning it on must decode at full size, not draft."""
    import io

    rules = ImageSettings().rules_path().read_text().replace("formats: [PNG, WEBP, TIFF, BMP]", "formats: [PNG, JPEG]")
    custom = tmp_path / "ai-generators.yml"
    custom.write_text(rules)
    buf = io.BytesIO()
    Image.fromarray(maker.embed_dwtdct(maker.texture(256), maker.SDXL_BITS)).save(buf, "JPEG", quality=95)
    default = analyse_image(buf.getvalue())
    assert not [s for s in default.signals if s.source.startswith("watermark")]
    on = analyse_image(buf.getvalue(), settings=ImageSettings(rules_file=str(custom)))
    assert [s.source for s in on.signals] == ["watermark:sdxl"]
