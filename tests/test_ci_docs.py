"""The examples in docs/ci.md are the ones these tests run.

* ```` ```sh ci-test ```` blocks run line by line in a temporary git repository;
  each line ends with ``# exit N``, the exit code it must give.
* The ```` ```yaml github-actions ```` workflow is run step by step the way a
  runner would: ``run:`` steps in bash, the integrity step through this
  repository's ``action.yml`` (its own ``run:`` steps, with the inputs given),
  the SARIF upload by checking the file it would upload. Checkout, setup-python
  and the action's pip install of itself are the only steps not run: the
  repository is already checked out and integrity already installed.
* The ```` ```yaml gitlab-ci ```` job runs its ``script:`` lines in order,
  stopping at the first failure, and its ``artifacts:reports`` must exist
  afterwards (``when: always``); the install line of ``before_script`` is skipped.
* The ```` ```yaml pre-commit ```` configuration is run by pre-commit against a
  copy of this repository, and the hook is also tried with ``pre-commit try-repo``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import ARTICLES, ROOT

DOC = ROOT / "docs" / "ci.md"
SARIF_SCHEMA = Path(__file__).resolve().parents[1] / ".." / "shared" / "schemas" / "sarif-schema-2.1.0.json"
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
EXPECT = re.compile(r"^(?P<cmd>.*?)\s+#\s*exit\s+(?P<code>\d+)\s*$")
EXPR = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def doc_blocks(tag: str) -> list[str]:
    """Fenced blocks of docs/ci.md whose info string carries ``tag`` (``sh ci-test``, ``yaml gitlab-ci`` ...)."""
    found = [body for info, body in FENCE.findall(DOC.read_text(encoding="utf-8")) if tag in info.split()]
    assert found, f"docs/ci.md has no ```… {tag} block"
    return found


def doc_commands() -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for block in doc_blocks("ci-test"):
        for line in block.splitlines():
            if not line.strip():
                continue
            m = EXPECT.match(line)
            assert m, f"docs/ci.md: a ci-test line must end with '# exit N': {line!r}"
            out.append((m.group("cmd"), int(m.group("code"))))
    return out


# --- a newsroom repository ------------------------------------------------------------
@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a CI job: `integrity` on PATH (this checkout), git identity, no CI variables."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "integrity"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m integrity "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_", "GIT_", "INTEGRITY_"))}
    return {
        **keep,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT) + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else ""),
        "GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
        "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.org",
        "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path),
    }


def sh(cmd: str | list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    args = ["bash", "--noprofile", "--norc", "-o", "pipefail", "-c", cmd] if isinstance(cmd, str) else cmd
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def git(repo: Path, env: dict[str, str], *args: str) -> str:
    proc = sh(["git", *args], repo, env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture()
def repo(tmp_path: Path, env: dict[str, str]) -> Path:
    """main holds the archive (the fixtures); origin is the repository itself, as a CI clone has one."""
    repo = tmp_path / "newsroom"
    (repo / "articles").mkdir(parents=True)
    for name in ("seed-pokrovsk.txt", "seed-pokrovsk.html", "clean-council-budget.html", "clean-council-budget.txt"):
        shutil.copy(ARTICLES / name, repo / "articles" / name)
    git(repo, env, "init", "-q", "-b", "main")
    git(repo, env, "add", "-A")
    git(repo, env, "commit", "-q", "-m", "archive")
    git(repo, env, "remote", "add", "origin", str(repo))
    git(repo, env, "fetch", "-q", "origin")
    return repo


def run_doc_commands(repo: Path, env: dict[str, str]) -> None:
    for cmd, code in doc_commands():
        proc = sh(cmd, repo, env)
        assert proc.returncode == code, f"docs/ci.md: `{cmd}` gave {proc.returncode}, not {code}\n{proc.stderr}"


def test_the_sh_examples_give_the_exit_codes_they_say(repo: Path, env: dict[str, str]) -> None:
    run_doc_commands(repo, env)
    sarif = json.loads((repo / "integrity.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    assert ET.parse(repo / "integrity-junit.xml").getroot().tag == "testsuites"
    baseline = json.loads((repo / ".integrity" / "baseline.json").read_text(encoding="utf-8"))
    assert "../articles/seed-pokrovsk.html" in baseline["documents"]
    assert "integrity baseline" in git(repo, env, "log", "--format=%s", "-1")


# --- pull requests --------------------------------------------------------------------
def open_pull_request(repo: Path, env: dict[str, str], kind: str) -> None:
    """After the docs' commands (baseline committed on main): a branch that adds or only moves findings."""
    run_doc_commands(repo, env)
    git(repo, env, "fetch", "-q", "origin")
    git(repo, env, "checkout", "-q", "-b", kind)
    if kind == "new-story":
        shutil.copy(ARTICLES / "seed-pokrovsk.html", repo / "articles" / "new-story.html")
    else:  # an edit that moves every known finding down a few lines
        seed = repo / "articles" / "seed-pokrovsk.txt"
        seed.write_text(seed.read_text(encoding="utf-8").replace("Summary\n", "Summary\n\n\n\n", 1), encoding="utf-8")
    git(repo, env, "add", "-A", "articles")
    git(repo, env, "commit", "-q", "-m", kind)


