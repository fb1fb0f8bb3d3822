"""Image provenance: C2PA credentials, generator metadata, watermarks, one verdict.

    from integrity.images import analyse_image
    evidence = analyse_image(data, name="photo.jpg")
    evidence.ai            # generated | edited | none | unknown
    evidence.credentials   # state, problem, signer, actions, ...
    evidence.signals       # every clue with strength and location
"""

from .analyse import analyse_image
from .evidence import C2paAction, C2paIngredient, Credentials, Credit, ImageEvidence, Signal
from .settings import ImageSettings

__all__ = [
    "analyse_image",
    "ImageSettings",
    "ImageEvidence",
    "Credentials",
    "Credit",
    "Signal",
    "C2paAction",
    "C2paIngredient",
]
