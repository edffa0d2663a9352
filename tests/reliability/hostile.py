"""A hostile network path in front of the mock: answers X never sends, but proxies and broken
servers do (402, HTML pages, redirects to http, malformed or incomplete JSON, unknown states),
and answers that never end: a trickle (headers, then a byte every second), silence (the request
is read, nothing comes back), headers that trickle forever (``HeaderTricklingServer``), and a
half-closed connection (``HalfClosingServer``: the request
is read, then the server's side of the TCP connection is shut with no answer).

``serve_hostile(config)`` runs ``Hostile(create_app(config))`` with uvicorn on a loopback port,
like :func:`xmedia_mock.serve`; a test sets ``hostile.interference`` for the case at hand.
Everything not interfered with reaches the real mock unchanged.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import anyio
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from xmedia_mock import MockConfig, MockState, create_app
from xmedia_mock.middleware import classify


@dataclass(frozen=True)
class Answer:
    """A canned HTTP answer."""

    status: int
    body: bytes = field(default=b"", repr=False)  # may be megabytes
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def json(cls, status: int, body: Any, *headers: tuple[str, str]) -> Answer:
        return cls(status, json.dumps(body).encode(), "application/json", headers)

    @classmethod
    def html(cls, status: int, title: str) -> Answer:
        page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
        return cls(status, page.encode(), "text/html; charset=utf-8")


def _unknown_state(body: dict[str, Any]) -> dict[str, Any]:
    data = body.get("data")
    if isinstance(data, dict) and isinstance(data.get("processing_info"), dict):
        data["processing_info"]["state"] = "transcoding_differently"
        data["processing_info"].pop("progress_percent", None)
    return body


#: Rewrites of the mock's own JSON answer, by name (names appear in the docs table).
REWRITES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "unknown_state": _unknown_state,
}


# --- misbehaviour below HTTP answers: trickling, silent, half-closed ---------------------------


class Stall(StrEnum):
    """Answers that never end: what a request deadline exists for."""

    #: the status line and headers at once, then one body byte every ``TRICKLE_SECONDS``
    #: (each read succeeds, so a per-read timeout never fires).
    TRICKLE = "trickle"
    #: the request is read, nothing is ever sent back; the connection stays open.
    SILENT = "silent"


TRICKLE_SECONDS = 1.0


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _stall(kind: Stall, receive: Receive, send: Send) -> None:
    """Hold the request open the way ``kind`` says, until the client gives up."""
    await _drain(receive)
    async with anyio.create_task_group() as group:

        async def trickle() -> None:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", b"1000000"),
                    ],
                }
            )
            while True:
                await send({"type": "http.response.body", "body": b" ", "more_body": True})
                await anyio.sleep(TRICKLE_SECONDS)

        if kind is Stall.TRICKLE:
            group.start_soon(trickle)
        await _until_disconnect(receive)
        group.cancel_scope.cancel()


class HalfClosingServer:
    """A raw TCP server that reads each request and then shuts its side of the connection
    (FIN, no answer): the client sees the connection end without a response. ``requests``
    counts what it read."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.base_url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self.requests = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> HalfClosingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:  # timeout: look at the stop flag again
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                self.requests += 1
                self._respond(conn)
            except OSError:  # the client gave up and closed
                return

    def _respond(self, conn: socket.socket) -> None:
        conn.shutdown(socket.SHUT_WR)
        while conn.recv(65536):  # until the client closes its side too
            pass


class HeaderTricklingServer(HalfClosingServer):
    """A raw TCP server that reads each request, then sends a status line and one byte of a
    header that never ends every 0.2 s: every read succeeds, so no per-read timeout fires, and
    the headers never complete (an ASGI app cannot do this: it hands over headers whole)."""

    def _respond(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nx-trickle: ")
        while not self._stop.is_set():
            conn.sendall(b"a")
            time.sleep(0.2)


@dataclass(frozen=True)
class Interference:
    """What happens to requests of ``operation``: the first ``after`` pass untouched, then
    ``times`` of them (None: all) get ``answer`` instead of the mock's, or an answer that never
    ends (``stall``), or the mock's answer rewritten by ``rewrite``, or pass after running
    ``hook`` (named; the test supplies it)."""

    operation: str
    answer: Answer | None = None
    stall: Stall | None = None
    rewrite: str | None = None
    hook: str | None = None
    after: int = 0
    times: int | None = None


async def _drain(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


class Hostile:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.interference: Interference | None = None
        self.hooks: dict[str, Callable[[], None]] = {}
        self.seen: Counter[str] = Counter()  # /2 requests by operation
        self.fired = 0
        self._lock = threading.Lock()
        self._in_flight = 0

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until no /2 request is being handled: one held by a hook (an interrupt holds
        its request while the signal lands) would otherwise reach the mock after the next row
        reset it, and count against that row's rate-limit window."""
        deadline = time.monotonic() + timeout
        while self._in_flight and time.monotonic() < deadline:
            time.sleep(0.01)

    def set(self, interference: Interference | None) -> None:
        with self._lock:
            self.interference = interference
            self.seen.clear()
            self.fired = 0

    def _applies(self, operation: str) -> Interference | None:
        with self._lock:
            self.seen[operation] += 1
            rule = self.interference
            if rule is None or rule.operation != operation:
                return None
            if self.seen[operation] <= rule.after:
                return None
            if rule.times is not None and self.fired >= rule.times:
                return None
            self.fired += 1
            return rule

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/2"):
            await self.app(scope, receive, send)
            return
        with self._lock:
            self._in_flight += 1
        try:
            await self._handle(scope, receive, send)
        finally:
            with self._lock:
                self._in_flight -= 1

    async def _handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        rule = self._applies(classify(scope))
        if rule is None:
            await self.app(scope, receive, send)
            return
        if rule.hook is not None:
            self.hooks[rule.hook]()
        if rule.answer is not None:
            await _drain(receive)
            await self._send(send, rule.answer)
            return
        if rule.stall is not None:
            await _stall(rule.stall, receive, send)
            return
        if rule.rewrite is not None:
            await self._rewritten(scope, receive, send, REWRITES[rule.rewrite])
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _send(send: Send, answer: Answer) -> None:
        headers = [
            (b"content-type", answer.content_type.encode()),
            (b"content-length", str(len(answer.body)).encode()),
            *((k.encode(), v.encode()) for k, v in answer.headers),
        ]
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body})

    async def _rewritten(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        rewrite: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> None:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        try:
            parsed = json.loads(body)
            if isinstance(parsed, dict):
                body = json.dumps(rewrite(parsed)).encode()
        except ValueError:
            pass
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})


@dataclass
class HostileServer:
    base_url: str
    state: MockState
    config: MockConfig
    hostile: Hostile
    extra: dict[str, Any] = field(default_factory=dict)


@contextmanager
def serve_hostile(config: MockConfig) -> Iterator[HostileServer]:
    app = create_app(config)
    app.state.over_socket = True
    hostile = Hostile(app)
    # IPPROTO_TCP (as xmedia_mock.serve does): asyncio then sets TCP_NODELAY on accepted
    # connections, so keep-alive answers do not wait ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(hostile, log_level="warning", access_log=False, lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("hostile proxy failed to start")
            thread.join(0.01)
        yield HostileServer(f"http://127.0.0.1:{port}", app.state.mock, config, hostile)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        app.state.mock.close()
