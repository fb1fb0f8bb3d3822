"""Build the attribution lexicons in rules/lexicons from their sources.

* ``reporting-verbs.yml`` from ../shared/corpora/lexicons/reporting_verbs.tsv:
  every lemma's origin (PolNeAR train cue count, GenderGapTracker list), one
  entry per inflected form.
* ``cue-verbs.yml`` from WordNet 3.0 (the Debian package ``wordnet-base``,
  /usr/share/wordnet): verbs whose tagged senses (SemCor counts in
  ``cntlist.rev``) are mostly in the lexicographer files verb.communication,
  verb.cognition or verb.emotion — saying, thinking, intending, judging,
  feeling — which PolNeAR annotates as attribution when a source is their
  subject ("Trump admires", "the FBI decided", "Johnson did not identify").
* ``attribution-nouns.yml`` from WordNet 3.0 too: nouns whose tagged senses
  are mostly in noun.person, noun.group or noun.communication, the heads of
  sources that are people, bodies and documents ("the woman", "the
  newspaper", "the ad"), and in noun.communication or noun.cognition, what
  someone said or thinks when it is theirs ("Trump’s claim", "his decision").

* ``demonyms.yml`` from WordNet 3.0 too: adjectives of the pertainym file (adj.pert) that
  pertain to a named place of noun.location ("Chinese" → China, "Texan" → Texas), with their
  plurals ("Iranians"), plus a few regional ones WordNet lacks ("European", "Arab"): a
  capitalised word that says where a source is from, not who it is ("Chinese officials said").

Run from the repo root: ``python eval/make_lexicons.py`` (``apt-get install
wordnet-base`` first for the WordNet lexicons; WordNet is read only here, never
at run time). The outputs are committed; this script is how to remake them.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "corpora" / "lexicons" / "reporting_verbs.tsv"
OUT = ROOT / "rules" / "lexicons" / "reporting-verbs.yml"
WORDNET = Path("/usr/share/wordnet")
CUE_VERBS = ROOT / "rules" / "lexicons" / "cue-verbs.yml"
NOUNS = ROOT / "rules" / "lexicons" / "attribution-nouns.yml"
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ster")
VERB_FILES = {31: "verb.cognition", 32: "verb.communication", 37: "verb.emotion"}
NOUN_FILES = {18: "noun.person", 14: "noun.group", 10: "noun.communication", 9: "noun.cognition"}
# WordNet verbs whose communication/cognition sense is not what a news sentence means by them
# ("the court will file", "a plan to base", "voters face"), or whose forms are mostly other words
# (besides NOT_CUES, which make_wordnet skips as well)
WORDNET_NOT_CUES = set(
    "like care assume rely face base file measure select check derive record sign train compute devote solve multiply shape "
    "pick bar contract deduct bow term issue nod wave roar cry permit study read learn teach name order "
    "date type book log program group class key general officer page pad pipe steep major still long please "
    "figure point mark trace link schedule reserve await ensure subtract abstract master chart slot plat sequence "
    "cube grade assay desert skip engulf steel gentle swan calm bore interest tempt lure beset distract "
    "convict sentence remand baptize excommunicate notarize docket subpoena pardon acquit nominate moderate "
    "telephone phone dial radio cable telegraph televise broadcast photograph film answer "
    "appropriate underwrite deal bay bark mew moo quack caw cluck crow whinny squawk yelp nasale "
    "sanction doom destine dedicate rededicate compromise".split()
)

# lemmas the source lists that are not verbs, or whose verb sense is rarely a cue
NOT_CUES = set(
    "quickly little once reportedly about should immediately decision opposition supporter no there one since only "
    "strongly supportive generally new ca suddenly good last likely endorsement eager by under yet against initially "
    "increasingly will must always complaint title campaign count fire spend stand hit get run set turn start hold "
    "lay rule become remain open reach cover project strike block ban bring love need require provide deliver aim "
    "list launch attempt struggle choose determine present address introduce promote compare knock sound thank "
    "accept mean press concern".split()
)
# lemmas of NOT_CUES that PolNeAR does annotate as cues when a source is their subject ("the court ruled",
# "Cruz thanked Trump", "Clinton introduced the bill"): written to cue-verbs.yml, used only after a subject
SUBJECT_CUES = {"promote": "subject", "thank": "subject", "love": "state", "rule": "subject",
                "introduce": "subject", "address": "subject", "compare": "subject", "link": "subject"}
# lemmas that report speech only with what was said after them ("Trump continued: …", "…, he continued.",
# not "Republicans will continue their attacks"; "ensure that" is a promise, "ensure the officers receive" is not;
# "spoke of the legacy", not "spoke in a cottage")
CONTENT_ONLY = {"continue", "ensure", "speak"}
# lemmas whose base and -s forms are more often nouns ("the debate", "his tweets"): cues only right after a subject
NOUNISH = set(
    "debate tweet state support question release claim report answer attack comment email quote call plan view offer "
    "promise hope fear concern worry challenge request demand pledge vow praise criticize estimate count reference "
    "title voice project list".split()
)
IRREGULAR = {
    "say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "see": ["saw", "seen"], "think": ["thought"],
    "know": ["knew", "known"], "seek": ["sought"], "find": ["found"], "speak": ["spoke", "spoken"],
    "feel": ["felt"], "understand": ["understood"], "hear": ["heard"], "mean": ["meant"], "show": ["showed", "shown"],
    "rip": ["ripped"],
}


def forms(lemma: str) -> list[str]:
    out = {lemma}
    irregular = IRREGULAR.get(lemma)
    if irregular:
        out |= {lemma + "s", (lemma[:-1] if lemma.endswith("e") else lemma) + "ing", *irregular}
        return sorted(out)
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        out |= {lemma + "es", lemma + "ed"}
    else:
        out |= {lemma + "s", lemma + ("d" if lemma.endswith("e") else "ed")}
    out.add((lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma) + "ing")
    if lemma in {"admit", "rip", "slam", "stop", "plan", "refer", "regret", "commit"}:
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return sorted(out)


def _wordnet_senses(pos: str) -> tuple[dict[str, list[int]], dict[str, dict[int, int]], Counter]:
    """lemma -> lexicographer file of each sense (in WordNet's order), lemma -> {sense: SemCor count},
    and (lemma, pos digit) -> SemCor count over all parts of speech."""
    lexfile: dict[str, int] = {}
    for line in (WORDNET / f"data.{pos}").open(encoding="latin-1"):
        if not line.startswith("  "):
            offset, filenum = line.split()[:2]
            lexfile[offset] = int(filenum)
    senses: dict[str, list[int]] = {}
    for line in (WORDNET / f"index.{pos}").open(encoding="latin-1"):
        if not line.startswith(" "):
            parts = line.split()
            n = int(parts[2])
            senses[parts[0]] = [lexfile[o] for o in parts[-n:]]
    digit = {"verb": "2", "noun": "1"}[pos]
    tagged: dict[str, dict[int, int]] = defaultdict(dict)
    any_pos: Counter = Counter()
    for line in (WORDNET / "cntlist.rev").open(encoding="latin-1"):
        key, sense, count = line.split()
        lemma, rest = key.split("%", 1)
        any_pos[(lemma, rest[0])] += int(count)
        if rest.startswith(digit + ":"):
            tagged[lemma][int(sense)] = int(count)
    return senses, tagged, any_pos


def _dominant(files: list[int], counts: dict[int, int], wanted: dict[int, str]) -> tuple[str, float, int] | None:
    """The wanted lexicographer file that holds most of a lemma's tagged uses (at least half), or None."""
    total = sum(counts.values())
    if not total:
        # never tagged in SemCor ("liken", "narrator"): only when every sense is in a wanted file
        return (wanted[files[0]], 1.0, 0) if all(f == files[0] for f in files) and files[0] in wanted else None
    per: Counter = Counter()
    for i, f in enumerate(files):
        per[f] += counts.get(i + 1, 0)
    best, n = per.most_common(1)[0]
    if best not in wanted or n / total < 0.5:
        return None
    return wanted[best], n / total, total


_INDEXED: dict[str, set[str]] = {}


def _other_pos(lemma: str) -> bool:
    """Whether WordNet also lists the word as a noun, adjective or adverb."""
    for pos in ("noun", "adj", "adv"):
        if pos not in _INDEXED:
            _INDEXED[pos] = {line.split(" ", 1)[0] for line in (WORDNET / f"index.{pos}").open(encoding="latin-1")
                             if not line.startswith(" ")}
        if lemma in _INDEXED[pos]:
            return True
    return False


def _exceptions(pos: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for line in (WORDNET / f"{pos}.exc").open(encoding="latin-1"):
        parts = line.split()
        if len(parts) >= 2:
            for lemma in parts[1:]:
                out[lemma].append(parts[0])
    return out


def verb_forms(lemma: str, irregular: list[str]) -> list[str]:
    """Regular inflections, with WordNet's exception list (verb.exc) replacing the regular past or -ing form."""
    out = set(forms(lemma)) - {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if any(not f.endswith("ing") for f in irregular):
        out -= {f for f in out if f.endswith("ed")}
    if any(f.endswith("ing") for f in irregular):
        out -= {f for f in out if f.endswith("ing")}
    return sorted(out | set(irregular))


def _packed(groups: dict[tuple[str, str], list[str]], what: str) -> list[str]:
    """One entry per lexicographer file and initial letter, each a plain list of words (a pattern the
    analyser reads back as a word set): thousands of one-word entries would make the rule pack slow to load."""
    lines = []
    for (key, letter), words in sorted(groups.items()):
        lexfile, _, kind = key.partition(" ")
        alternation = "|".join(sorted(set(words)))
        origin = f"WordNet 3.0 {lexfile}: " + what.format(letter=letter)
        lines.append(f"  - {{pattern: '(?<!\\w)(?:{alternation})(?!\\w)', kind: {kind or lexfile.split('.')[1]}, origin: '{origin}'}}")
    return lines


def make_wordnet(rows: list[dict[str, str]], reporting: set[str]) -> int:
    """cue-verbs.yml and attribution-nouns.yml; ``rows`` are reporting_verbs.tsv's, ``reporting`` the lemmas
    main() wrote to reporting-verbs.yml (which win on overlap)."""
    if not (WORDNET / "data.verb").exists():
        print(f"{WORDNET} not found: apt-get install wordnet-base to remake the WordNet lexicons", file=sys.stderr)
        return 1
    senses, tagged, any_pos = _wordnet_senses("verb")
    irregular = _exceptions("verb")
    lines = [
        "name: cue-verbs",
        "description: >",
        "  Verbs of communication, cognition and emotion that make an attribution when a",
        "  source is their subject (\"Trump admires\", \"the FBI decided\", \"the ad references\"):",
        "  with every inflected form. Only used right after a subject. Kind subject: communication",
        "  (what the subject said); state: cognition and emotion (what the subject thinks or feels,",
        "  which attributes a sentence but sources no claim); -nounish marks lemmas often used as",
        "  nouns (\"plan\"), whose base and -s forms need an object after them.",
        "  Generated by eval/make_lexicons.py from WordNet 3.0 (wordnet-base): lemmas whose",
        "  SemCor-tagged senses are mostly in verb.communication, verb.cognition or verb.emotion",
        "  and that are used more as verbs than as other words; reporting-verbs.yml wins on overlap.",
        "  Each entry is a plain list of words (one per WordNet file and initial letter).",
        "  Edit that script, not this file.",
        "entries:",
    ]
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    n_verbs = 0
    for lemma in sorted(senses):
        if "_" in lemma or lemma in reporting or lemma in NOT_CUES or lemma in WORDNET_NOT_CUES:
            continue
        dom = _dominant(senses[lemma], tagged.get(lemma, {}), VERB_FILES)
        if dom is None:
            continue
        other = sum(any_pos[(lemma, d)] for d in "1345")
        if other > any_pos[(lemma, "2")] or not any_pos[(lemma, "2")] and _other_pos(lemma):
            continue  # mostly a noun, adjective or adverb ("still", "interest")
        n_verbs += 1
        # "plan", "doubt": often a noun too; the base and -s forms are verbs only before an object
        # communication verbs report what the subject said ("subject"); cognition and emotion verbs
        # their inner state ("state": "Apple plans", "Trump admires"), which sources no claim of its own
        kind = "subject" if dom[0] == "verb.communication" else "state"
        if 2 * any_pos[(lemma, "1")] >= any_pos[(lemma, "2")]:
            kind += "-nounish"
        groups[(dom[0] + " " + kind, lemma[0])] += verb_forms(lemma, irregular.get(lemma, []))
    lines += _packed(groups, "lemmas {letter}… whose SemCor-tagged uses are mostly in this file, all inflections")
    counts = {row["lemma"]: row["polnear_train_cue_count"] for row in rows}
    for lemma, kind in sorted(SUBJECT_CUES.items()):
        lemma_forms = verb_forms(lemma, irregular.get(lemma, []))
        lines.append(f"  - {{pattern: '(?<!\\w)(?:{'|'.join(lemma_forms)})(?!\\w)', kind: {kind}, note: {lemma}, "
                     f"origin: 'PolNeAR train cue count {counts.get(lemma, '?')} "
                     f"(shared/corpora/lexicons/reporting_verbs.tsv); a cue only after its subject'}}")
        n_verbs += 1
    CUE_VERBS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {CUE_VERBS.relative_to(ROOT)} ({n_verbs} lemmas, {sum(map(len, groups.values()))} forms)")

    senses, tagged, _ = _wordnet_senses("noun")
    plural = _exceptions("noun")
    lines = [
        "name: attribution-nouns",
        "description: >",
        "  Nouns of attribution, kind the WordNet lexicographer file. Heads of sources: people",
        '  (person: "the woman", "voters"), bodies (group: "the jury", "the newspaper") and',
        '  documents and messages (communication: "the ad", "the letter"). What someone said or',
        '  thinks, a cue when it is theirs (communication, cognition: "Trump’s claim", "his decision").',
        "  Generated by eval/make_lexicons.py from WordNet 3.0 (wordnet-base): nouns whose",
        "  SemCor-tagged senses are mostly in one of those files (of the never-tagged ones, only",
        '  agent nouns of people: "narrator"), singular and plural;',
        "  each entry is a plain list of words (one per WordNet file and initial letter).",
        "  Edit that script, not this file.",
        "entries:",
    ]
    groups = defaultdict(list)
    n_nouns = 0
    for lemma in sorted(senses):
        if "_" in lemma or not lemma.isalpha() or len(lemma) < 2:
            continue
        dom = _dominant(senses[lemma], tagged.get(lemma, {}), NOUN_FILES)
        if dom is None or not dom[2] and not (dom[0] == "noun.person" and lemma.endswith(AGENT_SUFFIXES)):
            continue  # of the nouns SemCor never tagged, only agent nouns ("narrator", "pollster"): the rest are rare
        n_nouns += 1
        noun_forms = {lemma, *plural.get(lemma, [])}
        if not plural.get(lemma):
            noun_forms.add(
                lemma[:-1] + "ies"
                if lemma.endswith("y") and lemma[-2] not in "aeiou"
                else lemma + "es"
                if lemma.endswith(("s", "sh", "ch", "x", "z"))
                else lemma + "s"
            )
        groups[(dom[0], lemma[0])] += sorted(noun_forms)
    lines += _packed(groups, "nouns {letter}… whose SemCor-tagged uses are mostly in this file, singular and plural")
    NOUNS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {NOUNS.relative_to(ROOT)} ({n_nouns} lemmas, {sum(map(len, groups.values()))} forms)")
    return make_demonyms()


DEMONYMS = ROOT / "rules" / "lexicons" / "demonyms.yml"
# pertainyms of places that are more often a first name, a company, a team or another sense in news
# ("Norman Smith", "Continental", "the Spartans", "Olympic officials" of a named committee)
NOT_DEMONYMS = frozenset({
    "Attic", "Byzantine", "Cambrian", "Caucasian", "Caucasic", "Chaldee", "Continental", "Delphic", "Dipylon",
    "Ionic", "Maroc", "Mongoloid", "Nazarene", "Nicene", "Norman", "Olympian", "Olympic", "Philistine", "Punic",
    "Roman", "Romanic", "Scotch", "Spartan", "Tai", "Trojan",
})
# regional and ethnic demonyms WordNet files elsewhere or not at all
EXTRA_DEMONYMS = (
    "African", "Arab", "Asian", "Azeri", "Balkan", "Emirati", "European", "Gulf", "Kazakh", "Kurd", "Kyrgyz",
    "Nordic", "Tajik", "Uzbek", "Western", "Eastern", "Latin American", "Southeast Asian",
)


def make_demonyms() -> int:
    """demonyms.yml: WordNet's adjectives pertaining to a named place, with their plurals."""
    locations: dict[str, tuple[int, str]] = {}
    with (WORDNET / "data.noun").open(encoding="latin-1") as f:
        for line in f:
            if not line.startswith("  "):
                p = line.split()
                locations[p[0]] = (int(p[1]), p[4])
    found: set[str] = set(EXTRA_DEMONYMS)
    with (WORDNET / "data.adj").open(encoding="latin-1") as f:
        for line in f:
            p = line.split()
            if line.startswith("  ") or p[1] != "01":  # adj.pert
                continue
            n = int(p[3], 16)
            at = 4 + 2 * n
            pointers = [p[at + 1 + 4 * j : at + 5 + 4 * j] for j in range(int(p[at]))]
            places = [locations.get(o) for sym, o, pos, _ in pointers if sym == "\\" and pos == "n"]
            if any(loc and loc[0] == 15 and loc[1][:1].isupper() for loc in places):  # noun.location, a proper name
                for i in range(n):
                    word = re.sub(r"\(.*\)$", "", p[4 + 2 * i]).replace("_", " ")
                    if word[:1].isupper() and word not in NOT_DEMONYMS:
                        found.add(word)
    forms: set[str] = set()
    for word in found:
        forms.add(word)
        if not word.endswith(("ese", "sh", "ch", "s", "z", "ois")):
            forms.add(word + "s")  # "Iranians", "Iraqis", "Americans"
    single = sorted(w for w in forms if " " not in w)
    groups: dict[str, list[str]] = defaultdict(list)
    for w in single:
        groups[w[0]].append(w)
    lines = [
        "name: demonyms",
        "description: >",
        '  Words that say where people or bodies are from ("Chinese", "French", "Iranians",',
        '  "Texan"): capitalised, but not a name. "Chinese officials said" has an anonymous source;',
        '  "China\'s foreign ministry said" a named one. Generated by eval/make_lexicons.py from',
        "  WordNet 3.0 (wordnet-base): adjectives of adj.pert pertaining to a proper noun of",
        "  noun.location, their plurals, and a few regional ones; edit that script, not this file.",
        "entries:",
    ]
    for letter, words in sorted(groups.items()):
        lines.append(f"  - {{pattern: '(?<!\\w)(?:{'|'.join(words)})(?!\\w)', lang: en, "
                     f"origin: 'WordNet 3.0 adj.pert, places of noun.location: {letter}…'}}")
    for w in sorted(w for w in forms if " " in w):
        lines.append(f"  - {{phrase: {w}, lang: en, origin: 'WordNet 3.0 adj.pert, places of noun.location'}}")
    DEMONYMS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {DEMONYMS.relative_to(ROOT)} ({len(forms)} forms)")
    return 0


def main() -> int:
    if not SOURCE.exists():
        print(f"{SOURCE} not found (../shared must be beside the clone)", file=sys.stderr)
        return 1
    rows = list(csv.DictReader(SOURCE.open(encoding="utf-8"), delimiter="\t"))
    lines = [
        "name: reporting-verbs",
        "description: >",
        "  Verbs that introduce what someone said, wrote or thinks (attribution cues),",
        "  one entry per inflected form (note: its lemma). Kinds: strong, weak, nounish (often a noun:",
        "  a verb only after a subject and before an object), content (a cue only with what was said",
        '  after it: "Trump continued: …"). Generated by eval/make_lexicons.py from',
        "  shared/corpora/lexicons/reporting_verbs.tsv; edit that script, not this file.",
        "entries:",
    ]
    written: set[str] = set()
    for row in rows:
        lemma = row["lemma"].strip()
        count = int(row["polnear_train_cue_count"] or 0)
        in_ggt = row["in_gendergaptracker_quote_verb_list"] == "y"
        if lemma in NOT_CUES or lemma == "accord" or not (in_ggt or count >= 10):
            continue
        origin = f"PolNeAR train cue count {count}" + ("; GenderGapTracker quote_verb_list" if in_ggt else "")
        strength = (
            "nounish"
            if lemma in NOUNISH
            else "content"
            if lemma in CONTENT_ONLY
            else "strong"
            if in_ggt or count >= 100
            else "weak"
        )
        written.add(lemma)
        for form in forms(lemma):  # one literal word per entry: matched by a word lookup, not a regex scan
            lines.append(f"  - {{phrase: {form}, kind: {strength}, note: {lemma}, origin: '{origin}'}}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({sum(1 for line in lines if line.startswith('  - '))} verb forms)")
    return make_wordnet(rows, written)


if __name__ == "__main__":
    sys.exit(main())
