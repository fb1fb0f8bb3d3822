"""Container walkers, EXIF and XMP flattening, format sniffing."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from integrity.images.containers import walk
from integrity.images.exif import decode_user_comment
from integrity.images.record import RawBlock
from integrity.images.sniff import sniff_format
from integrity.images.xmp import xmp_fields

TEXT = "cat\nSteps: 20, Sampler: Euler"


def _png_chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def _png_with(*chunks: bytes) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buf, "PNG")
    data = buf.getvalue()
    iend = data.rindex(b"IEND") - 4
    return data[:iend] + b"".join(chunks) + data[iend:]


def test_png_text_chunks_after_idat_all_kinds():
    data = _png_with(
        _png_chunk(b"tEXt", b"parameters\x00" + TEXT.encode()),
        _png_chunk(b"zTXt", b"prompt\x00\x00" + zlib.compress(b'{"3": {"class_type": "KSampler"}}')),
        _png_chunk(b"iTXt", b"Description\x00\x00\x00en\x00\x00" + "caf\u00e9".encode()),
        _png_chunk(b"iTXt", b"Comment\x00\x01\x00\x00\x00" + zlib.compress("\u00fc".encode())),
    )
    got = {f.key: (f.value, f.where) for f in walk("PNG", data).fields}
    assert got["text:parameters"] == (TEXT, "png:tEXt/parameters")
    assert got["text:prompt"][1] == "png:zTXt/prompt"
    assert got["text:Description"][0] == "caf\u00e9"
    assert got["text:Comment"][0] == "\u00fc"


def test_png_ztxt_bomb_is_capped():
    bomb = zlib.compress(b"A" * (20 * 1024 * 1024))
    w = walk("PNG", _png_with(_png_chunk(b"zTXt", b"k\x00\x00" + bomb)))
    assert not w.fields and w.problems


def test_truncated_png_chunk_is_a_problem_not_an_exception():
    data = _png_with(_png_chunk(b"tEXt", b"k\x00" + b"v" * 100))[:-40]
    assert walk("PNG", data).problems


def test_jpeg_com_and_iptc_credit():
    iim = b"\x1c\x02\x6e" + struct.pack(">H", 7) + b"Reuters"
    irb = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iim)) + iim
    app13 = b"Photoshop 3.0\x00" + irb
    com = "r\u00e9sum\u00e9".encode()
    segs = b"\xff\xfe" + struct.pack(">H", len(com) + 2) + com
    segs += b"\xff\xed" + struct.pack(">H", len(app13) + 2) + app13
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "JPEG")
    data = buf.getvalue()
    data = data[:2] + segs + data[2:]
    got = {f.key: f for f in walk("JPEG", data).fields}
    assert got["comment"].value == "r\u00e9sum\u00e9"
    assert got["iptc:Credit"].value == "Reuters"
    assert got["iptc:Credit"].where == "jpeg:APP13/iptc:Credit"


def test_user_comment_utf16_either_byte_order():
    for codec in ("utf-16-le", "utf-16-be"):
        assert decode_user_comment(b"UNICODE\x00" + TEXT.encode(codec)) == TEXT
    assert decode_user_comment(b"UNICODE\x00\xff\xfe" + TEXT.encode("utf-16-le")) == TEXT
    assert decode_user_comment(b"ASCII\x00\x00\x00" + b"plain") == "plain"
    assert decode_user_comment(b"\x00" * 8 + "\u30c6".encode()) == "\u30c6"


def _xmp(prefix: str, value: str, extra: str = "") -> bytes:
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" xmlns:{prefix}="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/" {prefix}:DigitalSourceType="{value}">'
        f'<dc:creator><rdf:Seq><rdf:li>Ana</rdf:li><rdf:li>Bo</rdf:li></rdf:Seq></dc:creator>{extra}'
        "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    ).encode()


def test_xmp_keys_come_from_namespace_not_prefix():
    fields, problems = xmp_fields(RawBlock("xmp", _xmp("foo", "https://x"), "jpeg:APP1/XMP"))
    assert not problems
    keys = [(f.key, f.value) for f in fields]
    assert ("xmp:Iptc4xmpExt:DigitalSourceType", "https://x") in keys
    assert ("xmp:dc:creator", "Ana") in keys and ("xmp:dc:creator", "Bo") in keys


def test_xmp_with_entities_is_refused():
    evil = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + _xmp("a", "&a;")
    fields, problems = xmp_fields(RawBlock("xmp", evil, "x"))
    assert not fields and problems


def test_sniff_ignores_names():
    assert sniff_format(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20) == "PNG"
    assert sniff_format(b"\xff\xd8\xff\xe0") == "JPEG"
    assert sniff_format(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "WEBP"
    assert sniff_format(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1") == "AVIF"
    assert sniff_format(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic") == "HEIF"
    assert sniff_format(b"hello") == ""
