"""Other projects' own test files, run through integrity's commands and held to what those projects say.

Every file vendored in fixtures/third-party (PROVENANCE.tsv) has rows in expected.tsv, written by
fixtures/third-party/make_expected.py from warcio (records, errors), Pillow (format, size, whether it
loads) and c2pa-python (validation state, failure codes), never from integrity's output. Archives go
through ``audit``; images through ``inspect`` and, embedded in one small article, ``scan`` (a video also
played by a ``<video>``); and the
credentials integrity reads must agree with c2pa-python's Reader, asked live, for every file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from integrity.cli import main
from tests.conftest import FIXTURES

THIRD = FIXTURES / "third-party"
ARCHIVE_ENDINGS = (".warc", ".warc.gz", ".arc", ".arc.gz", ".warc.gz.bad", ".wacz")


def _rows() -> list[dict[str, str]]:
    with (THIRD / "expected.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


ROWS = _rows()


def _by(command: str) -> dict[str, dict[str, str]]:
    return {r["file"]: r for r in ROWS if r["command"] == command}


AUDIT, INSPECT, C2PA = _by("audit"), _by("inspect"), _by("c2pa")


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(argv)
    return code, out.getvalue()


def test_every_vendored_file_has_its_rows() -> None:
    with (THIRD / "PROVENANCE.tsv").open(encoding="utf-8") as fh:
        listed = [row["local_path"] for row in csv.DictReader(fh, delimiter="\t")]
    present = sorted(str(p.relative_to(THIRD)) for p in THIRD.glob("*/*") if p.is_file())
    assert sorted(listed) == present
    for name in listed:
        wanted = {"audit"} if name.endswith(ARCHIVE_ENDINGS) else {"inspect", "c2pa"}
        assert {r["command"] for r in ROWS if r["file"] == name} == wanted, name


# --- archives: audit ---------------------------------------------------------------------------


def _audit(path: Path, out: Path) -> tuple[int, list[dict]]:  # type: ignore[type-arg]
    code, _ = _run(["audit", "--engine", "serial", "--out", str(out), str(path)])
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return code, [json.loads(line) for line in lines if line.strip()]


# warcio's failure -> what integrity's reason must name
_WARCIO_FAILURE = {
    "length": "Content-Length",  # a record not followed by its separator
    "short": "cut short",  # warcio's reader ended before the record's Content-Length
    "ArchiveLoadFailed": ("ArchiveLoadFailed", "cut short"),  # integrity may find the break a record sooner
    "no-warc": "no WARC file",
}


def _check_audit(row: dict[str, str], code: int, docs: list[dict]) -> None:  # type: ignore[type-arg]
    statuses = [d["document"]["status"] for d in docs]
    assert code == int(row["exit"]), statuses
    assert statuses.count("ok") == int(row["count"]), statuses  # every page warcio finds, scanned
    bad = [d for d in docs if d["document"]["status"] != "ok"]
    if row["state"] == "ok":
        assert bad == [], statuses
        return
    (doc,) = bad  # exactly the one failure warcio reports
    assert doc["document"]["status"] == "failed"
    if "@" in row["state"]:
        assert doc["document"]["source"].endswith("#error" + row["state"][len("failed"):])
    wanted = _WARCIO_FAILURE[row["reason"]]
    message = doc["errors"][0]["message"]
    assert any(w in message for w in ((wanted,) if isinstance(wanted, str) else wanted)), message


@pytest.mark.parametrize("name", sorted(AUDIT))
def test_audit_accounts_for_every_record_as_warcio_does(name: str, tmp_path: Path) -> None:
    code, docs = _audit(THIRD / name, tmp_path / "out")
    _check_audit(AUDIT[name], code, docs)


@cache
def _make() -> Any:
    """fixtures/third-party/make_expected.py, which reads each file with the upstream readers."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_expected", THIRD / "make_expected.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(n for n in AUDIT if not n.endswith(".wacz")))
def test_index_holds_every_record_warcio_places_at_its_offset(name: str) -> None:
    """Record by record: the index holds each response/resource/revisit warcio reads, at warcio's
    offset, and its one error (if any) sits where warcio's reading failed."""
    from integrity.sources.warc import file_opener, index_warc

    with (THIRD / name).open("rb") as fh:
        view = _make()._warcio_view(fh)
    wanted = [r[0] for r in view["records"] if r[1] in ("response", "resource", "revisit")]
    index = index_warc(file_opener(str(THIRD / name)), name)
    try:
        assert [r.offset for r in index.records()] == wanted
        assert [o for o, _ in index.errors] == ([view["failed_at"]] if view["failure"] else [])
    finally:
        index.close()


