"""POST /2/media/upload — the command style (INIT, APPEND, FINALIZE), else the one-shot upload."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ..bodies import content_type, read_urlencoded
from ..config import SCOPE_MEDIA_WRITE
from ..problems import json_response
from ..routing import MEDIA_ID, Endpoint, RequestContext
from .oneshot import oneshot
from .upload_common import (
    MAX_TOTAL_BYTES,
    SMALL_BODY,
    create_upload,
    finalize_upload,
    init_data,
    int_value,
    parse_owners,
    read_append_body,
    store_segment,
    too_large_plain,
)

COMMAND_OPERATIONS = {"INIT": "initialize", "APPEND": "append", "FINALIZE": "finalize"}
UPLOAD_QUERY = frozenset(
    {"command", "media_id", "total_bytes", "media_type", "media_category", "additional_owners"}
)
COMMAND_APPEND_FIELDS = frozenset({"segment_index", "media_id", "command"})


async def media_upload(ctx: RequestContext) -> Response:
    query = dict(ctx.request.query_params)
    command = query.get("command")
    operation = COMMAND_OPERATIONS.get(command or "", "oneshot")
    ctx.operation = operation
    await ctx.authenticate()
    if command is not None and operation == "oneshot":
        ctx.admit("initialize", SCOPE_MEDIA_WRITE)
        raise ctx.invalid(f"Unsupported command: {command}", "command", command)
    ctx.admit(operation, SCOPE_MEDIA_WRITE)
    check_upload_query(ctx, query)
    if operation == "initialize":
        params = await command_params(ctx, query)
        upload = create_upload(
            ctx,
            params.get("media_type"),
            params.get("total_bytes"),
            params.get("media_category"),
            params.get("additional_owners"),
        )
        return json_response({"data": init_data(ctx, upload)})
    if operation == "append":
        media_id = query.get("media_id")
        if media_id is None:
            raise ctx.invalid("`media_id` is required", "media_id")
        upload = ctx.owned_upload(media_id, "media_id")
        fields, form = await read_append_body(ctx, frozenset({"segment_index"}))
        try:
            unknown = sorted(set(fields) - COMMAND_APPEND_FIELDS)
            if unknown:
                raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
            await store_segment(ctx, upload, fields.get("segment_index"), form)
        finally:
            form.discard()
        return Response(status_code=204)
    if operation == "finalize":
        params = await command_params(ctx, query)
        media_id = params.get("media_id")
        if media_id is None:
            raise ctx.invalid("`media_id` is required", "media_id")
        upload = ctx.owned_upload(str(media_id), "media_id")
        return json_response({"data": await finalize_upload(ctx, upload)})
    return await oneshot(ctx)


def check_upload_query(ctx: RequestContext, query: dict[str, str]) -> None:
    """The declared query parameters of POST /2/media/upload, valid whether used or not."""
    ctx.check_query(set(UPLOAD_QUERY))
    if "media_id" in query and not MEDIA_ID.match(query["media_id"]):
        raise ctx.invalid("`media_id` is not a media id", "media_id", query["media_id"])
    if "total_bytes" in query:
        int_value(query["total_bytes"], "total_bytes", ctx, 0, MAX_TOTAL_BYTES)
    if "media_category" in query and query["media_category"] not in ctx.config.category_limits:
        category = query["media_category"]
        raise ctx.invalid(f"Unsupported media_category: {category}", "media_category", category)
    if "additional_owners" in query:
        parse_owners(ctx, query["additional_owners"])


async def command_params(ctx: RequestContext, query: dict[str, str]) -> dict[str, Any]:
    """Query parameters, plus an urlencoded body if one was sent (X accepts both)."""
    params: dict[str, Any] = dict(query)
    if content_type(ctx.request) == "application/x-www-form-urlencoded":
        body = await read_urlencoded(ctx.request, SMALL_BODY, too_large_plain)
        for key, value in body.items():
            params.setdefault(key, value)
    return params


ENDPOINTS = [Endpoint("POST", "/2/media/upload", "oneshot", media_upload)]
