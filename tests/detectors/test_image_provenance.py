"""Issue 4's acceptance: images in articles, their credentials, and what must never be fetched."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest

import integrity
from integrity.cli import main
from integrity.config import Config
from tests.images.image_corpora import CREDENTIALS, TEST_CERTS, sign_image

LABEL = "AI-generated illustration"


def _article(tmp_path: Path, image: bytes | None, caption: str = "Smoke over the city.", src: str = "lead.jpg") -> Path:
    if image is not None:
        (tmp_path / src).write_bytes(image)
    page = tmp_path / "story.html"
    page.write_text(
        f'<html><head><meta name="author" content="Ann Lee"></head><body><article>'
        f'<figure><img src="{src}" alt="Smoke over the city"><figcaption>{caption}</figcaption></figure>'
        f"<p>The fire started on Monday, the fire brigade said.</p></article></body></html>",
        encoding="utf-8",
    )
    return page


def _rules(page: Path, **config: object) -> dict[str, object]:
    report = integrity.check(page, config=Config(**config) if config else None)
    return {f.rule_id: f for f in report.findings}


def test_signed_ai_image_without_a_label_is_critical(tmp_path: Path) -> None:
    found = _rules(_article(tmp_path, sign_image()))
    f = found["image/undisclosed-ai"]
    assert f.severity == "critical" and "c2pa" in f.message
    assert "image/ai-disclosed" not in found


def test_signed_ai_image_with_a_label_is_disclosed(tmp_path: Path) -> None:
    found = _rules(_article(tmp_path, sign_image(), caption=f"Smoke over the city. {LABEL}"))
    assert "image/ai-disclosed" in found and "image/undisclosed-ai" not in found


def test_tampered_signed_image_is_tampered(tmp_path: Path) -> None:
    data = bytearray(sign_image())
    data[-200] ^= 0xFF
    found = _rules(_article(tmp_path, bytes(data), caption=LABEL))
    assert found["image/credentials-tampered"].severity == "error"


def test_untrusted_signer_is_info_and_trusted_with_its_anchor(tmp_path: Path) -> None:
    page = _article(tmp_path, sign_image(), caption=LABEL)
    assert _rules(page)["image/credentials-untrusted"].severity == "info"
    anchors = TEST_CERTS / "test_cert_root_bundle.pem"
    assert "image/credentials-untrusted" not in _rules(page, trust_anchors=(anchors,))


def test_plain_camera_photo_is_not_flagged(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    photo = (root / "fixtures" / "articles" / "images" / "council-vote.jpg").read_bytes()
    found = _rules(_article(tmp_path, photo))
    assert not [r for r in found if r.startswith("image/")]


def test_truncated_image_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    photo = (root / "fixtures" / "articles" / "images" / "council-vote.jpg").read_bytes()
    found = _rules(_article(tmp_path, photo[: len(photo) // 3]))
    assert "image/unreadable" in found


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(b"\x89PNG\r\n\x1a\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server():  # type: ignore[no-untyped-def]
    _Counter.hits = 0
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()


def test_remote_manifest_and_remote_images_make_no_request_by_default(tmp_path: Path, server) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(CREDENTIALS / "c2pa-rs_libpng-test_with_url.png", tmp_path / "remote.png")
    port = server.server_address[1]
    page = tmp_path / "story.html"
    page.write_text(
        f'<p class="byline">By Ann Lee</p><img src="remote.png" alt="x"><img src="http://127.0.0.1:{port}/a.png" alt="y">'
        f'<img src="http://localhost:5000/libpng-test.png" alt="z"><p>Text.</p>'
    )
    report = integrity.check(page)
    assert _Counter.hits == 0
    states = {i.src: (i.status, i.problem) for i in report.images}
    assert states[f"http://127.0.0.1:{port}/a.png"][0] == "unresolved"
    assert report.images[0].evidence["credentials"]["state"] == "remote"


def test_private_addresses_are_refused_even_when_fetching(tmp_path: Path, server) -> None:  # type: ignore[no-untyped-def]
    port = server.server_address[1]
    page = tmp_path / "story.html"
    page.write_text(f'<p class="byline">By Ann Lee</p><img src="http://127.0.0.1:{port}/a.png" alt="y"><p>Text.</p>')
    found = _rules(page, fetch_remote=True)
    assert _Counter.hits == 0
    assert "non-public address" in found["image/unresolved"].message


def test_paths_outside_the_root_and_file_urls_are_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.jpg").write_bytes(b"\xff\xd8\xff")
    inner = tmp_path / "site"
    inner.mkdir()
    page = inner / "story.html"
    page.write_text('<p class="byline">By Ann Lee</p><img src="../secret.jpg" alt="a"><img src="file:///etc/passwd" alt="b"><p>Text.</p>')
    report = integrity.check(page)
    problems = [i.problem for i in report.images]
    assert "outside the article's root" in problems[0]
    assert "file:// URLs are never read" in problems[1]


def test_hostile_c2pa_strings_are_escaped_in_the_html_report(tmp_path: Path) -> None:
    xss = CREDENTIALS / "xss_title_signed.jpg"
    page = _article(tmp_path, xss.read_bytes())
    out = tmp_path / "report.html"
    main(["scan", str(page), "--format", "html", "--out", str(out)])
    html = out.read_text()
    assert "<img src=x onerror" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "\u202e" not in html


def test_inspect_prints_one_json_object_per_image(capsys: pytest.CaptureFixture[str]) -> None:
    files = [CREDENTIALS / name for name in ("tampered_pixels.jpg", "stripped_reencoded.jpg", "expired_camera_signed.jpg")]
    assert main(["inspect", *map(str, files), "--format", "json"]) == 0
    got = {Path(o["path"]).name: o for o in json.loads(capsys.readouterr().out)}
    assert got["tampered_pixels.jpg"]["credentials"] == {"state": "invalid", "problem": "tampered"}
    assert got["stripped_reencoded.jpg"]["ai"] == "unknown"
    assert got["expired_camera_signed.jpg"]["credentials"]["problem"] == "expired"
    assert got["expired_camera_signed.jpg"]["ai"] == "none"  # a camera capture whose certificate expired


# --- the page's structured data declares the image's digital source type (schema.org digitalSourceType) ---

TRAINED_SO = "https://schema.org/TrainedAlgorithmicMediaDigitalSource"


def _declared_page(tmp_path: Path, dst: str, caption: str, url: str = "https://news.example.org/media/lead.jpg",
                   image: bytes | None = b"") -> Path:
    """A story whose JSON-LD declares ``dst`` for the ImageObject at ``url``; the page shows lead.jpg."""
    if image == b"":
        from tests.rules.image.make_examples import jpeg, scene

        image = jpeg(scene(5))
    page = _article(tmp_path, image, caption=caption)
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Smoke",
                     "image": {"@type": "ImageObject", "contentUrl": url, "digitalSourceType": dst}})
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<head>", f'<head><script type="application/ld+json">{ld}</script>'), encoding="utf-8")
    return page


def test_json_ld_declaring_a_generated_image_with_a_silent_caption_is_undisclosed(tmp_path: Path) -> None:
    found = _rules(_declared_page(tmp_path, TRAINED_SO, "Smoke over the city."))
    f = found["image/undisclosed-ai"]
    assert "page-structured-data" in f.message and "TrainedAlgorithmicMedia" in f.message


def test_json_ld_declaration_counts_without_the_bytes(tmp_path: Path) -> None:
    """The image is not beside the page (unresolved): the page's own declaration still decides."""
    found = _rules(_declared_page(tmp_path, TRAINED_SO, "Smoke over the city.", image=None))
    assert "image/undisclosed-ai" in found and "image/unresolved" in found


