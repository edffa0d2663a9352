"""The whole-request deadline for the blocking driver, down to every socket operation.

httpx's timeouts are per operation: a server that trickles its answer (headers included) one byte
every few seconds never trips them. The async driver ends a request wherever it is with a cancel
scope; threads cannot be cancelled, so here every socket operation is bounded instead: the
transport's network streams cap each connect, TLS handshake, read and write at the time left
before the deadline of the request the current thread is sending (a context variable that
``request_deadline`` sets). When no time is left the operation fails as httpx's own timeouts do.

Only a client xmedia creates uses this transport, and only for direct connections; a caller's own
``httpx.Client``, and requests sent through a proxy from the environment (``HTTPS_PROXY``, which
httpx routes through its own proxy transports), keep their transport: there the calls module still
ends a trickling *body* at the deadline, but a trickle of *headers* is bounded per read only.
"""

from __future__ import annotations

import contextvars
import ssl
import time
import typing
from collections.abc import Iterator
from contextlib import contextmanager

import httpcore
import httpx

__all__ = ["DeadlineTransport", "request_deadline"]

#: time.monotonic() at which the request this thread is sending must be over (None: no deadline).
_ENDS_AT: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "xmedia_request_ends_at", default=None
)


@contextmanager
def request_deadline(ends_at: float) -> Iterator[None]:
    """Bound every socket operation of this thread's request by ``ends_at`` (time.monotonic)."""
    token = _ENDS_AT.set(ends_at)
    try:
        yield
    finally:
        _ENDS_AT.reset(token)


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    ends_at = _ENDS_AT.get()
    if ends_at is None:
        return timeout
    left = ends_at - time.monotonic()
    if left <= 0:
        raise error("the request deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's own HTTP transport, with its connection pool's network backend wrapped so that
    every socket operation is bounded by the current request's deadline."""

    def __init__(self, *, limits: httpx.Limits) -> None:
        super().__init__(limits=limits)
        pool = self._pool
        # httpcore.ConnectionPool keeps its backend in `_network_backend` (httpcore 1.x); the
        # never-hang tests (a server trickling its headers) fail if that ever changes.
        if not isinstance(pool, httpcore.ConnectionPool) or not hasattr(pool, "_network_backend"):
            raise RuntimeError("unsupported httpcore: its connection pool has no network backend")
        pool._network_backend = _DeadlineBackend(pool._network_backend)
