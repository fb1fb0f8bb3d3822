"""Rule packs load strictly: every mistake names its file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from integrity.ruledata.folders import builtin_rules_dir
from integrity.ruledata.yaml_lines import RuleFileError
from integrity.rules.load import load_ruleset

BUILTIN = builtin_rules_dir()


def _root(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp_path


def _error(tmp_path: Path, files: dict[str, str]) -> RuleFileError:
    root = _root(tmp_path, {"house/pack.yml": "name: house\n", **files})
    with pytest.raises(RuleFileError) as info:
        load_ruleset([BUILTIN, root])
    return info.value


def test_builtin_packs_load_with_ids_from_paths() -> None:
    rs = load_ruleset([BUILTIN])
    for rule in rs.rules:
        pack, stem = rule.id.split("/")
        assert Path(rule.path).stem == stem and Path(rule.path).parent.name == pack
    assert {p.name for p in rs.packs} >= {"image", "claim", "credit"}


@pytest.mark.parametrize(
    "text, line, words",
    [
        (
            "kind: pattern\narea: attribution\nseverity: warning\nmessage: m\nscope: body\npatterns: x\nsevrity: x\n",
            7,
            "unknown key 'sevrity'",
        ),
        ("kind: pattern\narea: attribution\nseverity: fatal\nmessage: m\n", 3, "severity must be one of"),
        ("kind: regex\nmessage: m\n", 1, "kind must be one of"),
        (
            "kind: pattern\narea: attribution\nseverity: info\nmessage: m\nscope: body\npatterns: ['(unclosed']\n",
            6,
            "bad regex",
        ),
        # valid alone, not inside the rule's one regex: a mid-pattern flag, a group name used twice
        (
            "kind: pattern\narea: attribution\nseverity: info\nmessage: m\nscope: body\npatterns: ['x', '(?i)y']\n",
            6,
            "bad regex",
        ),
        (
            "kind: pattern\narea: attribution\nseverity: info\nmessage: m\nscope: body\npatterns: ['(?P<a>x)', '(?P<a>y)']\n",
            6,
            "do not form one regex",
        ),
        (
            "kind: pattern\narea: attribution\nseverity: info\nmessage: m\nscope: [footnotes]\npatterns: x\n",
            5,
            "unknown scope",
        ),
        (
            "kind: pattern\narea: attribution\nseverity: info\nmessage: m\nscope: body\nlexicons: [nope]\n",
            6,
            "unknown lexicon 'nope'",
        ),
        ("kind: fact\narea: credits\nseverity: info\nmessage: m\n", 1, "needs 'fact'"),
        ("kind: fact\narea: credits\nseverity: info\nmessage: m\nfact: x\nweight: -1\n", 6, "weight must be"),
        ("kind: pattern\n  area: [unclosed\n", 2, "invalid YAML"),
        ("kind: fact\nkind: fact\n", 2, "duplicate key"),
        ("id: other/name\nkind: fact\n", 1, "must be 'house/bad'"),
    ],
)
def test_bad_rule_file_names_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    err = _error(tmp_path, {"house/bad.yml": text})
    assert err.path.endswith("bad.yml")
    assert err.line == line, str(err)
    assert words in str(err)
    assert str(err).startswith(f"{err.path}:{line}: ")


def test_duplicate_rule_id_across_roots_fails(tmp_path: Path) -> None:
    root = _root(
        tmp_path,
        {
            "claim/pack.yml": "name: claim\n",
            "claim/vague-source.yml": "kind: fact\narea: credits\nseverity: info\nmessage: m\nfact: claim.vague\n",
        },
    )
    with pytest.raises(RuleFileError, match="already defined"):
        load_ruleset([BUILTIN, root])


def test_bad_lexicon_entry_names_line(tmp_path: Path) -> None:
    root = _root(
        tmp_path,
        {
            "lexicons/house-words.yml": "name: house-words\nentries:\n  - phrase: fine\n  - {phrase: a, pattern: b}\n",
            "house/pack.yml": "name: house\n",
            "house/r.yml": "kind: pattern\narea: attribution\nseverity: info\nmessage: m\nscope: body\nlexicons: [house-words]\n",
        },
    )
    with pytest.raises(RuleFileError) as info:
        load_ruleset([BUILTIN, root])
    assert info.value.line == 4 and "exactly one of" in str(info.value)


@pytest.mark.parametrize(
    "entries, line, words",
    [
        # each is a valid regex on its own; in one alternation the second would break it
        (
            "  - pattern: '(?P<who>officials)'\n  - pattern: '(?P<who>sources)'\n",
            4,
            "group name 'who' is also used by the entry on line 3",
        ),
        ("  - phrase: fine\n  - pattern: '(?i)sources say'\n", 4, "bad regex"),
    ],
)
def test_entries_that_cannot_share_one_regex_fail_at_load(tmp_path: Path, entries: str, line: int, words: str) -> None:
    """A lexicon's alternation is compiled on first use; what would make it fail is caught when the file is loaded."""
    root = _root(
        tmp_path,
        {
            "lexicons/house-words.yml": "name: house-words\nentries:\n" + entries,
            "house/pack.yml": "name: house\n",
            "house/r.yml": "kind: pattern\narea: attribution\nseverity: info\nmessage: m\nscope: body\nlexicons: [house-words]\n",
        },
    )
    with pytest.raises(RuleFileError) as info:
        load_ruleset([BUILTIN, root])
    assert info.value.line == line and words in str(info.value)


