"""The signing product against the bundled C2PA Conforming Products List, and the age of the bundled lists."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from integrity.config import Config, ConfigError
from integrity.images import Credentials, ImageSettings, ManifestSignals, analyse_image
from integrity.images.bundled_lists import LISTS_FILE, load_lists, stale_notes
from integrity.images.conformance import CPL_FILE, Product, check, find_product, load_products
from integrity.inspect import inspect_image
from tests.images.image_corpora import CREDENTIALS, PROJECT, read_tsv

FIXTURES = PROJECT / "fixtures" / "conformance"
ROOT_PEM = FIXTURES / "conformance-test-root.pem"
TRUSTED = ImageSettings(extra_anchors=(str(ROOT_PEM),))

# a record of the bundled list, as a certificate would carry it (with locality fields the list does not key on)
CAPTURE_APP = {"C": "US", "ST": "New York", "L": "New York", "O": "Proofmode Reality Systems LLC", "OU": "Proofmode",
               "CN": "Proofmode for Android"}


def creds(subject: dict[str, str] | None, state: str = "trusted", *inception: str) -> Credentials:
    """A JPEG's credentials whose claim generator gives a release every record here covers."""
    return Credentials(state=state, signer_subject=subject,  # type: ignore[arg-type]
                       rubric=(ManifestSignals("urn:c2pa:m", "active", tuple(inception)),),
                       mime="image/jpeg", generator_versions=("3.1.0",))


# --- identifying the product ----------------------------------------------------------------------------


def test_the_list_is_read_whole() -> None:
    products = load_products()
    assert len(products) == len(json.loads(CPL_FILE.read_text()))
    assert sum(p.product_type == "generatorProduct" for p in products) > 100
    assert any("capturedMedia" in p.disallowed for p in products)


def test_a_product_is_found_by_its_certificate_subject() -> None:
    found = find_product(CAPTURE_APP)
    assert found is not None and found.applicant == "Proofmode Reality Systems LLC"
    # case and stray spaces do not matter (the list itself has ' Org, Inc.' and 'Name ')
    assert find_product({**CAPTURE_APP, "CN": "  proofmode FOR android "}) == found


def test_a_subject_that_differs_in_one_keyed_field_is_not_the_product() -> None:
    assert find_product({**CAPTURE_APP, "OU": "Another Unit"}) is None
    assert find_product({**CAPTURE_APP, "CN": "Proofmode for Android Beta"}) is None
    assert find_product({k: v for k, v in CAPTURE_APP.items() if k != "O"}) is None
    assert find_product({"CN": "C2PA Signer", "O": "C2PA Test Signing Cert", "OU": "FOR TESTING_ONLY"}) is None


def test_a_record_with_no_ou_matches_a_certificate_that_has_one() -> None:
    # the list leaves OU out (or empty) when the applicant gave none: it does not key on it then
    got = find_product({"CN": "Jasper", "O": "Jasper AI Global, LLC", "C": "US", "OU": "Studio"})
    assert got is not None and "capturedMedia" in got.disallowed


# --- the verdict ----------------------------------------------------------------------------------------


def test_listed() -> None:
    got = check(creds(CAPTURE_APP, "trusted", "capturedMedia"))
    assert got is not None and got.status == "listed" and got.disallowed_signals == ()
    assert got.record_id and got.max_assurance_level == 1
    assert got.product == {"C": "US", "O": "Proofmode Reality Systems LLC", "OU": "Proofmode",
                           "CN": "Proofmode for Android"}
    assert got.list_issued == "2026-08-20"


def test_unlisted() -> None:
    got = check(creds({"CN": "Example Camera", "O": "Example Camera Co"}, "trusted", "capturedMedia"))
    assert got is not None and got.status == "unlisted" and got.record_id is None


def test_disallowed_signal_and_its_miss() -> None:
    generative = {"CN": "Jasper", "O": "Jasper AI Global, LLC", "C": "US"}
    barred = check(creds(generative, "trusted", "capturedMedia"))
    assert barred is not None and barred.status == "disallowed-signal" and barred.disallowed_signals == ("capturedMedia",)
    allowed = check(creds(generative, "trusted", "fullyGenAIMedia"))
    assert allowed is not None and allowed.status == "listed" and allowed.disallowed_signals == ()
    # a product with no bar may claim capture
    assert check(creds(CAPTURE_APP, "trusted", "capturedMedia")).status == "listed"  # type: ignore[union-attr]


