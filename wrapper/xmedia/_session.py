"""The sans-IO upload core: one state machine that both drivers (threads, anyio) feed.

It decides what to send next (INIT, which segment, FINALIZE, STATUS), interprets every answer,
and decides whether to retry, poll or fail. It performs no I/O and reads no clock: drivers pass
``now`` in and carry out the requests it describes.

Phases and the events that move between them (``TRANSITIONS`` is the whole table)::

    INIT        --initialized-->          APPENDING
    INIT        --resumed-->              APPENDING   (journal: media id known, some segments acked)
    APPENDING   --segment_acked-->        APPENDING
    APPENDING   --all_acked-->            FINALIZING
    FINALIZING  --ready-->                DONE        (no processing_info, or already succeeded)
    FINALIZING  --not_waiting-->          DONE        (processing, but wait=False)
    FINALIZING  --processing-->           POLLING
    FINALIZING  --processing_failed-->    FAILED
    POLLING     --still_processing-->     POLLING     (pending, in_progress, or any unknown state)
    POLLING     --succeeded-->            DONE
    POLLING     --processing_failed-->    FAILED
    POLLING     --deadline-->             FAILED
    any live    --fatal-->                FAILED      (first fatal error wins; the rest are dropped)
"""

from __future__ import annotations

import enum
import json
import random
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ._errors import (
    APIError,
    NotFoundError,
    PaymentRequiredError,
    ProcessingError,
    ProcessingTimeoutError,
    RateLimitedError,
    TransportError,
    UnexpectedResponseError,
    UploadExpiredError,
    api_error_from_response,
)
from ._models import ProblemDetail, ProcessingInfo, ProgressEvent, UploadedMedia
from ._retry import (
    RetryBudget,
    RetryPolicy,
    backoff_delay,
    is_retryable_status,
    rate_limit_delay,
)
from ._segments import Segment, SegmentPlan

__all__ = [
    "TRANSITIONS",
    "AppendRequest",
    "Event",
    "FinalizeRequest",
    "InitRequest",
    "Judge",
    "LookupRequest",
    "MetadataRequest",
    "Phase",
    "Reply",
    "Request",
    "ResumePoint",
    "RetryAfter",
    "StatusRequest",
    "SubtitlesCreateRequest",
    "SubtitlesDeleteRequest",
    "TransportFailure",
    "UploadSession",
    "describe_outcome",
    "operation_name",
    "parse_media",
]


class Phase(enum.Enum):
    INIT = "init"
    APPENDING = "appending"
    FINALIZING = "finalizing"
    POLLING = "polling"
    DONE = "done"
    FAILED = "failed"


class Event(enum.Enum):
    INITIALIZED = "initialized"
    RESUMED = "resumed"
    SEGMENT_ACKED = "segment_acked"
    ALL_ACKED = "all_acked"
    READY = "ready"
    NOT_WAITING = "not_waiting"
    PROCESSING = "processing"
    STILL_PROCESSING = "still_processing"
    SUCCEEDED = "succeeded"
    PROCESSING_FAILED = "processing_failed"
    DEADLINE = "deadline"
    FATAL = "fatal"


_LIVE = (Phase.INIT, Phase.APPENDING, Phase.FINALIZING, Phase.POLLING)

TRANSITIONS: Mapping[tuple[Phase, Event], Phase] = {
    (Phase.INIT, Event.INITIALIZED): Phase.APPENDING,
    (Phase.INIT, Event.RESUMED): Phase.APPENDING,
    (Phase.APPENDING, Event.SEGMENT_ACKED): Phase.APPENDING,
    (Phase.APPENDING, Event.ALL_ACKED): Phase.FINALIZING,
    (Phase.FINALIZING, Event.READY): Phase.DONE,
    (Phase.FINALIZING, Event.NOT_WAITING): Phase.DONE,
    (Phase.FINALIZING, Event.PROCESSING): Phase.POLLING,
    (Phase.FINALIZING, Event.PROCESSING_FAILED): Phase.FAILED,
    (Phase.POLLING, Event.STILL_PROCESSING): Phase.POLLING,
    (Phase.POLLING, Event.SUCCEEDED): Phase.DONE,
    (Phase.POLLING, Event.PROCESSING_FAILED): Phase.FAILED,
    (Phase.POLLING, Event.DEADLINE): Phase.FAILED,
    **{(phase, Event.FATAL): Phase.FAILED for phase in _LIVE},
}


