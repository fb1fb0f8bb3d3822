"""XMP packets to flat fields keyed by namespace, not by the prefix a writer chose.

`Iptc4xmpExt:DigitalSourceType` must match whether the packet binds the
namespace to `Iptc4xmpExt`, `iptcExt` or `ns1`, so keys are built from the
namespace URI through a table of conventional prefixes. Unknown namespaces
keep their URI in the key so rules can still address them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .record import MetaField, RawBlock

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PREFIXES = {
    "http://iptc.org/std/Iptc4xmpExt/2008-02-29/": "Iptc4xmpExt",
    "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/": "Iptc4xmpCore",
    "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://ns.adobe.com/tiff/1.0/": "tiff",
    "http://ns.adobe.com/exif/1.0/": "exif",
    "http://ns.adobe.com/exif/1.0/aux/": "aux",
    "http://cipa.jp/exif/1.0/": "exifEX",
    "http://purl.org/dc/terms/": "dcterms",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#": "stEvt",
    "http://ns.adobe.com/xap/1.0/sType/ResourceRef#": "stRef",
    "http://ns.useplus.org/ldf/xmp/1.0/": "plus",
    "http://ns.adobe.com/camera-raw-settings/1.0/": "crs",
    "http://ns.google.com/photos/1.0/camera/": "GCamera",
    "http://ns.google.com/photos/1.0/container/": "GContainer",
    "http://ns.adobe.com/xmp/note/": "xmpNote",
    "http://www.tc260.org.cn/ns/AIGC/1.0/": "TC260",  # GB 45438-2025 implicit AIGC label (see aigc_label.py)
}
MAX_PACKET_BYTES = 4 * 1024 * 1024


def xmp_fields(block: RawBlock) -> tuple[list[MetaField], list[str]]:
    """Parse one packet; entity declarations are refused (billion-laughs guard)."""
    data = block.data
    if len(data) > MAX_PACKET_BYTES:
        return [], [f"xmp packet over {MAX_PACKET_BYTES} bytes ignored"]
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        return [], ["xmp packet with DTD/entities refused"]
    start = data.find(b"<x:xmpmeta")
    if start < 0:
        start = data.find(b"<rdf:RDF")
    if start < 0:
        start = data.find(b"<")
    end_tag = b"</x:xmpmeta>" if data[start:].startswith(b"<x:xmpmeta") else b"</rdf:RDF>"
    end = data.rfind(end_tag)
    packet = data[start : end + len(end_tag)] if end > 0 else data[start:]
    try:
        root = ET.fromstring(packet.rstrip(b"\x00"))
    except ET.ParseError as exc:
        return [], [f"xmp: {exc}"]
    out: list[MetaField] = []
    try:
        for desc in root.iter(f"{{{RDF}}}Description"):
            _flatten_description(desc, "", block.where, out)
    except RecursionError:
        return _dedupe(out), ["xmp nested too deeply; rest ignored"]
    return _dedupe(out), []


def qualified(tag: str) -> str:
    """`{uri}local` -> `prefix:local` using the conventional prefix table."""
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return f"{_PREFIXES.get(uri, uri)}:{local}"
    return tag


def _flatten_description(desc: ET.Element, path: str, where: str, out: list[MetaField]) -> None:
    for attr, value in desc.attrib.items():
        if attr.startswith(f"{{{RDF}}}"):
            continue
        _emit(path + qualified(attr), value, where, out)
    for child in desc:
        _flatten_property(child, path + qualified(child.tag), where, out)


def _flatten_property(el: ET.Element, key: str, where: str, out: list[MetaField]) -> None:
    resource = el.get(f"{{{RDF}}}resource")
    if resource is not None:
        _emit(key, resource, where, out)
        return
    children = list(el)
    if not children:
        if el.get(f"{{{RDF}}}parseType") == "Resource":
            return
        _emit(key, (el.text or "").strip(), where, out)
        return
    if el.get(f"{{{RDF}}}parseType") == "Resource":
        for child in children:
            _flatten_property(child, f"{key}/{qualified(child.tag)}", where, out)
        for attr, value in el.attrib.items():
            if not attr.startswith(f"{{{RDF}}}"):
                _emit(f"{key}/{qualified(attr)}", value, where, out)
        return
    for child in children:
        if child.tag in (f"{{{RDF}}}Bag", f"{{{RDF}}}Seq", f"{{{RDF}}}Alt"):
            for li in child:
                _flatten_item(li, key, where, out)
        elif child.tag == f"{{{RDF}}}Description":
            _flatten_description(child, key + "/", where, out)
        else:
            _flatten_property(child, f"{key}/{qualified(child.tag)}", where, out)


def _flatten_item(li: ET.Element, key: str, where: str, out: list[MetaField]) -> None:
    nested = list(li)
    if not nested and li.get(f"{{{RDF}}}parseType") != "Resource":
        _emit(key, (li.text or "").strip(), where, out)
        for attr, value in li.attrib.items():
            if not attr.startswith(f"{{{RDF}}}") and not attr.startswith("{http://www.w3.org/XML"):
                _emit(f"{key}/{qualified(attr)}", value, where, out)
        return
    for attr, value in li.attrib.items():
        if not attr.startswith(f"{{{RDF}}}"):
            _emit(f"{key}/{qualified(attr)}", value, where, out)
    for child in nested:
        if child.tag == f"{{{RDF}}}Description":
            _flatten_description(child, key + "/", where, out)
        else:
            _flatten_property(child, f"{key}/{qualified(child.tag)}", where, out)


def _emit(key: str, value: str, where: str, out: list[MetaField]) -> None:
    if value:
        out.append(MetaField(f"xmp:{key}", value, f"{where}/xmp:{key}"))


def _dedupe(fields: list[MetaField]) -> list[MetaField]:
    seen = set()
    out = []
    for f in fields:
        if (f.key, f.value) not in seen:
            seen.add((f.key, f.value))
            out.append(f)
    return out
