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
