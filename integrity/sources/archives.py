"""Articles inside zip and tar archives, read in place (nothing is extracted to disk).

Member names are checked before anything is read: absolute paths, ``..``
segments, links and device files are refused; so are members over the size
cap or with a compression ratio that marks a bomb. A refused member is a
failed document with its reason, never a crash and never a silent drop.
"""

from __future__ import annotations

import posixpath
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .document import Document, InputError
from .file import ARTICLE_SUFFIXES, KIND_BY_SUFFIX, is_saved_page_name, saved_page

DEFAULT_MAX_MEMBER_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_RATIO = 100.0  # uncompressed / compressed


@dataclass(frozen=True)
class ArchiveLimits:
    max_member_bytes: int = DEFAULT_MAX_MEMBER_BYTES
    max_ratio: float = DEFAULT_MAX_RATIO


def is_zip(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def is_tar(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz"))


def unsafe_name(name: str) -> str | None:
    """Why a member name may not be used, or None."""
    if not name or "\x00" in name:
        return "empty or NUL in the member name"
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return f"absolute member path {name!r} refused"
    if ".." in norm.split("/"):
        return f"member path {name!r} climbs out of the archive ('..') and is refused"
    return None


def _is_article(name: str) -> bool:
    return name.lower().endswith(ARTICLE_SUFFIXES)


@dataclass(frozen=True)
class MemberRef:
    archive: str
    name: str
    size: int  # declared uncompressed size
    refused: str | None = None  # set when the member must not be read
    crc: int | None = None  # a zip member's CRC-32 (part of its change key); None in a tar

    @property
    def id(self) -> str:
        return f"{self.archive}!{self.name}"


def _tar_entries(tf: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    """Every entry in order, each forgotten once read (iterating a TarFile keeps them all)."""
    while (info := tf.next()) is not None:
        tf.members.clear()  # type: ignore[attr-defined]  # (an attribute typeshed does not list)
        yield info


def list_members(path: Path, limits: ArchiveLimits) -> Iterator[MemberRef]:
    """Every article-like member (and every refused one), in archive order."""
    archive = str(path)
    if is_zip(path):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if not info.filename:
                    yield MemberRef(archive, "", info.file_size, "empty member name refused", info.CRC)
                    continue
                if info.is_dir():
                    continue
                why = unsafe_name(info.filename)
                if why is None and not _is_article(info.filename):
                    continue
                if why is None and info.file_size > limits.max_member_bytes:
                    why = f"{info.file_size} bytes uncompressed is over the member limit of {limits.max_member_bytes}"
                if why is None and info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
                    ratio = info.file_size / info.compress_size
                    why = f"compression ratio {ratio:.0f}:1 is over the limit of {limits.max_ratio:.0f}:1 (zip bomb?)"
                yield MemberRef(archive, info.filename, info.file_size, why, info.CRC)
        return
    with tarfile.open(path, "r:*") as tf:
        for entry in _tar_entries(tf):
            if entry.isdir():
                continue
            why = unsafe_name(entry.name)
            if why is None and not (entry.isfile() or entry.islnk() or entry.issym()):
                continue
            if why is None and not _is_article(entry.name):
                continue
            if why is None and (entry.issym() or entry.islnk()):
                why = f"link member {entry.name!r} refused"
            if why is None and entry.size > limits.max_member_bytes:
                why = f"{entry.size} bytes is over the member limit of {limits.max_member_bytes}"
            yield MemberRef(archive, entry.name, entry.size, why)


def read_member(ref: MemberRef, limits: ArchiveLimits, base_url: str | None = None) -> Document:
    """The member's bytes as a Document; raises InputError for refused, oversized or broken members."""
    if ref.refused:
        raise InputError("archive.refused", ref.refused)
    path = Path(ref.archive)
    try:
        if is_zip(path):
            with zipfile.ZipFile(path) as zf, zf.open(ref.name) as fh:
                data = fh.read(limits.max_member_bytes + 1)
        else:
            with tarfile.open(path, "r:*") as tf:
                member = tf.getmember(ref.name)
                fh = tf.extractfile(member)
                if fh is None:
                    raise InputError("archive.refused", f"{ref.name!r} is not a regular file")
                data = fh.read(limits.max_member_bytes + 1)
    except (
        zipfile.BadZipFile,
        tarfile.TarError,
        OSError,
        EOFError,
        KeyError,
        RuntimeError,
        NotImplementedError,
        zlib.error,
        ValueError,
    ) as exc:
        raise InputError("archive.corrupt", f"cannot read member {ref.name!r}: {exc}") from None
    if len(data) > limits.max_member_bytes:
        raise InputError(
            "archive.refused", f"member {ref.name!r} inflates past the member limit of {limits.max_member_bytes}"
        )
    if is_saved_page_name(ref.name):  # a saved page: its images are its own parts, not the archive's other members
        return saved_page(ref.id, data, base_url)
    kind = KIND_BY_SUFFIX.get(posixpath.splitext(ref.name.lower())[1])
    return Document(ref.id, data, kind, base_url, image_source=ArchiveImages(ref, limits))  # type: ignore[arg-type]


class ArchiveImages:
    """A page's images from the same zip/tar, by path relative to the page's member."""

    def __init__(self, ref: MemberRef, limits: ArchiveLimits) -> None:
        self.ref, self.limits = ref, limits

    def get(self, src: str) -> tuple[bytes, str] | None:
        if "://" in src or src.startswith("//"):
            return None
        name = posixpath.normpath(posixpath.join(posixpath.dirname(self.ref.name), src.split("?")[0].split("#")[0]))
        if unsafe_name(name) is not None:
            raise InputError("image.refused", f"{src!r} points outside the archive")
        member = MemberRef(self.ref.archive, name, 0)
        try:
            doc = read_member(member, self.limits)
        except InputError as exc:
            if exc.code == "archive.corrupt":
                return None  # no such member
            raise
        return doc.data, member.id
