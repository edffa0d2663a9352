"""The sans-IO upload core: it says what to do next and interprets every answer.

Drivers (threads in ``_sync``, anyio in ``_async``) only execute the steps it returns:
:meth:`UploadCore.next_step` on the main lane, :meth:`UploadCore.next_append` on each append
worker, feeding answers back with ``on_reply`` / ``on_append`` and failures with
``on_failure``. Every decision lives here, once: the INIT → APPEND → FINALIZE order, how many
append workers, restarting after the server expired a resumed upload, what the journal records
and when it is dropped, polling and its deadline, the alt text after the upload, which media id
every error carries. No I/O, no clock (``now`` is passed in), no httpx.

Phases and the events that move between them (``TRANSITIONS`` is the whole table)::

    INIT        --initialized-->          APPENDING
    INIT        --resumed-->              APPENDING   (journal: media id known, some segments acked)
    INIT        --resumed_processing-->   POLLING     (journal: FINALIZE was answered)
    INIT        --resumed_done-->         DONE        (journal: this file was uploaded already)
    APPENDING   --segment_acked-->        APPENDING
    APPENDING   --all_acked-->            FINALIZING
    APPENDING   --restarted-->            INIT        (a resumed media expired on the server)
    FINALIZING  --restarted-->            INIT
    FINALIZING  --ready-->                DONE        (no processing_info, or already succeeded)
    FINALIZING  --not_waiting-->          DONE        (processing, but wait=False)
    FINALIZING  --processing-->           POLLING
    FINALIZING  --processing_failed-->    FAILED
    POLLING     --still_processing-->     POLLING     (pending, in_progress, or any unknown state)
    POLLING     --succeeded-->            DONE
    POLLING     --processing_failed-->    FAILED
    POLLING     --deadline-->             FAILED
    INIT, FINALIZING, POLLING --describe--> DESCRIBING (alt text to set once the media is ready)
    DESCRIBING  --described-->            DONE
    any live    --fatal-->                FAILED      (first fatal error wins; the rest are dropped)
"""

from __future__ import annotations

import contextlib
import enum
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ._errors import (
    APIError,
    InvalidRequestError,
    NotFoundError,
    PostUploadError,
    ProcessingError,
    ProcessingTimeoutError,
    ProgressCallbackError,
    SourceChangedError,
    UnexpectedResponseError,
    UploadExpiredError,
    XMediaError,
)
from ._judge import RetryAfter
from ._models import ProblemDetail, ProcessingInfo, ProgressEvent, UploadedMedia
from ._parse import data_of, int_or_none, media_id_in, parse_media, warnings_of
from ._plan import SegmentPlan
from ._record import FINISHED_FALLBACK_LIFETIME, JournalRecord, RecordState
from ._requests import (
    AppendRequest,
    FinalizeRequest,
    InitRequest,
    MetadataRequest,
    Reply,
    StatusRequest,
)

__all__ = [
    "TRANSITIONS",
    "Append",
    "Done",
    "DropJournal",
    "Event",
    "Fail",
    "Finalize",
    "Initialize",
    "LocalStep",
    "Phase",
    "Poll",
    "ProgressCallback",
    "Report",
    "ResumeFrom",
    "SetAltText",
    "StartAppends",
    "Step",
    "UploadCore",
    "VerifySource",
    "WriteJournal",
    "attach_media_id",
]

ProgressCallback = Callable[[ProgressEvent], None]


class Phase(enum.Enum):
    INIT = "init"
    APPENDING = "appending"
    FINALIZING = "finalizing"
    POLLING = "polling"
    DESCRIBING = "describing"
    DONE = "done"
    FAILED = "failed"


class Event(enum.Enum):
    INITIALIZED = "initialized"
    RESUMED = "resumed"
    RESUMED_PROCESSING = "resumed_processing"
    RESUMED_DONE = "resumed_done"
    SEGMENT_ACKED = "segment_acked"
    ALL_ACKED = "all_acked"
    RESTARTED = "restarted"
    READY = "ready"
    NOT_WAITING = "not_waiting"
    PROCESSING = "processing"
    STILL_PROCESSING = "still_processing"
    SUCCEEDED = "succeeded"
    PROCESSING_FAILED = "processing_failed"
    DEADLINE = "deadline"
    DESCRIBE = "describe"
    DESCRIBED = "described"
    FATAL = "fatal"


