"""GET /2/media/upload?command=STATUS&media_id= — processing state of a finalized upload."""

from __future__ import annotations

from starlette.responses import Response

from ..config import SCOPE_MEDIA_WRITE
from ..problems import json_response
from ..routing import Endpoint, RequestContext
from .upload_common import upload_data


async def status(ctx: RequestContext) -> Response:
    await ctx.begin("status", SCOPE_MEDIA_WRITE)
    ctx.check_query({"media_id", "command"})
    query = ctx.request.query_params
    command = query.get("command")
    if command is not None and command != "STATUS":
        raise ctx.invalid(f"Unsupported command: {command}", "command", command)
    media_id = query.get("media_id")
    if media_id is None:
        raise ctx.invalid("`media_id` is required", "media_id")
    upload = ctx.owned_upload(media_id, "media_id")
    if upload.finalized_at is None or not upload.processed:
        # STATUS is only for media whose FINALIZE returned processing_info (v1.1 FINALIZE page);
        # X's answer otherwise, as reported (xurl #18), names no parameter.
        raise ctx.problems.status_without_processing()
    return json_response({"data": upload_data(ctx, upload)})


ENDPOINTS = [Endpoint("GET", "/2/media/upload", "status", status)]
