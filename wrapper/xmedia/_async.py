"""Asynchronous client: httpx.AsyncClient + an anyio task group driving the sans-IO upload core.

Same decisions as the sync client (they live in :mod:`xmedia._session`); only the waiting differs.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from types import TracebackType
from typing import BinaryIO

import anyio
import anyio.to_thread
import httpx

from ._auth import Credentials
from ._calls import AsyncCalls
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

__all__ = ["AsyncXMedia"]

log = logging.getLogger("xmedia")

# Plain callables; the async client calls them inline (keep them quick).
ProgressCallback = Callable[[ProgressEvent], None]


class AsyncXMedia:
    """Client for the X API v2 media endpoints (async; use ``async with``).

    ``auth=None`` reads credentials from the environment (see :func:`xmedia.auth_from_env`);
    ``base_url=None`` reads ``X_API_BASE_URL`` (default ``https://api.x.com``). Pass
    ``http_client`` to reuse your own ``httpx.AsyncClient`` (it is not closed by :meth:`close`,
    and not modified: URLs are absolute and auth is sent per request).
    """

    def __init__(
        self,
        auth: Credentials | None = None,
        *,
        base_url: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        config: UploadConfig | None = None,
    ) -> None:
        self.config = config if config is not None else UploadConfig()
        self.base_url, request_auth = resolve_connection(
            auth, base_url, http_client.auth if http_client is not None else None
        )
        self._owns_http = http_client is None
        self._http = (
            http_client
            if http_client is not None
            else httpx.AsyncClient(
                timeout=httpx_timeout(self.config),
                headers={"User-Agent": self.config.user_agent},
                follow_redirects=False,  # a redirect could downgrade to http with our credentials
                limits=httpx.Limits(max_connections=max(10, self.config.concurrency * 2)),
            )
        )
        self._calls = AsyncCalls(
            self._http, self.base_url, request_auth, httpx_timeout(self.config)
        )
        self._sleep_impl: Callable[[float], Awaitable[None]] = (
            self.config.async_sleep if self.config.async_sleep is not None else anyio.sleep
        )

    def __repr__(self) -> str:
        return f"AsyncXMedia(base_url={self.base_url!r})"

    async def __aenter__(self) -> AsyncXMedia:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    # --- driver primitives ---

    def _now(self) -> float:
        return self.config.clock()

    async def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            await self._sleep_impl(seconds)

    async def _execute(self, judge: Judge, request: Request, payload: bytes | None = None) -> Reply:
        """Send until the judge accepts the answer (or raises the typed error)."""
        operation = operation_name(request)
        attempt = 0
        while True:
            attempt += 1
            outcome = await self._calls.send(request, payload)
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
            await self._sleep(verdict.delay)

    async def _poll(self, session: UploadSession, judge: Judge) -> None:
        while (delay := session.poll_delay(self._now())) is not None:
            await self._sleep(delay)
            reply = await self._execute(judge, session.status_request())
            session.on_status(reply, self._now())

    async def _append_all(
        self, prepared: PreparedUpload, session: UploadSession, judge: Judge
    ) -> None:
        async def worker(scope: anyio.CancelScope) -> None:
            # One worker = one concurrency slot: it claims a segment before reading its chunk.
            while True:
                request: AppendRequest | None = session.claim_segment()
                if request is None:
                    return
                try:
                    data = await anyio.to_thread.run_sync(prepared.source.read, request.segment)
                    reply = await self._execute(judge, request, data)
                    del data
                    progress = session.on_append(request, reply)
                    prepared.checkpoint(session)  # a small local file write
                    session.emit(progress)
                except Exception as exc:
                    session.fail(exc)  # the first failure is kept and raised
                    scope.cancel()  # cancels the other workers' requests and sleeps
                    return

        remaining = session.plan.count - len(session.acked_snapshot())
        workers = max(1, min(self.config.concurrency, remaining))
        async with anyio.create_task_group() as group:
            for _ in range(workers):
                group.start_soon(worker, group.cancel_scope)
        if session.error is not None:
            raise session.error

    async def _run_upload(
        self, prepared: PreparedUpload, wait: bool, on_progress: ProgressCallback | None
    ) -> UploadedMedia:
        judge = new_judge(self.config, segments=prepared.plan.count)
        session = prepared.new_session(wait=wait, on_progress=on_progress)
        try:
            if session.phase is Phase.INIT:
                reply = await self._execute(judge, session.init_request())
                session.on_init(reply, self._now())
                prepared.checkpoint(session)
            await self._append_all(prepared, session, judge)
            # Never finalize bytes that no longer match the file.
            prepared.source.check_unchanged()
            reply = await self._execute(judge, session.finalize_request())
        except Exception as exc:
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
        await self._poll(session, judge)
        assert session.result is not None
        return session.result

    # --- public API ---

    async def upload(
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

        See :meth:`xmedia.XMedia.upload`.
        """
        if alt_text is not None:
            check_alt_text(alt_text)
        # Pre-flight touches the disk (and may spool a pipe): keep it off the event loop.
        prepared = await anyio.to_thread.run_sync(
            lambda: prepare_upload(
                source,
                media_type=media_type,
                media_category=media_category,
                resume=resume,
                config=self.config,
                base_url=self.base_url,
                now=self._now(),
            )
        )
        try:
            try:
                media = await self._run_upload(prepared, wait, on_progress)
            except UploadExpiredError:
                if prepared.resume is None:
                    raise
                log.info(
                    "journaled media %s expired on the server; starting over",
                    prepared.resume.media_id,
                )
                prepared.forget_resume()
                media = await self._run_upload(prepared, wait, on_progress)
        except (SourceChangedError, UploadExpiredError):
            prepared.abandon()
            raise
        finally:
            prepared.close()
        if alt_text is not None:
            await self.set_alt_text(media.media_id, alt_text)
        return media

    async def status(self, media_id: str) -> UploadedMedia:
        reply = await self._execute(new_judge(self.config), StatusRequest(str(media_id)))
        return parse_media(reply, "status", now=self._now(), fallback_id=str(media_id))

    async def wait(
        self,
        media_id: str,
        *,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> UploadedMedia:
        session = UploadSession.for_wait(
            str(media_id),
            now=self._now(),
            poll_deadline=timeout if timeout is not None else self.config.poll_deadline,
            default_check_after=self.config.default_check_after,
            max_check_after=self.config.max_check_after,
            on_progress=on_progress,
        )
        await self._poll(session, new_judge(self.config))
        assert session.result is not None
        return session.result

    async def set_alt_text(self, media_id: str, text: str) -> None:
        check_alt_text(text)
        await self._execute(new_judge(self.config), MetadataRequest(str(media_id), text))

    async def create_subtitles(
        self,
        media_id: str,
        *,
        subtitles_media_id: str,
        language_code: str,
        display_name: str | None = None,
        media_category: str = "TweetVideo",
    ) -> None:
        request = SubtitlesCreateRequest(
            str(media_id), media_category, str(subtitles_media_id), language_code, display_name
        )
        await self._execute(new_judge(self.config), request)

    async def delete_subtitles(
        self, media_id: str, *, language_code: str, media_category: str = "TweetVideo"
    ) -> None:
        request = SubtitlesDeleteRequest(str(media_id), media_category, language_code)
        await self._execute(new_judge(self.config), request)

    async def lookup(self, media_keys: Sequence[str]) -> list[MediaInfo]:
        request = LookupRequest(check_media_keys(media_keys))
        return parse_lookup(await self._execute(new_judge(self.config), request))
