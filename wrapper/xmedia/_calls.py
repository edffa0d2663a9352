"""The only module that imports the generated client (``xmedia_generated``).

It turns the core's request descriptions into generated requests (the generated models and
``_get_kwargs`` build method, URL and body), sends them on the driver's httpx client, and turns
the answers back into plain :class:`Reply` values. The generated typed parser is used when it
accepts the answer; when it cannot (an unknown processing state, an HTML page from a proxy, a
non-standard status), the raw JSON is used so the core can still judge the answer — the
generated parser raising would otherwise lose the response.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from types import ModuleType
from typing import Any

import httpx
from xmedia_generated import Client
from xmedia_generated.api.media import (
    append_media_upload,
    create_media_metadata,
    create_media_subtitles,
    delete_media_subtitles,
    finalize_media_upload,
    get_media_by_media_keys,
    get_media_upload_status,
    initialize_media_upload,
)
from xmedia_generated.models import (
    AppendMediaUploadRequest,
    CreateMediaMetadataMetadata,
    CreateMediaMetadataMetadataAltText,
    CreateMediaMetadataRequest,
    CreateMediaSubtitlesRequest,
    CreateMediaSubtitlesRequestMediaCategory,
    CreateMediaSubtitlesSubtitles,
    DeleteMediaSubtitlesRequest,
    GetMediaByMediaKeysMediaFieldsItem,
    GetMediaUploadStatusCommand,
    InitializeMediaUploadRequest,
    InitializeMediaUploadRequestMediaCategory,
    InitializeMediaUploadRequestMediaType,
)
from xmedia_generated.types import UNSET, File

from ._session import (
    AppendRequest,
    FinalizeRequest,
    InitRequest,
    LookupRequest,
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

log = logging.getLogger("xmedia")

_LOOKUP_FIELDS = [
    GetMediaByMediaKeysMediaFieldsItem(name)
    for name in (
        "alt_text",
        "duration_ms",
        "height",
        "media_key",
        "preview_image_url",
        "type",
        "url",
        "width",
    )
    if name in {item.value for item in GetMediaByMediaKeysMediaFieldsItem}
]


class _WholeChunk(io.BytesIO):
    """A chunk httpx reads in one piece: its multipart writer reads files 64 KiB at a time, which
    costs one socket send per piece (~4,700 per 256 MiB instead of ~650). ``read`` ignores the
    size and hands over the rest; for an unread BytesIO that is the original bytes, not a copy."""

    def read(self, size: int | None = -1, /) -> bytes:
        return super().read()


def _build(
    request: Request, payload: bytes | None, opened: list[io.BytesIO]
) -> tuple[ModuleType, dict[str, Any]]:
    """The generated module answering ``request`` and the httpx arguments it builds.

    File objects made for the body are appended to ``opened``; the caller closes them once the
    request is over. That matters for memory: httpx responses sit in reference cycles (response
    <-> its bound stream) that keep the request, and so the chunk, alive until the cyclic GC
    runs; closing the BytesIO releases the chunk at once, keeping memory at concurrency x chunk.
    """
    if isinstance(request, AppendRequest):
        assert payload is not None
        chunk = _WholeChunk(payload)
        opened.append(chunk)
        body = AppendMediaUploadRequest(
            media=File(payload=chunk, file_name="media", mime_type="application/octet-stream"),
            segment_index=request.segment.index,
        )
        return append_media_upload, append_media_upload._get_kwargs(request.media_id, body=body)
    if isinstance(request, InitRequest):
        init = InitializeMediaUploadRequest(
            media_type=InitializeMediaUploadRequestMediaType(request.media_type),
            total_bytes=request.total_bytes,
            media_category=(
                InitializeMediaUploadRequestMediaCategory(request.media_category)
                if request.media_category is not None
                else UNSET
            ),
        )
        return initialize_media_upload, initialize_media_upload._get_kwargs(body=init)
    if isinstance(request, FinalizeRequest):
        return finalize_media_upload, finalize_media_upload._get_kwargs(request.media_id)
    if isinstance(request, StatusRequest):
        return get_media_upload_status, get_media_upload_status._get_kwargs(
            media_id=request.media_id, command=GetMediaUploadStatusCommand.STATUS
        )
    if isinstance(request, MetadataRequest):
        metadata = CreateMediaMetadataRequest(
            id=request.media_id,
            metadata=CreateMediaMetadataMetadata(
                alt_text=CreateMediaMetadataMetadataAltText(text=request.alt_text)
            ),
        )
        return create_media_metadata, create_media_metadata._get_kwargs(body=metadata)
    if isinstance(request, SubtitlesCreateRequest):
        subtitles = CreateMediaSubtitlesRequest(
            id=request.media_id,
            media_category=CreateMediaSubtitlesRequestMediaCategory(request.media_category),
            subtitles=CreateMediaSubtitlesSubtitles(
                id=request.subtitles_media_id,
                language_code=request.language_code,
                display_name=request.display_name if request.display_name is not None else UNSET,
            ),
        )
        return create_media_subtitles, create_media_subtitles._get_kwargs(body=subtitles)
    if isinstance(request, SubtitlesDeleteRequest):
        delete = DeleteMediaSubtitlesRequest(
            id=request.media_id,
            media_category=request.media_category,
            language_code=request.language_code,
        )
        return delete_media_subtitles, delete_media_subtitles._get_kwargs(body=delete)
    if isinstance(request, LookupRequest):
        return get_media_by_media_keys, get_media_by_media_keys._get_kwargs(
            media_keys=list(request.media_keys),
            media_fields=_LOOKUP_FIELDS if _LOOKUP_FIELDS else UNSET,
        )
    raise TypeError(f"unknown request {type(request).__name__}")


def _to_reply(module: ModuleType, client: Client, response: httpx.Response) -> Reply:
    headers: Mapping[str, str] = dict(response.headers.items())
    raw = Reply.from_raw(response.status_code, headers, response.content)
    if not 200 <= response.status_code < 300 or not response.content:
        return raw  # errors are judged from the raw problem body
    try:
        parsed = module._parse_response(client=client, response=response)
    except Exception as exc:  # the generated parser raises anything (KeyError, ValueError...)
        log.debug(
            "generated parser refused a %s answer: %s", response.status_code, type(exc).__name__
        )
        return raw
    to_dict = getattr(parsed, "to_dict", None)
    if to_dict is None:
        return raw
    return Reply(raw.status, headers, raw.content, to_dict())


def _close_all(opened: list[io.BytesIO]) -> None:
    for stream in opened:
        stream.close()


def _transport_failure(exc: httpx.HTTPError) -> TransportFailure:
    # The type name and message only: httpx messages carry no credentials (they live in headers).
    return TransportFailure(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)


def _absolute(
    kwargs: dict[str, Any], base_url: str, auth: httpx.Auth | None, timeout: httpx.Timeout
) -> dict[str, Any]:
    # Absolute URLs, per-request auth and timeout: a caller's own httpx client is used as is,
    # never mutated, and still gets our per-request timeout.
    kwargs["url"] = base_url + kwargs["url"]
    kwargs["timeout"] = timeout
    if auth is not None:
        kwargs["auth"] = auth
    return kwargs


class SyncCalls:
    """Sends requests with a blocking httpx client (thread-safe, like httpx.Client)."""

    def __init__(
        self, http: httpx.Client, base_url: str, auth: httpx.Auth | None, timeout: httpx.Timeout
    ) -> None:
        self._http = http
        self._base_url = base_url
        self._auth = auth
        self._timeout = timeout
        self._client = Client(base_url=base_url).set_httpx_client(http)

    def send(self, request: Request, payload: bytes | None = None) -> Outcome:
        opened: list[io.BytesIO] = []
        module, kwargs = _build(request, payload, opened)
        try:
            response = self._http.request(
                **_absolute(kwargs, self._base_url, self._auth, self._timeout)
            )
        except httpx.TransportError as exc:
            return _transport_failure(exc)
        finally:
            _close_all(opened)
        return _to_reply(module, self._client, response)


class AsyncCalls:
    """Sends requests with an async httpx client."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        auth: httpx.Auth | None,
        timeout: httpx.Timeout,
    ) -> None:
        self._http = http
        self._base_url = base_url
        self._auth = auth
        self._timeout = timeout
        self._client = Client(base_url=base_url)

    async def send(self, request: Request, payload: bytes | None = None) -> Outcome:
        opened: list[io.BytesIO] = []
        module, kwargs = _build(request, payload, opened)
        try:
            response = await self._http.request(
                **_absolute(kwargs, self._base_url, self._auth, self._timeout)
            )
        except httpx.TransportError as exc:
            return _transport_failure(exc)
        finally:
            _close_all(opened)
        return _to_reply(module, self._client, response)
