"""Content Credentials a page attaches to itself (C2PA 2.x: a head <script type="application/c2pa"> or
<link rel="c2pa-manifest">), read and validated like an image's; their AI actions label the text.

The vendored pages are made by fixtures/page_credentials/make_pages.py; variants are built here from the
same signer."""

from __future__ import annotations

import http.server
import shutil
import threading
from pathlib import Path

import pytest

import integrity
from integrity.api import checker
from integrity.config import Config
from integrity.detectors.base import FACTS
from integrity.model import Report
from integrity.parse import parse_document
from integrity.sources.file import read_document
from tests.images.image_corpora import TEST_CERTS

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "fixtures" / "page_credentials"
PAGE_RULES = ("credit/page-credentials", "credit/page-credentials-problem", "credit/page-credentials-unread")


def _report(page: Path, **config: object) -> Report:
    report = integrity.check(page, config=Config(**config) if config else None)
    assert report.document.status == "ok" and not report.errors, report.errors
    return report


def _rules(report: Report) -> dict[str, object]:
    return {f.rule_id: f for f in report.findings}


def _facts(page: Path, **config: object):  # type: ignore[no-untyped-def]
    """The page's page.credentials facts, through the pipeline's loading, checked against their declaration."""
    c = checker(Config(**config)) if config else checker()
    doc = read_document(page, 10_000_000)
    article = parse_document(doc, c.layout)
    facts, errors = c.facts(article, {}, c.load_page_credentials(article, doc))
    assert errors == [] and FACTS.check(facts, c.ruleset.lexicons) == []
    return [f for f in facts if f.kind == "page.credentials"], [f for f in facts if f.kind == "text.ai_disclosure"]


def _copy(tmp_path: Path, name: str) -> Path:
    for f in PAGES.glob(name.replace(".html", ".*")):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path / name


def test_an_inline_manifest_declaring_ai_text_is_read_and_labels_the_text() -> None:
    found = _rules(_report(PAGES / "ai-text-inline.html"))
    info = found["credit/page-credentials"]
    assert info.severity == "info"
    assert "valid, signed by C2PA Test Signing Cert" in info.message
    assert "AI: generated" in info.message and "c2pa.created: trainedAlgorithmicMedia" in info.message
    assert "the page's content binding was not verified" in info.message  # never claimed: c2pa-python reads no HTML
    text = found["credit/ai-text-disclosed"]
    assert "in its own Content Credentials: c2pa.created: trainedAlgorithmicMedia" in text.message
    assert text.location is not None and text.location.line == 6  # the script element in the head


def test_the_fact_says_what_was_read() -> None:
    (cred,), (text,) = _facts(PAGES / "ai-text-inline.html")
    assert {k: cred.data[k] for k in ("association", "state", "problem", "trusted", "ai", "binding_verified")} == {
        "association": "inline", "state": "valid", "problem": "untrusted", "trusted": False, "ai": "generated",
        "binding_verified": False,
    }
    assert cred.data["failure_codes"] == ("signingCredential.untrusted",)  # the unverifiable data hash set aside
    assert text.data["visible"] is False and text.data["credentials_ai"] == ("c2pa.created: trainedAlgorithmicMedia",)


def test_a_linked_sidecar_of_a_human_article_is_read_and_labels_nothing() -> None:
    report = _report(PAGES / "human-link.html")
    found = _rules(report)
    assert "link: human-link.c2pa" in found["credit/page-credentials"].message
    assert "c2pa.created: digitalCreation" in found["credit/page-credentials"].message
    assert "credit/ai-text-disclosed" not in found
    (cred,), texts = _facts(PAGES / "human-link.html")
    # an untrusted signer's "made by a person" is a claim anyone can sign: no verdict either way
    assert (cred.data["state"], cred.data["ai"], texts) == ("valid", "unknown", [])


def test_a_trusted_signer_makes_the_manifest_trusted() -> None:
    anchors = (TEST_CERTS / "test_cert_root_bundle.pem",)
    (cred,), texts = _facts(PAGES / "human-link.html", trust_anchors=anchors)
    assert (cred.data["state"], cred.data["trusted"], cred.data["problem"], cred.data["ai"]) == (
        "trusted", True, None, "none")
    assert texts == []
    assert ", trusted, signed by" in _rules(_report(PAGES / "human-link.html", trust_anchors=anchors))[
        "credit/page-credentials"].message


def test_a_corrupted_inline_manifest_is_a_clear_problem_not_a_traceback() -> None:
    report = _report(PAGES / "corrupted-inline.html")
    found = _rules(report)
    problem = found["credit/page-credentials-problem"]
    assert problem.severity == "warning" and "reason: not a readable C2PA manifest store" in problem.message
    assert "credit/page-credentials" not in found and "credit/ai-text-disclosed" not in found  # nothing read from it
    (cred,), _ = _facts(PAGES / "corrupted-inline.html")
    assert (cred.data["state"], cred.data["code"]) == ("error", "manifest.unreadable")


