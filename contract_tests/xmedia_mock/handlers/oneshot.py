"""The one-shot upload: POST /2/media/upload with the whole file (multipart or JSON base64).

Fields: ``media`` and ``media_category`` (required), ``media_type``, ``shared`` and
``additional_owners`` — the body X's documents 2.152-2.166 define (``additional_owners`` an array
there; a comma-separated string in 2.167, which also drops ``media_type`` and ``shared``: both
accepted). Reached through ``command.media_upload`` (same path and method), after admission.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ..bodies import MultipartForm
from ..config import KNOWN_MEDIA_TYPES
from ..media import sniff_type
from ..problems import json_response
from ..routing import RequestContext
from .upload_common import category_for, finalize_upload, parse_owners

ONESHOT_JSON_MAX_MEDIA = 16 * 1024 * 1024
ONESHOT_FIELDS = frozenset({"media_category", "media_type", "shared", "additional_owners"})
ONESHOT_CATEGORIES = (
    "tweet_image",
    "tweet_video",
    "tweet_gif",
    "dm_image",
    "dm_video",
    "dm_gif",
    "subtitles",
)


def _shared(ctx: RequestContext, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise ctx.invalid("`shared` must be a boolean", "shared", raw)


async def oneshot(ctx: RequestContext, fields: dict[str, Any], form: MultipartForm) -> Response:
    unknown = sorted(set(fields) - ONESHOT_FIELDS)
    if unknown:
        raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
    if form.file_path is None:
        raise ctx.invalid("`media` is required", "media")
    category = fields.get("media_category")
    if category is None:
        raise ctx.invalid("`media_category` is required", "media_category")
    if category not in ONESHOT_CATEGORIES:
        raise ctx.invalid(f"Unsupported media_category: {category}", "media_category", category)
    declared = fields.get("media_type")
    if declared is not None and (
        not isinstance(declared, str) or declared not in KNOWN_MEDIA_TYPES
    ):
        raise ctx.invalid(f"Unsupported media_type: {declared}", "media_type", declared)
    if "shared" in fields:
        _shared(ctx, fields["shared"])
    limit = category_for(ctx, "", str(category))
    if form.file_size > limit.max_bytes:
        raise ctx.invalid(f"File size exceeds {limit.max_bytes} bytes.", "media", form.file_size)
    owners = parse_owners(ctx, fields.get("additional_owners"))
    with form.file_path.open("rb") as handle:
        head = handle.read(64)
    media_type = (
        declared
        or sniff_type(head)
        or {
            "video": "video/mp4",
            "animated_gif": "image/gif",
            "subtitles": "text/srt",
        }.get(limit.kind, "image/jpeg")
    )
    upload = ctx.state.new_upload(
        ctx.user_id, media_type, str(category), limit, form.file_size, owners
    )
    ctx.state.commit_segment(upload, 0, form.file_path, form.file_size)
    form.file_path = None
    return json_response({"data": await finalize_upload(ctx, upload)})
