"""Reading author candidates: the words that split names and the meta tags that date
a page come from the lexicons, so a newsroom's own lexicon file changes them."""

from __future__ import annotations

from pathlib import Path

from integrity.api import checker
from integrity.config import Config
from integrity.parse import parse_html
from integrity.ruledata.folders import builtin_rules_dir

C = checker()


def names(text: str, layout=C.layout) -> list[str]:  # type: ignore[no-untyped-def]
    return layout.names.names(text)


def test_joiners_of_each_language_split_names() -> None:
    assert names("By Ann Lee and Bo Chan") == ["Ann Lee", "Bo Chan"]
    assert names("Von Anna Schmidt und Jonas Weber") == ["Anna Schmidt", "Jonas Weber"]
    assert names("Ana Ruiz y Luis Gil") == ["Ana Ruiz", "Luis Gil"]
    assert names("Ann Y Kim") == ["Ann Y Kim"]  # a one-letter joiner joins only in lower case


def test_a_joiner_between_two_elements_is_a_list_separator() -> None:
    html = ('<html><head><title>S</title></head><body><article><h1>S</h1><div class="byline">'
            '<a href="/author/ann-lee">Ann Lee</a><span>and</span><a href="/author/bo-chan">Bo Chan</a></div>'
            "<p>Text.</p></article></body></html>")
    a = parse_html(html, "page.html", C.layout)
    assert [c.author.name for c in a.author_candidates if c.source == "element"] == ["Ann Lee", "Bo Chan"]


def _newsroom(tmp_path: Path, lexicon: str, add: str) -> Path:
    text = (builtin_rules_dir() / "lexicons" / f"{lexicon}.yml").read_text(encoding="utf-8")
    (tmp_path / "lexicons").mkdir(exist_ok=True)
    (tmp_path / "lexicons" / f"{lexicon}.yml").write_text(text.rstrip("\n") + "\n" + add + "\n", encoding="utf-8")
    return tmp_path


def test_a_newsroom_lexicon_adds_a_joiner(tmp_path: Path) -> None:
    assert names("Kari Nordmann og Ola Hansen") == ["Kari Nordmann og Ola Hansen"]
    folder = _newsroom(tmp_path, "byline-names", "  - {phrase: og, kind: joiner, lang: nb, origin: 'Norwegian conjunction'}")
    own = checker(Config(rule_paths=(folder,))).layout
    assert names("Kari Nordmann og Ola Hansen", own) == ["Kari Nordmann", "Ola Hansen"]


def test_a_newsroom_lexicon_adds_a_date_meta_tag(tmp_path: Path) -> None:
    html = ('<html><head><meta name="article.created" content="2024-05-03T10:00:00Z"><title>S</title></head>'
            "<body><h1>S</h1><p>Text.</p></body></html>")
    assert parse_html(html, "page.html", C.layout).published is None
    folder = _newsroom(tmp_path, "page-meta", "  - {phrase: article.created, kind: meta-date-key, origin: 'a CMS template'}")
    own = checker(Config(rule_paths=(folder,))).layout
    assert parse_html(html, "page.html", own).published == "2024-05-03T10:00:00+00:00"


def test_a_newsroom_lexicon_adds_a_joiner_between_elements(tmp_path: Path) -> None:
    html = ('<html><head><title>S</title></head><body><article><h1>S</h1><div class="byline">'
            '<a href="/autor/a">Anna Schmidt</a><span>und</span><a href="/autor/b">Jonas Weber</a></div>'
            "<p>Text.</p></article></body></html>")

    def element_names(layout) -> list[str]:  # type: ignore[no-untyped-def]
        return [c.author.name for c in parse_html(html, "page.html", layout).author_candidates if c.source == "element"]

    assert element_names(C.layout) == ["Anna Schmidt"]  # "und" is a joiner inside a text, not yet between elements
    folder = _newsroom(tmp_path, "byline-names", "  - {phrase: und, kind: boundary-joiner, lang: de, origin: 'German conjunction'}")
    assert element_names(checker(Config(rule_paths=(folder,))).layout) == ["Anna Schmidt", "Jonas Weber"]