def _expand(text: str, context: dict[str, Any]) -> str:
    def value(m: re.Match[str]) -> str:
        node: Any = context
        for part in m.group(1).split("."):
            assert isinstance(node, dict) and part in node, f"unknown expression {m.group(0)}"
            node = node[part]
        return str(node)

    return EXPR.sub(value, text)


def run_bash_step(script: str, repo: Path, env: dict[str, str], step_env: dict[str, str]) -> tuple[int, dict[str, str], str]:
    """A `shell: bash` step as the runner runs it; returns exit code, $GITHUB_OUTPUT and stdout."""
    work = repo.parent / "runner"
    work.mkdir(exist_ok=True)
    out_file, script_file = work / "output", work / "step.sh"
    out_file.write_text("", encoding="utf-8")
    script_file.write_text(script, encoding="utf-8")
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)], cwd=repo,
        env={**env, **step_env, "GITHUB_OUTPUT": str(out_file)}, capture_output=True, text=True, timeout=300,
    )
    outputs = dict(line.split("=", 1) for line in out_file.read_text(encoding="utf-8").splitlines() if "=" in line)
    return proc.returncode, outputs, proc.stdout + proc.stderr


def step_summary(repo: Path, step_id: str) -> Path:
    """The ``$GITHUB_STEP_SUMMARY`` file of one step of the action."""
    work = repo.parent / "runner"
    work.mkdir(exist_ok=True)
    return work / f"summary-{step_id or 'step'}.md"


def run_action(inputs: dict[str, Any], repo: Path, env: dict[str, str]) -> tuple[int, dict[str, str], str]:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    for name in inputs:
        assert name in action["inputs"], f"docs/ci.md passes unknown action input {name!r}"
    values = {k: str(inputs.get(k, spec.get("default", ""))) for k, spec in action["inputs"].items()}
    context: dict[str, Any] = {"inputs": values, "github": {"action_path": str(ROOT)}, "steps": {}}
    log = ""
    for step in action["runs"]["steps"]:
        if "uses" in step:
            assert step["uses"].startswith(("actions/setup-python@", "actions/cache@"))
            continue
        if step.get("id") == "install":
            assert "GITHUB_ACTION_PATH" in step["run"]
            continue
        step_env = {k: _expand(str(v), context) for k, v in step.get("env", {}).items()}
        summary = step_summary(repo, step.get("id", ""))  # the runner gives every step its own, empty file
        summary.write_text("", encoding="utf-8")
        runner_env = {**env, "GITHUB_ACTION_PATH": str(ROOT), "GITHUB_STEP_SUMMARY": str(summary),
                      "RUNNER_TEMP": str(summary.parent)}
        rc, outputs, out = run_bash_step(step["run"], repo, runner_env, step_env)
        log += out
        context["steps"][step.get("id", "")] = {"outputs": outputs}
        if rc != 0:
            return rc, {k: _expand(v["value"], context) for k, v in action["outputs"].items()}, log
    return 0, {k: _expand(v["value"], context) for k, v in action["outputs"].items()}, log


def test_every_action_input_is_documented() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    section = DOC.read_text(encoding="utf-8").split("## GitHub Actions", 1)[1].split("\n## ", 1)[0]
    missing = [name for name in action["inputs"] if f"`{name}`" not in section]
    assert not missing, f"docs/ci.md's GitHub Actions section does not name the inputs {missing}"