class InvalidTransition(RuntimeError):
    """A driver asked the core for something its phase does not allow (a bug, not a user error)."""


# --- what the core asks drivers to send -------------------------------------------------------


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


Request = (
    InitRequest
    | AppendRequest
    | FinalizeRequest
    | StatusRequest
    | MetadataRequest
    | SubtitlesCreateRequest
    | SubtitlesDeleteRequest
    | LookupRequest
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
}


def operation_name(request: Request) -> str:
    name = _OPERATION_NAMES[type(request)]
    if isinstance(request, AppendRequest):
        return f"append of segment {request.segment.index}"
    return name


# --- what drivers report back ------------------------------------------------------------------


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
    """The request got no HTTP answer (connection refused/reset, timeout, TLS...)."""

    description: str


@dataclass(frozen=True, slots=True)
class RetryAfter:
    delay: float


def describe_outcome(outcome: Reply | TransportFailure) -> str:
    """A short, secret-free description for logs: ``HTTP 503`` or the transport failure."""
    if isinstance(outcome, TransportFailure):
        return outcome.description
    return f"HTTP {outcome.status}"


Outcome = Reply | TransportFailure


class Judge:
    """Decides, for any request outcome, accept / retry after a delay / raise a typed error.

    One judge per operation (an upload, a wait, a lookup): its retry budget is shared by all the
    operation's requests, including parallel appends.
    """

    def __init__(self, policy: RetryPolicy, budget: int, rng: random.Random) -> None:
        self.policy = policy
        self.budget = RetryBudget(budget)
        self._rng = rng
        self._rng_lock = threading.Lock()

    def judge(
        self, operation: str, outcome: Outcome, attempt: int, now: float
    ) -> Reply | RetryAfter:
        """``attempt`` counts from 1. Returns the 2xx reply, or a delay to retry after; raises
        the typed error when the outcome is final."""
        if isinstance(outcome, TransportFailure):
            if self._may_retry(attempt):
                return RetryAfter(self._backoff(attempt))
            raise TransportError(
                f"{operation} failed after {attempt} attempt(s): {outcome.description}; check "
                "the network and the base URL, then try again",
                operation=operation,
                attempts=attempt,
            )
        status = outcome.status
        if 200 <= status < 300:
            return outcome
        if 300 <= status < 400:
            location = outcome.headers.get("location", "")
            raise UnexpectedResponseError(
                status,
                "Redirect",
                f"the server redirected to {location!r}; redirects are not followed (they could "
                "downgrade to http or leak credentials)",
                headers=outcome.headers,
                operation=operation,
            )
        error = api_error_from_response(
            status, outcome.content, outcome.headers, operation=operation
        )
        if isinstance(error, PaymentRequiredError):
            raise error  # usage capped / credits depleted (402 or 429): waiting will not help
        if isinstance(error, RateLimitedError):
            wait = rate_limit_delay(outcome.headers, now)
            if wait is None or wait <= 0:
                # No usable header, or a reset already past (clock skew): back off instead of
                # hammering the limit.
                wait = self._backoff(attempt)
            if wait <= self.policy.max_rate_limit_wait and self._may_retry(attempt):
                return RetryAfter(wait)
            raise error
        if is_retryable_status(status) and self._may_retry(attempt):
            return RetryAfter(self._backoff(attempt))
        raise error

    def _may_retry(self, attempt: int) -> bool:
        return attempt < self.policy.max_attempts and self.budget.take()

    def _backoff(self, attempt: int) -> float:
        with self._rng_lock:
            return backoff_delay(attempt, self.policy, self._rng)


