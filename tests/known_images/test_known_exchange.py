"""PDQ hash lists in ThreatExchange / Hasher-Matcher-Actioner formats: import, export, round trip, bad lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from integrity.cli import main
from integrity.known_images import KnownImageStore, compute_hashes
from integrity.known_images.exchange import sniff
from integrity.known_images.hashing import ImageHashes, pdq_available

PHOTO = Path(__file__).parents[2] / "fixtures" / "articles" / "images" / "pokrovsk-street.jpg"
# three lines in the layout of HMA's sample hash CSV (hash, indicator id, timestamp, tags); hashes made up
HASHES = ("acecf3355e3125c8e24e2f30e0d4ec4f8482b878b3c34cdbdf063278db275992",
          "36b4665bca0c91f6aecb8948e3381e57e509ae7210e3cd1bd768288e56a95af9",
          "8fb70f36e1c4181e82fde7d0f80138430e1e31f07b628e31ccbb687e87e1f307")
TE_CSV = (f"{HASHES[0]},2880742865368386,2020-07-31T18:47:52+0000,known-ai media_type_photo\n"
          f"{HASHES[1]},3085240538237227,2021-05-07T18:07:52+0000,do-not-use disputed\n"
          f"{HASHES[2]},3104082029674934,2020-07-31T18:47:52+0000,media_type_photo\n")


def _entries(reg: Path) -> list[tuple[object, ...]]:
    with KnownImageStore(reg, readonly=True) as store:
        return sorted(((e.label, dict(e.hashes), e.name, e.first_published, e.notes, e.origin) for e in store.entries()),
                      key=repr)


def _import(path: Path, reg: Path, *extra: str) -> int:
    return main(["registry", "import", str(path), "--registry", str(reg), *extra])


@pytest.mark.parametrize("fmt", ["te-csv", "te-json"])
def test_export_then_import_gives_the_same_entries(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "in.csv").write_text(TE_CSV, encoding="utf-8")
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    assert _import(tmp_path / "in.csv", a, "--label", "known-ai") == 0  # line 3's tags name no label
    first = _entries(a)
    assert [e[0] for e in first] == ["known-ai"] * 3  # --label wins over a label tag, which stays a tag
    assert ("known-ai", {"pdq": HASHES[1]}, "3085240538237227", "2021-05-07", "threatexchange tags: do-not-use disputed",
            "threatexchange") in first
    assert ("known-ai", {"pdq": HASHES[0]}, "2880742865368386", "2020-07-31", "threatexchange tags: media_type_photo",
            "threatexchange") in first
    out = tmp_path / f"out.{fmt}"
    assert main(["registry", "export", "--registry", str(a), "--format", fmt, "-o", str(out)]) == 0
    assert sniff(out) == fmt
    assert _import(out, b) == 0  # no --label: the labels travel as the first tag
    assert _entries(b) == first


def test_the_json_export_is_a_threatexchange_page_of_indicators(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(TE_CSV, encoding="utf-8")
    reg = tmp_path / "reg.sqlite"
    assert _import(tmp_path / "in.csv", reg, "--label", "known-ai") == 0
    with KnownImageStore(reg) as store:  # an entry of integrity's own, with free notes and no indicator id
        store.add(compute_hashes(PHOTO.read_bytes()), "known-ai", notes="Fake flood photo", name="flood.jpg",
                  first_published="2025-01-02")
    assert main(["registry", "export", "--registry", str(reg), "--format", "te-json", "-o", str(tmp_path / "o.json")]) == 0
    page = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    first, *_, own = page["data"]
    assert first == {"id": "2880742865368386", "indicator": HASHES[0], "type": "HASH_PDQ",
                     "creation_time": 1596153600, "tags": ["known-ai", "media_type_photo"]}
    if pdq_available():
        assert own["id"] == "4" and own["description"] == "Fake flood photo" and own["tags"] == ["known-ai"]


def test_bad_lines_are_named_by_file_and_line_and_the_rest_is_imported(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(TE_CSV.replace(HASHES[1], HASHES[1][:-1]) + "zz,1,2020-01-01,known-ai\n", encoding="utf-8")
    reg = tmp_path / "reg.sqlite"
    assert _import(bad, reg) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2: pdq: '{HASHES[1][:-1]}' is not a PDQ hash (64 hex digits)" in err
    assert f"{bad}:3: no label" in err and f"{bad}:4: pdq: 'zz'" in err and "1 entry added" in err
    assert [e[1]["pdq"] for e in _entries(reg)] == [HASHES[0]]
    indicators = tmp_path / "page.json"
    indicators.write_text(
        '{"data": [\n'
        f'{{"id": "1", "indicator": "{HASHES[0]}", "type": "HASH_PDQ", "creation_time": 1596153600, "tags": []}},\n'
        f'{{"id": "2", "indicator": "{HASHES[1]}", "type": "HASH_PDQ", "should_delete": true}},\n'
        '{"id": "3", "indicator": "e8b19da37825a3056e84c522f05eb001", "type": "HASH_MD5"},\n'
        f'{{"id": "4", "indicator": "{HASHES[2]}", "type": "HASH_PDQ", "creation_time": "yesterday"}}\n'
        "]}\n", encoding="utf-8")
    assert _import(indicators, tmp_path / "j.sqlite", "--label", "do-not-use") == 2
    err = capsys.readouterr().err
    assert f"{indicators}:3: indicator 2 is withdrawn (should_delete)" in err
    assert f"{indicators}:4: indicator 3 is HASH_MD5, not a PDQ hash" in err
    assert f"{indicators}:5: timestamp 'yesterday'" in err and "1 entry added" in err
    lines = tmp_path / "lines.jsonl"
    lines.write_text(f'{{"id": "7", "indicator": "{HASHES[0]}"}}\n{{"id": 8, "indicator": \n', encoding="utf-8")
    assert _import(lines, tmp_path / "l.sqlite", "--label", "known-ai") == 2
    assert f"{lines}:2: not JSON" in capsys.readouterr().err
    signals = tmp_path / "signals.txt"
    signals.write_text(f"pdq {HASHES[0]}\nmd5 e8b19da37825a3056e84c522f05eb001\n", encoding="utf-8")
    assert _import(signals, tmp_path / "s.sqlite") == 2  # no label given, none in the format
    assert f"{signals}:1: no label" in capsys.readouterr().err
    assert _import(tmp_path, tmp_path / "f.sqlite", "--format", "te-csv", "--label", "known-ai") == 2
    assert "is for a file" in capsys.readouterr().err


@pytest.mark.skipif(not pdq_available(), reason="PDQ needs the registry extra (pdqhash)")
def test_a_shared_pdq_hash_matches_the_photo_by_pdq_alone_and_export_says_what_it_left_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdq = compute_hashes(PHOTO.read_bytes()).values["pdq"].hex()
    shared = tmp_path / "shared.csv"
    shared.write_text(f"{pdq},3058061737574159,2024-06-01T10:00:00+0000,known-ai\n", encoding="utf-8")
    reg = tmp_path / "reg.sqlite"
    assert _import(shared, reg) == 0
    assert main(["registry", "match", str(PHOTO), "--registry", str(reg), "--format", "json"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert [(m["name"], [h["kind"] for h in m["hits"]]) for m in result["matches"]] == [("3058061737574159", ["pdq"])]
    with KnownImageStore(reg) as store:  # an entry without PDQ: the list cannot carry it
        store.add(ImageHashes.from_hex({"phash": "aa1ace227e2c6eaa"}), "known-ai")
    assert main(["registry", "export", "--registry", str(reg), "--format", "te-csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 1 and "left out 1 entry without a PDQ hash" in captured.err and "#2" in captured.err
