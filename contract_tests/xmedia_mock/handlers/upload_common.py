"""What the upload handlers share: INIT's checks, segment storage, FINALIZE, the ``data`` views.

The v2 endpoints (``initialize``, ``append``, ``finalize``, ``status``), the command style and
the one-shot upload (``command``, ``oneshot``) all work on the same uploads through these.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio.to_thread

from ..bodies import (
    ENVELOPE_ALLOWANCE,
    MultipartForm,
    content_type,
    read_json_object,
    read_multipart,
)
from ..config import IMAGE_TYPES, KNOWN_MEDIA_TYPES, SUBTITLE_TYPES, VIDEO_TYPES, CategoryLimit
from ..media import matches_declared_type
from ..problems import ApiError, Problems
from ..routing import MEDIA_ID, RequestContext
from ..state import Upload

SMALL_BODY = 64 * 1024
MAX_TOTAL_BYTES = 17179869184  # the official document's total_bytes maximum (2.167)


def too_large_plain() -> ApiError:
    return Problems.plain(413, "Payload Too Large")


def int_value(raw: object, parameter: str, ctx: RequestContext, low: int, high: int) -> int:
    if isinstance(raw, bool):
        raise ctx.invalid(f"`{parameter}` must be an integer", parameter, raw)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"-?[0-9]{1,20}", raw.strip()):
        value = int(raw.strip())
    else:
        raise ctx.invalid(f"`{parameter}` must be an integer", parameter, raw)
    if not low <= value <= high:
        raise ctx.invalid(f"`{parameter}` must be between {low} and {high}", parameter, value)
    return value


def category_for(ctx: RequestContext, media_type: str, category: str | None) -> CategoryLimit:
    if category is not None:
        limit = ctx.config.category_limits.get(category)
        if limit is None:
            raise ctx.invalid(f"Unsupported media_category: {category}", "media_category", category)
        return limit
    if media_type == "image/gif":
        inferred = "tweet_gif"
    elif media_type in VIDEO_TYPES:
        inferred = "tweet_video"
    elif media_type in SUBTITLE_TYPES:
        inferred = "subtitles"
    else:
        inferred = "tweet_image"
    return ctx.config.category_limits[inferred]


def parse_owners(ctx: RequestContext, raw: object) -> tuple[str, ...]:
    """User ids: an array, or a comma-separated string. Each must match ``^[0-9]{1,19}$`` (the
    documents' UserId), so an empty value is refused like any other that is not an id."""
    if raw is None:
        return ()
    if isinstance(raw, str):
        items: list[object] = [part.strip() for part in raw.split(",")]
    elif isinstance(raw, list):
        items = raw
    else:
        raise ctx.invalid("`additional_owners` must be a list of user ids", "additional_owners")
    if len(items) > 100:
        raise ctx.invalid(
            "At most 100 additional_owners are allowed", "additional_owners", len(items)
        )
    for item in items:
        if not isinstance(item, str) or not MEDIA_ID.match(item):
            raise ctx.invalid("`additional_owners` must be user ids", "additional_owners", item)
    return tuple(str(item) for item in items)


def create_upload(
    ctx: RequestContext,
    media_type: object,
    total_bytes: object,
    category: object,
    additional_owners: object,
) -> Upload:
    """INIT, shared by the v2 endpoint and the command style."""
    if media_type is None:
        raise ctx.invalid("`media_type` is required", "media_type")
    if not isinstance(media_type, str) or media_type not in KNOWN_MEDIA_TYPES:
        raise ctx.invalid(f"Unsupported media_type: {media_type}", "media_type", media_type)
    if total_bytes is None:
        raise ctx.invalid("`total_bytes` is required", "total_bytes")
    size = int_value(total_bytes, "total_bytes", ctx, 0, MAX_TOTAL_BYTES)
    if category is not None and not isinstance(category, str):
        raise ctx.invalid("`media_category` must be a string", "media_category", category)
    limit = category_for(ctx, media_type, category)
    if size > limit.max_bytes:
        raise ctx.invalid(f"File size exceeds {limit.max_bytes} bytes.", "total_bytes", size)
    owners = parse_owners(ctx, additional_owners)
    return ctx.state.new_upload(ctx.user_id, media_type, category, limit, size, owners)


def init_data(ctx: RequestContext, upload: Upload) -> dict[str, Any]:
    return {
        "id": upload.media_id,
        "media_key": upload.media_key,
        "expires_after_secs": upload.expires_after_secs(ctx.state.now()),
    }


def upload_data(ctx: RequestContext, upload: Upload) -> dict[str, Any]:
    """FINALIZE / STATUS / one-shot ``data``."""
    data: dict[str, Any] = init_data(ctx, upload)
    if upload.size is not None:
        data["size"] = upload.size
    info = ctx.state.processing_info(upload)
    if info is not None:
        data["processing_info"] = info
    if upload.limit.kind == "video":
        data["video"] = {"video_type": upload.media_type}
    elif upload.media_type in IMAGE_TYPES:
        image: dict[str, Any] = {"image_type": upload.media_type}
        if upload.width is not None and upload.height is not None:
            image["w"], image["h"] = upload.width, upload.height
        data["image"] = image
    return data


def incoming_file(ctx: RequestContext) -> Path:
    incoming = ctx.state.data_dir / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    return ctx.state.new_segment_file_in(incoming)


def segment_too_large(ctx: RequestContext) -> Callable[[], ApiError]:
    limit = ctx.config.chunk_limit
    return lambda: Problems.payload_too_large(limit)


async def store_segment(
    ctx: RequestContext, upload: Upload, index_raw: object, form: MultipartForm
) -> None:
    """Validate and commit one APPEND whose bytes are already on disk at ``form.file_path``."""
    try:
        if upload.finalized_at is not None:
            raise ctx.invalid("Media is already finalized", "media_id", upload.media_id)
        if index_raw is None:
            raise ctx.invalid("`segment_index` is required", "segment_index")
        index = int_value(index_raw, "segment_index", ctx, 0, ctx.config.max_segments - 1)
        if form.file_path is None:
            raise ctx.invalid("`media` is required", "media")
        if form.file_size > ctx.config.chunk_limit:
            raise Problems.payload_too_large(ctx.config.chunk_limit)
        ctx.state.commit_segment(upload, index, form.file_path, form.file_size)
        form.file_path = None
    finally:
        form.discard()


async def read_append_body(
    ctx: RequestContext, json_fields: frozenset[str]
) -> tuple[dict[str, Any], MultipartForm]:
    """APPEND bodies: multipart (streamed to disk) or JSON with base64 ``media``.

    Returns the non-file fields (form fields, or the JSON members named in ``json_fields``
    other than ``media``) and the form holding the media file.
    """
    kind = content_type(ctx.request)
    too_large = segment_too_large(ctx)
    if kind == "multipart/form-data":
        form = await read_multipart(
            ctx.request,
            file_field="media",
            new_file=lambda: incoming_file(ctx),
            max_file_bytes=ctx.config.chunk_limit,
            too_large=too_large,
            max_body_bytes=ctx.config.edge_body_limit,
        )
        return dict(form.fields), form
    if kind == "application/json":
        max_json = math.ceil(ctx.config.chunk_limit * 4 / 3) + ENVELOPE_ALLOWANCE
        if ctx.config.edge_body_limit is not None:
            max_json = min(max_json, ctx.config.edge_body_limit)
        body = await read_json_object(ctx.request, max_json, too_large)
        unknown = sorted(set(body) - json_fields - {"media"})
        if unknown:
            raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
        form = MultipartForm()
        media = body.get("media")
        if media is not None:
            form.file_path, form.file_size = decode_to_file(ctx, media, "media")
        return {k: v for k, v in body.items() if k != "media"}, form
    raise ctx.invalid(f"Unsupported Content-Type: {kind or 'none'}", "Content-Type", kind)


def decode_to_file(ctx: RequestContext, media: object, parameter: str) -> tuple[Path, int]:
    if not isinstance(media, str):
        raise ctx.invalid(f"`{parameter}` must be a base64 string", parameter)
    try:
        # Line breaks (base64.encodebytes, MIME style) are tolerated; other junk is not.
        raw = base64.b64decode("".join(media.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ctx.invalid(f"`{parameter}` is not valid base64", parameter) from None
    path = incoming_file(ctx)
    path.write_bytes(raw)
    return path, len(raw)


async def finalize_upload(ctx: RequestContext, upload: Upload) -> dict[str, Any]:
    if upload.finalized_at is not None:
        return upload_data(ctx, upload)  # a repeated FINALIZE answers the same
    received = sum(upload.segments.values())
    if received != upload.total_bytes:
        raise ctx.problems.invalid_request(
            "Segments do not add up to provided total file size.",
            {"total_bytes": [str(upload.total_bytes)]},
        )
    size, sha256 = await anyio.to_thread.run_sync(ctx.state.assemble, upload)
    valid = not ctx.config.verify_media_bytes or matches_declared_type(
        upload.media_type, ctx.state.head_bytes(upload, 64)
    )
    if not valid and not upload.processed:
        # Unprocessed media (images, or no media_category) are checked synchronously.
        raise ctx.invalid("media type unrecognized.", "media_id", upload.media_id)
    ctx.state.finalize(upload, size, sha256, valid)
    if (
        ctx.config.finalized_expires_after_secs is not None
        and ctx.config.expires_after_secs is None
    ):
        upload.expires_at = ctx.state.now() + ctx.config.finalized_expires_after_secs
    return upload_data(ctx, upload)
