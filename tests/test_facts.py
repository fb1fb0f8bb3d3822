"""The fact catalogue: declared fields render and check as documented, and the declarations match what
detectors really emit — on the vendored fixtures, every rule example, and the corpus pages when
``../shared`` is beside the clone."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from integrity.detectors import DETECTORS, FACTS
from integrity.facts import FieldSpec, enum, fact, integer, text
from integrity.model import Fact
from integrity.parse import parse_document
from integrity.pipeline import Checker
from integrity.sources.file import read_document
from tests.conftest import ARTICLES, ROOT, SHARED

CHECKER = Checker()


def _facts_of(path: Path) -> list[Fact]:
    doc = read_document(path, CHECKER.config.max_document_bytes, None)
    article = parse_document(doc, CHECKER.layout)
    images = CHECKER.load_images(article, doc) if article.images else {}
    facts, errors = CHECKER.facts(article, images)
    assert errors == []
    return facts


def test_every_detector_declares_what_it_produces() -> None:
    for _, det in DETECTORS.items():
        assert det.facts, det.id
        for spec in det.facts:
            assert spec.producer == det.id and spec.doc and all(f.doc for f in spec.fields), spec.name
    assert FACTS.get("suppression.unused") is not None


def test_a_gap_renders_as_declared_and_many_values_join() -> None:
    spec = fact("x.y", "image", "doc", text("signer", "who", shown="unknown signer"),
                text("codes", "codes", many=True, shown="none"), integer("n", "n"))
    assert spec.message_values({"signer": None, "codes": (), "n": 3}) == {"signer": "unknown signer", "codes": "none", "n": 3}
    assert spec.message_values({"signer": "Adobe", "codes": ("a", "b"), "n": 0})["codes"] == "a, b"


@pytest.mark.parametrize(
    "field, value, ok",
    [
        (integer("n", "d"), 3, True),
        (integer("n", "d"), True, False),  # a bool is not a count
        (integer("n", "d"), "unknown", False),  # the stand-in strings are gone
        (integer("n", "d"), None, False),
        (integer("n", "d", shown="unknown"), None, True),
        (enum("s", "d", ("a", "b")), "b", True),
        (enum("s", "d", ("a", "b")), "c", False),
        (text("t", "d", many=True), ("x",), True),
        (text("t", "d", many=True), "x", False),
        (text("t", "d", many=True), (), False),
        (text("t", "d", many=True, shown="none"), (), True),
    ],
)
def test_field_checks(field: FieldSpec, value: object, ok: bool) -> None:
    assert (field.problems(value) == []) is ok


def test_a_drifted_fact_is_caught() -> None:
    spec = FACTS.get("credit.byline")
    assert spec is not None
    good = {"status": "missing", "names": (), "where": (), "sources": 0, "empty_slots": 0}
    assert spec.problems(Fact("credit.byline", "document", data=good)) == []
    problems = spec.problems(Fact("credit.byline", "image[1]", data={**good, "status": "absent", "extra": 1}))
    assert len(problems) == 3, problems  # subject, enum value, undeclared field
    assert FACTS.check([Fact("credit.bylines", "document")]) == ["credit.bylines document: fact is not declared"]


def _fixture_pages() -> list[Path]:
    pages = sorted(ARTICLES.glob("*.html")) + sorted(ARTICLES.glob("*.txt"))
    pages += sorted((ROOT / "tests" / "rules").glob("*/*/*.html"))
    return pages


@pytest.mark.parametrize("page", _fixture_pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_emitted_facts_match_their_declarations(page: Path) -> None:
    facts = _facts_of(page)
    assert FACTS.check(facts, CHECKER.ruleset.lexicons) == []


def test_emitted_facts_match_on_corpus_pages(tmp_path: Path) -> None:
    folder = SHARED / "corpora" / "articles" / "trafilatura_eval"
    if not folder.is_dir():
        pytest.skip("../shared is not beside this clone")
    pages = sorted(folder.glob("*.html.gz"))[::4]
    kinds: set[str] = set()
    for gz in pages:
        page = tmp_path / gz.name.removesuffix(".gz")
        page.write_bytes(gzip.decompress(gz.read_bytes()))
        facts = _facts_of(page)
        kinds |= {f.kind for f in facts}
        assert FACTS.check(facts, CHECKER.ruleset.lexicons) == [], gz.name
    assert {"credit.byline", "claim.vague", "claim.unattributed", "image.credit"} <= kinds