def test_json_ld_declaring_a_capture_flags_nothing(tmp_path: Path) -> None:
    found = _rules(_declared_page(tmp_path, "https://schema.org/DigitalCaptureDigitalSource", "Smoke over the city."))
    assert not {"image/undisclosed-ai", "image/possibly-ai-unlabelled", "image/ai-disclosed"} & set(found)


def test_json_ld_declared_ai_image_with_a_visible_label_is_disclosed(tmp_path: Path) -> None:
    found = _rules(_declared_page(tmp_path, TRAINED_SO, f"Smoke over the city. {LABEL}"))
    assert "image/ai-disclosed" in found and "image/undisclosed-ai" not in found


def test_json_ld_about_another_image_says_nothing_about_this_one(tmp_path: Path) -> None:
    found = _rules(_declared_page(tmp_path, TRAINED_SO, "Smoke over the city.",
                                  url="https://news.example.org/media/other-picture.jpg"))
    assert "image/undisclosed-ai" not in found


def test_the_fact_carries_the_declaration_beside_the_bytes_verdict(tmp_path: Path) -> None:
    """The bytes alone say nothing; the page's declaration makes the fact's verdict, and the fact names it."""
    from integrity.parse import parse_html
    from integrity.sources.document import Document

    page = _declared_page(tmp_path, TRAINED_SO, "Smoke over the city.")
    report = integrity.check(page)
    assert report.images[0].evidence["ai"] == "unknown"
    c = integrity.api.checker()
    article = parse_html(page.read_text(encoding="utf-8"), str(page), c.layout)
    facts, _ = c.facts(article, c.load_images(article, Document(str(page), b"", "html", folder=page.parent)))
    prov = [f for f in facts if f.kind == "image.provenance"]
    assert [(f.data["ai"], f.data["declared_source_type"]) for f in prov] == [("generated", TRAINED_SO)]


