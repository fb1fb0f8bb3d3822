"""Content Credentials (C2PA) read offline with c2pa-python.

Remote manifests and OCSP are never fetched: an untrusted image must not be
able to make the checker send a request. Two locks: fetching is off, and the
network host allow-list is empty (c2pa-rs then refuses every URI even if
fetching were switched on; checked against a loopback server). Trust comes from the bundled lists
(or the user's). A fresh Reader is made per call because Readers must not be
shared between threads. The reader's output is reduced to `Credentials` plus
the AI signals found by walking every manifest, active and ingredients.

The store is read once, as its JSON (``Reader.json()``): the summary, the
validation state, the rubric signals (``rubrics.crjson_view``) and the signer
all come from it. Rendering crJSON costs the reader about a third again of its
read, so it is asked for only when the store cannot answer: a signer whose CN and O
a Conforming Products List record has (the record's OU and C then decide, and
only the certificate's subject in crJSON has them), or actions assertions whose
real version neither the store nor the file's labels give.
"""

from __future__ import annotations

import io
import json
import os
import threading
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import c2pa

from . import conformance, rubrics
from .evidence import C2paAction, C2paIngredient, C2paSoftBinding, Credentials, Signal
from .generator_rules import GeneratorRules, dst_code
from .settings import BUNDLED_EKU_CONFIG, BUNDLED_TRUST_LISTS, TRUST_DIR, ImageSettings
from .sniff import MIME_TYPES
from .soft_binding import load_algorithms

_ACTION_LABELS = ("c2pa.actions", "c2pa.actions.v2")


@lru_cache(maxsize=16)
def c2pa_settings(settings: ImageSettings) -> str:
    """The c2pa settings JSON for these trust options (cached: the PEMs are large)."""
    anchors: list[str] = []
    allowed: list[str] = []
    for name in settings.trust_lists:
        if name not in BUNDLED_TRUST_LISTS:
            raise ValueError(f"unknown bundled trust list {name!r}; have {sorted(BUNDLED_TRUST_LISTS)}")
        anchor_files, allowed_files = BUNDLED_TRUST_LISTS[name]
        anchors += [(TRUST_DIR / f).read_text() for f in anchor_files]
        allowed += [(TRUST_DIR / f).read_text() for f in allowed_files]
    user = [Path(p).read_text() for p in settings.extra_anchors]
    allowed += [Path(p).read_text() for p in settings.allowed_certs]
    trust: dict[str, Any] = {}
    if anchors:
        trust["trust_anchors"] = "\n".join(anchors)
    if user:
        trust["user_anchors"] = "\n".join(user)
    if allowed:
        trust["allowed_list"] = "\n".join(allowed)
    if settings.eku_config:
        trust["trust_config"] = Path(settings.eku_config).read_text()
    elif settings.bundled_eku:
        trust["trust_config"] = (TRUST_DIR / BUNDLED_EKU_CONFIG).read_text()
    config: dict[str, Any] = {
        "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
        "core": {"allowed_network_hosts": []},
    }
    if trust:
        config["trust"] = trust
    return json.dumps(config)


def may_have_manifest(data: bytes, remote_reference: bool) -> bool:
    """Cheap pre-check: every embedded manifest store carries the JUMBF label `c2pa`,
    and a remote one is announced in XMP (`dcterms:provenance`). Without either,
    the reader would only stream the whole file to say "not found"."""
    return remote_reference or b"c2pa" in data or b"provenance" in data


