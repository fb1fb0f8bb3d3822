"""The real server over real sockets: keys, the same Report JSON as the CLI, limits, logs, binding."""

from __future__ import annotations

import json
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ARTICLES, ROOT
from tests.service.conftest import API_KEY, Server

SEED_HTML = ARTICLES / "seed-pokrovsk.html"
SEED_TXT = ARTICLES / "seed-pokrovsk.txt"
SEED_IMAGE = ARTICLES / "images" / "pokrovsk-street.jpg"


def cli_report(path: Path) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-m", "integrity", "scan", "--format", "json", str(path)],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode in (0, 1), out.stderr
    report: dict[str, object] = json.loads(out.stdout)["reports"][0]
    return report


def without_source(report: dict[str, object]) -> dict[str, object]:
    doc = dict(report["document"])  # type: ignore[arg-type]
    doc.pop("source")
    return {**report, "document": doc}


def test_healthz_needs_no_key(server: Server) -> None:
    r = httpx.get(server.url + "/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok" and r.json()["auth_required"] is True


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": f"Basic {API_KEY}"}])
def test_401_without_a_valid_key(server: Server, headers: dict[str, str]) -> None:
    for method, path in (("POST", "/v1/check"), ("POST", "/v1/inspect"), ("GET", "/v1/rules")):
        r = httpx.request(method, server.url + path, headers=headers, json={"text": "x"})
        assert r.status_code == 401, (method, path)
        assert r.headers["www-authenticate"].startswith("Bearer")


def test_bearer_and_header_keys_both_work(server: Server) -> None:
    for headers in ({"X-API-Key": API_KEY}, {"Authorization": f"Bearer {API_KEY}"}):
        assert httpx.get(server.url + "/v1/rules", headers=headers).status_code == 200


def test_json_check_answers_the_report_the_cli_writes(server: Server) -> None:
    r = httpx.post(server.url + "/v1/check", headers=server.headers,
                   json={"text": SEED_TXT.read_text(encoding="utf-8"), "source": "seed-pokrovsk.txt"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    got = r.json()
    assert got["document"]["source"] == "seed-pokrovsk.txt"
    # JSON carries the article as text, never decoded again; the CLI read the file's bytes as UTF-8
    assert (got["document"]["encoding_source"], cli_report(SEED_TXT)["document"]["encoding_source"]) == ("given", "utf-8")
    got["document"]["encoding_source"] = "utf-8"
    assert without_source(got) == without_source(cli_report(SEED_TXT))
    assert r.text.endswith("}\n")  # byte for byte integrity.to_json(report)


def test_multipart_check_with_uploaded_images_matches_the_cli_on_disk(server: Server) -> None:
    files = [("article", (SEED_HTML.name, SEED_HTML.read_bytes(), "text/html")),
             ("images", (SEED_IMAGE.name, SEED_IMAGE.read_bytes(), "image/jpeg"))]
    r = httpx.post(server.url + "/v1/check", headers=server.headers, files=files)
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["images"][0]["status"] == "analysed"
    assert got["images"][0]["evidence"]["ai"] == "generated"
    assert without_source(got) == without_source(cli_report(SEED_HTML))


def test_service_never_reads_its_own_files(server: Server) -> None:
    real = SEED_IMAGE.resolve()
    html = "".join(f'<figure><img src="{src}" alt="x"><figcaption>Photo: A. Person</figcaption></figure>' for src in (
        real.as_uri(), str(real), "images/pokrovsk-street.jpg", "../../../../../../etc/hostname", "/etc/hostname",
        "https://203.0.113.9/remote.jpg",
    ))
    r = httpx.post(server.url + "/v1/check", headers=server.headers,
                   json={"html": f"<article><h1>T</h1><p>Text.</p>{html}</article>", "base_url": real.parent.as_uri() + "/"})
    assert r.status_code == 200
    images = r.json()["images"]
    assert len(images) == 6
    assert all(i["status"] == "unresolved" and i["evidence"] is None for i in images), images


def test_inspect_an_uploaded_image(server: Server) -> None:
    r = httpx.post(server.url + "/v1/inspect", headers=server.headers,
                   files={"image": ("lead.jpg", SEED_IMAGE.read_bytes(), "image/jpeg")})
    assert r.status_code == 200
    assert r.json()["path"] == "lead.jpg" and r.json()["ai"] == "generated"


def test_rules_lists_what_the_cli_lists(server: Server) -> None:
    r = httpx.get(server.url + "/v1/rules", headers=server.headers)
    out = subprocess.run([sys.executable, "-m", "integrity", "rules", "list", "--format", "json"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    assert r.json() == json.loads(out.stdout)


def _read_response(sock: socket.socket, timeout: float) -> bytes:
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    return data


def test_a_50_mb_body_gets_413_before_it_is_sent(server: Server) -> None:
    size = 50 * 1024 * 1024
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall((f"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {API_KEY}\r\n"
                      f"Content-Type: application/json\r\nContent-Length: {size}\r\n\r\n").encode())
        sock.sendall(b'{"text": "' + b"a" * 65536)  # 64 KB of the promised 50 MB
        head = _read_response(sock, 10)
    assert head.startswith(b"HTTP/1.1 413"), head[:200]
    time.sleep(0.2)
    refused = [e for e in server.log_lines() if e.get("status") == 413 and e.get("path") == "/v1/check"]
    assert refused and refused[-1]["bytes_in"] == 0  # answered from the header alone


def test_a_chunked_body_over_the_limit_is_cut_off(server: Server) -> None:
    chunk = b"a" * (1024 * 1024)
    sent = 0
    head = b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall((f"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {API_KEY}\r\n"
                      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
        try:
            while sent < 50 * len(chunk):
                sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
                if select.select([sock], [], [], 0)[0]:
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        head = _read_response(sock, 10)
    # the 413 itself may be lost to a reset when the server closes on unread data: the log tells
    assert head.startswith(b"HTTP/1.1 413") or not head, head[:200]
    time.sleep(0.2)
    refused = [e for e in server.log_lines() if e.get("status") == 413 and e.get("path") == "/v1/check"]
    assert refused and int(refused[-1]["bytes_in"]) <= 5 * len(chunk)  # it read just past its 4 MB limit
    assert sent < 20 * len(chunk)  # and stopped the upload long before 50 MB


def test_wrong_content_type_and_bad_json(server: Server) -> None:
    url = server.url + "/v1/check"
    assert httpx.post(url, headers=server.headers, content=b"hello", params={}).status_code == 415
    r = httpx.post(url, headers={**server.headers, "Content-Type": "application/json"}, content=b"{nope")
    assert r.status_code == 400
    assert httpx.post(url, headers=server.headers, json={"html": "<p>a</p>", "text": "a"}).status_code == 422
    assert httpx.post(url, headers=server.headers, json={"text": "a", "extra": 1}).status_code == 422


def test_hostile_json_gets_a_clear_4xx_not_a_500(server: Server) -> None:
    """A lone surrogate escape and 100,000-deep nesting are valid JSON syntax that no check can run on."""
    url = server.url + "/v1/check"
    headers = {**server.headers, "Content-Type": "application/json"}
    r = httpx.post(url, headers=headers, content=b'{"html": "<p>\\ud800</p>"}')
    assert r.status_code == 422, r.text
    assert "lone surrogate U+D800" in r.json()["detail"]
    for deep in (b"[" * 100_000 + b"]" * 100_000, b'{"html": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"):
        r = httpx.post(url, headers=headers, content=deep)
        assert r.status_code == 400, r.text[:300]
        assert "nested too deeply" in r.json()["detail"]
        assert "Traceback" not in r.text
    assert httpx.get(server.url + "/healthz").status_code == 200


def test_structured_request_logs_hold_no_article_text(server: Server) -> None:
    secret = "Zebra-unique-article-phrase-42"
    r = httpx.post(server.url + "/v1/check", headers=server.headers, json={"text": f"Officials said {secret}."})
    request_id = r.headers["x-request-id"]
    time.sleep(0.2)
    lines = server.log_lines()
    mine = [e for e in lines if e.get("request_id") == request_id]
    assert mine and mine[0]["event"] == "request" and mine[0]["status"] == 200 and mine[0]["path"] == "/v1/check"
    assert isinstance(mine[0]["duration_ms"], (int, float))
    assert not any("unparsed" in e for e in lines), [e for e in lines if "unparsed" in e][:3]
    assert secret not in server.log_path.read_text() and API_KEY not in server.log_path.read_text()


def test_refuses_a_public_address_without_keys(tmp_path: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != "INTEGRITY_API_KEYS"}
    out = subprocess.run([sys.executable, "-m", "integrity", "serve", "--host", "0.0.0.0", "--port", "1"],
                         cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 2 and "without API keys" in out.stderr


def test_security_headers_on_the_page(server: Server) -> None:
    r = httpx.get(server.url + "/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script src=\"/static/app.js\"" in r.text and "http" not in r.text.split("<body>")[0]
    assert httpx.get(server.url + "/static/app.js").status_code == 200
    assert httpx.get(server.url + "/static/../app.py").status_code == 404
    docs = httpx.get(server.url + "/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text and "cdn" not in docs.text.lower()


def test_several_worker_processes_serve_the_same_reports(tmp_path: Path, server: Server) -> None:
    from tests.service.conftest import start_server, stop_server

    multi = start_server(tmp_path, "--workers", "2", "--max-body-mb", "1")
    try:
        body = {"text": SEED_TXT.read_text(encoding="utf-8")}
        one = httpx.post(server.url + "/v1/check", headers=server.headers, json=body).json()
        for _ in range(4):
            assert httpx.post(multi.url + "/v1/check", headers=multi.headers, json=body).json() == one
        assert httpx.post(multi.url + "/v1/check", headers={}, json=body).status_code == 401
        big = httpx.post(multi.url + "/v1/check", headers=multi.headers, json={"text": "a" * 2_000_000})
        assert big.status_code == 413  # the options reach every worker
    finally:
        stop_server(multi)


def test_a_markdown_article_by_upload_and_by_json(server: Server) -> None:
    site = ROOT / "fixtures" / "hugo-site"
    article = site / "content" / "posts" / "flooded-street.md"
    image = site / "static" / "images" / "flooded-street.jpg"
    files = [("article", (article.name, article.read_bytes(), "text/markdown")),
             ("images", (image.name, image.read_bytes(), "image/jpeg"))]
    r = httpx.post(server.url + "/v1/check", headers=server.headers, files=files)
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["document"]["kind"] == "markdown" and [a["name"] for a in got["document"]["authors"]] == ["Sam Okafor"]
    ai = [f for f in got["findings"] if f["rule_id"] == "image/undisclosed-ai"]
    assert [(f["location"]["line"], f["location"]["column"]) for f in ai] == [(10, 1)]
    r = httpx.post(server.url + "/v1/check", headers=server.headers,
                   json={"markdown": "---\nauthor: Ann Lee\n---\n\nExperts say it rained.\n"})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["document"]["kind"] == "markdown"
    assert {f["rule_id"] for f in got["findings"]} == {"claim/vague-source"}
    url = server.url + "/v1/check"
    assert httpx.post(url, headers=server.headers, json={"markdown": "a", "text": "a"}).status_code == 422
