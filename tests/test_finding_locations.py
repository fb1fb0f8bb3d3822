"""Every finding's line and column point at the text it quotes (issue 21, "Done when").

For each finding with a location, the source slice at its offsets, entities decoded and
white space collapsed, equals the finding's ``match`` for a claim (inline markup inside the
sentence removed). For a byline, section or suppression, the span is an element or comment
and the quoted words or name are inside it. An image quotes the URL chosen and resolved,
not a slice, so only its line/column are checked. The line/column always agree with the
offset. Vendored pages always; the corpus pages under ../shared/corpora/articles when
present (files listed in reserved*.tsv are never read).
"""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

import pytest

import integrity

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "articles"
VENDORED = (
    sorted((ROOT / "fixtures" / "articles").glob("*.html"))
    + sorted((ROOT / "fixtures" / "claims").glob("*.html"))
    + sorted((ROOT / "tests" / "rules").glob("*/*/hit*.html"))
)


_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_BR = re.compile(r"<br\b[^>]*>", re.I)  # a line break: white space between the words, not markup inside one


def _line_col(source: str, offset: int) -> tuple[int, int]:
    """1-based line and column; a byte order mark opening the file takes no column (editors hide it)."""
    line = source.count("\n", 0, offset) + 1
    line_start = source.rfind("\n", 0, offset) + 1
    if line_start == 0 and source.startswith("\ufeff") and offset > 0:
        line_start = 1
    return line, offset - line_start + 1


def _mismatches(page: Path) -> list[str]:
    raw = gzip.decompress(page.read_bytes()) if page.suffix == ".gz" else page.read_bytes()
    source = raw.decode("utf-8", errors="replace")
    report = integrity.check(source, kind="html")
    bad = []
    for f in report.findings:
        loc = f.location
        if loc is None or not f.match:
            continue
        raw_slice = source[loc.offset : loc.end_offset]
        sliced = " ".join(html.unescape(raw_slice).split())
        if not raw_slice.startswith("<"):  # text with inline markup inside: the markup is not text
            sliced = " ".join(html.unescape(_TAG.sub("", _BR.sub(" ", raw_slice))).split())
        quoted = " ".join(f.match.split())
        if f.subject.startswith("image"):  # the quoted URL is the one chosen and resolved, not a slice
            continue
        if f.subject.startswith("sentence"):  # a claim: exactly the words quoted
            wrong = sliced != quoted
        else:  # a byline or section: the quoted words are inside its span
            text = " ".join(html.unescape(_TAG.sub(" ", raw_slice)).split())
            wrong = quoted in " ".join(html.unescape(source).split()) and quoted not in text and quoted not in sliced
        if wrong:
            bad.append(f"{page.name}: {f.rule_id} quotes {f.match!r}, source has {sliced!r}")
        if (loc.line, loc.column) != _line_col(source, loc.offset):
            bad.append(f"{page.name}: {f.rule_id} at {loc.line}:{loc.column}, offset is at {_line_col(source, loc.offset)}")
    return bad


def test_vendored_findings_point_at_what_they_quote():
    assert VENDORED
    bad = [m for page in VENDORED for m in _mismatches(page)]
    assert not bad, "\n".join(bad[:20])


def test_corpus_findings_point_at_what_they_quote():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpora/articles is absent")
    reserved = {
        (tsv.parent / line.split("\t")[0]).resolve()
        for tsv in CORPUS.rglob("reserved*.tsv")
        for line in tsv.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    pages = [p for p in sorted(CORPUS.rglob("*.html.gz")) if p.resolve() not in reserved]
    bad = [m for page in pages for m in _mismatches(page)]
    assert not bad, f"{len(bad)} of the findings on {len(pages)} pages:\n" + "\n".join(bad[:20])


MARKDOWN = """\
---
title: "Storm damage: what we know"
author: Dana Whitfield
tags: ["experts say", "reportedly"]
---

# Storm damage: what we know

Experts *say* the storm was the worst in a decade, and [reports](https://example.org/r) suggest \\*more\\* to come.
Officials said the road &amp; the bridge would reopen, observers
say.

> Critics
> claim the warning came too late.

- Some believe the barrier failed.
- Reportedly, two homes were lost.

1. Analysts say **repairs** will take `months`.

| Who | What |
| --- | --- |
| Experts say | it rained |

```
Experts say code is not prose.
```
"""

_MD_MARKUP = re.compile(r"\\(?=[!-/:-@\\[-`{-~])|[*_`]|\]\([^)]*\)|\[|^\s*(?:>|[-+]|\d+\.)\s", re.M)


def test_markdown_findings_point_at_what_they_quote() -> None:
    """A claim's span is exactly its words in the .md file, emphasis, links, escapes, entities, quote and
    list markers inside it aside; its line/column agree with its offset."""
    report = integrity.check(MARKDOWN.encode(), kind="markdown")
    claims = [f for f in report.findings if f.subject.startswith("sentence") and f.location and f.match]
    assert len(claims) >= 6 and any("\n" in MARKDOWN[f.location.offset : f.location.end_offset] for f in claims)
    for f in claims:
        loc = f.location
        raw = MARKDOWN[loc.offset : loc.end_offset]
        assert " ".join(html.unescape(_MD_MARKUP.sub("", raw)).split()) == " ".join(f.match.split()), (f.rule_id, raw)
        assert (loc.line, loc.column) == _line_col(MARKDOWN, loc.offset)
        assert loc.line > 5 and "```" not in raw  # never in the front matter or the code block
    assert "credit/missing-byline" not in {f.rule_id for f in report.findings}
