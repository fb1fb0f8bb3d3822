"""API keys: presented as ``X-API-Key: KEY`` or ``Authorization: Bearer KEY``.

Keys are kept only as SHA-256 digests and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


class KeyRing:
    def __init__(self, keys: Iterable[str]) -> None:
        digests: list[bytes] = []
        for key in keys:
            if key.startswith("sha256:"):
                digests.append(bytes.fromhex(key[len("sha256:"):]))
            else:
                digests.append(_digest(key))
        self._digests = tuple(digests)

    def __bool__(self) -> bool:
        return bool(self._digests)

    def accepts(self, presented: str | None) -> bool:
        if not presented:
            return False
        d = _digest(presented)
        ok = False
        for known in self._digests:  # no early exit: the time taken does not say which key was close
            ok |= hmac.compare_digest(d, known)
        return ok


def presented_key(headers: Mapping[str, str]) -> str | None:
    """The key a request carries, from ``X-API-Key`` or a Bearer ``Authorization`` header."""
    key = headers.get("x-api-key")
    if key:
        return key.strip()
    auth = headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None
