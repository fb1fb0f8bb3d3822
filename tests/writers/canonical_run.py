"""One canonical run for the CI writers: the seed (text and HTML), a clean article,
a hostile page, a document that could not be read, and a rule re-levelled to critical."""

from __future__ import annotations

from functools import cache
from pathlib import Path

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
# the rules these tests are about, so that new rules in other packs do not change the counts here
PINNED_DISABLE = ("claim/*", "credit/*", "image/*")
PINNED_ENABLE = ("claim/vague-source", "credit/empty-byline", "credit/missing-byline", "image/ai-disclosed")
PINNED = Config(disable=PINNED_DISABLE, enable=PINNED_ENABLE)
# every severity occurs: info (unused suppression), warning (claims), error (images), critical (empty byline)
CRITICAL = Config(
    disable=PINNED_DISABLE, enable=PINNED_ENABLE,
    severity=(("credit/empty-byline", "critical"), ("image/ai-disclosed", "error")),
)


@cache
def checker(critical: bool = True) -> Checker:
    return Checker(CRITICAL if critical else PINNED)


def canonical_run() -> Run:
    c = checker()
    reports = [c.check_document(Document(name, data, kind, None)) for name, (kind, data) in SOURCES.items()]  # type: ignore[arg-type]
    reports.append(c.failed("fixtures/articles/missing.html", "input.missing", "no such file or folder"))
    return Run(tool=TOOL, reports=tuple(reports), rules=c.rules)


def source_text(name: str) -> str:
    return SOURCES[name][1].decode("utf-8")


def pinned_toml(path: Path) -> Path:
    """The pinned rule selection as an integrity.toml, for tests that run the command."""
    quote = lambda items: ", ".join(f'"{i}"' for i in items)  # noqa: E731
    path.write_text(f"disable = [{quote(PINNED_DISABLE)}]\nenable = [{quote(PINNED_ENABLE)}]\n", encoding="utf-8")
    return path


__all__ = ["ROOT", "canonical_run", "checker", "pinned_toml", "source_text", "HOSTILE_NAME", "PINNED"]
