"""Which part of a page is the article body.

Claims are checked in the body only, so navigation, teasers, comment threads
and footers must not be. Each paragraph-like element scores by its length and
commas, damped by how much of it is link text, and hands its score to its
parent and grandparent; container class names push the score up ("article",
"story", "content") or down ("related", "comments"), from
``rules/lexicons/page-layout.yml``. The best container and its strong
siblings are the body. One bottom-up pass, no recursion.
"""

from __future__ import annotations

from dataclasses import dataclass

from .html_tree import Element, TextNode

_PARAGRAPHS = frozenset({"p", "pre", "blockquote", "td", "dd", "li", "h2", "h3"})
_NEVER = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "iframe",
        "object",
        "button",
        "select",
        "textarea",
    }
)
# page chrome: left out of the body, but only where the source closes it (html_tree.Element.bounded)
_CHROME = frozenset({"form", "nav", "footer", "aside"})
_MIN_CHARS = 25
_CLASS_BONUS = 25.0


# the HTML parser's formatting elements. One the source does not close is not a box the author laid
# out: it is an unclosed <b> or <font> that the parser stretches over what follows, or the copy it
# reopens around each later block (reconstruction of the active formatting elements), so the scores
# of the paragraphs inside pass through it to the container it stands in. A closed one
# (<strong><p>teaser</p></strong>) is the author's and counts as a level.
_FORMATTING = frozenset({"b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"})


def _container(el: Element | None) -> Element | None:
    while el is not None and el.tag in _FORMATTING and not el.closed:
        el = el.parent
    return el


def _never(el: Element) -> bool:
    return el.tag in _NEVER or (el.tag in _CHROME and el.bounded())


@dataclass(slots=True)
class _Stats:
    chars: int = 0
    links: int = 0
    commas: int = 0
    own_chars: int = 0


def select_body(root: Element, positive: frozenset[str], negative: frozenset[str]) -> set[int]:
    """ids of the elements whose subtrees make the article body (empty: no clear body)."""
    stats: dict[int, _Stats] = {}
    order: list[Element] = []
    stack: list[Element] = [root]
    while stack:  # pre-order; reversed later for a bottom-up pass
        el = stack.pop()
        order.append(el)
        stack.extend([c for c in el.children if c.__class__ is Element and not _never(c)])  # type: ignore[arg-type]
    get = stats.get
    for el in reversed(order):  # sums in locals, one _Stats per element: most elements hold little
        chars = links = commas = own = 0
        for c in el.children:
            if c.__class__ is TextNode:
                text = c.text  # type: ignore[union-attr]
                own += len(text.strip())
                commas += text.count(",")
            else:
                cs = get(id(c))  # None for an element left out (_never): it was not in the pre-order
                if cs is not None:
                    chars += cs.chars
                    commas += cs.commas
                    links += cs.chars if c.tag == "a" else cs.links  # type: ignore[union-attr]
        stats[id(el)] = _Stats(chars=chars + own, links=links, commas=commas, own_chars=own)

    scores: dict[int, float] = {}
    parents: dict[int, Element] = {}
    for el in order:
        st = stats[id(el)]
        paragraph_like = el.tag in _PARAGRAPHS or (el.tag == "div" and st.own_chars >= _MIN_CHARS)
        if not paragraph_like or st.chars < _MIN_CHARS:
            continue
        density = st.links / st.chars if st.chars else 1.0
        score = (1 + st.commas + min(st.chars / 100, 3)) * (1 - density)
        up: Element | None = _container(el.parent)
        for share in (1.0, 0.5, 1 / 3):
            if up is None or up.tag in ("#document", "html"):
                break
            scores[id(up)] = scores.get(id(up), 0.0) + score * share
            parents[id(up)] = up
            up = _container(up.parent)
    if not scores:
        return set()

    def final(el: Element) -> float:
        st = stats[id(el)]
        density = st.links / st.chars if st.chars else 1.0
        tokens = el.tokens()
        bonus = (_CLASS_BONUS if tokens & positive else 0.0) - (_CLASS_BONUS if tokens & negative else 0.0)
        return scores[id(el)] * (1 - density) + bonus

    ranked = sorted(parents.values(), key=final, reverse=True)
    top = ranked[0]
    top_score = final(top)
    chosen = {id(top)}
    if top.parent is not None:
        threshold = max(10.0, top_score * 0.2)
        for sib in top.parent.children:
            if not isinstance(sib, Element) or sib is top or _never(sib):
                continue
            st = stats.get(id(sib))
            if st is None or st.chars == 0:
                continue
            density = st.links / st.chars
            if id(sib) in scores and final(sib) >= threshold:
                chosen.add(id(sib))
            elif sib.tag == "p" and st.chars > 80 and density < 0.25:
                chosen.add(id(sib))
    return chosen
