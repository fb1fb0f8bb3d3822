"""Detectors: one module each, registered by id; every module here is imported once."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace

from ..suppressions import UNUSED
from .base import DETECTORS, FACTS, Context, Detector, detectors_for, register

for _info in pkgutil.iter_modules(__path__):
    if _info.name != "base":
        importlib.import_module(f"{__name__}.{_info.name}")

FACTS.add(replace(UNUSED, producer="pipeline"))  # the one fact no detector makes: suppressions are applied last

__all__ = ["DETECTORS", "FACTS", "Context", "Detector", "detectors_for", "register"]
