"""The HTML report as a reader sees it: real headless Chromium at 1280 px (Selenium, Debian's chromium).

The page must fit the window (long URLs and evidence wrap inside their cells),
show the gate's verdict at the top and a thumbnail of each local image. Checked
on the vendored seed, on a page with hostile unbroken strings, and — when the
shared corpora are present — on every fifth development page of the byline
truth set (gzip HTML, reserved pages excluded by construction: the truth set
holds none). Skips when Chromium or its driver is not installed.
"""

from __future__ import annotations

import csv
import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import integrity
from integrity.model import Run
from integrity.writers import render
from tests.conftest import ARTICLES, ROOT

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="chromium and chromedriver are not installed")
WIDTH = 1280
CORPUS = ROOT.parent / "shared" / "corpora" / "articles"
LONG = "https://example.org/" + "averylongpathsegmentwithoutanybreakopportunity" * 12


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", f"--window-size={WIDTH},1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-report')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _open(driver: Any, html: str, tmp_path: Path, name: str) -> dict[str, Any]:
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    driver.get(page.as_uri())
    shot = tmp_path / f"{name}.png"
    driver.save_screenshot(str(shot))
    return driver.execute_script(
        "return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
        " thumbs: Array.from(document.querySelectorAll('img.thumb')).map(i => i.naturalWidth),"
        " verdict: (document.querySelector('.verdict') || {}).textContent || ''};")


def test_seed_report_fits_shows_the_verdict_and_the_thumbnail(browser: Any, tmp_path: Path) -> None:
    html = render("html", Run.of(integrity.check(ARTICLES / "seed-pokrovsk.html")))
    got = _open(browser, html, tmp_path, "seed")
    assert got["scroll"] <= got["inner"] <= WIDTH, got
    assert got["verdict"].startswith("✖ Fails the gate")
    assert got["thumbs"] and all(w > 0 for w in got["thumbs"])  # the data: thumbnail decoded and drew
    assert "2 November 2025" in browser.find_element(By.TAG_NAME, "body").text


def test_unbroken_urls_and_evidence_wrap_inside_their_cells(browser: Any, tmp_path: Path) -> None:
    page = (f"<html><body><p class=byline>By Ann Lee</p><figure><img src='{LONG}.jpg'><figcaption>{LONG}"
            f"</figcaption></figure><p>Reportedly {LONG.replace('/', '')} was mined.</p></body></html>")
    report = integrity.check(page, kind="html")
    assert any(LONG in (i.src or "") for i in report.images)
    got = _open(browser, render("html", Run.of(report), fail_on=None), tmp_path, "long")
    assert got["scroll"] <= got["inner"], got
    assert got["verdict"].startswith("✓ Passes")  # no severity gate: passes


def _corpus_pages() -> list[Path]:
    truth = CORPUS / "truth-dev.tsv"
    if not truth.is_file():
        return []
    with truth.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [CORPUS / r["relpath"] for r in rows[::5] if (CORPUS / r["relpath"]).is_file()]


@pytest.mark.skipif(not _corpus_pages(), reason="the shared corpora are not present")
def test_real_pages_fit_the_window(browser: Any, tmp_path: Path) -> None:
    too_wide = []
    for n, path in enumerate(_corpus_pages()):
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        report = integrity.check(data, kind="html", name=path.name)
        got = _open(browser, render("html", Run.of(report)), tmp_path, f"corpus-{n}")
        if got["scroll"] > got["inner"]:
            too_wide.append((path.name, got["scroll"]))
    assert not too_wide, too_wide
