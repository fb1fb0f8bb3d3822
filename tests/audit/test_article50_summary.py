"""The audit's Article 50 summary (``--profile eu-ai-act``) over the hand-made fixtures/article50 folder.

Ten articles dated in four months: August holds the signed AI image with a caption
label and the two silent machine-readable ones, September the generator-parameters
image with and without a label, October the text cases and the no-AI look-alikes,
November three videos the page's JSON-LD describes (two declared AI-made).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from integrity.audit import AuditOptions, run_audit
from integrity.audit.progress import Progress
from integrity.audit.store import Store
from integrity.cli import main
from integrity.config import Config
from tests.conftest import ROOT

FIXTURES = ROOT / "fixtures" / "article50"


def _audit(out: Path, config: Config) -> None:
    run_audit(AuditOptions((str(FIXTURES),), out, config=config, engine="serial", progress_every=3600),
              Progress(0, interactive=False, every=3600))


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("article50-audit")
    _audit(out, Config(profile="eu-ai-act"))
    return out


def test_the_summary_counts_articles_media_and_disclosures_per_month(audited: Path) -> None:
    s = json.loads((audited / "article50.json").read_text(encoding="utf-8"))
    assert (s["articles"], s["images"], s["videos"], s["ai_images"], s["ai_videos"]) == (10, 6, 3, 5, 2)
    assert (s["disclosed"], s["machine_readable_only"], s["visible_only"], s["undisclosed"]) == (2, 3, 1, 1)
    months = {m["month"]: m for m in s["by_month"]}
    assert list(months) == ["2026-08", "2026-09", "2026-10", "2026-11"]
    aug, sep, oct_, nov = months["2026-08"], months["2026-09"], months["2026-10"], months["2026-11"]
    assert (nov["videos"], nov["ai_videos"], nov["disclosed"], nov["machine_readable_only"]) == (3, 2, 1, 1)
    assert (aug["articles"], aug["disclosed"], aug["machine_readable_only"], aug["undisclosed"]) == (2, 1, 2, 0)
    assert (sep["visible_only"], sep["undisclosed"], sep["articles_with_undisclosed"]) == (1, 1, 1)
    assert oct_["ai_images"] == 0 and oct_["images"] == 1  # the no-AI photo is counted, not flagged
    assert oct_["text"] == {"disclosed": 1, "editorial-responsibility": 3, "disclosed-and-responsibility": 1,
                            "neither": 0}


def test_markdown_and_html_sit_beside_the_other_summaries(audited: Path) -> None:
    md = (audited / "article50.md").read_text(encoding="utf-8")
    assert "| 2026-09 | 2 | 2 | 0 | 2 | 0 | 0 | 0 | 1 | 1 | 1 |" in md
    assert "| all | 10 | 6 | 3 | 5 | 2 | 2 | 3 | 1 | 1 | 1 |" in md
    html = (audited / "article50.html").read_text(encoding="utf-8")
    # Aug: both + mr-only; Sep: visible + none; Nov: both + mr-only
    assert html.count("<rect") == 6 and "<script" not in html
    assert (audited / "summary.json").is_file() and (audited / "summary.html").is_file()


def test_without_the_profile_there_is_no_article50_summary(tmp_path: Path) -> None:
    _audit(tmp_path, Config())
    assert not (tmp_path / "article50.json").exists()
    db = sqlite3.connect(tmp_path / "audit.sqlite")
    assert db.execute("SELECT COUNT(*) FROM article50").fetchone()[0] == 0
    db.close()


def test_the_command_line_profile_rescans_and_writes_the_summary(tmp_path: Path) -> None:
    assert main(["audit", str(FIXTURES), "--out", str(tmp_path), "--engine", "serial"]) == 0
    assert not (tmp_path / "article50.json").exists()
    assert main(["audit", str(FIXTURES), "--out", str(tmp_path), "--engine", "serial", "--profile", "eu-ai-act"]) == 0
    assert json.loads((tmp_path / "article50.json").read_text(encoding="utf-8"))["articles"] == 10


def test_a_version_2_store_gains_the_article50_tables(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                     "INSERT INTO meta VALUES ('schema_version', '2');"
                     "CREATE TABLE images (doc_id TEXT NOT NULL, src TEXT, status TEXT, ai TEXT, credentials TEXT,"
                     " phash TEXT, caption TEXT);")
    db.close()
    store = Store(path)
    assert store.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "4"
    assert store.db.execute("SELECT COUNT(*) FROM article50_media").fetchone()[0] == 0
    store.close()
