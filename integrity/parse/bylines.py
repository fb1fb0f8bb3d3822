"""Who wrote the article: authors from every place a page names them, and names cleaned.

A page names its authors in several places, each with its own failure:

* visible byline elements (class/id/itemprop/rel tokens such as ``byline``,
  ``author``) — sometimes holding a date, a role, a share button;
* visible "By …" lines in the first blocks near the headline or body;
* ``<meta>`` tags (author, article:author, parsely-author, dc.creator …);
* JSON-LD and microdata ``author``/``creator`` of the article node (read
  by :mod:`.jsonld` and :mod:`.microdata`), with Person versus Organization.

Pages that are not news credit their author in weaker places too (the
byline decision counts them only near the headline and only when nothing
above names anyone):

* the user who posted the content ("Posted by" / "u/jdoe42" on two lines,
  a ``username`` element, a link to the user's page);
* the organisation an aggregator credits (a ``provider`` element);
* a wire agency's bare name on the line under the headline ("JIJI");
* a newsletter's "with Anu Garg".

Every source becomes :class:`~integrity.model.AuthorCandidate` records: the
:class:`~integrity.model.Author` (tagged with ``where``), the reader that found
it, its cue, the names read with it and whether it spells the site's own name.
The parser keeps every candidate it reads; which the page credits and which
is its byline is decided by :mod:`integrity.detectors.byline_choice`.
:func:`same_person` says when two spellings name one person. The words
(prefixes, labels, roles, cut markers, joiners, user-name shapes, author-page
path words) come from ``rules/lexicons/byline-names.yml``, the meta tags and
class names from ``byline-cues.yml``, ``page-meta.yml`` and
``page-layout.yml``, the agencies from ``institutional-authors.yml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ..model import (
    Author,
    AuthorCandidate,
    AuthorKind,
    Block,
    CandidateSource,
    CreditSlot,
    RejectionReason,
    Span,
    Text,
)
from ..ruledata.lexicon import Lexicon, LexiconEntry, lazy_alternation
from . import jsonld
from .dates import find_date
from .urls import path as url_path

if TYPE_CHECKING:  # the tree classes are only read at run time from HTML pages: text runs never import them
    from ..locations import LineIndex
    from ..ruledata.folders import LexiconStore
    from .html_tree import Element, TextNode
    from .layout import Layout

_WS = re.compile(r"\s+")
_SEPARATORS = r",|;|/|&|\+"  # punctuation between names; the words ("and", "und", "і") are joiners in the lexicon
_PERSON = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,4}$")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_GIVEN_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*\.?")  # "Daniel", "D.", "Jean-Luc", "O’Neil"
_LOWER_HANDLE = re.compile(r"[^\W\d_][\w.-]{2,29}")  # one word: a user name when the page marks it as the author
_MAX_NAME_WORDS = 6
_MAX_NAME_CHARS = 80
_MAX_BYLINE_ELEMENT_WORDS = 40
_MAX_BYLINE_CHARS = 2000  # a byline longer than this is not a byline; bounds the regex work on hostile pages
_MAX_PROFILE_LINKS = 50
_MAX_PROFILE_AUTHORS = 5
_BYLINE_LINE_WORDS = 25  # a "By …" line longer than this is a sentence, not a byline
_NEAR_TITLE = 12  # blocks after the headline in which a "By …" line counts
_FIRST_BODY = 4  # body paragraphs at the top in which a "By …" line counts
_LAST_BODY = 3  # body paragraphs at the end in which a line opening with "By"/"Text:"/"Autor:" counts
_LABEL_ABOVE_TITLE = 6  # blocks above the headline in which a label line ("Posted by") and its name count
_CHROME_TAGS = frozenset({"nav", "footer", "aside", "form"})
_NEVER_CHROME = frozenset({"html", "body", "main", "article"})
_FOOTER = frozenset({"footer"})  # the chrome word of a footer, which inside an <article> is the article's
_ARTICLE_TYPES = ("Article", "Posting", "Report", "WebPage", "CreativeWork", "BlogPosting", "Recipe", "Review")
_ORG_TYPES = ("Organization", "NewsMediaOrganization", "Corporation", "GovernmentOrganization", "NGO",
              "EducationalOrganization", "LocalBusiness", "Brand")


@dataclass(frozen=True)
class NameRules:
    """The byline-names lexicon compiled: turns byline text into names."""

    split: re.Pattern[str]
    profile_path: re.Pattern[str]
    lead: re.Pattern[str]
    inner_lead: re.Pattern[str]
    cut: re.Pattern[str]
    role: re.Pattern[str]
    role_tail: re.Pattern[str]
    trail: re.Pattern[str]
    noise: frozenset[str]
    not_byline_classes: frozenset[str]
    institutions: re.Pattern[str]
    institution_terms: frozenset[str]
    article_words: tuple[str, ...]
    label: re.Pattern[str]  # a credit label at the start of a line ("Posted by", "By", "Information provided by")
    label_only: re.Pattern[str]  # a line that is nothing but a label ("Posted by", "Author:"): the name is on the next line
    person_lead: re.Pattern[str]  # "with": opens a byline only before a person's name
    handle: re.Pattern[str]  # a user name written as one token ("u/jdoe", "delta201")
    agencies: frozenset[str]  # news agencies, casefolded: a bare credit line under the headline
    meta_author_keys: tuple[str, ...]
    meta_label_keys: tuple[str, ...]  # "twitter:label" (+ a number): a label naming the paired data tag's role
    meta_data_keys: tuple[str, ...]  # "twitter:data" (+ the same number)
    username_classes: frozenset[str]
    provider_classes: frozenset[str]
    title_separator: re.Pattern[str]
    particles: frozenset[str]  # lower-case words a name may hold ("de", "van", "of")
    boundary_joiner: re.Pattern[str]  # "," or a boundary joiner alone between two elements ("<a>A</a> and <a>B</a>")
    meta_site_keys: tuple[str, ...]  # meta tags naming the site itself (og:site_name)
    meta_date_keys: tuple[str, ...]  # meta tags holding the publication date, most trusted first

    @staticmethod
    def from_lexicons(rs: LexiconStore) -> NameRules:
        lex = rs.require("byline-names")
        cues = rs.require("byline-cues")
        prefixes = [e.pattern for e in rs.require("page-layout").entries if e.kind == "byline-prefix"]
        by_kind: dict[str, list[str]] = {}
        for e in lex.entries:
            by_kind.setdefault(e.kind or "", []).append(e.pattern)
        cue_kind: dict[str, list[str]] = {}
        for e in cues.entries:
            cue_kind.setdefault(e.kind or "", []).append(e.phrase.casefold() if e.phrase else e.pattern)
        roles = "|".join(f"(?:{p})" for p in by_kind.get("role", []))
        leads = "|".join(f"(?:{p})" for p in by_kind.get("lead", []) + prefixes)
        # longest first, so that "posted by" is a label rather than "by" after a stray word
        labels = "|".join(f"(?:{p})" for p in sorted(by_kind.get("label", []) + prefixes, key=len, reverse=True))
        label = rf"^[^\w(]*(?:{labels or '(?!x)x'})(?!\w)(?:\s*\([^()]{{0,60}}\))?\s*[:\-–—]?"
        inst = rs.require("institutional-authors")
        joiners = _joiners([e for e in lex.entries if e.kind == "joiner"])
        paths = "|".join(re.escape(p) for p in sorted(lex.of_kind("profile-path")))
        page_meta = rs.require("page-meta")
        return NameRules(
            split=re.compile(rf"\s*(?:{_SEPARATORS}|{joiners})\s*", re.I) if joiners else re.compile(rf"\s*(?:{_SEPARATORS})\s*"),
            profile_path=re.compile(rf"/(?:{paths or '(?!x)x'})/([^/?#]+)/?", re.I),
            lead=re.compile(rf"^\W*(?:{leads})\s*[:\-–—]?\s*", re.I),
            inner_lead=re.compile(r"(?<!\w)(?:" + "|".join(by_kind.get("inner-lead", ["(?!x)x"])) + r")\s+", re.I),
            cut=lazy_alternation(date_cuts(rs.require("date-words")) + by_kind.get("cut", []), re.I),
            role=re.compile(rf"(?:{roles})\.?", re.I),
            role_tail=re.compile(rf"[\s,]+(?:{roles})\.?$", re.I),
            trail=re.compile(rf"(?:\s+(?:{'|'.join(by_kind.get('trail', ['(?!x)x']))}))+$", re.I),
            noise=lex.of_kind("noise"),
            not_byline_classes=lex.of_kind("not-byline-class"),
            institutions=inst.regex,
            institution_terms=inst.terms,
            article_words=tuple(sorted(w + " " for w in lex.of_kind("article-word"))),
            label=re.compile(label + r"\s*", re.I),
            label_only=re.compile(label + r"\s*$", re.I),
            person_lead=re.compile(rf"^\W*(?:{'|'.join(by_kind.get('person-lead', ['(?!x)x']))})\s+", re.I),
            handle=lazy_alternation(by_kind.get("handle", []), re.I),
            agencies=inst.of_kind("agency"),
            meta_author_keys=tuple(cue_kind.get("meta-author-key", [])),
            meta_label_keys=tuple(cue_kind.get("meta-label-key", [])),
            meta_data_keys=tuple(cue_kind.get("meta-data-key", [])),
            username_classes=cues.of_kind("username-class"),
            provider_classes=cues.of_kind("provider-class"),
            title_separator=lazy_alternation(cue_kind.get("title-separator", []), re.I),
            particles=lex.of_kind("particle"),
            boundary_joiner=_boundary_joiner(_joiners([e for e in lex.entries if e.kind == "boundary-joiner"])),
            meta_site_keys=tuple(e.phrase.casefold() for e in page_meta.entries if e.kind == "meta-site-key" and e.phrase),
            meta_date_keys=tuple(e.phrase.casefold() for e in page_meta.entries if e.kind == "meta-date-key" and e.phrase),
        )

    def name_shaped(self, name: str) -> bool:
        """Every word capitalised but particles ("Lisa de Moraes"), or a desk or a user name: not a line of prose."""
        if self.is_handle(name) or self._desk(name.casefold().strip()):
            return True
        return all(not w[:1].islower() or w.casefold() in self.particles for w in name.split())

    def is_handle(self, text: str) -> bool:
        """A user name written as one token ("u/benyacobi", "delta201"), which may be all lower case."""
        return self.handle.fullmatch(text.strip()) is not None

    def names(self, text: str, marked: bool = False) -> list[str]:
        """Names in a byline's text: prefixes, dates, roles, e-mails and separators removed.

        The text is cut into pieces at every cut marker (a date, "Updated", "|" …); the
        names are those of the first piece that holds any. Inside a piece, a "by" starts
        the names ("Posted on May 3 by Jane Doe"). ``marked``: the page marks the text
        as its author's (a byline element, rel=author), so a lower-case one-word name
        there is a user name ("von zottel"), not prose.
        """
        t = _WS.sub(" ", text[:_MAX_BYLINE_CHARS]).strip()
        pos = 0
        pieces: list[str] = []
        for c in self.cut.finditer(t):
            pieces.append(t[pos : c.start()])
            pos = c.end()
        pieces.append(t[pos:])
        for piece in pieces:
            by = None
            for m in self.inner_lead.finditer(piece):
                if not self._particle_in_name(piece, m):
                    by = m
            if by is not None:
                piece = piece[by.end():]
            found = self._piece_names(piece, marked)
            if found:
                return found
        return []

    def _particle_in_name(self, piece: str, lead: re.Match[str]) -> bool:
        """Whether an inner lead that is also a name particle ("von") is inside a name.

        It is when only a given name stands before it: one to three capitalised words
        or initials from the start of the piece, not an article and not a lead of the
        lexicon ("Ursula von der Leyen", "Daniel D. Von Hoff", but "Ein Kommentar von
        Anna Schmidt", "Text von Anna Schmidt")."""
        if lead.group(0).strip().casefold() not in self.particles:
            return False
        label = self.lead.match(piece)
        if label is not None and label.end() >= lead.end():  # "Text von", "Kommentar von": a lead in the lexicon
            return False
        # after a lead, only the given name counts: "Artikel von Greta von Hagen"
        before = piece[label.end() if label is not None else 0: lead.start()].split()
        if not 1 <= len(before) <= 3 or (before[0].casefold() + " ").startswith(self.article_words):
            return False
        return all(w[0].isupper() and _GIVEN_NAME_WORD.fullmatch(w) for w in before)

    def _piece_names(self, piece: str, marked: bool = False) -> list[str]:
        t = piece
        for _ in range(4):
            t = t.lstrip(" :|·•-—–,.()[]0123456789")
            m = self.lead.match(t)
            if not m or m.end() == 0:
                break
            t = t[m.end():]
        handle = t.strip(" :|·•-—–,.()[]\"“”'")
        if self.is_handle(handle) and handle.casefold() not in self.noise:
            return [handle]  # one user name, kept whole ("u/jdoe" is not "u" and "jdoe")
        out: list[str] = []
        segments = self.split.split(t)
        if len(segments) == 2 and "," in t and all(len(x.split()) == 1 for x in segments):
            segments = [f"{segments[1]} {segments[0]}"]  # "Gillman, Steve": family name first
        for seg in segments:
            name = self._clean_segment(seg, marked)
            if name and name not in out:
                out.append(name)
        return out

    def _clean_segment(self, seg: str, marked: bool = False) -> str | None:
        s = seg.strip(" :|·•-—–,()[]\"“”'")
        m = self.lead.match(s)
        if m:
            s = s[m.end():].strip()
        s = self.trail.sub("", s).strip(" ,")
        if not s or self.role.fullmatch(s):
            return None
        for _ in range(3):
            tail = self.role_tail.search(s)
            if tail is None or len(s[: tail.start()].split()) < 2:
                break
            s = s[: tail.start()].strip(" ,")
        s = self.trail.sub("", s).strip(" ,")
        words = s.split()
        if not words or len(words) > _MAX_NAME_WORDS or len(s) > _MAX_NAME_CHARS:
            return None
        if s.casefold() in self.noise:
            return None
        if not any(c.isupper() for c in s) and not self._desk(s.casefold().strip()) and not self.is_handle(s) \
                and not (marked and _LOWER_HANDLE.fullmatch(s) and s.casefold() not in self.particles):
            # lower case is a role or prose ("local government reporter", "the way"), unless a desk
            # ("wire reports"), a user name ("jane_doe") or one word the page marks as its author's
            return None
        if not _NAME_WORD.search(s):
            return None
        return s

    def _desk(self, folded: str) -> bool:
        """A desk or an organisation from the institutional-authors lexicon ("staff", "wire reports", "Reuters")."""
        if folded in self.institution_terms:
            return True
        for m in self.institutions.finditer(folded):
            term = m.group(0)
            # a one-word term ("staff", "ap") marks a desk only as the name's last word ("HLNF Staff")
            if " " in term.strip() or m.end() == len(folded):
                return True
        return False

    def kind(self, name: str) -> AuthorKind:
        folded = name.casefold().strip()
        if self._desk(folded):
            return "institutional"
        if folded.startswith(self.article_words):
            return "institutional"  # "The Economist", "The Local": a person's name has no article
        if _PERSON.match(name.strip()):
            return "person"
        return "unknown"


def date_cuts(words: Lexicon) -> list[str]:
    """Where a byline's names end at a date, from the date-words lexicon: a stamp ("Updated",
    "Aktualisiert am", "Publié le"); a month word beside a day or a year ("Mar 3rd 2019",
    "December 16", "16. März", "1er mars", "3 de marzo", "3 марта"); a weekday before a date.

    A month word alone is never a cut: "June Smith", "Augusta Lee" and "May Chen" are names.
    """
    def alt(*kinds: str) -> str:
        found = sorted({e.phrase.casefold() for e in words.entries if e.kind in kinds and e.phrase}, key=len, reverse=True)
        return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in found) or "(?!x)x"

    month = rf"(?:{alt('month')}|(?:{alt('month-abbr')})\.?)"
    day = r"\d{1,2}(?:st|nd|rd|th|er|º|\.)?"
    return [
        rf"(?<!\w)(?:{alt('stamp')})(?:\s+(?:on|at|am|um|le|el|il|в))?(?!\w)",
        rf"(?<!\w){month},?\s+(?:{day}|\d{{4}})(?!\w)",
        rf"(?<![\w.]){day}\s+(?:de\s+)?{month}(?!\w)",
        rf"(?<!\w)(?:{alt('weekday')})\.?,?\s+(?=(?:{month}|\d)(?!\w))",
    ]


