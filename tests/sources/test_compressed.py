"""A gzip-compressed article is read as the article; archives and other compressed files are refused with a hint."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import shutil
import zipfile
from pathlib import Path

import pytest

from integrity.cli import main
from integrity.pipeline import Checker
from integrity.sources.compressed import compressed_kind
from integrity.sources.document import InputError
from integrity.sources.file import iter_paths, read_document
from tests.conftest import ARTICLES

SEED = ARTICLES / "seed-pokrovsk.html"


def _findings(report) -> list[tuple[str, int | None, int | None]]:  # type: ignore[no-untyped-def]
    return [(f.rule_id, f.location.line if f.location else None, f.location.column if f.location else None)
            for f in report.findings]


@pytest.mark.parametrize("suffix", [".html.gz", ".htm.gz", ".HTML.GZ"])
def test_a_gzipped_article_gives_the_findings_of_the_article(tmp_path: Path, suffix: str) -> None:
    shutil.copytree(ARTICLES / "images", tmp_path / "images")  # its images beside it, as beside the plain file
    packed = tmp_path / f"seed{suffix}"
    packed.write_bytes(gzip.compress(SEED.read_bytes()))
    checker = Checker()
    plain, unpacked = checker.check_file(SEED), checker.check_file(packed)
    assert unpacked.ok and unpacked.document.kind == "html"
    assert unpacked.findings and _findings(unpacked) == _findings(plain)  # lines and columns of the article itself
    assert unpacked.document.source == str(packed)


def test_a_gzipped_text_article_is_text_and_a_walk_finds_gzipped_articles(tmp_path: Path) -> None:
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress((ARTICLES / "seed-pokrovsk.txt").read_bytes()))
    (tmp_path / "story.html.gz").write_bytes(gzip.compress(SEED.read_bytes()))
    (tmp_path / "feed.xml.gz").write_bytes(gzip.compress(b"<rss/>"))
    assert sorted(p.name for p in iter_paths(tmp_path)) == ["story.html.gz", "story.txt.gz"]
    assert read_document(tmp_path / "story.txt.gz", 10**7).kind == "text"


def test_several_gzip_members_are_read_whole(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    half = len(data) // 2
    (tmp_path / "seed.html.gz").write_bytes(gzip.compress(data[:half]) + gzip.compress(data[half:]))
    assert read_document(tmp_path / "seed.html.gz", 10**7).data == data


def test_a_gzip_bomb_stops_at_the_document_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000))
    assert bomb.stat().st_size < 50_000
    with pytest.raises(InputError) as exc:
        read_document(bomb, 1_000_000)
    assert exc.value.code == "input.too-large" and "1000000" in exc.value.message


@pytest.mark.parametrize("content, problem", [(b"<html>not gzip</html>", "not gzip"),
                                              (gzip.compress(b"<p>cut short</p>" * 50)[:-30], "cut short")])
def test_damaged_gzip_is_a_clear_error(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "story.html.gz"
    path.write_bytes(content)
    report = Checker().check_file(path)
    assert not report.ok and report.errors[0].code == "input.compressed" and problem in report.errors[0].message


def _archive(tmp_path: Path, suffix: str) -> Path:
    path = tmp_path / f"story{suffix}"
    data = SEED.read_bytes()
    if suffix == ".zip":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("story.html", data)
    elif suffix.endswith(".bz2"):
        path.write_bytes(bz2.compress(data))
    elif suffix.endswith(".xz"):
        path.write_bytes(lzma.compress(data))
    else:
        path.write_bytes(gzip.compress(data))
    return path


@pytest.mark.parametrize("suffix, code, hint", [
    (".zip", "input.archive", "integrity audit"),
    (".tar.gz", "input.archive", "integrity audit"),
    (".warc.gz", "input.archive", "integrity audit"),
    (".html.bz2", "input.compressed", "decompress it first"),
    (".html.xz", "input.compressed", "decompress it first"),
    (".json.gz", "input.compressed", "decompress it first"),
])
def test_archives_and_other_compressed_inputs_are_refused_with_a_hint(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, code: str, hint: str) -> None:
    path = _archive(tmp_path, suffix)
    clean = ARTICLES / "clean-council-budget.html"
    assert main(["scan", str(path), str(clean), "--format", "json"]) == 2  # the README's row: not scanned
    captured = capsys.readouterr()
    reports = {r["document"]["source"]: r for r in json.loads(captured.out)["reports"]}
    refused = reports[str(path)]
    assert refused["document"]["status"] == "unrecognized"
    assert refused["errors"][0]["code"] == code and hint in refused["errors"][0]["message"]
    assert reports[str(clean)]["document"]["status"] == "ok"  # the run went on
    assert f"{path}: not scanned: " in captured.err and hint in captured.err


def test_names_that_are_not_compressed_are_left_alone() -> None:
    for name in ("story.html", "gzip-story.html", "tar.txt", "zip-code.htm", "x.gzip.html"):
        assert compressed_kind(name) is None, name
    assert compressed_kind("a.TAR.GZ") == ("archive", ".tar.gz")
