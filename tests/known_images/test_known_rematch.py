"""Retroactive matching: an audit keeps every image's registry hashes, and `registry rematch` reads them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from integrity.audit import AuditOptions, run_audit
from integrity.audit.progress import Progress
from integrity.audit.store import SCHEMA_VERSION, Store
from integrity.cli import main
from integrity.known_images import KnownImageStore, compute_hashes
from integrity.known_images.hashing import ImageHashes, pdq_available
from integrity.known_images.rematch import Since, rematch

FIXTURES = Path(__file__).parents[2] / "fixtures" / "articles" / "images"
PHOTO = FIXTURES / "pokrovsk-street.jpg"  # a photo with a PDQ quality of 100


def _other() -> bytes:
    """A picture unlike any of the site's: seeded noise, made here."""
    import io

    import numpy as np

    out = io.BytesIO()
    Image.fromarray(np.random.default_rng(7).integers(0, 256, (240, 320, 3), dtype=np.uint8)).save(out, "PNG")
    return out.getvalue()


def _page(folder: Path, published: str, figures: list[tuple[str, str]]) -> Path:
    body = "".join(f'<figure><img src="{src}" alt="A street"><figcaption>{cap}</figcaption></figure>'
                   for src, cap in figures)
    page = folder / "story.html"
    page.write_text(
        f'<html><head><meta name="author" content="Ann Lee">'
        f'<meta property="article:published_time" content="{published}"></head><body><article>'
        f"{body}<p>The council voted on Monday, the clerk said.</p></article></body></html>",
        encoding="utf-8",
    )
    return page


def _site(root: Path) -> Path:
    """Two stories: one with the council photo and a blank lazy-load placeholder, one with only the placeholder."""
    Image.new("RGB", (640, 360), (238, 238, 238)).save(root / "blank.png")
    site = root / "site"
    for n, names in enumerate((("photo.jpg", "blank.png"), ("blank.png",))):
        folder = site / f"story-{n}"
        folder.mkdir(parents=True)
        for name in names:
            src = PHOTO if name == "photo.jpg" else root / name
            (folder / name).write_bytes(src.read_bytes())
        _page(folder, f"2025-03-1{n}T08:00:00Z", [(name, f"Picture {name}") for name in names])
    return site


def _audit(site: Path, out: Path, registry: Path | None = None) -> Path:
    from integrity.config import Config

    run_audit(AuditOptions((str(site),), out, engine="serial", progress_every=3600, config=Config(registry=registry)),
              Progress(0, interactive=False, every=3600))
    return out


def test_an_audit_keeps_every_registry_hash_of_each_image_placeholders_included(tmp_path: Path) -> None:
    out = _audit(_site(tmp_path), tmp_path / "out")
    db = sqlite3.connect(out / "audit.sqlite")
    rows = {src: (phash, json.loads(hashes)) for src, phash, hashes in db.execute(
        "SELECT src, phash, hashes FROM images")}
    expected = compute_hashes(PHOTO.read_bytes())
    phash, record = rows["photo.jpg"]
    assert phash == expected.values["phash"].hex()
    assert record["hashes"] == expected.hex() and record["pdq_quality"] == expected.pdq_quality
    assert set(record["hashes"]) == ({"phash", "dhash", "pdq"} if pdq_available() else {"phash", "dhash"})
    phash, record = rows["blank.png"]
    assert phash is None and record["hashes"]["phash"]  # links no articles, but can still be re-matched


def test_with_a_registry_the_audit_stores_the_lookup_hashes_without_their_query_variants(tmp_path: Path) -> None:
    reg = tmp_path / "reg.sqlite"
    with KnownImageStore(reg, create=True) as store:  # the photo is the newsroom's own: allow-listed
        store.add(compute_hashes(PHOTO.read_bytes()), "allow", name="house photo")
    out = _audit(_site(tmp_path), tmp_path / "out", reg)
    db = sqlite3.connect(out / "audit.sqlite")
    ((phash, hashes),) = db.execute("SELECT phash, hashes FROM images WHERE src = 'photo.jpg'").fetchall()
    assert phash is None  # allow-listed: links no articles
    assert json.loads(hashes)["hashes"] == compute_hashes(PHOTO.read_bytes()).hex()  # no mirrored or trimmed variants


def test_a_schema_2_audit_store_is_migrated_with_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '2');"
        "CREATE TABLE images (doc_id TEXT NOT NULL, src TEXT, status TEXT, ai TEXT, credentials TEXT,"
        " phash TEXT, caption TEXT); INSERT INTO images VALUES ('a', 'x.jpg', 'analysed', NULL, NULL, 'ff00', 'c');")
    db.commit()
    db.close()
    store = Store(path)
    try:
        assert store.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        assert list(store.rows("SELECT doc_id, phash, hashes FROM images")) == [("a", "ff00", None)]
    finally:
        store.close()


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("audited")
    return _audit(_site(root), root / "out")


def _registry(path: Path, *entries: tuple[bytes, str]) -> Path:
    with KnownImageStore(path, create=True) as store:
        for data, label in entries:
            store.add(compute_hashes(data), label, source_url=f"https://factcheck.example.org/{label}")
    return path


def _rematch(audited: Path, reg: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["registry", "rematch", "--audit", str(audited), "--registry", str(reg), "--format", "json", *extra])
    out = capsys.readouterr().out
    return code, (json.loads(out) if out.strip() else {})


