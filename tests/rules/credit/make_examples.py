"""Make the credit rules' example pages that carry C2PA Content Credentials of their own (run from anywhere):

    python tests/rules/credit/make_examples.py

Each page's manifest store is signed offline with the public C2PA test
certificate by fixtures/page_credentials/make_pages.py (``sign_store``: a
detached store, since c2pa-python signs no HTML); what makes an example hit or
miss is the store the page's head attaches to it, written by a function below
named for its rule folder. The other credit examples are written by hand.
Signatures differ on every run; what the pages test does not.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from fixtures.page_credentials.make_pages import (  # noqa: E402 - after the path is set
    REPORT_BODY,
    WEATHER_BODY,
    ai_claim,
    corrupt,
    human_claim,
    inline,
    link,
    page,
    sign_store,
)


def page_credentials(folder: Path) -> None:
    """Hit: a store beside the page, linked from its head. Miss: the head links a web app manifest
    (rel=manifest) and a JSON-LD script, the look-alikes of a C2PA association."""
    (folder / "ferry.c2pa").write_bytes(sign_store(human_claim("Ferry timetable changes")))
    (folder / "hit.html").write_text(page("Ferry timetable changes", link("ferry.c2pa"), WEATHER_BODY), encoding="utf-8")
    look_alike = '<link rel="manifest" href="site.webmanifest">\n  <script type="application/ld+json">{"@type": "NewsArticle"}</script>'
    (folder / "miss.html").write_text(page("Ferry timetable changes", look_alike, WEATHER_BODY), encoding="utf-8")


def page_credentials_problem(folder: Path) -> None:
    """Hit: the inline store cut short. Miss: the same store whole."""
    store = sign_store(ai_claim("Harbour budget approved"))
    (folder / "hit.html").write_text(page("Harbour budget approved", inline(corrupt(store)), REPORT_BODY),
                                     encoding="utf-8")
    (folder / "miss.html").write_text(page("Harbour budget approved", inline(store), REPORT_BODY), encoding="utf-8")


def page_credentials_unread(folder: Path) -> None:
    """Hit: the head links a store on a server (not fetched by default). Miss: the store beside the page."""
    (folder / "hit.html").write_text(page("Ferry timetable changes", link("https://cdn.example.org/ferry.c2pa"),
                                          WEATHER_BODY), encoding="utf-8")
    (folder / "ferry.c2pa").write_bytes(sign_store(human_claim("Ferry timetable changes")))
    (folder / "miss.html").write_text(page("Ferry timetable changes", link("ferry.c2pa"), WEATHER_BODY), encoding="utf-8")


def make() -> None:
    for name, write in (("page-credentials", page_credentials), ("page-credentials-problem", page_credentials_problem),
                        ("page-credentials-unread", page_credentials_unread)):
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        write(folder)
        (folder / "hit.expect").write_text("", encoding="utf-8")


if __name__ == "__main__":
    make()