def test_the_action_reads_every_line_of_paths_and_exclude(repo: Path, env: dict[str, str]) -> None:
    """A multi-line ``paths: |`` input is every path of every line; ``exclude`` leaves patterns out of walks."""
    (repo / "drafts").mkdir()
    shutil.copy(ARTICLES / "seed-pokrovsk.html", repo / "drafts" / "wip-pokrovsk.html")
    shutil.copy(ARTICLES / "clean-council-budget.html", repo / "drafts" / "budget.html")
    shutil.copy(ARTICLES / "seed-pokrovsk.html", repo / "drafts" / "budget.tmp.html")
    paths = "articles/clean-council-budget.html\n  articles/clean-council-budget.txt\n\ndrafts\n"  # as YAML's | gives it

    def scanned(inputs: dict[str, str]) -> tuple[str, list[str]]:
        rc, outputs, log = run_action(inputs, repo, env)
        sarif = json.loads((repo / outputs["sarif-file"]).read_text(encoding="utf-8"))
        assert outputs["exit-code"] == str(rc), log
        return outputs["exit-code"], sorted(a["location"]["uri"] for a in sarif["runs"][0]["artifacts"])

    code, uris = scanned({"paths": paths, "exclude": "drafts/wip-*.html\n*.tmp.html\n"})
    assert (code, uris) == ("0", ["articles/clean-council-budget.html", "articles/clean-council-budget.txt",
                                  "drafts/budget.html"])
    code, uris = scanned({"paths": paths})
    assert code == "1" and "drafts/wip-pokrovsk.html" in uris and "drafts/budget.tmp.html" in uris
    code, uris = scanned({"paths": "articles/clean-council-budget.html articles/clean-council-budget.txt"})
    assert (code, uris) == ("0", ["articles/clean-council-budget.html", "articles/clean-council-budget.txt"])


