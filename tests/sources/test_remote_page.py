"""``integrity scan URL``: a page fetched from a real HTTP server on loopback, only with ``--fetch-remote``.

Loopback is refused by the remote rules unless a config says ``fetch_private_addresses = true`` (a staging
server on the newsroom's own network), so these tests write that config; one test checks the refusal without it.
"""

from __future__ import annotations

import http.server
import json
import threading
from functools import partial
from pathlib import Path

import pytest

from integrity.cli import main
from tests.conftest import ARTICLES

LATIN1_PAGE = (b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>'
               b"<h1>Caf\xe9 de la Gare closes</h1><p class=byline>By Ana Ruiz</p>"
               b"<p>The caf\xe9 closed on Monday, its owner said.</p></body></html>")


class _Site(http.server.SimpleHTTPRequestHandler):
    """The fixture articles under /news/; /story redirects to the clean one, as a CMS short link does."""

    paths: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        type(self).paths.append(self.path)
        if self.path == "/story":
            self.send_response(301)
            self.send_header("Location", "/news/clean-council-budget.html")
            self.end_headers()
            return
        if self.path == "/latin1":  # the server says the charset; the page's own <meta> says otherwise
            body = LATIN1_PAGE
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=ISO-8859-1")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if not self.path.startswith("/news/"):
            self.send_error(404)
            return
        self.path = self.path[len("/news"):]
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def site():  # type: ignore[no-untyped-def]
    _Site.paths = []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Site, directory=str(ARTICLES)))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.fixture()
def private_ok(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "integrity.toml").write_text("fetch_private_addresses = true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_url_without_fetch_remote_is_an_input_error_and_nothing_is_fetched(site, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert main(["scan", f"{site}/story", "--format", "json"]) == 2
    assert _Site.paths == []
    err = capsys.readouterr().err
    assert f"{site}/story: not scanned" in err and "use --fetch-remote" in err and "[input.remote]" in err


def test_loopback_is_refused_without_the_private_address_setting(site, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert main(["scan", f"{site}/story", "--fetch-remote", "--format", "json"]) == 2
    assert _Site.paths == []
    assert "non-public address" in capsys.readouterr().err


def test_the_page_is_checked_with_its_final_url_as_base(site, private_ok, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["scan", f"{site}/story", "--fetch-remote", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    report = out["reports"][0]
    assert report["document"]["source"] == f"{site}/story"
    # the relative image resolves against the page's final URL (after the redirect), not the URL given
    assert "/news/images/council-vote.jpg" in _Site.paths
    assert [i["src"] for i in report["images"]] == [f"{site}/news/images/council-vote.jpg"]
    assert report["images"][0]["status"] == "analysed"
    assert code == 0


def test_a_fetched_page_gets_the_same_findings_as_the_file(site, private_ok, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["scan", f"{site}/news/seed-pokrovsk.html", "--fetch-remote", "--format", "json"]) == 1
    remote = json.loads(capsys.readouterr().out)
    assert main(["scan", str(ARTICLES / "seed-pokrovsk.html"), "--format", "json"]) == 1
    local = json.loads(capsys.readouterr().out)

    def rules(run: dict) -> list[str]:
        report = run["reports"][0]
        return sorted(f["rule_id"] for f in report["findings"])

    assert rules(remote) == rules(local) and "credit/empty-byline" in rules(remote)


def test_a_missing_page_and_a_page_over_the_size_limit_are_input_errors(site, private_ok, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["scan", f"{site}/news/nope.html", "--fetch-remote"]) == 2
    assert "HTTP 404" in capsys.readouterr().err
    (private_ok / "integrity.toml").write_text("fetch_private_addresses = true\nmax_document_bytes = 100\n")
    assert main(["scan", f"{site}/news/seed-pokrovsk.html", "--fetch-remote"]) == 2
    assert "[input.too-large]" in capsys.readouterr().err


def test_the_response_charset_decides_the_encoding_before_the_meta(site, private_ok, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["scan", f"{site}/latin1", "--fetch-remote", "--format", "json"])
    document = json.loads(capsys.readouterr().out)["reports"][0]["document"]
    assert document["status"] == "ok"
    assert (document["encoding"], document["encoding_source"]) == ("windows-1252", "transport")
    assert document["title"] == "Café de la Gare closes"
