"""Retroactive matching: an audit keeps every image's registry hashes, and `registry rematch` reads them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from PIL import Image

from integrity.audit import AuditOptions, run_audit
from integrity.audit.progress import Progress
from integrity.audit.store import SCHEMA_VERSION, Store
from integrity.known_images import compute_hashes
from integrity.known_images.hashing import pdq_available

FIXTURES = Path(__file__).parents[2] / "fixtures" / "articles" / "images"
PHOTO = FIXTURES / "council-vote.jpg"


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


def _audit(site: Path, out: Path) -> Path:
    run_audit(AuditOptions((str(site),), out, engine="serial", progress_every=3600),
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