def read_credentials(
    fmt: str, data: bytes, settings: ImageSettings, rules: GeneratorRules, *, remote_reference: bool = True
) -> tuple[Credentials, list[Signal]]:
    """Read and validate the manifest store; never raises for bad input.

    `remote_reference` says whether the metadata points at a remote manifest
    (the caller knows from the XMP it already parsed); pass True if unsure.
    """
    mime = MIME_TYPES.get(fmt)
    if mime is None or mime not in _supported_mime_types() or not may_have_manifest(data, remote_reference):
        return Credentials(state="none"), []
    try:
        context = _context(settings)
        with c2pa.Reader(mime, io.BytesIO(data), context=context) as reader:
            text = reader.json()
            store = json.loads(text)
            view = rubrics.crjson_view(store, rubrics.actions_labels(text, data))
            subject = conformance.store_subject(store)
            if view is None or conformance.needs_full_subject(subject):
                crjson = _crjson_of(reader)
                view = view if view is not None else crjson
                subject = conformance.crjson_subject(crjson, store.get("active_manifest")) or subject
    except c2pa.C2paError.ManifestNotFound:
        return Credentials(state="none"), []
    except c2pa.C2paError as exc:
        message = str(exc)
        remote = _remote_url(message)
        if remote is not None:
            return Credentials(state="remote", remote_url=remote, error=message), []
        return Credentials(state="error", error=message), []
    state = str(store.get("validation_state") or "").lower()
    results = store.get("validation_results") or {}
    creds, signals = _summarise(store, state, results if isinstance(results, dict) else {}, rules)
    rubric = rubrics.evaluate(view, store.get("active_manifest")) if view else ()
    return replace(creds, signer_subject=subject, rubric=rubric, mime=mime), signals


def _crjson_of(reader: Any) -> dict[str, Any] | None:
    """The reader's crJSON, or None (an older c2pa, or a store it cannot render: no rubric, CN and O only)."""
    try:
        data = json.loads(reader.crjson())
    except Exception:  # noqa: BLE001
        return None
    return data if isinstance(data, dict) else None


_STORE_MIME = "application/c2pa"
_UNTRUSTED_ONLY = frozenset({"signingCredential.untrusted"})  # c2pa-rs's "Valid": sound, signer on no trust list


def read_manifest_store(data: bytes, settings: ImageSettings, rules: GeneratorRules) -> tuple[Credentials, list[Signal]]:
    """A manifest store on its own (the one a page attaches to itself), read and validated; never raises.

    What can be validated is: the claim signature, the assertions' hashed URIs, the signer's certificate
    against the trust lists. What cannot is the hard binding to the page: c2pa-python reads no HTML, and a
    store read alone has its data hash compared with the store's own bytes. The codes of that comparison
    (``c2pa.binding_codes``) are set aside, the state is recomputed from the rest the way c2pa-rs states
    it (no failure: trusted; only an untrusted signer: valid; else invalid), and ``content_bound`` stays
    False: the caller says the page's binding was not verified.
    """
    try:
        with c2pa.Reader(_STORE_MIME, io.BytesIO(data), context=_context(settings)) as reader:
            store = json.loads(reader.json())
            results = reader.get_validation_results() or {}
    except c2pa.C2paError.ManifestNotFound:
        return Credentials(state="error", error="no C2PA manifest store in the bytes"), []
    except c2pa.C2paError as exc:
        return Credentials(state="error", error=f"not a readable C2PA manifest store ({exc or type(exc).__name__})"), []
    except (ValueError, TypeError) as exc:  # the reader's JSON is not what a manifest store gives
        return Credentials(state="error", error=f"not a readable C2PA manifest store ({exc})"), []
    binding = set(_c2pa_cfg(rules).get("binding_codes") or ())
    active = results.get("activeManifest") or {}
    failures = [f for f in active.get("failure", []) if isinstance(f, dict) and f.get("code") not in binding]
    results = {**results, "activeManifest": {**active, "failure": failures}}
    codes = {f.get("code") for f in failures}
    state = "trusted" if not codes else "valid" if codes <= _UNTRUSTED_ONLY else "invalid"
    creds, signals = _summarise(store, state, results, rules)
    return replace(creds, content_bound=False), signals


_local = threading.local()


def _context(settings: ImageSettings) -> c2pa.Context:
    """One Context per settings per thread and process: building one parses ~280 kB
    of PEM (~1 ms); a native handle inherited through fork is not reused."""
    cache = getattr(_local, "contexts", None)
    if cache is None or getattr(_local, "pid", None) != os.getpid():
        cache = _local.contexts = {}
        _local.pid = os.getpid()
    ctx = cache.get(settings)
    if ctx is None or not ctx.is_valid:
        ctx = cache[settings] = c2pa.Context.from_json(c2pa_settings(settings))
    return ctx


