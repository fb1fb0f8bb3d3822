"""Which ``srcset`` candidate a desktop browser loads: the WHATWG responsive-image algorithms.

An ``<img srcset>`` or ``<picture><source srcset>`` lists renditions of one
picture; the browser picks one for its viewport and screen. To check the
image a reader actually saw, the parser makes the same pick:

* :func:`parse_srcset` is the HTML standard's "parse a srcset attribute",
  step by step: a URL runs to the next white space (so commas inside it, as
  in ``data:`` URIs or CDN paths like ``c_fill,w_620``, stay in it), a
  candidate's descriptors end at a comma outside parentheses, and a candidate
  with invalid descriptors (``1w 2x``, ``0w``, ``1.5X``, ``100h`` alone) is
  dropped, not guessed at;
* :func:`source_size` is "parse a sizes attribute": the first entry whose
  media condition holds gives the slot width (a length, ``calc()``/``min()``/
  ``max()``/``clamp()``, or ``auto``), else ``100vw``;
* :func:`media_matches` evaluates a ``<source media>`` media query list and
  :func:`type_supported` a ``<source type>``;
* :func:`select` is "create a source set" plus "select an image source": the
  ``src`` fallback is added only when no candidate is ``1x`` and none has a
  width, widths become densities (``w / slot width``), the first of equal
  densities wins, and of the rest the smallest density that covers the
  screen's pixel ratio is taken, else the largest (what Chromium and Firefox
  do at a pixel ratio of 1; the standard leaves this step to the browser).

The environment is :data:`DESKTOP`, a typical desktop browser window. All
functions are pure and cache their results per attribute value: a page's
images repeat the same ``sizes`` and ``media`` strings many times.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

VIEWPORT_WIDTH = 1920
"""CSS pixels across the assumed browser window. 1920×1080 is the commonest desktop screen
(about a quarter of desktop visits in public screen-resolution statistics), and a maximised
window's viewport is as wide as the screen; ``100vw`` and ``(min-width: …)`` are measured
against it."""

VIEWPORT_HEIGHT = 950
"""CSS pixels down the assumed window: a 1080-pixel screen less the task bar and the browser's
tab strip and address bar. Only ``vh`` lengths and height media features read it."""

SCREEN_HEIGHT = 1080
"""CSS pixels down the assumed screen (``device-height`` media features)."""

DEVICE_PIXEL_RATIO = 1.0
"""Device pixels per CSS pixel. A 1920×1080 desktop monitor at 100% scaling has a ratio of 1,
so a ``1x`` candidate or a ``w`` candidate at least as wide as its slot is enough; hi-DPI
laptops (2) would pick larger renditions of the same picture."""

FONT_SIZE = 16.0
"""CSS pixels per ``em``/``rem`` in media queries and ``sizes``: every browser's default."""

SUPPORTED_TYPES = frozenset(
    {
        "image/jpeg", "image/jpg", "image/pjpeg", "image/png", "image/x-png", "image/apng", "image/gif",
        "image/webp", "image/avif", "image/svg+xml", "image/bmp", "image/x-ms-bmp", "image/x-icon",
        "image/vnd.microsoft.icon", "image/x-xbitmap",
    }
)
"""``<source type>`` values a current desktop Chromium decodes (parameters after ``;`` are ignored,
as Chromium does). JPEG XL is left out: only Safari shows it."""


@dataclass(frozen=True, slots=True)
class Viewport:
    """The browser environment a choice is made for."""

    width: float = VIEWPORT_WIDTH
    height: float = VIEWPORT_HEIGHT
    pixel_ratio: float = DEVICE_PIXEL_RATIO
    screen_width: float = VIEWPORT_WIDTH
    screen_height: float = SCREEN_HEIGHT
    font_size: float = FONT_SIZE


DESKTOP = Viewport()


@dataclass(frozen=True, slots=True)
class Candidate:
    """One image candidate of a srcset: its URL and at most one of a width or a density descriptor."""

    url: str
    width: int | None = None
    density: float | None = None


# --- parse a srcset attribute ------------------------------------------------------------

_WS = "\t\n\f\r "  # ASCII white space (not Python's wider str.isspace)
_SKIP = re.compile(r"[\t\n\f\r ,]*")
_URL = re.compile(r"[^\t\n\f\r ]*")
_WS_RUN = re.compile(r"[\t\n\f\r ]+")
_W_DESC = re.compile(r"[0-9]+w")
_H_DESC = re.compile(r"[0-9]+h")
_X_DESC = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?x")