_LIVE = (Phase.INIT, Phase.APPENDING, Phase.FINALIZING, Phase.POLLING, Phase.DESCRIBING)

TRANSITIONS: Mapping[tuple[Phase, Event], Phase] = {
    (Phase.INIT, Event.INITIALIZED): Phase.APPENDING,
    (Phase.INIT, Event.RESUMED): Phase.APPENDING,
    (Phase.INIT, Event.RESUMED_PROCESSING): Phase.POLLING,
    (Phase.INIT, Event.RESUMED_DONE): Phase.DONE,
    (Phase.APPENDING, Event.SEGMENT_ACKED): Phase.APPENDING,
    (Phase.APPENDING, Event.ALL_ACKED): Phase.FINALIZING,
    (Phase.APPENDING, Event.RESTARTED): Phase.INIT,
    (Phase.FINALIZING, Event.RESTARTED): Phase.INIT,
    (Phase.FINALIZING, Event.READY): Phase.DONE,
    (Phase.FINALIZING, Event.NOT_WAITING): Phase.DONE,
    (Phase.FINALIZING, Event.PROCESSING): Phase.POLLING,
    (Phase.FINALIZING, Event.PROCESSING_FAILED): Phase.FAILED,
    (Phase.POLLING, Event.STILL_PROCESSING): Phase.POLLING,
    (Phase.POLLING, Event.SUCCEEDED): Phase.DONE,
    (Phase.POLLING, Event.PROCESSING_FAILED): Phase.FAILED,
    (Phase.POLLING, Event.DEADLINE): Phase.FAILED,
    (Phase.INIT, Event.DESCRIBE): Phase.DESCRIBING,
    (Phase.FINALIZING, Event.DESCRIBE): Phase.DESCRIBING,
    (Phase.POLLING, Event.DESCRIBE): Phase.DESCRIBING,
    (Phase.DESCRIBING, Event.DESCRIBED): Phase.DONE,
    **{(phase, Event.FATAL): Phase.FAILED for phase in _LIVE},
}


class InvalidTransition(RuntimeError):
    """A driver asked the core for something its phase does not allow (a bug, not a user error)."""


# --- steps: what the core tells drivers to do ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Initialize:
    request: InitRequest


@dataclass(frozen=True, slots=True)
class StartAppends:
    """Run this many append workers; each asks :meth:`UploadCore.next_append` for work."""

    workers: int


@dataclass(frozen=True, slots=True)
class Append:
    request: AppendRequest


@dataclass(frozen=True, slots=True)
class VerifySource:
    """Check the source did not change before FINALIZE makes its bytes permanent."""


@dataclass(frozen=True, slots=True)
class Finalize:
    request: FinalizeRequest


@dataclass(frozen=True, slots=True)
class Poll:
    """Wait ``delay`` seconds, then send ``request`` (STATUS)."""

    delay: float
    request: StatusRequest


@dataclass(frozen=True, slots=True)
class SetAltText:
    request: MetadataRequest


@dataclass(frozen=True, slots=True)
class WriteJournal:
    """Persist ``record``; ``seq`` orders snapshots taken by parallel workers (skip older)."""

    record: JournalRecord
    seq: int


@dataclass(frozen=True, slots=True)
class DropJournal:
    """Nothing left that a resume could continue: remove the journal."""


@dataclass(frozen=True, slots=True)
class Report:
    """Tell the progress callback (through :meth:`UploadCore.report`)."""

    event: ProgressEvent


@dataclass(frozen=True, slots=True)
class Done:
    media: UploadedMedia


@dataclass(frozen=True, slots=True)
class Fail:
    error: BaseException


LocalStep = VerifySource | WriteJournal | DropJournal | Report
NetworkStep = Initialize | Finalize | Poll | SetAltText
Step = LocalStep | NetworkStep | StartAppends | Done | Fail


