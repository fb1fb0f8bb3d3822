"""Profiles: a named set of rules to turn on and report sections to add (``--profile eu-ai-act``).

A profile is a newsroom's question asked of every article beyond the default
checks (today: the EU AI Act Article 50 view). Its rules ship disabled in their
pack; the profile enables them and names the sections the report gains. What
each profile holds is data, ``integrity/data/profiles.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "profiles.toml"


class UnknownProfile(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    description: str
    enable: tuple[str, ...]  # rule ids or globs
    sections: tuple[str, ...]  # report sections: "article50"


@lru_cache(maxsize=1)
def profiles() -> dict[str, Profile]:
    with DATA.open("rb") as fh:
        raw = tomllib.load(fh)
    return {name: Profile(name, t.get("description", ""), tuple(t.get("enable", ())), tuple(t.get("sections", ())))
            for name, t in raw.items()}


def get_profile(name: str) -> Profile:
    known = profiles()
    if name not in known:
        raise UnknownProfile(f"unknown profile {name!r} (known: {', '.join(sorted(known))})")
    return known[name]


def names() -> tuple[str, ...]:
    return tuple(sorted(profiles()))
