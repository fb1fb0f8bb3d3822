"""Paths and fixtures shared by the image tests (a plain module, not a conftest, so it
cannot shadow tests/conftest.py). Corpus-backed tests skip when the corpora are absent."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT / "fixtures" / "images"


def corpora_dir() -> Path:
    return PROJECT / ".." / "shared" / "corpora"


def read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="session")
def corpora() -> Path:
    root = corpora_dir()
    if not root.is_dir():
        pytest.skip(f"corpora not available at {root}")
    return root


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
