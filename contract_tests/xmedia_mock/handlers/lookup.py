"""GET /2/media?media_keys= and GET /2/media/{media_key} — finalized media, public to any caller."""

from __future__ import annotations

import re
from typing import Any

from starlette.responses import Response

from ..config import SCOPE_TWEET_READ
from ..problems import Problems, json_response
from ..routing import Endpoint, RequestContext
from ..state import Upload

MEDIA_KEY = re.compile(r"^([0-9]+)_([0-9]+)$")
MAX_MEDIA_KEYS = 100
MEDIA_FIELDS = frozenset(
    {
        "alt_text",
        "duration_ms",
        "height",
        "media_key",
        "non_public_metrics",
        "organic_metrics",
        "preview_image_url",
        "promoted_metrics",
        "public_metrics",
        "type",
        "url",
        "variants",
        "width",
    }
)


def media_keys_param(ctx: RequestContext, raw: str | None) -> list[str]:
    if raw is None or raw == "":
        raise ctx.invalid("`media_keys` is required", "media_keys")
    keys = raw.split(",")
    if len(keys) > MAX_MEDIA_KEYS:
        raise ctx.invalid(f"At most {MAX_MEDIA_KEYS} media_keys are allowed", "media_keys", raw)
    for key in keys:
        if not MEDIA_KEY.match(key):
            raise ctx.invalid(f"The `media_keys` value [{key}] is not valid", "media_keys", key)
    return keys


def fields_param(ctx: RequestContext, name: str, allowed: frozenset[str]) -> set[str]:
    raw = ctx.request.query_params.get(name)
    if raw is None:
        return set()
    values = raw.split(",")
    bad = [v for v in values if v not in allowed]
    if bad or len(set(values)) != len(values):
        raise ctx.invalid(f"The `{name}` query parameter value [{raw}] is not valid", name, raw)
    return set(values)


def media_object(upload: Upload, fields: set[str]) -> dict[str, Any]:
    media: dict[str, Any] = {"media_key": upload.media_key, "type": upload.limit.kind}
    if "width" in fields and upload.width is not None:
        media["width"] = upload.width
    if "height" in fields and upload.height is not None:
        media["height"] = upload.height
    alt = upload.metadata.get("alt_text")
    if "alt_text" in fields and isinstance(alt, dict) and isinstance(alt.get("text"), str):
        media["alt_text"] = alt["text"]
    url = f"https://pbs.twimg.com/media/{upload.media_id}"
    if "url" in fields and upload.limit.kind == "photo":
        media["url"] = url + ".jpg"
    if "preview_image_url" in fields and upload.limit.kind != "photo":
        media["preview_image_url"] = url + "_thumb.jpg"
    if "public_metrics" in fields and upload.limit.kind == "video":
        media["public_metrics"] = {"view_count": 0}
    if "duration_ms" in fields and upload.limit.kind == "video":
        media["duration_ms"] = 0
    if "variants" in fields and upload.limit.kind in ("video", "animated_gif"):
        media["variants"] = [{"bit_rate": 0, "content_type": "video/mp4", "url": url + ".mp4"}]
    return media


async def lookup_many(ctx: RequestContext) -> Response:
    await ctx.begin("lookup", SCOPE_TWEET_READ, user_only=False)
    ctx.check_query({"media_keys", "media.fields"})
    keys = media_keys_param(ctx, ctx.request.query_params.get("media_keys"))
    fields = fields_param(ctx, "media.fields", MEDIA_FIELDS)
    data, errors = [], []
    for key in keys:
        upload = ctx.state.find_by_key(key)
        if upload is None:
            errors.append(ctx.problems.not_found_body(key, "media_keys", "media_key"))
        else:
            data.append(media_object(upload, fields))
    payload: dict[str, Any] = {}
    if data:
        payload["data"] = data
    if errors:
        payload["errors"] = errors
    return json_response(payload)


async def lookup_one(ctx: RequestContext) -> Response:
    key = ctx.request.path_params["media_key"]
    sibling_methods = ctx.services.methods_by_path.get(f"/2/media/{key}")
    if sibling_methods is not None:
        # GET /2/media/metadata is a wrong method on a real route, not a media key.
        error = Problems.plain(405, "Method Not Allowed")
        error.headers["Allow"] = ", ".join(sibling_methods)
        raise error
    await ctx.begin("lookup", SCOPE_TWEET_READ, user_only=False)
    ctx.check_query({"media.fields"})
    if not MEDIA_KEY.match(key):
        raise ctx.invalid(f"The `media_key` value [{key}] is not valid", "media_key", key)
    fields = fields_param(ctx, "media.fields", MEDIA_FIELDS)
    upload = ctx.state.find_by_key(key)
    if upload is None:
        return json_response(
            {"errors": [ctx.problems.not_found_body(key, "media_key", "media_key")]}
        )
    return json_response({"data": media_object(upload, fields)})


# Last: /2/media/{media_key} must not shadow the literal /2/media/... paths before it.
ENDPOINTS = [
    Endpoint("GET", "/2/media", "lookup", lookup_many),
    Endpoint("GET", "/2/media/{media_key}", "lookup", lookup_one),
]