def test_rematch_finds_the_article_once_its_photo_is_listed_as_known_ai(
        audited: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reg = _registry(tmp_path / "reg.sqlite", (_other(), "known-ai"))
    code, before = _rematch(audited, reg, capsys)
    assert code == 1 and before["hits"] == [] and before["compared"] == 3  # the two blanks and the photo
    with KnownImageStore(reg) as store:  # the fake is listed after the audit ran
        store.add(compute_hashes(PHOTO.read_bytes()), "known-ai", source_url="https://factcheck.example.org/fake")
    code, after = _rematch(audited, reg, capsys)
    assert code == 0
    (hit,) = after["hits"]
    assert hit["document"].endswith("story-0/story.html") and hit["image"] == "photo.jpg"
    assert hit["matches"][0]["source_url"] == "https://factcheck.example.org/fake"
    assert after["articles"] == [hit["document"]] and after["not_compared"] == []
    code, text = main(["registry", "rematch", "--audit", str(audited), "--registry", str(reg)]), capsys.readouterr()
    assert code == 0 and "story-0/story.html" in text.out and "#2 known-ai https://factcheck.example.org/fake" in text.out
    assert "1 article now matches" in text.err and "--since 2" in text.err
    # only what was added since: entry 1 (another photo) is left out, entry 2 still found; nothing after 2
    assert _rematch(audited, reg, capsys, "--since", "1")[1]["entries"] == 1
    assert _rematch(audited, reg, capsys, "--since", "2")[0] == 1
    assert _rematch(audited, reg, capsys, "--label", "published")[0] == 1  # labels select entries too


def test_an_allow_entry_keeps_an_image_out_of_the_rematch(audited: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    photo = PHOTO.read_bytes()
    reg = _registry(tmp_path / "reg.sqlite", (photo, "allow"), (photo, "do-not-use"))
    code, found = _rematch(audited, reg, capsys, "--since", "1")  # the allow entry counts, --since or not
    assert code == 1 and found["hits"] == [] and found["allowed"] == 1
    with pytest.raises(Exception, match="never reported"):
        rematch(audited, reg, labels=["allow"])


def test_no_audit_store_or_no_registry_is_a_clear_error(tmp_path: Path, audited: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    reg = _registry(tmp_path / "reg.sqlite", (PHOTO.read_bytes(), "known-ai"))
    (tmp_path / "empty").mkdir()
    assert main(["registry", "rematch", "--audit", str(tmp_path / "empty"), "--registry", str(reg)]) == 2
    assert "no audit store" in capsys.readouterr().err
    assert main(["registry", "rematch", "--audit", str(audited), "--registry", str(tmp_path / "none.sqlite")]) == 2
    assert "no registry here" in capsys.readouterr().err
    assert main(["registry", "rematch", "--audit", str(audited), "--registry", str(reg), "--since", "soon"]) == 2
    assert "--since 'soon'" in capsys.readouterr().err
    assert Since.parse("2026-01-02") == Since(day="2026-01-02") and Since.parse("#7") == Since(after_id=7)


def _schema_2_store(out: Path, phash: str | None) -> Path:
    """An audit store as integrity wrote it before schema 3: one article, one image, its pHash only."""
    out.mkdir()
    db = sqlite3.connect(out / "audit.sqlite")
    db.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('schema_version', '2');"
        "CREATE TABLE documents (id TEXT PRIMARY KEY, url TEXT, title TEXT, published TEXT, status TEXT);"
        "INSERT INTO documents VALUES ('old/story.html', 'https://example.org/old', 'Old story', '2024-01-01', 'scanned');"
        "CREATE TABLE images (doc_id TEXT NOT NULL, src TEXT, status TEXT, ai TEXT, credentials TEXT,"
        " phash TEXT, caption TEXT);")
    db.execute("INSERT INTO images VALUES ('old/story.html', 'lead.jpg', 'analysed', NULL, NULL, ?, NULL)", (phash,))
    db.commit()
    db.close()
    return out


def test_a_schema_2_store_is_rematched_by_phash_and_says_what_it_could_not_compare(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    h = compute_hashes(PHOTO.read_bytes())
    old = _schema_2_store(tmp_path / "old", h.values["phash"].hex())
    reg = _registry(tmp_path / "reg.sqlite", (PHOTO.read_bytes(), "known-ai"))
    code, found = _rematch(old, reg, capsys)
    assert code == 0 and found["hits"][0]["document"] == "old/story.html" and found["store_schema"] == 2
    if not pdq_available():
        return
    with KnownImageStore(reg) as store:  # a PDQ-only list from a hash-sharing programme
        store.add(ImageHashes.from_hex({"pdq": h.values["pdq"].hex()}), "do-not-use", name="3058061737574159")
    code, found = _rematch(old, reg, capsys, "--since", "1")
    assert code == 2 and found["hits"] == []
    (item,) = found["not_compared"]
    assert "stored phash only; 1 of 1 selected entries hold pdq" in item["reason"] and "--force" in item["reason"]
    blank = _schema_2_store(tmp_path / "blank", None)  # a placeholder: schema 2 kept no hash at all
    code, found = _rematch(blank, reg, capsys)
    assert code == 2 and "kept no hash" in found["not_compared"][0]["reason"]
