"""The only module that imports the generated client (``xmedia_generated``).

It turns the core's request descriptions into generated requests (the generated models and
each operation's public ``build_request`` make method, URL and body), sends them on the
driver's httpx client within the whole-request deadline, and hands the answers back as plain
:class:`Reply` values. Answers are parsed once, by the core's tolerant parser: X's answers vary
across versions (unknown processing states, new fields, problems on two hosts) and the
generated parsers are strict, so running them first would only parse every answer twice.
"""

from __future__ import annotations

import io
import time
from typing import Any

import httpx
from xmedia_generated.api.media import (
    append_media_upload,
    finalize_media_upload,
    get_media_upload_status,
    initialize_media_upload,
)
from xmedia_generated.models import GetMediaUploadStatusCommand
from xmedia_generated.types import UNSET, File

from ._deadline import request_deadline
from ._requests import (
    AnalyticsRequest,
    AppendRequest,
    FinalizeRequest,
    InitRequest,
    LookupRequest,
    MediaByKeyRequest,
    MetadataRequest,
    Outcome,
    Reply,
    Request,
    StatusRequest,
    SubtitlesCreateRequest,
    SubtitlesDeleteRequest,
    TransportFailure,
)

__all__ = ["AsyncCalls", "SyncCalls"]

_LOOKUP_FIELDS = (
    "alt_text",
    "duration_ms",
    "height",
    "media_key",
    "preview_image_url",
    "type",
    "url",
    "width",
)


class _WholeChunk(io.BytesIO):
    """A chunk httpx reads in one piece: its multipart writer reads files 64 KiB at a time, which
    costs one socket send per piece (~4,700 per 256 MiB instead of ~650). ``read`` ignores the
    size and hands over the rest; for an unread BytesIO that is the original bytes, not a copy."""

    def read(self, size: int | None = -1, /) -> bytes:
        return super().read()


