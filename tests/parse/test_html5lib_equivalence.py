"""Browser equivalence: the text integrity checks is the text of an HTML5 parse (issue 21).

For every ``#data`` document of the vendored html5lib tree-construction tests
(fixtures/html5lib-tests), the words of integrity's blocks equal the words an HTML5
parser leaves visible (the oracle: the case's own ``#document``, the tree the WHATWG
algorithm builds; html5lib 1.1 itself predates parts of these tests — it still expands
``<isindex>`` and parses only with scripting off) under the same visibility rules: nothing
under integrity's skipped elements (``SKIP``: script, style, noscript, template, svg, …)
and nothing in a ``hidden()`` region. The comparison is of the visible characters in
document order, white space removed: where one block ends and the next begins is
integrity's layout choice (a ``<div>`` splits blocks, ``<b>`` does not), not the parser's.

Skipped, and why:
* ``#document-fragment`` cases: they parse a fragment in a context element; integrity
  always parses whole documents.
* ``#script-off`` cases: integrity parses with scripting on (``<noscript>`` content is raw
  text), so the expected trees of scripting-off cases are not the browser behaviour it
  follows.
"""

from __future__ import annotations

import re
from pathlib import Path

from integrity.api import checker
from integrity.parse import parse_html
from integrity.parse.html import _INVISIBLE_STYLE, SKIP

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "html5lib-tests"


def _documents() -> list[tuple[str, str, str]]:
    """(name, #data, #document) of every whole-document, scripting-on-compatible case."""
    out = []
    for path in sorted(CASES.glob("*.dat")):
        for n, case in enumerate(path.read_text(encoding="utf-8").split("\n\n#data\n")):
            data, _, rest = ("\n" + case.removeprefix("#data\n")).partition("\n#errors")
            data = data[1:]
            if "\n#document-fragment" in rest or "\n#script-off" in rest:
                continue
            out.append((f"{path.stem}-{n}", data, rest.partition("\n#document\n")[2]))
    return out


_NODE = re.compile(r'^\| ( *)(?:<(?:(?:svg|math) )?([^ >!]+)>|"(.*)|([^<"=]+)="(.*)"$|(.*))', re.S)


def _oracle_text(document: str) -> str:
    """The visible characters of the expected HTML5 tree, integrity's visibility rules applied.

    The tree is read from the case's ``#document`` lines (two spaces of indent per level;
    ``<tag>`` an element, ``"…"`` a text node that may span lines, ``name="value"`` an
    attribute of the element above).
    """
    nodes: list[str] = []
    for line in document.split("\n"):
        if line.startswith("| "):
            nodes.append(line)
        elif nodes:
            nodes[-1] += "\n" + line  # a text node's next line
    stack: list[tuple[int, str, dict[str, str]]] = []  # (depth, tag, attrs)
    text: list[tuple[list[tuple[int, str, dict[str, str]]], str]] = []
    for node in nodes:
        m = _NODE.match(node)
        assert m, node
        depth = len(m.group(1)) // 2
        if m.group(4) is not None and stack and stack[-1][0] == depth - 1:
            stack[-1][2][m.group(4).rpartition(" ")[2]] = m.group(5)
            continue
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if m.group(2) is not None:
            stack.append((depth, m.group(2), {}))
        elif m.group(3) is not None:
            text.append((list(stack), m.group(3).rstrip("\n").removesuffix('"')))
    return "".join(
        "".join(t.split()) for path, t in text
        if not any(tag in SKIP or tag == "content" or _hidden(attrs) for _, tag, attrs in path)
    )


def _hidden(attrs: dict[str, str]) -> bool:
    if "hidden" in attrs and attrs["hidden"].strip().casefold() != "until-found":
        return True
    style = attrs.get("style")
    return bool(style and _INVISIBLE_STYLE.search(style))


DOCS = _documents()


def test_the_documents_are_all_read():
    assert len(DOCS) > 1000


def test_integrity_checks_the_text_an_html5_parse_shows():
    diffs = []
    for name, data, document in DOCS:
        art = parse_html(data, "t.html", checker().layout)
        ours = "".join("".join(b.text.split()) for b in art.blocks)
        theirs = _oracle_text(document)
        if ours != theirs:
            diffs.append((name, data[:80], ours[:40], theirs[:40]))
    assert not diffs, f"{len(diffs)} documents differ, first: {diffs[:20]}"
