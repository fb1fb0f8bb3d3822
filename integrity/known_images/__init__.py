"""Known-image registry: perceptual hashes that catch recycled and known-AI photos.

    from integrity.known_images import KnownImageStore, compute_hashes, open_known_images
    with KnownImageStore(".integrity/registry.sqlite", create=True) as store:
        store.add(compute_hashes(data), "published", source_url=url, first_published="2023-05-01")
    known = open_known_images(".integrity/registry.sqlite")     # read-only snapshot
    known.lookup(other_bytes).matches                            # KnownMatch, closest first

Modules, in data-flow order:
    hashing.py   one canonical decode -> pHash, dHash, PDQ (+ query variants), pipeline ids
    store.py     SQLite (WAL), schema version + migrations, entries and hashes
    imports.py   files, folders, CSV, an archive audit's images (`import_seen_images`), export
    exchange.py  PDQ hash lists in ThreatExchange / Hasher-Matcher-Actioner formats (te-csv, te-json, te-signals)
    index.py     multi-index hashing over numpy popcount: exact radius search at 1M entries
    settings.py  radii and thresholds from signals/registry.yml (the rule folders pick which)
    match.py     the read-only snapshot the pipeline uses; `Lookup` is what detectors get as ImageInput.known
    rematch.py   an audit's stored image hashes against entries added since (`registry rematch`), no rescan
    cli.py       `integrity registry init|add|import|list|match|rematch|remove|export`
"""

# Names resolve on first use (PEP 562): `from integrity.known_images.store import RegistryError` in the CLI
# must not drag in imagehash, PIL and numpy for a text-only scan.
_EXPORTS = {
    "hashing": ("KINDS", "PIPELINES", "HashError", "ImageHashes", "canonical_image", "compute_hashes", "hash_image"),
    "imports": ("export", "import_seen_images"),
    "exchange": ("exchange_rows", "export_exchange"),
    "rematch": ("Rematch", "Since"),  # the function is integrity.known_images.rematch.rematch (its module's name)
    "match": ("HashHit", "KnownImages", "KnownMatch", "Lookup", "open_known_images"),
    "settings": ("MatchSettings", "load_match_settings"),
    "store": ("BUILTIN_LABELS", "SCHEMA_VERSION", "Entry", "KnownImageStore", "RegistryError"),
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str):
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


DEFAULT_REGISTRY = ".integrity/registry.sqlite"

__all__ = [
    "BUILTIN_LABELS", "DEFAULT_REGISTRY", "KINDS", "PIPELINES", "SCHEMA_VERSION",
    "Entry", "HashError", "HashHit", "ImageHashes", "KnownImageStore", "KnownImages", "KnownMatch", "Lookup",
    "MatchSettings", "RegistryError", "Rematch", "Since",
    "canonical_image", "compute_hashes", "exchange_rows", "export", "export_exchange", "hash_image",
    "import_seen_images", "load_match_settings", "open_known_images",
]
