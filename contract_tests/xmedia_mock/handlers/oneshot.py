"""The one-shot upload: POST /2/media/upload with the whole file (multipart or JSON base64)."""

from __future__ import annotations

import math
from typing import Any

from starlette.responses import Response

from ..bodies import (
    ENVELOPE_ALLOWANCE,
    MultipartForm,
    content_type,
    read_json_object,
    read_multipart,
)
from ..media import sniff_type
from ..problems import json_response
from ..routing import RequestContext
from .upload_common import (
    category_for,
    decode_to_file,
    finalize_upload,
    incoming_file,
    parse_owners,
    too_large_plain,
)

ONESHOT_JSON_MAX_MEDIA = 16 * 1024 * 1024
ONESHOT_CATEGORIES = (
    "tweet_image",
    "tweet_video",
    "tweet_gif",
    "dm_image",
    "dm_video",
    "dm_gif",
    "subtitles",
)


async def oneshot(ctx: RequestContext) -> Response:
    """Reached through ``command.media_upload`` (same path and method), after admission."""
    kind = content_type(ctx.request)
    max_size = max(limit.max_bytes for limit in ctx.config.category_limits.values())
    if kind == "multipart/form-data":
        form = await read_multipart(
            ctx.request,
            file_field="media",
            new_file=lambda: incoming_file(ctx),
            max_file_bytes=max_size,
            too_large=too_large_plain,
        )
        fields: dict[str, Any] = dict(form.fields)
    elif kind == "application/json":
        body = await read_json_object(
            # base64 JSON is decoded in memory: cap it near the largest non-video limit.
            ctx.request,
            math.ceil(min(max_size, ONESHOT_JSON_MAX_MEDIA) * 4 / 3) + ENVELOPE_ALLOWANCE,
            too_large_plain,
        )
        form = MultipartForm()
        fields = {k: v for k, v in body.items() if k != "media"}
        if "segment_index" in fields:  # only the multipart (command APPEND) body has it
            raise ctx.invalid("Unknown fields: segment_index", "segment_index")
        owners = fields.get("additional_owners", "")
        if not isinstance(owners, str):
            raise ctx.invalid("`additional_owners` must be a string", "additional_owners")
        if "media" in body:
            form.file_path, form.file_size = decode_to_file(ctx, body["media"], "media")
    else:
        raise ctx.invalid("`media` is required", "media")
    try:
        unknown = sorted(set(fields) - {"media_category", "additional_owners", "segment_index"})
        if unknown:
            raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
        if form.file_path is None:
            raise ctx.invalid("`media` is required", "media")
        category = fields.get("media_category")
        if category is None:
            raise ctx.invalid("`media_category` is required", "media_category")
        if category not in ONESHOT_CATEGORIES:
            raise ctx.invalid(f"Unsupported media_category: {category}", "media_category", category)
        limit = category_for(ctx, "", str(category))
        if form.file_size > limit.max_bytes:
            raise ctx.invalid(
                f"File size exceeds {limit.max_bytes} bytes.", "media", form.file_size
            )
        owners = parse_owners(ctx, fields.get("additional_owners"))
        with form.file_path.open("rb") as handle:
            head = handle.read(64)
        media_type = sniff_type(head) or {
            "video": "video/mp4",
            "animated_gif": "image/gif",
            "subtitles": "text/srt",
        }.get(limit.kind, "image/jpeg")
        upload = ctx.state.new_upload(
            ctx.user_id, media_type, str(category), limit, form.file_size, owners
        )
        ctx.state.commit_segment(upload, 0, form.file_path, form.file_size)
        form.file_path = None
    finally:
        form.discard()
    return json_response({"data": await finalize_upload(ctx, upload)})
