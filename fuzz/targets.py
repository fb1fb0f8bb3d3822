"""What the fuzzer feeds, and what counts as a failure.

Each target takes bytes and runs one reader the way integrity runs it on
untrusted input. A target fails when anything escapes other than the
reader's own clean refusal (InputError / RuleFileError), or when one input
takes longer than the per-input time limit.
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from integrity.api import checker
from integrity.images import analyse_image
from integrity.images.evidence import AI_VERDICTS
from integrity.parse import parse_html, parse_text
from integrity.ruledata.yaml_lines import RuleFileError
from integrity.sources.document import Document, InputError

ROOT = Path(__file__).resolve().parents[1]


def _seeds(pattern: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted(ROOT.glob(pattern)) if p.is_file() and p.stat().st_size < 2_000_000]


def html_target(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    parse_html(text, "fuzz.html", checker().layout)


def text_target(data: bytes) -> None:
    parse_text(data.decode("utf-8", errors="replace"), "fuzz.txt", checker().layout)


def markdown_target(data: bytes) -> None:
    from integrity.parse.markdown import parse_markdown

    parse_markdown(data.decode("utf-8", errors="replace"), "fuzz.md", checker().layout)


def pipeline_target(data: bytes) -> None:
    report = checker().check_document(Document("fuzz.html", data, None))
    assert report.document.status in ("ok", "empty", "unrecognized", "invalid", "failed")


def image_target(data: bytes) -> None:
    ev = analyse_image(data, name="fuzz")
    assert ev.ai in AI_VERDICTS
    assert not any(e.startswith("internal error") for e in ev.errors), ev.errors


def rules_target(data: bytes, _dir: list[Path] = []) -> None:  # noqa: B006 - a scratch folder reused across calls
    import tempfile

    from integrity.ruledata.folders import builtin_rules_dir
    from integrity.rules.load import load_ruleset

    if not _dir:
        root = Path(tempfile.mkdtemp(prefix="fuzz-rules-"))
        (root / "house").mkdir()
        (root / "house" / "pack.yml").write_text("name: house\n")
        _dir.append(root)
    (_dir[0] / "house" / "r.yml").write_bytes(data)
    try:
        load_ruleset([builtin_rules_dir(), _dir[0]])
    except RuleFileError:
        pass


def zip_target(data: bytes) -> None:
    import tempfile

    from integrity.sources.archives import ArchiveLimits, list_members, read_member

    with tempfile.NamedTemporaryFile(suffix=".zip") as fh:
        fh.write(data)
        fh.flush()
        try:
            for ref in list_members(Path(fh.name), ArchiveLimits()):
                try:
                    read_member(ref, ArchiveLimits())
                except InputError:
                    pass
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error):
            pass  # listing a broken archive: the audit planner turns these into failed rows (plan.py)


def warc_target(data: bytes) -> None:
    from integrity.sources.warc import bytes_opener, index_warc, page_document

    index = index_warc(bytes_opener(data), "fuzz.warc")
    for ref in list(index.pages())[:5]:
        try:
            page_document(bytes_opener(data), index, ref, "fuzz", 1_000_000)
        except InputError:
            pass


def _warc_seed() -> list[bytes]:
    import tempfile

    from fixtures.archives.make_archives import make_warc
    from fixtures.archives.make_multipart import make_multipart_warc

    with tempfile.TemporaryDirectory() as d:
        p = make_warc(Path(d) / "seed.warc.gz", n_pages=3, broken_tail=False)
        # archived multipart responses (MHTML snapshots, multipart/mixed): the MIME splitter's input
        m = make_multipart_warc(Path(d) / "multipart.warc", gzip=False)
        return [p.read_bytes(), m.read_bytes()]


def _zip_seed() -> list[bytes]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.html", b"<p class=byline>By Ann Lee</p><p>Reportedly x.</p>")
        zf.writestr("b/c.txt", b"Title\n\nText.")
    return [buf.getvalue()]


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable[[bytes], None]
    seeds: Callable[[], list[bytes]]
    expected: tuple[type[BaseException], ...] = ()


TARGETS = {
    t.name: t
    for t in (
        Target("html", html_target, lambda: _seeds("fixtures/articles/*.html") + _seeds("tests/rules/*/*/*.html")),
        Target("text", text_target, lambda: _seeds("fixtures/articles/*.txt")),
        Target("markdown", markdown_target, lambda: _seeds("fixtures/hugo-site/content/**/*.md") + _seeds("docs/*.md")),
        Target("pipeline", pipeline_target, lambda: _seeds("fixtures/articles/*.*")),
        Target("image", image_target, lambda: _seeds("fixtures/images/*.*") + _seeds("fixtures/articles/images/*")),
        Target("rules", rules_target, lambda: _seeds("rules/claim/*.yml") + _seeds("rules/image/*.yml")),
        Target("zip", zip_target, _zip_seed),
        Target("warc", warc_target, _warc_seed),
    )
}


def mutate(rng: random.Random, seed: bytes, pool: list[bytes]) -> bytes:
    """One random edit of a seed: flips, cuts, duplications, splices, magic numbers."""
    data = bytearray(seed)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        n = len(data)
        if n == 0:
            data.extend(rng.randbytes(rng.randint(1, 64)))
            continue
        i = rng.randrange(n)
        if op == 0:
            data[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[i] = rng.randrange(256)
        elif op == 2:
            del data[i : i + rng.randint(1, 64)]
        elif op == 3:
            data[i:i] = rng.randbytes(rng.randint(1, 32))
        elif op == 4:
            j = rng.randrange(n)
            data[i:i] = data[j : j + rng.randint(1, 256)]
        elif op == 5:
            del data[i:]
        elif op == 6:
            other = rng.choice(pool)
            j = rng.randrange(max(len(other), 1))
            data[i:] = other[j : j + rng.randint(1, 512)]
        else:
            data[i : i + 4] = rng.choice([b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\x7f\xff\xff\xff", b"<<<<", b"&#9;"])
    return bytes(data)