# --- comparing names ------------------------------------------------------------

def name_tokens(name: str) -> list[str]:
    """Casefolded words of a name, accents removed ("José" == "Jose")."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return [w for w in re.findall(r"[^\W_]+", plain.casefold())]


def same_person(a: str, b: str) -> bool:
    """Two spellings of one name: case, accents, middle names/initials and word order aside.

    "Josh Haskell" = "JOSH HASKELL" = "Haskell, Josh" = "Joshua J. Haskell"? The last
    requires the first names to agree on their initial and the family names to match.
    """
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb or set(ta) == set(tb):
        return True
    if "".join(ta) == "".join(tb):  # "T.C. Sottek" vs "TC Sottek"
        return True
    long_a = [t for t in ta if len(t) > 1]
    long_b = [t for t in tb if len(t) > 1]
    # one name's full words are all in the other ("Perry Bacon" / "Perry Bacon Jr")
    if long_a and long_b and (set(long_a) <= set(tb) or set(long_b) <= set(ta)) and min(len(long_a), len(long_b)) >= 2:
        return True
    # same family name, first names agreeing on their initial ("J. Haskell", "Josh Haskell")
    if ta[-1] == tb[-1] and ta[0][0] == tb[0][0]:
        return True
    return False


# --- byline elements --------------------------------------------------------------

def headline_holders(elements: Iterable[Element]) -> frozenset[int]:
    """Ids of the elements that hold the page's first ``<h1>`` (the headline) and their ancestors.

    A container that holds the headline is the article or the page around it, whatever its
    class says: a theme wrapper named "page-with-sidebar" or "has-nav" is not a sidebar."""
    head = next((e for e in elements if e.tag == "h1"), None)
    out: set[int] = set()
    node = head.parent if head is not None else None
    while node is not None and node.tag != "#document":
        out.add(id(node))
        node = node.parent
    return frozenset(out)


def in_chrome(el: Element, layout: Layout, holders: frozenset[int] = frozenset()) -> bool:
    """Under nav/footer/aside/form or a non-body class (comments, related, share …), judged by structure:
    a container that holds the headline (``holders``, see :func:`headline_holders`) is never chrome, and a
    footer inside an ``<article>`` is the article's own footer (where templates put the byline), not the page's."""
    chain: list[Element] = []
    node = el.parent
    while node is not None and node.tag != "#document":
        chain.append(node)
        node = node.parent
    for i, node in enumerate(chain):
        if id(node) in holders:
            continue
        toks = node.tokens() if node.tag not in _NEVER_CHROME else frozenset()
        chrome = node.tag in _CHROME_TAGS or bool(toks & layout.nonbody_classes)
        if chrome and _article_footer(node, toks, chain[i + 1:], layout):
            continue
        if chrome:
            return True
    tag_tokens = el.tokens() - layout.byline_classes
    return bool(tag_tokens & layout.nonbody_classes)


def _article_footer(node: Element, toks: frozenset[str], above: list[Element], layout: Layout) -> bool:
    """A ``<footer>`` (or a container whose only chrome word is "footer") inside an ``<article>``."""
    words = toks & layout.nonbody_classes
    if node.tag == "footer":
        own = not words - _FOOTER
    else:
        own = node.tag not in _CHROME_TAGS and bool(words) and words <= _FOOTER
    return own and any(a.tag == "article" for a in above)


def _name_elements(el: Element, layout: Layout) -> list[Element]:
    """Links and itemprop=name elements inside a byline element that each hold one author."""
    out: list[Element] = []
    for child in el.iter():
        if child is el:
            continue
        toks = child.tokens()
        if child.get("itemprop").casefold() == "name" or "author" in child.get("rel").casefold().split():
            out.append(child)
        elif child.tag == "a" and (layout.names.profile_path.search(child.get("href")) or toks & layout.byline_classes):
            out.append(child)
    # nested hits (an itemprop=name inside a rel=author link) count once, as the outer one
    return [e for e in out if not any(o is not e and _inside(e, o) for o in out)]


def _inside(inner: Element, outer: Element) -> bool:
    node = inner.parent
    while node is not None:
        if node is outer:
            return True
        node = node.parent
    return False


@dataclass(frozen=True)
class ElementByline:
    slot: CreditSlot
    authors: tuple[Author, ...]


def chrome_byline(el: Element, span: Span, layout: Layout, holders: frozenset[int] = frozenset()) -> list[Author]:
    """The names of a byline element inside page chrome (a related story's, a comment's byline), which are
    no credit of the article: kept so that the report can say what it rejected, and why."""
    if not in_chrome(el, layout, holders):
        return []
    text = separated_text(el, layout.names)
    if len(text.split()) > _MAX_BYLINE_ELEMENT_WORDS:
        return []
    return [Author(n, "byline", layout.names.kind(n), span) for n in dict.fromkeys(layout.names.names(text))]


def element_byline(el: Element, content: Text | None, span: Span, layout: Layout,
                   holders: frozenset[int] = frozenset()) -> ElementByline | None:
    """A byline element's slot and names; None when it is page chrome (comments, related stories;
    ``holders``: the containers of the headline, never chrome)."""
    if in_chrome(el, layout, holders) or el.tokens() & layout.names.not_byline_classes:
        return None
    if content is not None and len(content.text.split()) > _MAX_BYLINE_ELEMENT_WORDS:
        return None  # an article or a bio that carries an author class, not a byline
    where = "rel=author" if "author" in el.get("rel").casefold().split() else (
        "itemprop=author" if el.get("itemprop").casefold() in ("author", "creator") else "byline")
    weak = _weak_cue(el, layout) if where == "byline" else None
    if weak is not None:
        # a user name or a provider label: a credit when it names someone, never an empty slot
        names = layout.names.names(separated_text(el, layout.names)) if content is not None else []
        authors = tuple(Author(n, weak, "institutional" if weak == "provider" else layout.names.kind(n), span)
                        for n in dict.fromkeys(names))
        return ElementByline(CreditSlot("byline", el.get("class") or el.tag, span, content), authors) if authors else None
    label = el.get("class") or el.get("itemprop") or el.get("rel") or el.tag
    if content is not None:
        # a section that holds only its own heading ("Authors") is empty
        first = content.text.split(None, 1)
        heading = first[0] if first else ""
        if layout.heading_kind(heading) == "byline-heading":
            label = heading
            rest = content.text[len(heading):].strip(" :\n")
            content = None if not rest else Text(rest, content.map.slice(len(content.text) - len(rest), len(content.text)))
    if content is None:
        return ElementByline(CreditSlot("byline", label, span, None), ())
    names = layout.names.names(separated_text(el, layout.names), marked=True)
    linked: list[str] = []
    for part in _name_elements(el, layout):
        linked.extend(layout.names.names(_WS.sub(" ", part.text_content()), marked=True))
    if linked and not all(any(same_person(n, m) for m in names) for n in linked):
        names = linked  # the text around the links is not a clean list of names (roles, blurbs run together)
    authors = tuple(Author(n, where, layout.names.kind(n), span) for n in dict.fromkeys(names))
    return ElementByline(CreditSlot("byline", label, span, content), authors)


def _weak_cue(el: Element, layout: Layout) -> str | None:
    """"username" or "provider" when the element is a byline element only by such a class
    (the caller asks only of elements that are not rel=author or itemprop=author)."""
    cue = el.tokens() & layout.byline_classes
    if cue and cue <= layout.names.provider_classes:
        return "provider"
    if cue and cue <= layout.names.username_classes:
        return "username"
    return None


_INLINE = frozenset("a b i em strong u small abbr sup sub mark cite bdi q".split())
_SKIP_TEXT = frozenset("script style noscript template svg button select textarea".split())


def _joiners(entries: list[LexiconEntry]) -> str:
    """Joiner words as one alternation; a one-letter joiner joins only in lower case: "Ann Y Kim"
    has an initial, "Ana y Luis" two names."""
    return "|".join(f"(?-i:{e.pattern})" if e.phrase and len(e.phrase) == 1 else f"(?:{e.pattern})" for e in entries)


def _boundary_joiner(joiners: str) -> re.Pattern[str]:
    """A list separator at an element boundary: "," ";" "&" "+" or a joiner word between two
    boundaries (" | and | "), or "," "&" or a joiner word on one side of one (" | and ")."""
    words = f"|{joiners}" if joiners else ""
    return re.compile(rf"\s*\|\s*(?P<both>,|;|&|\+{words})\s*\|\s*|\s*\|\s*(?P<after>,|&{words})\s+"
                      rf"|\s+(?P<before>,|&{words})\s*\|\s*", re.I)


def separated_text(el: Element, names: NameRules) -> str:
    """An element's text with " | " where a block or span boundary had no words between.

    ``<a>Meg Wagner</a><span>NEW YORK DAILY NEWS</span><time>Dec 16</time>`` reads as
    "Meg Wagner | NEW YORK DAILY NEWS | Dec 16", so the name ends where the element does;
    a boundary holding only "," or a boundary joiner of the lexicon ("and") stays a list separator.
    """
    from .html_tree import TextNode

    parts: list[str] = []
    stack: list[Element | TextNode | None] = [el]
    while stack:
        node = stack.pop()
        if node is None:
            parts.append(" | ")
        elif isinstance(node, TextNode):
            parts.append(node.text)
        elif node.tag not in _SKIP_TEXT or node is el:
            boundary = node is not el and node.tag not in _INLINE
            if boundary:
                parts.append(" | ")
                stack.append(None)
            stack.extend(reversed(node.children))
    text = _WS.sub(" ", "".join(parts))
    text = re.sub(r"(?:\s*\|\s*)+", " | ", text)
    return names.boundary_joiner.sub(lambda m: f" {m.group('both') or m.group('after') or m.group('before')} ", text).strip(" |")


# --- candidates -----------------------------------------------------------------

def candidate(author: Author, source: CandidateSource, cue: str, group: int, site: set[str],
              typed_person: bool = False, rejected: RejectionReason | None = None) -> AuthorCandidate:
    """One name the parser read, with its evidence: which reader, what cue, read with which others,
    whether it spells the site's own name, and why it is no credit when the parser already knows."""
    return AuthorCandidate(author, source, cue, group, is_site(author.name, site), typed_person, rejected)


