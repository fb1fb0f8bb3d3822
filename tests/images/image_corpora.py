"""Paths and fixtures shared by the image tests (a plain module, not a conftest, so it
cannot shadow tests/conftest.py). Corpus-backed tests skip when the corpora are absent;
the C2PA test certificates and the signed files the headline credential tests read are
vendored under fixtures/ (c2pa-certs/, credentials/), so those tests always run."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT / "fixtures" / "images"
CREDENTIALS = PROJECT / "fixtures" / "credentials"  # signed C2PA files (make_credentials.py, PROVENANCE.tsv)
TEST_CERTS = PROJECT / "fixtures" / "c2pa-certs" / "test"  # the public C2PA test signing certificates


def corpora_dir() -> Path:
    return PROJECT / ".." / "shared" / "corpora"


def read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="session")
def corpora() -> Path:
    root = corpora_dir()
    if not root.is_dir():
        pytest.skip(f"corpora not available at {root}")
    return root


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


TRAINED_AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def sign_image(fmt: str = "JPEG", mime: str = "image/jpeg", dst: str = TRAINED_AI) -> bytes:
    """A small gradient image signed offline with the C2PA test ES256 certificate (no timestamp)."""
    import io

    import c2pa
    from PIL import Image

    certs = TEST_CERTS
    signer = c2pa.Signer.from_info(
        c2pa.C2paSignerInfo(
            c2pa.C2paSigningAlg.ES256, (certs / "es256_certs.pem").read_bytes(), (certs / "es256_private.key").read_bytes(), None
        )
    )
    manifest = {
        "claim_generator_info": [{"name": "integrity-tests", "version": "0.1"}],
        "title": f"ai.{fmt.lower()}",
        "assertions": [
            {"label": "c2pa.actions.v2", "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": dst}]}}
        ],
    }
    source = io.BytesIO()
    Image.linear_gradient("L").resize((96, 64)).convert("RGB").save(source, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    source.seek(0)
    out = io.BytesIO()
    builder = c2pa.Builder(manifest, context=c2pa.Context.from_dict({"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}))
    builder.sign(signer, mime, source, out)
    return out.getvalue()