def test_audit_of_the_whole_shared_corpus_accounts_for_every_record(shared: Path, tmp_path: Path) -> None:
    """The archives too large to vendor (../shared when present): the same rules, rows made on the spot
    by the same upstream readers."""
    make = _make()
    corpus = shared / "corpora" / "third-party"
    paths = sorted(p for p in [*(corpus / "warcio").rglob("*"), *(corpus / "py-wacz").rglob("*")]
                   if p.is_file() and p.name.endswith(ARCHIVE_ENDINGS))
    if not paths:
        pytest.skip("no third-party archives in ../shared")
    for i, path in enumerate(paths):
        row = dict(zip(["exit", "state", "count", "reason"], make._audit_row(path), strict=True))
        code, docs = _audit(path, tmp_path / f"out{i}")
        _check_audit(row, code, docs)


# --- images: inspect and scan ------------------------------------------------------------------


def _decoder_missing(fmt: str) -> bool:
    """HEIF and JPEG XL pixels need optional extras; without them the file is read for size only."""
    from integrity.images import decode

    return (fmt == "JXL" and not decode.jxl_decoder()) or (fmt == "HEIF" and decode.pillow_heif is None)


def _check_image(row: dict[str, str], record: dict) -> None:  # type: ignore[type-arg]
    """Hold one image record (inspect's, or scan's evidence) to Pillow's reading of the file."""
    errors = " ".join(record.get("errors") or [])
    assert " at 0x" not in errors, errors  # no memory address: two runs give the same report
    name = row["file"]
    if row["reason"] == "media":  # a container c2pa-python reads credentials from: told by its bytes, no pixels
        assert _MIME[record["format"]] == row["state"], record
        assert record["kind"] == _KIND[row["state"]], record
        assert record["not_applicable"] == ["pixels", "watermark", "phash"], record
        assert "not a recognised" not in errors, errors
        return
    if name.endswith(".svg"):  # Pillow reads no SVG; integrity reads its text, not pixels
        assert record["format"] == "SVG" and not errors, errors
        return
    if row["reason"] in ("unidentified", "bomb") or row["state"] not in _known_formats():
        assert errors, record  # refused, with the reason
        assert "internal error" not in errors
        if row["reason"] == "bomb":
            assert "decompression bomb" in errors
        return
    assert record["format"] == row["state"]
    assert f"{record['width']}x{record['height']}" == row["count"]
    if row["reason"] == "load-ok":
        if _decoder_missing(row["state"]):
            assert "not decoded" in errors or "extra" in errors, errors
        else:
            assert not [e for e in record["errors"] if not e.startswith(("metadata:", "c2pa:"))], errors
    else:  # Pillow opens it but cannot load its pixels
        assert "unreadable" in errors or "pixel" in errors, errors


@cache
def _known_formats() -> frozenset[str]:
    return frozenset(_MIME)


def _mime_types() -> dict[str, str]:
    from integrity.images.sniff import MIME_TYPES

    return dict(MIME_TYPES)


_MIME = _mime_types()
# the MIME type c2pa-python reads a container as -> the medium integrity reports
_KIND = {"video/mp4": "video", "video/quicktime": "video", "application/pdf": "document",
         "application/c2pa": "manifest"}


@pytest.mark.parametrize("name", sorted(INSPECT))
def test_inspect_agrees_with_pillow(name: str) -> None:
    row = INSPECT[name]
    code, out = _run(["inspect", "--format", "json", str(THIRD / name)])
    (record,) = json.loads(out)
    # exit 2 exactly for a file no reader could open (Pillow's own refusal; an SVG needs none), or one
    # in a format Pillow reads but no article image is in (integrity names the formats it reads)
    if row["reason"] == "media":  # read for its credentials: no exit 2 for "not an image"
        wanted = 0
    else:
        wanted = 0 if name.endswith(".svg") else 2 if row["state"] not in _known_formats() else int(row["exit"])
    assert code == wanted, record.get("errors")
    _check_image(row, record)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:  # type: ignore[type-arg]
    """One article embedding every vendored image (<img src>), scanned once."""
    folder = tmp_path_factory.mktemp("article")
    figures = []
    for i, name in enumerate(sorted(INSPECT)):
        local = f"img{i}-{Path(name).name}"
        shutil.copy(THIRD / name, folder / local)
        figures.append(f'<figure><img src="{local}" alt="Test image {i}"><figcaption>Test image {i}. '
                       f"Photo: Ann Writer</figcaption></figure>")
    article = folder / "story.html"
    article.write_text("<html><head><title>Test images</title></head><body><article><h1>Test images</h1>"
                       "<p class=byline>By Ann Writer</p>" + "\n".join(figures) + "<p>Text.</p></article></body></html>",
                       encoding="utf-8")
    code, out = _run(["scan", "--format", "json", str(article)])
    (report,) = json.loads(out)["reports"]
    assert report["document"]["status"] == "ok" and code in (0, 1)
    names = {f"img{i}-{Path(n).name}": n for i, n in enumerate(sorted(INSPECT))}
    return {names[img["src"]]: img for img in report["images"]}


