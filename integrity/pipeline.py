"""Document -> Article -> Facts -> Findings -> Report: the one path every interface uses.

A :class:`Checker` compiles the rules once and is then immutable, so one
instance can serve many threads; ``check_document`` never raises for bad
input — the report says what failed and why.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import __version__, suppressions
from .baseline import Baseline
from .config import Config
from .detectors import Context, detectors_for
from .detectors.byline import choose_byline
from .image_input import NOT_LOADED, ImageInput, UnresolvedImage
from .images import ImageSettings
from .images.generator_rules import load_generator_rules
from .limits import DocumentTimeout, MemoryBound, deadline, memory_bound
from .model import (
    Article,
    DocumentInfo,
    ErrorItem,
    Fact,
    Finding,
    ImageRef,
    ImageReport,
    PhotoCredit,
    Report,
    RuleInfo,
    Text,
    ToolInfo,
    VideoRef,
    VideoReport,
)
from .page_credentials import PageCredentials, inline_store
from .parse import Layout, parse_document, parse_text
from .rules.evaluate import evaluate
from .rules.load import Ruleset, load_ruleset
from .rules_doc import rule_doc_url
from .score import score
from .sources.document import Document, InputError
from .sources.file import read_document
from .sources.images import Fetched, ImageFetchOptions, Unresolved, load_image, load_manifest_store

if TYPE_CHECKING:
    from .known_images.kinds import ImageHashes
    from .known_images.match import Lookup
    from .rules.kinds import Rule

log = logging.getLogger(__name__)
TOOL = ToolInfo("integrity", __version__)
_STATUS_BY_CODE = {"input.empty": "empty", "input.binary": "unrecognized", "input.unrecognized": "unrecognized",
                   "input.archive": "unrecognized", "input.compressed": "unrecognized"}


_PAGE_CREDENTIAL_FACTS = frozenset({"page.credentials", "text.ai_disclosure"})
_ADDRESS = re.compile(r" (?:object )?at 0x[0-9a-fA-F]+")


def stable_message(message: str) -> str:
    """An error text without the memory addresses of object reprs (``<_io.BytesIO object at 0x7f…>``
    becomes ``<_io.BytesIO>``), which third-party exceptions put in their messages: two runs of one
    audit must write the same reports."""
    return _ADDRESS.sub("", message)


class Checker:
    def __init__(
        self, config: Config | None = None, baseline: Baseline | None = None,
        changed: Callable[[str, int], bool] | None = None,
    ) -> None:
        """``changed(source, line)``: only findings on lines it accepts count (``--changed-lines``), and
        findings with no location, which are about the whole document."""
        self.config = config or Config()
        self.baseline = baseline
        self.changed = changed
        ruleset = load_ruleset(self.config.rule_folders())
        self.ruleset: Ruleset = self.config.apply(ruleset)
        self.layout = Layout.from_lexicons(self.ruleset.lexicons)
        self.context = Context(self.ruleset, self.layout)
        self.detectors = detectors_for(self.ruleset.needed_facts())
        self.analyses_images = any(f.startswith("image.") for f in self.ruleset.needed_facts())
        # the page's own C2PA manifest store is read when a rule uses a fact made from it
        self.reads_page_credentials = bool(self.ruleset.needed_facts() & _PAGE_CREDENTIAL_FACTS)
        self.image_options = ImageFetchOptions(
            root=self.config.image_root, fetch_remote=self.config.fetch_remote,
            allowed_hosts=self.config.allowed_hosts, max_bytes=self.config.max_image_bytes,
            cache_dir=self.config.image_cache, allow_private=self.config.fetch_private_addresses,
        )
        self.image_settings = ImageSettings(
            extra_anchors=tuple(str(p) for p in self.config.trust_anchors), max_pixels=self.config.max_image_pixels,
            rules_file=ImageSettings.rules_file_in(self.ruleset.folders),  # a newsroom's table over the built-in one
        )
        if self.analyses_images:  # a broken table is a file:line error now, like a broken rule, not at the first image
            load_generator_rules(self.image_settings.rules_path())
        self.known_images = self._open_registry()
        # the rules that word suppression facts, evaluated after suppressions are applied
        self._suppression_rules = replace(
            self.ruleset, rules=tuple(r for r in self.ruleset.rules if r.fact in suppressions.FACT_KINDS)
        )

    def _open_registry(self):  # type: ignore[no-untyped-def]
        """The known-image registry as a read-only in-memory snapshot, or None when none is configured."""
        if self.config.registry is None or not self.analyses_images:
            return None
        from .known_images import open_known_images

        return open_known_images(self.config.registry, self.match_settings)

    @cached_property
    def match_settings(self):  # type: ignore[no-untyped-def]
        """``signals/registry.yml`` of this checker's rule folders, read once (every image asks it)."""
        from .known_images.settings import FILE, load_match_settings

        return load_match_settings(self.ruleset.folders.find(FILE))

    @property
    def rules(self) -> tuple[RuleInfo, ...]:
        """Metadata of the enabled rules, for report formats that describe rules (SARIF, JUnit)."""
        docs = self.config.docs_url  # a rule's own ``link`` wins; without either, no link at all

        def link(r: Rule) -> str | None:
            return r.link or (rule_doc_url(docs, r.id) if docs else None)

        return tuple(
            RuleInfo(r.id, r.area, r.severity, r.confidence, r.message, r.description, r.fix, r.help, link(r),
                     r.tags, r.pack)
            for r in self.ruleset.enabled
        )

    # --- entry points ---------------------------------------------------------
    def check_file(self, path: Path, base_url: str | None = None, kind: str | None = None) -> Report:
        try:
            doc = read_document(path, self.config.max_document_bytes, base_url)
        except InputError as exc:
            return self.failed(str(path), exc.code, exc.message)
        if kind is not None:
            doc = replace(doc, kind=kind)
        return self.check_document(doc)

    def check_document(self, doc: Document) -> Report:
        bound: MemoryBound | None = None
        try:  # the memory bound outside the timer: its limit is put back even when the timer fires late
            with memory_bound(self.config.max_document_memory) as bound, deadline(self.config.document_timeout):
                return self._check_document(doc)
        except DocumentTimeout as exc:
            return self.failed(doc.source, "document.timeout", str(exc))
        except MemoryError:
            return self.failed(doc.source, "document.memory", bound.reason() if bound else "out of memory")

    def _check_document(self, doc: Document) -> Report:
        info = DocumentInfo(source=doc.source, status="ok", sha256=hashlib.sha256(doc.data).hexdigest(), bytes=len(doc.data))
        if len(doc.data) > self.config.max_document_bytes:
            return self.failed(
                doc.source,
                "input.too-large",
                f"{len(doc.data)} bytes is over the limit of {self.config.max_document_bytes}",
                info,
            )
        try:
            article = parse_document(doc, self.layout)
        except InputError as exc:
            return self.failed(doc.source, exc.code, exc.message, info)
        if article.kind == "text":
            directives = suppressions.text_directive_lines(article.text)
            if directives:  # directive lines are read as blank lines, then kept as the article's comments
                blanked = suppressions.blank_directive_lines(article.text, directives)
                article = replace(parse_text(blanked, doc.source, self.layout), text=article.text, comments=directives,
                                  decoding=article.decoding)
        images = self.load_images(article, doc) if self.analyses_images and article.images else {}
        videos = self.load_videos(article, doc) if self.analyses_images and article.videos else {}
        page = self.load_page_credentials(article, doc) if self.reads_page_credentials and article.manifests else None
        return self.check_article(article, info, images, page, videos)

    def load_page_credentials(self, article: Article, doc: Document) -> PageCredentials | None:
        """Get (I/O, at the edge) and read the manifest store the page's head attaches to the page itself.

        The specification allows one association per page: with more, none is read. A store that cannot
        be had or read is a record saying why, never an exception."""
        if not article.manifests:
            return None
        ref = article.manifests[0]
        if len(article.manifests) > 1:
            reason = (f"the page's head has {len(article.manifests)} C2PA manifest associations; "
                      "the specification reads none of them")
            return PageCredentials(ref, len(article.manifests), unresolved=UnresolvedImage("manifest.ambiguous", reason))
        options = self.image_options
        if doc.base_url and options.base_url is None:
            options = replace(options, base_url=doc.base_url.rsplit("/", 1)[0] + "/")
        try:
            if ref.kind == "inline":
                data, where = inline_store(ref.value, options.max_bytes), "inline"
            else:
                fetched = _fetch_manifest(ref.value, doc, options)
                data, where = fetched.data, fetched.where
        except InputError as exc:
            return PageCredentials(ref, unresolved=UnresolvedImage(exc.code, stable_message(exc.message)))
        from .images.c2pa_reader import read_manifest_store  # c2pa: loaded with the first page that has credentials
        from .images.generator_rules import load_generator_rules as rules_of

        creds, signals = read_manifest_store(data, self.image_settings, rules_of(self.image_settings.rules_path()))
        return PageCredentials(ref, credentials=creds, signals=tuple(signals), loaded_from=where)

    def load_images(self, article: Article, doc: Document) -> dict[int, ImageInput]:
        """Fetch (I/O, at the edge) and analyse every image once per distinct source: index -> what was learned."""
        return self._load_media(article.images, doc, hashed=True)

    def load_videos(self, article: Article, doc: Document) -> dict[int, ImageInput]:
        """:meth:`load_images` for the article's videos: the same loader and limits, their Content Credentials
        read from their bytes; a video is never pHashed (``evidence.not_applicable`` says so)."""
        return self._load_media(article.videos, doc, hashed=False)

    def _load_media(self, refs: Iterable[ImageRef | VideoRef], doc: Document, hashed: bool) -> dict[int, ImageInput]:
        options = self.image_options
        if doc.base_url and options.base_url is None:
            options = replace(options, base_url=doc.base_url.rsplit("/", 1)[0] + "/")
        done: dict[str, ImageInput] = {}
        loaded: dict[int, ImageInput] = {}
        for ref in refs:
            if not ref.src:
                continue
            if ref.src not in done:
                done[ref.src] = self._load_image(ref.src, doc, options, hashed)
            loaded[ref.index] = done[ref.src]
        return loaded

    def _load_image(self, src: str, doc: Document, options: ImageFetchOptions, hashed: bool = True) -> ImageInput:
        try:
            fetched = _fetch_image(src, doc, options)
        except InputError as exc:
            return ImageInput(unresolved=UnresolvedImage(exc.code, exc.message))
        from .images import analyse_image  # numpy, PyWavelets, c2pa: loaded with the first image

        evidence = analyse_image(fetched.data, name=src, settings=self.image_settings)
        if not hashed or evidence.kind != "image":  # a video, or an <img> whose file is a video or a PDF: no pixels
            return ImageInput(evidence=evidence, loaded_from=fetched.where)
        known, phash, hashes = self._known_and_hashes(fetched.data)
        return ImageInput(evidence=evidence, known=known, loaded_from=fetched.where, phash=phash, hashes=hashes)

    def _known_and_hashes(self, data: bytes) -> tuple[Lookup | None, str | None, ImageHashes | None]:
        """Registry matches, the audit's linking pHash and every registry hash of the image, from one decode.

        The audit keeps all the hash kinds (``hashes``) so ``integrity registry rematch`` can match its images
        against entries added later without reading them again; ``phash`` (None for a placeholder or an
        allow-listed image) is only what links articles in the audit's reuse table."""
        registry = self.known_images
        if registry is None and not self.config.hash_images:
            return None, None, None
        from .known_images.hashing import HashError, canonical_image, hash_image
        from .known_images.kinds import ALLOW_LABEL, ImageHashes

        try:
            image = canonical_image(data, max_pixels=self.config.max_image_pixels)
        except HashError as exc:  # undecodable: the image's own findings already say so
            return (registry.undecodable(str(exc)) if registry is not None else None), None, None
        known = registry.lookup_image(image) if registry is not None else None
        if not self.config.hash_images:
            return known, None, None
        if known is not None and known.hashes is not None:  # the lookup hashed the same decode (minus its variants)
            h = known.hashes
            hashes = ImageHashes(h.values, h.pipelines, h.pdq_quality, h.width, h.height)
        else:
            try:
                hashes = hash_image(image)
            except (OSError, ValueError):
                return known, None, None
        phash = hashes.values.get("phash")
        if phash is None or (known is not None and any(m.label == ALLOW_LABEL for m in known.matches)):
            return known, None, hashes  # a newsroom's logo or stock placeholder: never links articles
        return known, (None if self.match_settings.is_placeholder(phash) else phash.hex()), hashes

    def facts(
        self, article: Article, images: Mapping[int, ImageInput] | None = None, page: PageCredentials | None = None,
        videos: Mapping[int, ImageInput] | None = None,
    ) -> tuple[list[Fact], list[ErrorItem]]:
        """The facts of every detector a loaded rule needs; a detector that fails costs only its own facts.

        ``images`` is what :meth:`load_images` learned (none: no bytes were read); ``page``, what
        :meth:`load_page_credentials` read of the page's own manifest store; ``videos``, what
        :meth:`load_videos` learned."""
        context = self.context.with_images(images or {}, page, videos) if images or page or videos else self.context
        facts: list[Fact] = []
        errors: list[ErrorItem] = []
        for det in self.detectors:
            try:
                facts.extend(det.detect(article, context))
            except MemoryError:
                raise  # the document is over its memory limit: it fails as a whole (check_document)
            except Exception as exc:  # a broken detector costs its facts, not the document
                log.exception("detector %s failed on %s", det.id, article.source)
                errors.append(ErrorItem("detector.failed", f"detector {det.id!r} failed: {type(exc).__name__}: {exc}"))
        return facts, errors

    def check_article(
        self, article: Article, info: DocumentInfo | None = None, images: Mapping[int, ImageInput] | None = None,
        page: PageCredentials | None = None, videos: Mapping[int, ImageInput] | None = None,
    ) -> Report:
        """Detectors, rules, score: ``images`` is what :meth:`load_images` learned (none: no bytes were read),
        ``page`` what :meth:`load_page_credentials` read, ``videos`` what :meth:`load_videos` learned."""
        images = images or {}
        videos = videos or {}
        facts, errors = self.facts(article, images, page, videos)
        errors = list(article.errors) + errors
        if article.unlocated:
            errors.append(_unlocated(article))
        findings = evaluate(self.ruleset, article, facts)
        outcome = suppressions.apply(article, findings)
        findings = outcome.kept
        if outcome.unused:
            unused = evaluate(self._suppression_rules, article, list(outcome.unused))
            findings = tuple(sorted(findings + unused, key=_order))
        known = 0
        if self.baseline is not None:
            findings, known = self.baseline.mark(article.source, findings)
        untouched = 0
        if self.changed is not None:
            kept = tuple(f for f in findings if f.location is None or self.changed(article.source, f.location.line))
            findings, untouched = kept, len(findings) - len(kept)
        overall, subscores = score(findings, self.ruleset)
        choice = choose_byline(article, self.layout)  # the same decision the byline detector's facts come from
        stats = _stats(article, len(choice.byline.names))
        if outcome.suppressed:
            stats["suppressed"] = outcome.suppressed
        if known:
            stats["baseline"] = known
        if untouched:
            stats["unchanged_lines"] = untouched  # findings on lines the change did not touch
        view = None
        if "article50" in self.config.sections:  # the eu-ai-act profile: its answers from the same facts
            from .article50 import view as article50_view

            view = article50_view(facts, images_seen=len(article.images), videos_seen=len(article.videos))
        credits = _photo_credits(facts)
        base = info or DocumentInfo(source=article.source, status="ok")
        document = DocumentInfo(
            source=base.source,
            status="ok",
            kind=article.kind,
            title=article.title,
            published=article.published,
            authors=choice.authors,
            byline=choice.byline,
            author_candidates=choice.rejected,
            sha256=base.sha256,
            bytes=base.bytes,
            encoding=article.decoding.encoding if article.decoding else None,
            encoding_source=article.decoding.source if article.decoding else None,
        )
        return Report(
            document=document,
            tool=TOOL,
            score=overall,
            subscores=subscores,
            findings=findings,
            images=tuple(_image_report(i, images.get(i.index, NOT_LOADED), credits.get(i.subject))
                         for i in article.images),
            videos=tuple(_video_report(v, videos.get(v.index, NOT_LOADED)) for v in article.videos),
            stats=stats,
            errors=tuple(errors),
            packs=self.ruleset.packs,
            suppressions=outcome.accepted,
            article50=view,
        )

    def failed(self, source: str, code: str, message: str, info: DocumentInfo | None = None) -> Report:
        status = _STATUS_BY_CODE.get(code, "invalid" if code.startswith("input.") else "failed")
        document = DocumentInfo(
            source=source,
            status=status,  # type: ignore[arg-type]
            sha256=info.sha256 if info else None,
            bytes=info.bytes if info else None,
        )
        return Report(
            document=document,
            tool=TOOL,
            score=None,
            subscores={},
            errors=(ErrorItem(code, stable_message(message)),),
            packs=self.ruleset.packs,
        )