# --- profile links ---------------------------------------------------------------

def is_profile_link(el: Element, layout: Layout) -> bool:
    """A link to an author's page ("/author/jane-doe", rel=author)."""
    return "author" in el.get("rel").casefold().split() or bool(layout.names.profile_path.search(url_path(el.get("href")) + "/"))


def profile_link_candidates(links: list[Element], layout: Layout, lines: LineIndex,
                            site: set[str], holders: frozenset[int] = frozenset()) -> list[AuthorCandidate]:
    """Links to an author's or user's page that are not page chrome and whose text is one name, in page order.

    A link with no text (a headshot) is read from its ``title`` or its image's ``alt``.
    A link whose text spells the page's slug ("/artists/prince-and-the-revolution",
    "/u/EvilSpark") names one author or user, kept whole. The byline decision
    takes the first one near the headline.
    """
    out: list[AuthorCandidate] = []
    rules = layout.names
    for el in links[:_MAX_PROFILE_LINKS]:
        if in_chrome(el, layout, holders):
            continue
        text = separated_text(el, layout.names) or el.get("title") or next((i.get("alt") for i in el.iter() if i.tag == "img"), "")
        slug = _slug_words(el.get("href"), layout)
        words = name_tokens(text)
        spelled = bool(slug) and len(text) <= _MAX_NAME_CHARS and (
            words == slug or (rules.is_handle(text) and words[-len(slug):] == slug))  # "u/jdoe" on /user/jdoe
        # a link that spells its slug is one name ("Prince and the Revolution") or a user name ("EvilSpark"),
        # but one plain word is as likely a section ("/staff/directory": "Directory")
        spelled = spelled and (len(words) >= 2 or rules.is_handle(text))
        names = [text.strip()] if spelled else rules.names(text)
        if len(names) == 1 and (spelled or rules.kind(names[0]) != "unknown" or rules.is_handle(names[0])):
            span = lines.span(el.start, el.end if el.end > el.start else el.tag_end)
            author = Author(names[0], "profile-link", rules.kind(names[0]), span)
            out.append(candidate(author, "profile-link", el.get("href") or "rel=author", len(out), site))
            if len(out) >= _MAX_PROFILE_AUTHORS:
                break
    return out


