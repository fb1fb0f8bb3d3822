"""BigTIFF and JPEG XL: recognised by their magic bytes, BigTIFF decoded by Pillow, JPEG XL decoded
when the optional plugin is installed and otherwise reported with its size, metadata and the reason
its pixels were not decoded (vendored files: fixtures/third-party, PROVENANCE.tsv)."""

from __future__ import annotations

import io
import struct

import pytest

from integrity.images import analyse_image, decode, jxl
from integrity.images.sniff import sniff_format
from tests.conftest import FIXTURES

THIRD = FIXTURES / "third-party"
JXL_FILE = THIRD / "c2pa-rs" / "sample1.jxl"  # 896x1080, container with jxlp parts
BIGTIFF = THIRD / "pillow" / "hopper_bigtiff.tif"  # 128x128 RGB


def _bits(*fields: tuple[int, int]) -> bytes:
    """Pack (value, width) fields least-significant-bit first, as a JPEG XL header is written."""
    acc = pos = 0
    for value, width in fields:
        acc |= value << pos
        pos += width
    return acc.to_bytes((pos + 7) // 8 + 1, "little")


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def _container(*boxes: bytes) -> bytes:
    return jxl.CONTAINER + _box(b"ftyp", b"jxl \x00\x00\x00\x00jxl ") + b"".join(boxes)


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"II+\x00\x08\x00\x00\x00", "TIFF"),
        (b"MM\x00+\x00\x08\x00\x00", "TIFF"),
        (b"II*\x00\x08\x00\x00\x00", "TIFF"),
        (b"\xff\x0a\xfa\x7f", "JXL"),
        (jxl.CONTAINER, "JXL"),
        (b"\xff\x0b\x00\x00", ""),  # not the JPEG XL signature
        (b"II+\x01", ""),  # a BigTIFF magic needs its zero byte
        (b"\x00\x00\x00\x0cJXL!\r\n\x87\n", ""),
    ],
)
def test_sniff_bigtiff_and_jpeg_xl(head: bytes, fmt: str) -> None:
    assert sniff_format(head + b"\x00" * 24) == fmt


def test_bigtiff_is_decoded_with_its_ifd0_metadata() -> None:
    ev = analyse_image(BIGTIFF.read_bytes(), name=BIGTIFF.name)
    assert (ev.format, ev.width, ev.height, ev.errors) == ("TIFF", 128, 128, ())


@pytest.mark.parametrize(
    ("header", "size"),
    [
        (_bits((1, 1), (7, 5), (0, 3), (3, 5)), (32, 64)),  # small: (h/8 - 1, ratio 0, w/8 - 1)
        (_bits((1, 1), (1, 5), (7, 3)), (32, 16)),  # small, ratio 2:1
        (_bits((0, 1), (0, 2), (36, 9), (0, 3), (1, 2), (99, 13)), (100, 37)),  # U32 distributions 0 and 1
        (_bits((0, 1), (2, 2), (1079, 18), (5, 3)), (1920, 1080)),  # ratio 16:9
    ],
)
def test_jpeg_xl_size_header(header: bytes, size: tuple[int, int]) -> None:
    assert jxl.size(jxl.CODESTREAM + header) == size
    assert jxl.size(_container(_box(b"jxlc", jxl.CODESTREAM + header))) == size


def test_jpeg_xl_size_agrees_with_the_plugin() -> None:
    pytest.importorskip("pillow_jxl")
    from PIL import Image

    for dims in [(3, 5), (64, 64), (100, 37), (1234, 77), (256, 192)]:
        buf = io.BytesIO()
        Image.new("RGB", dims, (10, 20, 30)).save(buf, "JXL")
        assert jxl.size(buf.getvalue()) == dims


def test_jpeg_xl_file_is_decoded_with_the_plugin() -> None:
    if not decode.jxl_decoder():
        pytest.skip("the jxl extra (pillow-jxl-plugin) is not installed")
    ev = analyse_image(JXL_FILE.read_bytes(), name=JXL_FILE.name)
    assert (ev.format, ev.width, ev.height, ev.errors) == ("JXL", 896, 1080, ())


def test_jpeg_xl_without_a_decoder_is_recognised_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode, "jxl_decoder", lambda: False)
    ev = analyse_image(JXL_FILE.read_bytes(), name=JXL_FILE.name)
    assert (ev.format, ev.width, ev.height) == ("JXL", 896, 1080)
    (err,) = ev.errors
    assert "not decoded" in err and "pillow-jxl-plugin" in err
    assert "not a recognised" not in err


def test_jpeg_xl_bomb_guard_comes_before_any_decoder() -> None:
    huge = (1 << 20) - 1  # 1,048,576 x 1,048,576 declared in a 10-byte header
    data = jxl.CODESTREAM + _bits((0, 1), (3, 2), (huge, 30), (1, 3))
    ev = analyse_image(data)
    assert (ev.width, ev.height) == (1 << 20, 1 << 20)
    assert any(e.startswith("decompression bomb guard") for e in ev.errors)


def test_jpeg_xl_xmp_box_is_read_without_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode, "jxl_decoder", lambda: False)
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        b'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    data = _container(_box(b"xml ", xmp), _box(b"jxlc", jxl.CODESTREAM + _bits((1, 1), (7, 5), (1, 3))))
    ev = analyse_image(data)
    assert ev.format == "JXL" and ev.ai == "generated"
    assert [s.where for s in ev.signals if s.kind == "generated"][0].startswith("jxl:xml")


def test_plain_jpeg_xl_has_no_ai_signal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode, "jxl_decoder", lambda: False)
    ev = analyse_image(jxl.CODESTREAM + _bits((1, 1), (7, 5), (1, 3)))
    assert ev.ai == "unknown" and ev.signals == ()


@pytest.mark.parametrize(
    "data",
    [
        jxl.CODESTREAM,  # header cut before the size
        _container(_box(b"jxlc", b"\x00\x01")),  # no signature in the codestream
        _container(),  # no codestream box
        jxl.CONTAINER + struct.pack(">I4s", 4000, b"xml ") + b"abc",  # a box past the end
    ],
)
def test_damaged_jpeg_xl_is_an_error_not_a_crash(data: bytes) -> None:
    ev = analyse_image(data)
    assert ev.format == "JXL"
    assert ev.errors and not any("internal error" in e for e in ev.errors)
