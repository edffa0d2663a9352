"""Synchronous client: httpx.Client + a thread pool executing the sans-IO core's steps.

Only how to send, wait and run appends in parallel lives here; every decision is the core's
(:mod:`xmedia._core`) and everything else is shared with the async client (:mod:`xmedia._base`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

import httpx

from ._base import BaseXMedia, UploadRun, check_alt_text, check_media_keys
from ._calls import SyncCalls
from ._core import Done, NetworkStep, Poll, ProgressCallback, StartAppends
from ._deadline import DeadlineTransport
from ._errors import ProcessingError
from ._judge import Exchange, Judge, RetryListener
from ._models import MediaInfo, UploadedMedia
from ._parse import parse_analytics_reply, parse_lookup, parse_media, parse_media_by_key
from ._requests import (
    AnalyticsRequest,
    LookupRequest,
    MediaByKeyRequest,
    MetadataRequest,
    Reply,
    Request,
    StatusRequest,
    SubtitlesCreateRequest,
    SubtitlesDeleteRequest,
)

if TYPE_CHECKING:  # analytics is imported where used: an upload never needs it (start-up)
    from ._analytics import Granularity, MediaAnalytics

__all__ = ["XMedia"]


class _Cancelled(Exception):
    """Another append failed first; this worker stops quietly."""


class XMedia(BaseXMedia[httpx.Client, SyncCalls]):
    """Client for the X API v2 media endpoints (blocking; safe to share between threads).

    ``auth=None`` reads credentials from the environment (see :func:`xmedia.auth_from_env`);
    ``base_url=None`` reads ``X_API_BASE_URL`` (default ``https://api.x.com``). Pass
    ``http_client`` to reuse your own ``httpx.Client`` (it is not closed by :meth:`close`, and
    not modified: URLs are absolute and auth is sent per request). ``runtime`` replaces the
    clock, waits and jitter (tests: :mod:`xmedia.testing`).
    """

    def _new_http_client(self) -> httpx.Client:
        options = self._http_options()
        # Every socket operation bounded by the request's deadline (headers that trickle too).
        return httpx.Client(**options, transport=DeadlineTransport(limits=options["limits"]))

    def _new_calls(self, http: httpx.Client) -> SyncCalls:
        return SyncCalls(
            http, self.base_url, self._request_auth, self._timeout(), self.config.request_timeout
        )

    def __enter__(self) -> XMedia:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    # --- executing steps ---

    def _sleep(self, seconds: float, cancel: threading.Event | None = None) -> None:
        if seconds <= 0:
            return
        if cancel is not None and self.runtime.real_sleep:
            cancel.wait(seconds)  # wakes early when another worker failed
        else:
            self.runtime.sleep(seconds)

    def _execute(
        self,
        judge: Judge,
        request: Request,
        payload: bytes | None = None,
        *,
        listener: RetryListener | None = None,
        cancel: threading.Event | None = None,
    ) -> Reply:
        """Send until the judge accepts the answer (or raises the typed error)."""
        exchange = Exchange(judge, request, listener)
        while not isinstance(
            verdict := exchange.settle(self._calls.send(request, payload), self._now()), Reply
        ):
            self._sleep(verdict, cancel)
            if cancel is not None and cancel.is_set():
                raise _Cancelled
        return verdict

    def _drive(self, run: UploadRun) -> UploadedMedia:
        while not isinstance(step := run.next(self._now()), Done):
            try:
                self._perform(run, step)
            except BaseException as exc:  # interrupts too: they must carry the media id
                run.core.on_failure(exc, self._now())
        return step.media

    def _perform(self, run: UploadRun, step: NetworkStep | StartAppends) -> None:
        if isinstance(step, StartAppends):
            self._append_all(run, step.workers)
            return
        if isinstance(step, Poll):
            self._sleep(step.delay)
        reply = self._execute(run.judge, step.request, listener=run.core.on_retry)
        run.core.on_reply(step, reply, self._now())

    def _append_all(self, run: UploadRun, workers: int) -> None:
        cancel = threading.Event()

        def worker() -> None:
            # Holding a worker *is* holding a concurrency slot: the chunk is read only after a
            # segment was claimed, so at most `concurrency` chunks are in memory.
            while not cancel.is_set() and (step := run.core.next_append()) is not None:
                try:
                    data, digest = run.read(step)
                    reply = self._execute(
                        run.judge, step.request, data, listener=run.core.on_retry, cancel=cancel
                    )
                    del data
                    run.acknowledged(step, reply, digest)
                except _Cancelled:
                    return
                except BaseException as exc:
                    run.core.on_failure(exc, self._now())  # the first failure is kept
                    cancel.set()
                    return

        if workers == 1:
            worker()
            return
        with ThreadPoolExecutor(workers, thread_name_prefix="xmedia-append") as pool:
            futures = [pool.submit(worker) for _ in range(workers)]
            try:
                for future in futures:
                    future.result()
            except BaseException:  # e.g. KeyboardInterrupt in the calling thread
                cancel.set()
                raise

    # --- public API ---

    def upload(
        self,
        source: str | os.PathLike[str] | BinaryIO | bytes | bytearray | memoryview,
        *,
        media_category: str | None = None,
        media_type: str | None = None,
        alt_text: str | None = None,
        wait: bool = True,
        resume: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> UploadedMedia:
        """Upload a file, binary stream or bytes; returns once finalized (and processed if
        ``wait``), with the alt text set.

        Pre-flight checks (regular file, readable, not empty, media type, category, size,
        segment plan) run before any request. With ``resume=True`` an interrupted upload of the
        same file continues with only the missing (or changed) segments, a finalized one is
        polled again, and a finished one is returned as recorded, without uploading again.
        Every error raised once X assigned a media id carries it (``error.media_id``).
        """
        run = self._start_upload(
            source,
            media_category=media_category,
            media_type=media_type,
            alt_text=alt_text,
            wait=wait,
            resume=resume,
            on_progress=on_progress,
        )
        try:
            media = self._drive(run)
        except ProcessingError as exc:
            from ._inspect import explain_failure

            explain_failure(exc, run.prepared)
            raise
        finally:
            run.close()
        from ._inspect import with_inspection

        return with_inspection(media, run.prepared)

    def status(self, media_id: str) -> UploadedMedia:
        """One STATUS request (only meaningful for media that has processing_info)."""
        reply = self._execute(self._judge(), StatusRequest(str(media_id)))
        return parse_media(reply, "status", now=self._now(), fallback_id=str(media_id))

    def wait(
        self,
        media_id: str,
        *,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> UploadedMedia:
        """Poll until processing ends: returns the media, or raises ProcessingError /
        ProcessingTimeoutError (after ``timeout``, default ``config.poll_deadline``)."""
        return self._drive(self._start_wait(media_id, timeout, on_progress))

    def set_alt_text(self, media_id: str, text: str) -> None:
        check_alt_text(text)
        self._execute(self._judge(), MetadataRequest(str(media_id), text))

    def create_subtitles(
        self,
        media_id: str,
        *,
        subtitles_media_id: str,
        language_code: str,
        display_name: str | None = None,
        media_category: str = "TweetVideo",
    ) -> None:
        """Attach an uploaded subtitles file (category ``subtitles``) to a video."""
        request = SubtitlesCreateRequest(
            str(media_id), media_category, str(subtitles_media_id), language_code, display_name
        )
        self._execute(self._judge(), request)

    def delete_subtitles(
        self, media_id: str, *, language_code: str, media_category: str = "TweetVideo"
    ) -> None:
        request = SubtitlesDeleteRequest(str(media_id), media_category, language_code)
        self._execute(self._judge(), request)

    def lookup(self, media_keys: Sequence[str]) -> list[MediaInfo]:
        """Media objects for 1-100 media keys (keys X does not know are logged and skipped)."""
        request = LookupRequest(check_media_keys(media_keys))
        return parse_lookup(self._execute(self._judge(), request))

    def get(self, media_key: str) -> MediaInfo:
        """The media object for one media key (``GET /2/media/{media_key}``); NotFoundError
        when X does not know it or does not show it to you."""
        from ._analytics import check_media_key

        key = check_media_key(media_key)
        reply = self._execute(self._judge(), MediaByKeyRequest(key))
        return parse_media_by_key(reply, key)

    def analytics(
        self,
        media_keys: Sequence[str] | str,
        start_time: datetime | str,
        end_time: datetime | str,
        granularity: Granularity = "daily",
        fields: Iterable[str] | None = None,
    ) -> MediaAnalytics:
        """Views and playback counters of 1-100 of your media over ``[start_time, end_time)``,
        one row per media key and bucket (``granularity`` hourly, daily or total). Times are
        aware datetimes or ISO 8601 texts (a bare date is midnight UTC); ``fields`` picks
        counters (default: all). Keys X has no figures for are in ``.missing`` with X's
        problems — not an error, so one unknown key does not lose the others' rows."""
        from ._analytics import analytics_query

        query = analytics_query(media_keys, start_time, end_time, granularity, fields)
        reply = self._execute(self._judge(), AnalyticsRequest(query))
        return parse_analytics_reply(reply, query.media_keys)
