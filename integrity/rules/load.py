"""Find and load rule roots: ``lexicons/``, one folder per pack, ``score.yml``.

The built-in root ships inside the package (``integrity/packs`` in a wheel, the
repository's top-level ``rules/`` in a checkout); users add roots through
config. A rule's id is ``<pack folder>/<file stem>``; two rules with one id fail.
The Ruleset keeps the :class:`~integrity.ruledata.folders.RuleFolders` it was
loaded from, so the signal tables (``signals/*.yml``) a run uses come from the
same folders as its packs, lexicons and ``score.yml``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..facts import FactCatalogue
from ..model import AREAS, CONFIDENCES, PackInfo
from ..ruledata.folders import LexiconStore, RuleFolders
from ..ruledata.lexicon import Lexicon
from ..ruledata.yaml_lines import RuleFileError, RuleFileErrors, load_mapping, load_yaml
from .kinds import Rule, build_rule

_PACK_KEYS = {"name", "version", "description"}


@dataclass(frozen=True)
class Scoring:
    area_weights: Mapping[str, float]
    confidence_factors: Mapping[str, float]


@dataclass(frozen=True)
class Ruleset:
    rules: tuple[Rule, ...]
    lexicons: LexiconStore
    packs: tuple[PackInfo, ...]
    scoring: Scoring
    folders: RuleFolders  # where every kind of rule data of this run is found (signal tables too)
    by_id: Mapping[str, Rule] = field(default_factory=dict)

    @property
    def enabled(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.enabled)

    def needed_facts(self) -> frozenset[str]:
        return frozenset(r.fact for r in self.enabled if r.fact)

    def lexicon(self, name: str) -> Lexicon:
        return self.lexicons.require(name)


def _load_scoring(path: Path) -> Scoring:
    data = load_mapping(path, ("areas", "confidence"), "score.yml")
    areas = data.get("areas", {})
    conf = data.get("confidence", {})
    for name, value in areas.items():
        if name not in AREAS or not isinstance(value, (int, float)) or value < 0:
            raise RuleFileError(path, areas.line_of(name), f"areas: {name!r} must be one of {AREAS} with a weight >= 0")
    for name, value in conf.items():
        if name not in CONFIDENCES or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise RuleFileError(path, conf.line_of(name), f"confidence: {name!r} must be one of {CONFIDENCES} with 0..1")
    missing = [a for a in AREAS if a not in areas] + [c for c in CONFIDENCES if c not in conf]
    if missing:
        raise RuleFileError(path, data.line, f"score.yml lacks {', '.join(missing)}")
    return Scoring(dict(areas), dict(conf))


def _pack_info(folder: Path, rule_count: int) -> PackInfo:
    meta = folder / "pack.yml"
    if not meta.exists():
        return PackInfo(folder.name, "0", rule_count)
    data = load_mapping(meta, _PACK_KEYS, "pack.yml")
    name = str(data.get("name", folder.name))
    if name != folder.name:  # rule ids come from the folder; a different name would report rules under another pack
        raise RuleFileError(meta, data.line_of("name"),
                            f"pack name {name!r} does not match its folder {folder.name!r} "
                            f"(its rules' ids are {folder.name}/<file>); rename one to match the other")
    return PackInfo(name, str(data.get("version", "0")), rule_count)


def _rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.name != "pack.yml" and p.suffix in (".yml", ".yaml"))


DATA_FOLDERS = frozenset({"lexicons", "signals"})  # folders of a rule root that hold data, not rules


def _silent_rule_files(root: Path, packs: list[Path]) -> list[RuleFileError]:
    """Rule files that would never load, as errors rather than rules that are silently off.

    A rule file counts only inside a pack (a folder with ``pack.yml``): YAML
    files in a folder without one, or loose in a root that is not itself a
    pack, would be skipped without a word; so would a root holding nothing a
    rule folder can hold (no pack, lexicons, signals or ``score.yml``).
    """
    if (root / "pack.yml").exists():
        return []
    found: list[RuleFileError] = []
    loose = [p for p in _rule_files(root) if p.name != "score.yml"]
    if loose:
        found.append(RuleFileError(loose[0], None, f"rule file outside a pack: {root} has no pack.yml, so "
                                   f"{len(loose)} file(s) here would never load; put them in <pack>/ with a pack.yml"))
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p not in packs and p.name not in DATA_FOLDERS
                         and not p.name.startswith((".", "_"))):
        files = _rule_files(folder)
        if files:
            found.append(RuleFileError(folder / "pack.yml", None, f"missing pack.yml: {len(files)} rule file(s) in "
                                       f"{folder} would never load (a pack is a folder with a pack.yml)"))
    holds_data = any((root / name).is_dir() for name in DATA_FOLDERS) or (root / "score.yml").is_file()
    if not packs and not loose and not found and not holds_data:
        found.append(RuleFileError(root, None, "rule folder holds no pack (<pack>/pack.yml), lexicons/, signals/ "
                                   "or score.yml: nothing in it would be used"))
    return found


def load_ruleset(roots: Sequence[Path] | RuleFolders, facts: FactCatalogue | None = None) -> Ruleset:
    """Load every root in order; later lexicons and score.yml replace earlier ones.

    ``facts`` is the catalogue fact rules are checked against; by default the
    facts the registered detectors declare (imported here, at call time, since
    the detectors themselves read lexicons through a Ruleset).
    """
    if facts is None:
        from ..detectors import FACTS

        facts = FACTS
    rule_folders = roots if isinstance(roots, RuleFolders) else RuleFolders(roots)
    roots = rule_folders.roots
    lexicons = rule_folders.lexicons()
    for root in roots:
        if not root.is_dir():
            raise RuleFileError(root, None, "rule folder does not exist")
    score_file = rule_folders.find("score.yml")
    if score_file is None:
        raise RuleFileError(roots[0] / "score.yml", None, "no score.yml found in any rule folder")
    scoring = _load_scoring(score_file)

    rules: list[Rule] = []
    by_id: dict[str, Rule] = {}
    packs: list[PackInfo] = []
    errors: list[RuleFileError] = []
    for root in roots:
        # a pack is a folder with a pack.yml; other folders (lexicons/, signals/) hold data
        folders = [root] if (root / "pack.yml").exists() else sorted(
            p for p in root.iterdir() if p.is_dir() and (p / "pack.yml").is_file()
        )
        errors.extend(_silent_rule_files(root, folders))
        for folder in folders:
            files = _rule_files(folder)
            for path in files:
                try:
                    rule = build_rule(load_yaml(path), path, folder.name, lexicons, facts)
                    if rule.id in by_id:
                        raise RuleFileError(path, 1, f"rule id {rule.id!r} is already defined in {by_id[rule.id].path}")
                except RuleFileError as exc:  # go on: every broken file of the pack is reported at once
                    errors.append(exc)
                    continue
                by_id[rule.id] = rule
                rules.append(rule)
            if files:
                packs.append(_pack_info(folder, len(files)))
    if errors:
        raise errors[0] if len(errors) == 1 else RuleFileErrors(errors)
    return Ruleset(tuple(rules), lexicons, tuple(packs), scoring, rule_folders, by_id)