def _build(request: Request, payload: bytes | None, opened: list[io.BytesIO]) -> dict[str, Any]:
    """The httpx arguments the generated request builder makes for ``request``.

    File objects made for the body are appended to ``opened``; the caller closes them once the
    request is over. That matters for memory: httpx responses sit in reference cycles (response
    <-> its bound stream) that keep the request, and so the chunk, alive until the cyclic GC
    runs; closing the BytesIO releases the chunk at once, keeping memory at concurrency x chunk.
    """
    # Bodies are built from their wire fields through each operation's ``RequestBody`` alias:
    # X renames its schema names between versions (2.167 renamed every media schema), the wire
    # names stay, so nothing here names a generated model.
    if isinstance(request, AppendRequest):
        assert payload is not None
        chunk = _WholeChunk(payload)
        opened.append(chunk)
        append = append_media_upload.RequestBody.from_dict(
            {"media": b"", "segment_index": request.segment.index}
        )
        append.media = File(payload=chunk, file_name="media", mime_type="application/octet-stream")
        return append_media_upload.build_request(request.media_id, body=append)
    if isinstance(request, InitRequest):
        fields: dict[str, Any] = {
            "media_type": request.media_type,
            "total_bytes": request.total_bytes,
        }
        if request.media_category is not None:
            fields["media_category"] = request.media_category
        init = initialize_media_upload.RequestBody.from_dict(fields)
        return initialize_media_upload.build_request(body=init)
    if isinstance(request, FinalizeRequest):
        return finalize_media_upload.build_request(request.media_id)
    if isinstance(request, StatusRequest):
        return get_media_upload_status.build_request(
            media_id=request.media_id, command=GetMediaUploadStatusCommand.STATUS
        )
    # The operations an upload does not need are imported when first used (start-up time).
    if isinstance(request, MetadataRequest):
        from xmedia_generated.api.media import create_media_metadata

        metadata = create_media_metadata.RequestBody.from_dict(
            {"id": request.media_id, "metadata": {"alt_text": {"text": request.alt_text}}}
        )
        return create_media_metadata.build_request(body=metadata)
    if isinstance(request, SubtitlesCreateRequest):
        from xmedia_generated.api.media import create_media_subtitles

        subtitles: dict[str, Any] = {
            "id": request.subtitles_media_id,
            "language_code": request.language_code,
        }
        if request.display_name is not None:
            subtitles["display_name"] = request.display_name
        create = create_media_subtitles.RequestBody.from_dict(
            {
                "id": request.media_id,
                "media_category": request.media_category,
                "subtitles": subtitles,
            }
        )
        return create_media_subtitles.build_request(body=create)
    if isinstance(request, SubtitlesDeleteRequest):
        from xmedia_generated.api.media import delete_media_subtitles

        delete = delete_media_subtitles.RequestBody.from_dict(
            {
                "id": request.media_id,
                "media_category": request.media_category,
                "language_code": request.language_code,
            }
        )
        return delete_media_subtitles.build_request(body=delete)
    if isinstance(request, LookupRequest):
        from xmedia_generated.api.media import get_media_by_media_keys
        from xmedia_generated.models import GetMediaByMediaKeysMediaFieldsItem as Field

        known = {item.value for item in Field}
        wanted = [Field(name) for name in _LOOKUP_FIELDS if name in known]
        return get_media_by_media_keys.build_request(
            media_keys=list(request.media_keys), media_fields=wanted if wanted else UNSET
        )
    if isinstance(request, MediaByKeyRequest):
        from xmedia_generated.api.media import get_media_by_media_key
        from xmedia_generated.models import GetMediaByMediaKeyMediaFieldsItem as KeyField

        known_fields = {item.value for item in KeyField}
        key_fields = [KeyField(name) for name in _LOOKUP_FIELDS if name in known_fields]
        return get_media_by_media_key.build_request(
            request.media_key, media_fields=key_fields if key_fields else UNSET
        )
    if isinstance(request, AnalyticsRequest):
        from xmedia_generated.api.media import get_media_analytics
        from xmedia_generated.models import GetMediaAnalyticsGranularity as Granularity
        from xmedia_generated.models import (
            GetMediaAnalyticsMediaAnalyticsFieldsItem as AnalyticsField,
        )

        query = request.query
        return get_media_analytics.build_request(
            media_keys=list(query.media_keys),
            start_time=query.start_time,
            end_time=query.end_time,
            granularity=Granularity(query.granularity),
            media_analytics_fields=[AnalyticsField(name) for name in query.fields],
        )
    raise TypeError(f"unknown request {type(request).__name__}")


def _transport_failure(exc: httpx.HTTPError) -> TransportFailure:
    # The type name and message only: httpx messages carry no credentials (they live in headers).
    description = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return TransportFailure(description, timed_out=isinstance(exc, httpx.TimeoutException))


#: The most of an answer that is read. X's media answers are JSON of a few KiB (analytics for 100
#: media keys, hourly, stays in single MiB); a larger answer is not X's (a wrong base URL, a proxy's
#: download), and reading on would let it fill memory before the request deadline ends it.
MAX_ANSWER_BYTES = 16 * 1024 * 1024


def _too_large() -> TransportFailure:
    return TransportFailure(
        f"the answer was larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MiB, more than any X "
        "media answer, and was not read (is the base URL X's API?)",
        final=True,
    )


def _announced_too_large(response: httpx.Response) -> bool:
    length = response.headers.get("content-length", "")
    return length.isdigit() and int(length) > MAX_ANSWER_BYTES


def _too_slow(deadline: float) -> TransportFailure:
    return TransportFailure(
        f"no complete answer within the {deadline:g} s request deadline "
        "(UploadConfig.request_timeout); the server or the network is too slow",
        timed_out=True,
    )


def _at_deadline(exc: httpx.TransportError, ends_at: float) -> bool:
    """A timeout that fired when the request's whole time was up: the deadline ended it (a
    stall limit or a bounded socket read can fire a moment before our own check would)."""
    return isinstance(exc, httpx.TimeoutException) and time.monotonic() >= ends_at - _SLACK


#: Timers fire up to this early or late relative to time.monotonic(); well below any deadline.
_SLACK = 0.05


class _DeadlineExceeded(Exception):
    """The whole-request deadline passed while the answer was still arriving."""


