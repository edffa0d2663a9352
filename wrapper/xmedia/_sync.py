"""Synchronous client: httpx.Client + a thread pool driving the sans-IO upload core.

This module only carries out what :mod:`xmedia._session` decides: send, sleep, read a chunk.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import BinaryIO

import httpx

from ._auth import Credentials
from ._calls import SyncCalls
from ._common import (
    check_alt_text,
    check_media_keys,
    httpx_timeout,
    new_judge,
    parse_lookup,
    resolve_connection,
)
from ._config import UploadConfig
from ._errors import SourceChangedError, UploadExpiredError
from ._models import MediaInfo, ProgressEvent, UploadedMedia
from ._prepare import PreparedUpload, prepare_upload
from ._session import (
    AppendRequest,
    Judge,
    LookupRequest,
    MetadataRequest,
    Phase,
    Reply,
    Request,
    StatusRequest,
    SubtitlesCreateRequest,
    SubtitlesDeleteRequest,
    UploadSession,
    describe_outcome,
    operation_name,
    parse_media,
)

__all__ = ["XMedia"]

log = logging.getLogger("xmedia")

ProgressCallback = Callable[[ProgressEvent], None]


class _Cancelled(Exception):
    """Another append failed first; this worker stops quietly."""


class XMedia:
    """Client for the X API v2 media endpoints (blocking; safe to share between threads).

    ``auth=None`` reads credentials from the environment (see :func:`xmedia.auth_from_env`);
    ``base_url=None`` reads ``X_API_BASE_URL`` (default ``https://api.x.com``). Pass
    ``http_client`` to reuse your own ``httpx.Client`` (it is not closed by :meth:`close`, and
    not modified: URLs are absolute and auth is sent per request).
    """

    def __init__(
        self,
        auth: Credentials | None = None,
        *,
        base_url: str | None = None,
        http_client: httpx.Client | None = None,
        config: UploadConfig | None = None,
    ) -> None:
        self.config = config if config is not None else UploadConfig()
        self.base_url, request_auth = resolve_connection(
            auth, base_url, http_client.auth if http_client is not None else None
        )
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else self._new_http_client()
        self._calls = SyncCalls(self._http, self.base_url, request_auth, httpx_timeout(self.config))

    def _new_http_client(self) -> httpx.Client:
        return httpx.Client(
            timeout=httpx_timeout(self.config),
            headers={"User-Agent": self.config.user_agent},
            follow_redirects=False,  # a redirect could downgrade to http with our credentials
            limits=httpx.Limits(max_connections=max(10, self.config.concurrency * 2)),
        )

    def __repr__(self) -> str:
        return f"XMedia(base_url={self.base_url!r})"

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

    # --- driver primitives ---

    def _now(self) -> float:
        return self.config.clock()

    def _sleep(self, seconds: float, cancel: threading.Event | None = None) -> None:
        if seconds <= 0:
            return
        if cancel is not None and self.config.sleep is time.sleep:
            cancel.wait(seconds)  # wakes early when another worker failed
        else:
            self.config.sleep(seconds)

    def _execute(
        self,
        judge: Judge,
        request: Request,
        payload: bytes | None = None,
        cancel: threading.Event | None = None,
    ) -> Reply:
        """Send until the judge accepts the answer (or raises the typed error)."""
        operation = operation_name(request)
        attempt = 0
        while True:
            attempt += 1
            outcome = self._calls.send(request, payload)
            verdict = judge.judge(operation, outcome, attempt, self._now())
            if isinstance(verdict, Reply):
                return verdict
            log.info(
                "retrying %s in %.2f s (attempt %d: %s)",
                operation,
                verdict.delay,
                attempt,
                describe_outcome(outcome),
            )
            self._sleep(verdict.delay, cancel)
            if cancel is not None and cancel.is_set():
                raise _Cancelled

    def _poll(self, session: UploadSession, judge: Judge) -> None:
        while (delay := session.poll_delay(self._now())) is not None:
            self._sleep(delay)
            reply = self._execute(judge, session.status_request())
            session.on_status(reply, self._now())

    def _append_all(self, prepared: PreparedUpload, session: UploadSession, judge: Judge) -> None:
        cancel = threading.Event()

        def worker() -> None:
            # Holding a worker *is* holding a concurrency slot: the chunk is read only after a
            # segment was claimed, so at most `concurrency` chunks are in memory.
            while not cancel.is_set():
                request: AppendRequest | None = session.claim_segment()
                if request is None:
                    return
                try:
                    data = prepared.source.read(request.segment)
                    reply = self._execute(judge, request, data, cancel)
                    del data
                    progress = session.on_append(request, reply)
                    prepared.checkpoint(session)
                    session.emit(progress)
                except BaseException as exc:
                    session.fail(exc)  # the first failure is kept; later ones are dropped
                    cancel.set()
                    return

        remaining = session.plan.count - len(session.acked_snapshot())
        workers = max(1, min(self.config.concurrency, remaining))
        if workers == 1:
            worker()
        else:
            with ThreadPoolExecutor(workers, thread_name_prefix="xmedia-append") as pool:
                futures = [pool.submit(worker) for _ in range(workers)]
                try:
                    for future in futures:
                        future.result()
                except BaseException as exc:  # e.g. KeyboardInterrupt in the calling thread
                    session.fail(exc)
                    cancel.set()
                    raise
        if session.error is not None:
            raise session.error

    def _run_upload(
        self, prepared: PreparedUpload, wait: bool, on_progress: ProgressCallback | None
    ) -> UploadedMedia:
        judge = new_judge(self.config, segments=prepared.plan.count)
        session = prepared.new_session(wait=wait, on_progress=on_progress)
        try:
            if session.phase is Phase.INIT:
                reply = self._execute(judge, session.init_request())
                session.on_init(reply, self._now())
                prepared.checkpoint(session)
            self._append_all(prepared, session, judge)
            # Never finalize bytes that no longer match the file.
            prepared.source.check_unchanged()
            reply = self._execute(judge, session.finalize_request())
        except BaseException as exc:
            first = session.fail(exc)
            if first is exc:
                raise
            raise first from None
        try:
            session.on_finalize(reply, self._now())
        finally:
            # Drop the journal only once FINALIZE's answer was understood (ready, processing or
            # failed processing): after an unusable answer the media may not be finalized, and
            # --resume must still know which segments were sent.
            if session.phase is not Phase.FINALIZING:
                prepared.finished()
        self._poll(session, judge)
        assert session.result is not None
        return session.result

    # --- public API ---

    def upload(
        self,
        source: str | os.PathLike[str] | BinaryIO,
        *,
        media_category: str | None = None,
        media_type: str | None = None,
        alt_text: str | None = None,
        wait: bool = True,
        resume: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> UploadedMedia:
        """Upload a file or binary stream; returns once finalized (and processed if ``wait``).

        Pre-flight checks (readable, not empty, media type, category, size, segment plan) run
        before any request. With ``resume=True`` an upload of the same unchanged file that was
        interrupted continues with only the missing segments.
        """
        if alt_text is not None:
            check_alt_text(alt_text)
        prepared = prepare_upload(
            source,
            media_type=media_type,
            media_category=media_category,
            resume=resume,
            config=self.config,
            base_url=self.base_url,
            now=self._now(),
        )
        try:
            try:
                media = self._run_upload(prepared, wait, on_progress)
            except UploadExpiredError:
                if prepared.resume is None:
                    raise
                log.info(
                    "journaled media %s expired on the server; starting over",
                    prepared.resume.media_id,
                )
                prepared.forget_resume()
                media = self._run_upload(prepared, wait, on_progress)
        except (SourceChangedError, UploadExpiredError):
            prepared.abandon()
            raise
        finally:
            prepared.close()
        if alt_text is not None:
            self.set_alt_text(media.media_id, alt_text)
        return media

    def status(self, media_id: str) -> UploadedMedia:
        """One STATUS request (only meaningful for media that has processing_info)."""
        reply = self._execute(new_judge(self.config), StatusRequest(str(media_id)))
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
        session = UploadSession.for_wait(
            str(media_id),
            now=self._now(),
            poll_deadline=timeout if timeout is not None else self.config.poll_deadline,
            default_check_after=self.config.default_check_after,
            max_check_after=self.config.max_check_after,
            on_progress=on_progress,
        )
        self._poll(session, new_judge(self.config))
        assert session.result is not None
        return session.result

    def set_alt_text(self, media_id: str, text: str) -> None:
        check_alt_text(text)
        self._execute(new_judge(self.config), MetadataRequest(str(media_id), text))

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
        self._execute(new_judge(self.config), request)

    def delete_subtitles(
        self, media_id: str, *, language_code: str, media_category: str = "TweetVideo"
    ) -> None:
        request = SubtitlesDeleteRequest(str(media_id), media_category, language_code)
        self._execute(new_judge(self.config), request)

    def lookup(self, media_keys: Sequence[str]) -> list[MediaInfo]:
        """Media objects for 1-100 media keys (keys X does not know are logged and skipped)."""
        request = LookupRequest(check_media_keys(media_keys))
        return parse_lookup(self._execute(new_judge(self.config), request))
