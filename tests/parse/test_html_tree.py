"""The HTML5 tree keeps every text run at its exact place in the source.

What the tree builder must get right: the tree a browser builds (so markup cannot hide text
from the checks), and for every text node the offsets of the characters it came from (so a
finding's line and column point at the words it quotes).
"""

from __future__ import annotations

import pytest

from integrity.parse.html_tree import Element, TextNode, build_tree
from integrity.parse.source_scan import NewlineMap, charref, locate_text


def texts(source: str) -> list[TextNode]:
    tree = build_tree(source)
    out: list[TextNode] = []
    stack: list[Element | TextNode] = [tree.root]
    while stack:
        node = stack.pop()
        if isinstance(node, TextNode):
            out.append(node)
        else:
            stack.extend(reversed(node.children))
    return out


def visible(source: str) -> str:
    return "".join(t.text for t in texts(source))


def assert_exact(source: str) -> None:
    """Every located text piece is the source slice it claims, decoded."""
    for t in texts(source):
        raw = source[t.start : t.end]
        if t.end - t.start == len(t.text):
            assert raw.replace("\r", "\n") == t.text.replace("\r", "\n"), (t, raw)
        else:  # a character reference (or a CRLF) stands for the text
            assert raw.startswith("&") or "\r" in raw, (t, raw)


@pytest.mark.parametrize(
    ("markup", "shown"),
    [
        ("<p>One.</p><!--><p>Two claims.</p>", "Two claims."),  # an empty comment, not an open one
        ("<p>One.</p><!---><p>Two claims.</p>", "Two claims."),
        ("<p>One.</p><!-- note --!><p>Two claims.</p>", "Two claims."),  # closed by --!>
        ("<p>One.</p></script/ ><p>Two claims.</p>", "Two claims."),  # a stray end tag with junk
        ("<p>One.</p><head><p>Two claims.</p>", "Two claims."),  # a stray <head> in the body is ignored
        ("<p>One. <button>Go<p>Two claims.</p>", "Two claims."),  # an unclosed <button> closes at <p>
        ("<p>One. <svg><path d='M0'><p>Two claims.</p>", "Two claims."),  # <p> breaks out of inline SVG
    ],
)
def test_markup_that_fooled_the_old_tokenizer_does_not_hide_text(markup: str, shown: str) -> None:
    tree = build_tree("<html><body>" + markup + "</body></html>")
    paragraphs = [el for el in tree.elements if el.tag == "p"]
    assert any(p.text_content() == shown for p in paragraphs)
    assert_exact("<html><body>" + markup + "</body></html>")


def test_text_inside_an_unclosed_script_or_a_comment_is_not_shown() -> None:
    assert "Hidden" not in "".join(t.text for t in texts("<p>Shown.</p><!-- Hidden. -->"))
    tree = build_tree("<p>Shown.</p><script>var s = '<p>Hidden.</p>';</script>")
    ps = [el.text_content() for el in tree.elements if el.tag == "p"]
    assert ps == ["Shown."]


def test_offsets_of_plain_text_and_references() -> None:
    source = "<p class=x>Fish &amp; chips, caf&eacute; &notit; end</p>"
    assert_exact(source)
    pieces = [t for t in texts(source)]
    assert "".join(t.text for t in pieces) == "Fish & chips, café ¬it; end"
    amp = next(t for t in pieces if t.text == "&")
    assert source[amp.start : amp.end] == "&amp;"
    eacute = next(t for t in pieces if t.text == "é")
    assert source[eacute.start : eacute.end] == "&eacute;"


def test_crlf_source_offsets_index_the_file_as_given() -> None:
    source = "<html>\r\n<body>\r\n<p>First line\r\nsecond line</p>\r\n<p>Third</p></body></html>"
    third = next(t for t in texts(source) if "Third" in t.text)
    assert source[third.start : third.end] == "Third"
    first = next(t for t in texts(source) if "First" in t.text)
    assert source[first.start : first.end] == "First line\r\nsecond line"
    p = [el for el in build_tree(source).elements if el.tag == "p"][1]
    assert source[p.start : p.tag_end] == "<p>"


def test_text_joined_across_an_ignored_tag_maps_each_piece() -> None:
    source = "<p>alpha</span> beta</p>"
    pieces = texts(source)
    assert "".join(t.text for t in pieces) == "alpha beta"
    assert [source[t.start : t.end] for t in pieces] == ["alpha", " beta"]


def test_foster_parented_text_and_reopened_formatting_elements() -> None:
    source = "<table><tr><td>cell</td></tr>loose<tr><td>two</td></tr></table><p><b>bold</p><p>again"
    tree = build_tree(source)
    for t in texts(source):
        assert source[t.start : t.end] == t.text
    body_text = [t.text for t in texts(source)]
    assert body_text.index("loose") < body_text.index("cell")  # moved before the table, as browsers do
    bs = [el for el in tree.elements if el.tag == "b"]
    assert len(bs) == 2 and bs[1].start == bs[1].tag_end  # the reopened <b> has no tag of its own


def test_attributes_keep_their_written_value_and_span() -> None:
    tree = build_tree('<div class="byline  main" data-x="a &amp; b" CLASS="dup"><p alt=" Mayor ">x</p></div>')
    div = next(el for el in tree.elements if el.tag == "div")
    assert div.get("class") == "byline  main"  # the first of duplicate attributes, as written
    assert div.get("data-x") == "a & b"
    assert {"byline", "main"} <= div.tokens()


def test_no_text_node_is_lost_on_hostile_nesting() -> None:
    source = "<div>" * 5000 + "deep" + "</div>" * 5000
    assert "deep" in visible(source)
    assert_exact(source)


def test_unlocatable_text_is_reported_not_guessed() -> None:
    # the scan is handed text that is not in the source: it says so instead of picking a place
    assert locate_text("<p>abc</p>", "xyz", 3) is None
    tree = build_tree("<p>plain</p>")
    assert tree.unlocated == []


def test_character_references_decode_as_the_tokenizer_does() -> None:
    assert charref("&amp;x", 0) == ("&", 5)
    assert charref("&ampx", 0) == ("&", 4)  # legacy name without semicolon
    assert charref("&#x80;", 0) == ("€", 6)  # C1 range read as windows-1252
    assert charref("&#0;", 0) == ("\ufffd", 4)
    assert charref("&nosuch;", 0) is None


def test_newline_map_restores_offsets_after_each_crlf() -> None:
    original = "a\r\nb\r\nc"
    fix = NewlineMap(original)
    normalised = "a\nb\nc"
    for k, ch in enumerate(normalised):
        if ch != "\n":
            assert original[fix(k)] == ch