def test_the_action_passes_its_inputs_and_writes_the_job_summary(repo: Path, env: dict[str, str],
                                                                   tmp_path: Path) -> None:
    """``root``, ``base-url``, ``kind``, ``registry`` and every ``trust-anchor`` reach integrity's command line, and
    the job summary is the Markdown report: each document's score and finding counts."""
    registry = repo / ".integrity" / "registry.sqlite"
    assert sh(["integrity", "registry", "init", "--registry", str(registry)], repo, env).returncode == 0
    certs = ROOT / "fixtures" / "c2pa-certs" / "test"
    shutil.copy(certs / "es256_certs.pem", repo / "es256.pem")
    shutil.copy(certs / "ps256.pem", repo / "ps256.pem")
    # the `integrity` the action calls records its arguments (one per line), then runs the real one
    argv_log, real = tmp_path / "argv.txt", shutil.which("integrity", path=env["PATH"])
    logging_bin = tmp_path / "logging-bin"
    logging_bin.mkdir()
    shim = logging_bin / "integrity"
    shim.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{argv_log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    logged_env = {**env, "PATH": f"{logging_bin}{os.pathsep}{env['PATH']}"}
    inputs = {"paths": "articles/seed-pokrovsk.html articles/clean-council-budget.html", "root": "articles",
              "base-url": "https://news.example.org/2026/", "kind": "html", "registry": ".integrity/registry.sqlite",
              "trust-anchor": "es256.pem\nps256.pem\n"}
    rc, outputs, log = run_action(inputs, repo, logged_env)
    assert (rc, outputs["exit-code"]) == (1, "1"), log  # the seed article's error (its empty byline) fails the default gate
    argv = argv_log.read_text(encoding="utf-8").splitlines()
    pairs = set(zip(argv, argv[1:], strict=False))
    assert {("--root", "articles"), ("--base-url", "https://news.example.org/2026/"), ("--kind", "html"),
            ("--registry", ".integrity/registry.sqlite"), ("--trust-anchor", "es256.pem"),
            ("--trust-anchor", "ps256.pem")} <= pairs, argv
    summary = step_summary(repo, "scan").read_text(encoding="utf-8")
    assert summary.startswith("# integrity report\n"), summary
    assert "2 documents, 0 failed" in summary  # "failed": could not be scanned
    sections = summary.split("\n## ")[1:]
    assert [s.splitlines()[0] for s in sections] == ["articles/seed-pokrovsk.html", "articles/clean-council-budget.html"]
    seed, clean = sections
    assert re.search(r"^\*\*Score \d\d/100\*\* \(.*\) — 1 error, \d+ warnings?, \d+ info$", seed, re.M), seed
    assert re.search(r"^\*\*Score 100/100\*\* \(.*\) — 1 info$", clean, re.M), clean
    assert "https://news.example.org/2026/images/council-vote.jpg" in clean  # base-url resolved the image link

    # without inputs, none of those options is on the command line; `summary: "false"` writes no summary
    rc, outputs, log = run_action({"paths": "articles/clean-council-budget.html", "summary": "false"}, repo, logged_env)
    argv = argv_log.read_text(encoding="utf-8").splitlines()
    assert rc == 0 and not {"--root", "--base-url", "--kind", "--registry", "--trust-anchor"} & set(argv), argv
    assert step_summary(repo, "scan").read_text(encoding="utf-8") == ""


def run_github_job(repo: Path, env: dict[str, str]) -> dict[str, Any]:
    workflow = yaml.safe_load(doc_blocks("github-actions")[0])
    job = workflow["jobs"]["integrity"]
    gh_env = {**env, "GITHUB_BASE_REF": "main", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_ACTIONS": "true"}
    context: dict[str, Any] = {"steps": {}}
    failed, uploaded, log = False, None, ""
    for step in job["steps"]:
        condition = step.get("if", "success()")
        if failed and "always()" not in condition and "failure()" not in condition:
            continue
        uses = step.get("uses", "")
        if "run" in step:
            rc, outputs, out = run_bash_step(_expand(step["run"], context), repo, gh_env, {})
        elif uses.startswith("actions/checkout@"):
            continue
        elif uses.split("@")[0].endswith("/integrity"):
            with_ = {k: _expand(str(v), context) for k, v in step.get("with", {}).items()}
            rc, outputs, out = run_action(with_, repo, gh_env)
        elif uses.startswith("github/codeql-action/upload-sarif@"):
            path = repo / _expand(step["with"]["sarif_file"], context)
            assert path.is_file(), f"the upload step finds no SARIF at {path}"
            uploaded = json.loads(path.read_text(encoding="utf-8"))
            rc, outputs, out = 0, {}, ""
        else:
            pytest.fail(f"docs/ci.md uses an action the test cannot run: {uses}")
        log += out
        context["steps"][step.get("id", "")] = {"outputs": outputs}
        failed = failed or rc != 0
    return {"failed": failed, "sarif": uploaded, "log": log, "steps": context["steps"]}


def _validate_sarif(data: dict) -> None:
    if SARIF_SCHEMA.is_file():
        schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema)(schema).validate(data)


def test_github_workflow_fails_a_pull_request_that_adds_findings(repo: Path, env: dict[str, str]) -> None:
    open_pull_request(repo, env, "new-story")
    job = run_github_job(repo, env)
    assert job["failed"], job["log"]
    assert job["steps"]["integrity"]["outputs"]["exit-code"] == "1"
    sarif = job["sarif"]
    assert sarif is not None, "the SARIF upload must run even though the gate failed"
    _validate_sarif(sarif)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"articles/new-story.html"}
    assert {r["baselineState"] for r in sarif["runs"][0]["results"]} == {"new"}
    assert "::error file=articles/new-story.html" in job["log"]


def test_github_workflow_passes_when_known_findings_only_move(repo: Path, env: dict[str, str]) -> None:
    open_pull_request(repo, env, "edit")
    job = run_github_job(repo, env)
    assert not job["failed"], job["log"]
    sarif = job["sarif"]
    _validate_sarif(sarif)
    assert [a["location"]["uri"] for a in sarif["runs"][0]["artifacts"]] == ["articles/seed-pokrovsk.txt"]
    assert sarif["runs"][0]["results"] == []


