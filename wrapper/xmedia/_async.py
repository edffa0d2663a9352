"""Asynchronous client: httpx.AsyncClient + an anyio task group executing the core's steps.

Same decisions as the sync client (they live in :mod:`xmedia._core`) and the same setup
(:mod:`xmedia._base`); only sending, waiting and running appends differ.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

import anyio
import anyio.to_thread
import httpx

from ._base import BaseXMedia, UploadRun, check_alt_text, check_media_keys
from ._calls import AsyncCalls
from ._core import Done, NetworkStep, Poll, ProgressCallback, StartAppends
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

__all__ = ["AsyncXMedia"]


class AsyncXMedia(BaseXMedia[httpx.AsyncClient, AsyncCalls]):
    """Client for the X API v2 media endpoints (async; use ``async with``).

    See :class:`xmedia.XMedia`; ``http_client`` is an ``httpx.AsyncClient``. Progress callbacks
    are plain callables called inline (keep them quick).
    """

    def _new_http_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(**self._http_options())

    def _new_calls(self, http: httpx.AsyncClient) -> AsyncCalls:
        return AsyncCalls(
            http, self.base_url, self._request_auth, self._timeout(), self.config.request_timeout
        )

    def _async_sleep(self) -> Callable[[float], Awaitable[None]]:
        return self.runtime.async_sleep if self.runtime.async_sleep is not None else anyio.sleep

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

    # --- executing steps ---

    async def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            await self._async_sleep()(seconds)

    async def _execute(
        self,
        judge: Judge,
        request: Request,
        payload: bytes | None = None,
        *,
        listener: RetryListener | None = None,
    ) -> Reply:
        """Send until the judge accepts the answer (or raises the typed error)."""
        exchange = Exchange(judge, request, listener)
        while not isinstance(
            verdict := exchange.settle(await self._calls.send(request, payload), self._now()),
            Reply,
        ):
            await self._sleep(verdict)
        return verdict

    async def _drive(self, run: UploadRun) -> UploadedMedia:
        while not isinstance(step := run.next(self._now()), Done):
            try:
                await self._perform(run, step)
            except BaseException as exc:  # interrupts too: they must carry the media id
                run.core.on_failure(exc, self._now())
        return step.media

    async def _perform(self, run: UploadRun, step: NetworkStep | StartAppends) -> None:
        if isinstance(step, StartAppends):
            await self._append_all(run, step.workers)
            return
        if isinstance(step, Poll):
            await self._sleep(step.delay)
        reply = await self._execute(run.judge, step.request, listener=run.core.on_retry)
        run.core.on_reply(step, reply, self._now())

    async def _append_all(self, run: UploadRun, workers: int) -> None:
        async def worker(scope: anyio.CancelScope) -> None:
            # One worker = one concurrency slot: it claims a segment before reading its chunk.
            while (step := run.core.next_append()) is not None:
                try:
                    data, digest = await anyio.to_thread.run_sync(run.read, step)
                    reply = await self._execute(
                        run.judge, step.request, data, listener=run.core.on_retry
                    )
                    del data
                    run.acknowledged(step, reply, digest)
                except Exception as exc:
                    run.core.on_failure(exc, self._now())  # the first failure is kept
                    scope.cancel()  # cancels the other workers' requests and sleeps
                    return

        async with anyio.create_task_group() as group:
            for _ in range(workers):
                group.start_soon(worker, group.cancel_scope)

    # --- public API ---

    async def upload(
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
        """Upload a file, binary stream or bytes; see :meth:`xmedia.XMedia.upload`."""
        # Pre-flight touches the disk (and may spool a pipe or verify a journal): off the loop.
        run = await anyio.to_thread.run_sync(
            functools.partial(
                self._start_upload,
                source,
                media_category=media_category,
                media_type=media_type,
                alt_text=alt_text,
                wait=wait,
                resume=resume,
                on_progress=on_progress,
            )
        )
        try:
            media = await self._drive(run)
        except ProcessingError as exc:
            from ._inspect import explain_failure

            explain_failure(exc, run.prepared)
            raise
        finally:
            run.close()
        from ._inspect import with_inspection

        return with_inspection(media, run.prepared)

    async def status(self, media_id: str) -> UploadedMedia:
        reply = await self._execute(self._judge(), StatusRequest(str(media_id)))
        return parse_media(reply, "status", now=self._now(), fallback_id=str(media_id))

    async def wait(
        self,
        media_id: str,
        *,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> UploadedMedia:
        return await self._drive(self._start_wait(media_id, timeout, on_progress))

    async def set_alt_text(self, media_id: str, text: str) -> None:
        check_alt_text(text)
        await self._execute(self._judge(), MetadataRequest(str(media_id), text))

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
        await self._execute(self._judge(), request)

    async def delete_subtitles(
        self, media_id: str, *, language_code: str, media_category: str = "TweetVideo"
    ) -> None:
        request = SubtitlesDeleteRequest(str(media_id), media_category, language_code)
        await self._execute(self._judge(), request)

    async def lookup(self, media_keys: Sequence[str]) -> list[MediaInfo]:
        request = LookupRequest(check_media_keys(media_keys))
        return parse_lookup(await self._execute(self._judge(), request))

    async def get(self, media_key: str) -> MediaInfo:
        """The media object for one media key (``GET /2/media/{media_key}``); NotFoundError
        when X does not know it or does not show it to you."""
        from ._analytics import check_media_key

        key = check_media_key(media_key)
        reply = await self._execute(self._judge(), MediaByKeyRequest(key))
        return parse_media_by_key(reply, key)

    async def analytics(
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
        reply = await self._execute(self._judge(), AnalyticsRequest(query))
        return parse_analytics_reply(reply, query.media_keys)
