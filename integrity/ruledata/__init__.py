"""Rule data: the YAML files a newsroom can add or replace, read the same way.

Rule packs, lexicons, signal tables (``signals/*.yml``) and ``score.yml`` all
live in rule folders (the built-in one first, then the user's). This package
reads them with their line numbers (``yaml_lines``), compiles lexicons
(``lexicon``) and finds every file across the folders, a later folder
replacing an earlier one's file of the same name (``folders``). It imports
nothing else of integrity but the model, so the parser and the image readers
can use it without the rule engine.
"""

from __future__ import annotations

from .folders import LexiconStore, RuleFolders, builtin_rules_dir
from .lexicon import Lexicon, LexiconEntry
from .yaml_lines import LineDict, RuleFileError, load_yaml

__all__ = ["Lexicon", "LexiconEntry", "LexiconStore", "LineDict", "RuleFileError", "RuleFolders", "builtin_rules_dir", "load_yaml"]
