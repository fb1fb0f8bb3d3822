"""Other projects' own test archives (warcio's WARC/ARC files, py-wacz's WACZs; vendored in
fixtures/third-party with PROVENANCE.tsv), each audited: every valid file scans with no failed
document, a damaged one fails with a reason, and an archive with nothing in it says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from integrity.cli import main
from tests.conftest import ROOT

THIRD = ROOT / "fixtures" / "third-party"

# file -> (documents scanned ok, failed documents with a reason, exit code)
EXPECTED = {
    "warcio/example.warc": (2, 0, 0),  # valid, uncompressed: its CRLF CRLF record end is no corruption
    "warcio/example.arc": (1, 0, 0),  # valid ARC: its LF record end likewise
    "warcio/example.warc.gz": (2, 0, 0),
    "warcio/example.arc.gz": (1, 0, 0),
    "warcio/example-iana.org-chunked.warc": (1, 0, 0),
    "warcio/example-resource.warc.gz": (1, 0, 0),
    "warcio/example-space-in-url.arc": (1, 0, 0),
    "warcio/example-wget-bad-target-uri.warc.gz": (1, 0, 0),
    "warcio/example-digest.warc": (0, 0, 0),  # no HTML page in it
    "warcio/post-test.warc.gz": (0, 0, 0),
    "warcio/example-trunc.warc": (1, 1, 2),  # one record whose Content-Length runs past its content
    "warcio/example-bad-non-chunked.warc.gz": (0, 1, 2),
    "warcio/example-wrong-chunks.warc.gz": (0, 1, 2),
    "py-wacz/valid_example_1.wacz": (1, 0, 0),
    "py-wacz/valid_example_2.wacz": (1, 0, 0),
    "py-wacz/valid_signed_example_1.wacz": (1, 0, 0),
    "py-wacz/invalid_signed_example_1.wacz": (1, 0, 0),  # its signature is not integrity's to check
    "py-wacz/invalid_example_1.wacz": (0, 1, 2),  # no pages file, no archive/ folder
    "py-wacz/example-collection.warc": (1, 0, 0),
    "py-wacz/example-resource.warc.gz": (2, 0, 0),
    "py-wacz/example-warcinfo-metadata.warc": (1, 0, 0),
}


def _audit(path: Path, out: Path) -> tuple[int, list[dict]]:  # type: ignore[type-arg]
    code = main(["audit", "--engine", "serial", "--out", str(out), str(path)])
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return code, [json.loads(line) for line in lines if line.strip()]


def test_every_vendored_archive_has_an_expectation() -> None:
    present = {f"{p.parent.name}/{p.name}" for p in THIRD.glob("*/*") if p.is_file()}
    listed = {line.split("\t")[0] for line in (THIRD / "PROVENANCE.tsv").read_text().splitlines()[1:]}
    assert present == listed
    assert set(EXPECTED) <= present


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_third_party_archive_status(name: str, tmp_path: Path) -> None:
    ok, failed, exit_code = EXPECTED[name]
    code, docs = _audit(THIRD / name, tmp_path / "out")
    statuses = [d["document"]["status"] for d in docs]
    assert statuses.count("ok") == ok, statuses
    bad = [d for d in docs if d["document"]["status"] == "failed"]
    assert len(bad) == failed, statuses
    for d in bad:
        assert d["errors"] and d["errors"][0]["message"]
    assert code == exit_code


def test_truncated_record_is_named_with_its_offset(tmp_path: Path) -> None:
    _, docs = _audit(THIRD / "warcio/example-trunc.warc", tmp_path / "out")
    (bad,) = [d for d in docs if d["document"]["status"] == "failed"]
    assert bad["document"]["source"].endswith("#error@1197")
    assert "Content-Length" in bad["errors"][0]["message"]


def test_wacz_without_warcs_is_reported_empty(tmp_path: Path) -> None:
    _, docs = _audit(THIRD / "py-wacz/invalid_example_1.wacz", tmp_path / "out")
    assert [d["errors"][0]["code"] for d in docs] == ["archive.empty"]