def test_dates_and_updated_stamps_end_the_names_in_every_supported_language() -> None:
    assert names("By Jane Doe Mar 3rd 2019") == ["Jane Doe"]
    assert names("By Jane Doe Thursday, March 3") == ["Jane Doe"]
    assert names("Jane Doe December 2019") == ["Jane Doe"]
    assert names("By Jane Doe Updated 4:05 PM EST") == ["Jane Doe"]
    assert names("Von Anna Schmidt, 16. März 2021") == ["Anna Schmidt"]
    assert names("Von Anna Schmidt Aktualisiert am 3. Mai, 12:30 Uhr") == ["Anna Schmidt"]
    assert names("MORITZ GATHMANN am 21. April 2020") == ["MORITZ GATHMANN"]
    assert names("Par Jeanne Martin Publié le 1er mars 2020") == ["Jeanne Martin"]
    assert names("Por Ana Ruiz Actualizado el 3 de marzo de 2020") == ["Ana Ruiz"]
    assert names("Mario Rossi Aggiornato il 5 maggio 2021") == ["Mario Rossi"]
    assert names("Автор Иван Петров 3 марта 2019") == ["Иван Петров"]
    assert names("Иван Петров Обновлено 12 мая") == ["Иван Петров"]


def test_a_name_that_is_also_a_month_or_a_weekday_is_not_a_date() -> None:
    """A month word cuts only beside a day or a year: these names stay whole."""
    assert names("By June Smith") == ["June Smith"]
    assert names("By June Smith, June 3, 2019") == ["June Smith"]
    assert names("By Augusta Lee") == ["Augusta Lee"]
    assert names("Augusta Lee | Aug. 12") == ["Augusta Lee"]
    assert names("By May Chen Updated May 3rd 2019") == ["May Chen"]
    assert names("By April Ryan and Mayer Marchand") == ["April Ryan", "Mayer Marchand"]
    assert names("Von Mai Nguyen") == ["Mai Nguyen"]
    assert names("Domenica Rossi") == ["Domenica Rossi"]
    assert names("Por María del Mar Pérez") == ["María del Mar Pérez"]
    assert names("By Jan Novak, 3 Jan") == ["Jan Novak"]
    assert names("By Marta Sept") == ["Marta Sept"]


def test_the_date_words_are_data_a_newsroom_extends(tmp_path: Path) -> None:
    assert names("Kari Nordmann oppdatert i går") == ["Kari Nordmann oppdatert i går"]
    folder = _newsroom(tmp_path, "date-words", "  - {phrase: oppdatert, kind: stamp, lang: nb, origin: 'Norwegian \"updated\"'}")
    own = checker(Config(rule_paths=(folder,))).layout
    assert names("Kari Nordmann oppdatert i går", own) == ["Kari Nordmann"]


def _byline_names(html: str) -> list[str]:
    from integrity.detectors.byline import choose_byline

    return list(choose_byline(parse_html(html, "page.html", C.layout), C.layout).byline.names)


def test_a_lower_case_user_name_counts_only_where_the_page_marks_it_as_the_author() -> None:
    page = ('<html><head><title>Ein Titel</title></head><body><article><h1>Ein Titel</h1>'
            '<span class="byline"> von <span class="author vcard"><a class="url fn n" href="/author/g1zz/">{}</a>'
            "</span></span><p>Text des Artikels.</p></article></body></html>")
    assert _byline_names(page.format("zottel")) == ["zottel"]
    assert _byline_names(page.format("bluefox")) == ["bluefox"]
    # the same lower-case words in running text are prose, not names
    assert names("von zottel") == [] and names("written by hand") == []
    # a particle or a role in a byline element is still no name
    assert _byline_names(page.format("von")) == []
    assert _byline_names(page.format("editor")) == []


def test_bylines_open_with_the_word_for_by_or_author_of_each_language() -> None:
    assert names("vom Support Team") == ["Support Team"]
    assert names("Autor: Fritz Eber") == ["Fritz Eber"]
    assert names("Autore: Mario Rossi") == ["Mario Rossi"]
    assert names("escrito por Ana Ruiz") == ["Ana Ruiz"]
    assert names("Ein Artikel von Petra Lindner | 27.01.2022 - 12:45") == ["Petra Lindner"]
    assert names("di Mario Rossi") == ["Mario Rossi"]
    # a capitalised "Di" is a family name's particle, not the Italian "by"
    assert names("Di Stefano Luca") == ["Di Stefano Luca"]