def _descriptors(text: str, pos: int) -> tuple[list[str], int]:
    """The descriptor tokenizer, from ``pos`` (just after a URL): the descriptors and where the candidate ends."""
    n = len(text)
    while pos < n and text[pos] in _WS:
        pos += 1
    comma = text.find(",", pos)
    paren = text.find("(", pos)
    if paren == -1 or (comma != -1 and comma < paren):  # the common case: plain tokens up to a comma
        end = n if comma == -1 else comma
        return [d for d in _WS_RUN.split(text[pos:end]) if d], (n if comma == -1 else comma + 1)
    out: list[str] = []
    current: list[str] = []
    in_parens = False
    while pos < n:
        c = text[pos]
        if in_parens:
            current.append(c)
            if c == ")":
                in_parens = False
        elif c in _WS:
            if current:
                out.append("".join(current))
                current = []
        elif c == ",":
            if current:
                out.append("".join(current))
            return out, pos + 1
        else:
            current.append(c)
            if c == "(":
                in_parens = True
        pos += 1
    if current:
        out.append("".join(current))
    return out, n


def _candidate(url: str, descriptors: list[str]) -> Candidate | None:
    """The descriptor parser: a candidate, or None when its descriptors are invalid."""
    width: int | None = None
    density: float | None = None
    height: int | None = None
    for d in descriptors:
        if _W_DESC.fullmatch(d):
            if width is not None or density is not None:
                return None
            width = int(d[:-1])
            if width == 0:
                return None
        elif _X_DESC.fullmatch(d):
            if width is not None or density is not None or height is not None:
                return None
            density = float(d[:-1])
            if density < 0:
                return None
        elif _H_DESC.fullmatch(d):
            if height is not None or density is not None:
                return None
            height = int(d[:-1])
            if height == 0:
                return None
        else:
            return None
    if height is not None and width is None:
        return None
    return Candidate(url, width, density)


_CACHED_LENGTH = 4096  # attribute values longer than this are parsed each time, not kept in the caches


def parse_srcset(value: str) -> tuple[Candidate, ...]:
    """The valid image candidates of a ``srcset`` value, in order (HTML "parse a srcset attribute")."""
    return _parse_srcset_cached(value) if len(value) <= _CACHED_LENGTH else _parse_srcset(value)


@lru_cache(maxsize=8192)
def _parse_srcset_cached(value: str) -> tuple[Candidate, ...]:
    return _parse_srcset(value)


def _parse_srcset(value: str) -> tuple[Candidate, ...]:
    out: list[Candidate] = []
    pos, n = 0, len(value)
    while True:
        pos = _SKIP.match(value, pos).end()  # type: ignore[union-attr]  # the pattern matches the empty string
        if pos >= n:
            return tuple(out)
        m = _URL.match(value, pos)
        assert m is not None
        url, pos = m.group(), m.end()
        if url.endswith(","):
            descriptors: list[str] = []
            url = url.rstrip(",")
        else:
            descriptors, pos = _descriptors(value, pos)
        cand = _candidate(url, descriptors)
        if cand is not None:
            out.append(cand)


# --- CSS: component values, lengths, media queries ----------------------------------------

_TOKEN = re.compile(
    r"(?P<ws>[\t\n\f\r ]+)"
    r"|(?P<num>[-+]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)(?P<unit>%|-?[A-Za-z_][\w-]*)?"
    r"|(?P<func>-?-?[A-Za-z_][\w-]*)\("
    r"|(?P<ident>-?-?[A-Za-z_][\w-]*)"
    r"|(?P<op><=|>=|[()<>=:,/*+-])"
    r"|(?P<other>.)",
    re.S,
)


class _Bad(Exception):
    """A CSS value or media query that does not parse."""


# component values: ("ws",), ("num", value, unit), ("ident", name), ("op", char), ("other", char),
# ("block", [values]) for (...) and ("func", name, [values]) for name(...)
_Value = tuple[Any, ...]