@lru_cache(maxsize=1)
def _supported_mime_types() -> frozenset[str]:
    return frozenset(c2pa.Reader.get_supported_mime_types())


def _remote_url(message: str) -> str | None:
    for prefix in ("Remote:", "RemoteManifest:"):
        if message.startswith(prefix):
            _, _, url = message.partition(" from url ")
            return url.strip() or message
    return None


def _codes(block: dict[str, Any] | None) -> list[str]:
    return [item.get("code", "") for item in (block or {}).get("failure", [])]


def _summarise(
    store: dict[str, Any], state: str, results: dict[str, Any], rules: GeneratorRules
) -> tuple[Credentials, list[Signal]]:
    manifests: dict[str, Any] = store.get("manifests", {})
    active_label = store.get("active_manifest")
    active = manifests.get(active_label, {})
    failures = tuple(dict.fromkeys(_codes(results.get("activeManifest"))))
    ingredient_failures = tuple(
        dict.fromkeys(
            code
            for delta in results.get("ingredientDeltas", [])
            for code in _codes(delta.get("validationDeltas"))
        )
    )
    problem = _problem(failures, rules)
    intact = problem != "tampered"
    trusted = state == "trusted"  # signed by a certificate on a trust list (bundled or the newsroom's)
    matched = {item.get("code") for item in (results.get("activeManifest") or {}).get("success", [])}
    content_bound = intact and bool(matched & set(_c2pa_cfg(rules)["content_hash_match"]))

    actions: list[C2paAction] = []
    ingredients: list[C2paIngredient] = []
    generators: list[str] = []
    signals: list[Signal] = []
    visited: set[str] = set()
    dst_keys = tuple(_c2pa_cfg(rules).get("source_type_keys") or ("digitalSourceType",))
    ing_dst_keys = tuple(_c2pa_cfg(rules).get("ingredient_source_type_keys") or ())
    watermark_actions = frozenset(_c2pa_cfg(rules).get("watermark_actions") or ())
    binding_watermarks = frozenset(_c2pa_cfg(rules).get("soft_binding_watermark_actions") or ())
    soft_bindings: list[C2paSoftBinding] = []

    def walk(label: str, where: str, relationship: str | None) -> None:
        if label in visited or label not in manifests:
            return
        visited.add(label)
        manifest = manifests[label]
        generators.extend(_claim_generators(manifest))
        for action in _actions(manifest, where, dst_keys):
            actions.append(action)
            signals.extend(_action_signals(action, relationship, intact, rules, trusted))
            if action.action in watermark_actions:
                signals.append(Signal("info", _strength(intact, rules), action.action, action.where, "c2pa-watermark"))
        for binding in _soft_bindings(manifest, where, rules):
            soft_bindings.append(binding)
            signals.append(_soft_binding_signal(binding, intact, rules))
        for i, ing in enumerate(manifest.get("ingredients", [])):
            ing_where = f"{where}/ingredient[{i}]" if where != "c2pa:active" else f"c2pa:ingredient[{i}]"
            child = ing.get("active_manifest") or (ing.get("manifest_data") or {}).get("identifier")
            ingredient = C2paIngredient(
                title=_text(ing.get("title")),
                relationship=_text(ing.get("relationship")),
                format=_text(ing.get("format")),
                where=ing_where,
                manifest=child,
                digital_source_type=_text(next((ing[k] for k in ing_dst_keys if ing.get(k)), None)),
            )
            ingredients.append(ingredient)
            # a generated parent makes the result generated, a component makes it
            # edited; along a chain, one non-parent link makes the whole chain a component
            rel = str(ing.get("relationship") or "parentOf")
            rel = rel if relationship in (None, "parentOf") else relationship
            signals.extend(_ingredient_signals(ingredient, rel, intact, rules))
            if child:
                walk(child, ing_where, rel)

    if active_label:
        walk(active_label, "c2pa:active", None)
    for label in manifests:  # manifests no ingredient points at still count
        walk(label, f"c2pa:manifest[{label}]", "componentOf")

    signature = active.get("signature_info") or {}
    signer = signature.get("issuer") or signature.get("common_name")
    if signer and rules.camera_signers.match(signer) and (intact or not _c2pa_cfg(rules)["not_ai_requires_intact"]):
        signals.append(
            Signal("not_ai", _not_ai_strength(intact, trusted, rules), signer, "c2pa:active/signature", "c2pa-camera-signer")
        )

    creds = Credentials(
        state=state if state in ("valid", "trusted", "invalid") else "invalid",
        problem=problem,
        signer=signer,
        signing_time=signature.get("time"),
        claim_generators=tuple(dict.fromkeys(generators)),
        generator_versions=_generator_versions(active),
        failure_codes=failures,
        ingredient_failure_codes=ingredient_failures,
        actions=tuple(actions),
        ingredients=tuple(ingredients),
        manifest_count=len(manifests),
        content_bound=content_bound,
        soft_bindings=tuple(soft_bindings),
        durable=any(b.where.startswith("c2pa:active/") for b in soft_bindings)
        or any(a.action in binding_watermarks and a.where.startswith("c2pa:active/") for a in actions),
    )
    return creds, signals