@dataclass(frozen=True, slots=True)
class ResumeFrom:
    """A journal record whose reused segments were re-read and verified by the caller."""

    record: JournalRecord
    plan: SegmentPlan
    #: Segments whose bytes still match the recorded SHA-256 (the others are sent again).
    verified: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class JournalTarget:
    """Where this upload is journaled: the resolved path and the file's mtime."""

    path: str
    mtime_ns: int | None


def attach_media_id(error: BaseException, media_id: str | None) -> None:
    """Make ``media_id`` readable on ``error`` (``error.media_id``), whatever its type."""
    if media_id is None or getattr(error, "media_id", None) is not None:
        return
    if isinstance(error, XMediaError):
        error.media_id = media_id
        return
    with contextlib.suppress(AttributeError, TypeError):
        error.media_id = media_id  # type: ignore[attr-defined]
        error.add_note(f"xmedia: media {media_id} exists on X (resume or wait for it)")


class UploadCore:
    """State of one upload (or one wait). Thread-safe: the sync driver's workers share it."""

    def __init__(
        self,
        *,
        plan: SegmentPlan,
        media_type: str,
        media_category: str | None,
        now: float,
        concurrency: int = 4,
        wait: bool = True,
        alt_text: str | None = None,
        poll_deadline: float = 1800.0,
        default_check_after: float = 5.0,
        max_check_after: float = 300.0,
        journal: JournalTarget | None = None,
        resume: ResumeFrom | None = None,
        fresh_plan: SegmentPlan | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self.plan = plan
        self.media_type = media_type
        self.media_category = media_category
        self.concurrency = concurrency
        self.wait = wait
        self.alt_text = alt_text
        self.poll_deadline = poll_deadline
        self.default_check_after = default_check_after
        self.max_check_after = max_check_after
        self._journal = journal
        self._fresh_plan = fresh_plan if fresh_plan is not None else plan
        self._on_progress = on_progress
        self._lock = threading.RLock()
        self._emit_lock = threading.Lock()
        self._last_emitted_done = 0
        self._seq = 0
        self.phase = Phase.INIT
        self.history: list[tuple[Phase, Event, Phase]] = []
        self.media_id: str | None = None
        self.media_key: str | None = None
        self.expires_at: float | None = None
        self.acked: dict[int, str] = {}
        self._pending: deque[int] = deque(range(plan.count))
        self._in_flight: set[int] = set()
        self._appends_started = False
        self._source_verified = False
        self._resumed = False
        self._local: deque[LocalStep] = deque()
        self.error: BaseException | None = None
        self.result: UploadedMedia | None = None
        self._media: UploadedMedia | None = None
        self._deadline_at: float | None = None
        self._next_poll_at: float | None = None
        self._deadline_reached = False
        self._warnings: list[ProblemDetail] = []
        if resume is not None:
            self._resume(resume, now)

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
    ) -> UploadCore:
        """A core that only polls an already finalized media (``XMedia.wait``)."""
        core = cls(
            plan=SegmentPlan(total_bytes=0, chunk_size=1),
            media_type="",
            media_category=None,
            now=now,
            poll_deadline=poll_deadline,
            default_check_after=default_check_after,
            max_check_after=max_check_after,
            on_progress=on_progress,
        )
        core.media_id = media_id
        core._start_polling(Event.RESUMED_PROCESSING, now, first_poll_at=now)
        return core

    def _resume(self, resume: ResumeFrom, now: float) -> None:
        record = resume.record
        self.plan = resume.plan
        self.media_id = record.media_id
        self.media_key = record.media_key
        self.expires_at = record.expires_at
        self._resumed = True
        if record.state == "uploading":
            self.acked = {i: d for i, d in resume.verified.items() if 0 <= i < self.plan.count}
            self._pending = deque(i for i in range(self.plan.count) if i not in self.acked)
            self._fire(Event.RESUMED)
            self._local.append(Report(self._progress("resumed")))
            if not self._pending:
                self._fire(Event.ALL_ACKED)
            return
        assert record.media is not None
        self.acked = dict(record.acked)
        self._pending.clear()
        media = self._merge(record.media)
        self._media = media
        if record.state == "finalized" and self.wait:
            self._start_polling(Event.RESUMED_PROCESSING, now, first_poll_at=now)
        else:
            self.result = media
            self._finish(Event.RESUMED_DONE, now, record_it=False)
        self._local.append(Report(self._progress("resumed")))

    # --- transitions ---

    def _fire(self, event: Event) -> None:
        target = TRANSITIONS.get((self.phase, event))
        if target is None:
            raise InvalidTransition(f"{event.value} is not allowed in phase {self.phase.value}")
        self.history.append((self.phase, event, target))
        self.phase = target

    @property
    def failed(self) -> bool:
        return self.phase is Phase.FAILED

    @property
    def done(self) -> bool:
        return self.phase is Phase.DONE

    # --- the main lane ---

    def next_step(self, now: float) -> Step:
        """What the driver's main lane does next."""
        with self._lock:
            if self._local:
                return self._local.popleft()
            if self.phase is Phase.INIT:
                return Initialize(
                    InitRequest(self.plan.total_bytes, self.media_type, self.media_category)
                )
            if self.phase is Phase.APPENDING:
                if self._appends_started and not self._pending:
                    raise InvalidTransition("appends finished without all segments acknowledged")
                self._appends_started = True
                remaining = len(self._pending)
                return StartAppends(max(1, min(self.concurrency, remaining)))
            if self.phase is Phase.FINALIZING:
                assert self.media_id is not None
                if not self._source_verified:
                    self._source_verified = True  # never finalize bytes that no longer match
                    return VerifySource()
                return Finalize(FinalizeRequest(self.media_id))
            if self.phase is Phase.POLLING:
                return self._poll_step(now)
            if self.phase is Phase.DESCRIBING:
                assert self.media_id is not None and self.alt_text is not None
                return SetAltText(MetadataRequest(self.media_id, self.alt_text))
            if self.phase is Phase.DONE:
                assert self.result is not None
                return Done(self.result)
            assert self.error is not None
            return Fail(self.error)

    def on_reply(self, step: NetworkStep, reply: Reply, now: float) -> None:
        """The accepted (2xx) answer to a main-lane step."""
        with self._lock:
            if isinstance(step, Initialize):
                self._on_init(reply, now)
            elif isinstance(step, Finalize):
                self._on_finalize(reply, now)
            elif isinstance(step, Poll):
                self._on_status(reply, now)
            else:
                self._fire(Event.DESCRIBED)

    def on_failure(self, error: BaseException, now: float) -> None:
        """A step failed with ``error``. Decides: start over (a resumed media expired on the
        server), or fail — keeping the first error, with the media id attached."""
        with self._lock:
            if self.phase in (Phase.DONE, Phase.FAILED):
                return  # the first failure wins; late ones (cancelled workers) are dropped
            error = self._refine(error)
            if isinstance(error, UploadExpiredError) and self._resumed:
                self._restart()
                return
            if self.phase is Phase.DESCRIBING and isinstance(error, Exception):
                assert self.result is not None
                wrapped = PostUploadError(self.result, "alt_text", error)
                wrapped.__cause__ = error
                error = wrapped
            if isinstance(error, SourceChangedError | UploadExpiredError | ProcessingError) or (
                # X refused FINALIZE itself (bytes that are not the declared type, segments that
                # do not add up): a resume would send the same FINALIZE for the same bytes.
                self.phase is Phase.FINALIZING and type(error) is InvalidRequestError
            ):
                # Nothing a resume could continue: the bytes, the id or the media are unusable.
                self._local.append(DropJournal())
            attach_media_id(error, self.media_id)
            self.error = error
            self._fire(Event.FATAL)

    def _refine(self, error: BaseException) -> BaseException:
        """An error about an expired or vanished upload id becomes UploadExpiredError."""
        if self.media_id is None or not isinstance(error, APIError):
            return error
        if self.phase not in (Phase.APPENDING, Phase.FINALIZING):
            return error
        messages = " ".join(str(e.get("message", "")) for e in error.errors)
        text = f"{error.title or ''} {error.detail or ''} {messages}".lower()
        if "expire" in text or isinstance(error, NotFoundError):
            expired = UploadExpiredError(self.media_id, error.detail)
            expired.__cause__ = error
            return expired
        return error

    def _restart(self) -> None:
        """The journaled media is gone: a fresh INIT with a fresh plan, journal dropped."""
        self._fire(Event.RESTARTED)
        self._resumed = False
        self.plan = self._fresh_plan
        self.media_id = self.media_key = None
        self.expires_at = None
        self.acked = {}
        self._pending = deque(range(self.plan.count))
        self._in_flight.clear()
        self._appends_started = self._source_verified = False
        self._last_emitted_done = 0
        self._local.append(DropJournal())

    # --- INIT ---

    def _on_init(self, reply: Reply, now: float) -> None:
        data = data_of(reply, "initialize")
        self.media_id = media_id_in(data, reply, "initialize")
        key = data.get("media_key")
        self.media_key = key if isinstance(key, str) else None
        expires = int_or_none(data.get("expires_after_secs"))
        self.expires_at = None if expires is None else now + expires
        self._warnings.extend(warnings_of(reply))
        self._fire(Event.INITIALIZED)
        self._record("uploading", None, now)

    # --- APPEND (worker lane) ---

    def next_append(self) -> Append | None:
        """The next segment to send, or None when there is nothing left to hand out."""
        with self._lock:
            if self.phase is not Phase.APPENDING or not self._pending:
                return None
            assert self.media_id is not None
            index = self._pending.popleft()
            self._in_flight.add(index)
            return Append(AppendRequest(self.media_id, self.plan.segment(index)))

    def on_append(self, step: Append, reply: Reply, digest: str) -> list[LocalStep]:
        """An APPEND got a 2xx: the segment (whose bytes hash to ``digest``) is stored.

        Returns what the worker does next, in order: journal the acknowledgement, then report
        progress (so a crash in a progress callback never loses an acknowledged segment).
        """
        request = step.request
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
            if self.phase is not Phase.APPENDING or request.media_id != self.media_id:
                return []  # failed or restarted meanwhile: late answers are ignored
            index = request.segment.index
            self._in_flight.discard(index)
            self.acked[index] = digest
            self._fire(Event.SEGMENT_ACKED)
            steps: list[LocalStep] = []
            journal = self._snapshot("uploading", None, None)
            if journal is not None:
                steps.append(journal)
            steps.append(Report(self._progress("upload")))
            if len(self.acked) == self.plan.count:
                self._fire(Event.ALL_ACKED)
            return steps

    def _progress(self, phase: str) -> ProgressEvent:
        sent = sum(self.plan.segment(i).length for i in self.acked if i < self.plan.count)
        return ProgressEvent(
            phase=phase,  # type: ignore[arg-type]
            bytes_sent=sent,
            total_bytes=self.plan.total_bytes,
            segments_done=len(self.acked),
            segments_total=self.plan.count if self.plan.total_bytes else 0,
            media_id=self.media_id,
        )

    def upload_progress(self) -> ProgressEvent:
        with self._lock:
            return self._progress("upload")

    # --- FINALIZE ---

    def _on_finalize(self, reply: Reply, now: float) -> None:
        media = self._merge(parse_media(reply, "finalize", now=now, fallback_id=self.media_id))
        self._media = media
        info = media.processing
        if info is None or info.succeeded:
            self.result = media
            self._finish(Event.READY, now)
        elif info.failed:
            self._fire(Event.PROCESSING_FAILED)
            self._processing_failed(media)
        elif not self.wait:
            self.result = media
            self._fire(Event.NOT_WAITING)
            self._record("finalized", media, now)
        else:
            self._start_polling(Event.PROCESSING, now, first_poll_at=now + self._check_after(info))
            self._record("finalized", media, now)

    def _finish(self, done: Event, now: float, *, record_it: bool = True) -> None:
        """The media is ready: record it (a resume returns it again), then alt text or done."""
        assert self.result is not None
        if record_it:
            self._record("finished", self.result, now)
        self._fire(Event.DESCRIBE if self.alt_text is not None else done)

    def _processing_failed(self, media: UploadedMedia) -> None:
        info = media.processing
        assert info is not None
        error = ProcessingError(
            media.media_id, info.error_code, info.error_name, info.error_message
        )
        self.error = error
        self._local.append(DropJournal())

    # --- POLLING ---

    def _start_polling(self, event: Event, now: float, *, first_poll_at: float) -> None:
        self._fire(event)
        self._deadline_at = now + self.poll_deadline
        self._next_poll_at = first_poll_at
        self._deadline_reached = False

    def _poll_step(self, now: float) -> Step:
        assert self._deadline_at is not None and self._next_poll_at is not None
        assert self.media_id is not None
        if self._deadline_reached:
            self._fire(Event.DEADLINE)
            info = self._media.processing if self._media else None
            self.error = ProcessingTimeoutError(
                self.media_id, self.poll_deadline, info.state if info else None
            )
            return Fail(self.error)
        delay = max(0.0, min(self._next_poll_at, self._deadline_at) - now)
        return Poll(delay, StatusRequest(self.media_id))

    def _on_status(self, reply: Reply, now: float) -> None:
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
        self._local.append(Report(event))
        if info is None or info.succeeded:
            self.result = media
            self._finish(Event.SUCCEEDED, now)
        elif info.failed:
            self._fire(Event.PROCESSING_FAILED)
            self._processing_failed(media)
        else:
            self._fire(Event.STILL_PROCESSING)
            self._next_poll_at = now + self._check_after(info)
            # The last poll happens at the deadline; after it, the next step fails.
            assert self._deadline_at is not None
            self._deadline_reached = now >= self._deadline_at

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

    # --- the journal ---

    def _snapshot(
        self, state: RecordState, media: UploadedMedia | None, now: float | None
    ) -> WriteJournal | None:
        if self._journal is None or self.media_id is None:
            return None
        expires = self.expires_at
        if media is not None and media.expires_at is not None:
            expires = media.expires_at.timestamp()
        if state != "uploading" and expires is None and now is not None:
            expires = now + FINISHED_FALLBACK_LIFETIME
        self._seq += 1
        record = JournalRecord(
            state=state,
            media_id=self.media_id,
            media_key=self.media_key,
            path=self._journal.path,
            mtime_ns=self._journal.mtime_ns,
            chunk_size=self.plan.chunk_size,
            total_bytes=self.plan.total_bytes,
            media_type=self.media_type,
            media_category=self.media_category,
            expires_at=expires,
            acked=dict(self.acked),
            media=media,
        )
        return WriteJournal(record, self._seq)

    def _record(self, state: RecordState, media: UploadedMedia | None, now: float) -> None:
        step = self._snapshot(state, media, now)
        if step is not None:
            self._local.append(step)

    # --- progress ---

    def on_retry(self, verdict: RetryAfter, operation: str, attempt: int) -> None:
        """A request is retried after ``verdict.delay``: tell the progress callback."""
        with self._lock:
            base = self._progress("upload")
        event = ProgressEvent(
            phase=verdict.kind,
            bytes_sent=base.bytes_sent,
            total_bytes=base.total_bytes,
            segments_done=base.segments_done,
            segments_total=base.segments_total,
            media_id=self.media_id,
            operation=operation,
            attempt=attempt,
            wait_seconds=verdict.delay,
            reset_at=verdict.reset_at,
            reason=verdict.reason,
        )
        self.report(event)

    def report(self, event: ProgressEvent) -> None:
        """Call the progress callback: one at a time, upload progress never going backwards
        (parallel workers may finish their journal writes out of order). A callback that
        raises stops the upload with ProgressCallbackError carrying the media id."""
        if self._on_progress is None:
            return
        with self._emit_lock:
            if event.phase == "upload":
                if event.segments_done <= self._last_emitted_done:
                    return
                self._last_emitted_done = event.segments_done
            try:
                self._on_progress(event)
            except Exception as exc:
                raise ProgressCallbackError(exc, self.media_id) from exc