def _slug_words(url: str, layout: Layout) -> list[str]:
    """The casefolded words of a profile URL's slug ("/u/EvilSpark" -> ["evilspark"])."""
    m = layout.names.profile_path.search(url_path(url) + "/")
    return name_tokens(unquote(m.group(1)).replace("-", " ").replace("_", " ")) if m else []


# --- "By …" lines in the text ---------------------------------------------------------

def _doubled_prefix(text: str, layout: Layout) -> int | None:
    """"ByBy Jane Doe": a visually hidden label run into the visible "by Jane Doe"."""
    folded = text.casefold()
    for p in layout.byline_prefixes:
        if folded.startswith(p + p):
            rest = layout.byline_prefix(text[len(p):])
            return len(p) + rest if rest is not None else None
    return None


def headline_blocks(blocks: list[Block], title: str | None, names: NameRules | None = None) -> list[int]:
    """Indices of the headline among the blocks: the heading that reads as the title.

    When no heading is the whole title (a ``<title>`` is often "Headline | Site"),
    the headings that are one part of it, split at the lexicon's title separators
    (at most two: the headline and the site's name may both be headings).
    """
    if not title or not title.strip():
        return []
    t = title.strip()
    for i, b in enumerate(blocks):
        if b.kind == "heading" and b.text.strip() == t:
            return [i]
    if names is None:
        return []
    parts = {p.strip().casefold() for p in names.title_separator.split(t) if p and p.strip()} - {t.casefold()}
    if not parts:
        return []
    return [i for i, b in enumerate(blocks) if b.kind == "heading" and b.text.strip().casefold() in parts][:2]


