"""The README's exit-code table is true: every row's example is run as written and must exit as the row says.

The table sits between ``<!-- exit-codes -->`` markers in README.md; ``{name}``
placeholders are real files made here (an article, an image, a registry, a
rule pack with a broken file, a port another socket holds). A row marked
``(dask absent)`` runs with a ``dask`` package on the path that cannot be
imported, as on a machine without the dask extra.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ARTICLES, ROOT

_TABLE = re.compile(r"<!-- exit-codes -->\n(.*?)<!-- /exit-codes -->", re.S)
_ROW = re.compile(r"^\| (\w+) \| (.+?) \| `([^`]+)`( \(dask absent\))? \| (\d) \|$")


def _rows() -> list[tuple[str, str, str, bool, int]]:
    m = _TABLE.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert m, "README.md lacks the exit-code table"
    rows = []
    for line in m.group(1).splitlines()[2:]:
        row = _ROW.match(line)
        assert row, f"unparsable exit-code row: {line}"
        command, case, example, dask_absent, code = row.groups()
        assert example.split()[0] == command, line
        rows.append((command, case, example, bool(dask_absent), int(code)))
    return rows


ROWS = _rows()


def test_the_table_covers_every_command() -> None:
    assert {r[0] for r in ROWS} == {"scan", "audit", "inspect", "registry", "rules", "baseline", "serve"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("exit")
    article = tmp / "story.html"
    shutil.copy(ARTICLES / "seed-pokrovsk.html", article)
    (tmp / "empty").mkdir()
    (tmp / "not-image.jpg").write_text("not an image\n")
    with zipfile.ZipFile(tmp / "articles.zip", "w") as zf:
        zf.write(article, "story.html")
    pack = tmp / "rules" / "house"
    pack.mkdir(parents=True)
    (pack / "pack.yml").write_text("name: house\n")
    (pack / "switch.yml").write_text("kind: fact\nfact: claim.vague\narea: attribution\nseverity: warning\n"
                                     "message: 'Vague: {match}'\non: true\n")
    (tmp / "bad.toml").write_text(f'rules = ["{(tmp / "rules").as_posix()}"]\n')
    shadow = tmp / "no-dask" / "dask"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('No module named dask (this test hides it)')\n")
    registry = tmp / "registry.sqlite"
    image = ARTICLES / "images" / "pokrovsk-street.jpg"
    subprocess.run([sys.executable, "-m", "integrity", "registry", "add", str(image), "--label", "ours",
                    "--registry", str(registry)], env=_env(), check=True, capture_output=True, timeout=120)
    subprocess.run([sys.executable, "-m", "integrity", "audit", str(ARTICLES / "seed-pokrovsk.html"), "--out",
                    str(tmp / "audit")], env=_env(), check=True, capture_output=True, timeout=180)  # its photo stored
    return {
        "article": str(article), "empty": str(tmp / "empty"), "not_image": str(tmp / "not-image.jpg"), "archive": str(tmp / "articles.zip"),
        "bad_rules": str(tmp / "bad.toml"), "image": str(image),
        "other_image": str(ROOT / "fixtures" / "images" / "sdparsers_novelai1_cropped.png"), "registry": str(registry),
        "audit": str(tmp / "audit"),
        "baseline": str(tmp / "baseline.json"), "free_port": str(_free_port()), "no_dask": str(tmp / "no-dask"),
    }


def _env(extra_path: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "INTEGRITY_API_KEYS"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (extra_path, str(ROOT), env.get("PYTHONPATH")) if p)
    return env


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r[0]}-{r[4]}-{r[1][:40]}")
def test_each_row_exits_as_the_readme_says(row: tuple[str, str, str, bool, int], place: dict[str, str],
                                           tmp_path: Path) -> None:
    command, case, example, dask_absent, code = row
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        values = {**place, "out": str(tmp_path / "out"), "busy_port": str(busy.getsockname()[1])}
        args = [a.format(**values) for a in shlex.split(example)]
        proc = subprocess.run([sys.executable, "-m", "integrity", *args], cwd=tmp_path, capture_output=True,
                              text=True, timeout=180, env=_env(place["no_dask"] if dask_absent else None))
    assert proc.returncode == code, f"{example}: {proc.stderr[-2000:]}"
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    if code == 2:
        assert "integrity" in proc.stderr and proc.stderr.strip(), "an exit 2 says why"
