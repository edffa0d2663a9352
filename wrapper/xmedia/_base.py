"""What the sync and async clients share: connection setup, pre-flight, the judge, and carrying
out every step that involves no network (journal writes, source checks, progress reports).

The drivers (``_sync``, ``_async``) add only what differs: how requests are sent, how waits
happen and how parallel appends run.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Generic, TypeVar

import httpx

from ._auth import (
    Credentials,
    auth_from_env,
    base_url_from_env,
    check_base_url,
    is_oauth2_user,
)
from ._config import UploadConfig
from ._core import (
    Append,
    Done,
    DropJournal,
    Fail,
    LocalStep,
    NetworkStep,
    ProgressCallback,
    Report,
    StartAppends,
    UploadCore,
    VerifySource,
    WriteJournal,
)
from ._errors import ConfigError
from ._journal import Journal, JournalInfo, info_of, journal_key
from ._judge import Judge
from ._media import MediaChoice
from ._prepare import PreparedUpload, Source, journal_dir_of, prepare_upload
from ._record import unusable_reason
from ._requests import Reply
from ._retry import RetryPolicy
from ._runtime import Runtime

__all__ = [
    "ALT_TEXT_MAX",
    "BaseXMedia",
    "UploadRun",
    "check_alt_text",
    "check_media_keys",
    "resolve_connection",
]

log = logging.getLogger("xmedia")

ALT_TEXT_MAX = 1000
MAX_LOOKUP_KEYS = 100


def _not_credentials(auth: object) -> ConfigError:
    hint = "; wrap a token string: OAuth2UserToken(token)" if isinstance(auth, str) else ""
    return ConfigError(
        f"auth must be OAuth2UserToken, OAuth2User or OAuth1User, not {type(auth).__name__}{hint}"
    )


def resolve_connection(
    auth: Credentials | None,
    base_url: str | None,
    client_auth: httpx.Auth | None,
) -> tuple[str, httpx.Auth | None, Credentials | None]:
    """The checked base URL, the httpx auth to send with each request, and the credentials.

    ``auth=None`` reads the environment, unless the caller's own httpx client already carries
    an auth of its own (then that is used).
    """
    url = check_base_url(base_url if base_url is not None else base_url_from_env())
    if auth is not None:
        if not isinstance(auth, Credentials):
            raise _not_credentials(auth)
        return url, auth.httpx_auth(), auth
    if client_auth is not None:
        return url, None, None
    credentials = auth_from_env()
    return url, credentials.httpx_auth(), credentials


def check_alt_text(text: str) -> None:
    if not isinstance(text, str) or not text:
        raise ConfigError("alt text must be a non-empty string")
    if len(text) > ALT_TEXT_MAX:
        raise ConfigError(
            f"alt text is {len(text)} characters; X allows at most {ALT_TEXT_MAX}, shorten it"
        )


def check_media_keys(media_keys: Sequence[str]) -> tuple[str, ...]:
    if isinstance(media_keys, str):
        media_keys = [media_keys]
    keys = tuple(media_keys)
    if not 1 <= len(keys) <= MAX_LOOKUP_KEYS:
        raise ConfigError(f"lookup takes 1 to {MAX_LOOKUP_KEYS} media keys; got {len(keys)}")
    return keys


class UploadRun:
    """One upload (or wait) in progress: the core, its source and journal, and its judge.

    Carries out the local steps; the driver carries out the network ones.
    """

    def __init__(self, core: UploadCore, judge: Judge, prepared: PreparedUpload | None) -> None:
        self.core = core
        self.judge = judge
        self.prepared = prepared
        self.journal: Journal | None = prepared.journal if prepared is not None else None

    def next(self, now: float) -> NetworkStep | StartAppends | Done:
        """The core's next step for the driver, after carrying out the local ones (journal,
        source check, progress); raises the error the core failed with."""
        while True:
            step = self.core.next_step(now)
            if isinstance(step, Fail):
                raise step.error
            if not isinstance(step, LocalStep):
                return step
            try:
                self.local(step)
            except BaseException as exc:  # a raising callback, a changed source, an interrupt
                self.core.on_failure(exc, now)

    def local(self, step: LocalStep) -> None:
        if isinstance(step, Report):
            self.core.report(step.event)
        elif isinstance(step, WriteJournal):
            self._write(step)
        elif isinstance(step, DropJournal) and self.journal is not None:
            self.journal.delete()
        elif isinstance(step, VerifySource) and self.prepared is not None:
            self.prepared.source.check_unchanged()

    def _write(self, step: WriteJournal) -> None:
        """Best effort: a journal that cannot be written only costs the ability to resume."""
        if self.journal is None:
            return
        try:
            self.journal.save(step.record, step.seq)
        except OSError as exc:
            log.warning("resume journal disabled: cannot write %s (%s)", self.journal.file, exc)
            self.journal = None

    def read(self, step: Append) -> tuple[bytes, str]:
        assert self.prepared is not None
        return self.prepared.source.read_with_digest(step.request.segment)

    def acknowledged(self, step: Append, reply: Reply, digest: str) -> None:
        for local in self.core.on_append(step, reply, digest):
            self.local(local)

    def close(self) -> None:
        if self.prepared is not None:
            self.prepared.close()


HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
CallsT = TypeVar("CallsT")


class BaseXMedia(Generic[HttpT, CallsT]):
    """Setup shared by :class:`xmedia.XMedia` and :class:`xmedia.AsyncXMedia`.

    ``auth=None`` reads credentials from the environment (see :func:`xmedia.auth_from_env`);
    ``base_url=None`` reads ``X_API_BASE_URL`` (default ``https://api.x.com``). Pass
    ``http_client`` to reuse your own httpx client (it is not closed by ``close``, and not
    modified: URLs are absolute and auth is sent per request). ``runtime`` replaces the clock,
    waits and jitter (tests: :mod:`xmedia.testing`).
    """

    def __init__(
        self,
        auth: Credentials | None = None,
        *,
        base_url: str | None = None,
        http_client: HttpT | None = None,
        config: UploadConfig | None = None,
        runtime: Runtime | None = None,
    ) -> None:
        self.config = config if config is not None else UploadConfig()
        self.runtime = runtime if runtime is not None else Runtime()
        self.base_url, self._request_auth, credentials = resolve_connection(
            auth, base_url, http_client.auth if http_client is not None else None
        )
        self._oauth2_user = is_oauth2_user(credentials)
        self._owns_http = http_client is None
        self._http: HttpT = http_client if http_client is not None else self._new_http_client()
        self._calls: CallsT = self._new_calls(self._http)

    def _new_http_client(self) -> HttpT:
        raise NotImplementedError

    def _new_calls(self, http: HttpT) -> CallsT:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _now(self) -> float:
        return self.runtime.clock()

    def _http_options(self) -> dict[str, Any]:
        return {
            "timeout": self._timeout(),
            "headers": {"User-Agent": self.config.user_agent},
            "follow_redirects": False,  # a redirect could downgrade to http with our credentials
            "limits": httpx.Limits(max_connections=max(10, self.config.concurrency * 2)),
        }

    def _timeout(self) -> httpx.Timeout:
        # Per operation (connect, each read, each write): the stall limit. The whole-request
        # deadline is enforced on top of it by the calls module.
        return httpx.Timeout(self.config.stall_seconds)

    def _judge(self, segments: int = 0) -> Judge:
        """A judge for one operation; an upload gets one extra retry per segment, so the budget
        grows with the file instead of failing big uploads on a mildly flaky network."""
        return Judge(
            RetryPolicy.from_config(self.config),
            self.config.retry_budget + segments,
            self.runtime.rng,
            oauth2_user=self._oauth2_user,
        )

    def _start_upload(
        self,
        source: Source,
        *,
        media_category: str | None,
        media_type: str | None,
        alt_text: str | None,
        wait: bool,
        resume: bool,
        on_progress: ProgressCallback | None,
    ) -> UploadRun:
        """Pre-flight (blocking local I/O) and the core that will drive the upload."""
        if alt_text is not None:
            check_alt_text(alt_text)
        now = self._now()
        prepared = prepare_upload(
            source,
            media_type=media_type,
            media_category=media_category,
            resume=resume,
            config=self.config,
            base_url=self.base_url,
            now=now,
        )
        config = self.config
        core = UploadCore(
            plan=prepared.plan,
            media_type=prepared.choice.media_type,
            media_category=prepared.choice.media_category,
            now=now,
            concurrency=config.concurrency,
            wait=wait,
            alt_text=alt_text,
            poll_deadline=config.poll_deadline,
            default_check_after=config.default_check_after,
            max_check_after=config.max_check_after,
            journal=prepared.target,
            resume=prepared.resume,
            fresh_plan=prepared.plan,
            on_progress=on_progress,
        )
        return UploadRun(core, self._judge(segments=prepared.plan.count), prepared)

    def _start_wait(
        self, media_id: str, timeout: float | None, on_progress: ProgressCallback | None
    ) -> UploadRun:
        core = UploadCore.for_wait(
            str(media_id),
            now=self._now(),
            poll_deadline=timeout if timeout is not None else self.config.poll_deadline,
            default_check_after=self.config.default_check_after,
            max_check_after=self.config.max_check_after,
            on_progress=on_progress,
        )
        return UploadRun(core, self._judge(), None)

    # --- public, network-free ---

    def check(
        self,
        source: Source,
        *,
        media_type: str | None = None,
        media_category: str | None = None,
    ) -> MediaChoice:
        """Every pre-flight check of :meth:`upload` (regular file, readable, not empty, media
        type, category, size, segment plan) without a request or touching a journal."""
        prepared = prepare_upload(
            source,
            media_type=media_type,
            media_category=media_category,
            resume=False,
            config=_without_journal(self.config),
            base_url=self.base_url,
            now=self._now(),
        )
        prepared.close()
        return prepared.choice

    def resumable(self, path: str | os.PathLike[str]) -> JournalInfo | None:
        """The journal ``upload(path, resume=True)`` would continue, or None.

        This is the one place that knows whether ``resume`` can help: a journal for this file
        and base URL exists, is readable, matches the file's size, its media id has not
        expired, and no other run holds it.
        """
        if not self.config.journal:
            return None
        try:
            directory = journal_dir_of(self.config)
            real = os.path.realpath(os.fspath(path))
            size = os.stat(real).st_size
        except (OSError, RuntimeError):
            return None
        journal = Journal(directory, journal_key(self.base_url, real))
        record = journal.load()
        if record is None:
            return None
        now = self._now()
        reason = unusable_reason(
            record,
            total_bytes=size,
            media_type=record.media_type,
            media_category=record.media_category,
            now=now,
        )
        info = info_of(journal.file, record, now)
        if reason is not None or info.locked:
            return None
        return info


def _without_journal(config: UploadConfig) -> UploadConfig:
    return replace(config, journal=False)
