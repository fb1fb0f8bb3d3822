"""Generator rules, IPTC source types and the verdict over hand-made records."""

from __future__ import annotations

import pytest

from integrity.images.evidence import Signal
from integrity.images.generator_rules import load_generator_rules
from integrity.images.generators import camera_signal, dst_signals, generator_signals
from integrity.images.record import MetaField
from integrity.images.settings import ImageSettings
from integrity.images.verdict import decide

LEX = load_generator_rules(ImageSettings().rules_path())
DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def _f(key: str, value: str) -> MetaField:
    return MetaField(key, value, f"test/{key}")


def test_ai_system_used_is_strong_evidence():
    sig = generator_signals([_f("xmp:Iptc4xmpExt:AISystemUsed", "Imagen 3")], LEX)
    assert [(s.kind, s.strength, s.source) for s in sig] == [("generated", "strong", "generator:iptc")]


@pytest.mark.parametrize(
    "value,kind",
    [
        (DST + "trainedAlgorithmicMedia", "generated"),
        ("https://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia", "edited"),
        (DST + "digitalCapture", "not_ai"),
        ("trainedAlgorithmicMedia", "generated"),
    ],
)
def test_digital_source_types(value, kind):
    assert [s.kind for s in dst_signals([_f("xmp:Iptc4xmpExt:DigitalSourceType", value)], LEX)] == [kind]


C2PA_DST = "http://c2pa.org/digitalsourcetype/"


@pytest.mark.parametrize(
    "value,kind",
    [
        # the 2024 additions to the IPTC vocabulary
        (DST + "humanEdits", "not_ai"),
        (DST + "digitalCreation", "not_ai"),
        (DST + "computationalCapture", "not_ai"),
        (DST + "algorithmicallyEnhanced", "not_ai"),
        (DST + "compositeSynthetic", "edited"),
        (DST + "algorithmicMedia", "not_ai"),
        # the C2PA namespace's own terms
        (C2PA_DST + "trainedAlgorithmicData", "generated"),
        (C2PA_DST + "empty", "info"),
        # the C2PA Asset Rubrics' "possibly GenAI" terms, and screen captures
        (DST + "digitalArt", "possible"),
        (DST + "composite", "possible"),
        (DST + "screenCapture", "possible"),
        # schema.org's names for the same terms (JSON-LD writes these)
        ("https://schema.org/TrainedAlgorithmicMediaDigitalSource", "generated"),
        ("http://schema.org/CompositeWithTrainedAlgorithmicMediaDigitalSource", "edited"),
        ("DigitalCaptureDigitalSource", "not_ai"),
        ("https://schema.org/MultiFrameComputationalCaptureDigitalSource", "not_ai"),
        ("https://schema.org/DigitalArtDigitalSource", "possible"),
    ],
)
def test_the_whole_vocabulary_in_every_spelling(value, kind):
    assert [s.kind for s in dst_signals([_f("xmp:Iptc4xmpExt:DigitalSourceType", value)], LEX)] == [kind]


@pytest.mark.parametrize(
    "value",
    [
        "https://schema.org/NoSuchDigitalSource",  # schema.org form, no such term
        "https://example.org/TrainedAlgorithmicMediaDigitalSource",  # the right name on another site
        C2PA_DST + "trainedAlgorithmicMediaX",
        "https://cv.iptc.org/newscodes/digitalsourcetype/",
    ],
)
def test_look_alike_source_types_say_nothing(value):
    assert dst_signals([_f("xmp:Iptc4xmpExt:DigitalSourceType", value)], LEX) == []


def test_retired_or_unknown_source_type_says_nothing():
    fields = [_f("xmp:Iptc4xmpExt:DigitalSourceType", DST + "softwareImage")]
    fields.append(_f("xmp:Iptc4xmpExt:DigitalSourceType", DST + "digitalCaptureXXXX"))
    assert dst_signals(fields, LEX) == []


def test_google_make_is_a_camera_not_google_ai():
    fields = [_f("exif:Make", "Google"), _f("exif:Model", "Pixel 8 Pro"), _f("exif:FNumber", "1.7")]
    assert generator_signals(fields, LEX) == []
    assert camera_signal(fields, LEX).kind == "not_ai"


def test_comfyui_json_in_make_is_not_a_camera():
    fields = [_f("exif:Make", 'workflow:{"id": 1}'), _f("exif:Model", 'prompt:{"1": {}}'), _f("exif:FNumber", "2")]
    assert camera_signal(fields, LEX) is None
    assert {s.source for s in generator_signals(fields, LEX)} == {"generator:comfyui"}


def test_civitai_needs_both_fields():
    artist = _f("exif:Artist", "ai")
    software = _f("exif:Software", "56c0ca36-7be1-4bce-a593-949f3ae4322e")
    assert generator_signals([artist], LEX) == []
    assert [s.source for s in generator_signals([artist, software], LEX)] == ["generator:civitai"]


def _sig(kind: str, strength: str) -> Signal:
    return Signal(kind, strength, "v", "w", "s")


@pytest.mark.parametrize(
    "signals,verdict",
    [
        ([], "unknown"),
        ([_sig("generated", "weak")], "unknown"),
        ([_sig("not_ai", "medium")], "none"),
        ([_sig("not_ai", "strong"), _sig("edited", "medium")], "edited"),
        ([_sig("edited", "strong"), _sig("generated", "medium")], "generated"),
        ([_sig("not_ai", "medium"), _sig("generated", "weak")], "none"),
        # "possibly AI" is not proof of AI, and a camera beside it is not proof of none
        ([_sig("possible", "medium")], "possible"),
        ([_sig("not_ai", "strong"), _sig("possible", "medium")], "possible"),
        ([_sig("possible", "strong"), _sig("edited", "medium")], "edited"),
        ([_sig("not_ai", "medium"), _sig("possible", "weak")], "none"),
        ([_sig("info", "strong")], "unknown"),
    ],
)
def test_verdict_order(signals, verdict):
    assert decide(signals, LEX) == verdict
