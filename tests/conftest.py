from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
ARTICLES = FIXTURES / "articles"
SHARED = ROOT.parent / "shared"


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