def _c2pa_cfg(rules: GeneratorRules) -> dict[str, Any]:
    return rules.section("c2pa")


def _strength(intact: bool, rules: GeneratorRules) -> str:
    return _c2pa_cfg(rules)["strength"]["intact" if intact else "tampered"]


def _problem(codes: tuple[str, ...], rules: GeneratorRules) -> str | None:
    for problem, listed in _c2pa_cfg(rules)["problems"].items():
        if any(code in listed for code in codes):
            return problem
    return None


def _claim_generators(manifest: dict[str, Any]) -> list[str]:
    out = []
    if manifest.get("claim_generator"):
        out.append(str(manifest["claim_generator"]))
    for info in manifest.get("claim_generator_info") or []:
        if isinstance(info, dict) and info.get("name"):
            name = str(info["name"])
            out.append(f"{name} {info['version']}" if info.get("version") else name)
    return out


def _generator_versions(manifest: dict[str, Any]) -> tuple[str, ...]:
    """The versions the manifest's claim generator gives: each claim_generator_info version, else the
    version of the first ``name/version`` product of a v1 claim_generator string."""
    out = [str(info["version"]) for info in manifest.get("claim_generator_info") or []
           if isinstance(info, dict) and isinstance(info.get("version"), (str, int, float)) and str(info["version"])]
    legacy = manifest.get("claim_generator")
    if not out and isinstance(legacy, str) and "/" in legacy.split(" ", 1)[0]:
        out.append(legacy.split(" ", 1)[0].split("/", 1)[1])
    return tuple(dict.fromkeys(out))


def _actions(manifest: dict[str, Any], where: str, dst_keys: tuple[str, ...]) -> list[C2paAction]:
    """Every action of the manifest's action assertions; the digital source type is the first of
    ``dst_keys`` (``c2pa.source_type_keys``) set on the action, else in its parameters."""
    out = []
    for assertion in manifest.get("assertions", []):
        label = assertion.get("label", "")
        base = label.split("__")[0]
        if base not in _ACTION_LABELS:
            continue
        for act in (assertion.get("data") or {}).get("actions", []):
            if not isinstance(act, dict):
                continue
            params = act.get("parameters")
            params = params if isinstance(params, dict) else {}
            out.append(
                C2paAction(
                    action=str(act.get("action", "")),
                    where=f"{where}/{label}",
                    digital_source_type=_text(
                        next((act[k] for k in dst_keys if act.get(k)), None)
                        or next((params[k] for k in dst_keys if params.get(k)), None)
                    ),
                    software_agent=_agent(act.get("softwareAgent")),
                    description=_text(act.get("description") or params.get("description")),
                    when=_text(act.get("when")),
                )
            )
    return out


def _text(value: Any) -> str | None:
    """Manifests are attacker-controlled JSON: anything not text is shown as JSON text."""
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _agent(agent: Any) -> str | None:
    if isinstance(agent, dict):
        name = _text(agent.get("name"))
        version = _text(agent.get("version"))
        return f"{name} {version}" if name and version else name
    return _text(agent)


