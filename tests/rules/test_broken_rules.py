"""A rule that could never fire is refused at load, with its file, line and what is wrong.

Each file in ``tests/rules/broken/`` is one deliberately broken rule whose first
line says the error it must get (``# expect: LINE: TEXT``). Every one is loaded
as a newsroom's pack on top of the built-in rules; then all of them at once,
which must report every broken file, and from the command line, which must
exit 2 with one ``file:line`` line per broken rule.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from integrity.ruledata.folders import builtin_rules_dir
from integrity.ruledata.yaml_lines import RuleFileError, RuleFileErrors
from integrity.rules.load import load_ruleset

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(BROKEN.glob("*.yml"))
_EXPECT = re.compile(r"^# expect: (\d+): (.+)$")


def _expected(path: Path) -> tuple[int, str]:
    m = _EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert m, f"{path.name} must start with '# expect: LINE: TEXT'"
    return int(m.group(1)), m.group(2)


def _pack(tmp_path: Path, files: list[Path]) -> Path:
    pack = tmp_path / "house"
    pack.mkdir(parents=True)
    (pack / "pack.yml").write_text("name: house\n")
    for f in files:
        shutil.copy(f, pack / f.name)
    return tmp_path


def test_there_are_broken_cases() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_each_broken_rule_is_refused_with_its_line(tmp_path: Path, case: Path) -> None:
    line, text = _expected(case)
    root = _pack(tmp_path, [case])
    with pytest.raises(RuleFileError) as info:
        load_ruleset([builtin_rules_dir(), root])
    err = info.value
    assert Path(err.path).name == case.name
    assert (err.line, text in err.problem) == (line, True), str(err)


def test_the_same_rules_fixed_load(tmp_path: Path) -> None:
    """The near misses: the typo pack with its typos corrected loads, so the errors above are the typos'."""
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "pack.yml").write_text("name: house\n")
    (pack / "ai.yml").write_text(
        "kind: fact\nfact: image.provenance\nwhere:\n  ai: generated\n  labelled: false\n  capture_age_days: {'>=': 3}\n"
        "area: provenance\nseverity: critical\nmessage: 'Image {index} by {signer}: {ai_evidence}'\n"
    )
    (pack / "byline.yml").write_text(
        "kind: fact\nfact: credit.byline\nwhere:\n  status: missing\narea: credits\nseverity: warning\n"
        "message: 'No byline ({names})'\nfix: 'Credit {match}'\n"
    )
    (pack / "kinds.yml").write_text(
        "kind: fact\nfact: claim.unattributed\nwhere:\n  kind: [figure, cause]\narea: attribution\nseverity: info\n"
        "message: 'No source: {excerpt}'\n"
    )
    rs = load_ruleset([builtin_rules_dir(), tmp_path])
    assert {"house/ai", "house/byline", "house/kinds"} <= set(rs.by_id)


def test_every_broken_rule_of_a_pack_is_reported_at_once(tmp_path: Path) -> None:
    root = _pack(tmp_path, CASES)
    with pytest.raises(RuleFileErrors) as info:
        load_ruleset([builtin_rules_dir(), root])
    got = {(Path(e.path).name, e.line) for e in info.value.errors}
    assert got == {(c.name, _expected(c)[0]) for c in CASES}
    assert len(str(info.value).splitlines()) == len(CASES)


def test_the_command_line_refuses_the_typo_pack_with_exit_2(tmp_path: Path) -> None:
    """The issue's example: `fact: image.provnance` and `where: {stauts: missing}` in a newsroom's pack."""
    root = _pack(tmp_path / "rules", [BROKEN / "unknown-fact.yml", BROKEN / "unknown-field.yml"])
    (tmp_path / "integrity.toml").write_text(f'rules = ["{root.as_posix()}"]\n')
    proc = subprocess.run([sys.executable, "-m", "integrity", "rules", "list", "--config", str(tmp_path / "integrity.toml")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert re.search(r"unknown-fact\.yml:3: unknown fact 'image\.provnance' \(did you mean 'image\.provenance'\?\)", proc.stderr)
    assert re.search(r"unknown-field\.yml:5: where\.stauts: credit\.byline has no field 'stauts' \(did you mean 'status'\?\)",
                     proc.stderr)


RULE = builtin_rules_dir() / "claim" / "vague-source.yml"


def _scan_with(tmp_path: Path, root: Path) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "integrity.toml"
    config.write_text(f'rules = ["{root.as_posix()}"]\n', encoding="utf-8")
    article = Path(__file__).parents[2] / "fixtures" / "articles" / "clean-council-budget.html"
    return subprocess.run([sys.executable, "-m", "integrity", "scan", str(article), "--config", str(config)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("layout, message", [
    ("no-pack-yml", "missing pack.yml: 1 rule file(s)"),
    ("loose-files", "rule file outside a pack"),
    ("empty", "rule folder holds no pack"),
    ("name-mismatch", "pack name 'newsroom' does not match its folder 'house'"),
])
def test_custom_rules_are_never_silently_off(tmp_path: Path, layout: str, message: str) -> None:
    """A newsroom's rules that would not load are a file:line error and exit 2, never a scan without them."""
    root = tmp_path / "rules"
    pack = root / "house"
    pack.mkdir(parents=True)
    if layout == "no-pack-yml":
        shutil.copy(RULE, pack / "quoted.yml")
    elif layout == "loose-files":
        shutil.copy(RULE, root / "quoted.yml")
    elif layout == "name-mismatch":
        (pack / "pack.yml").write_text('version: "1"\nname: newsroom\n', encoding="utf-8")
        shutil.copy(RULE, pack / "quoted.yml")
    proc = _scan_with(tmp_path, root)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    if layout == "name-mismatch":
        assert f"{pack / 'pack.yml'}:2:" in proc.stderr  # the line of the name key


def test_data_only_and_well_formed_rule_folders_still_load(tmp_path: Path) -> None:
    """Must not refuse: a folder of lexicons only, and a pack whose name matches its folder."""
    data_only = tmp_path / "data"
    (data_only / "lexicons").mkdir(parents=True)
    shutil.copy(builtin_rules_dir() / "lexicons" / "vague-attribution.yml", data_only / "lexicons" / "vague-attribution.yml")
    assert _scan_with(tmp_path, data_only).returncode == 0
    good = tmp_path / "good"
    (good / "house").mkdir(parents=True)
    (good / "house" / "pack.yml").write_text("name: house\n", encoding="utf-8")
    shutil.copy(RULE, good / "house" / "quoted.yml")
    assert _scan_with(tmp_path, good).returncode == 0
