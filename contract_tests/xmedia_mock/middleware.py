"""Fault injection around the /2 routes: latency, 5xx, 429, aborted, truncated or slow responses."""

from __future__ import annotations

from email.utils import formatdate
from typing import Any

import anyio
import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .faults import FaultDecision
from .problems import Problems
from .routing import header_bucket
from .state import MockState

_UPLOAD_COMMANDS = {b"INIT": "initialize", b"APPEND": "append", b"FINALIZE": "finalize"}


def classify(scope: Scope) -> str:
    """The operation name of a /2 request, from method, path and query alone (no body)."""
    path: str = scope["path"].rstrip("/")
    method: str = scope["method"]
    if path == "/2/media/upload/initialize":
        return "initialize"
    if path.startswith("/2/media/upload/") and path.endswith("/append"):
        return "append"
    if path.startswith("/2/media/upload/") and path.endswith("/finalize"):
        return "finalize"
    if path == "/2/media/upload":
        if method == "GET":
            return "status"
        for pair in scope.get("query_string", b"").split(b"&"):
            name, _, value = pair.partition(b"=")
            if name == b"command":
                return _UPLOAD_COMMANDS.get(value, "oneshot")
        return "oneshot"
    if path == "/2/media/metadata":
        return "metadata"
    if path == "/2/media/subtitles":
        return "subtitles"
    if path == "/2/media/analytics":
        return "analytics"
    if path == "/2/media" or path.startswith("/2/media/"):
        return "lookup"
    return "unknown"


class _InjectedAbort(Exception):
    """Raised inside ``send`` to stop a response half-way."""


async def _drain(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


class FaultMiddleware:
    def __init__(self, app: ASGIApp, state: MockState, problems: Problems, app_state: Any) -> None:
        self.app = app
        self.state = state
        self.problems = problems
        self.app_state = app_state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == "/2" or path.startswith("/2/")):
            await self.app(scope, receive, send)
            return
        operation = classify(scope)
        send = self._with_rate_headers(send, operation)
        decision = (
            self.state.faults.decide(operation) if self.state.faults.plan else FaultDecision()
        )
        if decision.latency_ms > 0:
            await anyio.sleep(decision.latency_ms / 1000)
        if decision.kind in ("error", "rate_limit") and decision.rule is not None:
            await self._refuse(scope, receive, send, operation, decision)
            return
        if decision.kind == "drop":
            await self._drop(receive, send)
            return
        if decision.kind in ("abort", "truncate", "slow") and decision.rule is not None:
            await self._mangle(scope, receive, send, decision)
            return
        await self.app(scope, receive, send)

    def _with_rate_headers(self, send: Send, operation: str) -> Send:
        """Every /2 answer carries x-rate-limit-*; fill them in where no handler did (404/405).

        And a ``date`` from the mock's own clock (RFC 9110 §6.6.1: an origin server with a clock
        sends one; that X's do is inferred, docs/x-fidelity.md): rate-limit resets are Unix times
        on that clock, so a client or a check comparing them with "now" has the server's now,
        even when a test moved the mock's manual clock hours ahead. (The servers turn off
        uvicorn's own, real-time date.)"""

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"x-rate-limit-limit" for name, _ in headers):
                    _, extra = self.state.rate_limiter.hit(
                        "anonymous", header_bucket(operation), consume=False
                    )
                    headers += [(k.encode(), v.encode()) for k, v in extra.items()]
                if not any(name.lower() == b"date" for name, _ in headers):
                    headers.append((b"date", formatdate(self.state.now(), usegmt=True).encode()))
                message = {**message, "headers": headers}
            await send(message)

        return send_with_headers

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, operation: str, decision: FaultDecision
    ) -> None:
        # Read (and drop) the body first, as a real front end failing after receipt would.
        await _drain(receive)
        assert decision.rule is not None
        _, headers = self.state.rate_limiter.hit(
            "anonymous", header_bucket(operation), consume=False
        )
        if decision.kind == "rate_limit":
            headers["x-rate-limit-remaining"] = "0"
            headers["x-rate-limit-reset"] = str(int(self.state.now()) + 1)
            error = Problems.too_many_requests(headers)
        else:
            error = self.problems.server_error(decision.rule.status)
            error.headers.update(headers)
        self.state.count_request(operation, error.status)
        await error.to_response()(scope, receive, send)

    async def _drop(self, receive: Receive, send: Send) -> None:
        """Read the request, never process it, start a response and die."""
        await _drain(receive)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
            }
        )
        self._die()

    def _die(self) -> None:
        if self.app_state.over_socket:
            # Returning with the response unfinished makes uvicorn close the connection:
            # the client sees a protocol/read error mid-response.
            return
        # In-process (httpx.ASGITransport) the same failure is raised to the client directly.
        raise httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body (xmedia-mock fault)"
        )

    async def _mangle(
        self, scope: Scope, receive: Receive, send: Send, decision: FaultDecision
    ) -> None:
        rule = decision.rule
        assert rule is not None

        async def mangled_send(message: Message) -> None:
            if message["type"] != "http.response.body":
                await send(message)
                return
            body: bytes = message.get("body", b"")
            if decision.kind == "abort":
                raise _InjectedAbort
            if decision.kind == "truncate":
                await send(
                    {
                        "type": "http.response.body",
                        "body": body[: len(body) // 2],
                        "more_body": True,
                    }
                )
                raise _InjectedAbort
            # slow: trickle the body in small pieces
            piece = max(1, rule.bytes_per_sec // 20)
            for start in range(0, len(body), piece):
                await send(
                    {
                        "type": "http.response.body",
                        "body": body[start : start + piece],
                        "more_body": True,
                    }
                )
                await anyio.sleep(0.05)
            await send(
                {
                    "type": "http.response.body",
                    "body": b"",
                    "more_body": message.get("more_body", False),
                }
            )

        try:
            await self.app(scope, receive, mangled_send)
        except _InjectedAbort:
            self._die()
