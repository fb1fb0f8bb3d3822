"""Photo credits: where a credit is found, which photos must be flagged without one,
and the images that are never editorial photos (logos, icons, pixels, decoration)."""

from __future__ import annotations

import pytest

import integrity
from integrity.api import checker
from integrity.detectors.photo_credit import detect
from integrity.image_input import ImageInput
from integrity.images import Credentials, Credit, ImageEvidence
from integrity.parse import parse_html, parse_text

C = checker()
RULE = "credit/missing-photo-credit"


def page(body: str, head: str = "") -> str:
    return (f"<html><head><title>Flood</title>{head}</head><body><article><h1>Flood</h1>"
            f"<p>The river rose two metres overnight, the county said in a statement on Tuesday.</p>{body}"
            "</article></body></html>")


def facts(body: str, head: str = ""):  # type: ignore[no-untyped-def]
    return list(detect(parse_html(page(body, head), "p.html", C.layout), C.context))


def one(body: str, head: str = ""):  # type: ignore[no-untyped-def]
    found = facts(body, head)
    assert len(found) == 1, found
    return found[0].data


def flagged(body: str, head: str = "") -> list[str]:
    report = integrity.check(page(body, head), kind="html")
    return [f.subject for f in report.findings if f.rule_id == RULE]


FIG = '<figure><img src="https://example.com/photos/street.jpg" width="1200" height="800" alt="Street">{}</figure>'


# --- credits and where they come from ------------------------------------------------------------

@pytest.mark.parametrize(
    "caption, credit",
    [
        ("Water covers Main Street. Photo: Jane Roe", "Photo: Jane Roe"),
        ("Water covers Main Street. (AP Photo/Evan Vucci)", "(AP Photo/Evan Vucci)"),
        ("Water covers Main Street. Getty Images", "Getty Images"),
        ("Water covers Main Street. Credit: County Fire Service", "Credit: County Fire Service"),
        ("Water covers Main Street. Photograph by Jane Roe", "Photograph by Jane Roe"),
        ("Hochwasser in der Altstadt. Foto: Anna Schmidt", "Foto: Anna Schmidt"),
        ("Київ після зливи. Фото: Олена Петренко", "Фото: Олена Петренко"),
        ("Затопленная улица. Фото: Иван Петров", "Фото: Иван Петров"),
        ("La rue inondée. Crédit photo : Marie Dupont", "Crédit photo : Marie Dupont"),
        ("La calle inundada. Foto: Carlos Ruiz", "Foto: Carlos Ruiz"),
        ("Water covers Main Street. © Jane Roe 2024", "© Jane Roe 2024"),
        ("Water covers Main Street. Courtesy of the county", "Courtesy of the county"),
    ],
)
def test_caption_credit_lines(caption: str, credit: str) -> None:
    data = one(FIG.format(f"<figcaption>{caption}</figcaption>"))
    assert (data["status"], data["source"], data["credit"]) == ("credited", "caption", credit)


def test_credit_element_in_figure() -> None:
    data = one(FIG.format('<figcaption>Main Street. <span class="image-credit">Jane Roe/Gazette</span></figcaption>'))
    assert (data["source"], data["credit"]) == ("credit-element", "Jane Roe/Gazette")


def test_credit_element_beside_an_image_without_figure() -> None:
    body = ('<div class="media"><img src="https://example.com/photos/street.jpg" alt="Street">'
            '<span class="photo-credit">Jane Roe</span></div>')
    assert (one(body)["source"], one(body)["credit"]) == ("credit-element", "Jane Roe")


@pytest.mark.parametrize("prop", ["creditText", "copyrightHolder", "creator"])
def test_jsonld_image_object_matched_by_url(prop: str) -> None:
    value = '"County Fire Service"' if prop == "creditText" else '{"@type":"Organization","name":"County Fire Service"}'
    head = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
            '"image":{"@type":"ImageObject","url":"https://cdn.example.com/photos/street.jpg?w=2000",'
            f'"{prop}":{value}}}}}</script>')
    data = one(FIG.format("<figcaption>Main Street.</figcaption>"), head)
    assert (data["status"], data["source"], data["credit"]) == ("credited", "structured-data", "County Fire Service")


def test_jsonld_credit_of_another_image_does_not_count() -> None:
    head = ('<script type="application/ld+json">{"@type":"ImageObject","url":"https://example.com/photos/other.jpg",'
            '"creditText":"County Fire Service"}</script>')
    assert one(FIG.format("<figcaption>Main Street.</figcaption>"), head)["status"] == "missing"


