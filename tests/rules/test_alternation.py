"""compile_alternation shares one word-start check across patterns and must match exactly as ``p1|p2|…``;
lazy_alternation is the same regex, built at its first use."""

from __future__ import annotations

import copy
import pickle
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from integrity.ruledata.folders import builtin_rules_dir
from integrity.ruledata.lexicon import branch_groups, compile_alternation, lazy_alternation, phrase_pattern
from integrity.rules.load import load_ruleset

# patterns in the forms the lexicons use, and forms that must not be put behind the shared check
POOL = [
    phrase_pattern("experts say"),
    phrase_pattern("say"),
    phrase_pattern("some people say"),
    r"(?<!\w)as\s+(?:was\s+)?(?:claimed|alleged)(?!\s+by\b)(?!\w)",
    r"(?:^|(?<!\w)(?:new|viral)\s+)(?:footage|videos?)\s+(?:shows?|suggests?)(?!\w)",
    r"(?<!\w)a|b",  # the check covers only the first branch: "b" may match inside a word
    r"(?<!\w)(?:a|b)c",
    r"(?:[$€£]\s?\d[\d,.]*)",  # no word-start check at all
    r"ay(?!\w)",  # matches inside words ("say")
    r"(?-i:(?<!\w)(?:Killed|dead)(?!\w))",
    r"(?<!\w)\d+\s*%",
    r"(?<![\w’'-])(?:claims|fears)\s+(?:about|that)(?!\w)",
    # first characters re folds case for in more than one way ("ſ" is "s", the Kelvin sign "k" under IGNORECASE)
    phrase_pattern("kelvin said"),
    r"(?<!\w)(?:sa|ſo)y(?!\w)",
    r"(?<!\w)(?-i:[A-Z])[a-z]+\s+said",
    r"(?<!\w)(critics|experts)\s+(say)",  # groups: a run holding them is never copied into branches
    r"(?<!\w)\w+\s+says",  # a first character that cannot be listed
]
TEXTS = st.text(alphabet=st.sampled_from(list("abcsayexpertsomepleviralfotgdnw KD$5%,.'-\nſKKkİıCS")), max_size=60)


def _naive(patterns: list[str], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in rx.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=6), TEXTS, st.booleans())
def test_same_matches_as_the_plain_alternation(patterns: list[str], text: str, ignore_case: bool) -> None:
    flags = re.I if ignore_case else 0
    assert _spans(compile_alternation(patterns, flags), text) == _spans(_naive(patterns, flags), text)


def test_first_listed_pattern_still_wins_at_a_position() -> None:
    short_first = compile_alternation([phrase_pattern("experts"), phrase_pattern("experts say")], re.I)
    long_first = compile_alternation([phrase_pattern("experts say"), phrase_pattern("experts")], re.I)
    assert short_first.search("Experts say so").group(0) == "Experts"
    assert long_first.search("Experts say so").group(0) == "Experts say"


def test_whole_pattern_alternation_is_not_put_behind_the_check() -> None:
    rx = compile_alternation([phrase_pattern("x"), r"(?<!\w)a|b"], 0)
    assert rx.search("ab").group(0) == "a"
    assert _spans(rx, "cb") == [((1, 2), ())]  # "b" inside a word still matches, as in the pattern itself


def test_word_start_runs_share_one_check() -> None:
    rx = compile_alternation([phrase_pattern("experts say"), phrase_pattern("critics say"), r"\d+%"], re.I)
    assert rx.pattern.startswith(r"(?<!\w)(?:(?=[c])")  # then one branch per first letter, "c" before "e"
    assert rx.pattern.count(r"(?<!\w)") == 1  # the entries' own checks are the shared one
    assert rx.pattern.count("|(?:\\d+%)") == 1


def test_a_word_start_opens_only_the_branch_of_its_first_letter() -> None:
    entries = [phrase_pattern(p) for p in ("some people say", "experts say", "it is said", "sources say", "experts")]
    rx = compile_alternation(entries, re.I)
    assert rx.pattern.count("experts") == 2 and rx.pattern.count("some") == 1  # each entry sits in one branch
    assert rx.search("EXPERTS SAY so").group(0) == "EXPERTS SAY"  # first listed first, within its branch
    assert rx.search("ſources say").group(0) == "ſources say"  # "ſ" is an "s" to re, and opens the "s" branch
    assert [m.group(0) for m in rx.finditer("thesources say, experts")] == ["experts"]


def test_entries_that_start_with_many_letters_are_not_copied_into_every_branch() -> None:
    # each entry may start with any of ten letters: copied into ten branches it would be compiled ten times
    many = [rf"(?<!\w)(?:{'|'.join('abcdefghij')}){k}\w*" for k in range(8)]
    rx = compile_alternation(many, re.I)
    assert rx.pattern.count("(?=[") == 1  # one look-ahead for the run, entries as listed
    assert _spans(rx, "ax0 b1 c2 j7 k7") == _spans(_naive(many, re.I), "ax0 b1 c2 j7 k7")


