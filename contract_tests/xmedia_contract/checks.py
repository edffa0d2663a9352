"""Custom Schemathesis checks: what X promises beyond what the OpenAPI document can express.

Importing this module registers every check with Schemathesis (`@schemathesis.check`), so any
`case.call_and_validate()` in the process runs them next to the built-in ones. Checks raise
`AssertionError`; Schemathesis reports it as "Custom check failed: `<name>`".

Some checks compare a response with earlier ones (rate-limit windows, processing states, media
keys). That memory lives in `HISTORY`; call `reset_history()` whenever a fresh server starts,
because ids and rate-limit buckets restart with it.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import schemathesis

from xmedia_contract.problems import (
    PROBLEM_JSON,
    errors_member_issues,
    problem_inconsistencies,
)
from xmedia_contract.tolerance import PROBLEM_MEDIA_TYPES, empty_error_body_expected

if TYPE_CHECKING:
    from schemathesis import Case as _Case
    from schemathesis import CheckContext, Response

    Case = _Case[Any]

RATE_LIMIT_HEADERS = ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset")
DAILY_LIMIT_HEADERS = (
    "x-user-limit-24hour-limit",
    "x-user-limit-24hour-remaining",
    "x-user-limit-24hour-reset",
)
# A reset may lag "now" by clock skew between client and server, and lies at most one window
# ahead (15 minutes for x-rate-limit-*, 24 hours for x-user-limit-24hour-*).
CLOCK_SKEW_SECS = 5
WINDOW_SECS = {"x-rate-limit": 15 * 60, "x-user-limit-24hour": 24 * 60 * 60}

# media_key prefixes by media_category (X: 3_ image, 7_ video, 13_ amplify video, 16_ gif).
MEDIA_KEY_PREFIX_BY_CATEGORY: Mapping[str, str] = {
    "tweet_image": "3_",
    "dm_image": "3_",
    "tweet_gif": "16_",
    "dm_gif": "16_",
    "tweet_video": "7_",
    "dm_video": "7_",
    "amplify_video": "13_",
}
_MEDIA_KEY = re.compile(r"^\d+_\d+$")
# What a lookup's `type` must say for a media_key prefix (X: the prefix encodes the media type).
LOOKUP_TYPE_BY_KEY_PREFIX: Mapping[str, str] = {
    "3": "photo",
    "7": "video",
    "13": "video",
    "16": "animated_gif",
}

# Processing states in the order X moves through them; both terminal states rank last.
PROCESSING_STATE_RANK: Mapping[str, int] = {
    "pending": 0,
    "in_progress": 1,
    "succeeded": 2,
    "failed": 2,
}


@dataclass
class _RateWindow:
    limit: int
    remaining: int
    reset: int


@dataclass
class _ProcessingSeen:
    state: str
    progress_percent: int | None


@dataclass
class _UploadDeclared:
    """What initialize was told about a media, and whether its FINALIZE reported processing."""

    total_bytes: int | None = None
    processing: bool | None = None


@dataclass
class CheckHistory:
    """What earlier responses said, for checks that compare a response with its predecessors."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    rate_windows: dict[tuple[str, ...], _RateWindow] = field(default_factory=dict)
    category_by_media_id: dict[str, str] = field(default_factory=dict)
    media_key_by_media_id: dict[str, str] = field(default_factory=dict)
    processing_by_media_id: dict[str, _ProcessingSeen] = field(default_factory=dict)
    uploads: dict[str, _UploadDeclared] = field(default_factory=dict)

    def clear(self) -> None:
        with self.lock:
            self.rate_windows.clear()
            self.category_by_media_id.clear()
            self.media_key_by_media_id.clear()
            self.processing_by_media_id.clear()
            self.uploads.clear()

    def upload(self, media_id: str) -> _UploadDeclared:
        """The record of one media (created on first use); call with the lock held."""
        return self.uploads.setdefault(media_id, _UploadDeclared())


HISTORY = CheckHistory()


def reset_history() -> None:
    """Forget earlier responses: call it whenever the server under test restarts."""
    HISTORY.clear()


