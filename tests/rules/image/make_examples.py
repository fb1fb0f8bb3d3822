"""Make the images the image rules' example pages reference (run from anywhere):

    python tests/rules/image/make_examples.py

Each picture is a small synthetic street scene (sky, rooftops, noise) drawn here,
so it carries no third-party licence. What makes an example hit or miss is in its
bytes, and every one is written by a function below named for its rule folder:
C2PA manifests are signed offline with the public C2PA test certificate in
fixtures/c2pa-certs/test, or with a throwaway test CA (a newsroom's own signer,
or one whose certificate expires seconds after signing) from
fixtures/credentials/make_credentials.py; camera dates are EXIF written by
Pillow; registry examples list their known images in registry.csv; a video example is
the smallest MP4 c2pa signs (make_credentials.tiny_mp4), signed the same way.
Signatures and throwaway keys differ on every run; what the pages test does not.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, PngImagePlugin

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from fixtures.credentials.make_credentials import (  # noqa: E402 - after the path is set
    IPTC,
    TRAINED_AI,
    camera_exif,
    created,
    flip_scan_byte,
    manifest,
    opened,
    reencode,
    sign,
    sign_expiring,
    throwaway_ca,
    tiny_mp4,
)

CAPTURE = IPTC + "digitalCapture"


def scene(seed: int, width: int = 240, height: int = 160, noise: float = 3.0) -> Image.Image:
    """Sky over a row of rooftops; ``seed`` picks the skyline, so different seeds are different pictures."""
    rng = np.random.default_rng(seed)
    y = np.mgrid[0:height, 0:width][0]
    sky = np.stack([110 + 60 * y / height, 150 + 50 * y / height, 210 - 30 * y / height], axis=-1)
    pixels = sky.copy()
    x = 0
    while x < width:
        w = int(rng.integers(18, 48))
        top = int(rng.integers(height // 4, height * 3 // 4))
        pixels[top:, x : x + w] = rng.integers(40, 200, size=3)
        x += w
    pixels = pixels + rng.normal(0, noise, pixels.shape) if noise else pixels
    return Image.fromarray(np.clip(pixels, 0, 255).astype("uint8"))


def jpeg(image: Image.Image, quality: int = 85, exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def write(folder: str, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = HERE / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def undisclosed_ai() -> None:
    """AI images that say so: in their C2PA manifest, in a parent ingredient's manifest only, in the PNG's prompt."""
    a1111 = PngImagePlugin.PngInfo()
    a1111.add_text("parameters", "flooded village street at dusk, photorealistic\nNegative prompt: blurry\n"
                                 "Steps: 30, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1234, Size: 240x160, Model: sdxl")
    png = io.BytesIO()
    scene(12, noise=0).save(png, "PNG", pnginfo=a1111)
    generated = sign(jpeg(scene(13)), "image/jpeg", manifest("mayor.jpg", created(TRAINED_AI, None), "Image Creator"))
    write("undisclosed-ai", {
        "smoke.jpg": sign(jpeg(scene(11)), "image/jpeg", manifest("smoke.jpg", created(TRAINED_AI, None), "Image Creator")),
        "flood.png": png.getvalue(),
        # a chat assistant's export: only the parent ingredient's manifest says trainedAlgorithmicMedia
        "skyline.jpg": sign(reencode(generated), "image/jpeg", manifest("skyline.jpg", opened(), "Example Chat Assistant"),
                            parent=generated),
    })


def undisclosed_ai_video() -> None:
    """A video signed as AI-generated (the smallest MP4 c2pa signs: a container, not a film)."""
    write("undisclosed-ai", {
        "surge.mp4": sign(tiny_mp4(), "video/mp4", manifest("surge.mp4", created(TRAINED_AI, None), "Video Creator")),
    })


def declared_in_structured_data() -> None:
    """Pictures with nothing in their bytes: what makes the pages hit or miss is the JSON-LD/microdata about them."""
    write("undisclosed-ai", {"pier.jpg": jpeg(scene(14))})
    write("possibly-ai-unlabelled", {"square.jpg": jpeg(scene(15)), "tram.jpg": jpeg(scene(16))})


def label_contradicts_credentials() -> None:
    """A camera photo (EXIF Make/Model/date) and a picture with no metadata at all."""
    write("label-contradicts-credentials", {
        "square.jpg": jpeg(scene(21), exif=camera_exif("2025:11:16 14:05:31")),
        "square-illustration.jpg": jpeg(scene(22)),
    })


def old_capture_date() -> None:
    """The same kind of camera photo taken years, 364 days, and one day before the article (2025-11-18)."""
    write("old-capture-date", {
        "blaze-2019.jpg": jpeg(scene(31), exif=camera_exif("2019:08:14 16:20:05")),
        "blaze.jpg": jpeg(scene(32), exif=camera_exif("2025:11:17 21:47:12")),
        "hillside.jpg": jpeg(scene(33), exif=camera_exif("2024:11:19 10:02:44")),
    })


def credentials_tampered() -> None:
    """A signed capture, the same file with one scan byte changed after signing, and a capture whose certificate expired."""
    signed = sign(jpeg(scene(41)), "image/jpeg", manifest("harbour.jpg", created(CAPTURE, None), "Example Camera firmware"))
    write("credentials-tampered", {
        "harbour.jpg": signed,
        "harbour-edited.jpg": flip_scan_byte(signed),
        "harbour-2024.jpg": sign_expiring(jpeg(scene(42)), "image/jpeg",
                                          manifest("harbour-2024.jpg", created(CAPTURE, None), "Example Camera firmware"),
                                          "Example Camera Co"),
    })


def credentials_untrusted() -> None:
    """One capture signed with the public C2PA test certificate, one by the newsroom's own CA (integrity.toml trusts it)."""
    chain, key, root = throwaway_ca("Example Newsroom Photo Desk")
    claim = manifest("market.jpg", created(CAPTURE, None), "Example Newsroom CMS")
    write("credentials-untrusted", {
        "market-wire.jpg": sign(jpeg(scene(51)), "image/jpeg", claim),
        "market.jpg": sign(jpeg(scene(52)), "image/jpeg", claim, chain, key),
        "newsroom-root.pem": root,
    })


