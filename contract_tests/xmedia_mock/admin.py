"""Admin routes under /_mock/ (outside /2): digests, stats, faults, reset, clock."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .config import RateLimit
from .faults import FaultPlan, FaultPlanError, FaultRule
from .problems import json_response
from .state import MockState


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    parsed = json.loads(raw)
    if not isinstance(parsed, dict):
        raise ValueError("body must be a JSON object")
    return parsed


def _bad(message: str, status: int = 400) -> Response:
    return json_response({"error": message}, status)


def admin_routes(state: MockState) -> list[Route]:
    async def health(request: Request) -> Response:
        return json_response({"status": "ok"})

    async def stats(request: Request) -> Response:
        return json_response(state.stats())

    async def digest(request: Request) -> Response:
        try:
            return json_response(state.upload_digest(request.path_params["media_id"]).as_dict())
        except KeyError:
            return _bad("unknown media id", 404)

    async def faults(request: Request) -> Response:
        if request.method == "DELETE":
            state.faults.set_plan(FaultPlan())
        elif request.method in ("POST", "PUT"):
            try:
                body = await _json_body(request)
                seed = int(body.get("seed", 0))
                if isinstance(body.get("rules"), list):
                    plan = FaultPlan(tuple(FaultRule(**rule) for rule in body["rules"]), seed)
                else:
                    plan = FaultPlan.parse(str(body.get("plan", "")), seed)
            except (ValueError, TypeError, FaultPlanError) as exc:
                return _bad(str(exc))
            state.faults.set_plan(plan)
        return json_response(
            {
                "plan": state.faults.plan.to_text(),
                "seed": state.faults.plan.seed,
                "injected": dict(state.faults.injected),
            }
        )

    async def reset(request: Request) -> Response:
        state.reset()
        return json_response({"reset": True})

    async def clock(request: Request) -> Response:
        manual = hasattr(state.config.clock, "advance")
        if request.method == "POST":
            if not manual:
                return _bad("the mock runs on real time; start it with --manual-clock", 409)
            try:
                seconds = float((await _json_body(request)).get("seconds", 0))
                state.advance_clock(seconds)
            except (ValueError, TypeError) as exc:
                return _bad(str(exc))
        return json_response({"now": state.now(), "manual": manual})

    async def config(request: Request) -> Response:
        cfg = state.config
        if request.method == "PATCH":
            try:
                body = await _json_body(request)
                for name in ("processing_secs", "processing_pending_secs"):
                    if name in body:
                        setattr(cfg, name, float(body[name]))
                for name in ("chunk_limit", "check_after_secs"):
                    if name in body:
                        setattr(cfg, name, int(body[name]))
                if "rate_limits_enabled" in body:
                    cfg.rate_limits_enabled = bool(body["rate_limits_enabled"])
                for group, limit in dict(body.get("rate_limits", {})).items():
                    cfg.rate_limits[str(group)] = RateLimit(int(limit))
            except (ValueError, TypeError) as exc:
                return _bad(str(exc))
        return json_response(
            {
                "chunk_limit": cfg.chunk_limit,
                "processing_secs": cfg.processing_secs,
                "processing_pending_secs": cfg.processing_pending_secs,
                "check_after_secs": cfg.check_after_secs,
                "rate_limits_enabled": cfg.rate_limits_enabled,
                "rate_limits": {g: rl.limit for g, rl in cfg.rate_limits.items()},
                "category_limits": {c: lim.max_bytes for c, lim in cfg.category_limits.items()},
            }
        )

    return [
        Route("/_mock/health", health, methods=["GET"]),
        Route("/_mock/stats", stats, methods=["GET"]),
        Route("/_mock/uploads/{media_id}", digest, methods=["GET"]),
        Route("/_mock/faults", faults, methods=["GET", "POST", "PUT", "DELETE"]),
        Route("/_mock/reset", reset, methods=["POST"]),
        Route("/_mock/clock", clock, methods=["GET", "POST"]),
        Route("/_mock/config", config, methods=["GET", "PATCH"]),
    ]
