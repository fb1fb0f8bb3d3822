"""The C2PA Asset Rubrics signals (fullyGenAIMedia, capturedMedia, nonEditorial, ...) of each manifest.

The C2PA Signals Rubric (``integrity/data/conformance/asset-rubric-signals-local.yml``,
shipped unchanged) states each signal as a json-formula expression over one
manifest in crJSON form. Its official evaluator needs a json-formula library
that is not on PyPI, so the statements are evaluated here in Python, in the
rubric's own terms:

* the lists (``$inception_actions``, ``$non_editorial_actions``,
  ``$genai_dst_types``, ``$possibly_genai_dst_types``) are read from the file;
* an inception statement of the form ``_createdWithDst(@, "URI") || ...`` is
  read from the file too (which source types make the signal);
* every other statement needs a Python function named after its id below, and
  a statement with neither is an error at load time: a new rubric release that
  adds a signal fails loudly instead of never firing.

The statements are stated over crJSON, but the reader's store JSON (``Reader.json()``)
holds everything they look at, and rendering crJSON costs the c2pa-rs reader more than
a third again of its read: ``crjson_view`` puts the store in the crJSON shape the
statements read (assertions by label, ingredient assertions, whether an actions
assertion was gathered), so one read of the store serves the summary and the rubric.

Like the official evaluator, each manifest is evaluated on its own (the rubric
is "local"): the active manifest, every ingredient manifest, and a pseudo
manifest for an ingredient without a manifest of its own that declares a
digital source type. Only the exact labels the rubric names count
(``c2pa.actions.v2``, ``c2pa.ingredient.v3``): a v1 ``c2pa.actions`` manifest
has no rubric actions, which the rubric calls ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .evidence import ManifestSignals

RUBRIC_FILE = Path(__file__).resolve().parent.parent / "data" / "conformance" / "asset-rubric-signals-local.yml"
_CREATED_WITH_DST = re.compile(r'_createdWithDst\(@,\s*"([^"]+)"\)')
_CREATED_ONLY = re.compile(r'^\s*(?:_createdWithDst\(@,\s*"[^"]+"\)\s*(?:\|\|\s*)?)+$')
_VARIABLES = ("$inception_actions", "$non_editorial_actions", "$genai_dst_types", "$possibly_genai_dst_types")

Manifest = Mapping[str, Any]


@dataclass(frozen=True)
class Rubric:
    name: str
    version: str
    date: str
    variables: Mapping[str, tuple[str, ...]]
    # statement id ("inception:signal_capturedMedia") -> its test on one crJSON manifest
    statements: tuple[tuple[str, Callable[[Manifest], bool]], ...]


def signal_name(statement_id: str) -> str:
    """``inception:signal_fullyGenAIMedia`` -> ``fullyGenAIMedia`` (the rubric's and the CPL's name)."""
    return statement_id.split(":", 1)[-1].removeprefix("signal_")


@lru_cache(maxsize=4)
def load_rubric(path: Path = RUBRIC_FILE) -> Rubric:
    """Parse the rubric; a statement integrity cannot evaluate raises (a configuration error)."""
    docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    head = docs[0] if docs and isinstance(docs[0], dict) else {}
    meta = head.get("rubric_metadata") or {}
    raw_vars = head.get("variables") or {}
    missing = [v for v in _VARIABLES if not isinstance(raw_vars.get(v), list)]
    if missing:
        raise ValueError(f"{path}: the rubric lacks the variable(s) {', '.join(missing)}")
    variables = {k: tuple(str(x).strip() for x in raw_vars[k]) for k in _VARIABLES}
    statements: list[tuple[str, Callable[[Manifest], bool]]] = []
    for doc in docs[1:]:
        for stmt in doc if isinstance(doc, list) else [doc]:
            if not isinstance(stmt, dict) or not stmt.get("id") or not stmt.get("expression"):
                continue
            sid, expr = str(stmt["id"]), str(stmt["expression"])
            statements.append((sid, _compile(sid, expr, variables, path)))
    return Rubric(str(meta.get("name", "")), str(meta.get("version", "")), str(meta.get("date", "")),
                  variables, tuple(statements))


def _compile(sid: str, expr: str, variables: Mapping[str, tuple[str, ...]], path: Path) -> Callable[[Manifest], bool]:
    if sid.startswith("inception:") and _CREATED_ONLY.match(expr):
        types = frozenset(_CREATED_WITH_DST.findall(expr))
        inception = frozenset(variables["$inception_actions"])
        return lambda m: any(a.get("action") in inception and a.get("digitalSourceType") in types for a in _actions(m))
    make = _PYTHON.get(signal_name(sid))
    if make is None:
        raise ValueError(f"{path}: rubric statement {sid!r} has no evaluator in integrity/images/rubrics.py")
    return make(variables)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _actions_assertion(m: Manifest) -> Mapping[str, Any]:
    found = (m.get("assertions") or {}).get("c2pa.actions.v2")
    return found if isinstance(found, Mapping) else {}


def _actions(m: Manifest) -> list[Mapping[str, Any]]:
    acts = _actions_assertion(m).get("actions")
    return [a for a in acts if isinstance(a, Mapping)] if isinstance(acts, list) else []


def _perceptible(variables: Mapping[str, tuple[str, ...]], m: Manifest) -> list[Mapping[str, Any]]:
    """Actions neither inception nor non-editorial: the ones a viewer could see."""
    skip = set(variables["$inception_actions"]) | set(variables["$non_editorial_actions"])
    return [a for a in _actions(m) if a.get("action") is not None and a.get("action") not in skip]


def _media_unknown_provenance(_v: Mapping[str, tuple[str, ...]]) -> Callable[[Manifest], bool]:
    def test(m: Manifest) -> bool:
        ing = (m.get("assertions") or {}).get("c2pa.ingredient.v3")
        return ing is not None and (not isinstance(ing, Mapping) or ing.get("activeManifest") is None)
    return test


def _ambiguous_actions(_v: Mapping[str, tuple[str, ...]]) -> Callable[[Manifest], bool]:
    def test(m: Manifest) -> bool:
        acts = _actions(m)
        names = [a.get("action") for a in acts]
        claim = _mapping(m.get("claim.v2"))
        gathered = claim.get("gathered_assertions")
        gathered = gathered if isinstance(gathered, list) else []
        return (
            not acts
            or _actions_assertion(m).get("allActionsIncluded") is not True
            or any(isinstance(n, str) and not n.startswith("c2pa.") for n in names)
            or "c2pa.unknown" in names
            or any(isinstance(g, Mapping) and "c2pa.actions" in str(g.get("url", "")) for g in gathered)
        )
    return test


def _non_editorial(v: Mapping[str, tuple[str, ...]]) -> Callable[[Manifest], bool]:
    listed = set(v["$non_editorial_actions"])
    return lambda m: any(a.get("action") in listed for a in _actions(m))


def _perceptible_genai(v: Mapping[str, tuple[str, ...]]) -> Callable[[Manifest], bool]:
    genai = set(v["$genai_dst_types"])
    return lambda m: any(a.get("digitalSourceType") in genai for a in _perceptible(v, m))


def _perceptible_non_genai(v: Mapping[str, tuple[str, ...]]) -> Callable[[Manifest], bool]:
    genai = set(v["$genai_dst_types"])
    return lambda m: any(
        a.get("digitalSourceType") is not None and a.get("digitalSourceType") not in genai for a in _perceptible(v, m)
    )


def _perceptible_possibly_genai(v: Mapping[str, tuple[str, ...]]) -> Callable[[Manifest], bool]:
    possibly = set(v["$possibly_genai_dst_types"])
    return lambda m: any(a.get("digitalSourceType") in possibly for a in _perceptible(v, m))


# the statements whose expression is more than "created with one of these source types", by signal name
_PYTHON: dict[str, Callable[[Mapping[str, tuple[str, ...]]], Callable[[Manifest], bool]]] = {
    "mediaUnknownProvenance": _media_unknown_provenance,
    "ambiguousActions": _ambiguous_actions,
    "nonEditorial": _non_editorial,
    "perceptibleGenAI": _perceptible_genai,
    "perceptibleNonGenAI": _perceptible_non_genai,
    "perceptiblePossiblyGenAI": _perceptible_possibly_genai,
}


_ACTIONS_URL = re.compile(r'self#jumbf=/c2pa/([^/"]+)/c2pa\.assertions/(c2pa\.actions(?:\.v2)?)(?=["/_])')


def actions_labels(store_text: str, data: bytes) -> dict[str, str]:
    """The real label of each manifest's actions assertion, as far as the store and the file tell.

    The store JSON calls every actions assertion ``c2pa.actions.v2`` (c2pa-rs upgrades v1 on
    reading), but the rubric counts only a real v2. The label is known from the assertion's own
    URI wherever the store quotes it (validation codes, ingredient links); else, when the file's
    JUMBF holds only one of the two labels, it is that one (key ``*``). Else (both in one file, a
    compressed store) the manifest is missing and ``crjson_view`` says so.
    """
    found: dict[str, str] = {}
    for manifest, label in _ACTIONS_URL.findall(store_text):
        found.setdefault(manifest, label)
    v2, v1 = b"c2pa.actions.v2" in data, b"c2pa.actions\x00" in data
    fallback = "c2pa.actions.v2" if v2 and not v1 else "c2pa.actions" if v1 and not v2 else None
    return {"*": fallback, **found} if fallback else found


def crjson_view(store: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any] | None:
    """The reader's manifest store JSON in the crJSON shape the statements read, or None; never raises.

    Per manifest, in crJSON's order (the active one, then along ingredient links, depth first): each assertion's data by its label (a second
    instance ``label__1``; the actions assertion by its real label from ``labels``, see
    ``actions_labels``), each ingredient as its ingredient assertion (the manifest it links to
    under ``activeManifest`` for a v3 ingredient, ``c2pa_manifest`` before; its
    ``digitalSourceType``), and for a v2 claim the assertions the claim generator gathered
    rather than created (the store marks created ones ``created: true``). None when a manifest
    has actions whose real label ``labels`` does not give.
    """
    manifests = store.get("manifests")
    manifests = manifests if isinstance(manifests, Mapping) else {}
    out = []
    for label in _walk_order(manifests, store.get("active_manifest")):
        m = manifests[label]
        if not isinstance(m, Mapping):
            continue
        view = _view(str(label), m, labels.get(str(label)) or labels.get("*"))
        if view is None:
            return None
        out.append(view)
    return {"manifests": out}


def _walk_order(manifests: Mapping[str, Any], active: Any) -> list[str]:
    order: list[str] = []

    def visit(label: Any) -> None:
        if not isinstance(label, str) or label in order or not isinstance(manifests.get(label), Mapping):
            return
        order.append(label)
        ingredients = manifests[label].get("ingredients")
        for ing in ingredients if isinstance(ingredients, list) else []:
            if isinstance(ing, Mapping):
                visit(ing.get("active_manifest"))

    visit(active)
    for label in manifests:
        visit(label)
    return order


def _view(label: str, m: Mapping[str, Any], actions_label: str | None) -> dict[str, Any] | None:
    assertions: dict[str, Any] = {}
    gathered: list[dict[str, str]] = []
    listed = m.get("assertions")
    for a in listed if isinstance(listed, list) else []:
        if not isinstance(a, Mapping) or not isinstance(a.get("label"), str):
            continue
        base = a["label"]
        if base.startswith("c2pa.actions"):
            if actions_label is None:
                return None
            base = actions_label
        key = f"{base}__{a['instance']}" if a.get("instance") else base
        assertions[key] = a.get("data")
        if a.get("created") is not True:
            gathered.append({"url": f"self#jumbf=c2pa.assertions/{key}"})
    ingredients = m.get("ingredients")
    for i, ing in enumerate(ingredients if isinstance(ingredients, list) else []):
        if not isinstance(ing, Mapping):
            continue
        named = ing.get("label")
        key = named if isinstance(named, str) else "c2pa.ingredient" + (f"__{i}" if i else "")
        linked = ing.get("active_manifest")
        body: dict[str, Any] = {"relationship": ing.get("relationship")}
        if linked:
            link_key = "activeManifest" if key.split("__")[0] == "c2pa.ingredient.v3" else "c2pa_manifest"
            body[link_key] = {"url": f"self#jumbf=/c2pa/{linked}"}
        if ing.get("digital_source_type") is not None:
            body["digitalSourceType"] = ing["digital_source_type"]
        assertions[key] = body
    view: dict[str, Any] = {"label": label, "assertions": assertions}
    if m.get("claim_version") == 2:
        view["claim.v2"] = {"gathered_assertions": gathered}
    return view


def evaluate(crjson: Mapping[str, Any], active_label: str | None = None, rubric: Rubric | None = None
             ) -> tuple[ManifestSignals, ...]:
    """The signals of every manifest of a crJSON manifest store; never raises for hostile input.

    ``active_label`` names the active manifest (crJSON lists it first; the label is checked when given).
    """
    rubric = rubric or load_rubric()
    manifests = [m for m in (crjson.get("manifests") or []) if isinstance(m, Mapping)]
    out: list[ManifestSignals] = []
    pseudo: list[ManifestSignals] = []
    for i, m in enumerate(manifests):
        label = str(m.get("label") or "")
        is_active = label == active_label if active_label else i == 0
        out.append(_signals(m, label, "active" if is_active else "ingredient", rubric))
        pseudo.extend(_signals(p, label, "pseudo", rubric) for p in _flat_ingredients(m))
    return tuple(out + pseudo)


def _signals(m: Manifest, label: str, role: str, rubric: Rubric) -> ManifestSignals:
    inception: list[str] = []
    transformation: list[str] = []
    for sid, test in rubric.statements:
        try:
            fired = test(m)
        except (TypeError, AttributeError):  # a value of the wrong JSON type: the expression is false
            fired = False
        if fired:
            (inception if sid.startswith("inception:") else transformation).append(signal_name(sid))
    return ManifestSignals(label=label, role=role, inception=tuple(inception), transformation=tuple(transformation))


def _flat_ingredients(m: Manifest) -> list[Manifest]:
    """An ingredient with no manifest of its own but a declared source type (on it, or on the opening
    action) stands for a manifest created with that type, as in the official evaluator's pseudo nodes."""
    out: list[Manifest] = []
    assertions = _mapping(m.get("assertions"))
    for key, value in assertions.items():
        if not key.startswith("c2pa.ingredient") or not isinstance(value, Mapping):
            continue
        linked = value.get("activeManifest")
        if isinstance(linked, Mapping) and linked.get("url"):
            continue
        dst = value.get("digitalSourceType") or next(
            (a.get("digitalSourceType") for a in _all_actions(assertions)
             if a.get("action") == "c2pa.opened" and a.get("digitalSourceType")), None)
        if isinstance(dst, str) and dst:
            out.append({"assertions": {"c2pa.actions.v2": {
                "allActionsIncluded": True, "actions": [{"action": "c2pa.created", "digitalSourceType": dst}]}}})
    return out


def _all_actions(assertions: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found: list[Mapping[str, Any]] = []
    for key, value in assertions.items():
        if key.startswith("c2pa.actions") and isinstance(value, Mapping) and isinstance(value.get("actions"), list):
            found.extend(a for a in value["actions"] if isinstance(a, Mapping))
    return found