def credentials_expired() -> None:
    """The same camera's signature: one certificate expired (no timestamp), one still in date."""
    claim = manifest("stadium.jpg", created(CAPTURE, None), "Example Camera firmware")
    write("credentials-expired", {
        "stadium.jpg": sign_expiring(jpeg(scene(61)), "image/jpeg", claim, "Example Camera Co"),
        "stadium-today.jpg": sign(jpeg(scene(62)), "image/jpeg", claim, *throwaway_ca("Example Camera Co")[:2]),
    })


def credentials_disallowed_signal() -> None:
    """Camera captures claimed by a generative service the Conforming Products List bars from capturedMedia, and by
    a capture app it does not bar: each signer carries the listed product's subject, under a root integrity.toml trusts."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from fixtures.conformance.make_conformance import CAPTURE_APP, GENERATIVE, leaf, root_ca

    root, root_key = root_ca()
    claim = manifest("pier.jpg", created(CAPTURE, None), "Example Newsroom CMS")
    write("credentials-disallowed-signal", {
        "pier.jpg": sign(jpeg(scene(66)), "image/jpeg", claim, *leaf(GENERATIVE, root, root_key)),
        "pier-phone.jpg": sign(jpeg(scene(67)), "image/jpeg", claim, *leaf(CAPTURE_APP, root, root_key)),
        "products-root.pem": root.public_bytes(Encoding.PEM),
    })


def credentials_not_covered() -> None:
    """Captures signed by a listed capture app (its subject, under a root integrity.toml trusts): one by a release
    older than the record's minVersion (3.0.0), one by a release it covers."""
    from cryptography.hazmat.primitives.serialization import Encoding

    from fixtures.conformance.make_conformance import CAPTURE_APP, leaf, root_ca

    root, root_key = root_ca()
    chain, key = leaf(CAPTURE_APP, root, root_key)
    write("credentials-not-covered", {
        "quay.jpg": sign(jpeg(scene(69)), "image/jpeg",
                         manifest("quay.jpg", created(CAPTURE, None), "Example capture app", "2.9.4"), chain, key),
        "quay-update.jpg": sign(jpeg(scene(69)), "image/jpeg",
                                manifest("quay.jpg", created(CAPTURE, None), "Example capture app", "3.1.0"), chain, key),
        "products-root.pem": root.public_bytes(Encoding.PEM),
    })


