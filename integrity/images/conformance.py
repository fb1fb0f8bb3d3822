"""Which product signed a manifest, checked against the bundled C2PA Conforming Products List.

The list (``integrity/data/conformance/conforming-products-list.json``, shipped
unchanged) keys each product on the distinguished name of its claim-signing
certificate (CN, O, OU, C); certification authorities issue C2PA signing
certificates only to listed products. So the product is identified by the
active manifest's signing-certificate subject, never by the free-text claim
generator (anyone can write any name there). A name is only as good as the
signature: a record matched by an untrusted certificate is "unverified".

A record covers a product only for the formats it lists under
``containers.generate`` and only from its ``minVersion`` on (the list certifies a
product release for given containers): a file of another format, or whose
active manifest's claim generator gives an older version (or none), is
"not-covered", with the reason. Among several records with the certificate's
subject, one that covers the file is preferred.

A listed generator product may be barred from some signals
(``disallowedSignals``): a generative service must not emit
``capturedMedia``. Its active manifest's rubric signals
(``integrity.images.rubrics``) are checked against that list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .bundled_lists import DATA_DIR, load_lists
from .evidence import ConformanceStatus, Credentials, ManifestSignals, ProductConformance, Signal

CPL_FILE = DATA_DIR / "conformance" / "conforming-products-list.json"
_DN_KEYS = ("CN", "O", "OU", "C")


@dataclass(frozen=True)
class Product:
    """One record of the Conforming Products List, reduced to what a verdict needs."""

    record_id: str
    applicant: str
    dn: tuple[tuple[str, str], ...]  # the non-empty CN/O/OU/C, normalised
    status: str
    product_type: str
    max_assurance_level: int | None
    disallowed: frozenset[str]  # inception and transformation signal names
    last_modified: str
    min_version: str = ""  # the first conformant release ("": any)
    generates: frozenset[str] = frozenset()  # the media types it is listed to generate (empty: the record names none)


def _norm(value: Any) -> str:
    """The list and certificates differ in stray and doubled spaces and in case (``' Org, Inc.'``)."""
    return " ".join(str(value or "").split()).casefold()


def _dn(subject: Mapping[str, Any]) -> dict[str, str]:
    return {k: _norm(subject.get(k)) for k in _DN_KEYS if _norm(subject.get(k))}


@lru_cache(maxsize=4)
def load_products(path: Path = CPL_FILE) -> tuple[Product, ...]:
    """The list's records; a file that is not the list's JSON array raises (a configuration error)."""
    records = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(records, list):
        raise ValueError(f"{path}: the Conforming Products List is a JSON array of records")
    out = []
    for rec in records:
        product = rec.get("product") or {}
        signals = product.get("disallowedSignals") or {}
        disallowed = frozenset(str(s) for kind in ("inception", "transformation") for s in signals.get(kind) or [])
        out.append(Product(
            record_id=str(rec.get("recordId", "")),
            applicant=str(rec.get("applicant", "")),
            dn=tuple(sorted(_dn(product.get("DN") or {}).items())),
            status=str(rec.get("status", "")),
            product_type=str(product.get("productType", "")),
            max_assurance_level=(product.get("assurance") or {}).get("maxAssuranceLevel"),
            disallowed=disallowed,
            last_modified=str((rec.get("dates") or {}).get("lastModification", "")),
            min_version=str(product.get("minVersion") or "").strip(),
            generates=_generates(rec.get("containers")),
        ))
    return tuple(out)


def _generates(containers: Any) -> frozenset[str]:
    generate = containers.get("generate") if isinstance(containers, Mapping) else None
    kinds = generate.values() if isinstance(generate, Mapping) else ()
    return frozenset(_media(t) for kind in kinds if isinstance(kind, list) for t in kind if isinstance(t, str))


# one container, two names: the list writes HEIF images both ways, and integrity's sniffer says image/heic
_SAME_MEDIA = {"image/heif": "image/heic"}


def _media(mime: str) -> str:
    m = mime.strip().lower()
    return _SAME_MEDIA.get(m, m)


_VERSION = re.compile(r"v?(\d+(?:\.\d+)*)", re.IGNORECASE)


def _version(text: str) -> tuple[int, ...] | None:
    """``"v1.1"`` -> (1, 1), ``"68566598"`` -> (68566598,); trailing zeros dropped, so 1.0 == 1.0.0."""
    found = _VERSION.match(text.strip())
    if not found:
        return None
    parts = [int(p) for p in found.group(1).split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def gaps(product: Product, mime: str | None, versions: Iterable[str]) -> tuple[str, ...]:
    """Why ``product``'s record does not cover a file of ``mime`` whose claim generator gives ``versions``
    (empty: it does). An unknown format or an unparsable minVersion is not held against it."""
    out = []
    if mime and product.generates and _media(mime) not in product.generates:
        out.append(f"listed for {', '.join(sorted(product.generates))}, not {mime}")
    floor = _version(product.min_version)
    if floor is not None:
        given = [v for v in versions if _version(v) is not None]
        if not given:
            out.append(f"listed from version {product.min_version}; the manifest gives no version")
        elif all(_version(v) < floor for v in given):  # type: ignore[operator]
            out.append(f"listed from version {product.min_version}, not {', '.join(given)}")
    return tuple(out)


def find_product(subject: Mapping[str, Any], products: Iterable[Product] | None = None,
                 mime: str | None = None, versions: Iterable[str] = ()) -> Product | None:
    """The record whose DN the certificate subject carries (every non-empty CN/O/OU/C equal).

    Several records share a DN (one per program, spec version, format or release): one
    that covers the file (``gaps``) is preferred, then a conformant one to a revoked
    one, then the most recently modified.
    """
    have = _dn(subject)
    if "CN" not in have or "O" not in have:
        return None
    matches = [p for p in (products if products is not None else load_products())
               if p.product_type == "generatorProduct" and all(have.get(k) == v for k, v in p.dn)]
    if not matches:
        return None
    versions = tuple(versions)
    return max(matches, key=lambda p: (not gaps(p, mime, versions), p.status == "conformant", p.last_modified))


def check(creds: Credentials, products: Iterable[Product] | None = None) -> ProductConformance | None:
    """The product verdict for one image's credentials; None when there is no readable signed manifest."""
    if creds.signer_subject is None or creds.state not in ("valid", "trusted", "invalid"):
        return None
    subject = {k: v for k, v in creds.signer_subject.items() if k in _DN_KEYS and v}
    issued = _list_issued()
    found = find_product(creds.signer_subject, products, creds.mime, creds.generator_versions)
    if found is None:
        return ProductConformance("unlisted", subject, list_issued=issued)
    active = next((m for m in creds.rubric if m.role == "active"), ManifestSignals("", "active"))
    emitted = (*active.inception, *active.transformation)
    barred = tuple(s for s in emitted if s in found.disallowed)
    missing = gaps(found, creds.mime, creds.generator_versions)
    status: ConformanceStatus
    if found.status != "conformant":
        status = "revoked"
    elif creds.state != "trusted":
        status = "unverified"
    else:  # a barred claim is the worse news: it voids the claim whether the record covers the file or not
        status = "disallowed-signal" if barred else "not-covered" if missing else "listed"
    return ProductConformance(status, subject, found.record_id, found.applicant, found.max_assurance_level,
                              barred, issued, missing)