def run_gitlab_job(repo: Path, env: dict[str, str]) -> tuple[bool, dict[str, Any], str]:
    config = yaml.safe_load(doc_blocks("gitlab-ci")[0])
    job = config["integrity"]
    job_env = {**env, **{k: str(v) for k, v in job.get("variables", {}).items()},
               "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    installs = [line for line in job.get("before_script", []) if "pip install" in line]
    assert installs == job.get("before_script", []), "before_script may only install integrity"
    log, ok = "", True
    for line in job["script"]:
        proc = sh(line, repo, job_env)
        log += proc.stdout + proc.stderr
        if proc.returncode != 0:
            ok = False
            break
    assert job["artifacts"]["when"] == "always"
    return ok, job["artifacts"]["reports"], log


def test_gitlab_job_fails_a_merge_request_that_adds_findings(repo: Path, env: dict[str, str]) -> None:
    open_pull_request(repo, env, "new-story")
    ok, reports, log = run_gitlab_job(repo, env)
    assert not ok, log
    issues = json.loads((repo / reports["codequality"]).read_text(encoding="utf-8"))
    assert issues and {i["location"]["path"] for i in issues} == {"articles/new-story.html"}
    suites = ET.parse(repo / reports["junit"]).getroot().findall("testsuite")
    assert [s.get("name") for s in suites] == ["articles/new-story.html"]
    assert int(suites[0].get("failures", "0")) >= 1


def test_gitlab_job_passes_when_known_findings_only_move(repo: Path, env: dict[str, str]) -> None:
    open_pull_request(repo, env, "edit")
    ok, reports, log = run_gitlab_job(repo, env)
    assert ok, log
    assert json.loads((repo / reports["codequality"]).read_text(encoding="utf-8")) == []


# --- pre-commit ---------------------------------------------------------------------------
PROJECT_FILES = ("integrity", "rules", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, str]]:
    """This project as a git repository pre-commit can install the hook from, and a shared cache."""
    if shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[dev]')")
    base = tmp_path_factory.mktemp("pre-commit")
    src = base / "integrity-src"
    src.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(source, src / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update({"GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.org", "GIT_COMMITTER_NAME": "Desk",
                "GIT_COMMITTER_EMAIL": "desk@example.org", "PRE_COMMIT_HOME": str(base / "cache")})
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "integrity"]):
        git(src, env, *args)
    return src, git(src, env, "rev-parse", "HEAD").strip(), env


def _articles_repo(path: Path, env: dict[str, str]) -> Path:
    (path / "articles").mkdir(parents=True)
    for name in ("seed-pokrovsk.html", "clean-council-budget.html", "clean-council-budget.txt"):
        shutil.copy(ARTICLES / name, path / "articles" / name)
    (path / "notes.csv").write_text("Reportedly not an article.\n", encoding="utf-8")
    git(path, env, "init", "-q", "-b", "main")
    git(path, env, "add", "-A")
    return path


def test_pre_commit_try_repo(hook_repo: tuple[Path, str, dict[str, str]], tmp_path: Path) -> None:
    src, _, env = hook_repo
    target = _articles_repo(tmp_path / "newsroom", env)
    bad = sh(["pre-commit", "try-repo", str(src), "integrity", "--files", "articles/seed-pokrovsk.html"], target, env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "credit/empty-byline" in bad.stdout and "Failed" in bad.stdout
    good = sh(["pre-commit", "try-repo", str(src), "integrity", "--files", "articles/clean-council-budget.html",
               "articles/clean-council-budget.txt", "notes.csv"], target, env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_the_pre_commit_config_in_the_docs(hook_repo: tuple[Path, str, dict[str, str]], tmp_path: Path) -> None:
    src, rev, env = hook_repo
    config = yaml.safe_load(doc_blocks("pre-commit")[0])
    hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    for repo_entry in config["repos"]:
        assert {h["id"] for h in repo_entry["hooks"]} <= hooks
        repo_entry["repo"], repo_entry["rev"] = str(src), rev  # where this copy of integrity lives
    target = _articles_repo(tmp_path / "newsroom", env)
    (target / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    # the hook passes every staged article; --force-exclude leaves out what the repository excludes
    (target / "articles" / "drafts").mkdir()
    shutil.copy(ARTICLES / "seed-pokrovsk.html", target / "articles" / "drafts" / "held-back.html")
    (target / ".integrityignore").write_text("drafts/\n", encoding="utf-8")
    git(target, env, "add", "-A")
    proc = sh(["pre-commit", "run", "--all-files"], target, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "seed-pokrovsk.html" in proc.stdout and "credit/empty-byline" in proc.stdout
    assert "held-back.html" not in proc.stdout