def test_embedded_credit_from_the_image_file() -> None:
    """The image analysis stage hands ImageEvidence to detectors on Context.images; its IPTC/XMP credit counts."""
    evidence = ImageEvidence("street.jpg", "JPEG", 1200, 800, "none", Credentials(),
                             credit=Credit(credit="Reuters", creator=("Jane Roe",)))
    article = parse_html(page(FIG.format("<figcaption>Main Street.</figcaption>")), "p.html", C.layout)
    context = C.context.with_images({i.index: ImageInput(evidence=evidence) for i in article.images})
    data = next(iter(detect(article, context))).data
    assert (data["status"], data["source"], data["credit"]) == ("credited", "embedded", "Reuters / Jane Roe")
    assert next(iter(detect(article, C.context))).data["status"] == "missing"  # the same page, bytes not read


def test_the_analysed_size_makes_an_unsized_image_small() -> None:
    body = '<p><img src="https://example.com/photos/dot.png" alt="Street"></p>'
    article = parse_html(page(body), "p.html", C.layout)
    tiny = ImageEvidence("dot.png", "PNG", 1, 1, "unknown", Credentials())
    context = C.context.with_images({i.index: ImageInput(evidence=tiny) for i in article.images})
    assert next(iter(detect(article, context))).data == {"index": 1, "src": "https://example.com/photos/dot.png",
                                                         "status": "not-editorial", "reason": "small"}
    assert next(iter(detect(article, C.context))).data["status"] == "missing"


# --- what must be flagged -----------------------------------------------------------------------------

def test_figure_with_caption_but_no_credit_is_flagged() -> None:
    assert flagged(FIG.format("<figcaption>Water covers Main Street on Tuesday.</figcaption>")) == ["image[1]"]


def test_large_inline_photo_without_credit_is_flagged() -> None:
    assert flagged('<p><img src="https://example.com/photos/street.jpg" width="900" height="600" alt="Street"></p>') == ["image[1]"]


def test_prose_about_a_photo_is_not_a_credit() -> None:
    assert one(FIG.format("<figcaption>A photo of the mayor taken in 1990 shows the old bridge.</figcaption>"))["status"] == "missing"


# --- what must never be flagged -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "body, reason",
    [
        ('<img src="https://example.com/static/site-logo.png" alt="Example News">', "source-name"),
        ('<img class="logo" src="https://example.com/static/brand.png" alt="Example News">', "class:logo"),
        ('<a class="site-logo" href="/"><img src="https://example.com/static/brand.png" alt="Home"></a>', "class:logo"),
        ('<img src="https://example.com/icons/share.svg" alt="Share">', "source-name"),
        ('<img class="author-avatar" src="https://example.com/people/dana.jpg" alt="Dana">', "class:author"),
        ('<img src="https://example.com/t.gif" width="1" height="1" alt="">', "small"),
        ('<img src="https://example.com/photos/thumb.jpg" width="80" height="60" alt="Thumb">', "small"),
        ('<img src="https://example.com/photos/divider.jpg" alt="" role="presentation">', "decorative"),
        ('<img src="https://example.com/photos/ornament.jpg" aria-hidden="true" alt="ornament">', "decorative"),
        ('<img src="https://example.com/img/weather.png" class="sprite" alt="sun">', "class:sprite"),
        ('<div class="ad-slot"><img src="https://example.com/banner.jpg" alt="Buy"></div>', "class:ad"),
        ('<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">', "source-name"),
    ],
)
def test_not_editorial(body: str, reason: str) -> None:
    data = one(body)
    assert (data["status"], data["reason"]) == ("not-editorial", reason)
    assert flagged(body) == []


@pytest.mark.parametrize(
    "outside",
    [
        '<aside class="related"><img src="https://example.com/photos/other-story.jpg" alt="Other"></aside>',
        '<footer><img src="https://example.com/photos/partner.jpg" alt="Partner"></footer>',
        '<nav><img src="https://example.com/photos/menu.jpg" alt="Menu"></nav>',
    ],
)
def test_images_outside_the_article_are_not_flagged(outside: str) -> None:
    source = page("").replace("</body>", outside + "</body>")
    report = integrity.check(source, kind="html")
    assert [f for f in report.findings if f.rule_id == RULE] == []


def test_og_image_is_not_flagged() -> None:
    head = '<meta property="og:image" content="https://example.com/photos/share-card.jpg">'
    assert flagged("", head) == []


