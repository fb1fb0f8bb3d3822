"""Where each text node and comment of an HTML5 tree sits in the source.

The HTML5 tree builder (turbohtml) gives every element the exact span of its
start and end tags, but no position for text or comments. A finding must point
at the exact words, so each text node is found again in the source, scanning
forward from a cursor that the tree's known tag positions keep re-anchoring:

* most text nodes start right at the cursor, verbatim (one ``startswith``);
* otherwise markup the tree did not keep (a comment, an ignored stray tag, the
  doctype) or white space it dropped may come first, and the text is found
  after it;
* otherwise the text is matched piece by piece: character references decoded
  the way the HTML tokenizer decodes them, ignored tags and NUL characters
  skipped, so a text node the tree joined across ``</script/ >`` or a stray
  ``</span>`` maps each of its pieces to its own place.

A node that cannot be found this way is reported as *unlocated* rather than
placed by guesswork; its words then point at the cursor, a zero-width span.

All offsets here index the newline-normalised source (``\\r\\n`` and ``\\r``
read as ``\\n``), the coordinates turbohtml reports; :class:`NewlineMap` turns
them back into offsets of the file as it was given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from html.entities import html5 as _NAMED

# markup the HTML tokenizer consumes without leaving text: comments (<!-->, <!--->, --!> endings and
# an unclosed one running to the end), bogus comments (<!…>, <?…>, </ followed by a non-letter), doctype, start
# and end tags with their attributes (a quoted value may hold ">")
_TAG = (
    r"""</?[A-Za-z][^\t\n\f />]*+"""
    r"""(?>[\t\n\f /]++|[^\t\n\f />][^\t\n\f />=]*+(?>[\t\n\f ]*+=[\t\n\f ]*+(?>"[^"]*+"|'[^']*+'|[^\t\n\f >]*+))?)*+>"""
)
_COMMENT = r"""<!--(?:>|->|.*?(?:--!?>|\Z))"""
_BOGUS = r"""<![^>]*(?:>|\Z)|<\?[^>]*(?:>|\Z)|</(?![A-Za-z>])[^>]*(?:>|\Z)|</>"""
MARKUP = re.compile(rf"{_COMMENT}|{_BOGUS}|{_TAG}", re.S)
START_TAG = re.compile(_TAG)
# an end tag where the cursor stands, after any white space: the element's name in group 1
END_TAG = re.compile(r"""[\t\n\f ]*+</([A-Za-z][^\t\n\f />]*+)[^>]*+>""")
# white space and markup only: what may lie between the cursor and a text node found further on
_GAP = re.compile(rf"(?>[\t\n\f\r \x00]++|{_COMMENT}|{_BOGUS}|{_TAG})*+", re.S)
_CHARREF = re.compile(r"&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|([A-Za-z][A-Za-z0-9]*;?))")
_LONGEST_NAME = max(len(k) for k in _NAMED)
# numeric references the tokenizer maps to other characters (the C1 controls read as windows-1252)
_C1 = dict(
    zip(
        range(0x80, 0xA0),
        "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ",
        strict=True,
    )
)
# elements whose text is raw: no markup or character references inside (RCDATA: references only)
RAW = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"})
RCDATA = frozenset({"textarea", "title"})


def charref(source: str, pos: int) -> tuple[str, int] | None:
    """The character reference at ``pos`` (which holds "&"): its decoded text and its length in the source.

    Named references take the longest entity name that prefixes the text, with or without its
    semicolon, as the tokenizer does ("&notit;" reads "¬it;"); numeric ones map 0, surrogates and
    values past U+10FFFF to U+FFFD and the C1 range through windows-1252.
    """
    m = _CHARREF.match(source, pos)
    if m is None:
        return None
    hexa, dec, name = m.groups()
    if name is None:
        code = int(hexa, 16) if hexa is not None else int(dec)
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            ch = "\ufffd"
        else:
            ch = _C1.get(code) or chr(code)
        return ch, m.end() - pos
    for k in range(min(len(name), _LONGEST_NAME), 0, -1):
        value = _NAMED.get(name[:k])
        if value is not None:
            return value, 1 + k
    return None


class NewlineMap:
    """Offsets of the newline-normalised text back to offsets of the original."""

    __slots__ = ("_removed",)

    def __init__(self, original: str) -> None:
        # each "\r\n" became one "\n": the normalised offsets after the k-th pair shift by k
        removed: list[int] = []
        pos = original.find("\r\n")
        k = 0
        while pos != -1:
            removed.append(pos - k)  # the normalised offset of the "\n" that stands for this pair
            k += 1
            pos = original.find("\r\n", pos + 2)
        self._removed = removed

    def __bool__(self) -> bool:
        return bool(self._removed)

    def __call__(self, offset: int) -> int:
        return offset + bisect_right(self._removed, offset - 1)


def normalise_newlines(source: str) -> str:
    return source.replace("\r\n", "\n").replace("\r", "\n") if "\r" in source else source


Piece = tuple[str, int, int]  # text, start, end in the normalised source


def locate_text(norm: str, data: str, pos: int, raw: bool = False, rcdata: bool = False) -> list[Piece] | None:
    """The pieces of source that make up the text node ``data``, searching from ``pos``; None if not found.

    ``raw`` (script, style …): the text is verbatim, no markup or references inside it;
    ``rcdata`` (title, textarea): references are decoded, markup is text.
    """
    end = pos + len(data)
    if norm.startswith(data, pos) and (raw or "&" not in data or verbatim_ampersands(norm, pos, end)):
        return [(data, pos, end)]
    if not raw:
        # only white space and markup may come first: the text cannot start past the longest such run from
        # ``pos`` (a run that reaches it with the search bounded there reaches it unbounded too), so the
        # search stops there instead of running to the end of the page for text that is not verbatim
        found = norm.find(data, pos, _GAP.match(norm, pos).end() + len(data))  # type: ignore[union-attr]
        if (
            found != -1
            and _GAP.fullmatch(norm, pos, found) is not None
            and ("&" not in data or verbatim_ampersands(norm, found, found + len(data)))
        ):
            return [(data, found, found + len(data))]
    return _match(norm, data, pos, markup=not (raw or rcdata), refs=not raw)


def locate_unique(norm: str, data: str) -> list[Piece] | None:
    """Where ``data`` stands verbatim when that is the only place in the whole source it does.

    The second chance for text the tree moved away from its place in the source (text inside a
    table but outside its cells is put before the table, where the forward scan cannot see it):
    a single verbatim occurrence is where it came from. Whitespace-only text is never placed so.
    """
    if data.isspace() or "&" in data:
        return None
    first = norm.find(data)
    if first == -1 or norm.find(data, first + 1) != -1:
        return None
    return [(data, first, first + len(data))]


def verbatim_ampersands(norm: str, start: int, end: int) -> bool:
    """True when no "&" in norm[start:end] begins a character reference (so the text really is verbatim)."""
    k = norm.find("&", start, end)
    while k != -1:
        if charref(norm, k) is not None:
            return False
        k = norm.find("&", k + 1, end)
    return True


def _match(norm: str, data: str, pos: int, markup: bool, refs: bool) -> list[Piece] | None:
    pieces: list[Piece] = []
    n, want = len(norm), len(data)
    i, j = 0, pos
    run_start = -1  # where the current verbatim run began in the source (-1: none open)
    run_i = 0
    while i < want:
        if j >= n:
            return None
        c = norm[j]
        if c == "&" and refs:
            ref = charref(norm, j)
            if ref is not None and data.startswith(ref[0], i):
                if run_start != -1:
                    pieces.append((data[run_i:i], run_start, j))
                    run_start = -1
                pieces.append((ref[0], j, j + ref[1]))
                i += len(ref[0])
                j += ref[1]
                continue
        if c == data[i]:
            if run_start == -1:
                run_start, run_i = j, i
            i += 1
            j += 1
            continue
        if run_start != -1:
            pieces.append((data[run_i:i], run_start, j))
            run_start = -1
        if c == "\x00":
            if data[i] == "\ufffd":
                pieces.append(("\ufffd", j, j + 1))
                i += 1
            j += 1
            continue
        if c == "<" and markup:
            m = MARKUP.match(norm, j)
            if m is None:
                return None
            j = m.end()
            continue
        if c in " \t\n\f" and (not pieces or markup):  # white space the tree builder dropped
            j += 1
            continue
        return None
    if run_start != -1:
        pieces.append((data[run_i:], run_start, j))
    return pieces


_COMMENT_AT = re.compile(r"<!--(?:>|->|(.*?)(?:--!?>|\Z))|<!([^>]*)(?:>|\Z)|<\?([^>]*)(?:>|\Z)|</(?![A-Za-z>])([^>]*)(?:>|\Z)", re.S)


def locate_comment(norm: str, data: str, pos: int, limit: int = 64) -> tuple[int, int] | None:
    """Start and end of the comment whose text is ``data``: the first such comment at or after ``pos``."""
    k = 0
    for m in _COMMENT_AT.finditer(norm, pos):
        body = next((g for g in m.groups() if g is not None), "")
        if m.group(3) is not None:
            body = "?" + body  # a "<?…>" bogus comment keeps its "?"
        if body.replace("\x00", "\ufffd") == data:
            return m.start(), m.end()
        k += 1
        if k >= limit:
            break
    return None
