"""How old the bundled C2PA lists are, and a note when one is older than the limit.

The Conforming Products List and the trust lists change every few weeks, and
integrity reads only the copies shipped inside the package (offline by
design). A verdict from a stale list can be wrong in both directions (a new
product reads as unlisted, a revoked one as listed), so a user should be told,
but a run must not fail for it. The dates and the limit are data
(``integrity/data/conformance/lists.toml``); "today" is always passed in, so
the answer is a pure function and tests fix the day.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LISTS_FILE = DATA_DIR / "conformance" / "lists.toml"


@dataclass(frozen=True)
class BundledList:
    name: str
    file: str  # relative to integrity/data
    issued: date
    source: str


@dataclass(frozen=True)
class ListsInfo:
    max_age_days: int
    lists: tuple[BundledList, ...]


@lru_cache(maxsize=4)
def load_lists(path: Path = LISTS_FILE) -> ListsInfo:
    """The dated lists and the default age limit; a malformed file is a configuration error (raises)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    max_age = data.get("max_age_days")
    if not isinstance(max_age, int) or max_age <= 0:
        raise ValueError(f"{path}: max_age_days must be a positive whole number")
    lists = []
    for i, item in enumerate(data.get("lists") or []):
        issued = item.get("issued")
        if not isinstance(issued, date) or not item.get("name") or not item.get("file"):
            raise ValueError(f"{path}: lists[{i}] needs name, file and an issued date (YYYY-MM-DD)")
        if not (DATA_DIR / item["file"]).is_file():
            raise ValueError(f"{path}: lists[{i}] names {item['file']}, which is not in integrity/data")
        lists.append(BundledList(str(item["name"]), str(item["file"]), issued, str(item.get("source", ""))))
    return ListsInfo(max_age, tuple(lists))


def stale_notes(today: date, max_age_days: int | None = None, info: ListsInfo | None = None) -> tuple[str, ...]:
    """One note per bundled list issued more than ``max_age_days`` (default: the data's) before ``today``."""
    info = info or load_lists()
    limit = max_age_days if max_age_days is not None else info.max_age_days
    notes = []
    for item in info.lists:
        age = (today - item.issued).days
        if age > limit:
            notes.append(
                f"the bundled {item.name} is {age} days old (issued {item.issued.isoformat()}; limit {limit} days): "
                "it may have changed since; update integrity or its data"
            )
    return tuple(notes)
