"""A bounded slice of the fuzz campaign (python -m fuzz runs the long one), plus properties
of the parsers on arbitrary text: no exception, and every location inside the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import integrity
from fuzz.__main__ import campaign
from fuzz.targets import TARGETS

BUDGET = {"html": 300, "text": 300, "markdown": 300, "pipeline": 80, "image": 300, "rules": 30, "zip": 300, "warc": 200}


def test_every_target_survives_a_slice_of_mutated_inputs() -> None:
    # bounded by input count, never by the clock (with a 60 s budget per target a loaded machine could
    # cut a slice short and fail it with no failing input)
    for name, n in BUDGET.items():
        ran, failures, _ = campaign([name], n, float("inf"), seed=20261124, out=None, slow=300)[name]
        assert ran == n and failures == 0, f"{name}: {failures} failures (rerun: python -m fuzz --targets {name} --seed 20261124)"


HTMLISH = st.text(alphabet=st.sampled_from(list("<>/=\"' &;#abcdefpimgdivscript\n\tAaBy.Reportedly,")), max_size=400)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=HTMLISH)
def test_any_html_gives_a_report_with_locations_inside_the_input(source: str) -> None:
    report = integrity.check(source, kind="html")
    assert report.document.status in ("ok", "empty", "unrecognized")
    for f in report.findings:
        if f.location:
            assert 0 <= f.location.offset <= f.location.end_offset <= len(source)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.text(max_size=400))
def test_any_text_gives_a_report(source: str) -> None:
    report = integrity.check(source, kind="text")
    assert report.document.status in ("ok", "empty", "unrecognized")
    for f in report.findings:
        if f.location:
            assert 0 <= f.location.offset <= f.location.end_offset <= len(source)


MARKDOWNISH = st.text(alphabet=st.sampled_from(list("-+*_`#>[]()!<>{}%=\"'&;\\|~ \n\tabcxyAB.Reportedly,figure:")), max_size=400)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=MARKDOWNISH)
def test_any_markdown_gives_a_report_with_locations_inside_the_input(source: str) -> None:
    report = integrity.check(source, kind="markdown")
    assert report.document.status in ("ok", "empty", "unrecognized")
    for f in report.findings:
        if f.location:
            assert 0 <= f.location.offset <= f.location.end_offset <= len(source)


def test_targets_have_seeds() -> None:
    assert all(t.seeds() for t in TARGETS.values())