def test_a_wrapper_that_holds_the_headline_is_not_chrome_whatever_its_class() -> None:
    page = ('<html><head><title>A title</title></head><body><div class="{}"><article><h1>A title</h1>'
            '<div class="byline">By Jane Roe</div><p>Text of the article.</p></article></div>'
            '<div class="sidebar"><div class="byline">By Sam Other</div></div></body></html>')
    assert _byline_names(page.format("page-with-sidebar")) == ["Jane Roe"]
    # a real sidebar beside the article stays chrome: its byline is no credit
    rejected = [c for c in parse_html(page.format("page"), "page.html", C.layout).author_candidates
                if c.author.name == "Sam Other"]
    assert rejected and rejected[0].rejected == "chrome"


def test_an_articles_own_footer_holds_its_byline_but_the_pages_footer_does_not() -> None:
    inside = ('<html><head><title>A title</title></head><body><article><h1>A title</h1><p>Text of the article.</p>'
              '<footer class="post-footer">Posted by <a rel="author" href="/author/gk/">Gina Kent</a> at 18:52'
              "</footer></article></body></html>")
    assert _byline_names(inside) == ["Gina Kent"]
    outside = ('<html><head><title>A title</title></head><body><article><h1>A title</h1><p>Text of the article.</p>'
               '</article><footer class="site-footer"><span class="author">Gina Kent</span></footer></body></html>')
    assert _byline_names(outside) == []
    # a comment list inside the article's footer is still chrome
    comments = inside.replace('class="post-footer"', 'class="comments-footer"')
    assert _byline_names(comments) == []


def test_archive_links_comment_counts_categories_and_reading_times_end_the_names() -> None:
    assert names("Christoph Adler | ca. 8 Min.") == ["Christoph Adler"]
    assert names("27. Januar 2014 by Barbara Lenz / Kategorien: Event, Fashion") == ["Barbara Lenz"]
    assert names("1. Januar 2016 von KleineRoteWolke Ein Kommentar") == ["KleineRoteWolke"]
    assert names("Zur Person Alle Beiträge Vereins-Team") == ["Vereins-Team"]
    assert names("Alle Artikel") == [] and names("Letzte Aktualisierung") == []
    # the words alone, inside a name, are no cut
    assert names("By Alle Kommer") == ["Alle Kommer"]


def test_a_lead_in_front_leaves_a_name_particle_in_the_name() -> None:
    assert names("Artikel von Greta von Hagen 19. Juni 2019") == ["Greta von Hagen"]
    assert names("Letzte Aktualisierung: 28.01.2022 Autor*in Britta Kessler") == ["Britta Kessler"]
    assert names("AUTOR/IN Julius Brenner") == ["Julius Brenner"]
    assert names("Escribe Lucía Ferrer") == ["Lucía Ferrer"]
    assert names("Von Ursula von der Lahn") == ["Ursula von der Lahn"]
    assert names("Ein Kommentar von Anna Schmidt") == ["Anna Schmidt"]


def test_a_signature_line_at_the_end_of_the_article_is_its_byline() -> None:
    body = "".join(f"<p>Paragraph {i} of the article tells what happened in the town.</p>" for i in range(8))
    page = ('<html><head><title>Ein Titel</title></head><body><article><h1>Ein Titel</h1>'
            f"{body}<p>{{}}</p></article></body></html>")
    assert _byline_names(page.format("<strong>Text:</strong> Klaus Wendel, Fotos: Helmut Sauer")) == ["Klaus Wendel"]
    assert _byline_names(page.format("Von: Götz Amsel")) == ["Götz Amsel"]
    # at the end, a line with no label is prose, not a signature ("… said Anna Roe")
    assert _byline_names(page.format("The council met again, said by many to be late.")) == []
    assert _byline_names(page.format("Anna Roe")) == []


def test_the_next_field_of_a_byline_block_ends_the_names() -> None:
    assert names("Autor: Gàbor Lenár Datum: 15.Jun.19") == ["Gàbor Lenár"]
    assert names("Text: Jane Roe, Fotos: Sam Kent") == ["Jane Roe"]



def test_a_line_that_opens_with_a_lead_ending_in_by_is_a_byline_line() -> None:
    page = ('<html><head><title>Vier Übungen</title></head><body><h1>Vier Übungen</h1>'
            "<div>{}</div><article><p>Text des Artikels, der lang genug ist.</p></article></body></html>")
    assert _byline_names(page.format("Ein Artikel von <strong>Petra Lindner</strong> | 27.01.2022 - 12:45")) == ["Petra Lindner"]
    # a sentence whose "von" follows other words is not a byline
    assert _byline_names(page.format("Ein Bericht über die Pläne von Anna Roe")) == []