def test_text_article_label_lines_are_not_flagged() -> None:
    text = ("Storm closes schools\n\nBy Dana Whitfield\n\nSchools closed on Monday after the storm, the district said.\n\n"
            "Ai generated image\n\nThe river rose two metres overnight, the county said.\n")
    report = integrity.check(text, kind="text")
    assert [f for f in report.findings if f.rule_id == RULE] == []


# --- text articles: credit lines beside label lines -----------------------------------------------------

def test_text_credit_lines_attach_to_label_lines() -> None:
    text = ("Storm closes schools\n\nBy Dana Whitfield\n\nSchools closed on Monday after the storm, the district said.\n\n"
            "Flooded street\nФото: Олена Петренко\n\nThe river rose two metres overnight, the county said.\n\n"
            "Photo: Omar Haddad\nThe old bridge\n\nWater covered the road, officials said on Tuesday.\n")
    a = parse_text(text, "a.txt", C.layout)
    got = [(i.label.text if i.label else None, i.credit.text if i.credit else None) for i in a.images]
    assert got == [("Flooded street", "Фото: Олена Петренко"), ("The old bridge", "Photo: Omar Haddad")]
    assert [f.data["status"] for f in detect(a, C.context)] == ["credited", "credited"]


def test_wire_style_credit_at_the_end_of_a_caption() -> None:
    data = one(FIG.format("<figcaption>Earl and Naomi rent an apartment in Toronto. (Darek Zdzienicki/CBC)</figcaption>"))
    assert (data["source"], data["credit"]) == ("caption", "(Darek Zdzienicki/CBC)")


def test_caption_paragraph_after_an_image_without_figure() -> None:
    body = ('<p><img src="https://example.com/photos/street.jpg" alt=""></p>'
            '<p class="caption">Image source: Getty Images.</p>')
    data = one(body)
    assert (data["status"], data["source"]) == ("credited", "caption")


def test_caption_paragraph_without_credit_is_still_missing() -> None:
    body = ('<p><img src="https://example.com/photos/street.jpg" alt="Street"></p>'
            '<p class="caption">Water covers Main Street.</p>')
    assert one(body)["status"] == "missing"


def test_teaser_linking_to_another_story_is_not_flagged() -> None:
    body = '<a href="/2024/05/other-story"><img src="https://example.com/photos/other.jpg" alt="Other story"></a>'
    data = one(body)
    assert (data["status"], data["reason"]) == ("not-editorial", "teaser")


def test_photo_linking_to_its_full_size_file_is_still_editorial() -> None:
    body = ('<a href="https://example.com/photos/street-full.jpg">'
            '<img src="https://example.com/photos/street.jpg" alt="Street"></a>')
    assert one(body)["status"] == "missing"


# --- the article around the body: its header and lead picture, not the page around it --------------

_PROSE = "".join(
    f"<p>The river rose {n} metres overnight, the county said, and crews closed the bridge, the road and the "
    f"school while residents moved cars, furniture and animals to higher ground on the east side.</p>"
    for n in range(2, 9)
)


def _article_page(inside: str = "", outside: str = "") -> str:
    return ("<html><head><title>Flood</title></head><body>"
            '<header class="site-header"><img src="https://example.com/photos/masthead.jpg" width="900" height="300"'
            ' alt="Masthead"></header>'
            f'<article><header><h1>Flood</h1>{inside}</header><div class="story-body">{_PROSE}</div>'
            '<div class="gallery"><img src="https://example.com/photos/gallery-1.jpg" width="1200" height="800"'
            ' alt="Bridge"></div></article>'
            f"{outside}</body></html>")


def _credit_facts(source: str) -> dict[str, dict[str, object]]:
    article = parse_html(source, "p.html", C.layout)
    return {str(f.data["src"]).rsplit("/", 1)[-1]: f.data for f in detect(article, C.context)}


def test_the_lead_picture_in_the_articles_header_is_an_editorial_photo() -> None:
    lead = '<figure><img src="https://example.com/photos/lead.jpg" width="1200" height="800" alt="Street"></figure>'
    found = _credit_facts(_article_page(inside=lead))
    assert found["lead.jpg"]["status"] == "missing"
    # a gallery of the same article, outside the text the body selection picked, is editorial too
    assert found["gallery-1.jpg"]["status"] == "missing"
    # the page's own header is not the article's: its image is not read as one of the article's photos
    assert "masthead.jpg" not in found