def _block_span(b: Block, lines: LineIndex) -> Span:
    return lines.span(b.content.map.start(0), b.content.map.end(len(b.text)))


def line_candidates(blocks: Iterable[Block], title: str | None, layout: Layout, lines: LineIndex,
                    site: set[str]) -> list[AuthorCandidate]:
    """Names of short "By …" blocks near the headline or at the top of the body, every such line.

    A block counts when it opens with a byline prefix or label ("By", "Posted by"),
    or when a "by" in it follows only dates and words such as "Posted on"
    ("Posted on May 3 by Jane Doe"). A block that is only a label ("Posted by",
    "Information provided by (Responsible Party):") takes its names from the next
    block; such a pair also counts a few blocks above the headline, where forums
    put the poster. Near the headline, "with" before a person's name ("with Anu
    Garg") and a news agency's bare name right under the headline ("JIJI", where
    ``credit-line``) count too. Each line's names share a ``group``, numbered in
    page order; which line is the byline is the byline decision's to say.
    """
    blocks = list(blocks)
    rules = layout.names
    heads = headline_blocks(blocks, title, rules)
    window: set[int] = set()
    labels_only: set[int] = set()  # above the headline: only a label line and its name line
    for h in heads:
        window.update(range(max(0, h - 2), body_end(blocks, h)))
        labels_only.update(range(max(0, h - _LABEL_ABOVE_TITLE), h))
    after_head = {h + 1 for h in heads} | {h + 2 for h in heads}
    body = [i for i, b in enumerate(blocks) if b.in_body and b.kind in ("paragraph", "other", "list_item")]
    window.update(body[:_FIRST_BODY])
    labels_only -= window
    # the last body blocks, where many templates sign the article ("Text: Jane Roe", "Von: Jane Roe"):
    # only a line that opens with a prefix or a label counts there
    signed = set(body[-_LAST_BODY:]) - window - labels_only
    out: list[AuthorCandidate] = []
    group = 0
    for i in sorted(window | labels_only | signed):
        b = blocks[i]
        if b.kind in ("caption", "heading"):
            continue
        text = b.text.strip()
        if len(text.split()) > _BYLINE_LINE_WORDS:
            continue
        source, where = b, "byline-text"
        if rules.label_only.match(text):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is None or nxt.kind == "caption" or i + 1 in heads or len(nxt.text.split()) > _BYLINE_LINE_WORDS:
                continue
            names, source, cue = rules.names(nxt.text), nxt, "label-line"
        elif i in labels_only:
            continue
        else:
            names, cue = _line_names(text, layout)
            if i in signed and cue not in ("prefix", "label"):
                continue
            if not names and i in after_head and text.strip(" .,;:()[]-–—").casefold() in rules.agencies:
                names, where, cue = [text.strip(" .,;:()[]-–—")], "credit-line", "agency"  # a wire story's bare credit line
        prose = [n for n in names if not rules.name_shaped(n)]  # text lines hold prose too: "By Monday evening, Jane Doe had left"
        names = [n for n in names if n not in prose]
        span = _block_span(source, lines)
        out.extend(candidate(Author(n, where, rules.kind(n), span), "line", cue, -1, site, rejected="not-name-shaped")
                   for n in prose)
        if not names:
            continue
        if where == "credit-line":  # an image's credit may look the same (the byline decision tells them apart)
            names = names[:1]
        for n in names:
            kind = "institutional" if where == "credit-line" else rules.kind(n)
            out.append(candidate(Author(n, where, kind, span), "line", cue, group, site))
        group += 1
    return out


