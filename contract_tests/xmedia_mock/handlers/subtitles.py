"""POST and DELETE /2/media/subtitles — attach a subtitle track to a video, or remove it."""

from __future__ import annotations

import re

from starlette.responses import Response

from ..bodies import read_json_object
from ..config import SCOPE_MEDIA_WRITE
from ..problems import json_response
from ..routing import MEDIA_ID, Endpoint, RequestContext
from .upload_common import SMALL_BODY, too_large_plain

LANGUAGE_CODE = re.compile(r"^[A-Z]{2}$")
SUBTITLE_TARGETS = ("AmplifyVideo", "TweetVideo")


async def subtitles_create(ctx: RequestContext) -> Response:
    await ctx.begin("subtitles", SCOPE_MEDIA_WRITE, bucket="subtitles_create")
    ctx.check_query(set())
    body = await read_json_object(ctx.request, SMALL_BODY, too_large_plain)
    unknown = sorted(set(body) - {"id", "media_category", "subtitles"})
    if unknown:
        raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
    media_id, category, track = body.get("id"), body.get("media_category"), body.get("subtitles")
    if not isinstance(media_id, str):
        raise ctx.invalid("`id` is required", "id")
    if not isinstance(category, str) or category not in SUBTITLE_TARGETS:
        raise ctx.invalid(
            "`media_category` must be AmplifyVideo or TweetVideo", "media_category", category or ""
        )
    if not isinstance(track, dict):
        raise ctx.invalid("`subtitles` is required", "subtitles")
    track_id, language = track.get("id"), track.get("language_code")
    display_name = track.get("display_name", "")
    if not isinstance(track_id, str) or not MEDIA_ID.match(track_id):
        raise ctx.invalid("`subtitles.id` must be a media id", "subtitles.id", track_id or "")
    if not isinstance(language, str) or not LANGUAGE_CODE.match(language):
        raise ctx.invalid(
            "`subtitles.language_code` must be two capital letters",
            "subtitles.language_code",
            language or "",
        )
    if not isinstance(display_name, str):
        raise ctx.invalid("`subtitles.display_name` must be a string", "subtitles.display_name")
    video = ctx.owned_upload(media_id, "id")
    if video.limit.kind != "video":
        raise ctx.invalid("Subtitles can only be attached to videos", "id", media_id)
    ctx.owned_upload(track_id, "subtitles.id")
    entry = {"id": track_id, "language_code": language, "display_name": display_name}
    video.subtitles[language] = entry
    data = {
        "id": video.media_id,
        "media_category": category,
        "associated_subtitles": {"subtitles": list(video.subtitles.values())},
    }
    return json_response({"data": data})


async def subtitles_delete(ctx: RequestContext) -> Response:
    await ctx.begin("subtitles", SCOPE_MEDIA_WRITE, bucket="subtitles_delete")
    ctx.check_query(set())
    body = await read_json_object(ctx.request, SMALL_BODY, too_large_plain)
    unknown = sorted(set(body) - {"id", "media_category", "language_code"})
    if unknown:
        raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
    for name in ("id", "media_category", "language_code"):
        if not isinstance(body.get(name), str):
            raise ctx.invalid(f"`{name}` is required", name)
    video = ctx.owned_upload(body["id"], "id")
    deleted = video.subtitles.pop(body["language_code"], None) is not None
    return json_response({"data": {"deleted": deleted}})


ENDPOINTS = [
    Endpoint("POST", "/2/media/subtitles", "subtitles", subtitles_create),
    Endpoint("DELETE", "/2/media/subtitles", "subtitles", subtitles_delete),
]
