"""The video files a page embeds (parse/videos.py): a <video>'s playable source, the page's og:video and its
structured-data VideoObject files become Article.videos; player pages, playlists and embeds do not."""

from __future__ import annotations

from integrity.api import checker
from integrity.parse import parse_html

C = checker()


def _videos(body: str, head: str = "", base_url: str | None = None) -> list[tuple[str | None, str]]:
    page = f"<html><head>{head}</head><body><article><h1>T</h1><p>Text.</p>{body}</article></body></html>"
    return [(v.src, v.context) for v in parse_html(page, "p.html", C.layout, base_url).videos]


def test_first_playable_source_of_a_video() -> None:
    body = ('<video controls><source src="a.flv" type="application/x-shockwave-flash">'
            '<source src="a.mp4" type="video/mp4"><source src="a.webm" type="video/webm"></video>')
    assert _videos(body) == [("a.mp4", "inline")]
    assert _videos('<video><source src="b.mov"></video>') == [("b.mov", "inline")]
    assert _videos('<video data-src="lazy.mp4" src=""></video>') == [("lazy.mp4", "inline")]


def test_open_graph_and_structured_data_videos_are_page_level() -> None:
    head = ('<meta property="og:video:secure_url" content="https://example.org/v/clip.mp4">'
            '<meta property="og:video" content="http://example.org/v/clip.mp4">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "video": {"@type": "VideoObject",'
            ' "contentUrl": "https://example.org/v/other.mp4", "embedUrl": "https://example.org/player/7"}}</script>')
    page = f"<html><head>{head}</head><body><article><h1>T</h1><p>Text.</p></article></body></html>"
    og, ld = parse_html(page, "p.html", C.layout).videos
    assert (og.index, og.src, og.context, og.span) == (1, "https://example.org/v/clip.mp4", "meta", None)
    assert (ld.index, ld.src, ld.context, ld.subject) == (2, "https://example.org/v/other.mp4", "json-ld", "video[2]")


def test_a_microdata_video_object_is_read_too() -> None:
    body = ('<div itemscope itemtype="https://schema.org/VideoObject">'
            '<link itemprop="contentUrl" href="https://example.org/v/md.mp4"></div>')
    assert _videos(body) == [("https://example.org/v/md.mp4", "json-ld")]


def test_a_page_video_already_in_the_body_is_listed_once() -> None:
    head = ('<meta property="og:video" content="https://example.org/v/clip.mp4">'
            '<script type="application/ld+json">{"@type": "VideoObject", "contentUrl": "/v/clip.mp4"}</script>')
    body = '<video src="/v/clip.mp4"></video>'
    assert _videos(body, head, base_url="https://example.org/news/story.html") == [
        ("https://example.org/v/clip.mp4", "inline")]


def test_no_video_file_no_entry() -> None:
    # an embed URL is a player page; an audio element, an <img> and an iframe player are no video files
    head = '<script type="application/ld+json">{"@type": "VideoObject", "embedUrl": "https://example.org/p/1"}</script>'
    body = ('<img src="photo.jpg" alt="A street"><audio src="talk.mp3"></audio>'
            '<iframe src="https://player.example.org/embed/1"></iframe>')
    assert _videos(body, head) == []
    assert _videos("<video controls></video>") == [(None, "inline")]  # a video element without a file: no src


def test_a_declared_player_page_or_playlist_is_not_a_video_file() -> None:
    head = ('<meta property="og:video" content="https://example.org/player/7">'
            '<meta property="og:video:type" content="text/html">'
            '<script type="application/ld+json">[{"@type": "VideoObject", "contentUrl": "https://example.org/v/7.m3u8",'
            ' "encodingFormat": "application/x-mpegURL"}, {"@type": "VideoObject",'
            ' "contentUrl": "https://example.org/v/8.mp4", "encodingFormat": "video/mp4"}]</script>')
    assert _videos("", head) == [("https://example.org/v/8.mp4", "json-ld")]
    typed = ('<meta property="og:video" content="https://example.org/v/9.mp4">'
             '<meta property="og:video:type" content="video/mp4">')
    assert _videos("", typed) == [("https://example.org/v/9.mp4", "meta")]
    flash = ('<meta property="og:video" content="https://example.org/v/9.swf">'
             '<meta property="og:video:type" content="application/x-shockwave-flash">')
    assert _videos("", flash) == []


def test_a_declared_ai_video_object_reaches_its_page_level_video() -> None:
    trained = "https://schema.org/TrainedAlgorithmicMediaDigitalSource"
    head = ('<script type="application/ld+json">{"@type": "VideoObject", "contentUrl": "https://example.org/v/ai.mp4",'
            f' "digitalSourceType": "{trained}"}}</script>')
    page = f"<html><head>{head}</head><body><article><h1>T</h1><p>Text.</p></article></body></html>"
    (video,) = parse_html(page, "p.html", C.layout).videos
    assert video.metadata_source_type == trained


def test_videos_outside_the_body_are_not_read() -> None:
    page = ('<html><body><nav><video src="promo.mp4"></video></nav>'
            '<article><p>Text.</p><video src="story.mp4"></video></article></body></html>')
    assert [v.src for v in parse_html(page, "p.html", C.layout).videos] == ["story.mp4"]
