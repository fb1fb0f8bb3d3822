"""Content Credentials on containers that are not images: MP4/MOV video, audio, PDF, ``.c2pa`` stores.

c2pa-python reads their manifests; integrity used to refuse them as "not a recognised
image format" with credentials ``none``. Each file here must give the state, failure
codes and problem c2pa-python's own Reader gives for it (asked with the MIME type its
name implies, so the check does not lean on integrity's sniffing), a media ``kind``,
and the pixel passes as not applicable rather than as errors. Headline files are
vendored (fixtures/credentials: made by make_credentials.py --media;
fixtures/third-party/c2pa-rs: copied, see PROVENANCE.tsv); the corpus's larger ones
(video1.mp4, legacy.mp4 ...) run when ../shared is beside the clone.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import c2pa
import pytest
from image_corpora import CREDENTIALS, PROJECT, corpora, corpora_dir  # noqa: F401 - pytest fixture

from integrity.images import ImageSettings, analyse_image
from integrity.images.c2pa_reader import c2pa_settings
from integrity.images.evidence import PIXEL_PASSES
from integrity.images.sniff import media_kind, sniff_format
from integrity.inspect import inspect_image

VENDORED_C2PA_RS = PROJECT / "fixtures" / "third-party" / "c2pa-rs"
CORPUS_C2PA_RS = corpora_dir() / "third-party" / "c2pa-rs" / "sdk" / "tests" / "fixtures"

BY_SUFFIX = {".mp4": "video/mp4", ".mov": "video/quicktime", ".pdf": "application/pdf", ".c2pa": "application/c2pa",
             ".avi": "video/avi", ".wav": "audio/wav", ".mp3": "audio/mpeg"}
KIND_BY_SUFFIX = {".mp4": "video", ".mov": "video", ".avi": "video", ".pdf": "document", ".c2pa": "manifest",
                  ".wav": "audio", ".mp3": "audio"}

VENDORED = sorted([*CREDENTIALS.glob("*.mp4"), *CREDENTIALS.glob("*.pdf"),
                   *(p for p in VENDORED_C2PA_RS.iterdir() if p.suffix in BY_SUFFIX)])
CORPUS = sorted(p for p in CORPUS_C2PA_RS.rglob("*") if p.suffix in BY_SUFFIX) if CORPUS_C2PA_RS.is_dir() else []
TAMPER = {"assertion.dataHash.mismatch", "assertion.bmffHash.mismatch", "assertion.hashedURI.mismatch",
          "claimSignature.mismatch"}


def _reader_says(path: Path, settings: ImageSettings) -> tuple[str, set[str]]:
    """(state, active-manifest failure codes) as c2pa-python's Reader gives them: none / error / its own state."""
    context = c2pa.Context.from_json(c2pa_settings(settings))
    try:
        with c2pa.Reader(BY_SUFFIX[path.suffix], io.BytesIO(path.read_bytes()), context=context) as reader:
            results = reader.get_validation_results() or {}
            codes = {f["code"] for f in (results.get("activeManifest") or {}).get("failure", [])}
            return (reader.get_validation_state() or "").lower(), codes
    except c2pa.C2paError.ManifestNotFound:
        return "none", set()
    except c2pa.C2paError:
        return "error", set()


def _problem(codes: set[str]) -> str | None:
    if codes & TAMPER:
        return "tampered"
    if "signingCredential.expired" in codes:
        return "expired"
    return "untrusted" if codes else None


def _check_agrees_with_reader(path: Path) -> None:
    settings = ImageSettings()
    state, codes = _reader_says(path, settings)
    record = inspect_image(path)
    assert record["format"], record  # recognised, not "not a recognised image format"
    assert record["kind"] == KIND_BY_SUFFIX[path.suffix]
    assert record["credentials"]["state"] == state, record
    if state not in ("none", "error"):
        assert set(record["c2pa"]["failure_codes"]) == codes
        assert record["credentials"]["problem"] == _problem(codes)
    assert record["not_applicable"] == list(PIXEL_PASSES)
    assert not any("not a recognised" in e or "internal error" in e for e in record["errors"])


@pytest.mark.parametrize("path", VENDORED, ids=[p.name for p in VENDORED])
def test_vendored_media_credentials_agree_with_c2pa_reader(path: Path) -> None:
    _check_agrees_with_reader(path)


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_media_credentials_agree_with_c2pa_reader(path: Path) -> None:
    _check_agrees_with_reader(path)


@pytest.mark.parametrize("name", ["video1.mp4", "legacy.mp4", "dashinit.mp4"])
def test_the_issue_videos_have_credentials(corpora, name: str) -> None:
    record = inspect_image(CORPUS_C2PA_RS / name)
    assert record["kind"] == "video" and record["format"] == "MP4"
    assert record["credentials"]["state"] in ("valid", "invalid")  # signed by the c2pa-rs test signers
    assert record["c2pa"]["signer"]


def test_ai_video_reads_as_generated_from_its_own_manifest() -> None:
    ev = analyse_image((CREDENTIALS / "generated_ai_signed.mp4").read_bytes(), name="ai.mp4")
    assert (ev.kind, ev.format, ev.ai) == ("video", "MP4", "generated")
    assert (ev.credentials.state, ev.credentials.problem) == ("valid", "untrusted")
    assert ev.credentials.content_bound  # the BMFF hash matched: every byte is as signed
    assert any(s.source == "c2pa" and s.kind == "generated" for s in ev.signals)
    assert ev.width is None and ev.height is None
    assert ev.errors == ()


