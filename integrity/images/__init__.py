"""Image provenance: C2PA credentials, generator metadata, watermarks, one verdict.

    from integrity.images import analyse_image
    evidence = analyse_image(data, name="photo.jpg")
    evidence.ai            # generated | edited | possible | none | unknown
    evidence.rubric_signals  # the same in the C2PA Asset Rubrics vocabulary (fullyGenAIMedia, ...)
    evidence.conformance   # the signing product on the C2PA Conforming Products List
    evidence.credentials   # state, problem, signer, actions, ingredients ...
    evidence.signals       # every clue with its strength and where it was found
    evidence.to_dict()     # JSON-ready

Bytes in, evidence out: no network, no exception for bad input. What counts
as evidence, and how much, is data in `rules/signals/ai-generators.yml`.

Modules, in the order `analyse_image` uses them:
    sniff.py            format from magic bytes
    decode.py           header parse, bomb guard, draft/full pixel decode
    jxl.py              JPEG XL size header and container boxes (no decoder needed)
    containers.py       PNG / JPEG / WebP byte walkers -> fields and raw EXIF/XMP blocks
    exif.py, xmp.py     raw blocks -> flat fields (namespace-keyed XMP, UTF-16 UserComment)
    aigc_label.py       the TC260 (GB 45438-2025) implicit label's JSON -> one field per member
    metadata.py         one flat record per image (record.py defines it)
    stealth.py          payload hidden in the alpha channel's low bits
    c2pa_reader.py      offline C2PA read, trust, tamper/expiry/trust problem, AI actions
    rubrics.py          the C2PA Asset Rubrics signals of each manifest (fullyGenAIMedia, capturedMedia, ...)
    conformance.py      the signing product against the C2PA Conforming Products List
    bundled_lists.py    how old the bundled C2PA lists are (a note past the limit)
    watermark.py        Stable Diffusion dwtDct watermark decoder (numpy + PyWavelets)
    generators.py       generator rules, IPTC source types, camera EXIF -> signals
    generator_rules.py  loads and checks the YAML
    verdict.py          signals -> generated / edited / possible / none / unknown
    dates_credits.py    capture date and credit lines
    evidence.py         the frozen output records; settings.py the options
"""

from typing import TYPE_CHECKING, Any

from .evidence import (
    C2paAction,
    C2paIngredient,
    Credentials,
    Credit,
    ImageEvidence,
    ManifestSignals,
    ProductConformance,
    Signal,
)
from .settings import ImageSettings

if TYPE_CHECKING:
    from .analyse import analyse_image


def __getattr__(name: str) -> Any:
    # the analysis pulls in numpy, PyWavelets and c2pa (0.12 s): imported when first used, so a
    # process that checks only text never loads them
    if name == "analyse_image":
        from .analyse import analyse_image

        return analyse_image
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "analyse_image",
    "ImageSettings",
    "ImageEvidence",
    "Credentials",
    "Credit",
    "Signal",
    "C2paAction",
    "C2paIngredient",
    "ManifestSignals",
    "ProductConformance",
]
