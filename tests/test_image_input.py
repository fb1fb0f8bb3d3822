"""What the run learns about image bytes reaches detectors as ImageInput per index, never on the parsed Article."""

from __future__ import annotations

import shutil
from dataclasses import fields
from pathlib import Path

from integrity.config import Config
from integrity.detectors import Context
from integrity.image_input import NOT_LOADED, ImageInput
from integrity.images import ImageEvidence
from integrity.model import ImageRef
from integrity.parse import parse_document
from integrity.pipeline import Checker
from integrity.sources.file import read_document
from tests.conftest import ROOT

PHOTO = ROOT / "fixtures" / "images" / "synthetic_camera_google.jpg"


def _page(tmp_path: Path) -> Path:
    shutil.copy(PHOTO, tmp_path / "lead.jpg")
    page = tmp_path / "story.html"
    page.write_text(
        '<html><body><article><p>The fire started on Monday, the fire brigade said.</p>'
        '<figure><img src="lead.jpg" alt="Smoke"><figcaption>Smoke.</figcaption></figure>'
        '<figure><img src="gone.jpg" alt="Ash"><figcaption>Ash.</figcaption></figure>'
        '<figure><img src="lead.jpg" alt="Smoke again"><figcaption>Again.</figcaption></figure>'
        '<figure><img alt="No source"><figcaption>Nothing to load.</figcaption></figure>'
        "</article></body></html>",
        encoding="utf-8",
    )
    return page


def test_each_image_index_gets_what_its_bytes_said(tmp_path: Path) -> None:
    checker = Checker(Config(hash_images=True))
    doc = read_document(_page(tmp_path), checker.config.max_document_bytes, None)
    article = parse_document(doc, checker.layout)
    loaded = checker.load_images(article, doc)
    assert sorted(loaded) == [1, 2, 3]  # the image without a src has nothing to load
    first, missing, again = loaded[1], loaded[2], loaded[3]
    assert isinstance(first.evidence, ImageEvidence) and first.evidence.format == "JPEG"
    assert first.loaded_from == str(tmp_path / "lead.jpg") and first.phash and len(first.phash) == 16
    assert again is first  # one analysis per distinct source
    assert missing.evidence is None and missing.unresolved is not None
    assert missing.unresolved.code == "image.missing"
    report = checker.check_article(article, None, loaded)
    assert [(i.index, i.status, i.phash) for i in report.images] == [
        (1, "analysed", first.phash), (2, "unresolved", None), (3, "analysed", first.phash), (4, "no-source", None)]
    assert report.images[1].problem == missing.unresolved.reason


def test_the_parsed_image_holds_only_what_the_page_says() -> None:
    assert {f.name for f in fields(ImageRef)}.isdisjoint({"evidence", "known", "unresolved", "loaded_from", "phash"})


def test_a_documents_context_shares_the_checkers_compiled_helpers(tmp_path: Path) -> None:
    checker = Checker()
    base: Context = checker.context
    one = base.with_images({1: ImageInput(loaded_from="x.jpg")})
    built = one.memo("shared-helper", lambda: object())
    assert base.memo("shared-helper", lambda: object()) is built
    img = ImageRef(index=1, src="x.jpg", context="figure", span=None)
    assert one.image(img).loaded_from == "x.jpg"
    assert base.image(img) is NOT_LOADED and base.images == {}