def _components(text: str) -> list[_Value]:
    """CSS component values with parentheses and functions nested (an unclosed one runs to the end)."""
    root: list[_Value] = []
    stack: list[list[_Value]] = [root]
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "unit":
            kind = "num"
        top = stack[-1]
        if kind == "ws":
            top.append(("ws",))
        elif kind == "num":
            top.append(("num", float(m.group("num")), (m.group("unit") or "").lower()))
        elif kind == "func":
            inner: list[_Value] = []
            top.append(("func", m.group("func").lower(), inner))
            stack.append(inner)
        elif kind == "ident":
            top.append(("ident", m.group("ident").lower()))
        elif kind == "op":
            op = m.group("op")
            if op == "(":
                inner = []
                top.append(("block", inner))
                stack.append(inner)
            elif op == ")":
                if len(stack) > 1:
                    stack.pop()
                else:  # a stray ")" makes the whole value invalid wherever it stands
                    top.append(("other", ")"))
            else:
                top.append(("op", op))
        else:
            top.append(("other", m.group()))
    return root


def _split_commas(values: list[_Value]) -> list[list[_Value]]:
    out: list[list[_Value]] = [[]]
    for v in values:
        if v == ("op", ","):
            out.append([])
        else:
            out[-1].append(v)
    return out


def _strip(values: list[_Value]) -> list[_Value]:
    i, j = 0, len(values)
    while i < j and values[i] == ("ws",):
        i += 1
    while j > i and values[j - 1] == ("ws",):
        j -= 1
    return values[i:j]


_ABSOLUTE = {"px": 1.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6, "in": 96.0, "pt": 96 / 72, "pc": 16.0}


def _length(value: float, unit: str, vp: Viewport) -> float:
    """A CSS length in CSS pixels (font-relative units at the default font size)."""
    if unit in _ABSOLUTE:
        return value * _ABSOLUTE[unit]
    if unit in ("em", "rem"):
        return value * vp.font_size
    if unit in ("ex", "ch", "rex", "rch"):
        return value * vp.font_size / 2
    if unit in ("vw", "svw", "lvw", "dvw", "vi", "svi", "lvi", "dvi"):
        return value * vp.width / 100
    if unit in ("vh", "svh", "lvh", "dvh", "vb", "svb", "lvb", "dvb"):
        return value * vp.height / 100
    if unit in ("vmin", "svmin", "lvmin", "dvmin"):
        return value * min(vp.width, vp.height) / 100
    if unit in ("vmax", "svmax", "lvmax", "dvmax"):
        return value * max(vp.width, vp.height) / 100
    raise _Bad(unit)


_MATH = frozenset({"calc", "min", "max", "clamp"})


class _Calc:
    """CSS math functions over lengths and numbers: ``calc(100vw - 2 * 20px)``, ``min(100vw, 640px)``."""

    def __init__(self, values: list[_Value], vp: Viewport) -> None:
        self.items = [v for v in values if v != ("ws",)]
        self.i = 0
        self.vp = vp

    def run(self) -> tuple[float, bool]:
        out = self.sum()
        if self.i != len(self.items):
            raise _Bad("trailing")
        return out

    def sum(self) -> tuple[float, bool]:
        value, is_len = self.product()
        while self.i < len(self.items) and self.items[self.i] in (("op", "+"), ("op", "-")):
            sign = 1 if self.items[self.i][1] == "+" else -1
            self.i += 1
            rhs, rhs_len = self.product()
            if rhs_len != is_len and not (value == 0 or rhs == 0):
                raise _Bad("mixed")
            value, is_len = value + sign * rhs, is_len or rhs_len
        return value, is_len

    def product(self) -> tuple[float, bool]:
        value, is_len = self.term()
        while self.i < len(self.items) and self.items[self.i] in (("op", "*"), ("op", "/")):
            op = self.items[self.i][1]
            self.i += 1
            rhs, rhs_len = self.term()
            if op == "*":
                if is_len and rhs_len:
                    raise _Bad("length * length")
                value, is_len = value * rhs, is_len or rhs_len
            else:
                if rhs_len or rhs == 0:
                    raise _Bad("bad divisor")
                value = value / rhs
        return value, is_len

    def term(self) -> tuple[float, bool]:
        if self.i >= len(self.items):
            raise _Bad("missing term")
        v = self.items[self.i]
        self.i += 1
        if v[0] == "num":
            if v[2] == "":
                return v[1], False
            return _length(v[1], v[2], self.vp), True
        if v[0] == "block":
            return _Calc(v[1], self.vp).run()
        if v[0] == "func" and v[1] in _MATH:
            return _math(v[1], v[2], self.vp)
        raise _Bad("term")