def body_end(blocks: list[Block], head: int) -> int:
    """Where the window after the headline ends: after ``_NEAR_TITLE`` blocks, or where the article body
    has begun and ended (a short article's comments, related links and footer are not its byline)."""
    end = min(len(blocks), head + _NEAR_TITLE)
    in_body = False
    for j in range(head + 1, end):
        if blocks[j].in_body:
            in_body = True
        elif in_body and blocks[j].kind != "caption":
            return j
    return end


def _line_names(text: str, layout: Layout) -> tuple[list[str], str]:
    """(names, cue) of one line that opens with a byline prefix ("prefix") or label ("label"), a "with"
    before a person ("with"), or a late "by" ("late-by")."""
    rules = layout.names
    p = layout.byline_prefix(text) or _doubled_prefix(text, layout)
    cue = "prefix"
    if p is None:
        m = rules.label.match(text)
        if m and m.end() > 0:
            p, cue = m.end(), "label"
    if p is None:
        m = rules.lead.match(text)
        if m and m.end() > 0 and rules.inner_lead.search(m.group(0)):  # "Ein Artikel von", "Text by": a lead ending in "by"
            p, cue = m.end(), "label"
    if p is None:
        m = rules.person_lead.match(text)
        if m:
            names = rules.names(text[m.end():])
            return (names if names and len(names) <= 3 and all(rules.kind(n) == "person" for n in names) else []), "with"
        by = rules.inner_lead.search(text)
        if by is None or rules.names(text[: by.start()]):
            return [], "late-by"
        p, cue = by.start(), "late-by"
    return rules.names(text[p:]), cue


