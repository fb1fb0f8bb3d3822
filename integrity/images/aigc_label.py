"""The Chinese mandatory implicit AIGC label (GB 45438-2025, TC260) as flat fields.

GB 45438-2025 has AI-generated content carry an implicit label in its file
metadata; for images that is an XMP property ``AIGC`` in the namespace
``http://www.tc260.org.cn/ns/AIGC/1.0/`` (bound to the ``TC260`` prefix by
:mod:`.xmp`), whose value is a JSON object: ``Label`` (1 generated, 2 possibly,
3 suspected), ``ContentProducer`` and ``ProduceID`` (who made it, their id for
it), ``ContentPropagator`` and ``PropagateID`` (who spread it), and the
reserved ``ReservedCode1``/``ReservedCode2``. Each member becomes a field of
its own (``xmp:TC260:AIGC/Label``), so the generator table can match them like
any other metadata; what a label value counts as is decided there
(``generators.tc260`` in ``rules/signals/ai-generators.yml``).

The value is written by whatever software touched the file and read from a
hostile file: a value that is not a JSON object is kept as it is (the raw
field stays) and reported as a metadata problem, never raised.
"""

from __future__ import annotations

import json
from typing import Any

from .record import MetaField

LABEL_KEY = "xmp:TC260:AIGC"
MAX_VALUE_CHARS = 65_536  # the label is a few short strings; a longer value is not parsed


def aigc_fields(fields: list[MetaField]) -> tuple[list[MetaField], list[str]]:
    """The members of every TC260 ``AIGC`` value among ``fields``, and what could not be read."""
    out: list[MetaField] = []
    problems: list[str] = []
    for f in fields:
        if f.key != LABEL_KEY:
            continue
        members, problem = _members(f.value)
        if problem:
            problems.append(f"TC260 AIGC label at {f.where}: {problem}")
            continue
        for name, value in members.items():
            text = _text(value)
            if text:
                out.append(MetaField(f"{LABEL_KEY}/{name}", text, f"{f.where}/{name}"))
    return out, problems


def _members(value: str) -> tuple[dict[str, Any], str | None]:
    if len(value) > MAX_VALUE_CHARS:
        return {}, f"value over {MAX_VALUE_CHARS} characters not parsed"
    try:
        obj = json.loads(value)
    except (ValueError, RecursionError) as exc:
        return {}, f"not JSON ({str(exc)[:80]})"
    if not isinstance(obj, dict):
        return {}, f"JSON {type(obj).__name__}, not an object"
    return {str(k): v for k, v in obj.items()}, None


def _text(value: Any) -> str:
    """A member as text: strings stripped, numbers as written (``1`` and ``"1"`` alike), else JSON."""
    if value is None or isinstance(value, bool):
        return "" if value is None else json.dumps(value)
    if isinstance(value, (int, float, str)):
        return str(value).strip()
    return json.dumps(value, ensure_ascii=False)[:1000]
