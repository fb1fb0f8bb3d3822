"""Every rule has examples: ``hit.html`` must flag exactly the words in ``hit.expect`` (one
per line; empty for a document-level rule: one finding), and ``miss.html`` — a near miss,
the look-alike the rule must leave alone — must not flag that rule at all.

Each page is checked as a file, the way ``integrity scan`` checks one, so an example
folder may hold the images its pages reference by relative ``src`` (made by
tests/rules/image/make_examples.py). A folder may also hold what a newsroom configures
beside its articles: ``integrity.toml`` (e.g. its own trust anchors) and ``registry.csv``
(known images, in the ``integrity registry import`` CSV format; imported into a fresh
registry for the check).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import integrity
from integrity.config import Config, load_config
from integrity.known_images import KnownImageStore
from integrity.known_images.imports import add_rows, csv_rows

HERE = Path(__file__).parent
CASES = sorted(p.parent for p in HERE.glob("*/*/hit.html"))
# More hits of one rule: hit-<case>.html with hit-<case>.expect (e.g. markup that must not blind it)
EXTRA_HITS = sorted(HERE.glob("*/*/hit-*.html"))


def _rule_id(folder: Path) -> str:
    return f"{folder.parent.name}/{folder.name}"


@pytest.fixture(scope="module")
def config_for(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The config a newsroom would scan the folder's pages with."""

    def make(folder: Path) -> Config | None:
        toml = folder / "integrity.toml"
        config = load_config(toml) if toml.is_file() else None
        registry_csv = folder / "registry.csv"
        if registry_csv.is_file():
            db = tmp_path_factory.mktemp(folder.name) / "registry.sqlite"
            errors: list[str] = []
            with KnownImageStore(db, create=True) as store:
                added, _ = add_rows(store, csv_rows(registry_csv, None, errors=errors), errors=errors)
            assert not errors and added, errors
            config = replace(config or Config(), registry=db)
        return config

    return make


def _check(page: Path, config: Config | None):  # type: ignore[no-untyped-def]
    report = integrity.check(page, kind="html", config=config)
    assert report.document.status == "ok", report.document
    return report


@pytest.mark.parametrize(
    "page", [f / "hit.html" for f in CASES] + EXTRA_HITS, ids=lambda p: f"{_rule_id(p.parent)}/{p.stem}"
)
def test_hit(page: Path, config_for) -> None:  # type: ignore[no-untyped-def]
    folder = page.parent
    source = page.read_text(encoding="utf-8")
    report = _check(page, config_for(folder))
    findings = [f for f in report.findings if f.rule_id == _rule_id(folder)]
    expected = [line for line in page.with_suffix(".expect").read_text(encoding="utf-8").splitlines() if line.strip()]
    if not expected:  # a document-level rule: one finding, no location needed
        assert len(findings) == 1, [f.message for f in findings]
        return
    got = [source[f.location.offset : f.location.end_offset] for f in findings]
    for want in expected:
        assert any(want in g for g in got), f"{want!r} not flagged; got {got}"
    assert len(findings) == len(expected), got


@pytest.mark.parametrize("folder", CASES, ids=_rule_id)
def test_miss(folder: Path, config_for) -> None:  # type: ignore[no-untyped-def]
    report = _check(folder / "miss.html", config_for(folder))
    flagged = [(f.match, f.evidence) for f in report.findings if f.rule_id == _rule_id(folder)]
    assert flagged == []


def test_every_rule_has_a_hit_and_a_miss_example() -> None:
    """Enabled or not, a built-in rule with no examples could be dead without anyone noticing."""
    missing = []
    for rule in integrity.rule_list():
        folder = HERE / rule["id"]
        absent = [name for name in ("hit.html", "hit.expect", "miss.html") if not (folder / name).is_file()]
        if absent:
            missing.append(f"{rule['id']}: no {', '.join(absent)} in {folder.relative_to(HERE.parents[1])}")
    assert not missing, "\n".join(missing)


def test_every_example_folder_names_a_rule() -> None:
    known = {rule["id"] for rule in integrity.rule_list()}
    assert CASES and {_rule_id(folder) for folder in CASES} <= known