def _absolute(
    kwargs: dict[str, Any], base_url: str, auth: httpx.Auth | None, timeout: httpx.Timeout
) -> dict[str, Any]:
    # Absolute URLs, per-request auth and timeout: a caller's own httpx client is used as is,
    # never mutated, and still gets our timeouts.
    kwargs["url"] = base_url + kwargs["url"]
    kwargs["timeout"] = timeout
    if auth is not None:
        kwargs["auth"] = auth
    return kwargs


def _reply(response: httpx.Response, content: bytes) -> Reply:
    return Reply.from_raw(response.status_code, dict(response.headers.items()), content)


class _Settings:
    def __init__(
        self, base_url: str, auth: httpx.Auth | None, timeout: httpx.Timeout, deadline: float
    ) -> None:
        self.base_url = base_url
        self.auth = auth
        self.timeout = timeout
        #: Seconds a whole request may take, answer included (``UploadConfig.request_timeout``).
        self.deadline = deadline

    def arguments(
        self, request: Request, payload: bytes | None, opened: list[io.BytesIO]
    ) -> dict[str, Any]:
        return _absolute(_build(request, payload, opened), self.base_url, self.auth, self.timeout)


class SyncCalls:
    """Sends requests with a blocking httpx client (thread-safe, like httpx.Client).

    The answer is read chunk by chunk against the whole-request deadline, so a server
    trickling one byte every few seconds (which no per-read timeout catches) is cut off.
    """

    def __init__(
        self,
        http: httpx.Client,
        base_url: str,
        auth: httpx.Auth | None,
        timeout: httpx.Timeout,
        deadline: float,
    ) -> None:
        self._http = http
        self._settings = _Settings(base_url, auth, timeout, deadline)

    def send(self, request: Request, payload: bytes | None = None) -> Outcome:
        opened: list[io.BytesIO] = []
        ends_at = time.monotonic() + self._settings.deadline
        try:
            with (
                request_deadline(ends_at),
                self._http.stream(**self._settings.arguments(request, payload, opened)) as response,
            ):
                if _announced_too_large(response):
                    return _too_large()
                content = bytearray()
                for chunk in response.iter_bytes():
                    content += chunk
                    if len(content) > MAX_ANSWER_BYTES:
                        return _too_large()
                    if time.monotonic() > ends_at:
                        raise _DeadlineExceeded
        except httpx.TransportError as exc:
            if _at_deadline(exc, ends_at):
                return _too_slow(self._settings.deadline)
            return _transport_failure(exc)
        except _DeadlineExceeded:
            return _too_slow(self._settings.deadline)
        finally:
            _close_all(opened)
        return _reply(response, bytes(content))


class AsyncCalls:
    """Sends requests with an async httpx client, each inside a cancel scope that ends it at
    the whole-request deadline wherever it is (connecting, sending, waiting, reading)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        auth: httpx.Auth | None,
        timeout: httpx.Timeout,
        deadline: float,
    ) -> None:
        self._http = http
        self._settings = _Settings(base_url, auth, timeout, deadline)

    async def send(self, request: Request, payload: bytes | None = None) -> Outcome:
        from anyio import fail_after  # here: the blocking client never needs anyio

        opened: list[io.BytesIO] = []
        ends_at = time.monotonic() + self._settings.deadline
        try:
            with fail_after(self._settings.deadline):
                async with self._http.stream(
                    **self._settings.arguments(request, payload, opened)
                ) as response:
                    if _announced_too_large(response):
                        return _too_large()
                    received = bytearray()
                    async for chunk in response.aiter_bytes():
                        received += chunk
                        if len(received) > MAX_ANSWER_BYTES:
                            return _too_large()
                    content = bytes(received)
        except httpx.TransportError as exc:
            if _at_deadline(exc, ends_at):
                return _too_slow(self._settings.deadline)
            return _transport_failure(exc)
        except TimeoutError:
            return _too_slow(self._settings.deadline)
        finally:
            _close_all(opened)
        return _reply(response, content)


def _close_all(opened: list[io.BytesIO]) -> None:
    for stream in opened:
        stream.close()
