"""The bundled C2PA soft-binding algorithm list: loads, names what real manifests use, refuses a bad file."""

from __future__ import annotations

import pytest

from integrity.images.soft_binding import ALGORITHMS_FILE, load_algorithms


def test_bundled_list_names_the_algorithms_real_manifests_use():
    known = load_algorithms()
    assert known.as_of == "2026-08-13"
    assert len(known.algorithms) == 53
    assert known.get("com.adobe.trustmark.P").kind == "watermark"  # the two in the real durable-credentials file
    assert known.get("com.adobe.icn.dense").kind == "fingerprint"
    assert {a.kind for a in known.algorithms.values()} == {"watermark", "fingerprint"}


@pytest.mark.parametrize("alg", [None, "", "com.adobe.trustmark", "COM.ADOBE.TRUSTMARK.P", "org.example.mark"])
def test_unlisted_names_are_not_guessed(alg):
    assert load_algorithms().get(alg) is None


def test_the_list_says_where_it_came_from():
    provenance = (ALGORITHMS_FILE.parent / "PROVENANCE.tsv").read_text().splitlines()
    assert provenance[1].startswith("algorithms.json\tc2pa-org/softbinding-algorithm-list\t")


def test_a_malformed_list_is_an_error_naming_the_file(tmp_path):
    bad = tmp_path / "algorithms.json"
    bad.write_text('{"as_of": "2026-01-01", "algorithms": [{"type": "watermark"}]}')
    with pytest.raises(ValueError, match="algorithms.json"):
        load_algorithms(bad)
