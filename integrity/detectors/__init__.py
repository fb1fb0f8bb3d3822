"""Detectors: one module each, registered by id; every module here is imported once."""

from __future__ import annotations

import importlib
import pkgutil

from .base import DETECTORS, Context, Detector, detectors_for, register

for _info in pkgutil.iter_modules(__path__):
    if _info.name != "base":
        importlib.import_module(f"{__name__}.{_info.name}")

__all__ = ["DETECTORS", "Context", "Detector", "detectors_for", "register"]