def test_a_listed_name_on_an_untrusted_certificate_is_unverified() -> None:
    for state in ("valid", "invalid"):
        got = check(creds(CAPTURE_APP, state, "capturedMedia"))
        assert got is not None and got.status == "unverified"


def test_a_revoked_record() -> None:
    product = replace(load_products()[0], status="revoked_vulnerability", min_version="")  # any release
    subject = {k.upper(): v for k, v in product.dn}
    assert check(creds(subject), products=[product]).status == "revoked"  # type: ignore[union-attr]
    # a conformant record with the same subject wins over the revoked one
    fresh: Product = replace(product, status="conformant")
    assert check(creds(subject), products=[product, fresh]).status == "listed"  # type: ignore[union-attr]


def test_no_signed_manifest_no_verdict() -> None:
    assert check(Credentials()) is None
    assert check(Credentials(state="error", error="x")) is None
    assert check(creds(None)) is None


# --- on signed files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("trust", [False, True])
def test_fixtures_give_the_expected_product_verdict(trust: bool) -> None:
    column = "expect_with_conformance-test-root.pem" if trust else "expect_without_anchor"
    for row in read_tsv(FIXTURES / "PROVENANCE.tsv"):
        if not row["file"].endswith((".jpg", ".png")):
            continue
        ev = analyse_image((FIXTURES / row["file"]).read_bytes(), settings=TRUSTED if trust else None)
        status, _, rest = row[column].partition(";")
        assert ev.conformance is not None, row["file"]
        assert ev.conformance.status == status.split(" (")[0].split(" ")[0], (row["file"], ev.conformance)
        assert f"ai {ev.ai}" in rest, (row["file"], ev.ai)


def test_a_generative_product_claiming_capture_gets_no_none() -> None:
    ev = analyse_image((FIXTURES / "disallowed_capture.jpg").read_bytes(), settings=TRUSTED)
    assert ev.credentials.state == "trusted" and ev.rubric_signals == ("capturedMedia",)
    assert ev.ai == "unknown"
    assert not [s for s in ev.signals if s.kind == "not_ai"]
    assert any(s.source == "c2pa-conformance" and "capturedMedia" in s.value for s in ev.signals)
    # the same capture claim from a product the list does not bar still counts
    assert analyse_image((FIXTURES / "listed_capture.jpg").read_bytes(), settings=TRUSTED).ai == "none"


def test_the_c2pa_test_certificate_is_unlisted() -> None:
    ev = analyse_image((CREDENTIALS / "generated_ai_signed.jpg").read_bytes())
    assert ev.conformance is not None and ev.conformance.status == "unlisted"
    assert ev.conformance.product["O"] == "C2PA Test Signing Cert"


# --- the age of the bundled lists -----------------------------------------------------------------------


def test_the_lists_file_dates_every_stale_prone_list() -> None:
    info = load_lists()
    assert info.max_age_days == 90
    assert {item.file for item in info.lists} >= {"conformance/conforming-products-list.json", "trust/C2PA-TRUST-LIST.pem",
                                                   "trust/C2PA-TSA-TRUST-LIST.pem"}


def test_no_note_while_the_lists_are_young() -> None:
    assert stale_notes(date(2026, 9, 1)) == ()
    assert stale_notes(date(2026, 11, 3)) == ()  # the trust lists are exactly 90 days old: not older than the limit


def test_a_note_for_each_list_past_the_limit() -> None:
    notes = stale_notes(date(2026, 11, 4))
    assert len(notes) == 2 and all("Trust List is 91 days old" in n for n in notes)
    later = stale_notes(date(2026, 11, 19))
    assert len(later) == 3 and "Conforming Products List is 91 days old (issued 2026-08-20; limit 90 days)" in later[0]


def test_the_limit_is_configurable() -> None:
    assert stale_notes(date(2026, 11, 19), max_age_days=365) == ()
    assert len(stale_notes(date(2026, 8, 25), max_age_days=3)) == 3
    config = Config.from_dict({"bundled_list_max_age_days": 365})
    assert config.bundled_list_max_age_days == 365
    for bad in (0, -1, "90", True):
        with pytest.raises(ConfigError, match="bundled_list_max_age_days"):
            Config.from_dict({"bundled_list_max_age_days": bad})


