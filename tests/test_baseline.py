"""The baseline workflow end to end in a temporary git repository: accept today's
findings, keep passing while lines move, fail on a new finding, scan only what changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import integrity as integrity_package
from integrity.baseline import FORMAT, VERSION, load_baseline
from tests.conftest import ARTICLES, ROOT

# the command run from another folder must still be this checkout's integrity
THIS_CHECKOUT = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

REPORT_SCHEMA = json.loads((Path(integrity_package.__file__).parent / "schemas" / "report.schema.json").read_text())
NEW_CLAIM = "It is believed that the dam was mined before the retreat.\n\n"


def add_claim(path: Path) -> None:
    """A new unsourced claim as the article's last body paragraph (before its "Authors" section)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nAuthors\n", "\n" + NEW_CLAIM + "Authors\n", 1), encoding="utf-8")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout


def integrity(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "integrity", *args], cwd=repo, capture_output=True, text=True, timeout=120,
                          env=THIS_CHECKOUT)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "newsroom"
    (repo / "articles").mkdir(parents=True)
    for name in ("seed-pokrovsk.txt", "seed-pokrovsk.html", "clean-council-budget.html", "clean-council-budget.txt"):
        shutil.copy(ARTICLES / name, repo / "articles" / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "archive")
    return repo


