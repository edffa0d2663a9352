"""The mock as its own process for the benchmarks (so the uploader's RSS and CPU are its own).

The app is the bundled mock (``xmedia_mock.create_app``) configured from ``XMEDIA_MOCK_*``
variables exactly like ``xmedia-mock`` (processing times, data dir...), with two benchmark
overrides: rate limits off (the benchmark sends thousands of APPENDs in minutes) and video
categories allowed up to 2 GiB so the 1 GiB memory run is accepted (X documents up to 8 GB for
long video; the mock's default keeps the historical 512 MB). Latency faults are set per section
through ``/_mock/faults``.

It is served by uvicorn the way ``xmedia_mock.serve()`` does it (same options, a listening socket
created with ``IPPROTO_TCP``: asyncio only turns on TCP_NODELAY for sockets whose ``proto`` is
IPPROTO_TCP, and without it every keep-alive response waits for the client's delayed ACK, ~40 ms
per request on Linux loopback — serve() had that bug until this benchmark found it), plus one
benchmark-only addition, off unless asked for (``POST /_bench/latency-after-body``
``{"ms": 50}``): latency injected *after* each /2 request's body has been received. The mock's
own latency fault sleeps before the app reads the body (and uvicorn stops reading a request once
64 KiB are buffered), which could make concurrent APPENDs queue their transfers; the diagnostic
latency-hiding run uses this instead to tell that apart from the mock's own per-APPEND work
(parsing, writing), which comes after the wait either way.

Prints ``BENCH_MOCK_URL <base url>`` once serving, and exits when stdin closes or on SIGTERM.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import signal
import socket
import sys
import threading
from types import FrameType
from typing import Any

import anyio
import uvicorn
from xmedia_mock import MockConfig, create_app

GiB = 1024**3


def bench_config() -> MockConfig:
    base = MockConfig.from_env()
    limits = {
        name: dataclasses.replace(limit, max_bytes=2 * GiB) if limit.kind == "video" else limit
        for name, limit in base.category_limits.items()
    }
    return base.with_changes(category_limits=limits, rate_limits_enabled=False)


Message = dict[str, Any]


class LatencyAfterBody:
    """ASGI wrapper: receive a /2 request's whole body, wait ``ms``, then run the app."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.ms = 0.0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == "/_bench/latency-after-body" and scope.get("method") == "POST":
            body = b""
            while True:
                message = await receive()
                body += message.get("body", b"")
                if not message.get("more_body"):
                    break
            self.ms = float(json.loads(body or b"{}").get("ms", 0))
            payload = json.dumps({"ms": self.ms}).encode()
            headers = [(b"content-type", b"application/json")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": payload})
            return
        if self.ms <= 0 or not path.startswith("/2/"):
            await self.app(scope, receive, send)
            return
        buffered: list[Message] = []
        while True:
            message = await receive()
            buffered.append(message)
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        await anyio.sleep(self.ms / 1000)

        async def replay() -> Message:
            if buffered:
                return buffered.pop(0)
            return dict(await receive())

        await self.app(scope, replay, send)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    app = create_app(bench_config())
    app.state.over_socket = True
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            LatencyAfterBody(app),
            log_level="warning",
            access_log=False,
            lifespan="off",
            date_header=False,  # the mock sends its own (xmedia_mock middleware)
            timeout_keep_alive=30,
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("mock failed to start")
            thread.join(0.01)
        sys.stdout.write(f"BENCH_MOCK_URL http://127.0.0.1:{port}\n")
        sys.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            sys.stdin.read()
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        app.state.mock.close()


if __name__ == "__main__":
    main()
