"""The parsed form of rule YAML files, kept between processes and keyed by the file's own text.

Every ``integrity`` process reads the rule packs, lexicons and signal tables
(about 70 YAML files); parsing them was a tenth of a fresh text scan's cost,
paid again by every CI step although the files rarely change. A file that
parsed cleanly is stored as ``marshal`` data (the format of Python's own
bytecode cache) under a name that is a hash of its text, the Python and PyYAML
install and the source of the parser (:mod:`integrity.ruledata.yaml_parse`),
so an edited file, another PyYAML or a changed parser can never be read from a
stale entry: the name no longer matches. A hit imports neither the parser nor
PyYAML. Only clean loads are stored, so
every error is still found and worded by the parser itself.

The cache is best effort and invisible: an unwritable or missing folder, a
damaged or foreign entry, or a value marshal cannot hold (a YAML date) means
the file is parsed as before. It lives in ``$INTEGRITY_CACHE_DIR``, else
``$XDG_CACHE_HOME/integrity``, else ``~/.cache/integrity`` (folder
``rule-data``); ``INTEGRITY_CACHE_DIR=off`` turns it off. Nothing is written
into the rule folders.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

FORMAT = b"integrity-yaml-cache-1"  # bump when the stored shape below changes
_OFF = "off"


class _Unstorable(Exception):
    """A value the stored shape does not cover (marshal refuses it, or it could be mistaken for a mapping)."""


@lru_cache(maxsize=1)
def folder() -> Path | None:
    """Where entries live, or None when the cache is off."""
    given = os.environ.get("INTEGRITY_CACHE_DIR")
    if given is not None:
        return None if given.strip().lower() in ("", _OFF) else Path(given) / "rule-data"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "integrity" / "rule-data"


@lru_cache(maxsize=1)
def _salt() -> bytes:
    """What besides a file's text decides what it parses to: this format, Python, the PyYAML install (its
    package file: an upgrade or reinstall, with or without libyaml, rewrites it) and the parser's code."""
    h = hashlib.blake2b(FORMAT, digest_size=20)
    h.update(f"{sys.version_info[:3]}|{marshal.version}".encode())
    try:
        spec = importlib.util.find_spec("yaml")  # found, not imported: PyYAML costs ~10 ms to import
        if spec is None or spec.origin is None:
            return b""
        st = os.stat(spec.origin)
        h.update(f"|{spec.origin}|{st.st_size}|{st.st_mtime_ns}|".encode())
        h.update(Path(__file__).with_name("yaml_parse.py").read_bytes())
    except (OSError, ImportError, ValueError):  # no source to key on (a zipped install): no cache
        return b""
    return h.digest()


def key(text: str) -> str | None:
    salt = _salt()
    if not salt:
        return None
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20, key=salt).hexdigest()


def read(text: str, line_dict: type) -> tuple[bool, Any]:
    """``(True, data)`` for a stored parse of ``text``, else ``(False, None)``."""
    where, name = folder(), key(text)
    if where is None or name is None:
        return False, None
    try:
        raw = (where / name).read_bytes()
    except OSError:
        return False, None
    try:
        return True, _decode(marshal.loads(raw), line_dict)
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss, never an error
        return False, None


def write(text: str, data: Any, line_dict: type) -> None:
    """Store a clean parse of ``text``; silently nothing when it cannot be stored or the folder is unwritable."""
    where, name = folder(), key(text)
    if where is None or name is None:
        return
    try:
        raw = marshal.dumps(_encode(data, line_dict))
    except (_Unstorable, ValueError):
        return
    tmp = where / f".{name}.{os.getpid()}.tmp"
    try:
        where.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(raw)
        os.replace(tmp, where / name)  # atomic: a process reading at the same time sees all of it or nothing
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


# A mapping is stored as a tuple (line, [key, value, ...], key_lines): PyYAML's safe loader never makes a
# tuple, so a tuple can only be a mapping, and a value that is one (an !!omap's pairs) is not stored.
_SCALARS = (str, int, float, bool, type(None), bytes)


def _encode(value: Any, line_dict: type) -> Any:
    if type(value) is line_dict:
        items: list[Any] = []
        for k, v in value.items():
            if type(k) not in _SCALARS:
                raise _Unstorable(type(k).__name__)
            items += (k, _encode(v, line_dict))
        return (value.line, items, dict(value.key_lines))
    if type(value) is list:
        return [_encode(v, line_dict) for v in value]
    if type(value) in _SCALARS:
        return value
    raise _Unstorable(type(value).__name__)


def _decode(value: Any, line_dict: type) -> Any:
    if type(value) is tuple:
        line, items, key_lines = value
        out = line_dict()
        out.line = line
        out.key_lines = key_lines
        for i in range(0, len(items), 2):
            out[items[i]] = _decode(items[i + 1], line_dict)
        return out
    if type(value) is list:
        return [_decode(v, line_dict) for v in value]
    return value