def test_a_run_with_groups_keeps_them_numbered_as_listed() -> None:
    rx = compile_alternation([phrase_pattern("critics say"), r"(?<!\w)(experts)\s+(say)"], re.I)
    assert rx.search("Experts say").groups() == ("Experts", "say")


def test_every_builtin_lexicon_matches_as_before() -> None:
    text = ("Some people say the footage shows 12% more deaths, according to the Ministry; experts say it was "
            "reportedly claimed. Sources familiar with the talks said the report by The Post was leaked. "
            "It is widely believed that new videos suggest 3,000 people fled, officials told Reuters.")
    rs = load_ruleset([builtin_rules_dir()])
    for name in rs.lexicons:
        lex = rs.lexicon(name)
        flags = lex.regex.flags & re.I
        assert _spans(lex.regex, text) == _spans(_naive([e.pattern for e in lex.entries], flags), text), name


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=6), TEXTS, st.booleans())
def test_lazy_alternation_matches_as_the_compiled_one(patterns: list[str], text: str, ignore_case: bool) -> None:
    flags = re.I if ignore_case else 0
    eager, lazy = compile_alternation(patterns, flags), lazy_alternation(patterns, flags)
    assert _spans(lazy, text) == _spans(eager, text)
    assert [m.span() for m in [lazy.search(text), lazy.match(text), lazy.fullmatch(text)] if m] == \
        [m.span() for m in [eager.search(text), eager.match(text), eager.fullmatch(text)] if m]
    assert (lazy.pattern, lazy.flags, lazy.sub("#", text)) == (eager.pattern, eager.flags, eager.sub("#", text))


def test_lazy_alternation_is_built_once_and_survives_pickle_and_copy() -> None:
    patterns = [phrase_pattern("experts say"), r"\d+%"]
    lazy = lazy_alternation(patterns, re.I)
    assert "search" not in vars(lazy)  # nothing compiled until it is used
    assert lazy.search("Experts say 5%").group(0) == "Experts say"
    assert vars(lazy)["search"] is lazy.search  # the compiled pattern's own method, read directly from now on
    for twin in (pickle.loads(pickle.dumps(lazy)), copy.deepcopy(lazy), lazy_alternation(patterns, re.I)):
        assert twin == lazy and hash(twin) == hash(lazy)
        assert [m.group(0) for m in twin.finditer("5% of experts say")] == ["5%", "experts say"]
    assert lazy != lazy_alternation(patterns, 0)
    try:
        lazy.no_such_method  # noqa: B018 - the attribute read is the test
    except AttributeError:
        pass
    else:
        raise AssertionError("an unknown attribute must not compile the pattern or exist")


# what re.compile rejects and what it accepts, look-behinds nested every way the parser nests them
CHECKED = [r"(?<=ab)c", r"(?<=a|bc)d", r"(?<!a+)b", r"x(?:(?<!\w|ab)y)", r"(a)(?<=(?P<n>x))", r"(?i)a", r"a(?i)b",
           r"(?P<x>a)(?P<x>b)", r"(", r"a{3,2}", r"(?<=a{2})b", r"(?<=a{1,2})b", r"(?:x|(?<=a*)y)+", r"(?(1)a|b)",
           r"(a)(?(1)(?<=bb|c)|d)", r"(a)(?(1)d|(?<!b?))", r"[z-a]", r"(?<=(?<!ab)c)d", r"(?<=(?=a+)b)c", r"(?<=^)a",
           r"(?<=[ab])(?<!c)x*", r"(?-i:(?<!\w)(?:Killed|dead)(?!\w))", r"(?<![\w’'-])(?:claims|fears)"]


def _compiled_groups(pattern: str, flags: int) -> object:
    try:
        return dict(re.compile(f"(?:{pattern})", flags).groupindex)
    except re.error as exc:
        return ("error", exc.msg)


def _checked_groups(pattern: str, flags: int) -> object:
    try:
        return dict(branch_groups(pattern, flags))
    except re.error as exc:
        return ("error", exc.msg)


def test_branch_groups_rejects_and_accepts_what_re_compile_does() -> None:
    rs = load_ruleset([builtin_rules_dir()])
    lexicon_patterns = [e.pattern for name in rs.lexicons for e in rs.lexicon(name).entries]
    for pattern in CHECKED + lexicon_patterns:
        for flags in (0, re.I):
            assert _checked_groups(pattern, flags) == _compiled_groups(pattern, flags), pattern
    assert _checked_groups(r"(?<=a|bc)d", 0) == ("error", "look-behind requires fixed-width pattern")