def test_a_credited_lead_picture_in_the_articles_header_is_credited() -> None:
    lead = ('<figure><img src="https://example.com/photos/lead.jpg" width="1200" height="800" alt="Street">'
            "<figcaption>Water covers Main Street. Photo: Jane Roe</figcaption></figure>")
    found = _credit_facts(_article_page(inside=lead))
    assert (found["lead.jpg"]["status"], found["lead.jpg"]["credit"]) == ("credited", "Photo: Jane Roe")


def test_an_image_of_another_article_on_the_page_stays_outside_the_body() -> None:
    other = ('<section><article><h2>Other story</h2><img src="https://example.com/photos/other.jpg" width="1200"'
             ' height="800" alt="Other"><p>Short teaser.</p></article></section>')
    found = _credit_facts(_article_page(outside=other))
    assert (found["other.jpg"]["status"], found["other.jpg"]["reason"]) == ("not-editorial", "outside-body")


def test_a_source_element_of_the_figure_is_its_credit() -> None:
    data = one(FIG.format('<figcaption><p class="caption">Water covers Main Street.</p>'
                          '<p class="source">(Bild: Hersteller)</p></figcaption>'))
    assert (data["status"], data["source"], data["credit"]) == ("credited", "credit-element", "(Bild: Hersteller)")
    data = one('<div class="slide"><img src="https://example.com/photos/street.jpg" width="1200" height="800" alt="">'
               '<div class="featured-caption"><span class="featured-caption-text">Main Street.</span>'
               '<span class="featured-caption-source">© Jane Roe - stock agency</span></div></div>')
    assert (data["status"], data["credit"]) == ("credited", "© Jane Roe - stock agency")


def test_a_source_list_far_from_the_image_is_no_credit() -> None:
    body = ('<div class="text"><div class="para"><p><img src="https://example.com/photos/street.jpg" width="1200"'
            f' height="800" alt="Street"></p></div>{_PROSE}'
            '<ul class="sources-list source"><li>County statistics office</li></ul></div>')
    assert one(body)["status"] == "missing"


def test_a_credit_three_wrappers_up_is_the_images_own() -> None:
    body = ('<div class="cover"><div class="cover-image"><div class="ratio"><img src="https://example.com/photos/'
            'street.jpg" width="1200" height="800" alt="Street"></div></div><div class="cover-photo-credit">'
            '<div class="photo-credit">Main Street at dawn. (Jane Roe/Agency)</div></div></div>')
    data = one(body)
    assert (data["status"], data["source"]) == ("credited", "credit-element")


def test_a_wrapper_of_two_pictures_does_not_lend_one_credit_to_both() -> None:
    body = ('<div class="pair"><div><img src="https://example.com/photos/a.jpg" width="1200" height="800" alt="A">'
            '</div><div><img src="https://example.com/photos/b.jpg" width="1200" height="800" alt="B">'
            '<span class="credit">Photo: Jane Roe</span></div></div>')
    by_src = {str(f.data["src"]).rsplit("/", 1)[-1]: f.data for f in facts(body)}
    assert by_src["b.jpg"]["status"] == "credited"
    assert by_src["a.jpg"]["status"] == "missing"


@pytest.mark.parametrize(
    "href",
    [
        "https://cdn.example.com/img/flooded-main-street",  # the full-size file, served without an extension
        "/photos/gallery/flooded-main-street.html",  # the picture's own page in a gallery
    ],
)
def test_a_link_to_the_pictures_own_page_is_no_teaser(href: str) -> None:
    body = (f'<a href="{href}"><img src="https://cdn.example.com/img/flooded-main-street.jpg?w=800" width="1200"'
            ' height="800" alt="Main Street"></a>')
    assert one(body)["status"] == "missing"


@pytest.mark.parametrize("href", ["/2024/05/flooded-main-street-reopens", "/story/index.html", "/p/1"])
def test_a_link_to_another_page_stays_a_teaser(href: str) -> None:
    body = (f'<a href="{href}"><img src="https://cdn.example.com/img/flooded-main-street.jpg" width="1200"'
            ' height="800" alt="Main Street"></a>')
    data = one(body)
    assert (data["status"], data["reason"]) == ("not-editorial", "teaser")


def test_a_cite_in_the_figure_is_its_credit() -> None:
    data = one(FIG.format("<div><figcaption><em>Main Street at dawn.</em></figcaption>"
                          "<cite>Image: Jane Roe / The County Paper</cite></div>"))
    assert (data["status"], data["source"], data["credit"]) == (
        "credited", "credit-element", "Image: Jane Roe / The County Paper")


