"""POST /2/media/metadata — alt text and other metadata of the caller's media."""

from __future__ import annotations

from starlette.responses import Response
from xmedia_limits import LIMITS

from ..bodies import read_json_object
from ..config import SCOPE_MEDIA_WRITE
from ..problems import json_response
from ..routing import Endpoint, RequestContext
from .upload_common import SMALL_BODY, too_large_plain

ALT_TEXT_MAX_CHARS = LIMITS.text.max_alt_text_chars


async def metadata(ctx: RequestContext) -> Response:
    await ctx.begin("metadata", SCOPE_MEDIA_WRITE)
    ctx.check_query(set())
    body = await read_json_object(ctx.request, SMALL_BODY, too_large_plain)
    unknown = sorted(set(body) - {"id", "metadata"})
    if unknown:
        raise ctx.invalid(f"Unknown fields: {','.join(unknown)}", unknown[0])
    media_id = body.get("id")
    if not isinstance(media_id, str):
        raise ctx.invalid("`id` is required", "id", media_id or "")
    fields = body.get("metadata", {})
    if not isinstance(fields, dict):
        raise ctx.invalid("`metadata` must be an object", "metadata")
    alt_text = fields.get("alt_text")
    if alt_text is not None:
        text = alt_text.get("text") if isinstance(alt_text, dict) else None
        if not isinstance(text, str):
            raise ctx.invalid("`alt_text.text` is required", "alt_text")
        if len(text) > ALT_TEXT_MAX_CHARS:
            raise ctx.invalid(
                f"alt_text must be at most {ALT_TEXT_MAX_CHARS} characters", "alt_text", len(text)
            )
    for name, value in fields.items():
        if not isinstance(value, dict):
            raise ctx.invalid(f"`metadata.{name}` must be an object", name)
    upload = ctx.owned_upload(media_id, "id")
    upload.metadata.update(fields)
    return json_response({"data": {"id": upload.media_id, "associated_metadata": fields}})


ENDPOINTS = [Endpoint("POST", "/2/media/metadata", "metadata", metadata)]
