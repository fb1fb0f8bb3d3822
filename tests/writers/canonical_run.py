"""One canonical run for the CI writers: the seed (text and HTML), a clean article,
a hostile page, a document that could not be read, and a rule re-levelled to critical."""

from __future__ import annotations

from functools import lru_cache

from integrity.config import Config
from integrity.model import Run
from integrity.pipeline import TOOL, Checker
from integrity.sources.document import Document
from tests.conftest import ARTICLES, ROOT

HOSTILE_NAME = "fixtures/articles/odd, name: 100%.html"
HOSTILE = (
    "<html><head><title>x</title></head><body><p class=byline>By Ann Lee</p>"
    "<figure><img src=a.jpg alt='Ai generated image'><figcaption>50% off: \x01 Ai generated image,"
    " <b>::error::</b></figcaption></figure>"
    "<!-- integrity-disable credit/no-such-rule -->"
    "<p>Reportedly, the dam\r\nwas mined.</p></body></html>"
)
SOURCES = {
    "fixtures/articles/seed-pokrovsk.txt": ("text", (ARTICLES / "seed-pokrovsk.txt").read_bytes()),
    "fixtures/articles/seed-pokrovsk.html": ("html", (ARTICLES / "seed-pokrovsk.html").read_bytes()),
    "fixtures/articles/clean-council-budget.html": ("html", (ARTICLES / "clean-council-budget.html").read_bytes()),
    HOSTILE_NAME: ("html", HOSTILE.encode()),
}
# every severity occurs: info (unused suppression), warning (claims), error (images), critical (empty byline)
CRITICAL = Config(severity=(("credit/empty-byline", "critical"), ("image/ai-disclosed", "error")))


@lru_cache(maxsize=None)
def checker(critical: bool = True) -> Checker:
    return Checker(CRITICAL if critical else Config())


def canonical_run() -> Run:
    c = checker()
    reports = [c.check_document(Document(name, data, kind, None)) for name, (kind, data) in SOURCES.items()]  # type: ignore[arg-type]
    reports.append(c.failed("fixtures/articles/missing.html", "input.missing", "no such file or folder"))
    return Run(tool=TOOL, reports=tuple(reports), rules=c.rules)


def source_text(name: str) -> str:
    return SOURCES[name][1].decode("utf-8")


__all__ = ["ROOT", "canonical_run", "checker", "source_text", "HOSTILE_NAME"]