@pytest.mark.parametrize(
    "name,rule",
    [("synthetic_tc260_label1.jpg", "image/undisclosed-ai"), ("synthetic_tc260_label2.png", "image/possibly-ai-unlabelled")],
)
def test_a_tc260_label_in_the_image_reaches_the_article(tmp_path: Path, name: str, rule: str) -> None:
    from tests.conftest import FIXTURES

    image = (FIXTURES / "images" / name).read_bytes()
    found = _rules(_article(tmp_path, image, src=name))
    assert rule in found and "tc260" in found[rule].message
    assert "image/undisclosed-ai" not in _rules(_article(tmp_path, image, caption=f"Smoke. {LABEL}", src=name))


@pytest.mark.parametrize("markup", ["microdata", "rdfa"])
@pytest.mark.parametrize(("dst", "undisclosed"), [(TRAINED_SO, True), ("https://schema.org/DigitalCaptureDigitalSource", False)])
def test_microdata_and_rdfa_declarations_on_the_image_object_decide_like_json_ld(
    tmp_path: Path, markup: str, dst: str, undisclosed: bool
) -> None:
    """An ImageObject declared generated in microdata or RDFa, with a silent caption, is an undisclosed AI
    image; declared a capture, nothing is flagged."""
    from tests.rules.image.make_examples import jpeg, scene

    (tmp_path / "lead.jpg").write_bytes(jpeg(scene(5)))
    if markup == "microdata":
        figure = ('<figure itemscope itemtype="https://schema.org/ImageObject">'
                  '<img itemprop="contentUrl" src="lead.jpg" alt="Smoke over the city">'
                  f'<link itemprop="digitalSourceType" href="{dst}"><figcaption>Smoke over the city.</figcaption></figure>')
    else:
        figure = ('<figure vocab="https://schema.org/" typeof="ImageObject">'
                  '<img property="contentUrl" src="lead.jpg" alt="Smoke over the city">'
                  f'<link property="digitalSourceType" href="{dst}"><figcaption>Smoke over the city.</figcaption></figure>')
    page = tmp_path / "story.html"
    page.write_text('<html><head><meta name="author" content="Ann Lee"></head><body><article>'
                    f"{figure}<p>The fire started on Monday, the fire brigade said.</p></article></body></html>",
                    encoding="utf-8")
    found = _rules(page)
    assert ("image/undisclosed-ai" in found) is undisclosed, sorted(found)
    if not undisclosed:
        assert not {"image/possibly-ai-unlabelled", "image/ai-disclosed"} & set(found)


TOPIC_CAPTIONS = [  # captions *about* AI images, Ai Weiwei, AI chips: none labels its own picture
    "Reporters at a training day on how to recognise AI-made pictures.",
    "Students learn to detect AI-generated photos at the library.",
    "A talk about AI-generated images drew a full house.",
    "Ai Weiwei at the opening of his show in Berlin.",
    "AI chips on display at the trade fair.",
    "Des élèves apprennent à reconnaître les images générées par l'IA.",
    "Cómo detectar imágenes generadas por IA, en un taller.",
    "Журналисты учатся распознавать изображения, созданные ИИ.",
]
LABEL_CAPTIONS = [  # and labels that must still count, the topic words near them notwithstanding
    "The image was flagged as AI-generated by the picture desk.",
    "A view of the spot. AI-generated image",
    "Image générée par l'IA",
    "Изображение создано ИИ",
]


@pytest.mark.parametrize("caption", TOPIC_CAPTIONS)
def test_a_caption_about_ai_images_is_no_label(tmp_path: Path, caption: str) -> None:
    """A signed AI image whose caption only talks about AI images is undisclosed, not disclosed."""
    found = _rules(_article(tmp_path, sign_image(), caption=caption))
    assert "image/undisclosed-ai" in found and "image/ai-disclosed" not in found, sorted(found)


