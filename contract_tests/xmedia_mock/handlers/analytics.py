"""GET /2/media/analytics — per-media counters of the caller's own media (others in errors[]).

X's document (``getMediaAnalytics``) gives the parameters and the answer's shape: 1-100 media keys,
``start_time``/``end_time`` date-times, ``granularity`` hourly | daily (default) | total, and one
``timestamped_metrics`` entry per bucket; keys the caller cannot see come back as not-found
problems in ``errors`` beside the others' ``data`` (as the lookups do). Not documented, so
inferred: a range whose end is not after its start, or longer than X would plausibly bucket
(hourly over 7 days, daily or total over 90 days, ANALYTICS_MAX_RANGE), is refused with 400
invalid-request naming ``end_time``; the figures themselves (analytics_figures.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.responses import Response

from ..analytics_figures import COUNTERS, buckets
from ..config import SCOPE_TWEET_READ
from ..problems import json_response
from ..routing import Endpoint, RequestContext
from .lookup import fields_param, media_keys_param

ANALYTICS_FIELDS = frozenset({*COUNTERS, "media_key", "timestamp", "timestamped_metrics"})
GRANULARITIES = ("hourly", "daily", "total")
# Inferred (X documents none): keeps answers bounded, as X's other analytics products are.
ANALYTICS_MAX_RANGE = {
    "hourly": timedelta(days=7),
    "daily": timedelta(days=90),
    "total": timedelta(days=90),
}


def _time_param(ctx: RequestContext, name: str) -> datetime:
    raw = ctx.request.query_params.get(name)
    if raw is None:
        raise ctx.invalid(f"`{name}` is required", name)
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ctx.invalid(f"`{name}` is not an ISO 8601 date-time", name, raw) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def analytics(ctx: RequestContext) -> Response:
    await ctx.begin("analytics", SCOPE_TWEET_READ)
    query = ctx.request.query_params
    ctx.check_query(
        {"media_keys", "start_time", "end_time", "granularity", "media_analytics.fields"}
    )
    keys = media_keys_param(ctx, query.get("media_keys"))
    start, end = _time_param(ctx, "start_time"), _time_param(ctx, "end_time")
    if end <= start:
        raise ctx.invalid(
            "`end_time` must be after `start_time`", "end_time", query.get("end_time")
        )
    granularity = query.get("granularity", "daily")
    if granularity not in GRANULARITIES:
        raise ctx.invalid(f"Unsupported granularity: {granularity}", "granularity", granularity)
    if end - start > ANALYTICS_MAX_RANGE[granularity]:
        days = ANALYTICS_MAX_RANGE[granularity].days
        raise ctx.invalid(
            f"`end_time` is more than {days} days after `start_time` for {granularity} buckets",
            "end_time",
            query.get("end_time"),
        )
    fields_param(ctx, "media_analytics.fields", ANALYTICS_FIELDS)
    principal = ctx.principal
    now = datetime.fromtimestamp(ctx.state.now(), UTC)
    data, errors = [], []
    for key in keys:
        upload = ctx.state.find_by_key(key)
        if upload is None or principal is None or upload.owner != principal.user_id:
            errors.append(ctx.problems.not_found_body(key, "media_keys", "media_key"))
            continue
        created = datetime.fromtimestamp(upload.created_at, UTC)
        seed = ctx.config.analytics_seed
        data.append(
            {
                "media_key": key,
                "timestamped_metrics": buckets(seed, key, created, now, start, end, granularity),
            }
        )
    payload: dict[str, Any] = {}
    if data:
        payload["data"] = data
    if errors:
        payload["errors"] = errors
    return json_response(payload)


ENDPOINTS = [Endpoint("GET", "/2/media/analytics", "analytics", analytics)]
