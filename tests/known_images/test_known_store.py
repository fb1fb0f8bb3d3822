"""The registry database: schema and migrations, entries, CSV round trip, the audit hook, the CLI."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from integrity.cli import main
from integrity.known_images import (
    SCHEMA_VERSION,
    ImageHashes,
    KnownImageStore,
    RegistryError,
    compute_hashes,
    export,
    import_seen_images,
    open_known_images,
)
from integrity.known_images.store import MIGRATIONS
from tests.known_images.photos import jpeg


def _picture(seed: int, size: tuple[int, int] = (160, 120)) -> bytes:
    """A synthetic picture with structure (blocks of noise), distinct per seed."""
    import numpy as np

    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 255, size=(6, 8, 3), dtype=np.uint8)
    return jpeg(Image.fromarray(blocks).resize(size, Image.BILINEAR), 92)


def test_init_creates_a_wal_database_with_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "r" / "registry.sqlite"
    with KnownImageStore(path, create=True) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.stats()["schema"] == SCHEMA_VERSION


def test_an_old_schema_is_migrated_with_its_data_and_a_newer_one_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    h = compute_hashes(_picture(11))
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[1]:
        conn.execute(statement)
    conn.execute("INSERT INTO entries (id, label, source_url, origin, added, fingerprint)"
                 " VALUES (7, 'agency', 'https://a.example/1', 'add', '2024-01-01T00:00:00+00:00', ?)", ("f" * 64,))
    conn.executemany("INSERT INTO hashes VALUES (7, ?, ?, ?, ?)",
                     [(k, h.pipelines[k], v, h.pdq_quality if k == "pdq" else None) for k, v in h.values.items()])
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with pytest.raises(RegistryError, match="schema 1"):
        KnownImageStore(path, readonly=True)  # readers never migrate
    with KnownImageStore(path) as store:
        assert store.stats()["schema"] == SCHEMA_VERSION
        (entry,) = store.entries()
        assert entry.id == 7 and entry.hashes == h.hex() and entry.pipelines == h.pipelines
    assert [m.entry_id for m in open_known_images(path).match_hashes(h)] == [7]
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(RegistryError, match="newer"):
        KnownImageStore(path)


def test_missing_and_foreign_files_are_errors(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="no registry"):
        KnownImageStore(tmp_path / "none.sqlite", readonly=True)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(RegistryError):
        KnownImageStore(bad)


def test_entries_are_validated_and_adding_twice_is_a_no_op(tmp_path: Path) -> None:
    with KnownImageStore(tmp_path / "r.sqlite", create=True) as store:
        h = compute_hashes(_picture(1))
        first = store.add(h, "published", source_url="https://example.org/a", first_published="2023-04-05T10:00:00Z")
        assert first is not None
        assert store.add(h, "published", source_url="https://example.org/a") is None
        assert store.add(h, "my-desk", source_url="https://example.org/a") is not None  # user-defined label
        with pytest.raises(RegistryError, match="label"):
            store.add(h, "Not A Label!")
        with pytest.raises(RegistryError, match="ISO date"):
            store.add(h, "stock", first_published="5 April")
        (entry,) = store.entries(ids=[first])
        assert entry.first_published == "2023-04-05" and set(entry.hashes) >= {"phash", "dhash"}
        assert store.remove([first]) == 1
        assert store.count() == 1
        assert store.conn.execute("SELECT count(*) FROM hashes WHERE entry_id = ?", (first,)).fetchone()[0] == 0


def test_hashes_of_another_pipeline_are_kept_but_never_compared(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    h = compute_hashes(_picture(2))
    with KnownImageStore(path, create=True) as store:
        old = ImageHashes.from_hex(h.hex(), {k: "phash8/somethingelse/v0" for k in h.values}, h.pdq_quality)
        store.add(old, "published", source_url="https://example.org/old")
        assert "other pipeline" in json.dumps(store.stats())
    assert open_known_images(path).match_hashes(h) == ()


def test_export_csv_imports_back_into_an_equal_registry(tmp_path: Path) -> None:
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    with KnownImageStore(a, create=True) as store:
        store.add(compute_hashes(_picture(3)), "known-ai", source_url="https://example.org/ai", notes="from a fact-check")
        store.add(compute_hashes(_picture(4)), "agency", first_published="2021-02-03", name="x.jpg")
        out = io.StringIO()
        assert export(store, out) == 2
    csv_file = tmp_path / "export.csv"
    csv_file.write_text(out.getvalue(), encoding="utf-8")
    assert main(["registry", "import", str(csv_file), "--registry", str(b)]) == 0
    with KnownImageStore(a, readonly=True) as sa, KnownImageStore(b, readonly=True) as sb:
        def key(e):  # type: ignore[no-untyped-def]
            return (e.label, e.source_url, e.first_published, e.notes, dict(e.hashes), dict(e.pipelines))
        assert sorted(map(key, sa.entries())) == sorted(map(key, sb.entries()))


def test_csv_with_image_paths_and_bad_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.jpg").write_bytes(_picture(5))
    rows = [{"path": "p.jpg", "label": "stock", "source_url": "https://stock.example/p"},
            {"path": "missing.jpg", "label": "stock"},
            {"phash": "zz", "label": "stock"}]
    with (tmp_path / "in.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, ["path", "phash", "label", "source_url"])
        w.writeheader()
        w.writerows(rows)
    reg = tmp_path / "r.sqlite"
    assert main(["registry", "import", str(tmp_path / "in.csv"), "--registry", str(reg)]) == 2
    err = capsys.readouterr().err
    assert "missing.jpg" in err and "in.csv:4" in err and "1 entry added" in err
    (tmp_path / "bad.csv").write_text("path,colour\n", encoding="utf-8")
    assert main(["registry", "import", str(tmp_path / "bad.csv"), "--registry", str(reg)]) == 2
    assert "unknown column" in capsys.readouterr().err


def test_audit_hook_imports_seen_images_once(tmp_path: Path) -> None:
    h = compute_hashes(_picture(6))
    rows = [
        {"hashes": h, "article_url": "https://news.example/2022/fire", "article_date": "2022-06-01",
         "image_url": "https://news.example/img/fire.jpg", "caption": "Smoke over the city"},
        {"hashes": h.hex(), "pdq_quality": h.pdq_quality, "article_url": "https://news.example/2023/fire-again",
         "article_date": "2023-01-09"},
        {"hashes": {"phash": "nothex"}, "article_url": "x", "article_date": "2023-01-09"},
    ]
    errors: list[str] = []
    with KnownImageStore(tmp_path / "r.sqlite", create=True) as store:
        assert import_seen_images(store, rows, errors=errors) == (2, 0)
        assert import_seen_images(store, rows[:2]) == (0, 2)  # a resumed audit imports again harmlessly
        entries = list(store.entries())
    assert len(errors) == 1
    assert {e.label for e in entries} == {"published"} and entries[0].origin == "audit"
    assert entries[0].name == "fire.jpg" and "Smoke over the city" in (entries[0].notes or "")


def test_cli_init_add_list_match_remove_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reg = tmp_path / "reg.sqlite"
    pic, other = tmp_path / "pic.jpg", tmp_path / "other.jpg"
    pic.write_bytes(_picture(7, (400, 300)))
    other.write_bytes(_picture(8))
    assert main(["registry", "init", "--registry", str(reg)]) == 0
    assert main(["registry", "add", str(pic), "--label", "known-ai", "--url", "https://x.example/fake",
                 "--date", "2024-01-02", "--registry", str(reg)]) == 0
    capsys.readouterr()
    assert main(["registry", "list", "--registry", str(reg), "--format", "json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["label"] == "known-ai" and entry["source_url"] == "https://x.example/fake"
    small = tmp_path / "small.jpg"
    small.write_bytes(jpeg(Image.open(pic).resize((200, 150)), 60))
    assert main(["registry", "match", str(small), "--registry", str(reg), "--format", "json"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["matches"][0]["entry"] == entry["id"]
    assert main(["registry", "match", str(other), "--registry", str(reg)]) == 1
    assert "0 matches" in capsys.readouterr().out
    assert main(["registry", "list", "--stats", "--registry", str(reg)]) == 0
    assert "known-ai" in capsys.readouterr().out
    assert main(["registry", "export", "--format", "jsonl", "--registry", str(reg)]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["id"] == entry["id"]
    assert main(["registry", "remove", str(entry["id"]), "--registry", str(reg)]) == 0
    assert main(["registry", "remove", str(entry["id"]), "--registry", str(reg)]) == 2
    assert main(["registry", "list", "--registry", str(tmp_path / "nothing.sqlite")]) == 2
    assert "no registry" in capsys.readouterr().err


def test_cli_registry_path_comes_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "integrity.toml").write_text('registry = "data/known.sqlite"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["registry", "init"]) == 0
    assert (tmp_path / "data" / "known.sqlite").is_file()


def test_folder_import(tmp_path: Path) -> None:
    folder = tmp_path / "agency"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.jpg").write_bytes(_picture(9))
    (folder / "sub" / "b.png").write_bytes(_picture(10))
    (folder / "notes.txt").write_text("not an image")
    reg = tmp_path / "r.sqlite"
    assert main(["registry", "import", str(folder), "--label", "agency", "--date", "2020-05-06", "--registry", str(reg)]) == 0
    with KnownImageStore(reg, readonly=True) as store:
        assert sorted(e.name for e in store.entries()) == ["a.jpg", "b.png"]
    assert main(["registry", "import", str(folder), "--registry", str(reg)]) == 2  # a folder needs --label
