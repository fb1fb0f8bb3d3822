"""docs/rules.md is ``integrity rules list --format md`` of the built-in packs, and it is current."""

from __future__ import annotations

import re

import pytest

from integrity.cli import main
from integrity.pipeline import Checker
from integrity.rules_doc import examples_root, rule_anchor, rules_markdown
from tests.conftest import ROOT

PAGE = ROOT / "docs" / "rules.md"


def test_docs_page_is_current() -> None:
    want = rules_markdown(Checker().ruleset.rules, examples_root())
    got = PAGE.read_text(encoding="utf-8")
    assert got == want, "docs/rules.md is stale: run `integrity rules list --format md > docs/rules.md`"


def test_every_rule_has_its_own_section_and_anchor(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "list", "--format", "md"]) == 0
    page = capsys.readouterr().out
    rules = Checker().ruleset.rules
    anchors = re.findall(r'^<a id="([^"]+)"></a>$', page, re.M)
    assert sorted(anchors) == sorted(rule_anchor(r.id) for r in rules) and len(set(anchors)) == len(rules)
    sections = {s.split("`", 1)[0]: s for s in page.split("\n## `")[1:]}
    vague = sections["claim/vague-source"]
    assert vague.startswith("claim/vague-source`\n\n**warning** · area attribution")
    assert "**Fix:**" in vague and "[`tests/rules/claim/vague-source/`](../tests/rules/claim/vague-source/)" in vague
    assert (ROOT / "tests" / "rules" / "claim" / "vague-source" / "hit.html").is_file()
    assert "off by default" in sections["integrity/suppression-without-reason"]
    assert "off by default" not in vague


def test_rule_anchors_are_plain_and_distinct() -> None:
    assert rule_anchor("claim/vague-source") == "claim-vague-source"
    assert rule_anchor("House/AI Label") == "house-ai-label"
