"""The three byline truth sets of eval/bylines.py: reserved pages are never read, and the
site-held-out folds never split a registered domain."""

from __future__ import annotations

import gzip
from collections import defaultdict
from pathlib import Path

import pytest

from eval import bylines
from eval.bylines import Page, Prediction


def test_site_keeps_country_code_second_levels() -> None:
    assert bylines.site("https://news.example.co.uk/a") == "example.co.uk"
    assert bylines.site("http://www1.example.com.br/x") == "example.com.br"
    assert bylines.site("https://blog.example.de/") == "example.de"
    assert bylines.site("") == "?"


def test_reserved_pages_are_skipped_unopened(tmp_path: Path) -> None:
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "kept.html.gz").write_bytes(gzip.compress(b"<html><p>By Jane Roe</p></html>"))
    (tmp_path / "set" / "held.html.gz").write_bytes(b"not gzip: opening this page raises")
    (tmp_path / "reserved-bylines.tsv").write_text("# reserved\nrelpath\nset/held.html.gz\n", encoding="utf-8")
    truth = tmp_path / "set" / "truth.tsv"
    truth.write_text("relpath\turl\texpected_authors\thas_byline\n"
                     "set/kept.html.gz\thttps://www.example.org/a\tJane Roe\t1\n"
                     "set/held.html.gz\thttps://example.org/b\tJohn Doe\t1\n", encoding="utf-8")
    pages = bylines.read_pages(truth, root=tmp_path)
    assert [p.path for p in pages] == ["set/kept.html.gz"]
    assert pages[0].site == "example.org" and pages[0].expected == "Jane Roe"
    assert bylines.reserved(tmp_path / "reserved-bylines.tsv") == {"set/held.html.gz"}


def test_pages_without_a_url_join_their_stems_site(tmp_path: Path) -> None:
    for name in ("paper-1", "paper-2", "lone"):
        (tmp_path / f"{name}.html.gz").write_bytes(gzip.compress(b"<html></html>"))
    truth = tmp_path / "bylines.tsv"
    truth.write_text("name\trelpath\turl_in_page\texpected_authors\thas_byline\tnote\n"
                     "paper-1\tpaper-1.html.gz\thttps://www.paper.example.net/x\tA B\t1\t\n"
                     "paper-2\tpaper-2.html.gz\t\tC D\t1\tstring includes a URL\n"
                     "lone\tlone.html.gz\t\t\t0\tsynthetic test page (lorem ipsum text)\n", encoding="utf-8")
    spec = bylines.TruthSet("r", truth, url="url_in_page", note="note")
    pages = {p.path: p for p in bylines.read_pages(truth, spec, root=tmp_path, skip=())}
    assert pages["paper-2.html.gz"].site == pages["paper-1.html.gz"].site == "example.net"
    assert pages["paper-2.html.gz"].flagged and not pages["paper-1.html.gz"].flagged
    assert not pages["lone.html.gz"].flagged  # a synthetic page is not a questioned name
    assert pages["lone.html.gz"].site == "r:synthetic"


def test_name_match_is_token_jaccard_half() -> None:
    pages = [Page("a", "", True, "Jane Roe"), Page("b", "", True, "Jane Roe"), Page("c", "", False, "")]
    preds = {"a": Prediction(True, ("Jane Roe", "Max Mustermann")),  # J = 2/4: a match
             "b": Prediction(True, ("Jane Roe", "Max Mustermann", "Staff")),  # J = 2/5: not
             "c": Prediction(True, ("Jane Roe",))}
    s = bylines.score(pages, preds)
    assert s.name_match == 0.5 and s.accuracy == pytest.approx(2 / 3)
    assert s.token_match == 1.0 and s.token_precision == pytest.approx((2 / 4 + 2 / 5) / 2)


def test_real_sets_skip_reserved_pages_and_keep_each_site_in_one_fold(shared: Path) -> None:
    corpus = shared / "corpora" / "articles"
    if not all(s.truth.exists() for s in bylines.SETS) or not (corpus / "reserved-bylines.tsv").exists():
        pytest.skip("the byline truth sets are not in ../shared")
    held = bylines.reserved()
    assert held, "reserved-bylines.tsv lists no page"
    by_set = bylines.read_all()
    assert set(by_set) == {s.name for s in bylines.SETS}
    pooled = [p for ps in by_set.values() for p in ps]
    assert pooled and not held & {p.path for p in pooled}
    folds_of_site: dict[str, set[int]] = defaultdict(set)
    for k, fold in bylines.folds(pooled).items():
        for page in fold:
            folds_of_site[page.site].add(k)
    assert all(len(ks) == 1 for ks in folds_of_site.values())
    assert sum(len(f) for f in bylines.folds(pooled).values()) == len(pooled)
    assert len({k for ks in folds_of_site.values() for k in ks}) == bylines.K
    # hosts of one registered domain (www., news., a second set) share a site, hence a fold
    assert len(folds_of_site) < len({p.path for p in pooled})
