"""GET /2/media/analytics — per-media counters of the caller's own media (others in errors[])."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.responses import Response

from ..config import SCOPE_TWEET_READ
from ..problems import json_response
from ..routing import Endpoint, RequestContext
from .lookup import fields_param, media_keys_param

ANALYTICS_FIELDS = frozenset(
    {
        "cta_url_clicks",
        "cta_watch_clicks",
        "media_key",
        "play_from_tap",
        "playback25",
        "playback50",
        "playback75",
        "playback_complete",
        "playback_start",
        "timestamp",
        "timestamped_metrics",
        "video_views",
        "watch_time_ms",
    }
)
ANALYTICS_COUNTERS = (
    "cta_url_clicks",
    "cta_watch_clicks",
    "play_from_tap",
    "playback25",
    "playback50",
    "playback75",
    "playback_complete",
    "playback_start",
    "video_views",
    "watch_time_ms",
)


async def analytics(ctx: RequestContext) -> Response:
    await ctx.begin("analytics", SCOPE_TWEET_READ)
    query = ctx.request.query_params
    ctx.check_query(
        {"media_keys", "start_time", "end_time", "granularity", "media_analytics.fields"}
    )
    keys = media_keys_param(ctx, query.get("media_keys"))
    for name in ("start_time", "end_time"):
        raw = query.get(name)
        if raw is None:
            raise ctx.invalid(f"`{name}` is required", name)
        try:
            datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise ctx.invalid(f"`{name}` is not an ISO 8601 date-time", name, raw) from None
    granularity = query.get("granularity", "daily")
    if granularity not in ("hourly", "daily", "total"):
        raise ctx.invalid(f"Unsupported granularity: {granularity}", "granularity", granularity)
    fields_param(ctx, "media_analytics.fields", ANALYTICS_FIELDS)
    principal = ctx.principal
    data, errors = [], []
    for key in keys:
        upload = ctx.state.find_by_key(key)
        if upload is None or principal is None or upload.owner != principal.user_id:
            errors.append(ctx.problems.not_found_body(key, "media_keys", "media_key"))
            continue
        metrics: dict[str, Any] = dict.fromkeys(ANALYTICS_COUNTERS, 0)
        data.append(
            {
                "media_key": key,
                "timestamped_metrics": [{"timestamp": query["start_time"], "metrics": metrics}],
            }
        )
    payload: dict[str, Any] = {}
    if data:
        payload["data"] = data
    if errors:
        payload["errors"] = errors
    return json_response(payload)


ENDPOINTS = [Endpoint("GET", "/2/media/analytics", "analytics", analytics)]
