"""The public API is typed: ``mypy --strict`` passes on it and on code that uses it, and catches misuse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("mypy")

PUBLIC_MODULES = [
    "integrity/__init__.py", "integrity/api.py", "integrity/model.py", "integrity/config.py",
    "integrity/inspect.py", "integrity/sources/uploads.py", "integrity/service",
]

USES_THE_API = '''
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import integrity
from integrity import (
    Config, Finding, ImageReport, Report, acheck, check, check_file, inspect_image, rule_list, to_sarif,
)


def summarise(report: Report) -> tuple[int | None, list[str], list[int]]:
    ids = [f.rule_id for f in report.findings]
    offsets = [f.location.offset for f in report.findings if f.location is not None]
    return report.score, ids, offsets


def every_format(report: Report) -> list[str]:
    return [integrity.to_json(report), to_sarif(report), integrity.to_markdown(report), integrity.to_html(report)]


def main() -> None:
    config = Config(disable=("claim/*",), fetch_remote=False)
    a: Report = integrity.check("Experts say it will rain.", kind="text", config=config)
    b: Report = check(b"<p>x</p>", base_url="https://news.example/a.html", images={"a.jpg": b"..."}, name="story")
    c: Report = check_file(Path("story.html"))
    first: Finding | None = a.findings[0] if a.findings else None
    images: tuple[ImageReport, ...] = b.images
    record: dict[str, Any] = inspect_image(b"...", name="a.jpg")
    rules: list[dict[str, Any]] = rule_list(config)
    later: Report = asyncio.run(acheck("text", kind="text"))
    print(summarise(a), every_format(c), first, images, record, rules, later.ok)
'''

MISUSES_THE_API = '''
import integrity

score: str = integrity.check("x").score
integrity.check("x", kind="pdf")
'''


def _mypy(*targets: str, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-error-summary",
         "--cache-dir", str(cache), *targets],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


def test_py_typed_marker_ships() -> None:
    assert (ROOT / "integrity" / "py.typed").is_file()


def test_public_api_is_strict_clean_and_catches_misuse(tmp_path: Path) -> None:
    good = tmp_path / "uses_integrity.py"
    good.write_text(USES_THE_API, encoding="utf-8")
    out = _mypy(*PUBLIC_MODULES, str(good), cache=tmp_path / "cache")
    assert out.returncode == 0, out.stdout + out.stderr

    bad = tmp_path / "misuses_integrity.py"
    bad.write_text(MISUSES_THE_API, encoding="utf-8")
    out = _mypy(str(bad), cache=tmp_path / "cache")
    assert out.returncode == 1
    assert 'Incompatible types in assignment (expression has type "int | None", variable has type "str")' in out.stdout
    assert 'Argument "kind" to "check" has incompatible type' in out.stdout
