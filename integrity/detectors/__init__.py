"""Detectors: one module each, registered by id; every module here is imported once."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace

from ..suppressions import NO_REASON, UNUSED
from .base import DETECTORS, FACTS, Context, Detector, detectors_for, register

for _info in pkgutil.iter_modules(__path__):
    if _info.name != "base":
        importlib.import_module(f"{__name__}.{_info.name}")

for _fact in (UNUSED, NO_REASON):  # the facts no detector makes: suppressions are applied last
    FACTS.add(replace(_fact, producer="pipeline"))

__all__ = ["DETECTORS", "FACTS", "Context", "Detector", "detectors_for", "register"]
