"""The C2PA soft-binding algorithm list, bundled, and what it says about one `alg` name.

A soft binding (an invisible watermark or a content fingerprint, recorded in a
`c2pa.soft-binding` assertion) lets a manifest be found again in a manifest
repository after the file has lost it: the specification calls such Content
Credentials *durable*. The assertion names its algorithm in `alg`; the C2PA keeps
the registered names in one list, shipped here as `integrity/data/soft-binding/`
(see its PROVENANCE.tsv). Nothing is looked up over the network: a soft binding
is reported, never resolved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ALGORITHMS_FILE = Path(__file__).resolve().parent.parent / "data" / "soft-binding" / "algorithms.json"


@dataclass(frozen=True)
class Algorithm:
    """One registered algorithm: its `alg` name, `kind` (watermark or fingerprint) and the media it decodes."""

    alg: str
    kind: str
    media: tuple[str, ...]


@dataclass(frozen=True)
class AlgorithmList:
    as_of: str
    algorithms: dict[str, Algorithm]

    def get(self, alg: str | None) -> Algorithm | None:
        return self.algorithms.get(alg) if alg else None


@lru_cache(maxsize=4)
def load_algorithms(path: Path = ALGORITHMS_FILE) -> AlgorithmList:
    """The list in ``path``; a malformed file is an error naming the file (it ships with the package)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        algorithms = {
            a["alg"]: Algorithm(str(a["alg"]), str(a["type"]), tuple(str(m) for m in a.get("media", ())))
            for a in doc["algorithms"]
        }
        return AlgorithmList(str(doc["as_of"]), algorithms)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a soft-binding algorithm list: {exc}") from None