def _fetch_image(src: str, doc: Document, options: ImageFetchOptions) -> Fetched:
    if doc.image_source is not None and not src.startswith("data:"):
        found = doc.image_source.get(src)
        if found is None:
            raise Unresolved("image.not-in-archive", "the archive does not hold this image")
        return Fetched(*found)
    site_absolute = src.startswith("/") and not src.startswith("//")
    return load_image(src, doc.site_folder if site_absolute and doc.site_folder is not None else doc.folder, options)


def _fetch_manifest(href: str, doc: Document, options: ImageFetchOptions) -> Fetched:
    """A linked manifest store's bytes: from the archive the page came in, else under the image rules."""
    if doc.image_source is not None:
        found = doc.image_source.get(href)
        if found is None:
            raise Unresolved("manifest.not-in-archive", "the archive does not hold this manifest store")
        return Fetched(*found)
    site_absolute = href.startswith("/") and not href.startswith("//")
    return load_manifest_store(href, doc.site_folder if site_absolute and doc.site_folder is not None else doc.folder,
                               options)


def _photo_credits(facts: Iterable[Fact]) -> dict[str, PhotoCredit]:
    """subject (image[N]) -> the photo-credit decision its ``image.credit`` fact records."""
    out: dict[str, PhotoCredit] = {}
    for f in facts:
        if f.kind == "image.credit" and f.subject not in out:
            d = f.data
            out[f.subject] = PhotoCredit(d["status"], d.get("credit"), d.get("source"), d.get("reason"))
    return out


