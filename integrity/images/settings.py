"""How image analysis is configured: trust lists, limits, optional passes.

Bundled trust material lives in `integrity/data/trust/` (see its
PROVENANCE.tsv); a newsroom adds its own anchors or replaces the lists by
path. The default trusts what Content Credentials Verify trusts: the
official C2PA list, the C2PA TSA list and the frozen interim list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..ruledata.folders import RuleFolders
from .generator_rules import FILE as RULES_FILE_NAME

_PACKAGE = Path(__file__).resolve().parent.parent
TRUST_DIR = _PACKAGE / "data" / "trust"

# name -> (anchor PEM files, allowed-list PEM files)
BUNDLED_TRUST_LISTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "c2pa": (("C2PA-TRUST-LIST.pem",), ()),
    "c2pa-tsa": (("C2PA-TSA-TRUST-LIST.pem",), ()),
    "interim": (("interim-anchors.pem",), ("interim-allowed.pem",)),
}
BUNDLED_EKU_CONFIG = "interim-store.cfg"


@dataclass(frozen=True)
class ImageSettings:
    """Options for `analyse_image`.

    trust_lists: names from BUNDLED_TRUST_LISTS to trust; () trusts nothing bundled.
    extra_anchors: PEM files of root certificates added to the anchors
        (e.g. a test root bundle).
    allowed_certs: PEM files of end-entity certificates trusted as such.
    eku_config: path of a store.cfg-style EKU list; None uses the bundled
        one when `bundled_eku` is true, else c2pa's built-in default.
    max_pixels: images larger than this are not decoded (bomb guard).
    watermark: decode the Stable Diffusion invisible watermark.
    rules_file: the generator rules YAML. A run sets the one its rule folders
        pick (``RuleFolders.require(RULES_FILE_NAME)``: a newsroom's folder
        replaces the built-in table); None uses the built-in folder's.
    """

    trust_lists: tuple[str, ...] = ("c2pa", "c2pa-tsa", "interim")
    extra_anchors: tuple[str, ...] = ()
    allowed_certs: tuple[str, ...] = ()
    eku_config: str | None = None
    bundled_eku: bool = True
    max_pixels: int = 89_478_485  # Pillow's default MAX_IMAGE_PIXELS
    watermark: bool = True
    rules_file: str | None = None

    def rules_path(self) -> Path:
        return Path(self.rules_file) if self.rules_file else RuleFolders.builtin().require(RULES_FILE_NAME)

    @staticmethod
    def rules_file_in(folders: RuleFolders) -> str:
        """The generator table a run with these rule folders uses (the last folder holding one)."""
        return str(folders.require(RULES_FILE_NAME))


DEFAULT_SETTINGS = ImageSettings()