@pytest.mark.parametrize("name", sorted(INSPECT))
def test_scan_of_an_article_embedding_it_agrees_with_pillow(name: str, scanned: dict[str, dict]) -> None:  # type: ignore[type-arg]
    image = scanned[name]
    assert image["status"] == "analysed", image
    _check_image(INSPECT[name], image["evidence"])


# --- Content Credentials: integrity against c2pa-python's Reader -------------------------------


def _upstream(name: str) -> tuple[str, str]:
    from integrity.images.c2pa_reader import c2pa_settings
    from integrity.images.settings import DEFAULT_SETTINGS

    return _make().c2pa_view(THIRD / name, c2pa_settings(DEFAULT_SETTINGS))  # type: ignore[no-any-return]


# c2pa-python's validation state -> integrity's credentials.state (explicit, every state met)
_STATE = {"Valid": "valid", "Trusted": "trusted", "Invalid": "invalid", "none": "none", "remote": "remote",
          "unsupported": "none"}
# failure codes -> integrity's credentials.problem (first match wins: tampering outranks trust)
_PROBLEM = (("mismatch", "tampered"), ("expired", "expired"), ("untrusted", "untrusted"))



def _cannot_hold_a_manifest(name: str) -> bool:
    """No JUMBF ``c2pa`` label and no XMP provenance link: no manifest can be in the file."""
    data = (THIRD / name).read_bytes()
    return b"c2pa" not in data and b"provenance" not in data


_NO_STORE = ("c2pa-python's Reader fails on the damaged container itself, but the file cannot hold a manifest "
             "(no JUMBF 'c2pa' label, no provenance link): integrity's credentials say none, and the damage "
             "is reported as an image error, so following the Reader here would be wrong")


def _c2pa_params() -> list:  # type: ignore[type-arg]
    out = []
    for name in sorted(C2PA):
        upstream_error = C2PA[name]["state"].startswith("error:")
        marks = [pytest.mark.xfail(strict=True, reason=_NO_STORE)] if upstream_error and _cannot_hold_a_manifest(name) else []
        out.append(pytest.param(name, marks=marks, id=name))
    return out


def _expected_problem(codes: str) -> str | None:
    listed = [c for c in codes.split(",") if c]
    for needle, problem in _PROBLEM:
        if any(needle in code for code in listed):
            return problem
    return None


@pytest.mark.parametrize("name", _c2pa_params())
def test_credentials_agree_with_c2pa_python(name: str) -> None:
    state, codes = _upstream(name)
    assert (state, codes) == (C2PA[name]["state"], C2PA[name]["reason"])  # the table is still the Reader's
    from integrity.inspect import inspect_image

    creds = inspect_image(THIRD / name)["credentials"]
    assert creds["state"] == ("error" if state.startswith("error:") else _STATE[state]), (state, codes, creds)
    if state in ("Valid", "Trusted", "Invalid"):
        assert creds["problem"] == _expected_problem(codes), (codes, creds)


_VIDEOS = sorted(n for n, r in INSPECT.items() if r["reason"] == "media" and r["state"].startswith("video/"))


@pytest.mark.parametrize("name", _VIDEOS)
def test_scan_of_an_article_playing_it_as_a_video_agrees_with_c2pa_python(name: str, tmp_path: Path) -> None:
    """A vendored video in a <video> of an article: listed among the report's videos (not its images), its
    credentials as c2pa-python's Reader reads them, and the credential rules about video[1]."""
    shutil.copy(THIRD / name, tmp_path / "clip.mp4")
    article = tmp_path / "story.html"
    article.write_text("<html><head><title>Test video</title></head><body><article><h1>Test video</h1>"
                       "<p class=byline>By Ann Writer</p><figure><video src=clip.mp4 controls></video>"
                       "<figcaption>Test video.</figcaption></figure><p>Text.</p></article></body></html>",
                       encoding="utf-8")
    code, out = _run(["scan", "--format", "json", str(article)])
    (report,) = json.loads(out)["reports"]
    assert report["images"] == [] and code in (0, 1)
    (video,) = report["videos"]
    assert (video["status"], video["evidence"]["kind"]) == ("analysed", "video")
    state, codes = C2PA[name]["state"], C2PA[name]["reason"]
    creds = video["evidence"]["credentials"]
    assert creds["state"] == _STATE[state] and creds["problem"] == _expected_problem(codes)
    if creds["problem"] == "tampered":
        (tampered,) = [f for f in report["findings"] if f["rule_id"] == "image/credentials-tampered"]
        assert tampered["subject"] == "video[1]" and tampered["message"].startswith("Video 1 has Content Credentials")