# --- metadata: meta tags and structured data --------------------------------------------

def _profile_name(url: str, layout: Layout) -> str | None:
    """"https://site/author/jane-doe/" -> "Jane Doe" (a profile URL's last path segment)."""
    m = layout.names.profile_path.search(url_path(url) + "/")
    if not m:
        return None
    slug = unquote(m.group(1))
    words = [w for w in re.split(r"[-_+.]+", slug) if w]
    if not 2 <= len(words) <= 4 or not all(w.isalpha() for w in words):
        return None
    return " ".join(w.capitalize() for w in words)


def meta_candidates(meta: dict[str, list[str]], layout: Layout, site: set[str]) -> list[AuthorCandidate]:
    """Authors in meta tags (every value of a repeated tag); a profile URL gives the name in its slug.

    Then the label/data pairs (``twitter:label1`` = "Written by", ``twitter:data1`` =
    the author): a data tag counts only when its label is a byline label. Each
    tag's value is one group; the cue is the tag's name.
    """
    rules = layout.names
    out: list[AuthorCandidate] = []
    keys = list(rules.meta_author_keys)
    for label_key in rules.meta_label_keys:
        for key in sorted(meta):
            number = key[len(label_key):]
            if key.startswith(label_key) and number.isdigit() and any(rules.label_only.match(v) for v in meta[key]):
                keys.extend(f"{data_key}{number}" for data_key in rules.meta_data_keys)
    group = 0
    for key in keys:
        for value in meta.get(key, ()):
            names = rules.names(_profile_name(value, layout) or "") if value.startswith(("http://", "https://", "/")) \
                else rules.names(value)
            out.extend(candidate(Author(n, f"meta:{key}", rules.kind(n)), "meta", key, group, site) for n in names)
            group += 1
    return out


