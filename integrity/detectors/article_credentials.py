"""Content Credentials the page attaches to itself, read and validated like an image's.

C2PA 2.x lets an HTML page carry its own manifest store in its head (an
inline ``<script type="application/c2pa">`` or a ``<link rel="c2pa-manifest">``
to a store file). The pipeline reads it with c2pa-python
(:mod:`integrity.page_credentials`); this detector turns what was read into one
``page.credentials`` fact per document: the state, the problem, the signer and
whether a trust list knows it, the AI verdict the manifest's actions give (the
same table and verdict as an image's manifest) and the actions behind it.

What is checked is the manifest: its claim signature, its assertions' hashes
and its signer's certificate. What is not is the hard binding to the page's
bytes (``c2pa.hash.data`` over the HTML): c2pa-python reads no HTML. So a
"valid" here means "the manifest is sound", never "this page is the page that
was signed"; ``binding_verified`` is False for that reason and the rules say it.
A page without an association gets no fact at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..facts import boolean, enum, fact, text
from ..images.evidence import AI_VERDICTS, CREDENTIAL_PROBLEMS, CREDENTIAL_STATES, Signal
from ..images.generator_rules import FILE as GENERATOR_RULES
from ..images.generator_rules import load_generator_rules
from ..images.verdict import decide
from ..model import Article, Fact, ManifestReference
from .base import Context, register

_UNFETCHED = "manifest.remote"  # the one unresolved code that is a remote store left unread, not an error

CREDENTIALS = fact(
    "page.credentials", "document",
    """The C2PA manifest store the page's head attaches to the page itself (inline script or linked file), as read.""",
    enum("association", "how the head attaches it: inline (script type=application/c2pa) or link (rel=c2pa-manifest)",
         ("inline", "link")),
    text("where", "the inline script, or the linked store's href as the page writes it"),
    enum("state", "the manifest's state, its binding to the page aside", CREDENTIAL_STATES),
    enum("problem", "what is wrong with a readable manifest", CREDENTIAL_PROBLEMS, shown="none"),
    text("signer", "who signed the manifest", shown="unknown signer"),
    boolean("trusted", "the signer's certificate chains to a configured trust list"),
    enum("ai", "the AI verdict the manifest's actions give, by the image table's reading", AI_VERDICTS),
    text("actions", "the manifest's actions with their digital source types", many=True, shown="none"),
    text("failure_codes", "the manifest's C2PA validation failure codes, binding codes aside", many=True, shown="none"),
    boolean("binding_verified", "the manifest's hard binding to the page's bytes was checked (c2pa-python reads no "
            "HTML: never, today)"),
    text("code", "why the store was not read, as a code: manifest.missing, manifest.remote, manifest.unreadable, "
         "manifest.ambiguous …", shown="none"),
    text("reason", "why the store was not read or could not be, in words", shown="none"),
)


def _ai(signals: Iterable[Signal], ctx: Context) -> str:
    path = ctx.memo("generator_rules_path", lambda: ctx.ruleset.folders.require(GENERATOR_RULES))
    return decide(list(signals), load_generator_rules(path))


def manifest_ai(ctx: Context) -> tuple[str, tuple[str, ...]]:
    """The AI verdict of the page's own manifest and the signals behind a generated/edited one
    ("unknown", () without a readable manifest): what the text disclosure reads as a machine-readable label."""
    page = ctx.page
    if page is None or page.credentials is None:
        return "unknown", ()
    ai = _ai(page.signals, ctx)
    kind = {"generated": "generated", "edited": "edited"}.get(ai)
    return ai, tuple(_short(s.value) for s in page.signals if s.kind == kind)


def _short(value: str) -> str:
    """``c2pa.created: http://cv.iptc.org/…/trainedAlgorithmicMedia`` as ``c2pa.created: trainedAlgorithmicMedia``."""
    action, sep, term = value.partition(": ")
    return f"{action}{sep}{term.rstrip('/').rsplit('/', 1)[-1]}" if term.startswith(("http://", "https://")) else value


def _where(ref: ManifestReference) -> str:
    return "script type=application/c2pa" if ref.kind == "inline" else ref.value


@register("article_credentials", facts=(CREDENTIALS,))
def detect(article: Article, ctx: Context) -> Iterable[Fact]:
    """One fact when the page attaches a manifest store to itself: read (state, signer, AI), or why not."""
    page = ctx.page
    if page is None:
        return
    ref = page.reference
    base = {"association": ref.kind, "where": _where(ref), "binding_verified": False}
    if page.unresolved is not None or page.credentials is None:
        code = page.unresolved.code if page.unresolved is not None else "manifest.unreadable"
        reason = page.unresolved.reason if page.unresolved is not None else "not read"
        yield Fact("page.credentials", "document", ref.span, evidence=reason, match=code, data={
            **base, "state": "remote" if code == _UNFETCHED else "error", "problem": None, "signer": None,
            "trusted": False, "ai": "unknown", "actions": (), "failure_codes": (), "code": code, "reason": reason,
        })
        return
    cred = page.credentials
    actions = tuple(_short(f"{a.action}: {a.digital_source_type}") if a.digital_source_type else a.action
                    for a in cred.actions)
    unreadable = cred.state == "error"
    yield Fact("page.credentials", "document", ref.span, evidence=cred.error or ", ".join(actions) or cred.state,
               match=cred.signer or cred.state, data={
        **base, "state": cred.state, "problem": cred.problem, "signer": cred.signer,
        "trusted": cred.state == "trusted", "ai": _ai(page.signals, ctx), "actions": actions,
        "failure_codes": cred.failure_codes, "code": "manifest.unreadable" if unreadable else None,
        "reason": cred.error if unreadable else None,
    })