def test_a_credit_line_right_after_the_picture_is_its_credit() -> None:
    body = ('<div class="lead"><span class="pic"><img src="https://example.com/photos/street.jpg" width="1200"'
            ' height="800" alt="Street"></span><small class="note">Foto: © Agentur</small></div>')
    data = one(body)
    assert (data["status"], data["credit"]) == ("credited", "Foto: © Agentur")


@pytest.mark.parametrize(
    "beside",
    [
        "<small>von Anna Schmidt</small>",  # a byline in <small> before the picture's own line
        "<small>Updated 5 May 2024</small>",
    ],
)
def test_a_small_that_is_no_credit_line_beside_a_bare_image_is_no_credit(beside: str) -> None:
    body = (f'<div class="lead">{beside}<span class="pic"><img src="https://example.com/photos/street.jpg"'
            f' width="1200" height="800" alt="Street"></span>{beside}</div>')
    assert one(body)["status"] == "missing"


def test_a_credit_element_holding_the_caption_gives_the_credit_line() -> None:
    data = one(FIG.format('<div class="photo-credit">The chairman and the mayor at a meeting in 2009. '
                          "(Jane Roe/Agency)</div>"))
    assert (data["status"], data["credit"]) == ("credited", "(Jane Roe/Agency)")


def test_the_picture_between_the_headline_and_the_body_leads_the_article() -> None:
    source = ("<html><head><title>Flood</title></head><body>"
              '<div class="banner"><img src="https://example.com/photos/banner.jpg" width="1200" height="300"'
              ' alt="Banner"></div><div class="top"><h1>Flood</h1><div class="lead-picture"><img'
              ' src="https://example.com/photos/lead.jpg" width="1200" height="800" alt="Street"></div></div>'
              f'<div class="story-body">{_PROSE}</div>'
              '<div class="more"><img src="https://example.com/photos/after.jpg" width="1200" height="800"'
              ' alt="Other"></div></body></html>')
    found = _credit_facts(source)
    assert found["lead.jpg"]["status"] == "missing"
    for other in ("banner.jpg", "after.jpg"):  # before the headline, after the body: the page around it
        assert (found[other]["status"], found[other]["reason"]) == ("not-editorial", "outside-body")


def test_each_image_of_the_report_carries_its_chosen_credit_and_where_it_was_found() -> None:
    body = (FIG.format("<figcaption>Water covers Main Street. Photo: Jane Roe</figcaption>")
            + '<p><img src="https://example.com/photos/bridge.jpg" width="1200" height="800" alt="Bridge"></p>'
            + '<img src="https://example.com/img/logo.png" class="logo" alt="Logo">')
    report = integrity.check(page(body), kind="html")
    got = [(i.photo_credit.status, i.photo_credit.credit, i.photo_credit.source, i.photo_credit.reason)
           for i in report.images if i.photo_credit is not None]
    assert got == [("credited", "Photo: Jane Roe", "caption", None), ("missing", None, None, None),
                   ("not-editorial", None, None, "class:logo")]
    assert report.to_dict()["images"][0]["photo_credit"] == {
        "status": "credited", "credit": "Photo: Jane Roe", "source": "caption", "reason": None}
    from integrity.writers.markdown import write  # the table shows the choice
    assert "Photo: Jane Roe \\(caption\\)" in write(integrity.Run.of(report))


@pytest.mark.parametrize(
    "caption, credit",
    [
        ("Water covers Main Street on Tuesday. Jane Roe / AFP", "Jane Roe / AFP"),
        ("Water covers Main Street on Tuesday. Jane van der Roe/Getty Images", "Jane van der Roe/Getty Images"),
        ("Water covers Main Street on Tuesday. Getty Images", "Getty Images"),  # no name before it
        # a slash inside the caption's own sentence is not a photographer's name
        ("Residents and/or volunteers filled sandbags, Getty Images", "Getty Images"),
        ("Protesters in the old town on Tuesday. Jane Roe / AFP", "Jane Roe / AFP"),  # the last sentence only
        ("Crowds in the old town / AFP", "AFP"),  # lower-case words: a caption, not a name
    ],
)
def test_the_photographer_named_before_the_agency_is_part_of_the_credit(caption: str, credit: str) -> None:
    data = one(FIG.format(f"<figcaption>{caption}</figcaption>"))
    assert (data["status"], data["credit"]) == ("credited", credit)


def test_a_credit_element_naming_photographer_and_agency_keeps_both() -> None:
    data = one(FIG.format('<span class="credit">Jane Roe / AFP</span>'))
    assert (data["status"], data["credit"]) == ("credited", "Jane Roe / AFP")