def _math(name: str, args: list[_Value], vp: Viewport) -> tuple[float, bool]:
    parts = [_Calc(a, vp).run() for a in _split_commas(args)]
    if len({is_len for _, is_len in parts}) != 1:
        raise _Bad("mixed arguments")
    is_len = parts[0][1]
    values = [v for v, _ in parts]
    if name == "calc":
        if len(values) != 1:
            raise _Bad("calc arity")
        return values[0], is_len
    if name == "min":
        return min(values), is_len
    if name == "max":
        return max(values), is_len
    if len(values) != 3:
        raise _Bad("clamp arity")
    low, mid, high = values
    return max(low, min(mid, high)), is_len


def _size_value(v: _Value, vp: Viewport) -> float | str | None:
    """A valid non-negative ``<source-size-value>`` in CSS pixels, ``"auto"``, or None (invalid)."""
    try:
        if v[0] == "num":
            if v[2] == "":
                return 0.0 if v[1] == 0 else None  # only a unitless zero is a length
            if v[1] < 0:
                return None
            return _length(v[1], v[2], vp)
        if v[0] == "func" and v[1] in _MATH:
            value, is_len = _math(v[1], v[2], vp)
            if not is_len and value != 0:
                return None
            return max(value, 0.0)  # math functions clamp to the allowed range
        if v == ("ident", "auto"):
            return "auto"
    except (_Bad, OverflowError, ValueError):
        return None
    return None


# --- media queries ----------------------------------------------------------------------

_Env = dict[str, "float | str"]


def _environment(vp: Viewport) -> _Env:
    """Every media feature the assumed desktop browser answers, in canonical units
    (lengths in CSS pixels, resolution in dppx); a feature not here is unknown (false)."""
    return {
        "width": vp.width,
        "height": vp.height,
        "device-width": vp.screen_width,
        "device-height": vp.screen_height,
        "aspect-ratio": vp.width / vp.height,
        "device-aspect-ratio": vp.screen_width / vp.screen_height,
        "resolution": vp.pixel_ratio,
        "-webkit-device-pixel-ratio": vp.pixel_ratio,
        "color": 8.0,
        "color-index": 0.0,
        "monochrome": 0.0,
        "grid": 0.0,
        "orientation": "landscape" if vp.width >= vp.height else "portrait",
        "prefers-color-scheme": "light",
        "prefers-reduced-motion": "no-preference",
        "prefers-reduced-transparency": "no-preference",
        "prefers-reduced-data": "no-preference",
        "prefers-contrast": "no-preference",
        "forced-colors": "none",
        "inverted-colors": "none",
        "hover": "hover",
        "any-hover": "hover",
        "pointer": "fine",
        "any-pointer": "fine",
        "display-mode": "browser",
        "dynamic-range": "standard",
        "video-dynamic-range": "standard",
        "color-gamut": "srgb",
        "update": "fast",
        "overflow-block": "scroll",
        "overflow-inline": "scroll",
        "scripting": "enabled",
    }


_LENGTH_FEATURES = frozenset({"width", "height", "device-width", "device-height"})
_RATIO_FEATURES = frozenset({"aspect-ratio", "device-aspect-ratio"})
_FALSY = frozenset({"none", "no-preference"})
_RESOLUTION = {"dppx": 1.0, "x": 1.0, "dpi": 1 / 96, "dpcm": 2.54 / 96}
_SCREEN_TYPES = frozenset({"all", "screen"})
_OTHER_TYPES = frozenset({"print", "speech", "tty", "tv", "projection", "handheld", "braille", "embossed", "aural"})

Truth = bool | None  # None: unknown (an unknown feature or value), which counts as false at the top


def _not(v: Truth) -> Truth:
    return None if v is None else not v