@pytest.mark.parametrize("caption", LABEL_CAPTIONS)
def test_a_label_beside_topic_words_still_labels(tmp_path: Path, caption: str) -> None:
    found = _rules(_article(tmp_path, sign_image(), caption=caption))
    assert "image/ai-disclosed" in found and "image/undisclosed-ai" not in found, sorted(found)


# image labels in more languages (issue 22): each a label its picture carries, and its look-alikes
LANG_LABEL_CAPTIONS = [
    ("it", "Il porto nel 2050. Immagine generata dall'IA"),
    ("it", "Illustrazione generata con l'intelligenza artificiale"),
    ("it", "La piazza allagata (foto realizzata con AI)"),
    ("it", "Foto: IA"),
    ("pt", "O porto em 2050. Imagem gerada por IA"),
    ("pt", "Ilustração criada com inteligência artificial"),
    ("nl", "De haven in 2050 (AI-gegenereerde afbeelding)"),
    ("nl", "Met kunstmatige intelligentie gemaakt beeld van de haven"),
    ("nl", "Beeld: AI"),
    ("pl", "Port w 2050 roku. Obraz wygenerowany przez AI"),
    ("pl", "Grafika stworzona za pomocą sztucznej inteligencji"),
    ("de", "Mithilfe künstlicher Intelligenz erstelltes Bild des Hafens"),
    ("de", "Der Hafen im Jahr 2050. Symbolbild (KI)"),
    ("fr", "Le port en 2050, image réalisée à l'aide de l'IA"),
    ("es", "El puerto en 2050. Imagen elaborada con ayuda de la IA"),
]
LANG_TOPIC_CAPTIONS = [  # captions about AI images and generators, Ai Weiwei, AI chips: no label of their picture
    ("it", "Una mostra sui generatori di immagini AI a Milano."),
    ("it", "Come riconoscere le immagini generate dall'IA: un corso per giornalisti."),
    ("it", "Il ministro parla di intelligenza artificiale alla Camera."),
    ("it", "Ai Weiwei alla Biennale di Venezia."),
    ("it", "Chip AI in mostra alla fiera di Torino."),
    ("pt", "Como detectar imagens geradas por IA, numa oficina."),
    ("pt", "O ministro falou sobre inteligência artificial no parlamento."),
    ("nl", "Leerlingen leren herkennen van beelden gemaakt met AI."),
    ("nl", "De minister sprak over AI-regels in de Kamer."),
    ("pl", "Jak rozpoznać zdjęcia wygenerowane przez AI: warsztaty w Krakowie."),
    ("pl", "Minister mówił o sztucznej inteligencji w Sejmie."),
]


@pytest.mark.parametrize(("lang", "caption"), LANG_LABEL_CAPTIONS,
                         ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(LANG_LABEL_CAPTIONS)])
def test_labels_in_more_languages_disclose_the_image(tmp_path: Path, lang: str, caption: str) -> None:
    found = _rules(_article(tmp_path, sign_image(), caption=caption))
    assert "image/ai-disclosed" in found and "image/undisclosed-ai" not in found, (lang, sorted(found))


@pytest.mark.parametrize(("lang", "caption"), LANG_TOPIC_CAPTIONS,
                         ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(LANG_TOPIC_CAPTIONS)])
def test_captions_about_ai_in_more_languages_are_no_label(tmp_path: Path, lang: str, caption: str) -> None:
    found = _rules(_article(tmp_path, sign_image(), caption=caption))
    assert "image/undisclosed-ai" in found and "image/ai-disclosed" not in found, (lang, sorted(found))


def test_body_text_about_ai_images_labels_no_picture(tmp_path: Path) -> None:
    """Label words in the article's body are reporting about AI images, not a label of this picture."""
    (tmp_path / "lead.jpg").write_bytes(sign_image())
    page = tmp_path / "story.html"
    page.write_text(
        '<html><head><meta name="author" content="Anna Rossi"></head><body><article>'
        '<figure><img src="lead.jpg" alt="Il porto di notte"><figcaption>Il porto di notte.</figcaption></figure>'
        "<p>Le immagini generate dall'intelligenza artificiale preoccupano i fotografi, secondo il sindacato.</p>"
        "<p>Un'illustrazione generata con l'IA è circolata sui social lunedì.</p></article></body></html>",
        encoding="utf-8")
    found = _rules(page)
    assert "image/undisclosed-ai" in found and "image/ai-disclosed" not in found, sorted(found)