def _text(t: Text | None) -> str | None:
    return t.text if t is not None else None


Status = Literal["analysed", "unresolved", "no-source"]


def _outcome(loaded: ImageInput) -> tuple[Status, str | None, dict[str, Any] | None]:
    """(status, problem, evidence) of an image's or a video's bytes, as the report gives them."""
    if loaded.evidence is not None:
        return "analysed", None, loaded.evidence.to_dict()
    if loaded.unresolved is not None:
        return "unresolved", loaded.unresolved.reason, None
    return "no-source", None, None


def _video_report(video: VideoRef, loaded: ImageInput) -> VideoReport:
    status, problem, evidence = _outcome(loaded)
    return VideoReport(video.index, video.src, video.context, _text(video.alt), _text(video.caption),
                       _text(video.credit), video.poster, video.span, status, problem, evidence)


def _image_report(img: ImageRef, loaded: ImageInput, credit: PhotoCredit | None = None) -> ImageReport:
    s = _text
    status, problem, evidence = _outcome(loaded)
    return ImageReport(
        img.index,
        img.src,
        img.context,
        s(img.alt),
        s(img.caption),
        s(img.credit),
        s(img.label),
        img.span,
        status,
        problem,
        evidence,
        loaded.phash,
        credit,
        _hashes=loaded.hashes.to_record() if loaded.hashes is not None else None,
    )


def _order(f: Finding) -> tuple[int, int, str]:
    loc = f.location
    return (loc.offset if loc else -1, loc.end_offset if loc else -1, f.rule_id)


def _unlocated(article: Article) -> ErrorItem:
    n = len(article.unlocated)
    return ErrorItem(
        "text.unlocated",
        f"{n} run{'s' if n != 1 else ''} of visible text could not be located exactly in the source; they are checked, "
        "and findings in them point at the markup before them",
        article.unlocated[0],
    )


def _stats(article: Article, authors: int) -> dict[str, int]:
    """Counts of what was read; ``authors``: the chosen byline's names."""
    body = [b for b in article.blocks if b.in_body]
    return {
        "blocks": len(article.blocks),
        "body_blocks": len(body),
        "sentences": sum(len(b.sentences) for b in body),
        "words": sum(len(b.text.split()) for b in body),
        "images": len(article.images),
        "links": len(article.links),
        "authors": authors,
    }


__all__ = ["Checker", "TOOL"]
