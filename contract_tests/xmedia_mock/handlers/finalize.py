"""POST /2/media/upload/{id}/finalize — check the byte total, assemble, start processing."""

from __future__ import annotations

from starlette.responses import Response

from ..config import SCOPE_MEDIA_WRITE
from ..problems import json_response
from ..routing import Endpoint, RequestContext
from .upload_common import finalize_upload


async def finalize(ctx: RequestContext) -> Response:
    await ctx.begin("finalize", SCOPE_MEDIA_WRITE)
    ctx.check_query(set())
    upload = ctx.owned_upload(ctx.request.path_params["id"], "id")
    return json_response({"data": await finalize_upload(ctx, upload)})


ENDPOINTS = [Endpoint("POST", "/2/media/upload/{id}/finalize", "finalize", finalize)]