def test_a_page_with_neither_gets_nothing_new() -> None:
    report = _report(PAGES / "plain.html")
    assert [f.rule_id for f in report.findings if f.rule_id in PAGE_RULES or f.rule_id == "credit/ai-text-disclosed"] == []
    assert _facts(PAGES / "plain.html") == ([], [])


def _variant(tmp_path: Path, head: str, name: str = "story.html") -> Path:
    text = (PAGES / "plain.html").read_text(encoding="utf-8").replace("</title>", f"</title>\n  {head}", 1)
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    return page


@pytest.mark.parametrize(("head", "code", "words"), [
    ('<script type="application/c2pa">not base64 at all!</script>', "manifest.unreadable", "not Base64"),
    ('<script type="application/c2pa">  </script>', "manifest.unreadable", "empty"),
    ('<script type="application/c2pa">R0lGODlhAQABAAAAACw=</script>', "manifest.unreadable", "not a readable C2PA manifest store"),
    ('<link rel="c2pa-manifest" href="gone.c2pa">', "manifest.missing", "no file gone.c2pa"),
    ('<link rel="c2pa-manifest" href="../outside.c2pa">', "manifest.refused", "outside the article's root"),
    ('<link rel="c2pa-manifest" href="file:///etc/passwd">', "manifest.refused", "file: URLs are not read"),
    ('<link rel="c2pa-manifest" href="data:application/c2pa;base64,AAAA">', "manifest.refused", "data: URLs"),
    ('<link rel="c2pa-manifest" href="human-link.c2pa"><script type="application/c2pa">AAAA</script>',
     "manifest.ambiguous", "the specification reads none of them"),
])
def test_what_cannot_be_read_says_why(tmp_path: Path, head: str, code: str, words: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(PAGES / "human-link.c2pa", site / "human-link.c2pa")
    shutil.copy(PAGES / "human-link.c2pa", tmp_path / "outside.c2pa")  # beside the article's folder, not in it
    page = _variant(site, head)
    (cred,), texts = _facts(page)
    assert (cred.data["state"], cred.data["code"]) == ("error", code), cred.data
    assert words in cred.data["reason"] and texts == []
    assert "credit/page-credentials-problem" in _rules(_report(page))


def test_a_remote_store_is_not_fetched_without_asking(tmp_path: Path) -> None:
    page = _variant(tmp_path, '<link rel="c2pa-manifest" href="https://cdn.example.org/story.c2pa">')
    (cred,), _ = _facts(page)
    assert (cred.data["state"], cred.data["code"]) == ("remote", "manifest.remote")
    found = _rules(_report(page))
    assert "not fetched" in found["credit/page-credentials-unread"].message
    assert "credit/page-credentials-problem" not in found


def test_a_store_over_the_size_cap_is_not_read(tmp_path: Path) -> None:
    page = _copy(tmp_path, "human-link.html")
    (cred,), _ = _facts(page, max_image_bytes=1000)
    assert (cred.data["code"], cred.data["state"]) == ("manifest.too-large", "error")


def test_a_manifest_edited_after_signing_is_tampered(tmp_path: Path) -> None:
    page = _copy(tmp_path, "human-link.html")
    store = bytearray((tmp_path / "human-link.c2pa").read_bytes())
    at = store.index(b"digitalCreation")
    store[at : at + 15] = b"digitalCapture_"
    (tmp_path / "human-link.c2pa").write_bytes(bytes(store))
    (cred,), _ = _facts(page)
    assert (cred.data["state"], cred.data["problem"]) == ("invalid", "tampered")
    assert "assertion.hashedURI.mismatch" in cred.data["failure_codes"]
    assert "problem tampered" in _rules(_report(page))["credit/page-credentials-problem"].message


class _Store(http.server.BaseHTTPRequestHandler):
    hits = 0
    body = b""

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/c2pa")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def store_server():  # type: ignore[no-untyped-def]
    _Store.hits, _Store.body = 0, (PAGES / "human-link.c2pa").read_bytes()
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Store)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()


def test_a_remote_store_is_read_only_under_fetch_remote_and_the_remote_rules(tmp_path: Path, store_server) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{store_server.server_address[1]}/story.c2pa"
    page = _variant(tmp_path, f'<link rel="c2pa-manifest" href="{url}">')
    assert _facts(page)[0][0].data["state"] == "remote" and _Store.hits == 0  # no request by default
    refused, _ = _facts(page, fetch_remote=True)  # a loopback address is refused like an image's
    assert (refused[0].data["code"], _Store.hits) == ("manifest.refused", 0)
    (cred,), _ = _facts(page, fetch_remote=True, fetch_private_addresses=True)
    assert (cred.data["state"], cred.data["where"], _Store.hits) == ("valid", url, 1)
    assert "c2pa.created: digitalCreation" in cred.data["actions"]
