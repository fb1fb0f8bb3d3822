"""Who stands behind each sentence: a named source, an anonymous one, nobody.

Per body sentence the analyser finds attribution cues (a reporting verb with a
subject on either side, "according to X", a link, a quote with its speaker; a
verb of saying, thinking or feeling or an adjective of stance right after its
subject; "reported by X", "in a statement"; what someone said, owned by them)
and classifies the source as named, pronoun (resolved by carry-over inside the
paragraph), institution/document, anonymous or generic. A cue that reports an
inner state ("Apple plans") ranks below one that reports speech. A name is a source
only in an attribution frame: a verb of saying, or any cue verb followed by what was
said (a content clause, a quotation, the end of its clause); otherwise it is the actor
of an event ("Kasich agreed to end his bid"), and its cue names no source (kind
"topic"), so the sentence is judged as a claim that may need one. It also says whether
the sentence is the kind of claim that needs a source at all (figures,
casualties, causes, predictions, contested claims). Every word list comes
from ``rules/lexicons``: the grammar words (forms of "to be", determiners,
pronouns, what opens an object …) from ``function-words.yml``, which source kind
outranks which from ``attribution-ranking.yml``, and the site paths that are no
source from ``navigation-paths.yml``. The code keeps the structure around them:
quotation marks, capitals, commas and clause breaks. The rules in ``rules/claim``
decide what is a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ..claims_model import UNATTRIBUTED_FIELDS, claim_types, judge_unattributed
from ..facts import FieldSpec, enum, fact, text
from ..model import Article, Block, Fact, Sentence
from ..ruledata.lexicon import Lexicon, LexiconEntry, lazy_alternation, word_list
from ..ruledata.yaml_lines import RuleFileError
from ..rules.load import Ruleset
from .base import Context, register

_WORD = re.compile(r"\w+")
_QUOTE_MARK = re.compile(r"[“”«»\"]|(?<!\w)''|''(?!\w)")  # '' : a straight double quote typed as two apostrophes
_QUOTE = re.compile(r"[“«\"]([^”»\"]{12,})[”»\"]")
_CAP = re.compile(r"^[A-ZÀ-ÞА-ЯІЇЄҐ]")
_KINDS_MAX = 20_000  # phrase kinds a ClaimAnalyser keeps (ClaimAnalyser._classify)
_CLAUSE_BREAK = re.compile(r"[;:—–(”»\"]|''|\s-\s")
# "… .” ― Sonya Herridge": an embedded post or a run of quotes, each credited after a dash
_EMBED_CREDIT = re.compile(r"[―—]\s*([A-ZÀ-ÞА-ЯІЇЄҐ@][\w.’' -]{1,60}?)\s*(?:\(@\w+\)|[.,]?\s*$)"
                           r"|(?<=[”\"])\s*[―—]\s*([A-ZÀ-ÞА-ЯІЇЄҐ][\w.’'-]*(?:\s[A-ZÀ-ÞА-ЯІЇЄҐ][\w.’'-]*){1,4})\s*(?=[“\"])")
_MIN_CLAIM_WORDS = 6
_MAX_SENTENCE = 3000  # characters; a longer "sentence" is markup debris or a hostile input
# what may follow a reporting verb that ends its clause ("McCrummen reports:", "…, Trump tweets.")
_CLAUSE_END = re.compile(r"\s*(?:[.:;,!?—–]|[”\"]|$)")
# "Tom Clarke, a nursing home owner,": a name, then a comma-enclosed apposition ending the text
_APPOSITION = re.compile(r"(?:^|[^\w’'.-])((?-i:[A-ZÀ-ÞА-ЯІЇЄҐ])[\w.’'-]*(?:\s+(?-i:[A-ZÀ-ÞА-ЯІЇЄҐ])[\w.’'-]*){0,3}),\s+[^,]{2,60},$")
# "Trump's running mate, Indiana Gov. Mike Pence,": the name as the apposition
_APPOSED_NAME = re.compile(r"^[^,]{3,60},\s+((?:(?-i:[A-ZÀ-ÞА-ЯІЇЄҐ])[\w.’'()-]*\s+){0,4}(?-i:[A-ZÀ-ÞА-ЯІЇЄҐ])[\w.’'-]*),$")
_SUBJECT_KINDS = frozenset({"subject", "subject-nounish", "state", "state-nounish"})  # cue-verbs kinds
_SPEAKER_COLON = re.compile(r"^\s*[\"“]?([A-ZÀ-ÞА-ЯІЇЄҐ][\w.’'-]*(?:\s+[A-ZÀ-ÞА-ЯІЇЄҐ][\w.’'-]*){0,3})\s*:\s+\S")
# every source kind a cue can have (Cue.source_kind); attribution-ranking.yml orders them
# the source kinds that govern their clause: a reader can check them (issue 17: per clause, no sentence-wide ranking)
_GOVERNING = frozenset({"named", "institution", "pronoun", "linked", "quoted"})
# a name or a named body is a source only when its verb frames what it said; with any other verb
# ("offered", "released", "agreed to") it is the actor of an event, which needs a source itself
_ACTOR_KINDS = frozenset({"named", "institution"})
_SAYING_KINDS = frozenset({"strong", "weak"})  # cue-verbs kinds that attribute whatever follows ("said", "told")
_QUOTE_AFTER = re.compile(r"[“\"]")  # a quotation after the verb: what its subject said
_SOURCE_KINDS = frozenset({"named", "institution", "pronoun", "indirect", "anonymous", "generic", "linked", "quoted", "self",
                           "topic"})


class QuoteMask:
    """Character ranges inside quotation marks; ``mask[i]`` says whether index i is quoted."""

    __slots__ = ("_spans",)

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = spans

    def __getitem__(self, i: int) -> bool:
        return any(a <= i < b for a, b in self._spans)


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    source: str
    # named | institution | pronoun | indirect | anonymous | generic | linked | quoted | self | topic
    # ("topic": a cue with no source: "faced questions about", or an actor with no attribution frame)
    source_kind: str
    state: bool = False  # what the source thinks, feels or plans ("Apple plans"), not what it said


@dataclass(frozen=True)
class SentenceClaim:
    cues: tuple[Cue, ...]
    vague: tuple[tuple[int, int], ...]
    ranking: tuple[str, ...] = field(repr=False, compare=False)  # source kinds, best first (attribution-ranking.yml)
    quote_open: bool = False  # a quotation runs on into the next sentence

    @property
    def attribution(self) -> str:
        # a source that said something wins over one that only thinks or plans something: in "Apple
        # plans to …, according to industry sources" the claim rests on the anonymous sources
        for state in (False, True):
            kinds = {c.source_kind for c in self.cues if c.state == state}
            for kind in self.ranking:
                if kind in kinds:
                    return kind
        return "vague" if self.vague else "none"


class ClaimAnalyser:
    """Compiled lexicons for sentence-level attribution; pure and reusable."""

    def __init__(self, ruleset: Ruleset) -> None:
        verbs = ruleset.lexicon("reporting-verbs")
        # word -> strong | weak | nounish; literal forms are looked up word by word (a 700-branch regex is slow)
        self.verb_kind = {e.phrase.casefold(): e.kind or "weak" for e in verbs.entries if e.phrase and " " not in e.phrase}
        self.verb_patterns = lazy_alternation([e.pattern for e in verbs.entries if not e.phrase or " " in e.phrase], re.I)
        self.vague_lex = ruleset.lexicon("vague-attribution").regex
        gen = ruleset.lexicon("generic-sources")
        self.anonymous = lazy_alternation([e.pattern for e in gen.entries if e.kind == "anonymous"], re.I)
        self.generic = lazy_alternation([e.pattern for e in gen.entries if e.kind == "generic"], re.I)
        nouns = ruleset.lexicon("source-nouns")
        self.institution = lazy_alternation([e.pattern for e in nouns.entries if e.kind in ("institution", "document", "role")], re.I)
        # "a spokesman for the ministry": speaks for a named body, but is no one until the person is named
        self.role = lazy_alternation([e.pattern for e in _of_kind(nouns, "role")], re.I)
        self.document = lazy_alternation([e.pattern for e in _of_kind(nouns, "document")], re.I)
        # common-noun sources that are vague unless owned: unnamed outlets ("state television")
        # and evidence ("footage", "images"); kinds of generic-sources
        self.media = lazy_alternation([e.pattern for e in _of_kind(gen, "media")], re.I)
        self.evidence = lazy_alternation([e.pattern for e in _of_kind(gen, "evidence")], re.I)
        self.between = lazy_alternation([e.pattern for e in nouns.entries if e.kind == "between"], re.I)
        self.pronoun = lazy_alternation([e.pattern for e in nouns.entries if e.kind == "pronoun"], re.I)
        self.needs_lex = ruleset.lexicon("needs-source")
        self.named_attribution = ruleset.lexicon("named-attribution").regex  # "reported by The Post", "citing the ministry"
        frames = ruleset.lexicon("attribution-frames")
        self.frames = lazy_alternation([e.pattern for e in frames.entries if e.kind is None], re.I)  # "in a statement"
        self.topics = lazy_alternation([e.pattern for e in frames.entries if e.kind == "topic"], re.I)  # "charges that"
        self.labels = lazy_alternation([e.pattern for e in frames.entries if e.kind == "label"], re.I)  # "Correction:"
        # "Additional reporting by", "did not respond to requests for comment": no attribution in them
        self.credit = lazy_alternation([e.pattern for e in frames.entries if e.kind in ("credit", "no-comment")], re.I)
        # "according to X": the source follows the frame
        self.according_to = lazy_alternation([e.pattern for e in _of_kind(frames, "source-follows")], re.I)
        self._function_words(ruleset.lexicon("function-words"))
        ranking = ruleset.lexicon("attribution-ranking")
        self.ranking = tuple(e.phrase.casefold() if e.phrase else "" for e in ranking.entries)
        unknown = [k for k in self.ranking if k not in _SOURCE_KINDS or k == "topic"]
        if unknown:
            raise RuleFileError(ranking.path, None, f"not a rankable source kind: {', '.join(map(repr, unknown))} "
                                f"(one of {', '.join(sorted(_SOURCE_KINDS - {'topic'}))})")
        self.navigation = ruleset.lexicon("navigation-paths").regex  # "/tag/…": a link that is not a source
        # "Chinese", "Iranians", "North Korean": capitalised, but where a source is from, not who it is
        demonyms = ruleset.lexicon("demonyms")
        self.demonym_words = frozenset(w.casefold() for e in demonyms.entries for w in (word_list(e.pattern) or ()))
        self.demonym_phrases = lazy_alternation([e.pattern for e in demonyms.entries if e.phrase], re.I)
        # verbs of communication, cognition and emotion: a cue only right after their subject ("Trump admires")
        for e in ruleset.lexicon("cue-verbs").entries:
            for word in _words(e):
                self.verb_kind.setdefault(word, e.kind or "subject")
        # adjectives of stance, a cue after their subject and "be" ("Graham has been critical of")
        for e in ruleset.lexicon("attribution-stance").entries:
            for word in _words(e):
                self.verb_kind.setdefault(word, "stance")
        # heads of sources that are people, bodies or documents ("the woman", "the newspaper", "the ad"),
        # and what someone said or thinks, a cue when it is theirs ("Trump’s claim", "his decision")
        self.head_kind: dict[str, str] = {}
        self.cue_nouns: dict[str, bool] = {}  # noun -> is it an inner state (cognition: "his decision")?
        for e in ruleset.lexicon("attribution-nouns").entries:
            for word in _words(e):
                if e.kind in ("person", "group", "communication"):
                    self.head_kind.setdefault(word, e.kind)
                if e.kind in ("communication", "cognition"):
                    self.cue_nouns.setdefault(word, e.kind == "cognition")

    def _function_words(self, lex: Lexicon) -> None:
        """The grammar words of ``function-words.yml``, as the sets and regexes the analysis reads."""
        def words(kind: str) -> frozenset[str]:
            return frozenset(w for e in _of_kind(lex, kind) for w in _entry_words(lex, e))

        def alt(kind: str) -> str:
            return "|".join(_alternatives(_of_kind(lex, kind)))

        self.not_a_name = words("not-a-name")  # "However", "Mr", "Perhaps": capitalised, not a name
        self.partitive = words("partitive")  # "one of the officials"
        self.plural_people = words("plural-person")  # "Russian people": plural, with no -s
        self.recipient_verbs = words("recipient-verb")  # "told the agency": the object heard it
        # where a clause with a source of its own may start: "; ", " — ", ", but "
        self.clause_joiner_word = re.compile(rf"(?:{alt('clause-joiner')})", re.I)
        self.clause_break = re.compile(rf";\s+|\s[—–]\s|,\s+(?=(?:{alt('clause-joiner')})\s)", re.I)
        self.be = words("be")
        self.degree = words("degree") | self.be
        self.focus = words("focus")  # between a subject and its verb ("DuVernay both documents")
        self.determiners = words("determiner")
        self.definite = words("definite")
        self.articles = words("article")
        self.indefinite = tuple(f"{w} " for w in sorted(words("indefinite")))
        self.anaphoric = tuple(f"{w} " for w in sorted(words("anaphoric")))
        self.self_pronouns = words("self")  # the writer's own view ("I believe", "we know"): attributed, to nobody to check
        self.speaker_pronouns = self.self_pronouns | words("addressee")
        self.possessive_pronouns = words("possessive-pronoun")
        self.subject_pronouns = words("subject-pronoun")
        self.relative = words("relative")
        self.infinitive = words("infinitive")
        self.contractions = words("contraction")
        self.inner_preposition = words("inner-preposition")
        self.negating = words("negating")
        self.participle_endings = tuple(sorted(words("past-ending"))) + tuple(sorted(words("progressive-ending")))
        self.progressive_endings = tuple(sorted(words("progressive-ending")))
        possessive = sorted(words("possessive-ending"))
        self.possessive_endings = tuple(possessive)
        self.possessive_chars = "".join(sorted(set("".join(possessive))))  # stripped from a word's ends
        poss, adverb = alt("possessive-ending"), alt("adverb-ending")
        self.own_voice = re.compile(rf"^(?:{alt('hypothetical')})\b|(?<!\w)(?:{alt('own-voice')})(?!\w)", re.I)
        self.preposition = re.compile(rf"\s+(?:{alt('preposition')})\s+", re.I)
        self.possessive = re.compile(rf"\w(?:{poss})$")
        # what follows a verb that takes an object or a clause ("plans to", "question the wisdom", "doubt that")
        self.object_next = re.compile(rf"\s+(?:(?-i:[A-Z])|(?:{alt('object-start')})\b)", re.I)
        # "Trump’s claim", "his infamous comment": the noun is the first or the second word after the owner
        self.owned_noun = re.compile(rf"(?<![\w’'])(?P<owner>{alt('possessive-pronoun')}|[\w.-]+(?:{poss}))\s+"
                                     rf"(?P<noun>[a-z][\w-]*)(?:\s+(?P<noun2>[a-z]+)(?!\w))?", re.I)
        # what follows a noun of saying or thinking that has content: "his claim that", "her comments on"
        self.complement = re.compile(rf"\s+(?:{alt('complement-start')})\b|\s*[,.:]?\s*[“\"]", re.I)
        # more of what follows a verb and not a noun: "calls for", "support some", "tweets about"
        self.verb_next = re.compile(rf"\s+(?:{alt('verb-next')})\b", re.I)
        # a quotation closed by its speaker and any verb: "…,” the letter reads.", "…,” it further wrote."
        self.quote_tail = re.compile(r"[,?!]\s*[”\"’']{1,2}\s+(?P<source>(?:[\w’'.-]+\s+){0,3}?[\w’'.-]+)\s+"
                                     rf"(?:[a-z]+(?:{adverb})\s+)?(?P<verb>[a-z]+)\s*[.!]?[”\"]?\s*$")
        self.topic_next = re.compile(rf"\s+(?:\w+(?:{adverb})\s+)?(?:{alt('topic-start')})\b", re.I)  # "spoke (emotionally) of"
        self.that_next = re.compile(rf"\s+(?:{alt('content-clause')})\b|\s*[,:]?\s*[“\"‘]")  # what a reporting verb says comes next
        self.interjection = re.compile(rf",\s*(?:{alt('interjection')})\s*,\s*(?=\S*$)", re.I)  # "Some Democrats, however, question"
        # "footage released by the army", "documents from the court": the owner after the head
        self.owner_after = re.compile(rf"\s+(?:\w+\s+)?(?:by|from|of|obtained\s+by|seen\s+by)\s+"
                                      rf"((?:(?:{alt('article')})\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){{0,3}})", re.I)
        self.article_start = re.compile(rf"\s*((?:(?:{alt('article')})\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){{0,4}})", re.I)
        # phrase kinds already worked out: subjects repeat across a page's sentences ("the company", "he"), and
        # each verb tries up to six phrases; bounded, as a hostile page may hold any number of new phrases
        self._kinds: dict[tuple[str, bool], str | None] = {}

    @cached_property
    def _needs_by_kind(self) -> list[tuple[str, re.Pattern[str]]]:
        # one alternation per kind: a single regex with a named group per kind measured slower with
        # CPython's re (250 vs 200 ms over PolNeAR dev), since finditer reports only non-overlapping
        # matches and a kind hidden under another's match must be searched for again
        kinds: dict[str, list[str]] = {}
        for e in self.needs_lex.entries:
            kinds.setdefault(e.kind or "claim", []).append(e.pattern)
        return [(k, lazy_alternation(v, re.I)) for k, v in kinds.items()]

    # --- sources ------------------------------------------------------------
    def _classify(self, phrase: str, at_start: bool = False) -> str | None:
        """:meth:`_phrase_kind`, worked out once per phrase (a pure function of it and the lexicons)."""
        key = (phrase, at_start)
        kinds = self._kinds
        if key in kinds:
            return kinds[key]
        kind = self._phrase_kind(phrase, at_start)
        if len(kinds) >= _KINDS_MAX:
            kinds.clear()
        kinds[key] = kind
        return kind

    def _phrase_kind(self, phrase: str, at_start: bool = False) -> str | None:
        """What kind of source a noun phrase is, or None if it is not one.

        A capital is not a name: a common-noun head ("analysts", "officials", "footage",
        "state television") is vague or anonymous unless a named entity owns it ("Goldman
        Sachs analysts", "the ministry's documents"); ``at_start`` says the phrase opens its
        sentence, where a single capitalised word is only the sentence's first word ("Market
        analysts", "Drone footage")."""
        p = phrase.strip(" ,\"“”'")
        if not p:
            return None
        words = p.split()
        if len(words) >= 3 and words[0].casefold() in self.partitive and words[1].casefold() == "of":
            inner = self._classify(" ".join(words[2:]))
            if inner in ("anonymous", "generic"):
                return inner  # "one of the officials": as anonymous as "the officials"
        head = self.preposition.split(p, maxsplit=1)[0]
        head_words = head.split()
        last = head_words[-1].strip(".,") if head_words else ""
        if self.document.fullmatch(last) and not self.pronoun.fullmatch(p):
            # evidence and documents: named when owned, definite when the article introduced them
            # ("the report found"), vague when nobody's ("drone footage shows", "documents show")
            if self._owned(head_words[:-1], at_start):
                return "named"
            after = self._owned_after(p[len(head):])
            if after is not None:
                return after  # "a report by the agency": as definite as its owner
            first = words[0].casefold()
            if len(head_words) > 1 and (first in self.definite or self.possessive.search(first)):
                return "institution"
            return "generic" if self.media.search(p) or self.evidence.fullmatch(last) else "institution"
        if self.media.search(head) and not self._owned(head_words[:-1], at_start, skip=self.media.search(head)):
            return "generic"  # "state television", "local media": no outlet named
        if self.role.fullmatch(last) and not self.pronoun.fullmatch(p):
            # "Cameron's spokesman", "a spokesperson at the agency": the body is named, the speaker is
            # not (claims guide: V); "the spokesman" points back to the one the article introduced
            return "pronoun" if words[0].casefold() in self.definite and len(head_words) == 2 else "anonymous"
        if self.institution.fullmatch(last) and not self.pronoun.fullmatch(p):
            return "named" if any(_CAP.match(w) and w.casefold() not in self.not_a_name for w in p.split()) else "institution"
        anon = self.anonymous.search(p)
        if anon and not self.preposition.search(" " + p[: anon.start()]):
            caps_first = [w for w in p.split() if _CAP.match(w) and w.casefold() not in self.not_a_name]
            if caps_first and self.institution.search(p) and not p.casefold().startswith(self.indefinite):
                return "named"  # "Berrien County Health Department officials": the body is named
            return "anonymous"
        # "Chinese officials", "Russian soldiers", "Iranians": from somewhere, not named; a bare singular
        # demonym is no person ("an American said"), so "American said in a statement" names a company
        bare_singular = len(words) == 1 and not p.endswith("s")
        uncapped = p if bare_singular else self._without_demonyms(p)
        demonym = uncapped != p
        caps = [w for w in uncapped.split()
                if _CAP.match(w) and w.casefold().strip(self.possessive_chars) not in self.not_a_name]
        if self.pronoun.fullmatch(p):
            return "pronoun"
        g = self.generic.search(head)
        if g and (
            all(g.start() <= head.find(w) < g.end() for w in caps if w in head)
            or g.end() >= len(head.rstrip(".,")) and not self._owned(head[: g.start()].split(), at_start)
        ):
            # "the researchers" points back to researchers the article has named; "researchers say" does not
            return "pronoun" if p.casefold().startswith(self.anaphoric) else "generic"
        if self.institution.search(p):
            return "institution" if not caps else "named"
        if caps:
            return "named"
        head_kind = self.head_kind.get(last.casefold())
        if demonym and (head_kind == "person" or self._is_demonym(last)):
            # "Russian soldiers said", "Iranians say", "a Syrian commander said": nameless people, while a
            # body or a thing from somewhere ("American public schools saw", "the American program") is not
            if p.casefold().startswith(self.indefinite):
                return "anonymous"
            if self.plural_person(last):
                return "generic"
        if head_kind is not None:
            first = words[0].casefold()
            if first in self.definite or self.possessive.search(first):
                # "the ad", "the woman", "his lawyer": a source the article has introduced
                return "institution" if head_kind != "person" else "pronoun"
            return "indirect"  # "voters", "a group": someone, not judged here
        return None

    def _owned(self, modifiers: list[str], at_start: bool, skip: re.Match[str] | None = None) -> bool:
        """Whether the words before a common-noun head name its owner: a possessive ("the agency's",
        "the ministry's"), an acronym ("IMF"), a proper-noun phrase ("Goldman Sachs"), or one
        capitalised word that is not merely the sentence's first ("new Acme footage")."""
        ws = [w.strip("\"“”‘’'(),") for w in modifiers]
        ws = [w for w in ws if w]
        for i, w in enumerate(ws):
            low = w.casefold()
            if skip is not None and low in skip.group(0).casefold().split():
                continue
            if self._is_demonym(w) or self.demonym_phrases.search(" ".join(ws[max(0, i - 1) : i + 2])):
                continue  # "Chinese state television", "Russian footage": from somewhere, owned by nobody named
            if self.possessive.search(w) and low not in self.contractions and low not in self.possessive_pronouns:
                return True
            if self.institution.fullmatch(low) and not self.document.fullmatch(low) and not self.media.fullmatch(low):
                return True  # "court documents", "police footage"
            if not _CAP.match(w) or low.strip(self.possessive_chars) in self.not_a_name:
                continue
            if len(w) > 1 and w.isupper():
                return True
            if i > 0 or not at_start or i + 1 < len(ws) and _CAP.match(ws[i + 1]):
                return True
        return False

    def _owned_after(self, rest: str) -> str | None:
        """The class of an owner after the head: "footage released by the army", "documents from the court"."""
        m = self.owner_after.match(rest)
        kind = self._classify(m.group(1)) if m is not None else None
        return kind if kind in ("named", "institution") else None

    def plural_person(self, word: str) -> bool:
        """A plural noun of people ("soldiers", "Iranians", "the Chinese", "police")."""
        low = word.strip("\"“”‘’'(),.").casefold()
        return low.endswith(("s", "ese", "ish", "ch")) or low in self.plural_people

    def _is_demonym(self, word: str) -> bool:
        return word.strip("\"“”‘’'(),.").casefold() in self.demonym_words

    def _without_demonyms(self, phrase: str) -> str:
        """The phrase with its demonyms in lower case, so that no capital marks them as a name."""
        out = self.demonym_phrases.sub(lambda m: m.group(0).lower(), phrase)
        return " ".join(w.lower() if self._is_demonym(w) else w for w in out.split(" "))

    def _subject_left(self, text: str, verb_start: int, adjacent: bool = False) -> tuple[str, str] | None:
        left = text[max(0, verb_start - 120) : verb_start]
        cut = max((m.end() for m in _CLAUSE_BREAK.finditer(left)), default=0)
        comma = left.rfind(",")
        clause = left[cut:]
        words = clause.split()
        # drop auxiliaries and adverbs right before the verb ("has also said")
        while words and self.between.fullmatch(words[-1].strip(",")):
            words.pop()
        if not words:
            return None
        if clause.rstrip().endswith(",") and comma >= cut:
            return None  # "..., said X" is handled on the right
        # the subject is the last noun phrase: up to five words back, stopping at a comma
        phrase_words: list[str] = []
        for w in reversed(words[-(2 if adjacent else 6):]):
            if w.endswith(",") and phrase_words:
                break
            phrase_words.insert(0, w.rstrip(","))
        if phrase_words and self.clause_joiner_word.fullmatch(phrase_words[-1]):
            return None  # "troops hold their positions and maintain": a second verb of the same subject
        for k in range(len(phrase_words)):
            if k and self.preposition.fullmatch(f" {phrase_words[k - 1]} "):
                continue  # "a ban on officials": the object of a preposition is not the subject
            if phrase_words[k].casefold() in self.infinitive or self.clause_joiner_word.fullmatch(phrase_words[k]):
                continue  # "learn to recognise images": a verb's object; "but a senior officer": the joiner is no source
            phrase = " ".join(phrase_words[k:])
            kind = self._classify(phrase, _at_start(text, phrase, verb_start))
            if kind is not None:
                return phrase, kind
        return None

    def _subject_before(self, text: str, verb_start: int, verb: str, adjective: bool = False) -> tuple[str, str] | None:
        """The subject right before a verb that is a cue only with one ("Trump openly admires",
        "the newspaper has also detailed", "Johnson did not identify"): its head must be a name,
        a pronoun or a noun that can be a source, and the verb must not be passive ("was booed").
        An adjective of stance needs its "be" ("Republicans weren’t too concerned")."""
        left = self.interjection.sub(" ", text[max(0, verb_start - 80) : verb_start])  # "Some Democrats, however, question"
        cut = max((m.end() for m in _CLAUSE_BREAK.finditer(left)), default=0)
        words = left[cut:].split()
        passive = False
        while words and (self.between.fullmatch(words[-1].strip(",")) or words[-1].casefold() in self.focus
                         or adjective and words[-1].casefold() in self.degree):
            if words.pop().casefold() in self.be:
                passive = True
        progressive = verb.casefold().endswith(self.progressive_endings)
        if adjective:
            if not passive:
                return None  # "a critical moment": not what someone is
            progressive = passive
        if words and words[-1].endswith(",") and passive == progressive:
            # "Tom Clarke, a nursing home owner, concocted": the name before an apposition
            m = _APPOSITION.search(" ".join(words)) or _APPOSED_NAME.search(" ".join(words))
            if m is not None and m.group(1).split()[0].casefold() not in self.not_a_name:
                return m.group(1), "named"
        if not words or words[-1].endswith(",") or passive != progressive:
            return None  # "was booed": passive; "officers greeting Trump": not the main verb
        head = words[-1].strip("\"“”'‘’")
        low = head.casefold()
        if low in self.self_pronouns:
            return head, "self"
        if low in self.relative and len(words) > 1:
            # "a super PAC that intends", "nations that oppose": the relative's antecedent is the subject
            before = words[-2].strip(",\"“”'‘’")
            head = self.head_kind.get(before.casefold())
            if before.casefold() not in self.not_a_name and (_CAP.match(before) or head in ("person", "group")):
                return before, self._classify(before) or "indirect"
            return None
        if (
            low in self.speaker_pronouns
            or low in self.not_a_name
            and low not in self.subject_pronouns
            or low in self.infinitive
        ):
            return None  # "you know", "to be sure": turns of phrase
        if not (
            _CAP.match(head)
            or low in self.head_kind
            or self.pronoun.fullmatch(low)
            or self.institution.fullmatch(low)
            or self.generic.fullmatch(low)
            or self.anonymous.fullmatch(low)
        ):
            return None
        start = len(words) - 1
        while start > 0 and len(words) - start < 4 and not words[start - 1].endswith(","):
            if self.preposition.fullmatch(f" {words[start - 1]} "):
                if words[start - 1].casefold() not in self.inner_preposition:
                    return None  # "an increase in Russian military probing": the object of a preposition
            start -= 1
        for k in range(start, len(words)):
            phrase = " ".join(words[k:]).strip("\"“”'‘’")
            kind = self._classify(phrase, _at_start(text, phrase, verb_start))
            if kind is not None:
                return phrase, kind
        return None

    def _subject_right(self, text: str, verb_end: int) -> tuple[str, str] | None:
        right = text[verb_end : verb_end + 80]
        m = self.article_start.match(right)
        if not m:
            return None
        words = m.group(1).split()
        for k in range(len(words), 0, -1):
            phrase = " ".join(words[:k]).rstrip(".,")
            kind = self._classify(phrase)
            if kind == "generic" and self.document.search(phrase):
                return None  # "see more photos", "recognise images": evidence after its verb is its object
            if kind is not None and (kind != "named" or _CAP.match(words[0]) or words[0].casefold() in self.articles):
                return phrase, kind
        return None

    # --- sentences ------------------------------------------------------------
    def _anywhere(self, text: str, mask: QuoteMask) -> tuple[str, str] | None:
        """Any source outside quotations (for a strong verb whose subject is further away)."""
        best: tuple[str, str] | None = None
        # a capital inside a word ("iPad", "eSports", "80TB") starts no name
        for m in re.finditer(r"(?<!\w)[A-ZÀ-ÞА-ЯІЇЄҐ][\w’'.-]+(?:\s+[A-ZÀ-ÞА-ЯІЇЄҐ][\w’'.-]+)*", text):
            if " " not in m.group(0) and not text[: m.start()].strip(" \"“‘'("):
                continue  # "Encirclement, as claimed, …": the sentence's first word, not a name
            if all(self._is_demonym(w) for w in m.group(0).split()):
                body = re.match(r"\s+([\w-]+)", text[m.end() :])
                if body is None or not self.institution.fullmatch(body.group(1)):
                    continue  # "Chinese", "Iranians": where someone is from, not a name
                # "the Saudi government, which has denied": a country's body is named by its demonym
            if not mask[m.start()] and m.group(0).casefold().split()[0] not in self.not_a_name:
                return m.group(0), "named"
        for rx in (self.anonymous, self.generic, self.pronoun):
            m = rx.search(text)
            if m and not mask[m.start()]:
                # not the verb's subject: enough to call the sentence attributed, not to judge the source
                best = best or (m.group(0), "indirect")
        return best

    def _owned_nouns(self, text: str, mask: QuoteMask) -> list[Cue]:
        """What someone said or thinks, owned by them: "Trump’s claim that", "his infamous comment"."""
        out = []
        for m in self.owned_noun.finditer(text):
            if mask[m.start()]:
                continue
            group = next((g for g in ("noun", "noun2") if m.group(g) and m.group(g).casefold() in self.cue_nouns), None)
            if group is None:
                continue
            if not self.complement.match(text, m.end(group)):
                continue  # "their accounts", "Trump’s comments came": owned, but with no content said
            owner = m.group("owner")
            low = owner.casefold()
            if low in self.possessive_pronouns:
                kind = "pronoun"
            else:
                ending = next(e for e in self.possessive_endings if low.endswith(e))
                name = owner[: -len(ending)]
                if _CAP.match(name) and name.casefold() not in self.not_a_name:
                    kind = "named"
                elif name.casefold() in self.head_kind or self.institution.fullmatch(name):
                    kind = "institution"
                else:
                    continue
            out.append(Cue(m.start(group), m.end(group), owner, kind, state=self.cue_nouns[m.group(group).casefold()]))
        return out

    def quote_mask(self, text: str, open_at_start: bool = False) -> tuple[QuoteMask, bool]:
        """Which characters are inside quotation marks, and whether a quote is still open at the end."""
        spans: list[tuple[int, int]] = []
        inside = open_at_start
        start = 0
        for m in _QUOTE_MARK.finditer(text):
            ch, i = m.group(0), m.start()
            if ch in "“«" and not inside:
                inside, start = True, i
            elif ch in "”»" and inside:
                spans.append((start, i + 1))
                inside = False
            elif ch in ('"', "''"):
                if inside:
                    spans.append((start, i + 1))
                    inside = False
                else:
                    inside, start = True, i
        if inside:
            spans.append((start, len(text) + 1))
        return QuoteMask(spans), inside

    def analyse(self, text: str, links: Iterable[tuple[int, int]] = (), in_quote: bool = False) -> SentenceClaim:
        mask, quote_open = self.quote_mask(text, in_quote)
        cues: list[Cue] = []
        for m in self.according_to.finditer(text):
            if mask[m.start()]:
                continue
            tail = text[m.end() : m.end() + 60].split(",")[0].strip()
            cues.append(Cue(m.start(), m.end(), tail, self._classify(tail) or "named"))
        m = _SPEAKER_COLON.match(text)
        if m and not in_quote and not self.labels.fullmatch(m.group(1)):
            cues.append(Cue(m.start(1), m.end(1), m.group(1), "named"))
        for m in _EMBED_CREDIT.finditer(text):
            cues.append(Cue(m.start(), m.end(), m.group(1) or m.group(2), "named"))
        verb_kind = self.verb_kind
        words = list(_WORD.finditer(text))
        tokens = [m.group(0) for m in words]
        long_words = [w for w in tokens if len(w) > 3]
        # a headline in title case ("Lindsey Graham Says"): capitals do not mark names there
        title_case = len(long_words) >= 3 and sum(1 for w in long_words if _CAP.match(w)) >= 0.8 * len(long_words)
        verbs = [m for m, w in zip(words, tokens, strict=True) if w.casefold() in verb_kind]
        verbs += list(self.verb_patterns.finditer(text))
        credits: list[tuple[int, int]] | None = None
        for m in verbs:
            if mask[m.start()]:
                continue
            if credits is None:
                credits = [(c.start(), c.end()) for c in self.credit.finditer(text)]
            if any(a <= m.start() < b for a, b in credits):
                continue  # a credit line ("Additional reporting by")
            word = m.group(0)
            if (
                text[m.start() - 1 : m.start()] in ("<", "/", "-")
                or text[m.end() : m.end() + 1] in ("-", "=")
                or text[m.start() - 2 : m.start()] == "- "
            ):
                continue  # "<tweet …>", "tweet-author=": markup; "debate-night": a compound's first part
            if _CAP.match(word) and m.start() > 0 and not (title_case and word[1:].islower()):
                continue  # "United States", a title word: not a verb
            before = text[max(0, m.start() - 12) : m.start()].split()
            vk = verb_kind.get(word.casefold())
            if before and before[-1].casefold() in self.negating:
                continue  # "without knowing how", "prevent him from releasing": saying that did not happen
            if (
                before
                and before[-1].casefold().strip(",") in self.determiners
                and not (before[-1] in self.relative and vk in ("strong", "weak", "subject", "state"))
            ):
                continue  # "the tweet", "his statement": a noun; "a group that intends": a relative clause
            if before and self.possessive.search(before[-1]) and before[-1].casefold() not in self.contractions:
                continue  # "Trump’s comments": a noun
            if (
                title_case
                and _CAP.match(word)
                and vk is not None
                and vk.endswith("nounish")
                and not self.that_next.match(text, m.end())
            ):
                continue  # "Solid Debate Win": a noun in a headline
            if vk == "stance":
                found = self._subject_before(text, m.start(), word, adjective=True)
                if found is not None:
                    cues.append(Cue(m.start(), m.end(), *found, state=True))
                continue
            if vk in _SUBJECT_KINDS:
                if (
                    vk.endswith("-nounish")
                    and not word.casefold().endswith(self.participle_endings)
                    and not self.object_next.match(text, m.end())
                ):
                    continue  # "the McKinley plan is linear": a noun here
                found = self._subject_before(text, m.start(), word)
                if found is None or found[1] == "self" and vk.startswith("state"):
                    continue  # "I guess", "we tolerate": the writer's own voice, unlike "I believe" (a reporting verb)
                cues.append(Cue(m.start(), m.end(), *found, state=vk.startswith("state")))
                continue
            if vk == "content" and not (
                self.that_next.match(text, m.end())
                or _CLAUSE_END.match(text, m.end())
                or self.topic_next.match(text, m.end())
            ):
                continue  # "will continue their attacks": not "Trump continued: …"
            if vk == "nounish" and not word.casefold().endswith(self.participle_endings):
                left = self._subject_left(text, m.start(), adjacent=True)
                if left is None:
                    continue  # "the presidential debate": a noun here
                if not (
                    self.object_next.match(text, m.end())
                    or _CLAUSE_END.match(text, m.end())
                    or self.verb_next.match(text, m.end())
                ):
                    continue  # "Presidential debate audiences", "health worries have": a noun before a verb
            found = self._subject_left(text, m.start())
            if found is None and word.casefold() not in self.recipient_verbs:
                found = self._subject_right(text, m.end())  # not "told the agency": the agency only heard it
            far = found is None  # the source is not found next to the verb: anywhere in the sentence
            if found is None:
                found = self._anywhere(text, mask)
            if found is None and vk in ("strong", "weak") and self.that_next.match(text, m.end()):
                found = (
                    text[max(0, m.start() - 30) : m.start()].split(",")[-1].strip(),
                    "indirect",
                )  # "the fund warned that"
            if found is None:
                continue
            phrase, kind = found
            if kind == "pronoun" and phrase.casefold() in self.speaker_pronouns:
                if phrase.casefold() not in self.self_pronouns:
                    continue  # "you know": a turn of phrase, not an attribution
                kind = "self"  # "I think": the speaker's own voice
            if (
                kind in _ACTOR_KINDS
                and vk not in _SAYING_KINDS
                and not self._tells(phrase, kind)  # "the ad references": a document does not act, it tells
                and not self._framed(text, m.end())
            ):
                kind = "topic"  # "American Airlines offered to fly the cat": the actor of an event, not its source
            elif far and kind == "indirect" and not self._framed(text, m.end()):
                kind = "topic"  # a pronoun or a crowd elsewhere in the sentence: a source only of a framed claim
            cues.append(Cue(m.start(), m.end(), phrase, kind))
        if not cues:
            # the forms below only decide whether the sentence is attributed at all: the detector ranks
            # sources by the verbs' cues, and treats a named-attribution form as owning the sentence anyway
            for m in self.named_attribution.finditer(text):
                if not mask[m.start()]:
                    cues.append(Cue(m.start(), m.end(), text[m.start() : m.end()], "named"))
            for m in self.frames.finditer(text):
                if not mask[m.start()]:
                    # the source is the sentence's subject: enough to call it attributed, ranked below any verb's source
                    cues.append(Cue(m.start(), m.end(), m.group(0), "indirect", state=True))
            for m in self.topics.finditer(text):
                if not mask[m.start()]:
                    # "faced questions about", "fueling worries that": someone's speech or stance, but no source
                    # named at all; kind "topic" counts as a cue, never as a source (attribution stays "none")
                    cues.append(Cue(m.start(), m.end(), m.group(0), "topic", state=True))
        if not cues:
            closed = self.quote_tail.search(text)
            if closed is not None and (in_quote or text.lstrip()[:1] in "“\"'‘"):  # the sentence is the quotation
                source = closed.group("source")
                cues.append(Cue(closed.start("verb"), closed.end("verb"), source, self._classify(source) or "indirect"))
        if not cues:
            cues += self._owned_nouns(text, mask)
        if text.rstrip("”’\"' ").endswith("?"):
            cues = [c for c in cues if c.source_kind != "self"]  # "Why do I know?": the writer asks, no one is cited
        for a, b in links:
            cues.append(Cue(a, b, text[a:b], "linked"))
        cues.sort(key=lambda c: c.start)
        # a hedge inside a quotation is the speaker's word, not the article's ("… he is seen as …," she said)
        vague = tuple((m.start(), m.end()) for m in self.vague_lex.finditer(text) if m.end() > m.start() and not mask[m.start()])
        return SentenceClaim(tuple(cues), vague, self.ranking, quote_open)

    def _tells(self, phrase: str, kind: str) -> bool:
        """Whether the phrase is a document or a message ("the report", "the ad"), which only ever tells;
        a named one ("the Clinton campaign") is the body behind it, which can act."""
        words = self.preposition.split(phrase, maxsplit=1)[0].split()
        return self.document.search(phrase) is not None or kind == "institution" and bool(words) and (
            self.head_kind.get(words[-1].strip(".,").casefold()) == "communication")

    def _framed(self, text: str, verb_end: int) -> bool:
        """Whether a verb frames what its subject said or found: a content clause or a quotation follows
        ("agreed that …", "offered: “…”"), the verb closes its clause ("…, the company agreed."), or
        it is about a topic ("spoke of"). Without a frame the subject only acts ("Kasich agreed to end
        his bid", "the campaign released an ad"): an event, which needs a source of its own (the
        labelling guide: an institution acting is not a source)."""
        return (
            self.that_next.match(text, verb_end) is not None
            or _CLAUSE_END.match(text, verb_end) is not None
            or self.topic_next.match(text, verb_end) is not None
            or _QUOTE_AFTER.search(text, verb_end) is not None  # "released a statement: “We will …”"
        )

    def clauses(self, text: str) -> list[tuple[int, int]]:
        """The sentence's clauses as spans, split where a clause may have a source of its own."""
        cuts = [0, *(m.end() for m in self.clause_break.finditer(text)), len(text) + 1]
        return list(zip(cuts, cuts[1:], strict=False))

    def governed(self, claim: SentenceClaim, at: int, clauses: list[tuple[int, int]], hedge_in: str | None = None) -> bool:
        """Whether a named source (a name, a named body or document, a link, a resolved pronoun)
        governs the clause that holds position ``at``; a hedge inside a quotation is the speaker's."""
        a, b = next(((x, y) for x, y in clauses if x <= at < y), (0, 0))
        return any(
            a <= c.start < b
            and c.source_kind in _GOVERNING
            and not c.state  # "Apple plans …": an actor's intent, not a source of the claim
            and not 0 <= c.start - at < 30  # "X has reportedly told": the hedge is on the source itself
            and not any(x <= c.start < y for x, y in claim.vague)
            # a hedge is covered by a named "X said" (a verb of saying), not by a weak verb like "maintain"
            and (hedge_in is None or self.verb_kind.get(hedge_in[c.start : c.end].casefold(), "strong") == "strong"
                 and _cue_span(hedge_in, c)[1] - _cue_span(hedge_in, c)[0] < len(c.source) + 40)  # its own subject
            for c in claim.cues
        )

    def exclamation_before(self, text: str, at: int) -> bool:
        """A quotation that is a cry or an order closes right before the cue ("Got her!" an officer said)."""
        return re.search(r"[!?][”\"’']*\s*$", text[:at]) is not None

    def needs(self, text: str) -> tuple[str, ...]:
        """The kinds of claim in the sentence that need a source (figures, casualties, causes …).

        Asked only of a sentence that has no source, where it decides the flag: six
        searches a sentence, a fifth of the analysis, that most sentences never need."""
        return tuple(kind for kind, rx in self._needs_by_kind if rx.search(text))

    def opens_with_quote(self, text: str) -> bool:
        """The sentence is a quotation from its first character ('"It is bizarre," …', '“We …')."""
        return text.lstrip()[:1] in "“\"«"

    def has_quote(self, text: str) -> bool:
        return _QUOTE.search(text) is not None

    def is_statement(self, text: str) -> bool:
        """A full third-person statement: not a heading or price line, not the writer's own
        voice ("we found", "I tested"), not advice to the reader, not a hypothetical."""
        if len(text.split()) < _MIN_CLAIM_WORDS or not text.rstrip("”’\"')").endswith((".", "!")):
            return False
        return not self.own_voice.search(text)

    def is_source_link(self, href: str) -> bool:
        """A link to a page that can source a sentence, not to a site's tag, topic or author listing."""
        return href.startswith(("http://", "https://", "/")) and self.navigation.match(href) is None


# what a sentence's attribution can be: any rankable source kind, or only weasel cues, or nothing
ATTRIBUTIONS = (*sorted(_SOURCE_KINDS - {"topic"}), "vague", "none")
_ATTRIBUTION = enum("attribution", "the sentence's strongest attribution: who it rests on", ATTRIBUTIONS)
VAGUE = fact(
    "claim.vague",
    "sentence",
    """A body sentence hangs its claim on nobody in particular: a weasel cue ("as claimed", "footage
    indicates", "reportedly") or a nameless crowd as its only source ("experts say").""",
    _ATTRIBUTION,
    enum(
        "cue",
        "a weasel phrase (lexicon vague-attribution) or a generic source (generic-sources)",
        ("weasel", "generic source"),
    ),
    text("why", "the cue and its source phrase with the source's class, or the weasel phrase"),
)
ANONYMOUS = fact(
    "claim.anonymous",
    "sentence",
    """A body sentence whose source is anonymous ("a senior official", "people familiar with the matter").""",
    _ATTRIBUTION,
    text("source", "the anonymous source as the sentence names it"),
    text("why", "the cue and its source phrase with the source's class"),
)
UNATTRIBUTED = fact(
    "claim.unattributed",
    "sentence",
    """A statement with no source in its sentence or paragraph that needs one: a figure, a casualty, a
    cause, a prediction, a contested claim (the kinds of lexicon needs-source).""",
    _ATTRIBUTION,
    text("needs", "what it needs a source for, in words: the kinds joined", shown="no lexicon cue"),
    FieldSpec("kind", "enum", "what it needs a source for", many=True, values_from="needs-source", shown="no lexicon cue"),
    text("excerpt", "the sentence's first 70 characters"),
    *UNATTRIBUTED_FIELDS,
)


@register("claims", facts=(VAGUE, ANONYMOUS, UNATTRIBUTED))
def detect(article: Article, ctx: Context) -> Iterable[Fact]:
    """Vague cues, anonymous sources, and claims that need a source but have none."""
    analyser: ClaimAnalyser = ctx.memo("claims", lambda: ClaimAnalyser(ctx.ruleset))
    owned = ctx.ruleset.lexicon("named-attribution").regex
    for block in article.blocks:
        if not block.in_body or block.kind not in ("paragraph", "list_item", "quote"):
            continue
        source_in_paragraph = False  # a named source earlier in the paragraph carries over
        in_quote = False
        # the anonymous speaker of the paragraph's last quotation ("…," one official said.): the quoted
        # sentences after it, with no speaker of their own, are still that source's (a named speaker resets it)
        anonymous_speaker: str | None = None
        for k, s in enumerate(block.sentences):
            if s.end - s.start > _MAX_SENTENCE:
                continue  # not prose (a list of thousands of words run together): no claim to weigh, and bounded time
            text = block.text[s.start : s.end]
            links = [
                (max(link.start, s.start) - s.start, min(link.end, s.end) - s.start)
                for link in block.links
                if link.start < s.end and link.end > s.start and analyser.is_source_link(link.href)
            ]
            opened_in_quote = in_quote and k > 0  # the sentence starts inside a quotation opened before it
            claim = analyser.analyse(text, links, in_quote=opened_in_quote)
            in_quote = claim.quote_open
            attribution = claim.attribution
            is_owned = owned.search(text) is not None

            def fact(
                fact_kind: str,
                a: int,
                b: int,
                s: Sentence = s,
                block: Block = block,
                text: str = text,
                attribution: str = attribution,
                **data: object,
            ) -> Fact:
                a, b = s.start + a, s.start + b
                return Fact(
                    fact_kind,
                    f"sentence@{s.start}",
                    span=article.span_of(block.content, a, b),
                    evidence=text,
                    match=block.text[a:b],
                    data={"attribution": attribution, **data},
                )

            flagged: list[tuple[int, int]] = []
            anonymous_cue: str | None = None  # the sentence's anonymous or vague source, when it is flagged
            if not is_owned:
                for a, b in claim.vague:
                    if analyser.governed(claim, a, analyser.clauses(text), text):
                        continue  # "the minister reportedly …, Smith said": the named source covers its hedge
                    flagged.append((a, b))
                    yield fact("claim.vague", a, b, cue="weasel", why=f"no source: weasel '{text[a:b]}'")
                # a vague or anonymous source flags its clause unless a named source governs that clause
                clauses = analyser.clauses(text)
                for cue in claim.cues:
                    if cue.source_kind not in ("generic", "anonymous") or analyser.governed(claim, cue.start, clauses):
                        continue
                    if re.match(r"\s+by\s", text[cue.end : cue.end + 5]):
                        continue  # "footage verified by the BBC": a passive, its agent is the source
                    a, b = _cue_span(text, cue)
                    if analyser.exclamation_before(text, min(a, cue.start)):
                        continue  # '"Let me see your hands!" an officer ordered.': an order or a cry, not a claim
                    if any(x < b and a < y for x, y in flagged):
                        continue
                    flagged.append((a, b))
                    cue_word = text[cue.start : cue.end]
                    anonymous_cue = anonymous_cue or cue.source.strip(" .,")
                    if cue.source_kind == "generic":
                        yield fact("claim.vague", a, b, cue="generic source",
                                   why=f"vague source: '{cue.source.strip(' .,')}' (cue '{cue_word}')")
                    else:
                        yield fact("claim.anonymous", a, b, source=cue.source.strip(" .,"),
                                   why=f"anonymous source: '{cue.source.strip(' .,')}' (cue '{cue_word}')")
            quoted = opened_in_quote or analyser.opens_with_quote(text)
            # '"…," the aide said. "It is bizarre …"' or '"…," he added.': the continuation, with no speaker
            # of its own or only a pronoun for the same speaker, rests on the same anonymous aide
            pronouns_only = all(c.source_kind == "pronoun" for c in claim.cues)
            if anonymous_speaker is not None and quoted and not flagged and not is_owned and pronouns_only:
                flagged.append((0, len(text)))
                yield fact("claim.anonymous", 0, len(text), source=anonymous_speaker,
                           why=f"anonymous source: quotation continues '{anonymous_speaker}'")
            elif any(c.source_kind in _GOVERNING for c in claim.cues) or is_owned:
                anonymous_speaker = None  # a named speaker takes over the paragraph's quotations
            elif anonymous_cue is not None and (quoted or analyser.has_quote(text) or claim.quote_open):
                anonymous_speaker = anonymous_cue
            attributed = attribution not in ("none", "vague") or source_in_paragraph or is_owned
            if (
                not attributed
                and not flagged
                and analyser.is_statement(text)
                and not (claim.quote_open or in_quote or analyser.has_quote(text))
            ):
                needs = analyser.needs(text)
                types = ctx.memo("claim-types", lambda: claim_types(ctx.ruleset.folders))  # signals/claim-types.yml
                judged = judge_unattributed(block, k, needs, types)  # the learned model, or the rules when it is unavailable
                if judged is not None:
                    excerpt = text if len(text) <= 70 else text[:67].rsplit(" ", 1)[0] + "…"
                    yield fact("claim.unattributed", 0, len(text), needs=", ".join(needs), kind=needs, excerpt=excerpt, **judged)
            if attribution in ("named", "institution", "linked", "pronoun", "quoted") or is_owned:
                source_in_paragraph = True


def _of_kind(lex: Lexicon, kind: str) -> list[LexiconEntry]:
    """A lexicon's entries of one kind; the analyser needs every kind it asks for (a rule
    folder's replacement that drops one is an error, not a silently empty list)."""
    entries = [e for e in lex.entries if e.kind == kind]
    if not entries:
        raise RuleFileError(
            lex.path, None, f"lexicon {lex.name!r} has no entry of kind {kind!r}, which the claims analyser reads"
        )
    return entries


def _entry_words(lex: Lexicon, entry: LexiconEntry) -> Iterable[str]:
    """The words of an entry read as a set of words: a one-word phrase or a plain word list."""
    words = _words(entry)
    if not words:
        raise RuleFileError(
            lex.path,
            None,
            f"lexicon {lex.name!r}: entry {entry.phrase or entry.pattern!r} of kind "
            f"{entry.kind!r} must be one word or a plain list of words",
        )
    return words


def _alternatives(entries: Iterable[LexiconEntry]) -> list[str]:
    """Entries as regex branches for the analyser to set in its own context: a phrase's words
    (any white space between them), each word of a word list, or a pattern as written."""
    out: list[str] = []
    for e in entries:
        words = word_list(e.pattern) if e.phrase is None else None
        if e.phrase is not None:
            out.append(r"\s+".join(re.escape(w) for w in e.phrase.split()))
        elif words is not None:
            out.extend(re.escape(w) for w in words)
        else:
            out.append(f"(?:{e.pattern})")
    return out


def _words(entry) -> Iterable[str]:  # type: ignore[no-untyped-def]
    """The literal words of a lexicon entry: its phrase, or a pattern that only lists words."""
    if entry.phrase:
        return (entry.phrase.casefold(),) if " " not in entry.phrase else ()
    words = word_list(entry.pattern)
    return [w.casefold() for w in words] if words else ()


def _at_start(text: str, phrase: str, end: int) -> bool:
    """Whether the phrase (last found before ``end``) opens the sentence, where a capital marks no name."""
    i = text.rfind(phrase, 0, end)
    return i >= 0 and not text[:i].strip(" \"“‘'([—–-")


def _cue_span(text: str, cue: Cue) -> tuple[int, int]:
    """The source and its cue together: "experts say", "according to people familiar with …"."""
    before = text.rfind(cue.source, 0, cue.start)
    if before >= 0:
        return before, max(cue.end, before + len(cue.source))
    after = text.find(cue.source, cue.start)
    if after >= 0:
        return cue.start, after + len(cue.source.rstrip(".,"))
    return cue.start, cue.end
