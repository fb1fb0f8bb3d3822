"""The GB 45438-2025 (TC260) implicit AIGC label in image XMP: fixtures from fixtures/images/make_tc260.py."""

from __future__ import annotations

import pytest

from integrity.images import analyse_image
from integrity.images.aigc_label import aigc_fields
from integrity.images.record import MetaField
from integrity.inspect import inspect_image
from tests.conftest import FIXTURES

IMAGES = FIXTURES / "images"


@pytest.mark.parametrize(
    "name,ai",
    [
        ("synthetic_tc260_label1.jpg", "generated"),  # attribute form, JPEG APP1
        ("synthetic_tc260_label1_number.png", "generated"),  # Label as a JSON number, PNG iTXt
        ("synthetic_tc260_label2.png", "possible"),  # element form, "possibly"
        ("synthetic_tc260_label3.jpg", "possible"),  # "suspected"
    ],
)
def test_labels_give_the_verdict(name, ai):
    ev = analyse_image((IMAGES / name).read_bytes(), name=name)
    assert ev.ai == ai
    assert ev.generators == ("tc260",)
    assert [s.where.rsplit("/", 1)[-1] for s in ev.signals if s.source == "generator:tc260"] == ["Label"]
    assert ev.errors == ()


@pytest.mark.parametrize(
    "name,error",
    [
        ("synthetic_tc260_malformed.jpg", "not JSON"),
        ("synthetic_tc260_list.png", "JSON list, not an object"),
        ("synthetic_tc260_label_other.jpg", None),  # Label 12: no value of the standard
        ("synthetic_tc260_other_namespace.png", None),  # an AIGC property of another namespace
    ],
)
def test_look_alikes_and_broken_labels_say_nothing_and_say_why(name, error):
    ev = analyse_image((IMAGES / name).read_bytes(), name=name)
    assert ev.ai == "unknown" and ev.generators == ()
    if error is None:
        assert ev.errors == ()
    else:
        assert len(ev.errors) == 1 and ev.errors[0].startswith("metadata: TC260 AIGC label") and error in ev.errors[0]


def test_inspect_lists_the_members_evidence_and_a_broken_label_as_an_error():
    good = inspect_image(IMAGES / "synthetic_tc260_label1.jpg")
    assert good["ai"] == "generated"
    assert any(s["source"] == "generator:tc260" and s["strength"] == "strong" for s in good["signals"])
    bad = inspect_image(IMAGES / "synthetic_tc260_malformed.jpg")
    assert bad["ai"] == "unknown" and any("TC260" in e for e in bad["errors"])


def test_members_become_fields_and_hostile_values_do_not_raise():
    key = "xmp:TC260:AIGC"
    fields, problems = aigc_fields([MetaField(key, '{"Label": "1", "ProduceID": 42, "ReservedCode1": {"a": [1]},'
                                                   ' "ContentPropagator": null}', "w")])
    assert {f.key: f.value for f in fields} == {f"{key}/Label": "1", f"{key}/ProduceID": "42",
                                                f"{key}/ReservedCode1": '{"a": [1]}'}
    assert problems == []
    for hostile in ("[" * 100_000, "x" * 70_000, '"just a string"', "", "{"):
        fields, problems = aigc_fields([MetaField(key, hostile, "w")])
        assert fields == [] and len(problems) == 1
    assert aigc_fields([MetaField("xmp:dc:AIGC", '{"Label": "1"}', "w")]) == ([], [])
