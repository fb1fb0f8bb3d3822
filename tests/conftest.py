from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
ARTICLES = FIXTURES / "articles"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _rule_data_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The parsed-YAML cache (integrity.ruledata.yaml_cache) of this test run, not the user's own: a test
    then starts from an empty cache, and subprocesses the tests start inherit the variable."""
    import os

    from integrity.ruledata import yaml_cache

    before = os.environ.get("INTEGRITY_CACHE_DIR")
    os.environ["INTEGRITY_CACHE_DIR"] = str(tmp_path_factory.mktemp("integrity-cache"))
    yaml_cache.folder.cache_clear()
    yield
    if before is None:
        os.environ.pop("INTEGRITY_CACHE_DIR", None)
    else:
        os.environ["INTEGRITY_CACHE_DIR"] = before
    yaml_cache.folder.cache_clear()


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the clone (CI has it; a user's clone does not)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this clone")
    return SHARED


def located(source: str, finding) -> str:  # type: ignore[no-untyped-def]
    """The exact text of the input file a finding points at."""
    loc = finding.location
    return source[loc.offset : loc.end_offset]


def line_col_text(source: str, finding) -> str:  # type: ignore[no-untyped-def]
    """The text at the finding's line/column range, read by lines as an editor would."""
    loc = finding.location
    lines = source.split("\n")
    if loc.line == loc.end_line:
        return lines[loc.line - 1][loc.column - 1 : loc.end_column - 1]
    parts = [lines[loc.line - 1][loc.column - 1 :]]
    parts += lines[loc.line : loc.end_line - 1]
    parts.append(lines[loc.end_line - 1][: loc.end_column - 1])
    return "\n".join(parts)


@pytest.fixture
def rules_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The claims detector with the learned model switched off: the rules-only path (installs without the model)."""
    from integrity import claims_model

    monkeypatch.setenv(claims_model.ENV_SWITCH, "0")
    claims_model.reset()
    yield
    monkeypatch.delenv(claims_model.ENV_SWITCH)
    claims_model.reset()
