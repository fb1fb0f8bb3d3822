"""The version is one fact in three places, and the changelog's newest entry is it (pre-commit pins tags)."""

from __future__ import annotations

import re
import tomllib

import integrity
from tests.conftest import ROOT


def test_the_newest_changelog_entry_is_the_package_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})$", text, re.M)
    assert versions and versions[0][0] == integrity.__version__
    assert [v for v, _ in versions] == sorted((v for v, _ in versions), key=lambda v: tuple(map(int, v.split("."))),
                                              reverse=True)
    with (ROOT / "pyproject.toml").open("rb") as fh:
        assert tomllib.load(fh)["project"]["version"] == integrity.__version__


def test_the_docs_pin_the_hook_to_the_current_tag() -> None:
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert re.search(rf"^\s+rev: v{re.escape(integrity.__version__)}\b", docs, re.M)
