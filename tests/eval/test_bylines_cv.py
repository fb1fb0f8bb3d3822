"""The site grouping and the per-page verdict of eval/bylines_cv.py."""

from eval.bylines import Page, Prediction
from eval.bylines_cv import fold_of, right, site


def test_site_is_the_registered_domain_without_www() -> None:
    assert site("https://www.example.com/a/b") == "example.com"
    assert site("http://news.example.com/x") == "example.com"
    assert fold_of(site("https://www.example.com/")) == fold_of(site("http://news.example.com/"))


def test_right_needs_the_status_and_half_the_name_tokens() -> None:
    page = Page("p", "", True, "Jane Roe and John Doe")
    assert right(page, Prediction(True, ("Jane Roe", "John Doe")))
    assert not right(page, Prediction(True, ("Staff",)))
    assert not right(page, Prediction(False, ()))
    assert right(Page("q", "", False, ""), Prediction(False, ()))
    assert not right(Page("q", "", False, ""), Prediction(True, ("Jane Roe",)))
