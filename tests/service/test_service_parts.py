"""The service's parts without a server: upload matching, keys, settings, the gate, the in-process app."""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

import integrity
from integrity.config import Config, ConfigError
from integrity.service.auth import KeyRing, presented_key
from integrity.service.limits import Gate, LimitExceeded
from integrity.service.settings import ServiceSettings, check_bind, is_loopback, settings_from
from integrity.sources.uploads import AmbiguousUpload, UploadedImages
from tests.conftest import ARTICLES

SEED_IMAGE = ARTICLES / "images" / "pokrovsk-street.jpg"


# --- matching uploads to src -----------------------------------------------------------------
@pytest.mark.parametrize("src, expected", [
    ("images/a.jpg", "a.jpg"),
    ("./images/a.jpg?w=800#top", "a.jpg"),
    ("https://cdn.example/2025/img/b.png?w=800", "img/b.png"),
    ("//cdn.example/x/b.png", "b.png"),
    ("/media/caf%C3%A9.jpg", "café.jpg"),
    ("images\\a.jpg", "a.jpg"),
    ("nope.jpg", None),
    ("", None),
])
def test_uploads_match_src_by_trailing_path(src: str, expected: str | None) -> None:
    uploads = UploadedImages.of({"a.jpg": b"A", "b.png": b"B", "img/b.png": b"B2", "café.jpg": b"C"})
    found = uploads.find(src)
    assert (found[0] if found else None) == expected


def test_an_upload_whose_folders_disagree_does_not_match() -> None:
    assert UploadedImages.of({"other/a.jpg": b"A"}).find("https://x.example/img/a.jpg") is None


def test_two_different_uploads_matching_equally_are_refused() -> None:
    with pytest.raises(AmbiguousUpload):
        UploadedImages.of([("x/a.jpg", b"1"), ("y/a.jpg", b"2")]).find("a.jpg")
    assert UploadedImages.of([("x/a.jpg", b"1"), ("y/a.jpg", b"1")]).find("a.jpg") is not None


