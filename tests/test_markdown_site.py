"""A Hugo-style site (fixtures/hugo-site): `integrity scan` on its content folder checks the Markdown
articles, every finding at the right line and column of its ``.md`` file, and the default gate fails
on the article whose figure is an undisclosed AI image (issue 20, "Done when")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, ROOT, line_col_text, located

SITE = FIXTURES / "hugo-site"


def _scan(*args: str, cwd: Path = SITE) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this copy of integrity, run from the site's root
    proc = subprocess.run([sys.executable, "-m", "integrity", "scan", *args, "--format", "json"],
                          capture_output=True, text=True, timeout=300, cwd=cwd, env=env)
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def _findings(run: dict) -> dict[str, list[tuple[str, str, int, int, str]]]:  # type: ignore[type-arg]
    out: dict[str, list[tuple[str, str, int, int, str]]] = {}
    for r in run["reports"]:
        loc = [(f["rule_id"], f["severity"], f["location"]["line"], f["location"]["column"], f["match"])
               for f in r["findings"] if f["location"] and f["severity"] != "info"]
        out[Path(r["document"]["source"]).name] = loc
    return out


def test_scanning_the_content_folder_checks_the_articles_and_the_gate_fails_on_the_ai_image() -> None:
    rc, run, err = _scan("content")
    assert rc == 1, err  # the default gate: a critical finding fails it
    assert "flooded-street.md" in err and "gate failed" in err
    found = _findings(run)
    assert set(found) == {"council-budget.md", "flooded-street.md", "river-levels.md"}  # _index.md is a list page
    assert found["council-budget.md"] == []
    assert found["flooded-street.md"] == [("image/undisclosed-ai", "critical", 10, 1, "/images/flooded-street.jpg")]
    assert found["river-levels.md"] == [
        ("claim/vague-source", "warning", 8, 1, "Experts say"),
        ("claim/vague-source", "warning", 8, 49, "Reports suggest"),
    ]  # and none in its fenced or indented code
    authors = {Path(r["document"]["source"]).name: [a["name"] for a in r["document"]["authors"]] for r in run["reports"]}
    assert authors == {"council-budget.md": ["Dana Whitfield"], "flooded-street.md": ["Sam Okafor"],
                       "river-levels.md": ["Priya Nair"]}
    statuses = {Path(r["document"]["source"]).name: [i["status"] for i in r["images"]] for r in run["reports"]}
    assert statuses == {"council-budget.md": ["analysed"], "flooded-street.md": ["analysed"],
                        "river-levels.md": ["analysed"]}  # /images/… found in static/


def test_the_clean_articles_pass_the_gate_and_their_report_is_the_schemas() -> None:
    import jsonschema

    import integrity

    rc, run, err = _scan("content/posts/council-budget.md", "content/posts/river-levels.md")
    assert rc == 0, err
    assert all(r["document"]["kind"] == "markdown" for r in run["reports"])
    schema = json.loads((Path(integrity.__file__).parent / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(run, schema, cls=jsonschema.Draft202012Validator)


def test_every_finding_points_at_its_place_in_the_markdown_file() -> None:
    import integrity

    checked = 0
    for page in sorted((SITE / "content").rglob("*.md")):
        source = page.read_text(encoding="utf-8")
        for f in integrity.check(page).findings:
            if f.location is None:
                continue
            loc = f.location
            assert line_col_text(source, f) == located(source, f), f"{page.name}: {f.rule_id} line/column and offset differ"
            if f.subject.startswith("sentence"):
                assert located(source, f) == f.match, f"{page.name}: {f.rule_id}"
            elif f.subject.startswith("image"):  # the image's shortcode or ![…](…) holds the src it quotes
                assert f.match in located(source, f), f"{page.name}: {f.rule_id}"
            checked += 1
            assert loc.offset <= loc.end_offset
    assert checked >= 4


def test_scanning_the_site_root_checks_only_the_articles() -> None:
    """`integrity scan .` from the site's root: the .gitignore'd built `public/` (one page of it is checked in
    on purpose), README.md and the _index.md list page are left out; the gate fails on the AI image."""
    assert any((SITE / "public").rglob("*.html"))  # the built page is there to be skipped
    rc, run, err = _scan(".")
    assert rc == 1, err
    sources = sorted(r["document"]["source"] for r in run["reports"])
    assert sources == ["content/posts/council-budget.md", "content/posts/flooded-street.md", "content/posts/river-levels.md"]
    assert _findings(run)["flooded-street.md"] == [("image/undisclosed-ai", "critical", 10, 1, "/images/flooded-street.jpg")]