def scan_json(repo: Path, *args: str) -> tuple[int, dict]:
    proc = integrity(repo, "scan", *args, "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_baseline_workflow(repo: Path) -> None:
    # today's archive fails the gate ...
    assert integrity(repo, "scan", "articles", "--fail-on", "warning").returncode == 1
    # ... so the newsroom accepts what is there
    made = integrity(repo, "baseline", "create", "articles", "--out", ".integrity/baseline.json")
    assert made.returncode == 0, made.stderr
    data = json.loads((repo / ".integrity" / "baseline.json").read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["version"] == VERSION
    # documents are keyed relative to the baseline file's folder
    assert sorted(data["documents"]) == [
        "../articles/clean-council-budget.html", "../articles/clean-council-budget.txt",
        "../articles/seed-pokrovsk.html", "../articles/seed-pokrovsk.txt",
    ]
    today = json.loads(integrity(repo, "scan", "articles/seed-pokrovsk.txt", "--format", "json").stdout)
    seed_fingerprints = [f["fingerprint"] for f in today["reports"][0]["findings"]]
    assert len(seed_fingerprints) >= 5
    assert sorted(f["fingerprint"] for f in data["documents"]["../articles/seed-pokrovsk.txt"]) == sorted(seed_fingerprints)

    # with the baseline the same archive passes and reports nothing
    rc, run = scan_json(repo, "articles", "--baseline", ".integrity/baseline.json", "--fail-on", "info")
    assert rc == 0 and run["summary"]["findings"] == {"info": 0, "warning": 0, "error": 0, "critical": 0}
    seed = next(r for r in run["reports"] if r["document"]["source"].endswith("seed-pokrovsk.txt"))
    assert seed["stats"]["baseline"] == len(seed_fingerprints) and seed["score"] == 100

    # an editor makes room above every finding: lines move, nothing is new
    txt, html = repo / "articles" / "seed-pokrovsk.txt", repo / "articles" / "seed-pokrovsk.html"
    txt.write_text(txt.read_text(encoding="utf-8").replace("Summary\n", "Summary\n\n\n\n", 1), encoding="utf-8")
    html.write_text(html.read_text(encoding="utf-8").replace("<main>", "<main>\n<!-- layout note -->\n\n", 1), encoding="utf-8")
    rc, run = scan_json(repo, "articles", "--baseline", ".integrity/baseline.json", "--fail-on", "info")
    assert rc == 0, run["reports"]
    plain = integrity(repo, "scan", "articles", "--format", "json")
    moved = {f["location"]["line"] for r in json.loads(plain.stdout)["reports"] for f in r["findings"]
             if f["location"] and f["match"] == "as claimed"}
    assert 20 in moved and 17 not in moved  # "as claimed" moved from line 17 to line 20

    # a new unsourced claim is what is reported, and it fails the gate
    add_claim(txt)
    rc, run = scan_json(repo, "articles", "--baseline", ".integrity/baseline.json", "--fail-on", "warning")
    assert rc == 1
    findings = [f for r in run["reports"] for f in r["findings"]]
    assert ("claim/vague-source", "It is believed", True) in [(f["rule_id"], f["match"], f["new"]) for f in findings]
    assert all(f["new"] is True and "dam was mined" in f["evidence"] for f in findings)
    jsonschema.validate(run, REPORT_SCHEMA, cls=jsonschema.Draft202012Validator)  # "new" and stats["baseline"] fit the schema

    # the baseline is found relative to its own folder, whatever the working directory
    proc = integrity(repo / "articles", "scan", "seed-pokrovsk.html", "--baseline", "../.integrity/baseline.json",
                     "--fail-on", "info", "--format", "github")
    assert proc.returncode == 0 and proc.stdout == ""


def test_changed_scans_only_changed_and_untracked_articles(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "story")
    nothing = integrity(repo, "scan", "--changed", "--base", "main", "--fail-on", "info")
    assert nothing.returncode == 0 and "no article files changed" in nothing.stderr

    clean = repo / "articles" / "clean-council-budget.txt"
    add_claim(clean)
    git(repo, "commit", "-q", "-am", "edit")
    (repo / "articles" / "draft.html").write_text("<p class=byline>By Ann Lee</p><p>Reportedly it rained.</p>", encoding="utf-8")
    (repo / "notes.csv").write_text("not an article", encoding="utf-8")
    (repo / "articles" / "seed-pokrovsk.html").unlink()  # deleted files are not scanned

    rc, run = scan_json(repo, "--changed", "--base", "main")
    assert sorted(r["document"]["source"] for r in run["reports"]) == ["articles/clean-council-budget.txt", "articles/draft.html"]
    proc = integrity(repo, "scan", "--changed", "--base", "main", "--fail-on", "warning", "--format", "github")
    assert proc.returncode == 1
    annotated = {line.split("file=")[1].split(",")[0] for line in proc.stdout.splitlines()}
    assert annotated == {"articles/clean-council-budget.txt", "articles/draft.html"}

    # PATHs narrow the changed files; from a sub-folder, paths stay relative to it
    rc, run = scan_json(repo, "--changed", "--base", "main", "articles/draft.html")
    assert [r["document"]["source"] for r in run["reports"]] == ["articles/draft.html"]
    proc = integrity(repo / "articles", "scan", "--changed", "--base", "main", "--format", "jsonl")
    assert sorted(json.loads(line)["document"]["source"] for line in proc.stdout.splitlines()) == [
        "clean-council-budget.txt", "draft.html"]


def test_changed_and_baseline_together(repo: Path) -> None:
    assert integrity(repo, "baseline", "create", "articles", "--out", "baseline.json").returncode == 0
    seed = repo / "articles" / "seed-pokrovsk.txt"
    seed.write_text("Editor's note: updated.\n\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    proc = integrity(repo, "scan", "--changed", "--baseline", "baseline.json", "--fail-on", "info", "--format", "sarif")
    assert proc.returncode == 0, proc.stderr
    sarif = json.loads(proc.stdout)
    assert [a["location"]["uri"] for a in sarif["runs"][0]["artifacts"]] == ["articles/seed-pokrovsk.txt"]
    assert sarif["runs"][0]["results"] == []


def test_baseline_create_refuses_a_partial_archive(repo: Path) -> None:
    proc = integrity(repo, "baseline", "create", "articles", "articles/missing.html", "--out", "b.json")
    assert proc.returncode == 2 and "missing.html" in proc.stderr
    assert not (repo / "b.json").exists()


def test_load_baseline_checks_the_version(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"format": FORMAT, "version": 99, "documents": {}}), encoding="utf-8")
    with pytest.raises(ValueError, match="version 99"):
        load_baseline(path)