# --- parsing 2xx bodies into plain values ------------------------------------------------------


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _data(reply: Reply, operation: str) -> Mapping[str, Any]:
    body = reply.body
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        raise UnexpectedResponseError(
            reply.status,
            "Malformed response",
            f"expected a JSON object with 'data'; got {reply.content[:80]!r}",
            headers=reply.headers,
            operation=operation,
        )
    data: Mapping[str, Any] = body["data"]
    return data


def warnings_of(reply: Reply) -> tuple[ProblemDetail, ...]:
    """``errors[]`` beside ``data`` in a 2xx: partial problems, surfaced to the user."""
    body = reply.body
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return ()
    found = []
    for item in body["errors"]:
        if isinstance(item, dict):
            found.append(
                ProblemDetail(
                    title=item.get("title") if isinstance(item.get("title"), str) else None,
                    detail=str(item.get("detail") or item.get("message") or "") or None,
                    type=item.get("type") if isinstance(item.get("type"), str) else None,
                    raw=item,
                )
            )
    return tuple(found)


def parse_processing(raw: object) -> ProcessingInfo | None:
    if not isinstance(raw, dict):
        return None
    state = raw.get("state")
    error = raw.get("error") if isinstance(raw.get("error"), dict) else {}
    assert isinstance(error, dict)
    return ProcessingInfo(
        # A missing state is treated as still pending: keep polling, never crash.
        state=state if isinstance(state, str) and state else "pending",
        check_after_secs=_int_or_none(raw.get("check_after_secs")),
        progress_percent=_int_or_none(raw.get("progress_percent")),
        error_code=_int_or_none(error.get("code")),
        error_name=error.get("name") if isinstance(error.get("name"), str) else None,
        error_message=error.get("message") if isinstance(error.get("message"), str) else None,
    )


def parse_media(
    reply: Reply,
    operation: str,
    *,
    now: float,
    media_type: str | None = None,
    media_category: str | None = None,
    fallback_id: str | None = None,
) -> UploadedMedia:
    data = _data(reply, operation)
    media_id = data.get("id", data.get("media_id_string", fallback_id))
    if not isinstance(media_id, str | int) or isinstance(media_id, bool) or not str(media_id):
        raise UnexpectedResponseError(
            reply.status,
            "Malformed response",
            "the answer has no media id (data.id)",
            headers=reply.headers,
            operation=operation,
        )
    expires = _int_or_none(data.get("expires_after_secs"))
    key = data.get("media_key")
    if media_type is None:
        video = data.get("video")
        if isinstance(video, dict) and isinstance(video.get("video_type"), str):
            media_type = video["video_type"]
    return UploadedMedia(
        media_id=str(media_id),
        media_key=key if isinstance(key, str) else None,
        size=_int_or_none(data.get("size")),
        expires_at=None if expires is None else datetime.fromtimestamp(now + expires, UTC),
        media_type=media_type,
        media_category=media_category,
        processing=parse_processing(data.get("processing_info")),
        warnings=warnings_of(reply),
    )


# --- the upload state machine ------------------------------------------------------------------

ProgressCallback = Callable[[ProgressEvent], None]


@dataclass(frozen=True, slots=True)
class ResumePoint:
    """Where a journal says a previous attempt got to."""

    media_id: str
    media_key: str | None
    expires_at: float | None
    acked: frozenset[int]


