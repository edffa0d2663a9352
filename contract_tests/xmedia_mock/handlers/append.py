"""POST /2/media/upload/{id}/append — one segment (multipart, or JSON with base64 ``media``)."""

from __future__ import annotations

from starlette.responses import Response

from ..config import SCOPE_MEDIA_WRITE
from ..problems import json_response
from ..routing import Endpoint, RequestContext
from .upload_common import read_append_body, store_segment

APPEND_FIELDS = frozenset({"segment_index"})


async def append(ctx: RequestContext) -> Response:
    await ctx.begin("append", SCOPE_MEDIA_WRITE)
    ctx.check_query(set())
    upload = ctx.owned_upload(ctx.request.path_params["id"], "id")
    fields, form = await read_append_body(ctx, APPEND_FIELDS)
    try:
        unknown = sorted(set(fields) - APPEND_FIELDS)
        if unknown:
            raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
        await store_segment(ctx, upload, fields.get("segment_index"), form)
    finally:
        form.discard()
    return json_response({"data": {"expires_at": int(upload.expires_at)}})


ENDPOINTS = [Endpoint("POST", "/2/media/upload/{id}/append", "append", append)]
