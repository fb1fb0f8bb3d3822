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