def test_user_pack_adds_a_rule_without_python(tmp_path: Path) -> None:
    import integrity
    from integrity.config import Config

    root = _root(
        tmp_path,
        {
            "lexicons/house-banned.yml": "name: house-banned\nentries:\n  - phrase: sources close to\n",
            "house/pack.yml": "name: house\nversion: '2'\n",
            "house/sources-close-to.yml": (
                "kind: pattern\narea: attribution\nseverity: error\nweight: 5\n"
                "message: 'House style bans “{match}”.'\nscope: body\nlexicons: [house-banned]\n"
            ),
        },
    )
    report = integrity.check(
        "<p>By Ann Lee</p><p>Sources close to the mayor said he will resign.</p>",
        config=Config(rule_paths=(root,)),
    )
    (f,) = [f for f in report.findings if f.rule_id == "house/sources-close-to"]
    assert f.message == "House style bans “Sources close to”." and f.severity == "error"
    assert any(p.name == "house" and p.version == "2" for p in report.packs)


@pytest.mark.parametrize(
    "pattern, words",
    [
        (r"(?<!\w)(?:claim|claims|co-author|o’neill)(?!\w)", ["claim", "claims", "co-author", "o’neill"]),
        (r"(?<!\w)(?:say)(?!\w)", ["say"]),
        (r"(?<!\w)(?:claim||claims)(?!\w)", None),  # an empty branch: not a word list
        (r"(?<!\w)(?:claims?)(?!\w)", None),  # a quantifier
        (r"(?<!\w)(?:claim|(?P<x>y))(?!\w)", None),
        (r"(?<!\w)(?:claim)", None),  # no end check: it matches inside words
    ],
)
def test_word_list_patterns_are_recognised_exactly(pattern: str, words: list[str] | None) -> None:
    """A plain word list is taken as valid without being compiled at load: the form must be exact."""
    from integrity.ruledata.lexicon import word_list

    assert word_list(pattern) == words
    if words is not None:  # and it matches exactly those words, whole
        rx = re.compile(pattern, re.I)
        assert all(rx.fullmatch(w) for w in words) and not rx.search(words[0] + "x")


def test_not_after_drops_a_match_the_words_before_it_make_the_topic(tmp_path: Path) -> None:
    """A pattern rule's ``not_after``: a match is dropped when the text just before it matches (and only that
    match: a later one in the same unit still counts); its keys are checked like unless's."""
    import integrity
    from integrity.config import Config

    rule = ("kind: pattern\narea: attribution\nseverity: warning\nweight: 1\nmessage: 'Hedge “{match}”.'\n"
            "scope: body\npatterns: ['(?<!\\w)reportedly(?!\\w)']\nnot_after:\n  patterns: ['(?<!\\w)the word\\s+$']\n")
    root = _root(tmp_path, {"house/pack.yml": "name: house\n", "house/hedge.yml": rule})
    config = Config(rule_paths=(root,))

    def hedges(text: str) -> list[str]:
        report = integrity.check(f"<p>By Ann Lee</p><p>{text}</p>", config=config)
        return [f.match for f in report.findings if f.rule_id == "house/hedge"]

    assert hedges("The mayor reportedly resigned.") == ["reportedly"]
    assert hedges("Editors ban the word reportedly in headlines.") == []
    assert hedges("Editors ban the word reportedly, but he reportedly resigned.") == ["reportedly"]
    bad = rule.replace("  patterns:", "  pattern:")
    err = _error(tmp_path / "bad", {"house/hedge.yml": bad})
    assert "unknown key 'pattern' in not_after" in str(err) and "hedge.yml" in str(err)


def test_a_one_lexicon_matcher_is_built_on_first_use_with_the_same_matches() -> None:
    """The image label rule's regex is not compiled until an image's text is read (a text article never
    does); built, it finds what the eager alternation of the same entries finds."""
    from integrity.ruledata.lexicon import compile_alternation

    rs = load_ruleset([BUILTIN])
    rule = next(r for r in rs.rules if r.id == "image/ai-disclosed")
    assert rule.matcher is not None and not isinstance(rule.matcher.regex, re.Pattern)
    eager = compile_alternation([e.pattern for e in rs.lexicons["ai-label"].entries], re.IGNORECASE)
    for caption in ("Illustration: AI-generated image", "Photo by a staff photographer", "Bild: KI-generiert"):
        assert [m.span() for m in rule.matcher.finditer(caption)] == [m.span() for m in eager.finditer(caption)]
    assert any(rule.matcher.finditer("Illustration: AI-generated image"))


def test_two_lexicons_that_cannot_share_one_regex_still_fail_at_load(tmp_path: Path) -> None:
    err = _error(tmp_path, {
        "lexicons/house-a.yml": "name: house-a\nentries:\n  - pattern: '(?P<who>officials)'\n",
        "lexicons/house-b.yml": "name: house-b\nentries:\n  - pattern: '(?P<who>sources)'\n",
        "house/r.yml": "kind: pattern\narea: attribution\nseverity: info\nmessage: m\nscope: body\n"
                       "lexicons: [house-a, house-b]\n",
    })
    assert err.line == 6 and "do not form one regex" in str(err)