def _list_issued() -> str | None:
    cpl = CPL_FILE.relative_to(DATA_DIR).as_posix()
    return next((item.issued.isoformat() for item in load_lists().lists if item.file == cpl), None)


def store_subject(store: Mapping[str, Any]) -> dict[str, str] | None:
    """The active signer's CN and O as the reader's store JSON gives them (``common_name``, and
    ``issuer``, which c2pa-rs fills with the subject's organisation); its OU and C are not in it."""
    manifests = store.get("manifests")
    active = manifests.get(store.get("active_manifest")) if isinstance(manifests, Mapping) else None
    info = active.get("signature_info") if isinstance(active, Mapping) else None
    if not isinstance(info, Mapping):
        return None
    subject = {k: info[f] for k, f in (("CN", "common_name"), ("O", "issuer")) if isinstance(info.get(f), str)}
    return subject or None


def needs_full_subject(subject: Mapping[str, str] | None, products: Iterable[Product] | None = None) -> bool:
    """Whether a generator record has this CN and O, so its OU and C decide (several records share a
    CN and O and differ by OU): only then is the signing certificate's full subject worth reading."""
    have = _dn(subject or {})
    if "CN" not in have or "O" not in have:
        return False
    names = _names(tuple(products)) if products is not None else _names(load_products())
    return (have["CN"], have["O"]) in names


@lru_cache(maxsize=4)
def _names(products: tuple[Product, ...]) -> frozenset[tuple[str, str]]:
    dns = (dict(p.dn) for p in products if p.product_type == "generatorProduct")
    return frozenset((dn.get("CN", ""), dn.get("O", "")) for dn in dns)


def crjson_subject(crjson: Mapping[str, Any] | None, active_label: str | None) -> dict[str, str] | None:
    """The active signing certificate's whole subject from the reader's crJSON, or None."""
    manifests = [m for m in (crjson or {}).get("manifests") or [] if isinstance(m, Mapping)]
    active = next((m for m in manifests if active_label and m.get("label") == active_label),
                  manifests[0] if manifests else {})
    info = (active.get("signature") or {}).get("certificateInfo") if isinstance(active.get("signature"), Mapping) else None
    subject = info.get("subject") if isinstance(info, Mapping) else None
    return {str(k): str(v) for k, v in subject.items() if isinstance(v, str)} if isinstance(subject, Mapping) else None


def without_barred_claims(signals: list[Signal], verdict: ProductConformance | None) -> list[Signal]:
    """A product the list bars from a signal cannot vouch for it: a generative service's manifest claiming
    capture gives no ``not_ai`` evidence. Its active manifest's non-AI claims are dropped and the reason kept
    as an ``info`` signal; AI evidence stays (a product claiming less than it may is no contradiction)."""
    if verdict is None or verdict.status != "disallowed-signal":
        return signals
    kept = [s for s in signals
            if not (s.kind == "not_ai" and s.source.startswith("c2pa") and s.where.startswith("c2pa:active"))]
    name = verdict.product.get("CN") or verdict.product.get("O") or "the signing product"
    note = f"{name} may not emit {', '.join(verdict.disallowed_signals)} (C2PA Conforming Products List)"
    return [*kept, Signal("info", "strong", note, "c2pa:active/signature", "c2pa-conformance")]
