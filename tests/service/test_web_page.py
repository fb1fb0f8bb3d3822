"""The editor's page in real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium).

Skips when Chromium or its driver is not installed; CI installs them
(``apt-get install -y chromium chromium-driver``).
"""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from tests.conftest import ARTICLES  # noqa: E402
from tests.service.conftest import API_KEY, Server  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="chromium and chromedriver are not installed")

PAGE_TITLE = "integrity — check an article"
HOSTILE = """<!doctype html><html><head><title>&lt;script&gt;window.__pwned = 'title'&lt;/script&gt;</title>
<script>window.__pwned = 'script'; document.title = 'pwned';</script></head>
<body><article><h1 onmouseover="window.__pwned = 'h1'">&lt;img src=x onerror="window.__pwned='h1'"&gt; Flood <b>warning</b></h1>
<p>Experts say the river <img src="x.png" onerror="window.__pwned = 'onerror'; document.title = 'pwned'"> will rise.</p>
<figure><img src="javascript:window.__pwned='js-src'" alt="&quot;&gt;&lt;img src=x onerror=window.__pwned='alt'&gt;">
<figcaption>&lt;img src=x onerror="window.__pwned='caption'"&gt; AI-generated image</figcaption></figure>
<svg onload="window.__pwned = 'svg'"></svg><iframe src="javascript:window.top.__pwned='iframe'"></iframe>
</article></body></html>"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,2000",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _check_in_page(driver: Any, server: Server, article: str, images: list[Path] = ()) -> None:  # type: ignore[assignment]
    driver.get(server.url + "/")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "key-box").is_displayed())
    driver.execute_script("arguments[0].value = arguments[1];", driver.find_element(By.ID, "article-text"), article)
    driver.find_element(By.ID, "api-key").send_keys(API_KEY)
    if images:
        driver.find_element(By.ID, "image-files").send_keys("\n".join(str(p) for p in images))
    driver.find_element(By.ID, "check-button").click()
    WebDriverWait(driver, 30).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-report-ready") == "true"
        or "error" in (d.find_element(By.ID, "status").get_attribute("class") or ""))
    status = driver.find_element(By.ID, "status")
    assert "error" not in (status.get_attribute("class") or ""), status.text


def full_page_screenshot(driver: Any, path: Path) -> None:
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": {
        "x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def _console_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_report_page_shows_score_findings_and_image_cards(browser: Any, server: Server, tmp_path: Path) -> None:
    article = (ARTICLES / "seed-pokrovsk.html").read_text(encoding="utf-8")
    image = ARTICLES / "images" / "pokrovsk-street.jpg"
    expected = httpx.post(server.url + "/v1/check", headers=server.headers, files=[
        ("article", ("a.html", article.encode(), "text/html")), ("images", (image.name, image.read_bytes(), "image/jpeg")),
    ]).json()
    _check_in_page(browser, server, article, [image])
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#images .card .thumb img"))
    full_page_screenshot(browser, tmp_path / "report.png")
    assert (tmp_path / "report.png").stat().st_size > 10_000

    assert browser.find_element(By.ID, "score").text == str(expected["score"])
    findings = browser.find_elements(By.CSS_SELECTOR, "#findings li.finding")
    assert len(findings) == len(expected["findings"])
    rank = {"info": 0, "warning": 1, "error": 2, "critical": 3}
    shown = [expected["findings"][int(li.get_attribute("data-index"))] for li in findings]
    assert [rank[f["severity"]] for f in shown] == sorted((rank[f["severity"]] for f in shown), reverse=True)
    assert findings[0].find_element(By.CSS_SELECTOR, ".rule").text == shown[0]["rule_id"]  # worst first, like the CLI

    marks_js = "return Array.from(document.querySelectorAll('#article-view mark')).map(m => [m.textContent, m.dataset.findings]);"
    chars = list(article)
    # the readable view: what a reader sees, no markup, every finding on body text highlighted
    readable = browser.find_element(By.ID, "article-view").text
    assert "<p" not in readable and "</" not in readable and "class=" not in readable
    assert "Recent footage indicates" in readable
    marks = browser.execute_script(marks_js)
    for i, f in enumerate(expected["findings"]):
        loc = f["location"]
        if loc and f["rule_id"].startswith("claim/"):
            covered = "".join(text for text, ids in marks if str(i) in ids.split())
            assert " ".join(covered.split()) == " ".join("".join(chars[loc["offset"]:loc["end_offset"]]).split())
    # the source view: every located finding is highlighted at its offsets in the article source
    browser.find_element(By.ID, "show-source").click()
    marks = browser.execute_script(marks_js)
    for i, f in enumerate(expected["findings"]):
        loc = f["location"]
        if loc and loc["end_offset"] > loc["offset"]:
            covered = "".join(text for text, ids in marks if str(i) in ids.split())
            assert covered == "".join(chars[loc["offset"]:loc["end_offset"]]), f["rule_id"]
    assert browser.find_element(By.ID, "article-view").text.replace("\n", "") == article.replace("\n", "")
    browser.find_element(By.ID, "show-source").click()

    findings[1].click()
    assert browser.find_elements(By.CSS_SELECTOR, "#article-view mark.current")

    card = browser.find_element(By.CSS_SELECTOR, "#images .card")
    assert card.find_element(By.CSS_SELECTOR, ".verdict").text == "AI-generated"
    assert "valid" in card.text and "C2PA Test Signing Cert" in card.text
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#images .card .thumb img"))
    thumb = card.find_element(By.CSS_SELECTOR, ".thumb img")
    assert thumb.get_attribute("src").startswith("blob:")
    assert browser.execute_script("return arguments[0].naturalWidth", thumb) > 0
    assert _console_errors(browser) == []


def test_a_hostile_article_does_not_run(browser: Any, server: Server, tmp_path: Path) -> None:
    _check_in_page(browser, server, HOSTILE, [ARTICLES / "images" / "council-vote.jpg"])
    browser.save_screenshot(str(tmp_path / "hostile.png"))
    assert browser.title == PAGE_TITLE
    assert browser.execute_script("return window.__pwned") is None
    assert browser.execute_script("return document.scripts.length") == 1  # app.js only
    assert browser.execute_script("return document.querySelectorAll('iframe, svg, #result img:not(.thumb img)').length") == 0
    view = browser.find_element(By.ID, "article-view").text
    assert "Flood warning" in view and "window.__pwned = 'script'" not in view  # readable: no script text
    browser.find_element(By.ID, "show-source").click()
    view = browser.find_element(By.ID, "article-view").text
    assert "<script>window.__pwned = 'script'" in view  # the source view: shown as text, not run
    browser.find_element(By.ID, "show-source").click()
    doc_info = browser.find_element(By.ID, "doc-info").text
    assert "<img src=x onerror=" in doc_info  # the hostile headline is shown as text
    cards = browser.find_elements(By.CSS_SELECTOR, "#images .card")
    assert cards and any("onerror" in c.text for c in cards)
    hovered = browser.find_element(By.ID, "article-view")
    webdriver.ActionChains(browser).move_to_element(hovered).perform()
    assert browser.execute_script("return window.__pwned") is None
    assert json.dumps(_console_errors(browser)).count("Content Security Policy") == 0


def test_api_docs_render_offline(browser: Any, server: Server) -> None:
    browser.get(server.url + "/docs")
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"))
    paths = {e.text.replace("\u200b", "") for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert {"/v1/check", "/v1/inspect", "/v1/rules", "/healthz"} <= paths
    assert _console_errors(browser) == []