def test_a_malformed_lists_file_is_a_configuration_error(tmp_path: Path) -> None:
    bad = tmp_path / "lists.toml"
    bad.write_text(LISTS_FILE.read_text().replace("max_age_days = 90", "max_age_days = 0"))
    with pytest.raises(ValueError, match="max_age_days"):
        load_lists(bad)
    bad.write_text('max_age_days = 9\n[[lists]]\nname = "x"\nfile = "conformance/nothing.json"\nissued = 2026-01-01\n')
    with pytest.raises(ValueError, match="not in integrity/data"):
        load_lists(bad)


def test_inspect_records_carry_the_note_for_signed_images_only() -> None:
    signed = inspect_image(FIXTURES / "listed_capture.jpg", today=date(2026, 12, 1))
    assert signed["notes"] and "Conforming Products List" in signed["notes"][0]
    assert "notes" not in inspect_image(FIXTURES / "listed_capture.jpg", today=date(2026, 9, 1))
    assert "notes" not in inspect_image(CREDENTIALS / "stripped_reencoded.jpg", today=date(2026, 12, 1))
    relaxed = Config(bundled_list_max_age_days=3650)
    assert "notes" not in inspect_image(FIXTURES / "listed_capture.jpg", config=relaxed, today=date(2026, 12, 1))


