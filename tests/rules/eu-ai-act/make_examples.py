"""Make the eu-ai-act rules' example pages (run from anywhere; after fixtures/article50/make_article50.py):

    python tests/rules/eu-ai-act/make_examples.py

Each rule folder gets a hit page, its expect file, a near-miss page, the images they
reference (copied unchanged from fixtures/article50/images, whose PROVENANCE.tsv says
where each comes from) and an ``integrity.toml`` that turns the profile on, as a
newsroom's configuration beside its articles would: the pack's rules ship disabled.
"""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
IMAGES = HERE.parents[2] / "fixtures" / "article50" / "images"


def page(body: str, byline: str = "Mara Jensen") -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Example</title></head>
<body><article>
<h1>Example</h1>
<p class="byline">By {byline}</p>
{body}
<p>The council said on Tuesday that the plan would go ahead, according to a statement on its website.</p>
</article></body></html>
"""


def figure(src: str, caption: str) -> str:
    return f'<figure><img src="{src}" alt="" width="96" height="64"><figcaption>{caption}</figcaption></figure>'


SILENT = "The harbour front on Monday."
LABEL = "AI-generated image of the harbour front."
ABOUT_AI = "Reporters at a training day on how to recognise AI-made pictures."

def video(src: str, caption: str, source_type: str = "TrainedAlgorithmicMediaDigitalSource") -> str:
    """A video the page's JSON-LD declares (its bytes are never read, so none are needed)."""
    return ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "VideoObject", '
            f'"contentUrl": "https://example.org/media/{src}", "digitalSourceType": "https://schema.org/{source_type}"}}'
            f'</script><figure><video controls src="https://example.org/media/{src}"></video>'
            f"<figcaption>{caption}</figcaption></figure>")


EXAMPLES = {  # rule -> (hit body, expected words, miss body)
    "video-machine-readable-only": (video("flood.mp4", SILENT), "flood.mp4",
                                    video("flood.mp4", SILENT, "DigitalCaptureDigitalSource")),
    "video-disclosed": (video("flood.mp4", "AI-generated video of the harbour front."), "flood.mp4",
                        video("flood.mp4", SILENT)),
    "media-undisclosed": (figure("ai-params.png", SILENT), "ai-params.png",
                          figure("ai-params.png", "Illustration generated with Stable Diffusion.")),
    "media-machine-readable-only": (figure("ai-signed.jpg", SILENT) + figure("ai-tc260.jpg", SILENT),
                                    "ai-signed.jpg\nai-tc260.jpg", figure("ai-signed.jpg", LABEL)),
    "media-visible-only": (figure("ai-params.png", "Illustration generated with Stable Diffusion."), "ai-params.png",
                           figure("photo.jpg", ABOUT_AI)),
    "media-disclosed": (figure("ai-signed.jpg", LABEL), "ai-signed.jpg", figure("ai-signed.jpg", SILENT)),
    "text-disclosed": ("<p>This article was written with the help of AI and checked by our editors.</p>",
                       "This article was written with the help of AI",
                       "<p>The study found the article was written with AI by a content farm, researchers said.</p>"),
}


def main() -> None:
    for rule, (hit, expect, miss) in EXAMPLES.items():
        folder = HERE / rule
        folder.mkdir(exist_ok=True)
        (folder / "hit.html").write_text(page(hit), encoding="utf-8")
        (folder / "hit.expect").write_text(expect + "\n", encoding="utf-8")
        (folder / "miss.html").write_text(page(miss), encoding="utf-8")
        (folder / "integrity.toml").write_text('profile = "eu-ai-act"\n', encoding="utf-8")
        for name in sorted({n for n in IMAGES.iterdir() if n.name in hit + miss}):
            shutil.copyfile(name, folder / name.name)


if __name__ == "__main__":
    main()
