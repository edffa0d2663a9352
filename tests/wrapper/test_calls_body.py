"""The APPEND body hands httpx each chunk in one piece (one send, no per-64-KiB copies)."""

from __future__ import annotations

import io

import httpx
from xmedia._calls import _build
from xmedia._plan import Segment
from xmedia._requests import AppendRequest


def test_the_chunk_reaches_the_multipart_stream_as_one_uncopied_piece() -> None:
    payload = bytes(range(256)) * 4096  # 1 MiB, far above httpx's 64 KiB read size
    opened: list[io.BytesIO] = []
    kwargs = _build(
        AppendRequest("123", Segment(index=7, offset=0, length=len(payload))), payload, opened
    )
    request = httpx.Request(
        kwargs["method"], "http://127.0.0.1" + kwargs["url"], files=kwargs["files"]
    )
    pieces = list(request.stream)  # type: ignore[arg-type]
    assert any(piece is payload for piece in pieces), [len(p) for p in pieces]
    body = b"".join(pieces)
    assert body.count(payload) == 1
    assert b'name="segment_index"\r\n\r\n7\r\n' in body.replace(
        b"Content-Type: text/plain\r\n", b""
    )
    for stream in opened:
        stream.close()


def test_every_request_is_built_from_wire_names_without_naming_a_generated_model() -> None:
    from xmedia._requests import (
        FinalizeRequest,
        InitRequest,
        LookupRequest,
        MetadataRequest,
        StatusRequest,
        SubtitlesCreateRequest,
        SubtitlesDeleteRequest,
    )

    requests = {
        InitRequest(10, "video/mp4", "tweet_video"): (
            "post",
            "/2/media/upload/initialize",
            {"media_type": "video/mp4", "total_bytes": 10, "media_category": "tweet_video"},
        ),
        InitRequest(10, "image/png", None): (
            "post",
            "/2/media/upload/initialize",
            {"media_type": "image/png", "total_bytes": 10},
        ),
        MetadataRequest("5", "a cat"): (
            "post",
            "/2/media/metadata",
            {"id": "5", "metadata": {"alt_text": {"text": "a cat"}}},
        ),
        SubtitlesCreateRequest("5", "TweetVideo", "6", "en", None): (
            "post",
            "/2/media/subtitles",
            {
                "id": "5",
                "media_category": "TweetVideo",
                "subtitles": {"id": "6", "language_code": "en"},
            },
        ),
        SubtitlesDeleteRequest("5", "TweetVideo", "en"): (
            "delete",
            "/2/media/subtitles",
            {"id": "5", "media_category": "TweetVideo", "language_code": "en"},
        ),
    }
    for request, (method, url, body) in requests.items():
        kwargs = _build(request, None, [])  # type: ignore[arg-type]
        assert (kwargs["method"], kwargs["url"], kwargs["json"]) == (method, url, body)
    assert _build(FinalizeRequest("5"), None, [])["url"] == "/2/media/upload/5/finalize"
    status = _build(StatusRequest("5"), None, [])
    assert status["params"] == {"media_id": "5", "command": "STATUS"}
    lookup = _build(LookupRequest(("3_1", "3_2")), None, [])
    assert (
        lookup["params"]["media_keys"] == "3_1,3_2"
        and "media_key" in lookup["params"]["media.fields"]
    )