_RECORDED_AT: ContextVar[float | None] = ContextVar("xmedia_contract_recorded_at", default=None)


@contextmanager
def recorded_at(moment: float | None) -> Iterator[None]:
    """Judge time-dependent rules (rate-limit resets) as of `moment` (Unix seconds): for answers
    recorded earlier, such as a HAR file's. None: now."""
    token = _RECORDED_AT.set(moment)
    try:
        yield
    finally:
        _RECORDED_AT.reset(token)


def _now(response: Response | None = None) -> float:
    """The server's "now" for an answer: its ``Date`` header (RFC 9110 §6.6.1: an origin server
    with a clock sends one; rate-limit resets are Unix times on the server's clock), else the
    recording time, else ours."""
    date = None if response is None else _header(response, "date")
    if date is not None:
        with suppress(TypeError, ValueError, IndexError, OverflowError):
            return parsedate_to_datetime(date).timestamp()
    moment = _RECORDED_AT.get()
    return time.time() if moment is None else moment


# ---------------------------------------------------------------------------------------------
# Small readers over a Schemathesis response/case.


def _is_api_call(case: Case) -> bool:
    # Admin routes of the mock (/_mock/...) are not part of the contract.
    return case.path.startswith("/2/")


def _media_type(response: Response) -> str | None:
    values = response.headers.get("content-type")
    if not values:
        return None
    return values[0].split(";", 1)[0].strip().lower()


def _header(response: Response, name: str) -> str | None:
    values = response.headers.get(name)
    return str(values[0]) if values else None


def _json_body(response: Response) -> Any:
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _declared_media_types(case: Case, status_code: int) -> set[str]:
    definition = case.operation.responses.find_by_status_code(status_code)
    if definition is None:
        return set()
    content = definition.definition.get("content") or {}
    return {str(media_type).split(";", 1)[0].strip().lower() for media_type in content}


def _data(response: Response) -> Mapping[str, Any] | None:
    body = _json_body(response)
    if isinstance(body, Mapping) and isinstance(body.get("data"), Mapping):
        data: Mapping[str, Any] = body["data"]
        return data
    return None


def _request_params(case: Case) -> dict[str, Any]:
    """Query, path and JSON/form body values of the request, flattened (later sources win)."""
    params: dict[str, Any] = {}
    if isinstance(case.query, Mapping):
        params.update(case.query)
    if isinstance(case.path_parameters, Mapping):
        params.update(case.path_parameters)
    if isinstance(case.body, Mapping):
        params.update(case.body)
    return params


def _sent_params(response: Response) -> dict[str, Any]:
    """Query parameters as actually sent (covers cases built by hand or by the state machine)."""
    url = response.request.url or ""
    query = parse_qs(urlsplit(str(url)).query, keep_blank_values=True)
    return {key: values[0] for key, values in query.items()}


def _auth_fingerprint(response: Response) -> str:
    # Only a digest is kept: the token itself must never sit in memory longer than the request.
    value = response.request.headers.get("Authorization", "")
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def _media_id_of(case: Case, response: Response) -> str | None:
    data = _data(response)
    if data is not None and isinstance(data.get("id"), str):
        return str(data["id"])
    for source in (_request_params(case), _sent_params(response)):
        for key in ("id", "media_id"):
            value = source.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return str(value)
    return None


# ---------------------------------------------------------------------------------------------
# RFC 7807 problems.