def credentials_not_durable() -> None:
    """The same generated picture, signed twice: metadata only, and with a soft binding (durable credentials)."""
    from fixtures.credentials.make_credentials import with_soft_binding

    claim = manifest("harbour-render.jpg", created(TRAINED_AI, None), "Image Creator")
    durable = with_soft_binding(manifest("harbour-render.jpg", created(TRAINED_AI, None), "Image Creator"))
    write("credentials-not-durable", {
        "render.jpg": sign(jpeg(scene(68)), "image/jpeg", claim),
        "render-durable.jpg": sign(jpeg(scene(68)), "image/jpeg", durable),
    })


def unreadable() -> None:
    """A JPEG cut off mid-download, an error page saved as .jpg; a PNG with a .jpg name (readable)."""
    whole = jpeg(scene(71))
    png = io.BytesIO()
    scene(72, noise=0).save(png, "PNG")
    write("unreadable", {
        "bridge.jpg": whole[: len(whole) // 2],
        "bridge-full.jpg": whole,
        "crowd.jpg": b"<html><body><h1>502 Bad Gateway</h1></body></html>\n",
        "crowd-png.jpg": png.getvalue(),
    })


def unresolved() -> None:
    """The one local photo the miss page finds beside it (the hit page's are missing, remote or outside)."""
    write("unresolved", {"photos/levee.jpg": jpeg(scene(81))})


def duplicate_in_article() -> None:
    write("duplicate-in-article", {"rally.jpg": jpeg(scene(91)), "rally-stage.jpg": jpeg(scene(92))})


def known_ai_match() -> None:
    """A fact-checked AI fake in the registry, the copy a page ran (smaller, recompressed, mirrored); an agency photo."""
    fake = scene(101, 480, 320)
    agency = scene(102, 480, 320)
    write("known-ai-match", {
        "registry/fake-flood.jpg": jpeg(fake, 92),
        "registry/agency-flood.jpg": jpeg(agency, 92),
        "flood.jpg": jpeg(ImageOps.mirror(fake.resize((240, 160))), 70),
        "flood-agency.jpg": jpeg(agency.resize((240, 160)), 75),
    })


def previously_published() -> None:
    """A 2022 archive photo, and this week's photo an agency resold after the article ran (both in registry.csv)."""
    archive = scene(111, 480, 320)
    fresh = scene(112, 480, 320)
    write("previously-published", {
        "registry/storm-2022.jpg": jpeg(archive, 92),
        "registry/storm-resold.jpg": jpeg(fresh, 92),
        "storm.jpg": jpeg(archive.resize((240, 160)), 72),
        "storm-monday.jpg": jpeg(fresh.resize((240, 160)), 72),
    })


MAKERS = [undisclosed_ai, undisclosed_ai_video, declared_in_structured_data,
          label_contradicts_credentials, old_capture_date, credentials_tampered, credentials_untrusted,
          credentials_expired, credentials_disallowed_signal, credentials_not_covered, credentials_not_durable,
          unreadable, unresolved, duplicate_in_article, known_ai_match, previously_published]

if __name__ == "__main__":
    # python make_examples.py [MAKER ...]: only the named makers (e.g. credentials_not_durable), else all
    named = set(sys.argv[1:])
    unknown = named - {m.__name__ for m in MAKERS}
    if unknown:
        raise SystemExit(f"no maker {sorted(unknown)}; have {[m.__name__ for m in MAKERS]}")
    for make in MAKERS:
        if not named or make.__name__ in named:
            make()
