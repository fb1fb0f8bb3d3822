"""GitHub workflow commands: one line per annotation, whatever the article says."""

from __future__ import annotations

import re

import pytest

from integrity.model import Finding, Report, Run, Span
from integrity.writers import render
from integrity.writers.github import command, escape_data, escape_property
from tests.writers.canonical_run import HOSTILE_NAME, canonical_run

LINE = re.compile(r"^::(notice|warning|error)(?: ((?:[A-Za-z]+=[^,:]*)(?:,[A-Za-z]+=[^,:]*)*))?::(.*)$")


def _unescape(text: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m.group(1)], text)


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Read one annotation back the way the runner does."""
    m = LINE.match(line)
    assert m, f"not a single well-formed workflow command: {line!r}"
    props = dict(p.split("=", 1) for p in m.group(2).split(",")) if m.group(2) else {}
    return m.group(1), {k: _unescape(v) for k, v in props.items()}, _unescape(m.group(3))


HOSTILE_MESSAGES = [
    "line one\nline two",
    "carriage\rreturn and\r\nCRLF",
    "100% sure, 50%25 already-escaped",
    "a: colon, a comma, and ::error file=x::injected",
    "%0A is not a newline",
]


@pytest.mark.parametrize("message", HOSTILE_MESSAGES)
def test_hostile_messages_round_trip_on_one_line(message: str) -> None:
    line = command("warning", message, file="dir/a,b:c%.html", line=3, title="t: 1, 2\n3")
    assert "\n" not in line and "\r" not in line
    kind, props, text = parse(line)
    assert kind == "warning" and text == message
    assert props == {"file": "dir/a,b:c%.html", "line": "3", "title": "t: 1, 2\n3"}


def test_escaping_rules() -> None:
    assert escape_data("50%\r\n: ,") == "50%25%0D%0A: ,"
    assert escape_property("50%\r\n: ,") == "50%25%0D%0A%3A %2C"


def test_findings_become_annotations_with_positions() -> None:
    run = canonical_run()
    lines = render("github", run).splitlines()
    parsed = [parse(line) for line in lines]
    by_file: dict[str, list[tuple[str, dict[str, str], str]]] = {}
    for p in parsed:
        by_file.setdefault(p[1]["file"], []).append(p)
    seed = by_file["fixtures/articles/seed-pokrovsk.txt"]
    assert len(seed) == 6
    claim = next(p for p in seed if "as claimed" in p[2])
    assert claim[0] == "warning" and claim[1]["line"] == "17" and claim[1]["col"] == "160" and claim[1]["endColumn"] == "170"
    assert claim[1]["title"].startswith("integrity claim/vague-source")
    kinds = {p[0] for p in parsed}
    assert kinds == {"notice", "warning", "error"}  # info -> notice; critical and error -> error
    critical = next(p for p in seed if "credit/empty-byline" in p[1]["title"])
    assert critical[0] == "error"
    # the hostile file name (comma, colon, percent) survives as one property
    assert HOSTILE_NAME in by_file
    # a document that could not be read is an error annotation on that file
    missing = by_file["fixtures/articles/missing.html"]
    assert missing[0][0] == "error" and "not scanned" in missing[0][2]


def test_a_hostile_finding_cannot_inject_a_command() -> None:
    f = Finding(
        rule_id="claim/vague-source", area="attribution", severity="info", confidence="high",
        message="Claim: “x”\n::error file=evil.html,line=1::pwned%0A", subject="block[1]", fingerprint="f",
        location=Span(0, 1, 2, 3, 2, 4),
    )
    from integrity.model import DocumentInfo, ToolInfo

    report = Report(document=DocumentInfo("a.html", "ok"), tool=ToolInfo("integrity", "0"), score=100, subscores={}, findings=(f,))
    out = render("github", Run.of(report))
    assert out.count("\n") == 1 and out.startswith("::notice ")
    assert parse(out.rstrip("\n"))[2] == f.message
