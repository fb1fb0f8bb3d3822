"""Every corpus image through analyse_image, checked against the corpus PROVENANCE.tsv.

c2pa/PROVENANCE.tsv records what c2pa-python 0.38.1 reports under three
trust setups; the bundled default must match `state_c2pa+interim_trust_lists`.
fixtures/credentials/PROVENANCE.tsv records the same for the signed files
vendored into the project, so the credential checks run without ../shared too.
The `ai` expectations restate the provenance notes (the column says which
digitalSourceType sits where, or which generator wrote the metadata).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from image_corpora import CREDENTIALS, TEST_CERTS, corpora, corpora_dir, read_tsv  # noqa: F401 - pytest fixture

from integrity.images import ImageSettings, analyse_image

C2PA_DIR = corpora_dir() / "c2pa"
META_DIR = corpora_dir() / "ai-metadata"


def _rows(folder: Path) -> list[dict[str, str]]:
    tsv = folder / "PROVENANCE.tsv"
    return read_tsv(tsv) if tsv.is_file() else []


def _ids(rows):
    return [r["filename"] for r in rows]


C2PA_ROWS = _rows(C2PA_DIR)
META_ROWS = _rows(META_DIR)
# (folder, row): the vendored files always, the corpus's when it is beside the clone
C2PA_CASES = [(CREDENTIALS, r) for r in _rows(CREDENTIALS)] + [(C2PA_DIR, r) for r in C2PA_ROWS]
C2PA_IDS = [f"{folder.name}/{r['filename']}" for folder, r in C2PA_CASES]

SETUPS = {
    "state_default_offline": lambda: ImageSettings(trust_lists=(), bundled_eku=False),
    "state_test_root+eku": lambda: ImageSettings(
        trust_lists=(),
        extra_anchors=(str(TEST_CERTS / "test_cert_root_bundle.pem"),),
        eku_config=str(TEST_CERTS / "store.cfg"),
    ),
    "state_c2pa+interim_trust_lists": ImageSettings,  # the bundled default
}

C2PA_AI = {
    "c2pa-rs_C.jpg": "unknown",  # algorithmicMedia (not a trained model), but signed by the untrusted test cert
    "c2pa-rs_CA.jpg": "unknown",
    "c2pa-rs_CACAE-uri-CA.jpg": "unknown",  # algorithmicMedia on the active manifest, untrusted test signer
    "c2pa-rs_XCA.jpg": "unknown",
    "c2pa-rs_E-sig-CA.jpg": "unknown",
    "c2pa-rs_no_manifest.jpg": "unknown",
    "c2pa-rs_ocsp.jpg": "edited",  # compositeWithTrainedAlgorithmicMedia (generative edit)
    "c2pa-rs_C_with_CAWG_data.jpg": "unknown",  # digitalCapture claimed by an untrusted test signer: not proof
    "c2pa-rs_cloud.jpg": "unknown",  # remote manifest, not fetched
    "c2pa-rs_libpng-test_with_url.png": "unknown",
    "c2pa-rs_prerelease.jpg": "unknown",
    "c2pa-rs_no_alg.jpg": "none",  # reader error, but camera EXIF (samsung SM-J320F)
    "public_adobe-20220124-E-uri-CA.jpg": "unknown",
    "public_adobe-20220124-E-clm-CAICAI.jpg": "unknown",
    "public_nikon-20221019-building.jpeg": "none",  # camera-signed (expired) + camera EXIF
    "ms_DALL-E_cloud_surfing_puppy.webp": "generated",  # trainedAlgorithmicMedia in the ingredient only
    "ms_bing_creator_cloud_surfing_puppy.jpg": "generated",  # description "AI Generated Image" only
    "ms_cards_trusted.avif": "unknown",
    "ms_cards_expired_without_timestamp.jpg": "none",  # iPhone EXIF
    "example_Firefly_tabby_cat.jpg": "generated",
    "example_car-es-Ps-Cr.jpg": "unknown",  # human Photoshop edits of an unsigned photo
    "example_cloudscape-ACA-Cr.jpeg": "none",  # iPhone EXIF
    "generated_ai_signed.jpg": "generated",
    "generated_ai_signed.png": "generated",
    "generated_ai_signed.webp": "generated",
    "generated_ai_signed.heic": "generated",
    "generated_ai_signed.avif": "generated",
    "tampered_pixels.jpg": "generated",  # pixels changed, the manifest still admits AI
    "tampered_pixels.png": "generated",
    "tampered_manifest_dst.jpg": "unknown",  # dst rewritten to garbage: no evidence, never "none"
    "stripped_reencoded.jpg": "unknown",
    "xss_title_signed.jpg": "generated",
    "expired_camera_signed.jpg": "none",  # vendored only: digitalCapture + camera EXIF, certificate expired
    "generated_ai_ingredient.jpg": "generated",  # vendored only: trainedAlgorithmicMedia in the ingredient only
    # vendored only (make_credentials.signals_files): AI and durability signals outside an action's own key
    "ai_dst_in_action_parameters.jpg": "generated",  # parameters.com.adobe.digitalSourceType
    "ai_ingredient_dst.jpg": "edited",  # a componentOf ingredient declares trainedAlgorithmicMedia
    "capture_watermarked_soft_binding.jpg": "unknown",  # as capture_signed.jpg: durability is not evidence
    "capture_signed.jpg": "unknown",  # digitalCapture from the untrusted test signer
    "generated_ai_signed.mp4": "generated",  # vendored only: a video's manifest is read as an image's
    "unsigned.mp4": "unknown",
    "truncated_signed.mp4": "generated",  # cut short: the hash no longer matches, the manifest still admits AI
    "generated_ai_signed.pdf": "generated",
}
VENDORED_ONLY = {"expired_camera_signed.jpg", "generated_ai_ingredient.jpg", "ai_dst_in_action_parameters.jpg",
                 "ai_ingredient_dst.jpg", "capture_watermarked_soft_binding.jpg", "capture_signed.jpg",
                 "generated_ai_signed.mp4", "unsigned.mp4", "truncated_signed.mp4", "generated_ai_signed.pdf"}

META_EXPECT = {
    "SYNTHETIC_iptc_google_pattern.jpg": ("generated", {"google-ai"}),
    "SYNTHETIC_midjourney_pattern.png": ("generated", {"midjourney"}),
    "exifsamples_Canon_40D.jpg": ("none", set()),
    "exifsamples_DSCN0010.jpg": ("none", set()),
    "exifsamples_Nikon_D70.jpg": ("none", set()),
    "exifsamples_iphone_hdr_YES.jpg": ("none", set()),
    "exifsamples_jolla.jpg": ("none", set()),
    "exiftool_Google_Pixel8Pro.jpg": ("none", set()),
    "imagemeta_IPTC-PhotometadataRef-Std2021.1.jpg": ("unknown", set()),  # retired softwareImage
    "metahub_comfyui_flux_png_named.jpeg": ("generated", {"comfyui"}),
    "sdmetadata_civitai.jpeg": ("generated", {"civitai"}),
    "sdmetadata_comfyui-animated-webp.webp": ("generated", {"comfyui"}),
    "sdmetadata_comfyui-save-image-extended.jpeg": ("generated", {"comfyui"}),
    "sdmetadata_comfyui-saveimage-plus.jpg": ("generated", {"comfyui"}),
    "sdmetadata_empty.jpg": ("unknown", set()),
    "sdmetadata_gimp.jpg": ("unknown", set()),
    "sdmetadata_novelai-curated.png": ("generated", {"novelai"}),
    "sdmetadata_novelai-curated.webp": ("generated", {"novelai"}),
    "sdmetadata_sd-webui.jpg": ("generated", {"automatic1111"}),
    "sdmetadata_sd-webui.webp": ("generated", {"automatic1111"}),
    "sdmetadata_swarmui.jpg": ("generated", {"swarmui"}),
    "sdmetadata_swarmui.png": ("generated", {"swarmui", "comfyui"}),
    "sdmetadata_tensorart.png": ("generated", {"tensorart"}),
    "sdparsers_automatic1111_cropped.jpg": ("generated", {"automatic1111"}),
    "sdparsers_automatic1111_cropped.png": ("generated", {"automatic1111"}),
    "sdparsers_automatic1111_stealth.png": ("generated", {"automatic1111"}),
    "sdparsers_fooocus1_cropped.png": ("generated", {"fooocus"}),
    "sdparsers_img2img_cropped.png": ("generated", {"comfyui"}),
    "sdparsers_invokeai_dream1.png": ("generated", {"invokeai"}),
    "sdparsers_invokeai_imeta1.png": ("generated", {"invokeai"}),
    "sdparsers_invokeai_sdmeta1.png": ("generated", {"invokeai"}),
    "sdparsers_night_evening_day_morning_cropped.png": ("generated", {"comfyui"}),
    "sdparsers_novelai1_cropped.png": ("generated", {"novelai"}),
}

_TAMPER = {"assertion.dataHash.mismatch", "assertion.bmffHash.mismatch", "assertion.hashedURI.mismatch", "claimSignature.mismatch"}


def _expected_problem(codes: set[str]) -> str | None:
    if codes & _TAMPER:
        return "tampered"
    if "signingCredential.expired" in codes:
        return "expired"
    return "untrusted" if codes else None


@pytest.mark.parametrize("setup", list(SETUPS))
@pytest.mark.parametrize("folder,row", C2PA_CASES, ids=C2PA_IDS)
def test_c2pa_credentials_match_provenance(folder, row, setup):
    ev = analyse_image((folder / row["filename"]).read_bytes(), name=row["filename"], settings=SETUPS[setup]())
    expected = row[setup]
    creds = ev.credentials
    if expected.startswith("ERROR"):
        want = "remote" if "Remote:" in expected else "error"
        assert creds.state == want, creds
        assert creds.problem is None
        return
    if expected == "NoManifest":
        assert creds.state == "none"
        return
    state, _, codes = expected.partition(" ")
    codes_set = set() if codes in ("", "-") else set(codes.split(","))
    assert creds.state == state.lower()
    assert set(creds.failure_codes) == codes_set
    assert creds.problem == _expected_problem(codes_set)


@pytest.mark.parametrize("folder,row", C2PA_CASES, ids=C2PA_IDS)
def test_c2pa_ai_verdict(folder, row):
    ev = analyse_image((folder / row["filename"]).read_bytes(), name=row["filename"])
    assert ev.ai == C2PA_AI[row["filename"]], [s for s in ev.signals]
    if row["claim_generator"] not in ("-", ""):
        assert ev.credentials.claim_generators, "claim generator not reported"
    if row["signer_issuer"] not in ("-", ""):
        assert ev.credentials.signer == row["signer_issuer"]


def test_every_c2pa_file_has_an_expectation(corpora):
    files = {p.name for p in C2PA_DIR.iterdir() if p.suffix != ".tsv"}
    assert files == set(C2PA_AI) - VENDORED_ONLY


def test_every_vendored_c2pa_file_has_an_expectation_and_a_provenance_line():
    files = {p.name for p in CREDENTIALS.iterdir() if p.suffix not in (".tsv", ".py") and p.is_file()}
    assert files == {r["filename"] for r in _rows(CREDENTIALS)}
    assert files <= set(C2PA_AI)


@pytest.mark.parametrize("row", META_ROWS, ids=_ids(META_ROWS))
def test_ai_metadata_verdict(corpora, row):
    name = row["filename"]
    ev = analyse_image((META_DIR / name).read_bytes(), name=name)
    ai, generators = META_EXPECT[name]
    assert ev.ai == ai, ev.signals
    assert generators <= set(ev.generators)
    assert not ev.errors, ev.errors
    if ai == "generated":
        assert any(s.strength in ("medium", "strong") and s.where for s in ev.signals)


CAMERA_ROWS = [r for r in META_ROWS if r["generator"].startswith("NEGATIVE")]


@pytest.mark.parametrize("row", CAMERA_ROWS, ids=_ids(CAMERA_ROWS))
def test_camera_photos_give_no_ai_signal(corpora, row):
    ev = analyse_image((META_DIR / row["filename"]).read_bytes())
    assert ev.ai == "none"
    assert not [s for s in ev.signals if s.kind in ("generated", "edited")]
    assert ev.capture_date is not None


@pytest.mark.parametrize("path", ["ai-metadata/sdmetadata_empty.jpg", "ai-metadata/sdmetadata_gimp.jpg"])
def test_stripped_ai_images_are_unknown_not_none(corpora, path):
    assert analyse_image((corpora / path).read_bytes()).ai == "unknown"


def test_reencoded_signed_ai_image_is_unknown_not_none():
    assert analyse_image((CREDENTIALS / "stripped_reencoded.jpg").read_bytes()).ai == "unknown"


def test_format_comes_from_magic_bytes(corpora):
    # a PNG named .jpeg
    ev = analyse_image((META_DIR / "metahub_comfyui_flux_png_named.jpeg").read_bytes())
    assert ev.format == "PNG"


def test_ingredient_and_description_locations(corpora):
    dalle = analyse_image((C2PA_DIR / "ms_DALL-E_cloud_surfing_puppy.webp").read_bytes())
    assert any(s.where == "c2pa:ingredient[0]/c2pa.actions.v2" and s.kind == "generated" for s in dalle.signals)
    bing = analyse_image((C2PA_DIR / "ms_bing_creator_cloud_surfing_puppy.jpg").read_bytes())
    assert [a.description for a in bing.credentials.actions] == ["AI Generated Image"]
    assert bing.credentials.actions[0].software_agent == "Image Creator from Designer"


def test_ai_only_in_an_ingredient_is_found_there():
    """The vendored stand-in for the DALL-E file: the active manifest only opens a parent that says AI."""
    ev = analyse_image((CREDENTIALS / "generated_ai_ingredient.jpg").read_bytes())
    assert ev.ai == "generated"
    assert [(s.kind, s.where) for s in ev.signals if s.source == "c2pa"] == [("generated", "c2pa:ingredient[0]/c2pa.actions.v2")]
    assert ev.credentials.manifest_count == 2


def test_hostile_strings_survive_as_data():
    ev = analyse_image((CREDENTIALS / "xss_title_signed.jpg").read_bytes())
    assert any("<img src=x onerror=alert(1)>" in g for g in ev.credentials.claim_generators)
    import json

    json.dumps(ev.to_dict())  # serialisable as-is; escaping is the writers' job
