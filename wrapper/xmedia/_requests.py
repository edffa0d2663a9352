"""What the core asks drivers to send, and what drivers report back (plain values, no I/O)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._plan import Segment

if TYPE_CHECKING:  # analytics is imported where used: an upload never needs it (start-up)
    from ._analytics import AnalyticsQuery

__all__ = [
    "AnalyticsRequest",
    "AppendRequest",
    "FinalizeRequest",
    "InitRequest",
    "LookupRequest",
    "MediaByKeyRequest",
    "MetadataRequest",
    "Outcome",
    "Reply",
    "Request",
    "StatusRequest",
    "SubtitlesCreateRequest",
    "SubtitlesDeleteRequest",
    "TransportFailure",
    "describe_outcome",
    "is_upload_request",
    "operation_name",
]


@dataclass(frozen=True, slots=True)
class InitRequest:
    total_bytes: int
    media_type: str
    media_category: str | None


@dataclass(frozen=True, slots=True)
class AppendRequest:
    media_id: str
    segment: Segment


@dataclass(frozen=True, slots=True)
class FinalizeRequest:
    media_id: str


@dataclass(frozen=True, slots=True)
class StatusRequest:
    media_id: str


@dataclass(frozen=True, slots=True)
class MetadataRequest:
    media_id: str
    alt_text: str


@dataclass(frozen=True, slots=True)
class SubtitlesCreateRequest:
    media_id: str
    media_category: str
    subtitles_media_id: str
    language_code: str
    display_name: str | None


@dataclass(frozen=True, slots=True)
class SubtitlesDeleteRequest:
    media_id: str
    media_category: str
    language_code: str


@dataclass(frozen=True, slots=True)
class LookupRequest:
    media_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MediaByKeyRequest:
    media_key: str


@dataclass(frozen=True, slots=True)
class AnalyticsRequest:
    query: AnalyticsQuery


Request = (
    InitRequest
    | AppendRequest
    | FinalizeRequest
    | StatusRequest
    | MetadataRequest
    | SubtitlesCreateRequest
    | SubtitlesDeleteRequest
    | LookupRequest
    | MediaByKeyRequest
    | AnalyticsRequest
)

_OPERATION_NAMES: dict[type[Any], str] = {
    InitRequest: "initialize",
    AppendRequest: "append",
    FinalizeRequest: "finalize",
    StatusRequest: "status",
    MetadataRequest: "set alt text",
    SubtitlesCreateRequest: "create subtitles",
    SubtitlesDeleteRequest: "delete subtitles",
    LookupRequest: "lookup",
    MediaByKeyRequest: "get media",
    AnalyticsRequest: "analytics",
}

#: Requests to the upload endpoints proper, which need the ``media.write`` scope.
_UPLOAD_REQUESTS = (InitRequest, AppendRequest, FinalizeRequest, StatusRequest)


def operation_name(request: Request) -> str:
    if isinstance(request, AppendRequest):
        return f"append of segment {request.segment.index}"
    return _OPERATION_NAMES[type(request)]


def is_upload_request(request: Request) -> bool:
    return isinstance(request, _UPLOAD_REQUESTS)


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status, headers, raw content and the JSON body (None if not JSON)."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    body: Any = None

    @classmethod
    def from_raw(cls, status: int, headers: Mapping[str, str], content: bytes) -> Reply:
        body: Any = None
        if content:
            try:
                body = json.loads(content)
            except (ValueError, UnicodeDecodeError):
                body = None
        return cls(status, headers, content, body)


@dataclass(frozen=True, slots=True)
class TransportFailure:
    """The request got no complete HTTP answer (connection refused/reset, timeout, TLS...).

    ``final``: trying again cannot help (an answer larger than any X answer), so none is made.
    """

    description: str
    timed_out: bool = False
    final: bool = False


Outcome = Reply | TransportFailure


def describe_outcome(outcome: Outcome) -> str:
    """A short, secret-free description for logs: ``HTTP 503`` or the transport failure."""
    if isinstance(outcome, TransportFailure):
        return outcome.description
    return f"HTTP {outcome.status}"
