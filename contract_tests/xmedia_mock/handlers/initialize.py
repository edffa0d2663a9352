"""POST /2/media/upload/initialize — start a chunked upload (JSON body)."""

from __future__ import annotations

from starlette.responses import Response

from ..bodies import content_type, read_json_object
from ..config import SCOPE_MEDIA_WRITE
from ..problems import json_response
from ..routing import Endpoint, RequestContext
from .upload_common import SMALL_BODY, create_upload, init_data, too_large_plain

INIT_FIELDS = frozenset(
    {"media_type", "total_bytes", "media_category", "additional_owners", "shared"}
)


async def initialize(ctx: RequestContext) -> Response:
    await ctx.begin("initialize", SCOPE_MEDIA_WRITE)
    ctx.check_query(set())
    if content_type(ctx.request) != "application/json":
        raise ctx.invalid("Content-Type must be application/json", "Content-Type")
    body = await read_json_object(ctx.request, SMALL_BODY, too_large_plain)
    unknown = sorted(set(body) - INIT_FIELDS)
    if unknown:
        raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
    for name in ("media_type", "media_category"):
        if name in body and not isinstance(body[name], str):
            raise ctx.invalid(f"`{name}` must be a string", name, body[name])
    if "shared" in body and not isinstance(body["shared"], bool):
        raise ctx.invalid("`shared` must be a boolean", "shared", body["shared"])
    owners = body.get("additional_owners")
    if "additional_owners" in body and not isinstance(owners, list):
        raise ctx.invalid("`additional_owners` must be an array", "additional_owners")
    upload = create_upload(
        ctx, body.get("media_type"), body.get("total_bytes"), body.get("media_category"), owners
    )
    return json_response({"data": init_data(ctx, upload)})


ENDPOINTS = [Endpoint("POST", "/2/media/upload/initialize", "initialize", initialize)]