def test_ai_pdf_reads_as_generated_document() -> None:
    ev = analyse_image((CREDENTIALS / "generated_ai_signed.pdf").read_bytes())
    assert (ev.kind, ev.format, ev.ai, ev.credentials.state) == ("document", "PDF", "generated", "valid")
    assert ev.errors == ()


def test_sidecar_manifest_store_is_read_as_a_manifest() -> None:
    ev = analyse_image((VENDORED_C2PA_RS / "manifest_data.c2pa").read_bytes())
    assert (ev.kind, ev.format) == ("manifest", "C2PA")
    assert ev.credentials.state == "invalid" and ev.credentials.signer == "C2PA Test Signing Cert"
    assert ev.credentials.manifest_count >= 1


def test_mp4_without_a_manifest_has_no_credentials_and_no_error() -> None:
    ev = analyse_image((CREDENTIALS / "unsigned.mp4").read_bytes())
    assert (ev.kind, ev.credentials.state, ev.ai) == ("video", "none", "unknown")
    assert ev.errors == ()
    assert ev.not_applicable == PIXEL_PASSES  # reported as not applicable, not as an error


def test_truncated_mp4_says_it_is_truncated() -> None:
    ev = analyse_image((CREDENTIALS / "truncated_signed.mp4").read_bytes())
    assert ev.kind == "video"
    assert ev.credentials.problem == "tampered"  # the signed hash no longer covers these bytes
    assert any(e.startswith("MP4 structure: truncated: box 'mdat'") for e in ev.errors), ev.errors


@pytest.mark.parametrize("cut", [12, 30, 200, 1000])
def test_mp4_cut_anywhere_gives_a_problem_not_a_traceback(cut: int) -> None:
    data = (CREDENTIALS / "generated_ai_signed.mp4").read_bytes()[:cut]
    ev = analyse_image(data)
    assert ev.kind == "video"
    assert ev.errors and not any("internal error" in e for e in ev.errors)
    assert any("truncated" in e for e in ev.errors), ev.errors


def test_truncated_pdf_says_so() -> None:
    data = (CREDENTIALS / "generated_ai_signed.pdf").read_bytes()
    ev = analyse_image(data[: len(data) // 2])
    assert ev.kind == "document"
    assert any("no %%EOF marker" in e for e in ev.errors)


def test_whole_pdf_and_mp4_have_no_structure_problem() -> None:
    for name in ("generated_ai_signed.pdf", "generated_ai_signed.mp4", "unsigned.mp4"):
        assert not [e for e in analyse_image((CREDENTIALS / name).read_bytes()).errors if "structure" in e], name


def test_sniffing_media_from_bytes_not_names() -> None:
    assert sniff_format(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom") == "MP4"
    assert sniff_format(b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  ") == "MOV"
    assert sniff_format(b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A isom") == "M4A"
    assert sniff_format(b"%PDF-1.7\n") == "PDF"
    assert sniff_format(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "WAV"
    assert sniff_format(b"RIFF\x00\x00\x00\x00AVI LIST") == "AVI"
    assert sniff_format(b"ID3\x03\x00\x00\x00\x00\x00\x0e") == "MP3"
    assert sniff_format(b"fLaC\x00\x00\x00\x22") == "FLAC"
    store = (VENDORED_C2PA_RS / "manifest_data.c2pa").read_bytes()
    assert sniff_format(store) == "C2PA"
    assert [media_kind(f) for f in ("MP4", "M4A", "PDF", "C2PA", "JPEG")] == [
        "video", "audio", "document", "manifest", "image"]


def test_images_and_other_bytes_are_not_taken_for_media() -> None:
    # image brands of the same ISO-BMFF family stay images
    assert sniff_format(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1") == "AVIF"
    assert sniff_format(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic") == "HEIF"
    assert sniff_format(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "JPEG"
    # a JUMBF box that is not a C2PA store, a RIFF that is neither, text, and a lone 0xFF are nothing
    assert sniff_format(b"\x00\x00\x00\x20jumb\x00\x00\x00\x18jumdabcd") == ""
    assert sniff_format(b"RIFF\x00\x00\x00\x00XXXX") == ""
    assert sniff_format(b"%PDX not a pdf") == ""
    assert sniff_format(b"\xff\x00\x00\x00") == ""
    assert sniff_format(b"hello world") == ""


def test_cli_inspect_reports_video_credentials(capsys) -> None:
    from integrity.cli import main

    code = main(["inspect", "--format", "json", str(CREDENTIALS / "generated_ai_signed.mp4"),
                 str(VENDORED_C2PA_RS / "manifest_data.c2pa")])
    records = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(r["kind"], r["credentials"]["state"]) for r in records] == [("video", "valid"), ("manifest", "invalid")]
    code = main(["inspect", str(CREDENTIALS / "generated_ai_signed.mp4")])
    text = capsys.readouterr().out
    assert "(MP4 video)" in text and "Content Credentials: valid — untrusted" in text
    assert "not applicable to a video: pixels, watermark, phash" in text