def test_check_with_images_reads_only_uploads(tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(SEED_IMAGE.read_bytes())
    html = ('<article><h1>T</h1><p>Text.</p><img src="a.jpg" alt="x"><img src="b.jpg" alt="y">'
            '<img src="file:///etc/hostname" alt="z"></article>')
    page = tmp_path / "story.html"
    page.write_text(html, encoding="utf-8")
    on_disk = integrity.check(page)
    assert [i.status for i in on_disk.images][:1] == ["analysed"]
    uploaded = integrity.check(page, images={"b.jpg": SEED_IMAGE.read_bytes()})
    assert [i.status for i in uploaded.images] == ["unresolved", "analysed", "unresolved"]
    assert "no uploaded image matches" in (uploaded.images[0].problem or "")
    root_config = Config(image_root=tmp_path)
    assert integrity.check(html, images={}, config=root_config).images[0].status == "unresolved"


def test_acheck_gives_the_same_report() -> None:
    text = (ARTICLES / "seed-pokrovsk.txt").read_text(encoding="utf-8")
    assert integrity.to_json(asyncio.run(integrity.acheck(text))) == integrity.to_json(integrity.check(text))


# --- keys and settings -------------------------------------------------------------------------
def test_keys_plain_or_hashed_from_either_header() -> None:
    ring = KeyRing(["alpha", "sha256:" + hashlib.sha256(b"beta").hexdigest()])
    assert ring.accepts("alpha") and ring.accepts("beta")
    assert not ring.accepts("gamma") and not ring.accepts("") and not ring.accepts(None)
    assert presented_key({"x-api-key": " k "}) == "k"
    assert presented_key({"authorization": "Bearer k"}) == "k"
    assert presented_key({"authorization": "Basic k"}) is None


def test_settings_from_env_and_table() -> None:
    s = settings_from(Config(), {"api_keys": ["b"], "max_body_bytes": 1000}, {"INTEGRITY_API_KEYS": "a, c"})
    assert s.api_keys == ("a", "c", "b") and s.max_body_bytes == 1000 and s.auth_required
    with pytest.raises(ConfigError, match="unknown service key"):
        settings_from(Config(), {"api_key": "x"}, {})
    with pytest.raises(ConfigError, match="positive"):
        settings_from(Config(), {"request_timeout": 0}, {})


def test_service_config_file_table(tmp_path: Path) -> None:
    from integrity.config import load_config
    from integrity.service.settings import service_table

    (tmp_path / "integrity.toml").write_text('image_root = "."\n[service]\napi_keys = ["k"]\nmax_concurrency = 2\n')
    config = load_config(tmp_path / "integrity.toml")
    s = settings_from(config, service_table(config), {})
    assert s.api_keys == ("k",) and s.max_concurrency == 2
    assert config.image_root is not None and s.check_config().image_root is None


def test_bind_rules() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")
    check_bind("127.0.0.1", ServiceSettings())
    check_bind("0.0.0.0", ServiceSettings(api_keys=("k",)))
    with pytest.raises(ConfigError, match="without API keys"):
        check_bind("0.0.0.0", ServiceSettings())


# --- the gate: concurrency, queue and time limits --------------------------------------------------
def test_gate_limits_concurrency_and_time() -> None:
    async def scenario() -> None:
        gate = Gate(workers=2, max_waiting=1, timeout=0.5)
        peak = 0
        lock = threading.Lock()
        active = 0

        def work() -> int:
            nonlocal peak, active
            with lock:
                active += 1
                peak = max(peak, active)
            time.sleep(0.1)
            with lock:
                active -= 1
            return 1

        assert sum(await asyncio.gather(*(gate.run(work) for _ in range(3)))) == 3
        assert peak <= 2

        with pytest.raises(LimitExceeded) as slow:
            await gate.run(lambda: time.sleep(1))
        assert slow.value.status == 504
        gate.close()

        busy = Gate(workers=1, max_waiting=1, timeout=2)
        results = await asyncio.gather(*(busy.run(lambda: time.sleep(0.3)) for _ in range(3)), return_exceptions=True)
        refused = [r for r in results if isinstance(r, LimitExceeded)]
        assert len(refused) == 1 and refused[0].status == 503
        busy.close()

    asyncio.run(scenario())


# --- the app in process ------------------------------------------------------------------------------
def test_app_in_process_two_apps_are_independent() -> None:
    from fastapi.testclient import TestClient

    from integrity.service.app import create_app

    open_app = create_app(ServiceSettings())
    locked_app = create_app(ServiceSettings(api_keys=("k",), max_body_bytes=2000))
    with TestClient(open_app) as a, TestClient(locked_app) as b:
        assert a.post("/v1/check", json={"text": "Experts say so."}).status_code == 200
        assert b.post("/v1/check", json={"text": "Experts say so."}).status_code == 401
        assert b.post("/v1/check", json={"text": "x" * 5000}, headers={"X-API-Key": "k"}).status_code == 413
        assert "securitySchemes" not in a.get("/openapi.json").json()["components"]
        assert "securitySchemes" in b.get("/openapi.json").json()["components"]


def test_multipart_field_rules() -> None:
    from fastapi.testclient import TestClient

    from integrity.service.app import create_app

    with TestClient(create_app(replace(ServiceSettings(), max_images=1))) as c:
        ok = c.post("/v1/check", files={"article": ("s.txt", b"Experts say so.", "text/plain")}, data={"source": "s1"})
        assert ok.status_code == 200 and ok.json()["document"]["kind"] == "text" and ok.json()["document"]["source"] == "s1"
        assert c.post("/v1/check", files={"article": (None, "Experts say so."), "kind": (None, "pdf")}).status_code == 422
        assert c.post("/v1/check", files={"article": (None, "x"), "bogus": (None, "1")}).status_code == 422
        two = [("images", ("a.jpg", b"1", "image/jpeg")), ("images", ("b.jpg", b"2", "image/jpeg"))]
        assert c.post("/v1/check", files=[("article", (None, "x")), *two]).status_code == 413
        assert c.post("/v1/inspect", files={"image": (None, "not a file")}).status_code == 422
        php = [("article", ("a.html", b'<p>x</p><img src="/up/a.jpg"><img src="b.jpg">', "text/html")),
               ("images[0]", ("a.jpg", SEED_IMAGE.read_bytes(), "image/jpeg"))]
        images = c.post("/v1/check", files=php).json()["images"]
        assert [i["status"] for i in images] == ["analysed", "unresolved"]
        assert c.post("/v1/check", files=[("article", (None, "x")), ("images[x]", ("a.jpg", b"1", "image/jpeg"))]).status_code == 422
