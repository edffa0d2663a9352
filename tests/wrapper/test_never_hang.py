"""Never hang: whole-request deadlines, non-regular files refused before open, rate-limit waits
announced and capped, retries visible."""

from __future__ import annotations

import io
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from xmedia import (
    AsyncXMedia,
    NotARegularFileError,
    OAuth2UserToken,
    ProgressEvent,
    RateLimitedError,
    TransportError,
    UploadConfig,
    XMedia,
)
from xmedia.testing import Runtime
from xmedia_mock.testing import fake_mp4

from tests.reliability.hostile import HeaderTricklingServer

TOKEN = OAuth2UserToken("t")


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return
        body += chunk


@contextmanager
def _raw_server(respond: Callable[[socket.socket, threading.Event], None]) -> Iterator[str]:
    """A socket server that reads each request, then lets ``respond`` answer it (until the
    event is set when the test ends)."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            try:
                _read_request(conn)
                respond(conn, stop)
            except OSError:
                return

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()


@contextmanager
def trickling_server(interval: float = 0.1) -> Iterator[str]:
    """Answers every request with headers at once, then one body byte per ``interval``:
    every read succeeds, so no per-read timeout ever fires."""

    def respond(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n"
        )
        while not stop.is_set():
            conn.sendall(b" ")
            time.sleep(interval)

    with _raw_server(respond) as url:
        yield url


@contextmanager
def flooding_server(sent: list[int], *, announced: bool) -> Iterator[str]:
    """Answers every request with an endless body as fast as the client takes it (chunked), or
    with a Content-Length of 4 GiB (``announced``); adds the body bytes sent to ``sent``."""
    block = b" " * (1024 * 1024)

    def respond(conn: socket.socket, stop: threading.Event) -> None:
        length = b"content-length: 4294967296" if announced else b"transfer-encoding: chunked"
        conn.sendall(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n" + length + b"\r\n\r\n"
        )
        frame = block if announced else b"%x\r\n%b\r\n" % (len(block), block)
        while not stop.is_set():
            conn.sendall(frame)
            sent.append(len(block))

    with _raw_server(respond) as url:
        yield url


@contextmanager
def header_trickling_server() -> Iterator[str]:
    """A status line, then an endless header one byte at a time (tests/reliability/hostile.py)."""
    with HeaderTricklingServer() as server:
        yield server.base_url


DEADLINE = UploadConfig(request_timeout=1.0, stall_timeout=0.5, max_attempts=2, journal=False)


def test_a_trickling_answer_is_cut_at_the_request_deadline() -> None:
    with (
        trickling_server() as url,
        XMedia(TOKEN, base_url=url, config=DEADLINE) as client,
        pytest.raises(TransportError) as info,
    ):
        client.upload(fake_mp4(2000))
    assert info.value.timed_out and info.value.attempts == 2
    assert "request deadline" in str(info.value)


def test_headers_that_trickle_are_cut_at_the_request_deadline_too() -> None:
    """httpx reads headers with a per-read timeout only; the blocking client's transport bounds
    every socket read by the time left, so the request ends at its deadline, reported as such."""
    with (
        header_trickling_server() as url,
        XMedia(TOKEN, base_url=url, config=DEADLINE) as client,
    ):
        # Two attempts of 1 s each plus a back-off; unbounded, it would run until the server stops.
        error = _in_thread(lambda: client.upload(fake_mp4(2000)), seconds=30)
    assert isinstance(error, TransportError), error
    assert error.timed_out and error.attempts == 2
    assert "request deadline" in str(error)


@pytest.mark.parametrize("announced", [False, True], ids=["streamed", "content-length"])
@pytest.mark.parametrize("driver", ["sync", "async"])
def test_an_answer_larger_than_any_x_answer_is_not_read(driver: str, announced: bool) -> None:
    """A server (a wrong base URL, a proxy's download) answering with an endless body: the client
    stops at 16 MiB instead of filling memory until the deadline, and does not ask again."""
    from xmedia._calls import MAX_ANSWER_BYTES

    sent: list[int] = []
    config = UploadConfig(request_timeout=60.0, max_attempts=3, journal=False)

    async def upload_async(url: str) -> None:
        async with AsyncXMedia(TOKEN, base_url=url, config=config) as client:
            await client.upload(fake_mp4(2000))

    def upload(url: str) -> None:
        if driver == "async":
            anyio.run(upload_async, url)
        else:
            with XMedia(TOKEN, base_url=url, config=config) as client:
                client.upload(fake_mp4(2000))

    with flooding_server(sent, announced=announced) as url:
        error = _in_thread(lambda: upload(url), seconds=30)
    assert isinstance(error, TransportError), error
    assert error.attempts == 1 and not error.timed_out
    assert "larger than 16 MiB" in str(error)
    # What the client took before closing: at most the cap plus what the socket buffers held.
    assert sum(sent) < MAX_ANSWER_BYTES + 16 * 1024 * 1024
    if announced:  # refused on the header: hardly any of the body was read
        assert sum(sent) < MAX_ANSWER_BYTES


@pytest.mark.parametrize("headers", [False, True], ids=["body", "headers"])
def test_the_async_client_cuts_trickling_headers_and_bodies(headers: bool) -> None:
    async def scenario() -> None:
        async with AsyncXMedia(TOKEN, base_url=url, config=DEADLINE) as client:
            with pytest.raises(TransportError) as info:
                await client.upload(fake_mp4(2000))
        assert info.value.timed_out and "request deadline" in str(info.value)

    with header_trickling_server() if headers else trickling_server() as url:
        anyio.run(scenario)


def test_a_silent_server_ends_at_the_stall_timeout() -> None:
    listener = socket.create_server(("127.0.0.1", 0))  # accepts (backlog), never answers
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    config = UploadConfig(request_timeout=5.0, stall_timeout=0.3, max_attempts=1, journal=False)
    try:
        with (
            XMedia(TOKEN, base_url=url, config=config) as client,
            pytest.raises(TransportError) as info,
        ):
            client.upload(fake_mp4(2000))
        assert info.value.timed_out
    finally:
        listener.close()


def _in_thread(call: Callable[[], Any], seconds: float = 20.0) -> BaseException | None:
    """Run ``call`` so that a hang fails the test instead of blocking the suite."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, "blocked: the call never returned"
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_nobody_writes_to_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "clip.mp4"
    os.mkfifo(fifo)
    client = XMedia(TOKEN, base_url="http://127.0.0.1:9", config=UploadConfig(journal=False))
    for call in (lambda: client.upload(fifo), lambda: client.check(fifo)):
        error = _in_thread(call)
        assert isinstance(error, NotARegularFileError) and "FIFO" in str(error)


def test_directories_sockets_and_devices_are_refused_by_kind(tmp_path: Path) -> None:
    client = XMedia(TOKEN, base_url="http://127.0.0.1:9", config=UploadConfig(journal=False))
    sock_path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        for target, kind in (
            (tmp_path, "directory"),
            (sock_path, "socket"),
            (Path("/dev/null"), "character device"),
        ):
            with pytest.raises(NotARegularFileError, match=kind):
                client.check(target)
    finally:
        server.close()


# --- rate limits and retries, announced ----------------------------------------------------------


def _scripted(
    answers: dict[str, list[httpx.Response]],
) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        for suffix, queue in answers.items():
            if request.url.path.endswith(suffix):
                return queue.pop(0) if len(queue) > 1 else queue[0]
        return httpx.Response(404)

    return handler


class FakeTime:
    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def runtime(self) -> Runtime:
        return Runtime(clock=lambda: self.now, sleep=self.sleep, async_sleep=self.async_sleep)


def _answers(reset_in: float) -> dict[str, list[httpx.Response]]:
    limited = httpx.Response(
        429,
        headers={"x-rate-limit-reset": str(int(1_000_000 + reset_in))},
        json={"title": "Too Many Requests", "type": "about:blank"},
    )
    return {
        "/initialize": [
            limited,
            httpx.Response(503, text="busy"),
            httpx.Response(200, json={"data": {"id": "77", "expires_after_secs": 3600}}),
        ],
        "/append": [httpx.Response(204)],
        "/finalize": [httpx.Response(200, json={"data": {"id": "77", "media_key": "3_77"}})],
    }


@pytest.mark.parametrize("driver", ["sync", "async"])
def test_rate_limit_waits_and_retries_are_progress_events(driver: str) -> None:
    fake = FakeTime()
    events: list[ProgressEvent] = []
    config = UploadConfig(journal=False, max_rate_limit_wait=60)
    handler = _scripted(_answers(reset_in=30))
    if driver == "sync":
        http = httpx.Client(transport=httpx.MockTransport(handler))
        with XMedia(
            TOKEN, base_url="https://api.x.com", http_client=http, config=config,
            runtime=fake.runtime(),
        ) as client:  # fmt: skip
            client.upload(io.BytesIO(fake_mp4(500)), on_progress=events.append)
    else:

        async def scenario() -> None:
            http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
            async with AsyncXMedia(
                TOKEN, base_url="https://api.x.com", http_client=http, config=config,
                runtime=fake.runtime(),
            ) as client:  # fmt: skip
                await client.upload(io.BytesIO(fake_mp4(500)), on_progress=events.append)

        anyio.run(scenario)
    waits = [e for e in events if e.phase in ("rate_limit", "retry")]
    assert [(e.phase, e.operation, e.attempt) for e in waits] == [
        ("rate_limit", "initialize", 1),
        ("retry", "initialize", 2),
    ]
    limit, retry = waits
    assert limit.wait_seconds == 31 and limit.reset_at == 1_000_031  # the reset, + 1 s
    assert retry.reason == "HTTP 503" and retry.wait_seconds == fake.sleeps[1]
    assert fake.sleeps[0] == 31


def test_a_rate_limit_beyond_the_cap_names_the_reset_time() -> None:
    fake = FakeTime()
    http = httpx.Client(transport=httpx.MockTransport(_scripted(_answers(reset_in=3600))))
    config = UploadConfig(journal=False, max_rate_limit_wait=600)
    with XMedia(
        TOKEN, base_url="https://api.x.com", http_client=http, config=config,
        runtime=fake.runtime(),
    ) as client, pytest.raises(RateLimitedError) as info:  # fmt: skip
        client.upload(io.BytesIO(fake_mp4(500)))
    error = info.value
    assert fake.sleeps == []  # no silent 1-hour wait
    assert error.reset_at == 1_003_600 and error.wait_seconds == 3601 and error.max_wait == 600
    assert "1970-01-12 14:46:40 UTC" in str(error) and "600 s allowed" in str(error)