def _not_ai_strength(intact: bool, trusted: bool, rules: GeneratorRules) -> str:
    """A manifest vouching for a non-AI origin counts only as much as its signer is trusted: anyone can sign
    "digitalCapture" with a self-made or test certificate, so an untrusted one cannot give ``none`` alone."""
    return _strength(intact, rules) if trusted else _c2pa_cfg(rules)["not_ai_strength_untrusted"]


def _action_signals(
    action: C2paAction, relationship: str | None, intact: bool, rules: GeneratorRules, trusted: bool = False
) -> list[Signal]:
    cfg = _c2pa_cfg(rules)
    verdict = None
    value = None
    if action.digital_source_type:
        code = dst_code(rules, action.digital_source_type)
        verdict = rules.dst_codes.get(code) if code else None
        value = action.digital_source_type
    if verdict is None and action.description:
        for pattern, desc_verdict in rules.action_descriptions:
            if pattern.search(action.description):
                verdict, value = desc_verdict, action.description
                break
    if verdict is None:
        return []
    if verdict == "not_ai":
        if relationship is not None:  # an ingredient's capture says little about the result
            return []
        if not intact and cfg["not_ai_requires_intact"]:
            return []
        return [Signal(verdict, _not_ai_strength(intact, trusted, rules), f"{action.action}: {value}", action.where, "c2pa")]
    elif relationship is not None and verdict == "generated":
        verdict = cfg["ingredient_relationship"].get(relationship, "edited")
    return [Signal(verdict, _strength(intact, rules), f"{action.action}: {value}", action.where, "c2pa")]


def _ingredient_signals(ingredient: C2paIngredient, relationship: str, intact: bool, rules: GeneratorRules) -> list[Signal]:
    """An ingredient that declares its own AI source makes the result at least partly AI (a generated
    parent: generated; a component: edited, as ``c2pa.ingredient_relationship`` says); one that declares
    a capture says nothing about the result, and a possible one keeps the result possible."""
    dst = ingredient.digital_source_type
    code = dst_code(rules, dst) if dst else None
    verdict = rules.dst_codes.get(code) if code else None
    if verdict not in ("generated", "edited", "possible"):
        return []
    if verdict == "generated":
        verdict = _c2pa_cfg(rules)["ingredient_relationship"].get(relationship, "edited")
    name = json.dumps(ingredient.title, ensure_ascii=False) if ingredient.title else "untitled"
    value = f"ingredient {name} ({ingredient.relationship or relationship}): {dst}"
    return [Signal(verdict, _strength(intact, rules), value, ingredient.where, "c2pa-ingredient")]


def _soft_bindings(manifest: dict[str, Any], where: str, rules: GeneratorRules) -> list[C2paSoftBinding]:
    """The manifest's soft-binding assertions, each algorithm named from the bundled C2PA list."""
    labels = set(_c2pa_cfg(rules).get("soft_binding_labels") or ())
    known = load_algorithms()
    out = []
    for assertion in manifest.get("assertions", []):
        label = str(assertion.get("label", ""))
        if label.split("__")[0] not in labels:
            continue
        if assertion.get("instance"):  # the reader gives a second assertion of a label its instance apart
            label = f"{label}__{assertion['instance']}"
        data = assertion.get("data")
        alg = _text(data.get("alg")) if isinstance(data, dict) else None
        entry = known.get(alg)
        out.append(C2paSoftBinding(alg, f"{where}/{label}", entry.kind if entry else None, entry is not None))
    return out


def _soft_binding_signal(binding: C2paSoftBinding, intact: bool, rules: GeneratorRules) -> Signal:
    """Info only: a soft binding says the credentials were made durable, not how the content was made."""
    listed = f"{binding.kind}, on the C2PA soft-binding algorithm list" if binding.listed else "not on the C2PA list"
    value = f"{binding.alg or 'no alg'} ({listed})"
    return Signal("info", _strength(intact, rules), value, binding.where, "c2pa-soft-binding")
