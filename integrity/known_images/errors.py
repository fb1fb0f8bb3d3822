"""The registry's error type, alone so the CLI can catch it without importing the image-hashing stack."""

from __future__ import annotations


class RegistryError(Exception):
    """The registry file is missing, newer than this integrity, or an entry is invalid."""
