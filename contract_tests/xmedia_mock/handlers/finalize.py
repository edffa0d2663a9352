"""POST /2/media/upload/{id}/finalize — check the byte total, assemble, start processing."""

from __future__ import annotations

from starlette.responses import Response

from ..bodies import content_type, parse_json_object, read_limited
from ..config import SCOPE_MEDIA_WRITE
from ..problems import json_response
from ..routing import Endpoint, RequestContext
from .upload_common import SMALL_BODY, finalize_upload, too_large_plain


async def finalize(ctx: RequestContext) -> Response:
    await ctx.begin("finalize", SCOPE_MEDIA_WRITE)
    ctx.check_query(set())
    upload = ctx.owned_upload(ctx.request.path_params["id"], "id")
    if content_type(ctx.request) == "application/json":
        # Reported (trypost #202): a FINALIZE whose JSON body was ``[]`` got "Request body must
        # be a JSON object."; no body, or ``{}``, is fine.
        raw = await read_limited(ctx.request, SMALL_BODY, too_large_plain)
        if raw.strip():
            parse_json_object(raw)
    return json_response({"data": await finalize_upload(ctx, upload)})


ENDPOINTS = [Endpoint("POST", "/2/media/upload/{id}/finalize", "finalize", finalize)]