class _Media:
    """Media Queries level 4 over component values, with unknown as a third truth value."""

    def __init__(self, values: list[_Value], env: _Env, vp: Viewport) -> None:
        self.items = [v for v in values if v != ("ws",)]
        self.i = 0
        self.env = env
        self.vp = vp

    def at_end(self) -> bool:
        return self.i >= len(self.items)

    def peek_ident(self) -> str | None:
        if self.at_end():
            return None
        v = self.items[self.i]
        return v[1] if v[0] == "ident" else None

    def condition(self, allow_or: bool = True) -> Truth:
        if self.peek_ident() == "not":
            self.i += 1
            return _not(self.in_parens())
        value = self.in_parens()
        joiner = self.peek_ident()
        if joiner not in ("and", "or"):
            return value
        if joiner == "or" and not allow_or:
            raise _Bad("or")
        while self.peek_ident() == joiner:
            self.i += 1
            rhs = self.in_parens()
            if joiner == "and":
                value = False if value is False or rhs is False else (None if value is None or rhs is None else True)
            else:
                value = True if value is True or rhs is True else (None if value is None or rhs is None else False)
        if self.peek_ident() in ("and", "or"):
            raise _Bad("mixed and/or")
        return value

    def in_parens(self) -> Truth:
        if self.at_end():
            raise _Bad("missing condition")
        v = self.items[self.i]
        self.i += 1
        if v[0] == "func":
            return None  # <general-enclosed>
        if v[0] != "block":
            raise _Bad("expected (")
        inner = [x for x in v[1] if x != ("ws",)]
        if inner and (inner[0] == ("ident", "not") or inner[0][0] == "block"):
            sub = _Media(inner, self.env, self.vp)
            try:
                value = sub.condition()
            except _Bad:
                return None
            return value if sub.at_end() else None
        try:
            return self.feature(inner)
        except (_Bad, OverflowError, ValueError, ZeroDivisionError):
            return None  # an unknown feature or a value it cannot take: <general-enclosed>

    def feature(self, inner: list[_Value]) -> Truth:
        if len(inner) == 1 and inner[0][0] == "ident":  # boolean context: (color), (hover)
            name = inner[0][1]
            if name not in self.env:
                return None
            have = self.env[name]
            return have not in _FALSY if isinstance(have, str) else have != 0
        if len(inner) >= 3 and inner[0][0] == "ident" and inner[1] == ("op", ":"):
            name, value = inner[0][1], inner[2:]
            prefix = ""
            if name.startswith(("min-", "max-")) and name[4:] in self.env:
                prefix, name = name[:3], name[4:]
            elif name.startswith(("-webkit-min-", "-webkit-max-")):
                prefix, name = name[8:11], "-webkit-" + name[12:]
            if name not in self.env:
                return None
            have = self.env[name]
            if isinstance(have, str):
                if prefix or len(value) != 1 or value[0][0] != "ident":
                    return None
                return bool(value[0][1] == have)
            want = self.number(name, value)
            if prefix == "min":
                return have >= want
            if prefix == "max":
                return have <= want
            return have == want
        return self.range(inner)

    def range(self, inner: list[_Value]) -> Truth:
        """``(width >= 600px)``, ``(400px < width <= 700px)``."""
        ops = [k for k, v in enumerate(inner) if v[0] == "op" and v[1] in ("<", ">", "=", "<=", ">=")]
        if not ops or len(ops) > 2:
            return None
        parts = [inner[: ops[0]]] + [inner[a + 1 : b] for a, b in zip(ops, ops[1:] + [len(inner)], strict=True)]
        names = [k for k, p in enumerate(parts) if len(p) == 1 and p[0][0] == "ident" and p[0][1] in self.env]
        if len(names) != 1 or (len(parts) == 3 and names[0] != 1):
            return None
        name = parts[names[0]][0][1]
        have = self.env[name]
        if isinstance(have, str):
            return None
        sides: list[float] = [have if k == names[0] else self.number(name, p) for k, p in enumerate(parts)]
        result: Truth = True
        for k, op_at in enumerate(ops):
            a, b, op = sides[k], sides[k + 1], inner[op_at][1]
            ok = {"<": a < b, ">": a > b, "=": a == b, "<=": a <= b, ">=": a >= b}[op]
            result = result and ok
        return result

    def number(self, name: str, value: list[_Value]) -> float:
        """A feature's value in the feature's canonical unit; raises _Bad for a value it cannot take."""
        if name in _RATIO_FEATURES:
            if len(value) == 3 and value[1] == ("op", "/") and value[0][0] == value[2][0] == "num":
                return float(value[0][1] / value[2][1])
            if len(value) == 1 and value[0][0] == "num" and value[0][2] == "":
                return float(value[0][1])
            raise _Bad("ratio")
        if len(value) != 1 or value[0][0] != "num":
            raise _Bad("value")
        amount, unit = value[0][1], value[0][2]
        if name in _LENGTH_FEATURES:
            if unit == "":
                if amount != 0:
                    raise _Bad("unitless length")
                return 0.0
            return _length(amount, unit, self.vp)
        if name == "resolution":
            if unit not in _RESOLUTION:
                raise _Bad("resolution unit")
            return float(amount * _RESOLUTION[unit])
        if unit:
            raise _Bad("unit on a number")
        return float(amount)

    def query(self) -> bool:
        """One media query of a list: ``[only|not]? type [and condition]?`` or a condition."""
        first = self.peek_ident()
        negate = False
        if first in ("only", "not") and self.i + 1 < len(self.items) and self.items[self.i + 1][0] == "ident":
            negate = first == "not"
            self.i += 1
            first = self.peek_ident()
        if first is not None and first not in ("not", "and", "or", "only"):
            self.i += 1
            if first in _SCREEN_TYPES:
                matched: Truth = True
            elif first in _OTHER_TYPES:
                matched = False
            else:
                matched = None
            if not self.at_end():
                if self.peek_ident() != "and":
                    raise _Bad("expected and")
                self.i += 1
                rest = self.condition(allow_or=False)
                matched = False if matched is False or rest is False else (None if matched is None or rest is None else True)
        else:
            matched = self.condition()
        if not self.at_end():
            raise _Bad("trailing")
        if matched is None:
            return False  # an unknown query is false, negated or not
        return not matched if negate else matched