def test_inspect_json_gives_listed_unlisted_and_disallowed() -> None:
    files = [FIXTURES / n for n in ("listed_capture.jpg", "unlisted_capture.jpg", "disallowed_capture.jpg",
                                    "old_release_capture.jpg")]
    proc = subprocess.run(
        [sys.executable, "-m", "integrity", "inspect", "--format", "json", "--trust-anchor", str(ROOT_PEM),
         *map(str, files)],
        cwd=PROJECT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    assert [r["conformance"]["status"] for r in records] == ["listed", "unlisted", "disallowed-signal", "not-covered"]
    assert records[3]["conformance"]["not_covered"] == ["listed from version 3.0.0, not 2.9.4"]
    assert [r["rubric_signals"] for r in records] == [["capturedMedia"]] * 4
    assert list(records[0])[:8] == ["path", "format", "kind", "width", "height", "ai", "rubric_signals", "credentials"]


# --- reading the signer's subject once ------------------------------------------------------------------


def test_a_cn_and_o_some_record_has_asks_for_the_whole_subject() -> None:
    from integrity.images.conformance import needs_full_subject

    # several records share this CN and O and differ by OU: only the OU says which
    assert needs_full_subject({"CN": "Google Photos", "O": "Google LLC"})
    assert needs_full_subject({"CN": " proofmode for ANDROID", "O": "Proofmode Reality Systems LLC"})
    assert not needs_full_subject({"CN": "C2PA Signer", "O": "C2PA Test Signing Cert"})
    assert not needs_full_subject({"CN": "Google Photos"})
    assert not needs_full_subject(None)


def _count_crjson(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    import c2pa

    calls = [0]
    real = c2pa.Reader.crjson

    def counted(self):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(self)

    monkeypatch.setattr(c2pa.Reader, "crjson", counted)
    return calls


def test_an_unlisted_signer_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_crjson(monkeypatch)
    ev = analyse_image((FIXTURES / "unlisted_capture.jpg").read_bytes(), settings=TRUSTED)
    assert calls == [0]
    assert ev.conformance is not None and ev.conformance.status == "unlisted"
    assert ev.conformance.product == {"CN": "Example Newsroom Camera", "O": "Example Camera Co"}
    assert ev.rubric_signals == ("capturedMedia",)


def test_a_signer_named_like_a_record_has_its_whole_subject_read(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_crjson(monkeypatch)
    ev = analyse_image((FIXTURES / "listed_capture.jpg").read_bytes(), settings=TRUSTED)
    assert calls == [1]
    assert ev.conformance is not None and ev.conformance.status == "listed"
    assert ev.credentials.signer_subject is not None and ev.credentials.signer_subject.get("C") == "US"


# --- what a record covers: formats and releases ---------------------------------------------------------


def test_a_record_covers_its_formats_and_releases_only() -> None:
    from integrity.images.conformance import gaps

    capture = find_product(CAPTURE_APP)
    assert capture is not None and capture.min_version == "3.0.0" and "image/jpeg" in capture.generates
    assert gaps(capture, "image/jpeg", ["3.0.0"]) == ()
    assert gaps(capture, "image/jpeg", ["3.0"]) == ()  # 3.0 is 3.0.0
    assert gaps(capture, "image/jpeg", ["v3.10"]) == ()  # numbers, not strings: 3.10 > 3.9
    assert gaps(capture, "image/jpeg", ["2.9.4"]) == ("listed from version 3.0.0, not 2.9.4",)
    assert gaps(capture, "image/jpeg", []) == ("listed from version 3.0.0; the manifest gives no version",)
    assert gaps(capture, "image/png", ["3.1"]) == ("listed for image/jpeg, video/mp4, not image/png",)
    assert gaps(capture, None, ["3.1"]) == ()  # an unknown format is not held against it
    # one of the claim generator's versions reaching the floor is enough
    assert gaps(capture, "image/jpeg", ["0.91.3", "3.2"]) == ()


def test_heic_and_heif_are_one_container() -> None:
    from integrity.images.conformance import gaps

    heif_only = replace(load_products()[0], generates=frozenset({"image/heic"}), min_version="")
    assert gaps(heif_only, "image/heif", []) == () and gaps(heif_only, "image/heic", []) == ()
    assert load_products()  # the list's own spellings are folded at load
    assert not any("image/heif" in p.generates for p in load_products())


def test_a_record_without_a_floor_or_formats_covers_every_file() -> None:
    from integrity.images.conformance import gaps

    open_record = replace(load_products()[0], generates=frozenset(), min_version="")
    assert gaps(open_record, "image/png", []) == ()


def test_of_several_records_with_the_subject_the_covering_one_is_taken() -> None:
    base = find_product(CAPTURE_APP)
    assert base is not None
    newer_jpeg_only = replace(base, record_id="later", min_version="9.0", last_modified="2099-01-01")
    got = find_product(CAPTURE_APP, [base, newer_jpeg_only], "image/jpeg", ["3.1"])
    assert got is not None and got.record_id == base.record_id
    assert find_product(CAPTURE_APP, [base, newer_jpeg_only], "image/jpeg", ["9.1"]).record_id == "later"  # type: ignore[union-attr]


def test_not_covered_and_its_miss() -> None:
    def verdict(mime: str, *versions: str) -> Any:
        return check(replace(creds(CAPTURE_APP, "trusted", "capturedMedia"), mime=mime, generator_versions=versions))

    old = verdict("image/jpeg", "2.9.4")
    assert old.status == "not-covered" and old.not_covered == ("listed from version 3.0.0, not 2.9.4",)
    assert old.record_id  # the record is named, with what it does not cover
    assert verdict("image/png", "3.1.0").status == "not-covered"
    fine = verdict("image/jpeg", "3.1.0")
    assert fine.status == "listed" and fine.not_covered == ()
    # untrusted stays unverified (the name proves nothing), even when the record would not cover the file
    untrusted = check(replace(creds(CAPTURE_APP, "valid"), mime="image/png", generator_versions=("3.1",)))
    assert untrusted is not None and untrusted.status == "unverified"


def test_a_barred_claim_outranks_a_gap() -> None:
    generative = {"CN": "Jasper", "O": "Jasper AI Global, LLC", "C": "US"}
    got = check(replace(creds(generative, "trusted", "capturedMedia"), mime="image/avif", generator_versions=("1.0",)))
    assert got is not None and got.status == "disallowed-signal" and got.not_covered == (
        "listed for image/jpeg, image/png, image/webp, not image/avif",)


def test_the_claim_generator_version_is_read_from_the_active_manifest() -> None:
    ev = analyse_image((FIXTURES / "old_release_capture.jpg").read_bytes(), settings=TRUSTED)
    assert ev.credentials.generator_versions == ("2.9.4",)
    assert ev.credentials.mime == "image/jpeg"
    png = analyse_image((FIXTURES / "unlisted_format_capture.png").read_bytes(), settings=TRUSTED)
    assert png.credentials.mime == "image/png" and png.conformance is not None
    assert png.conformance.not_covered == ("listed for image/jpeg, video/mp4, not image/png",)
