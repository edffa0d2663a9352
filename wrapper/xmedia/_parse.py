"""2xx answers → plain values. Tolerant: unknown fields are ignored, odd values become None,
and only a missing media id is an error (nothing can go on without it)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ._errors import NotFoundError, UnexpectedResponseError
from ._models import MediaInfo, ProblemDetail, ProcessingInfo, UploadedMedia
from ._requests import Reply

if TYPE_CHECKING:  # analytics is imported where used: an upload never needs it (start-up)
    from ._analytics import MediaAnalytics

__all__ = [
    "int_or_none",
    "media_id_in",
    "parse_analytics_reply",
    "parse_lookup",
    "parse_media",
    "parse_media_by_key",
    "parse_processing",
    "warnings_of",
]

log = logging.getLogger("xmedia")


def int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _malformed(reply: Reply, operation: str, detail: str) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        reply.status, "Malformed response", detail, headers=reply.headers, operation=operation
    )


def data_of(reply: Reply, operation: str) -> Mapping[str, Any]:
    body = reply.body
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        raise _malformed(
            reply, operation, f"expected a JSON object with 'data'; got {reply.content[:80]!r}"
        )
    data: Mapping[str, Any] = body["data"]
    return data


def media_id_in(data: Mapping[str, Any], reply: Reply, operation: str) -> str:
    """``data.id`` (or the v1.1-style ``media_id_string``), as a non-empty string."""
    media_id = data.get("id", data.get("media_id_string"))
    if not isinstance(media_id, str | int) or isinstance(media_id, bool) or not str(media_id):
        raise _malformed(reply, operation, f"{operation} answered without a media id (data.id)")
    return str(media_id)


def warnings_of(reply: Reply) -> tuple[ProblemDetail, ...]:
    """``errors[]`` beside ``data`` in a 2xx: partial problems, surfaced to the user."""
    body = reply.body
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return ()
    return tuple(
        ProblemDetail(
            title=_str_or_none(item.get("title")),
            detail=str(item.get("detail") or item.get("message") or "") or None,
            type=_str_or_none(item.get("type")),
            raw=item,
        )
        for item in body["errors"]
        if isinstance(item, dict)
    )


def parse_processing(raw: object) -> ProcessingInfo | None:
    if not isinstance(raw, dict):
        return None
    state = raw.get("state")
    error = raw.get("error")
    if not isinstance(error, dict):
        error = {}
    return ProcessingInfo(
        # A missing state is treated as still pending: keep polling, never crash.
        state=state if isinstance(state, str) and state else "pending",
        check_after_secs=int_or_none(raw.get("check_after_secs")),
        progress_percent=int_or_none(raw.get("progress_percent")),
        error_code=int_or_none(error.get("code")),
        error_name=_str_or_none(error.get("name")),
        error_message=_str_or_none(error.get("message")),
    )


def parse_media(
    reply: Reply,
    operation: str,
    *,
    now: float,
    media_type: str | None = None,
    media_category: str | None = None,
    fallback_id: str | None = None,
) -> UploadedMedia:
    data = data_of(reply, operation)
    if fallback_id is not None and "id" not in data and "media_id_string" not in data:
        media_id = fallback_id
    else:
        media_id = media_id_in(data, reply, operation)
    expires = int_or_none(data.get("expires_after_secs"))
    if media_type is None:
        video = data.get("video")
        if isinstance(video, dict) and isinstance(video.get("video_type"), str):
            media_type = video["video_type"]
    return UploadedMedia(
        media_id=media_id,
        media_key=_str_or_none(data.get("media_key")),
        size=int_or_none(data.get("size")),
        expires_at=None if expires is None else datetime.fromtimestamp(now + expires, UTC),
        media_type=media_type,
        media_category=media_category,
        processing=parse_processing(data.get("processing_info")),
        warnings=warnings_of(reply),
    )


def parse_lookup(reply: Reply) -> list[MediaInfo]:
    body = reply.body
    if not isinstance(body, dict):
        raise _malformed(reply, "lookup", "lookup answer is not a JSON object")
    for problem in warnings_of(reply):
        log.warning("lookup: %s", problem)
    items = body.get("data") or []
    if not isinstance(items, list):
        raise _malformed(reply, "lookup", "lookup 'data' is not a list")
    return [
        _media_info(item)
        for item in items
        if isinstance(item, dict) and isinstance(item.get("media_key"), str)
    ]


def _media_info(item: Mapping[str, Any]) -> MediaInfo:
    return MediaInfo(
        media_key=item["media_key"],
        type=_str_or_none(item.get("type")),
        url=_str_or_none(item.get("url")),
        preview_image_url=_str_or_none(item.get("preview_image_url")),
        width=int_or_none(item.get("width")),
        height=int_or_none(item.get("height")),
        duration_ms=int_or_none(item.get("duration_ms")),
        alt_text=_str_or_none(item.get("alt_text")),
        raw=item,
    )


def parse_media_by_key(reply: Reply, media_key: str) -> MediaInfo:
    """``GET /2/media/{media_key}``: the media, or NotFoundError when X answers with ``errors``
    only (X answers 200 with a not-found problem for keys it cannot show)."""
    body = reply.body
    if not isinstance(body, dict):
        raise _malformed(reply, "get media", "answer is not a JSON object")
    data = body.get("data")
    if isinstance(data, dict) and isinstance(data.get("media_key"), str):
        return _media_info(data)
    problems = warnings_of(reply)
    if problems:
        first = problems[0]
        raise NotFoundError(
            reply.status,
            first.title or "Not Found Error",
            first.detail or f"no media with media key {media_key}",
            first.type,
            tuple(p.raw for p in problems),
            reply.headers,
            operation=f"get media {media_key}",
        )
    raise _malformed(reply, "get media", "answer has neither a media object nor errors")


def parse_analytics_reply(reply: Reply, media_keys: tuple[str, ...]) -> MediaAnalytics:
    """Rows for the keys X had figures for; the others with X's problems in ``missing``."""
    body = reply.body
    if not isinstance(body, dict):
        raise _malformed(reply, "analytics", "answer is not a JSON object")
    try:
        from ._analytics import MediaAnalytics, parse_analytics

        rows = parse_analytics(body)
    except ValueError as exc:
        raise _malformed(reply, "analytics", str(exc)) from None
    problems = warnings_of(reply)
    answered = {row.media_key for row in rows}
    missing = tuple(key for key in media_keys if key not in answered)
    return MediaAnalytics(rows, missing, problems)