def site_names(meta: dict[str, list[str]], items: list[Any], names: NameRules) -> set[str]:
    """Names the site goes by (the lexicon's ``meta-site-key`` tags, JSON-LD publisher), casefolded."""
    out = {v for k in names.meta_site_keys for v in meta.get(k, ())}
    for node in jsonld.nodes(items):
        out.update(jsonld.text_values(node.get("publisher")) if node.get("publisher") is not None else [])
        if any(t in ("WebSite", "NewsMediaOrganization") for t in jsonld.types_of(node)):
            out.update(jsonld.text_values(node.get("name")) if node.get("name") is not None else [])
    return {" ".join(name_tokens(n.lstrip("@"))) for n in out if n}


def is_site(name: str, site: set[str]) -> bool:
    """Whether ``name`` spells one of the site's names (see :func:`site_names`)."""
    return " ".join(name_tokens(name)) in site


def structured_candidates(items: list[Any], where: str, layout: Layout, site: set[str]) -> list[AuthorCandidate]:
    """``author``/``creator`` of every article node of the page's structured data, one group per node.

    Organization is institutional whatever its name; a Person is marked
    ``typed_person`` (a site-named author may still be a person, a personal
    site being named after its author).
    """
    by_id = {n["@id"]: n for n in jsonld.nodes(items) if isinstance(n.get("@id"), str) and len(n) > 1}
    out: list[AuthorCandidate] = []
    group = 0
    for node in jsonld.nodes(items):
        types = jsonld.types_of(node)
        if not any(a in t for t in types for a in _ARTICLE_TYPES):
            continue
        found = _node_candidates(node, where, layout, by_id, site, group)
        if found:
            out.extend(found)
            group += 1
    return out


def _node_candidates(node: dict[str, Any], where: str, layout: Layout, by_id: dict[str, dict[str, Any]],
                     site: set[str], group: int) -> list[AuthorCandidate]:
    """Names of a node's author/creator, each with whether the node types it a Person."""
    out: list[AuthorCandidate] = []
    props = node.get("properties") if isinstance(node.get("properties"), dict) else node
    for key in ("author", "creator"):
        value = props.get(key)
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and set(item) == {"@id"} and item["@id"] in by_id:
                item = by_id[item["@id"]]  # a reference into the @graph ("author": {"@id": "#/person/1"})
            if isinstance(item, dict):
                sub = item.get("properties") if isinstance(item.get("properties"), dict) else item
                org = any(o in t for t in jsonld.types_of(item) for o in _ORG_TYPES)
                person = "Person" in jsonld.types_of(item)
                raw = jsonld.text_values(sub.get("name")) if sub.get("name") is not None else []
                if not raw and isinstance(sub.get("url") or sub.get("@id"), str):
                    raw = [_profile_name(str(sub.get("url") or sub.get("@id")), layout) or ""]
                for r in raw:
                    for n in layout.names.names(r) or ([r] if org else []):
                        a = Author(n, where, "institutional" if org else layout.names.kind(n))
                        out.append(candidate(a, "structured", key, group, site, typed_person=person))
            elif isinstance(item, str) and item.strip():
                names = layout.names.names(_profile_name(item, layout) or "" if item.startswith(("http://", "https://")) else item)
                out.extend(candidate(Author(n, where, layout.names.kind(n)), "structured", key, group, site) for n in names)
    return out


def published_date(meta: dict[str, str], items: list[Any], time_datetime: str | None, names: NameRules) -> str | None:
    """The publication date: the first of the lexicon's ``meta-date-key`` tags that holds one,
    then JSON-LD ``datePublished``, then the first ``<time datetime>``."""
    for key in names.meta_date_keys:
        if key in meta:
            found = find_date(meta[key])
            if found:
                return found
    for node in jsonld.nodes(items):
        if isinstance(node.get("datePublished"), str):
            found = find_date(node["datePublished"])
            if found:
                return found
    return find_date(time_datetime) if time_datetime else None