class UploadSession:
    """State of one upload. Methods are thread-safe (the sync driver calls them from workers)."""

    def __init__(
        self,
        *,
        plan: SegmentPlan,
        media_type: str,
        media_category: str | None,
        wait: bool = True,
        poll_deadline: float = 1800.0,
        default_check_after: float = 5.0,
        max_check_after: float = 300.0,
        resume: ResumePoint | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self.plan = plan
        self.media_type = media_type
        self.media_category = media_category
        self.wait = wait
        self.poll_deadline = poll_deadline
        self.default_check_after = default_check_after
        self.max_check_after = max_check_after
        self._on_progress = on_progress
        self._lock = threading.RLock()
        self._emit_lock = threading.Lock()
        self._last_emitted_done = 0
        self.phase = Phase.INIT
        self.history: list[tuple[Phase, Event, Phase]] = []
        self.media_id: str | None = None
        self.media_key: str | None = None
        self.expires_at: float | None = None
        self.acked: set[int] = set()
        self._pending: deque[int] = deque(range(plan.count))
        self._in_flight: set[int] = set()
        self.error: BaseException | None = None
        self.result: UploadedMedia | None = None
        self._media: UploadedMedia | None = None
        self._deadline_at: float | None = None
        self._next_poll_at: float | None = None
        self._deadline_reached = False
        self._warnings: list[ProblemDetail] = []
        if resume is not None:
            self.media_id = resume.media_id
            self.media_key = resume.media_key
            self.expires_at = resume.expires_at
            self.acked = {i for i in resume.acked if 0 <= i < plan.count}
            self._pending = deque(i for i in range(plan.count) if i not in self.acked)
            self._fire(Event.RESUMED)
            if not self._pending:
                self._fire(Event.ALL_ACKED)

    @classmethod
    def for_wait(
        cls,
        media_id: str,
        *,
        now: float,
        poll_deadline: float,
        default_check_after: float,
        max_check_after: float,
        on_progress: ProgressCallback | None = None,
    ) -> UploadSession:
        """A session that only polls an already finalized media (``XMedia.wait``)."""
        session = cls(
            plan=SegmentPlan(total_bytes=0, chunk_size=1),
            media_type="",
            media_category=None,
            poll_deadline=poll_deadline,
            default_check_after=default_check_after,
            max_check_after=max_check_after,
            on_progress=on_progress,
        )
        session.media_id = media_id
        session.phase = Phase.POLLING
        session._deadline_at = now + poll_deadline
        session._next_poll_at = now
        return session

    # --- transitions ---

    def _fire(self, event: Event) -> None:
        target = TRANSITIONS.get((self.phase, event))
        if target is None:
            raise InvalidTransition(f"{event.value} is not allowed in phase {self.phase.value}")
        self.history.append((self.phase, event, target))
        self.phase = target

    def _require(self, *phases: Phase) -> None:
        if self.phase not in phases:
            raise InvalidTransition(
                f"phase is {self.phase.value}, expected {' or '.join(p.value for p in phases)}"
            )

    @property
    def failed(self) -> bool:
        return self.phase is Phase.FAILED

    @property
    def done(self) -> bool:
        return self.phase is Phase.DONE

    def fail(self, error: BaseException) -> BaseException:
        """Record a fatal error; the first one wins and is returned (the one to raise)."""
        with self._lock:
            if self.error is None:
                self.error = self._refine(error)
                if self.phase in _LIVE:
                    self._fire(Event.FATAL)
            return self.error

    def _refine(self, error: BaseException) -> BaseException:
        """An error about an expired or vanished upload id becomes UploadExpiredError."""
        if self.media_id is None or not isinstance(error, APIError) or self.phase is Phase.POLLING:
            return error
        messages = " ".join(str(e.get("message", "")) for e in error.errors)
        text = f"{error.title or ''} {error.detail or ''} {messages}".lower()
        if "expire" in text or (isinstance(error, NotFoundError) and self.phase is not Phase.INIT):
            expired = UploadExpiredError(self.media_id, error.detail)
            expired.__cause__ = error
            return expired
        return error

    # --- INIT ---

    def init_request(self) -> InitRequest:
        with self._lock:
            self._require(Phase.INIT)
            return InitRequest(self.plan.total_bytes, self.media_type, self.media_category)

    def on_init(self, reply: Reply, now: float) -> None:
        with self._lock:
            self._require(Phase.INIT)
            data = _data(reply, "initialize")
            media_id = data.get("id")
            if (
                not isinstance(media_id, str | int)
                or isinstance(media_id, bool)
                or not str(media_id)
            ):
                raise UnexpectedResponseError(
                    reply.status,
                    "Malformed response",
                    "initialize answered without a media id (data.id)",
                    headers=reply.headers,
                    operation="initialize",
                )
            self.media_id = str(media_id)
            key = data.get("media_key")
            self.media_key = key if isinstance(key, str) else None
            expires = _int_or_none(data.get("expires_after_secs"))
            self.expires_at = None if expires is None else now + expires
            self._warnings.extend(warnings_of(reply))
            self._fire(Event.INITIALIZED)

    # --- APPEND ---

    def claim_segment(self) -> AppendRequest | None:
        """The next segment to send, or None when there is nothing left to hand out (or failed)."""
        with self._lock:
            if self.phase is not Phase.APPENDING or not self._pending:
                return None
            assert self.media_id is not None
            index = self._pending.popleft()
            self._in_flight.add(index)
            return AppendRequest(self.media_id, self.plan.segment(index))

    def on_append(self, request: AppendRequest, reply: Reply) -> ProgressEvent | None:
        """An APPEND got a 2xx: the segment is stored (re-sending it later would replace it).

        Returns the progress event for the driver to :meth:`emit` once it has journaled the
        acknowledgement (so a crash in a progress callback never loses an acknowledged segment).
        """
        if reply.content.strip() and not isinstance(reply.body, dict):
            # X answers APPEND with an empty 204 or a JSON object; anything else (an HTML page
            # from a proxy) means the segment may never have reached X.
            raise UnexpectedResponseError(
                reply.status,
                "Malformed response",
                f"append answered with a non-JSON body: {reply.content[:80]!r}",
                headers=reply.headers,
                operation=f"append of segment {request.segment.index}",
            )
        with self._lock:
            if self.phase is not Phase.APPENDING:
                return None  # failed meanwhile: late answers of cancelled appends are ignored
            index = request.segment.index
            self._in_flight.discard(index)
            self.acked.add(index)
            self._fire(Event.SEGMENT_ACKED)
            event = self.upload_progress()
            if len(self.acked) == self.plan.count:
                self._fire(Event.ALL_ACKED)
        return event

    def upload_progress(self) -> ProgressEvent:
        with self._lock:
            sent = sum(self.plan.segment(i).length for i in self.acked)
            return ProgressEvent(
                phase="upload",
                bytes_sent=sent,
                total_bytes=self.plan.total_bytes,
                segments_done=len(self.acked),
                segments_total=self.plan.count,
                media_id=self.media_id,
            )

    def acked_snapshot(self) -> frozenset[int]:
        with self._lock:
            return frozenset(self.acked)

    # --- FINALIZE ---

    def finalize_request(self) -> FinalizeRequest:
        with self._lock:
            self._require(Phase.FINALIZING)
            assert self.media_id is not None
            return FinalizeRequest(self.media_id)

    def on_finalize(self, reply: Reply, now: float) -> None:
        with self._lock:
            self._require(Phase.FINALIZING)
            media = self._merge(parse_media(reply, "finalize", now=now, fallback_id=self.media_id))
            self._media = media
            info = media.processing
            if info is None or info.succeeded:
                self.result = media
                self._fire(Event.READY)
            elif info.failed:
                self._fire(Event.PROCESSING_FAILED)
                self.error = _processing_error(media)
                raise self.error
            elif not self.wait:
                self.result = media
                self._fire(Event.NOT_WAITING)
            else:
                self._fire(Event.PROCESSING)
                self._deadline_at = now + self.poll_deadline
                self._next_poll_at = now + self._check_after(info)

    # --- POLLING ---

    def poll_delay(self, now: float) -> float | None:
        """Seconds to wait before the next STATUS; None when no polling is needed (done).
        Raises ProcessingTimeoutError once the deadline has passed."""
        with self._lock:
            if self.phase is Phase.DONE:
                return None
            self._require(Phase.POLLING)
            assert self._deadline_at is not None and self._next_poll_at is not None
            if self._deadline_reached:
                self._fire(Event.DEADLINE)
                last = (
                    self._media.processing.state if self._media and self._media.processing else None
                )
                assert self.media_id is not None
                self.error = ProcessingTimeoutError(self.media_id, self.poll_deadline, last)
                raise self.error
            return max(0.0, min(self._next_poll_at, self._deadline_at) - now)

    def status_request(self) -> StatusRequest:
        with self._lock:
            self._require(Phase.POLLING)
            assert self.media_id is not None
            return StatusRequest(self.media_id)

    def on_status(self, reply: Reply, now: float) -> None:
        with self._lock:
            self._require(Phase.POLLING)
            media = self._merge(parse_media(reply, "status", now=now, fallback_id=self.media_id))
            self._media = media
            info = media.processing
            event = ProgressEvent(
                phase="processing",
                bytes_sent=self.plan.total_bytes,
                total_bytes=self.plan.total_bytes,
                segments_done=len(self.acked),
                segments_total=self.plan.count if self.plan.total_bytes else 0,
                state=info.state if info else "succeeded",
                progress_percent=info.progress_percent if info else 100,
                media_id=media.media_id,
            )
            if info is None or info.succeeded:
                self.result = media
                self._fire(Event.SUCCEEDED)
            elif info.failed:
                self._fire(Event.PROCESSING_FAILED)
                self.error = _processing_error(media)
            else:
                self._fire(Event.STILL_PROCESSING)
                self._next_poll_at = now + self._check_after(info)
                # The last poll happens at the deadline; after it, poll_delay raises.
                assert self._deadline_at is not None
                self._deadline_reached = now >= self._deadline_at
        self._emit(event)
        if self.error is not None and self.phase is Phase.FAILED:
            raise self.error

    def _check_after(self, info: ProcessingInfo) -> float:
        if info.check_after_secs is None:
            return self.default_check_after
        # At least 1 s so a server saying 0 cannot make us spin.
        return float(min(max(1, info.check_after_secs), self.max_check_after))

    def _merge(self, media: UploadedMedia) -> UploadedMedia:
        """Fill what STATUS/FINALIZE omit from what we know (type, category, key), and keep
        every warning seen so far (INIT, FINALIZE and each STATUS), without repeats."""
        for warning in media.warnings:
            if warning not in self._warnings:
                self._warnings.append(warning)
        return UploadedMedia(
            media_id=media.media_id,
            media_key=media.media_key or self.media_key,
            size=media.size if media.size is not None else (self.plan.total_bytes or None),
            expires_at=media.expires_at,
            media_type=self.media_type or media.media_type,
            media_category=self.media_category or media.media_category,
            processing=media.processing,
            warnings=tuple(self._warnings),
        )

    def emit(self, event: ProgressEvent | None) -> None:
        """Report progress to the user's callback (outside the session lock)."""
        if event is not None:
            self._emit(event)

    def _emit(self, event: ProgressEvent) -> None:
        """One callback at a time, and upload progress never goes backwards: parallel workers
        may finish their journal writes out of order, so a stale count is skipped."""
        if self._on_progress is None:
            return
        with self._emit_lock:
            if event.phase == "upload":
                if event.segments_done <= self._last_emitted_done:
                    return
                self._last_emitted_done = event.segments_done
            self._on_progress(event)


def _processing_error(media: UploadedMedia) -> ProcessingError:
    info = media.processing
    assert info is not None
    return ProcessingError(media.media_id, info.error_code, info.error_name, info.error_message)