def _condition(values: list[_Value], vp: Viewport) -> bool:
    """A ``<media-condition>`` (a sizes entry's): true only when it parses and holds."""
    m = _Media(values, _environment(vp), vp)
    try:
        value = m.condition()
    except _Bad:
        return False
    return value is True and m.at_end()


def media_matches(media: str, vp: Viewport = DESKTOP) -> bool:
    """Whether a ``media`` attribute's media query list matches the assumed browser (empty matches all)."""
    return _media_cached(media, vp) if len(media) <= _CACHED_LENGTH else _media(media, vp)


@lru_cache(maxsize=4096)
def _media_cached(media: str, vp: Viewport) -> bool:
    return _media(media, vp)


def _media(media: str, vp: Viewport) -> bool:
    values = _components(media)
    if not _strip(values):
        return True
    env = _environment(vp)
    for query in _split_commas(values):
        m = _Media(query, env, vp)
        try:
            if m.query():
                return True
        except _Bad:  # a query that does not parse is "not all"; the list's other queries still count
            continue
    return False


def source_size(sizes: str, auto: float | None = None, vp: Viewport = DESKTOP) -> float:
    """The slot width in CSS pixels a ``sizes`` value gives (HTML "parse a sizes attribute").

    ``auto`` is the width the browser lays the image out at, when the caller knows it and the
    element allows ``sizes="auto"``; without it an ``auto`` entry is skipped, as the standard says.
    """
    return _size_cached(sizes, auto, vp) if len(sizes) <= _CACHED_LENGTH else _size(sizes, auto, vp)


@lru_cache(maxsize=4096)
def _size_cached(sizes: str, auto: float | None, vp: Viewport) -> float:
    return _size(sizes, auto, vp)


def _size(sizes: str, auto: float | None, vp: Viewport) -> float:
    for entry in _split_commas(_components(sizes)):
        entry = _strip(entry)
        if not entry:
            continue
        size = _size_value(entry[-1], vp)
        if size == "auto":
            size = auto
        if size is None:
            continue
        assert isinstance(size, float | int)
        rest = _strip(entry[:-1])
        if not rest or _condition(rest, vp):
            return float(size)
    return float(vp.width)  # 100vw


def type_supported(mime: str) -> bool:
    """Whether a ``<source type>`` names an image format the assumed browser decodes."""
    essence = mime.split(";", 1)[0].strip(_WS).lower()
    return essence in SUPPORTED_TYPES


# --- create a source set, select an image source -------------------------------------------


def select(candidates: tuple[Candidate, ...] | list[Candidate], size: float, src: str = "", vp: Viewport = DESKTOP) -> str | None:
    """The URL the browser loads from ``candidates`` (one srcset, already parsed) at slot width ``size``.

    ``src`` is the ``<img src>`` fallback (empty for a ``<source>``): it joins the set as ``1x`` only when
    no candidate says ``1x`` and none has a width, as the standard's "create a source set" says.
    """
    cands = list(candidates)
    if src and not any(c.density == 1 for c in cands) and not any(c.width is not None for c in cands):
        cands.append(Candidate(src))
    if not cands:
        return None
    seen: dict[float, str] = {}
    for c in cands:
        if c.density is not None:
            d = c.density
        elif c.width is not None:
            d = c.width / size if size > 0 else math.inf
        else:
            d = 1.0
        seen.setdefault(d, c.url)  # of equal densities the first in the set is kept
    densities = sorted(seen)
    for d in densities:
        if d >= vp.pixel_ratio:
            return seen[d]
    return seen[densities[-1]]
