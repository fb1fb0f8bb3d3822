"""Images handed over in memory (HTTP uploads, a CMS's media library), matched to an article's ``src``.

An uploaded name is only ever a lookup key: it is never joined to a folder or
opened. A ``src`` matches the upload whose path agrees with the most trailing
path components of the ``src`` (``https://cdn.example/2025/img/a.jpg?w=800``
matches an upload named ``img/a.jpg`` before one named ``a.jpg``); a tie
between two different uploads is refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


def path_parts(name: str) -> tuple[str, ...]:
    """The path components of an upload name or an image ``src`` (no query, fragment, scheme or host)."""
    name = name.strip().replace("\\", "/")
    parts = urlsplit(name)
    path = parts.path if parts.scheme in ("http", "https") or name.startswith("//") else name.split("?")[0].split("#")[0]
    return tuple(p for p in unquote(path).split("/") if p not in ("", "."))


class AmbiguousUpload(LookupError):
    """Two different uploads match one ``src`` equally well."""


@dataclass(frozen=True)
class UploadedImages:
    """Image bytes by the name (file name or relative path) they were uploaded under."""

    items: tuple[tuple[str, bytes], ...] = ()

    @staticmethod
    def of(images: Mapping[str, bytes] | Iterable[tuple[str, bytes]]) -> UploadedImages:
        pairs = images.items() if isinstance(images, Mapping) else images
        return UploadedImages(tuple((str(name), bytes(data)) for name, data in pairs))

    def __len__(self) -> int:
        return len(self.items)

    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.items)

    def find(self, src: str) -> tuple[str, bytes] | None:
        """The upload for ``src`` as ``(name, bytes)``, or None; raises :class:`AmbiguousUpload`."""
        wanted = path_parts(src)
        if not wanted:
            return None
        best: list[tuple[str, bytes]] = []
        best_len = 0
        for name, data in self.items:
            have = path_parts(name)
            n = 0
            while n < min(len(have), len(wanted)) and have[-1 - n] == wanted[-1 - n]:
                n += 1
            if n == 0 or n < len(have) and n < len(wanted):
                continue  # the upload's own folders must agree with the src as far as both go
            if n > best_len:
                best, best_len = [(name, data)], n
            elif n == best_len and all(d != data for _, d in best):
                best.append((name, data))
        if len(best) > 1:
            raise AmbiguousUpload(", ".join(name for name, _ in best))
        return best[0] if best else None
