"""A video in an article gets an image's provenance checks, with subject video[N] and "Video N" in the messages:
its Content Credentials read from its bytes, the disclosure label beside it, the undisclosed-AI cross-check.
Still-photo checks do not apply: a video is never pHashed and is no photo to credit, nor is an <img> whose file
is a video or a PDF. Vendored fixtures: fixtures/credentials (make_credentials.py --media)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import integrity
from integrity.cli import main
from integrity.config import Config
from integrity.pipeline import Checker
from tests.images.image_corpora import CREDENTIALS, corpora_dir

VIDEO1 = corpora_dir() / "third-party" / "c2pa-rs" / "sdk" / "tests" / "fixtures" / "video1.mp4"


def _story(tmp_path: Path, video: str | Path, caption: str = "The river at dawn.", name: str = "clip.mp4",
           markup: str | None = None, head: str = "") -> Path:
    shutil.copy(video if isinstance(video, Path) else CREDENTIALS / video, tmp_path / name)
    figure = markup or f'<figure><video src="{name}" controls></video><figcaption>{caption}</figcaption></figure>'
    page = tmp_path / "story.html"
    page.write_text(
        f'<html><head><meta name="author" content="Ann Lee">{head}</head><body><article><h1>Floods</h1>'
        f"{figure}<p>The river rose two metres overnight, the mayor's office said.</p></article></body></html>",
        encoding="utf-8",
    )
    return page


def _findings(report: integrity.Report) -> dict[str, integrity.Finding]:
    return {f.rule_id: f for f in report.findings}


def test_ai_video_without_a_label_is_undisclosed(tmp_path: Path) -> None:
    report = integrity.check(_story(tmp_path, "generated_ai_signed.mp4"))
    assert report.images == ()
    (video,) = report.videos
    assert (video.index, video.src, video.context, video.status) == (1, "clip.mp4", "figure", "analysed")
    assert video.evidence is not None
    assert (video.evidence["kind"], video.evidence["credentials"]["state"]) == ("video", "valid")
    assert video.evidence["not_applicable"] == ["pixels", "watermark", "phash"]
    found = _findings(report)
    undisclosed = found["image/undisclosed-ai"]
    assert (undisclosed.severity, undisclosed.subject) == ("critical", "video[1]")
    assert undisclosed.message.startswith("Video 1 is AI-generated") and "Image" not in undisclosed.message
    assert undisclosed.location is not None and undisclosed.location.line == 1
    assert found["image/credentials-untrusted"].message.startswith("Video 1's Content Credentials")
    assert "credit/missing-photo-credit" not in found  # a clip is not a photo
    assert "image/unreadable" not in found


def test_ai_video_with_a_label_is_disclosed(tmp_path: Path) -> None:
    report = integrity.check(_story(tmp_path, "generated_ai_signed.mp4", "AI-generated video of the river."))
    found = _findings(report)
    assert "image/undisclosed-ai" not in found
    assert (found["image/ai-disclosed"].subject, found["image/ai-disclosed"].message[:8]) == ("video[1]", "Video 1 ")


def test_video_without_a_manifest_has_no_credentials_and_no_error(tmp_path: Path) -> None:
    report = integrity.check(_story(tmp_path, "unsigned.mp4"))
    (video,) = report.videos
    assert video.status == "analysed" and video.evidence is not None
    assert (video.evidence["credentials"]["state"], video.evidence["ai"]) == ("none", "unknown")
    assert video.evidence["errors"] == [] and report.errors == ()
    assert not [f for f in report.findings if f.rule_id.startswith(("image/", "credit/"))]


def test_truncated_video_is_reported_unreadable_with_the_reason(tmp_path: Path) -> None:
    found = _findings(integrity.check(_story(tmp_path, "truncated_signed.mp4")))
    assert found["image/unreadable"].subject == "video[1]"
    assert found["image/unreadable"].message.startswith("Video 1 (clip.mp4) could not be read")
    assert "truncated: box 'mdat'" in found["image/unreadable"].message
    assert found["image/credentials-tampered"].message.startswith("Video 1 has Content Credentials")


def test_a_missing_video_file_is_unresolved_not_an_error(tmp_path: Path) -> None:
    page = _story(tmp_path, "unsigned.mp4", markup='<video src="elsewhere.mp4"></video>')
    report = integrity.check(page)
    (video,) = report.videos
    assert video.status == "unresolved" and video.problem
    (finding,) = [f for f in report.findings if f.rule_id.startswith("image/")]
    assert (finding.rule_id, finding.subject, finding.severity) == ("image/unresolved", "video[1]", "info")
    assert finding.message.startswith("Video 1 (elsewhere.mp4) was not checked")


def test_videos_and_images_are_numbered_apart(tmp_path: Path) -> None:
    shutil.copy(CREDENTIALS / "generated_ai_signed.jpg", tmp_path / "ai.jpg")
    markup = ('<figure><img src="ai.jpg" alt="Flooded street"><figcaption>Main Street.</figcaption></figure>'
              '<figure><video src="clip.mp4"></video><figcaption>The river.</figcaption></figure>')
    report = integrity.check(_story(tmp_path, "generated_ai_signed.mp4", markup=markup))
    undisclosed = sorted(f.message.split(" is ")[0] for f in report.findings if f.rule_id == "image/undisclosed-ai")
    assert undisclosed == ["Image 1", "Video 1"]
    assert [i.src for i in report.images] == ["ai.jpg"] and [v.src for v in report.videos] == ["clip.mp4"]


def test_an_og_video_is_read_and_a_player_page_is_not(tmp_path: Path) -> None:
    head = '<meta property="og:video" content="clip.mp4"><meta property="og:video:type" content="video/mp4">'
    report = integrity.check(_story(tmp_path, "generated_ai_signed.mp4", markup="<p>Watch the clip.</p>", head=head))
    (video,) = report.videos
    assert (video.context, video.status, video.location) == ("meta", "analysed", None)
    assert _findings(report)["image/undisclosed-ai"].subject == "video[1]"
    player = '<meta property="og:video" content="clip.mp4"><meta property="og:video:type" content="text/html">'
    report = integrity.check(_story(tmp_path, "generated_ai_signed.mp4", markup="<p>Watch the clip.</p>", head=player))
    assert report.videos == () and not [f for f in report.findings if f.rule_id.startswith("image/")]


def test_a_video_is_never_hashed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from integrity.known_images import hashing

    decodes: list[int] = []
    real = hashing.canonical_image
    monkeypatch.setattr(hashing, "canonical_image", lambda data, **kw: (decodes.append(len(data)), real(data, **kw))[1])
    report = Checker(Config(hash_images=True)).check_file(_story(tmp_path, "generated_ai_signed.mp4"))
    (video,) = report.videos
    assert decodes == []  # pHash does not apply to a clip: not tried, not failed
    assert video.evidence is not None and "phash" in video.evidence["not_applicable"]
    assert "image/undisclosed-ai" in _findings(report)


def test_an_img_whose_file_is_a_video_is_not_hashed_nor_a_photo_to_credit(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from integrity.known_images import hashing

    decodes: list[int] = []
    real = hashing.canonical_image
    monkeypatch.setattr(hashing, "canonical_image", lambda data, **kw: (decodes.append(len(data)), real(data, **kw))[1])
    shutil.copy(CREDENTIALS / "generated_ai_signed.mp4", tmp_path / "clip.mp4")
    page = tmp_path / "story.md"
    page.write_text("# Floods\n\nBy Ann Lee\n\nThe river rose two metres overnight, the mayor's office said.\n\n"
                    "![The river at dawn](clip.mp4)\n", encoding="utf-8")
    report = Checker(Config(hash_images=True)).check_file(page)
    (media,) = report.images
    assert media.evidence is not None and media.evidence["kind"] == "video" and media.phash is None
    assert decodes == []
    found = _findings(report)
    assert "credit/missing-photo-credit" not in found
    assert found["image/undisclosed-ai"].subject == "image[1]"  # the page shows it as an image: its subject stays


def test_a_photo_beside_it_is_still_a_photo_to_credit(tmp_path: Path) -> None:
    shutil.copy(CREDENTIALS / "unsigned.mp4", tmp_path / "clip.mp4")
    from PIL import Image

    Image.new("RGB", (640, 400), (90, 120, 150)).save(tmp_path / "street.jpg")
    page = tmp_path / "story.md"
    page.write_text("# Floods\n\nBy Ann Lee\n\nThe river rose two metres overnight, the mayor's office said.\n\n"
                    "![The river at dawn](clip.mp4)\n\n![Main Street under water](street.jpg)\n", encoding="utf-8")
    credits = [f.subject for f in integrity.check(page).findings if f.rule_id == "credit/missing-photo-credit"]
    assert credits == ["image[2]"]


def test_the_report_schema_holds_videos(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(integrity.__file__).parent / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    code = main(["scan", str(_story(tmp_path, "truncated_signed.mp4")), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    jsonschema.validate(out, schema)
    (video,) = out["reports"][0]["videos"]
    assert (video["index"], video["status"], video["evidence"]["kind"]) == (1, "analysed", "video")
    assert code == 1  # the undisclosed AI video fails the default gate


def test_markdown_and_html_reports_list_videos(tmp_path: Path) -> None:
    from integrity.model import Run
    from integrity.writers import html, markdown

    report = integrity.check(_story(tmp_path, "generated_ai_signed.mp4"))
    run = Run.of(report)
    md = markdown.write(run)
    assert "### Videos" in md and "| 1 | clip.mp4 |" in md and r"video \(MP4\); AI: generated" in md
    page = html.write(run)
    assert "<h3>Videos</h3>" in page and "video (MP4); AI: generated" in page


def test_scan_reports_the_issue_video_with_its_credentials(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not VIDEO1.is_file():
        pytest.skip("the c2pa-rs corpus is not beside the clone")
    code = main(["scan", str(_story(tmp_path, VIDEO1, name="video1.mp4")), "--format", "json"])
    (video,) = json.loads(capsys.readouterr().out)["reports"][0]["videos"]
    assert (video["src"], video["status"]) == ("video1.mp4", "analysed")
    assert (video["evidence"]["credentials"]["state"], video["evidence"]["credentials"]["problem"]) == ("valid", "untrusted")
    assert code in (0, 1)


def test_the_article50_view_reads_a_videos_own_credentials(tmp_path: Path) -> None:
    report = Checker(Config(profile="eu-ai-act")).check_file(_story(tmp_path, "generated_ai_signed.mp4"))
    assert report.article50 is not None and report.article50.videos_seen == 1
    (answer,) = report.article50.media
    assert (answer.media, answer.index, answer.disclosure) == ("video", 1, "machine-readable-only")
    assert answer.machine_readable and all("C2PA" in m for m in answer.machine_readable)
    assert "eu-ai-act/video-machine-readable-only" in _findings(report)
    unsigned = Checker(Config(profile="eu-ai-act")).check_file(_story(tmp_path, "unsigned.mp4"))
    assert unsigned.article50 is not None and unsigned.article50.media == ()


def test_a_video_src_that_is_a_web_page_is_unreadable_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "watch.html").write_text("<!doctype html><html><body>player</body></html>", encoding="utf-8")
    report = integrity.check(_story(tmp_path, "unsigned.mp4", markup='<video src="watch.html"></video>'))
    (video,) = report.videos
    assert video.status == "analysed" and video.evidence is not None and video.evidence["format"] == ""
    unreadable = _findings(report)["image/unreadable"]
    assert unreadable.subject == "video[1]" and "not a recognised image or media format" in unreadable.message
    assert "image/undisclosed-ai" not in _findings(report)