@schemathesis.check
def problem_content_type(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """An error the spec documents as a problem document is served as one: application/problem+json
    or application/json (X sends both), or with no body where X is reported to (tolerance.py)."""
    if not _is_api_call(case) or response.status_code < 400:
        return None
    declared = _declared_media_types(case, response.status_code)
    if not declared & PROBLEM_MEDIA_TYPES or empty_error_body_expected(case, response):
        return None
    actual = _media_type(response)
    assert actual in PROBLEM_MEDIA_TYPES, (
        f"HTTP {response.status_code} served as {actual!r}; the spec documents {PROBLEM_JSON}"
    )
    return True


@schemathesis.check
def problem_type_title_status(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """`type` is a URI or about:blank; `title`, `status` and `type` agree with the HTTP status."""
    if not _is_api_call(case) or response.status_code < 400:
        return None
    body = _json_body(response)
    if not isinstance(body, Mapping):
        media_type = _media_type(response)
        # A JSON error without an object body is no problem document at all.
        assert media_type not in (PROBLEM_JSON, "application/json"), (
            f"HTTP {response.status_code} {media_type} body is not a JSON object"
        )
        return None
    assert "title" in body or "type" in body, (
        f"HTTP {response.status_code} body has neither `type` nor `title`: not an RFC 7807 problem"
    )
    issues = problem_inconsistencies(body, response.status_code)
    assert not issues, "; ".join(issues)
    return True


@schemathesis.check
def problem_errors_conform(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """`errors[]` items (in problems and in partial-error 200s) have X's shapes."""
    if not _is_api_call(case):
        return None
    body = _json_body(response)
    if not isinstance(body, Mapping):
        return None
    if response.status_code < 400 and "errors" not in body:
        return None
    issues = errors_member_issues(body, http_status=response.status_code)
    assert not issues, "; ".join(issues)
    return True


# ---------------------------------------------------------------------------------------------
# Rate-limit headers.


def _parse_window(response: Response, names: tuple[str, str, str]) -> _RateWindow | str | None:
    """The (limit, remaining, reset) triple, None when all absent, or a message when malformed."""
    raw = [_header(response, name) for name in names]
    if all(value is None for value in raw):
        return None
    missing = [name for name, value in zip(names, raw, strict=True) if value is None]
    if missing:
        return f"missing {', '.join(missing)} (the others are present)"
    numbers: list[int] = []
    for name, value in zip(names, raw, strict=True):
        assert value is not None
        try:
            numbers.append(int(value.strip()))
        except ValueError:
            return f"{name}: {value!r} is not an integer"
    return _RateWindow(limit=numbers[0], remaining=numbers[1], reset=numbers[2])


def _window_issues(prefix: str, window: _RateWindow, now: float) -> list[str]:
    issues: list[str] = []
    if window.limit <= 0:
        issues.append(f"{prefix}-limit {window.limit} is not positive")
    if not 0 <= window.remaining <= max(window.limit, 0):
        issues.append(f"{prefix}-remaining {window.remaining} outside 0..{window.limit}")
    if window.reset < now - CLOCK_SKEW_SECS:
        issues.append(f"{prefix}-reset {window.reset} lies in the past (now {int(now)})")
    elif window.reset > now + WINDOW_SECS[prefix] + CLOCK_SKEW_SECS:
        issues.append(
            f"{prefix}-reset {window.reset} is more than one window ({WINDOW_SECS[prefix]} s) ahead"
        )
    return issues


@schemathesis.check
def rate_limit_headers(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """x-rate-limit-* on every 2xx and 429, coherent, and `remaining` only falls within a window."""
    if not _is_api_call(case):
        return None
    now = _now(response)
    status = response.status_code
    checked = False
    for names in (RATE_LIMIT_HEADERS, DAILY_LIMIT_HEADERS):
        prefix = names[0].rsplit("-", 1)[0]
        parsed = _parse_window(response, names)
        if parsed is None:
            if names is RATE_LIMIT_HEADERS:
                # X sends the 15-minute window on every authenticated answer it counted.
                assert not (200 <= status < 300 or status == 429), (
                    f"HTTP {status} without {', '.join(RATE_LIMIT_HEADERS)}"
                )
            continue
        assert not isinstance(parsed, str), f"{prefix}: {parsed}"
        issues = _window_issues(prefix, parsed, now)
        assert not issues, "; ".join(issues)
        checked = True
        # The command-style endpoint draws from a different bucket per command (INIT vs one-shot).
        command = str(_sent_params(response).get("command"))  # absent ("None") ≠ blank ("")
        key = (prefix, _auth_fingerprint(response), case.method.upper(), case.path, command)
        with HISTORY.lock:
            previous = HISTORY.rate_windows.get(key)
            HISTORY.rate_windows[key] = parsed
        if previous is not None and previous.reset == parsed.reset:
            assert parsed.remaining <= previous.remaining, (
                f"{prefix}-remaining rose from {previous.remaining} to {parsed.remaining} "
                f"within the window ending {parsed.reset}"
            )
        if previous is not None:
            assert parsed.reset >= previous.reset - CLOCK_SKEW_SECS, (
                f"{prefix}-reset moved back from {previous.reset} to {parsed.reset}"
            )
    if status == 429:
        window = _parse_window(response, RATE_LIMIT_HEADERS)
        daily = _parse_window(response, DAILY_LIMIT_HEADERS)
        exhausted = [w for w in (window, daily) if isinstance(w, _RateWindow) and w.remaining == 0]
        assert exhausted, "HTTP 429 while every rate-limit window still has requests remaining"
    return True if checked else None


# ---------------------------------------------------------------------------------------------
# Upload data: media keys, expiry, processing.


def _category_for(case: Case, response: Response, media_id: str | None) -> str | None:
    query = _sent_params(response)
    body = case.body if isinstance(case.body, Mapping) else {}
    # Command-style INIT takes its parameters from the query (a body there is ignored); the
    # v2 initialize and the one-shot upload take them from the body.
    sources = (query, body) if query.get("command") == "INIT" else (body, query)
    for source in sources:
        category = source.get("media_category")
        if isinstance(category, str):
            return category.lower()
    if media_id is not None:
        with HISTORY.lock:
            return HISTORY.category_by_media_id.get(media_id)
    return None


@schemathesis.check
def media_key_matches_category(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """media_key looks like `<n>_<id>`, its prefix fits the category, and it never changes."""
    if not _is_api_call(case) or not 200 <= response.status_code < 300:
        return None
    data = _data(response)
    if data is None or "media_key" not in data:
        return None
    media_key = data["media_key"]
    assert isinstance(media_key, str) and _MEDIA_KEY.match(media_key), (
        f"media_key {media_key!r} is not of the form <type>_<number>"
    )
    media_id = _media_id_of(case, response)
    category = _category_for(case, response, media_id)
    if media_id is not None:
        with HISTORY.lock:
            if category is not None:
                HISTORY.category_by_media_id.setdefault(media_id, category)
            earlier_key = HISTORY.media_key_by_media_id.setdefault(media_id, media_key)
        assert earlier_key == media_key, (
            f"media {media_id} changed media_key from {earlier_key!r} to {media_key!r}"
        )
    expected = MEDIA_KEY_PREFIX_BY_CATEGORY.get(category or "")
    if expected is None:
        return None
    assert media_key.startswith(expected), (
        f"media_key {media_key!r} for media_category {category!r} should start with {expected!r}"
    )
    return True


@schemathesis.check
def expires_after_secs_positive(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """An upload session that is handed out is valid for a positive number of seconds."""
    if not _is_api_call(case) or not 200 <= response.status_code < 300:
        return None
    data = _data(response)
    if data is None or "expires_after_secs" not in data:
        return None
    value = data["expires_after_secs"]
    assert isinstance(value, int) and not isinstance(value, bool) and value > 0, (
        f"expires_after_secs is {value!r}, not a positive integer"
    )
    return True


@schemathesis.check
def processing_moves_forward(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """processing_info goes pending → in_progress → succeeded|failed and never back."""
    if not _is_api_call(case) or not 200 <= response.status_code < 300:
        return None
    data = _data(response)
    if data is None or not isinstance(data.get("processing_info"), Mapping):
        return None
    info = data["processing_info"]
    state = info.get("state")
    progress = info.get("progress_percent")
    if progress is not None:
        assert isinstance(progress, int) and 0 <= progress <= 100, (
            f"progress_percent {progress!r} outside 0..100"
        )
    media_id = _media_id_of(case, response)
    if media_id is None or state not in PROCESSING_STATE_RANK:
        # Unknown states mean "keep polling" to clients; nothing to order them by.
        return None
    seen = _ProcessingSeen(state=state, progress_percent=progress)
    with HISTORY.lock:
        previous = HISTORY.processing_by_media_id.get(media_id)
        HISTORY.processing_by_media_id[media_id] = seen
    if previous is None:
        return True
    before, after = PROCESSING_STATE_RANK[previous.state], PROCESSING_STATE_RANK[state]
    assert after >= before, (
        f"media {media_id} processing went back from {previous.state} to {state}"
    )
    if before == after == PROCESSING_STATE_RANK["succeeded"]:
        assert previous.state == state, (
            f"media {media_id} left terminal state {previous.state} for {state}"
        )
    if previous.state == state and previous.progress_percent is not None and progress is not None:
        assert progress >= previous.progress_percent, (
            f"media {media_id} progress_percent fell from {previous.progress_percent} to {progress}"
        )
    return True


# ---------------------------------------------------------------------------------------------
# Answers that must agree with the request and with earlier answers.


def _command_of(case: Case, response: Response) -> str | None:
    for source in (_sent_params(response), _request_params(case)):
        command = source.get("command")
        if isinstance(command, str):
            return command.upper()
    return None


def _step(case: Case, response: Response) -> str | None:
    """Which upload step or lookup a request is, across the v2 and the command-style endpoints."""
    method, path = case.method.upper(), case.path
    if path == "/2/media/upload/initialize":
        return "initialize"
    if path == "/2/media/upload/{id}/append":
        return "append"
    if path == "/2/media/upload/{id}/finalize":
        return "finalize"
    if path == "/2/media/upload":
        if method == "GET":
            return "status"
        command = _command_of(case, response)
        steps = {"INIT": "initialize", "APPEND": "append", "FINALIZE": "finalize"}
        return steps.get(command or "", "oneshot" if command is None else None)
    if path == "/2/media/{media_key}" and method == "GET":
        return "lookup_one"
    if path == "/2/media" and method == "GET":
        return "lookup_many"
    return None


def _requested_media_id(case: Case, response: Response) -> str | None:
    """The media id a request addresses: `{id}` in the path, or `media_id` (query or form)."""
    for source in (_request_params(case), _sent_params(response)):
        for key in ("id", "media_id"):
            value = source.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return str(value)
    return None


def _requested_media_keys(case: Case, response: Response) -> list[str]:
    raw = _request_params(case).get("media_keys") or _sent_params(response).get("media_keys")
    if isinstance(raw, list):
        return [str(key) for key in raw]
    return [key for key in str(raw or "").split(",") if key]


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


@schemathesis.check
def answers_the_resource_requested(
    ctx: CheckContext, response: Response, case: Case
) -> bool | None:
    """The media an answer describes is the one the request named: `data.id` is the `{id}` or
    `media_id` sent, a lookup by key answers that key, a multi-key lookup only keys it asked for."""
    if not _is_api_call(case) or not 200 <= response.status_code < 300:
        return None
    step = _step(case, response)
    body = _json_body(response)
    data = body.get("data") if isinstance(body, Mapping) else None
    if step in ("append", "finalize", "status") and isinstance(data, Mapping) and "id" in data:
        requested = _requested_media_id(case, response)
        if requested is None:
            return None
        assert str(data["id"]) == requested, (
            f"asked about media {requested}, the answer describes media {data['id']}"
        )
        return True
    if step == "lookup_one" and isinstance(data, Mapping) and "media_key" in data:
        requested = str(_request_params(case).get("media_key", ""))
        assert data["media_key"] == requested, (
            f"looked up {requested!r}, the answer describes {data['media_key']!r}"
        )
        return True
    if step == "lookup_many" and isinstance(data, list):
        requested_keys = set(_requested_media_keys(case, response))
        answered = [item.get("media_key") for item in data if isinstance(item, Mapping)]
        unasked = sorted(str(key) for key in answered if key not in requested_keys)
        assert not unasked, f"lookup of {sorted(requested_keys)} answered {unasked} as well"
        repeated = sorted({str(key) for key in answered if answered.count(key) > 1})
        assert not repeated, f"lookup answered {repeated} more than once"
        return True
    return None


@schemathesis.check
def media_agrees_with_upload(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """What an answer says about a media agrees with its upload: a media_key is `<type>_<id>`
    of its id, `size` is the `total_bytes` initialize declared, and a lookup's `type` is the one
    its media_key's prefix stands for."""
    if not _is_api_call(case) or not 200 <= response.status_code < 300:
        return None
    step = _step(case, response)
    body = _json_body(response)
    data = body.get("data") if isinstance(body, Mapping) else None
    if step == "lookup_many" and isinstance(data, list):
        for item in data:
            _lookup_type_agrees(item)
        return True
    if not isinstance(data, Mapping):
        return None
    if step == "lookup_one":
        _lookup_type_agrees(data)
        return True
    media_id = data.get("id")
    media_key = data.get("media_key")
    if not isinstance(media_id, str):
        return None
    if isinstance(media_key, str) and _MEDIA_KEY.match(media_key):
        assert media_key.split("_", 1)[1] == media_id, (
            f"media_key {media_key!r} does not name media {media_id}"
        )
    if step == "initialize":
        declared = _int_or_none(_request_params(case).get("total_bytes"))
        if declared is None:
            declared = _int_or_none(_sent_params(response).get("total_bytes"))
        with HISTORY.lock:
            HISTORY.upload(media_id).total_bytes = declared
        return True
    size = data.get("size")
    with HISTORY.lock:
        declared = HISTORY.uploads.get(media_id, _UploadDeclared()).total_bytes
    if size is not None and declared is not None:
        assert size == declared, (
            f"media {media_id} reports size {size!r}; initialize declared total_bytes {declared}"
        )
    return True


def _lookup_type_agrees(item: object) -> None:
    if not isinstance(item, Mapping):
        return
    media_key, kind = item.get("media_key"), item.get("type")
    if not isinstance(media_key, str) or not isinstance(kind, str) or "_" not in media_key:
        return
    expected = LOOKUP_TYPE_BY_KEY_PREFIX.get(media_key.split("_", 1)[0])
    assert expected is None or kind == expected, (
        f"media {media_key} looked up as type {kind!r}; its key says {expected!r}"
    )


@schemathesis.check
def processing_agrees_with_finalize(
    ctx: CheckContext, response: Response, case: Case
) -> bool | None:
    """STATUS tells the story FINALIZE began: media FINALIZE reported processing for keeps
    `processing_info` on every STATUS, and media finalized without processing never shows any."""
    if not _is_api_call(case) or not 200 <= response.status_code < 300:
        return None
    step = _step(case, response)
    data = _data(response)
    if data is None or step not in ("finalize", "status"):
        return None
    media_id = _requested_media_id(case, response) if step == "status" else data.get("id")
    if not isinstance(media_id, str):
        return None
    reports_processing = isinstance(data.get("processing_info"), Mapping)
    with HISTORY.lock:
        record = HISTORY.upload(media_id)
        if step == "finalize":
            if record.processing is None:
                record.processing = reports_processing
            return True
        finalized_with = record.processing
    if finalized_with is None:
        return None
    if finalized_with:
        assert reports_processing, (
            f"FINALIZE of media {media_id} reported processing_info; STATUS answers without it"
        )
    else:
        assert not reports_processing, (
            f"FINALIZE of media {media_id} reported no processing; STATUS reports "
            f"{data.get('processing_info')!r}"
        )
    return True


CUSTOM_CHECKS = (
    problem_content_type,
    problem_type_title_status,
    problem_errors_conform,
    rate_limit_headers,
    media_key_matches_category,
    expires_after_secs_positive,
    processing_moves_forward,
    answers_the_resource_requested,
    media_agrees_with_upload,
    processing_agrees_with_finalize,
)
