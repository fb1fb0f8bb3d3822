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
    ],
)
def test_verdict_order(signals, verdict):
    assert decide(signals, LEX) == verdict
