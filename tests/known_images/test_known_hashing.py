"""Hashes: one canonical decode, robust to what recycled photos go through, distinct for unrelated ones."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from PIL import Image

from integrity.known_images import KnownImageStore, MatchSettings, open_known_images
from integrity.known_images.hashing import (
    BITS,
    PIPELINES,
    HashError,
    ImageHashes,
    canonical_image,
    compute_hashes,
    hash_image,
    pdq_available,
    trim_bars,
)
from integrity.known_images.settings import FILE, load_match_settings
from integrity.ruledata.folders import RuleFolders
from tests.known_images.photos import caption_bar, group, jpeg, photo_paths, transforms, upright


def _d(a: bytes, b: bytes) -> int:
    return bin(int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).count("1")


def _settings() -> MatchSettings:
    return load_match_settings(RuleFolders.builtin().find(FILE))


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, Path]]:
    path = tmp_path_factory.mktemp("reg") / "registry.sqlite"
    entries = {}
    with KnownImageStore(path, create=True) as store:
        for p in photo_paths():
            entry = store.add(compute_hashes(p.read_bytes()), "published", source_url=f"https://example.org/{p.name}",
                              first_published="2020-01-01", name=p.name)
            assert entry is not None
            entries[entry] = p
    return path, entries


TRANSFORMS = ("resize-50", "jpeg-q60", "crop-5", "mirror", "caption-bar")


def test_transformed_photos_match_their_entry_and_nothing_unrelated(registry) -> None:  # type: ignore[no-untyped-def]
    path, entries = registry
    known = open_known_images(path, _settings())
    missed, wrong = [], []
    for entry_id, photo in entries.items():
        for name, data in transforms(photo.read_bytes()).items():
            matches = known.lookup(data).matches
            ids = {m.entry_id for m in matches}
            if entry_id not in ids:
                missed.append(f"{photo.name} {name}")
            wrong += [f"{photo.name} {name} -> {entries[m].name}" for m in ids if group(entries[m]) != group(photo)]
    assert not missed, missed
    assert not wrong, wrong  # transformed copies never match an unrelated photo


def test_false_match_rate_between_unrelated_photos_is_zero(registry) -> None:  # type: ignore[no-untyped-def]
    path, entries = registry
    known = open_known_images(path, _settings())
    pairs = false = 0
    for entry_id, photo in entries.items():
        matched = {m.entry_id for m in known.lookup(photo.read_bytes()).matches}
        assert entry_id in matched
        for other_id, other in entries.items():
            if group(other) != group(photo):
                pairs += 1
                false += other_id in matched
    assert pairs > 200
    assert false == 0, f"{false} false matches in {pairs} unrelated pairs"


def test_unrelated_photos_are_far_apart_for_every_kind() -> None:
    hashes = {p: compute_hashes(p.read_bytes()) for p in photo_paths()}
    settings = _settings()
    for a, b in itertools.combinations(hashes, 2):
        if group(a) == group(b):
            continue
        for kind, radius in settings.radius.items():
            if kind in hashes[a].values and kind in hashes[b].values:
                # well outside the radius (measured minimum: pHash 16, dHash 19, PDQ 102)
                assert _d(hashes[a].values[kind], hashes[b].values[kind]) >= radius + 8, (a.name, b.name, kind)


def test_draft_decode_drift_is_small_and_measured() -> None:
    """pHash/dHash are unchanged by the draft decode; PDQ drifts a few bits (the reason the target is 512 px)."""
    worst = {k: 0 for k in BITS}
    tried = 0
    for p in photo_paths():
        data = p.read_bytes()
        full = canonical_image(data, draft_target=None)
        if min(full.size) < 1024:
            continue
        tried += 1
        a, b = hash_image(full), compute_hashes(data)
        for kind in a.values:
            worst[kind] = max(worst[kind], _d(a.values[kind], b.values[kind]))
    assert tried >= 3
    assert worst["phash"] <= 2 and worst["dhash"] <= 2
    if pdq_available():
        assert worst["pdq"] <= 16


def test_exif_orientation_is_applied_before_hashing() -> None:
    photo = photo_paths()[0]
    image = upright(photo.read_bytes())
    rotated = image.rotate(-90, expand=True)
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 8  # "rotate 90 CW to view": the stored pixels are the rotated ones
    rotated.save(out, "JPEG", quality=95, exif=exif)
    assert _d(compute_hashes(out.getvalue()).values["phash"], compute_hashes(jpeg(image, 95)).values["phash"]) <= 4


def test_caption_bar_is_trimmed_as_a_query_variant() -> None:
    image = upright(photo_paths()[0].read_bytes()).resize((400, 300))
    labels = [label for label, _ in trim_bars(caption_bar(image))]
    assert "bottom-bar-trimmed" in labels
    variants = compute_hashes(jpeg(caption_bar(image)), variants=True)
    assert any(t == "bottom-bar-trimmed" for _, t, _ in variants.variants)


def test_pipeline_ids_are_recorded_and_hex_round_trips() -> None:
    h = compute_hashes(jpeg(Image.new("RGB", (64, 48), (10, 200, 30))))
    assert h.pipelines == {k: PIPELINES[k] for k in h.values}
    back = ImageHashes.from_hex(h.hex())
    assert back.values == h.values
    with pytest.raises(HashError):
        ImageHashes.from_hex({"phash": "abc"})
    with pytest.raises(HashError):
        ImageHashes.from_hex({"ahash": "00" * 8})


def test_undecodable_bytes_raise_a_hash_error() -> None:
    with pytest.raises(HashError):
        compute_hashes(b"not an image")
    with pytest.raises(HashError):
        compute_hashes(jpeg(Image.new("RGB", (100, 100)))[:200])
