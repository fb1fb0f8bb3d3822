"""The command line: exit codes, bad input, multi-file scans, outputs, rules commands."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from integrity.cli import main
from tests.conftest import ARTICLES

SEED_TXT = str(ARTICLES / "seed-pokrovsk.txt")
SEED_HTML = str(ARTICLES / "seed-pokrovsk.html")
CLEAN = str(ARTICLES / "clean-council-budget.html")


def run(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "integrity", *args], capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("seed", [SEED_TXT, SEED_HTML])
def test_fail_under_80_fails_the_seed_and_passes_the_clean_article(seed: str) -> None:
    assert main(["scan", seed, "--fail-under", "80", "--format", "json"]) == 1
    assert main(["scan", CLEAN, "--fail-under", "80", "--format", "json"]) == 0


def test_fail_on_error_gates_on_the_empty_byline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", SEED_TXT, "--fail-on", "error"]) == 1
    assert "gate failed" in capsys.readouterr().err
    assert main(["scan", SEED_TXT, "--fail-on", "critical"]) == 0
    assert main(["scan", CLEAN, "--fail-on", "warning"]) == 0


def test_the_default_gate_fails_on_an_error_and_passes_a_clean_article(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", SEED_TXT]) == 1  # the seed's empty byline is an error: no --fail-on needed
    assert "1 finding at or above error" in capsys.readouterr().err
    assert main(["scan", CLEAN]) == 0
    assert main(["scan", SEED_TXT, "--fail-on", "none"]) == 0


@pytest.mark.parametrize("table, code", [('fail_on = "none"\n', 0), ('fail_on = "critical"\n', 0), ("", 1)])
def test_config_sets_or_opts_out_of_the_default_gate(tmp_path: Path, table: str, code: int) -> None:
    config = tmp_path / "integrity.toml"
    config.write_text(table, encoding="utf-8")
    assert main(["scan", SEED_TXT, "--config", str(config)]) == code
    assert main(["scan", SEED_TXT, "--config", str(config), "--fail-on", "error"]) == 1  # the flag wins


def test_help_states_the_default_gate() -> None:
    code, out, _ = run("scan", "--help")
    assert code == 0 and "else error" in out and "none" in out


@pytest.mark.parametrize(
    "content, code",
    [
        (b"", "input.empty"),
        (b"   \n\n", "input.empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "input.binary"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "input.binary"),  # a PDF named .html
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path: Path, content: bytes, code: str) -> None:
    bad = tmp_path / "bad.html"
    bad.write_bytes(content)
    rc, out, err = run("scan", str(bad), "--format", "json")
    assert rc == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and str(bad) in lines[0] and code in lines[0]
    report = json.loads(out)["reports"][0]
    assert report["document"]["status"] != "ok"
    assert report["errors"][0]["code"] == code


def test_missing_path_is_exit_2(tmp_path: Path) -> None:
    rc, _, err = run("scan", str(tmp_path / "nope.html"))
    assert rc == 2
    assert "nope.html" in err and "no such file" in err


def test_multi_file_scan_reports_the_bad_file_and_scans_the_others(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes((ARTICLES / "seed-pokrovsk.html").read_bytes())
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    (tmp_path / "c.txt").write_bytes((ARTICLES / "clean-council-budget.txt").read_bytes())
    (tmp_path / "notes.csv").write_text("not an article suffix")
    rc, out, err = run("scan", str(tmp_path), "--format", "json")
    assert rc == 2
    data = json.loads(out)
    by_name = {Path(r["document"]["source"]).name: r for r in data["reports"]}
    assert set(by_name) == {"a.html", "b.txt", "c.txt"}
    assert by_name["b.txt"]["document"]["status"] == "unrecognized"
    assert by_name["a.html"]["document"]["status"] == "ok" and by_name["a.html"]["findings"]
    assert by_name["c.txt"]["score"] >= 95
    assert data["summary"]["failed"] == 1
    assert "b.txt" in err


def test_malformed_rule_file_names_file_and_line(tmp_path: Path) -> None:
    pack = tmp_path / "rules" / "house"
    pack.mkdir(parents=True)
    (pack / "pack.yml").write_text("name: house\nversion: '1'\n")
    (pack / "typo.yml").write_text("kind: pattern\narea: attribution\nseverty: warning\nmessage: x\n")
    (tmp_path / "integrity.toml").write_text('rules = ["rules"]\n')
    rc, _, err = run("scan", SEED_TXT, "--config", str(tmp_path / "integrity.toml"))
    assert rc == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "typo.yml:3" in lines[0] and "severty" in lines[0] and "severity" in lines[0]


def test_out_dir_writes_one_report_per_document_and_format(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    assert main(["scan", SEED_TXT, CLEAN, "--format", "json,md,html", "--out", str(out)]) == 1  # the gate fails; the reports are written
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        f"{stem}.{ext}" for stem in ("seed-pokrovsk.txt", "clean-council-budget.html") for ext in ("json", "md", "html")
    )
    one = json.loads((out / "seed-pokrovsk.txt.json").read_text())
    assert len(one["reports"]) == 1


def test_out_file_writes_the_whole_run(tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    assert main(["scan", SEED_TXT, CLEAN, "--format", "json", "--out", str(out), "--fail-on", "none"]) == 0
    assert len(json.loads(out.read_text())["reports"]) == 2


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", SEED_TXT, "--format", "pdf"]) == 2
    assert "unknown format" in capsys.readouterr().err


def test_piped_output_is_one_line_per_finding() -> None:
    rc, out, _ = run("scan", SEED_TXT)
    assert rc == 1  # the default gate: the seed's empty byline is an error
    lines = out.splitlines()
    assert any(line.startswith(SEED_TXT + ":17:160: warning claim/vague-source ") for line in lines)
    assert all(re.match(r"^\S.*:\d+:\d+: (info|warning|error|critical) \S+ ", line) for line in lines[:-1])
    assert re.fullmatch(r"Found \d+ findings \(1 error, \d+ warnings\) in 1 document\.", lines[-1])


def test_a_terminal_gets_the_text_view_which_honours_columns() -> None:
    """On a terminal the rich view (scores, a table); COLUMNS sets its width; piped text never wraps."""
    import os
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "200"}
    proc = subprocess.run([sys.executable, "-m", "integrity", "scan", SEED_TXT, "--color", "never"],
                          stdout=follower, stderr=subprocess.PIPE, env=env, timeout=120)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    out = b"".join(chunks).decode("utf-8")
    assert proc.returncode == 1
    assert "score" in out and "credit/empty-byline" in out and "17:160" in out
    assert max(len(line) for line in out.splitlines()) > 100  # 200 columns, not 80 or 100
    rc, piped, _ = run("scan", SEED_TXT, "--format", "text")
    finding_lines = [line for line in piped.splitlines() if "claim/" in line]
    assert finding_lines and all(line.rstrip().endswith(("claim/vague-source", "claim/unattributed",
                                                         "claim/anonymous-source")) for line in finding_lines)


def test_out_suffix_names_the_format(tmp_path: Path) -> None:
    for name, check in (("r.sarif", lambda t: json.loads(t)["version"] == "2.1.0"),
                        ("r.xml", lambda t: t.startswith("<?xml") and "<testsuites" in t),
                        ("r.json", lambda t: "reports" in json.loads(t))):
        assert main(["scan", SEED_TXT, "--out", str(tmp_path / name), "--fail-on", "none"]) == 0
        assert check((tmp_path / name).read_text(encoding="utf-8")), name


@pytest.mark.parametrize("value", ["101", "-1", "eighty"])
def test_fail_under_outside_the_score_range_is_a_usage_error(value: str) -> None:
    rc, _, err = run("scan", SEED_TXT, "--fail-under", value)
    assert rc == 2 and "--fail-under" in err


def test_rules_list_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "list", "--format", "json"]) == 0
    ids = {r["id"] for r in json.loads(capsys.readouterr().out)}
    assert {"image/ai-disclosed", "claim/vague-source", "credit/empty-byline", "credit/missing-byline"} <= ids
    assert main(["rules", "explain", "claim/vague-source"]) == 0
    out = capsys.readouterr().out
    assert "claim/vague-source" in out and "Fix:" in out
    assert main(["rules", "explain", "claim/nope"]) == 2


def test_config_disables_and_relevels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text(
        '[tool.integrity]\ndisable = ["claim/*"]\nfail_on = "warning"\n'
        '[tool.integrity.severity]\n"credit/empty-byline" = "info"\n"image/ai-disclosed" = "info"\n'
    )
    assert main(["scan", SEED_TXT, "--format", "json", "--config", str(cfg)]) == 0
    report = json.loads(capsys.readouterr().out)["reports"][0]
    assert {f["rule_id"] for f in report["findings"]} == {"credit/empty-byline", "image/ai-disclosed"}
    assert {f["severity"] for f in report["findings"]} == {"info"}


def test_config_naming_an_unknown_rule_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "integrity.toml"
    cfg.write_text('disable = ["claim/no-such-rule"]\n')
    assert main(["scan", SEED_TXT, "--config", str(cfg)]) == 2
    assert "claim/no-such-rule" in capsys.readouterr().err


def test_a_mistyped_option_suggests_the_right_one() -> None:
    rc, _, err = run("scan", SEED_TXT, "--fial-on", "none")
    assert rc == 2 and "did you mean --fail-on?" in err
    rc, _, err = run("scan", SEED_TXT, "--zzzzzz")
    assert rc == 2 and "did you mean" not in err  # must not invent a suggestion for nothing alike


def test_a_scan_s_mistakes_are_worded_by_the_whole_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A scan parses with a parser that knows only ``scan``; its top-level errors still come from the whole
    one: the same usage line, and hints drawn from every command's options (``--max-ratio`` is audit's)."""
    from integrity.cli import _parser

    with pytest.raises(SystemExit) as info:
        main(["scan", SEED_TXT, "--max-ratoi", "3"])
    scan_only = capsys.readouterr().err
    with pytest.raises(SystemExit):
        _parser().parse_args(["scan", SEED_TXT, "--max-ratoi", "3"])
    assert info.value.code == 2 and scan_only == capsys.readouterr().err
    assert scan_only.startswith("usage: integrity [-h] [--version] COMMAND ...") and "did you mean --max-ratio?" in scan_only
    assert vars(_parser("scan").parse_args(["scan", SEED_TXT, "-f", "json"])) == vars(
        _parser().parse_args(["scan", SEED_TXT, "-f", "json"]))


def test_rules_explain_suggests_the_full_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "explain", "vague-source"]) == 2
    assert "did you mean 'claim/vague-source'?" in capsys.readouterr().err
    assert main(["rules", "explain", "claim/vauge-source"]) == 2
    assert "'claim/vague-source'" in capsys.readouterr().err


def test_rules_list_shows_whole_first_sentences(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and not any("{" in line for line in lines)  # descriptions, not message templates
    assert all(line.rstrip().endswith((".", "(disabled)")) for line in lines)


def test_out_dir_keeps_the_inputs_relative_paths(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for section in ("a", "b"):
        (site / section).mkdir(parents=True)
        (site / section / "index.html").write_bytes(Path(CLEAN).read_bytes())
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "integrity", "scan", "site", "--format", "json,md", "--out", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert made == ["a/index.html.json", "a/index.html.md", "b/index.html.json", "b/index.html.md"]
    assert json.loads((out / "a" / "index.html.json").read_text())["reports"][0]["document"]["source"] == "site/a/index.html"
