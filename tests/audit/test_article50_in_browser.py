"""The audit's article50.html as a reader sees it: headless Chromium at 1280 px (as tests/writers/test_html_in_browser.py
drives it), on the audit of fixtures/article50. Skips when Chromium or its driver is not installed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from integrity.audit import AuditOptions, run_audit
from integrity.audit.progress import Progress
from integrity.config import Config
from tests.conftest import ROOT

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="chromium and chromedriver are not installed")
WIDTH = 1280


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", f"--window-size={WIDTH},1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-article50')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_article50_summary_renders_and_fits_the_window(browser: Any, tmp_path: Path) -> None:
    from PIL import Image

    run_audit(AuditOptions((str(ROOT / "fixtures" / "article50"),), tmp_path, config=Config(profile="eu-ai-act"),
                           engine="serial", progress_every=3600), Progress(0, interactive=False, every=3600))
    browser.get((tmp_path / "article50.html").as_uri())
    shot = tmp_path / "article50.png"
    browser.save_screenshot(str(shot))
    got = browser.execute_script(
        "return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
        " text: document.body.innerText, bars: Array.from(document.querySelectorAll('svg rect'))"
        ".map(r => r.getBoundingClientRect().width), tables: document.querySelectorAll('table').length};")
    assert got["scroll"] <= got["inner"] <= WIDTH, got
    assert "EU AI Act, Article 50" in got["text"] and "2026-09" in got["text"]
    assert got["tables"] == 2 and len(got["bars"]) == 6 and all(w > 0 for w in got["bars"])
    with Image.open(shot) as im:  # not blank: text, table rules and the coloured bars drew
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50
    assert any(c[1] == (0xD0, 0x02, 0x1B) for c in colours)  # the undisclosed segment's red


def test_a_report_with_the_article50_section_fits_the_window(browser: Any, tmp_path: Path) -> None:
    """The per-article section (scan --profile eu-ai-act --format html): its table wraps long sources and evidence."""
    from integrity.model import Run
    from integrity.pipeline import Checker
    from integrity.writers import render

    checker = Checker(Config(profile="eu-ai-act"))
    fixtures = ROOT / "fixtures" / "article50"
    run = Run.of(*(checker.check_file(fixtures / n) for n in ("machine-readable-only.html", "video.html")))
    page = tmp_path / "report.html"
    page.write_text(render("html", run), encoding="utf-8")
    browser.get(page.as_uri())
    got = browser.execute_script(
        "return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
        " sections: document.querySelectorAll('h3.article50').length,"
        " rows: document.querySelectorAll('table.article50 tr').length};")
    assert got["scroll"] <= got["inner"] <= WIDTH, got
    assert got["sections"] == 2 and got["rows"] == 2 + 1 + 2 + 1  # a header row and two items per table
