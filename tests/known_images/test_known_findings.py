"""Registry findings during scan: previously published, known AI, the same picture twice in one article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageOps

import integrity
from integrity.cli import main
from integrity.config import Config
from integrity.known_images import KnownImageStore, compute_hashes
from integrity.pipeline import Checker
from tests.known_images.photos import CORPORA, jpeg, upright


@pytest.fixture(scope="module")
def photo() -> bytes:
    path = CORPORA / "ai-metadata" / "exifsamples_DSCN0010.jpg"
    if not path.is_file():
        pytest.skip(f"corpora not available at {CORPORA}")
    return path.read_bytes()


def _page(folder: Path, published: str, figures: list[tuple[str, str]]) -> Path:
    body = "".join(f'<figure><img src="{src}" alt="Flooded street"><figcaption>{cap}</figcaption></figure>'
                   for src, cap in figures)
    page = folder / "story.html"
    page.write_text(
        f'<html><head><meta name="author" content="Ann Lee">'
        f'<meta property="article:published_time" content="{published}"></head><body><article>'
        f"{body}<p>The river burst its banks on Monday, the fire brigade said.</p></article></body></html>",
        encoding="utf-8",
    )
    return page


def _registry(folder: Path, data: bytes, label: str, url: str, date: str) -> Path:
    path = folder / "registry.sqlite"
    with KnownImageStore(path, create=True) as store:
        store.add(compute_hashes(data), label, source_url=url, first_published=date, name="original.jpg")
    return path


def _findings(page: Path, registry: Path | None) -> dict[str, list]:  # type: ignore[type-arg]
    report = integrity.check(page, config=Config(registry=registry))
    out: dict[str, list] = {}  # type: ignore[type-arg]
    for f in report.findings:
        out.setdefault(f.rule_id, []).append(f)
    return out


def test_a_photo_published_two_years_earlier_is_previously_published(tmp_path: Path, photo: bytes) -> None:
    reg = _registry(tmp_path, photo, "published", "https://archive.example.org/2023/03/flood", "2023-03-01")
    image = upright(photo)
    (tmp_path / "lead.jpg").write_bytes(jpeg(image.resize((image.width // 2, image.height // 2)), 70))
    page = _page(tmp_path, "2025-03-10T08:00:00Z", [("lead.jpg", "Flooding in the city centre on Monday.")])
    found = _findings(page, reg)
    (f,) = found["image/previously-published"]
    assert "https://archive.example.org/2023/03/flood" in f.message and "2023-03-01" in f.message
    assert "740 days before" in f.message
    assert f.severity == "warning" and f.location is not None
    assert "image/known-ai-match" not in found
    # the same through the command line
    assert main(["scan", str(page), "--registry", str(reg), "--format", "json", "--out", str(tmp_path / "r.json")]) == 0
    (report,) = json.loads((tmp_path / "r.json").read_text())["reports"]
    assert "image/previously-published" in {f["rule_id"] for f in report["findings"]}


def test_a_registry_date_after_the_article_is_not_previously_published(tmp_path: Path, photo: bytes) -> None:
    reg = _registry(tmp_path, photo, "published", "https://later.example.org/x", "2025-06-01")
    (tmp_path / "lead.jpg").write_bytes(photo)
    page = _page(tmp_path, "2025-03-10", [("lead.jpg", "Flooding in the city centre.")])
    assert "image/previously-published" not in _findings(page, reg)


def test_a_mirrored_known_ai_image_is_a_known_ai_match(tmp_path: Path, photo: bytes) -> None:
    reg = _registry(tmp_path, photo, "known-ai", "https://factcheck.example.org/fake-flood", "2024-01-01")
    (tmp_path / "lead.jpg").write_bytes(jpeg(ImageOps.mirror(upright(photo)), 80))
    page = _page(tmp_path, "2025-03-10", [("lead.jpg", "Flooding in the city centre.")])
    (f,) = _findings(page, reg)["image/known-ai-match"]
    assert f.severity == "critical" and "https://factcheck.example.org/fake-flood" in f.message
    assert "mirror" in f.message or "flip" in f.message


def test_the_same_picture_twice_with_different_captions(tmp_path: Path, photo: bytes) -> None:
    reg = _registry(tmp_path, jpeg(Image.new("RGB", (50, 50), (0, 0, 200))), "stock", "https://stock.example", "2020-01-01")
    (tmp_path / "a.jpg").write_bytes(photo)
    image = upright(photo)
    (tmp_path / "b.jpg").write_bytes(jpeg(image.resize((image.width // 2, image.height // 2)), 75))
    page = _page(tmp_path, "2025-03-10", [("a.jpg", "Flooding in Leeds on Monday."), ("b.jpg", "Flooding in York in 2019.")])
    (f,) = _findings(page, reg)["image/duplicate-in-article"]
    assert f.subject == "image[2]" or f.subject.endswith("]")
    assert "Leeds" in f.message and "York" in f.message
    # without a registry, only an identical source is known to be the same picture
    assert "image/duplicate-in-article" not in _findings(page, None)
    same = _page(tmp_path, "2025-03-10", [("a.jpg", "Flooding in Leeds on Monday."), ("a.jpg", "Flooding in York in 2019.")])
    assert "image/duplicate-in-article" in _findings(same, None)
    same_caption = _page(tmp_path, "2025-03-10", [("a.jpg", "Flooding in Leeds."), ("a.jpg", "Flooding in Leeds.")])
    assert "image/duplicate-in-article" not in _findings(same_caption, reg)


def test_without_a_registry_nothing_is_hashed(tmp_path: Path, photo: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    import integrity.known_images.match as match

    def fail(*a: object, **k: object) -> None:
        raise AssertionError("hashed without a registry")

    monkeypatch.setattr(match, "canonical_image", fail)
    monkeypatch.setattr(match, "hash_image", fail)
    (tmp_path / "lead.jpg").write_bytes(photo)
    page = _page(tmp_path, "2025-03-10", [("lead.jpg", "Flooding.")])
    checker = Checker(Config())
    assert checker.known_images is None
    report = checker.check_file(page)
    assert report.ok and not [f for f in report.findings if f.rule_id in ("image/known-ai-match", "image/previously-published")]


def test_a_missing_registry_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _page(tmp_path, "2025-03-10", [])
    assert main(["scan", str(page), "--registry", str(tmp_path / "nope.sqlite")]) == 2
    assert "no registry" in capsys.readouterr().err


def test_an_undated_article_gets_no_previously_published_but_still_the_known_ai_match(tmp_path: Path, photo: bytes) -> None:
    reg = tmp_path / "registry.sqlite"
    with KnownImageStore(reg, create=True) as store:
        h = compute_hashes(photo)
        store.add(h, "published", source_url="https://archive.example.org/old", first_published="2020-01-01")
        store.add(h, "known-ai", source_url="https://factcheck.example.org/fake")
    (tmp_path / "lead.jpg").write_bytes(photo)
    page = tmp_path / "story.html"
    page.write_text('<article><figure><img src="lead.jpg" alt="x"><figcaption>Flooding.</figcaption></figure>'
                    "<p>The river rose, the police said.</p></article>", encoding="utf-8")
    found = _findings(page, reg)
    assert "image/previously-published" not in found  # no article date: "older than the article" is unknown
    assert "https://factcheck.example.org/fake" in found["image/known-ai-match"][0].message


def test_registry_lookup_and_audit_phash_share_one_decode(tmp_path: Path, photo: bytes,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """An audit with a registry decodes each image once for hashing, and its pHash is the registry's."""
    import integrity.known_images.hashing as hashing
    import integrity.known_images.match as match

    decodes: list[int] = []
    real = hashing.canonical_image

    def counted(data: bytes, **kw: object) -> Image.Image:
        decodes.append(len(data))
        return real(data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(hashing, "canonical_image", counted)
    monkeypatch.setattr(match, "canonical_image", counted)
    reg = _registry(tmp_path, photo, "published", "https://archive.example.org/2023/03/flood", "2023-03-01")
    (tmp_path / "lead.jpg").write_bytes(photo)
    page = _page(tmp_path, "2025-03-10", [("lead.jpg", "Flooding.")])
    decodes.clear()
    report = Checker(Config(registry=reg, hash_images=True)).check_file(page)
    assert decodes == [len(photo)]
    (image,) = [i for i in report.images if i.src and i.src.endswith("lead.jpg")]
    assert image.phash == compute_hashes(photo).values["phash"].hex()
    assert "image/previously-published" in {f.rule_id for f in report.findings}


def test_a_newsroom_registry_yml_in_its_rule_folder_sets_the_radii(tmp_path: Path, photo: bytes) -> None:
    """signals/registry.yml is found through the run's rule folders like every other rule file: the user's wins."""
    reg = _registry(tmp_path, photo, "published", "https://archive.example.org/2023/03/flood", "2023-03-01")
    image = upright(photo)
    (tmp_path / "lead.jpg").write_bytes(jpeg(image.resize((image.width // 2, image.height // 2)), 70))
    page = _page(tmp_path, "2025-03-10T08:00:00Z", [("lead.jpg", "Flooding in the city centre on Monday.")])
    mine = tmp_path / "newsroom-rules"
    (mine / "signals").mkdir(parents=True)
    (mine / "signals" / "registry.yml").write_text("radius: {pdq: 0}\n", encoding="utf-8")  # identical PDQ only
    config = Config(registry=reg, rule_paths=(mine,))
    checker = Checker(config)
    assert checker.known_images is not None and checker.known_images.settings.source == str(mine / "signals" / "registry.yml")
    assert "image/previously-published" in _findings(page, reg)
    found = {f.rule_id for f in integrity.check(page, config=config).findings}
    assert "image/previously-published" not in found


VENDORED = Path(__file__).parents[2] / "fixtures" / "articles" / "images" / "council-vote.jpg"


def test_an_allow_entry_is_never_reported_as_reused(tmp_path: Path) -> None:
    data = VENDORED.read_bytes()
    (tmp_path / "lead.jpg").write_bytes(data)
    page = _page(tmp_path, "2025-03-10T08:00:00Z", [("lead.jpg", "The council chamber.")])
    reg = _registry(tmp_path, data, "published", "https://archive.example.org/2023/03/council", "2023-03-01")
    assert "image/previously-published" in _findings(page, reg)  # must flag: an old photo, no allow entry
    allowed = tmp_path / "allowed.sqlite"  # a second registry: checkers keep a snapshot of the first
    with KnownImageStore(allowed, create=True) as store:
        store.add(compute_hashes(data), "published", source_url="https://archive.example.org/2023/03/council",
                  first_published="2023-03-01", name="original.jpg")
        store.add(compute_hashes(data), "allow", name="house placeholder")
    assert "image/previously-published" not in _findings(page, allowed)
    report = integrity.check(page, config=Config(registry=allowed, hash_images=True))
    assert report.images[0].phash is None  # and it links no articles in an audit


def test_blank_placeholders_never_link_articles_but_photos_do(tmp_path: Path) -> None:
    from integrity.audit import AuditOptions, run_audit
    from integrity.audit.progress import Progress

    Image.new("RGB", (640, 360), (238, 238, 238)).save(tmp_path / "blank.png")
    (tmp_path / "photo.jpg").write_bytes(VENDORED.read_bytes())
    for n, caption in enumerate(("Flooding on Monday.", "The mayor on Friday.")):
        folder = tmp_path / "site" / f"story-{n}"
        folder.mkdir(parents=True)
        for name in ("blank.png", "photo.jpg"):
            (folder / name).write_bytes((tmp_path / name).read_bytes())
        _page(folder, f"2025-03-1{n}T08:00:00Z", [("blank.png", caption), ("photo.jpg", caption)])
    run_audit(AuditOptions((str(tmp_path / "site"),), tmp_path / "out", engine="serial", progress_every=3600),
              Progress(0, interactive=False, every=3600))
    reused = json.loads((tmp_path / "out" / "summary.json").read_text())["images_reused"]
    assert len(reused) == 1 and reused[0]["documents"] == 2  # the photo, not the blank placeholder
    rows = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    phashes = {img["src"]: img["phash"] for row in rows for img in row["images"]}
    assert phashes["blank.png"] is None and phashes["photo.jpg"]
