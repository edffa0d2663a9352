"""One error hierarchy for everything the wrapper can raise.

Every error says what was wrong and what to do about it. API errors are built from the RFC 7807
problem the server returns: the problem ``type`` picks the class (compared by path, because X uses
both ``api.x.com`` and ``api.twitter.com`` hosts), falling back on the HTTP status.
Secrets never appear here: headers are filtered and request data is never stored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "APIError",
    "CategoryMismatchError",
    "ConfigError",
    "EmptyFileError",
    "ForbiddenError",
    "InputError",
    "InvalidRequestError",
    "JournalBusyError",
    "MediaTooLargeError",
    "MissingScopeError",
    "NotARegularFileError",
    "NotFoundError",
    "NothingToProcessError",
    "PayloadTooLargeError",
    "PaymentRequiredError",
    "PostUploadError",
    "ProcessingError",
    "ProcessingTimeoutError",
    "ProgressCallbackError",
    "RateLimitedError",
    "ServerError",
    "SourceChangedError",
    "TooManySegmentsError",
    "TransportError",
    "UnauthorizedError",
    "UnexpectedResponseError",
    "UnreadableFileError",
    "UnsupportedAuthenticationError",
    "UnsupportedMediaTypeError",
    "UploadExpiredError",
    "XMediaError",
    "api_error_from_response",
    "media_id_of",
]


class XMediaError(Exception):
    """Base class of every error raised by :mod:`xmedia`.

    ``media_id`` is set on every error raised after INIT returned an id (the media exists on X
    and can be resumed, waited for or used); None before that.
    """

    media_id: str | None = None

    def __init__(self, message: str) -> None:
        super().__init__(message)

    @property
    def description(self) -> str:
        return str(self.args[0]) if self.args else ""


class ConfigError(XMediaError):
    """Bad arguments, missing credentials, or an insecure base URL."""


# --- input (pre-flight) errors ---------------------------------------------------------------


class InputError(XMediaError):
    """The file or stream to upload cannot be uploaded as given."""

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        where = path if path is not None else "<stream>"
        super().__init__(f"{where}: {reason}")


class UnreadableFileError(InputError):
    """The file does not exist or cannot be read."""


class EmptyFileError(InputError):
    """The file has no bytes; X refuses empty media."""


class MediaTooLargeError(InputError):
    """The file is larger than the category allows, or than 1000 segments x 5 MiB can carry."""


class UnsupportedMediaTypeError(InputError):
    """The media type could not be recognised or is not accepted by X."""


class CategoryMismatchError(InputError):
    """The media category does not fit the media type (e.g. tweet_image for a video)."""


class TooManySegmentsError(InputError):
    """A forced chunk size would need more than 1000 segments."""


class SourceChangedError(InputError):
    """The file changed while it was being uploaded; nothing corrupt was finalized."""


class NotARegularFileError(UnreadableFileError):
    """A FIFO, device, socket or directory: refused before it is opened (it could block)."""


class JournalBusyError(XMediaError):
    """Another run is uploading the same file: its resume journal is locked."""

    def __init__(
        self, path: str, journal_file: str, pid: int | None, *, this_process: bool = False
    ) -> None:
        self.path = path
        self.journal_file = journal_file
        self.pid = pid
        if this_process:
            holder = "another upload in this process"
        else:
            holder = f"process {pid}" if pid else "another process"
        super().__init__(
            f"{path}: {holder} is uploading this file right now (its resume journal "
            f"{journal_file} is locked); wait for it to finish or stop it, then run again"
        )


class ProgressCallbackError(XMediaError):
    """The ``on_progress`` callback raised; the upload stopped (``__cause__`` is what it raised)."""

    def __init__(self, cause: BaseException, media_id: str | None) -> None:
        self.media_id = media_id
        where = f" (media {media_id} kept; resume it with resume=True)" if media_id else ""
        super().__init__(
            f"the progress callback raised {type(cause).__name__}: {cause}{where}; fix the callback"
        )


# --- transport -------------------------------------------------------------------------------


class TransportError(XMediaError):
    """The request could not be completed (connection, timeout, TLS) even after retries."""

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        attempts: int = 1,
        timed_out: bool = False,
    ) -> None:
        self.operation = operation
        self.attempts = attempts
        #: True when the last attempt hit the whole-request deadline (or the stall timeout).
        self.timed_out = timed_out
        super().__init__(message)


# --- API errors (RFC 7807 problems) ----------------------------------------------------------

# Response headers worth keeping on an error; anything else (cookies...) is dropped.
_KEPT_HEADER_PREFIXES = ("x-rate-limit-", "x-user-limit-", "x-app-limit-")
_KEPT_HEADERS = frozenset({"retry-after", "content-type", "x-transaction-id", "location", "date"})


def _safe_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    if not headers:
        return {}
    kept: dict[str, str] = {}
    for name, value in headers.items():
        lower = name.lower()
        if lower in _KEPT_HEADERS or lower.startswith(_KEPT_HEADER_PREFIXES):
            kept[lower] = value
    return kept


class APIError(XMediaError):
    """The server answered with an error status (or an answer that cannot be used)."""

    #: What the user can do about it; subclasses refine it.
    hint = "check the request and try again"

    def __init__(
        self,
        status: int,
        title: str | None = None,
        detail: str | None = None,
        problem_type: str | None = None,
        errors: tuple[Mapping[str, Any], ...] = (),
        headers: Mapping[str, str] | None = None,
        *,
        operation: str | None = None,
    ) -> None:
        self.status = status
        self.title = title
        self.detail = detail
        self.problem_type = problem_type
        self.errors = tuple(errors)
        self.headers = _safe_headers(headers)
        self.operation = operation
        super().__init__(self._compose_message())

    def _compose_message(self) -> str:
        what = f"{self.operation} failed" if self.operation else "request failed"
        parts = [f"{what}: HTTP {self.status}"]
        if self.title:
            parts.append(self.title)
        message = " ".join(parts)
        if self.detail and self.detail != self.title:
            message += f" — {self.detail}"
        field_messages = [str(e.get("message")) for e in self.errors if e.get("message")]
        if field_messages:
            message += " (" + "; ".join(field_messages[:3]) + ")"
        return f"{message}; {self.hint}"


class InvalidRequestError(APIError):
    hint = "the server rejected the request as invalid; fix the named parameters"


class NothingToProcessError(InvalidRequestError):
    """STATUS of media X does not process: X answers 400 (its documentation: STATUS is only for
    media whose upload reported ``processing_info``)."""

    hint = (
        "X processes no such media (an image, or media uploaded without a category): it is "
        "ready as soon as FINALIZE returned; status and wait are for media that reported "
        "processing_info"
    )


class UnauthorizedError(APIError):
    hint = "check the credentials (X_ACCESS_TOKEN, or the four OAuth 1.0a values)"


class ForbiddenError(APIError):
    hint = "the credentials are not allowed to do this; check the app's permissions"


class MissingScopeError(ForbiddenError):
    """403 on an upload endpoint with an OAuth 2.0 user token: most often the token was
    granted without the ``media.write`` scope."""

    hint = (
        "the OAuth 2.0 user token was probably granted without the media.write scope: "
        "authorize the app again asking for the scopes media.write, tweet.read, users.read "
        "and offline.access, and use the new token"
    )


class UnsupportedAuthenticationError(ForbiddenError):
    hint = (
        "media upload needs user context: use an OAuth 2.0 user token with media.write "
        "or OAuth 1.0a user credentials, not an app-only bearer token"
    )


class NotFoundError(APIError):
    hint = "the media id or key does not exist (or has expired)"


class PayloadTooLargeError(APIError):
    hint = "the request body is too large; use a smaller chunk size"


class PaymentRequiredError(APIError):
    hint = "the account's usage is capped or its credits are depleted; not retried"


class RateLimitedError(APIError):
    hint = "rate limited; wait until the limit resets"

    def __init__(
        self,
        status: int,
        title: str | None = None,
        detail: str | None = None,
        problem_type: str | None = None,
        errors: tuple[Mapping[str, Any], ...] = (),
        headers: Mapping[str, str] | None = None,
        *,
        operation: str | None = None,
    ) -> None:
        safe = _safe_headers(headers)
        #: Epoch seconds at which the limit resets (``x-rate-limit-reset``), if given.
        self.reset_at: float | None = _parse_float(safe.get("x-rate-limit-reset"))
        #: Seconds to wait (``Retry-After``), if given.
        self.retry_after: float | None = _parse_float(safe.get("retry-after"))
        #: Seconds until the limit resets as computed when it was raised (None: unknown).
        self.wait_seconds: float | None = None
        #: The longest wait allowed (``UploadConfig.max_rate_limit_wait``), when that was exceeded.
        self.max_wait: float | None = None
        super().__init__(status, title, detail, problem_type, errors, headers, operation=operation)

    def exceeded_max_wait(self, wait_seconds: float, reset_at: float, max_wait: float) -> None:
        """Mark this error as raised because the reset is further away than allowed."""
        self.wait_seconds = wait_seconds
        if self.reset_at is None:
            self.reset_at = reset_at
        self.max_wait = max_wait
        self.args = (self._compose_message(),)

    def _compose_message(self) -> str:
        message = super()._compose_message()
        if self.reset_at is not None:
            when = datetime.fromtimestamp(self.reset_at, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            message += f" (resets at {when})"
        elif self.retry_after is not None:
            message += f" (retry after {self.retry_after:g} s)"
        if self.max_wait is not None and self.wait_seconds is not None:
            message += (
                f"; that is {self.wait_seconds:.0f} s away, more than the {self.max_wait:g} s "
                "allowed (UploadConfig.max_rate_limit_wait / --max-wait): run again after the reset"
            )
        return message


class ServerError(APIError):
    hint = "the server failed; retried with backoff and still failing, try again later"


class UnexpectedResponseError(APIError):
    hint = (
        "the answer is not what the X API sends (a proxy page, malformed JSON, missing fields "
        "or an insecure redirect); check the base URL and network path"
    )


# --- processing ------------------------------------------------------------------------------


class ProcessingError(XMediaError):
    """X finished processing the media with state ``failed``."""

    def __init__(
        self, media_id: str, code: int | None, name: str | None, message: str | None
    ) -> None:
        self.media_id = media_id
        self.code = code
        self.name = name
        self.message = message
        label = " ".join(p for p in (name, f"(code {code})" if code is not None else None) if p)
        super().__init__(
            f"media {media_id} failed processing: {label or 'unknown error'}"
            + (f" — {message}" if message else "")
            + "; the file is probably not a valid or supported media file, re-encode it"
        )


class ProcessingTimeoutError(XMediaError):
    """Processing did not finish before the polling deadline."""

    def __init__(self, media_id: str, deadline_seconds: float, last_state: str | None) -> None:
        self.media_id = media_id
        self.deadline_seconds = deadline_seconds
        self.last_state = last_state
        super().__init__(
            f"media {media_id} still {last_state or 'processing'} after {deadline_seconds:g} s; "
            f"call wait({media_id!r}) later or raise UploadConfig.poll_deadline"
        )


class PostUploadError(XMediaError):
    """The upload finished, but a step after it (alt text) failed.

    ``media`` is the finished upload, usable as is; redo the step alone (``set_alt_text``).
    ``error`` is the step's own error (also ``__cause__``).
    """

    def __init__(self, media: Any, step: str, error: BaseException) -> None:
        self.media = media
        self.media_id = str(media.media_id)
        self.step = step
        self.error = error
        super().__init__(
            f"media {self.media_id} was uploaded, but setting its {step.replace('_', ' ')} "
            f"failed: {error}; the media is usable, set it again alone "
            f"(set_alt_text({self.media_id!r}, ...))"
        )


class UploadExpiredError(XMediaError):
    """The upload session expired before the upload completed."""

    def __init__(self, media_id: str, detail: str | None = None) -> None:
        self.media_id = media_id
        super().__init__(
            f"upload session for media {media_id} has expired"
            + (f" ({detail})" if detail else "")
            + "; upload the file again"
        )


# --- building API errors from responses ------------------------------------------------------

_BY_PROBLEM_PATH: dict[str, type[APIError]] = {
    "/2/problems/invalid-request": InvalidRequestError,
    "/2/problems/unsupported-authentication": UnsupportedAuthenticationError,
    "/2/problems/client-forbidden": ForbiddenError,
    "/2/problems/not-authorized-for-resource": ForbiddenError,
    "/2/problems/not-authorized-for-field": ForbiddenError,
    "/2/problems/disallowed-resource": ForbiddenError,
    "/2/problems/resource-not-found": NotFoundError,
    "/2/problems/usage-capped": PaymentRequiredError,
    "/2/problems/credits": PaymentRequiredError,
    "/2/problems/credits-depleted": PaymentRequiredError,
    "/2/problems/rate-limit-exceeded": RateLimitedError,
    "/2/problems/internal-error": ServerError,
    "/2/problems/resource-unavailable": ServerError,
}

_BY_STATUS: dict[int, type[APIError]] = {
    400: InvalidRequestError,
    401: UnauthorizedError,
    402: PaymentRequiredError,
    403: ForbiddenError,
    404: NotFoundError,
    413: PayloadTooLargeError,
    429: RateLimitedError,
}


def _parse_float(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip())
    except ValueError:
        return None


def error_class_for(status: int, problem_type: str | None) -> type[APIError]:
    """The class for a problem ``type`` URI (compared by path) or, failing that, the status."""
    if problem_type and problem_type != "about:blank":
        path = urlsplit(problem_type).path.rstrip("/")
        cls = _BY_PROBLEM_PATH.get(path)
        # A type naming a different family than the status would mislead (e.g. a 500 with
        # invalid-request): trust the type only when the status agrees on client vs server.
        if cls is not None and (status >= 500) == issubclass(cls, ServerError):
            return cls
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIError if 400 <= status < 500 else UnexpectedResponseError)


def api_error_from_response(
    status: int,
    content: bytes,
    headers: Mapping[str, str] | None,
    *,
    operation: str | None = None,
) -> APIError:
    """Build the typed error for an error response; tolerant of any body (HTML, garbage...)."""
    title: str | None = None
    detail: str | None = None
    problem_type: str | None = None
    errors: tuple[Mapping[str, Any], ...] = ()
    body: Any = None
    if content:
        try:
            body = json.loads(content)
        except (ValueError, UnicodeDecodeError):
            body = None
    if isinstance(body, dict):
        title = _str_or_none(body.get("title"))
        detail = _str_or_none(body.get("detail"))
        problem_type = _str_or_none(body.get("type"))
        raw_errors = body.get("errors")
        if isinstance(raw_errors, list):
            errors = tuple(e for e in raw_errors if isinstance(e, dict))
            if problem_type is None and errors:
                problem_type = _str_or_none(errors[0].get("type"))
            if title is None and errors:
                title = _str_or_none(errors[0].get("title"))
            if detail is None and errors:
                detail = _str_or_none(errors[0].get("detail") or errors[0].get("message"))
    elif 400 <= status < 600 and content:
        # Not JSON: typically an HTML page from a proxy or load balancer.
        snippet = content[:120].decode("utf-8", "replace").strip().replace("\n", " ")
        detail = f"non-JSON body: {snippet!r}"
    cls = error_class_for(status, problem_type)
    return cls(status, title, detail, problem_type, errors, headers, operation=operation)


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def media_id_of(error: BaseException) -> str | None:
    """The media id an error (or an interrupt escaping ``upload``) carries, if any."""
    media_id = getattr(error, "media_id", None)
    return media_id if isinstance(media_id, str) else None
