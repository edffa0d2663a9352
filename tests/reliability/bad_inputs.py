"""Bad inputs, on both sides of the wire, as DATA: each row is run through the CLI and through
the library by tests/reliability/test_bad_inputs.py, and rendered into docs/bad-inputs.md by
scripts/gen_bad_input_table.py (a test keeps the committed table in sync with these rows).

``args`` are what the user types after ``xmedia``; ``{name}`` placeholders are files the test
creates (see ``FILES``) or values it knows (``{user1_media}``, ``{expired_media}``,
``{closed_port}``). Server-side misbehaviour is either the mock's own configuration / fault
plan or a ``hostile`` interference in front of it (tests/reliability/hostile.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

import xmedia as x
from xmedia._cli_errors import ExitCode
from xmedia._errors import ConfigError
from xmedia._oauth2_errors import (
    LoginDeniedError,
    LoginStateError,
    LoginTimeoutError,
    TokenRefreshError,
    TokenStoreError,
)

from .hostile import Answer, Interference, Stall

#: Files the test creates; the name is what ``{name}`` in ``args`` expands to.
FILES: Mapping[str, str] = {
    "png": "an 8 KiB PNG",
    "mp4": "a 6 KiB MP4",
    "empty": "an empty file",
    "missing": "a path that does not exist",
    "dir": "a directory",
    "socket": "a UNIX socket",
    "noperm": "a PNG with mode 000",
    "text": "a plain-text file",
    "big_png": "a 6 MiB PNG (sparse)",
    "big_gif": "a 16 MiB GIF (sparse)",
    "huge_mp4": "a 6 GiB MP4 (sparse)",
    "many_mp4": "a 1001 KiB MP4",
    "png2": "a second 8 KiB PNG",
    "undecodable_name": "an 8 KiB PNG named `caf\\xe9-\\xff.png` (bytes that are not UTF-8)",
    "unicode_name": "an 8 KiB PNG named `café ☕.png`",
    "fifo": "a FIFO (named pipe) nobody writes to",
    "control_name": "a missing path named `gone\\x1b[2J.png` (ESC: a terminal control)",
}


class Left(StrEnum):
    """What a failed command leaves behind (asserted by the tests)."""

    NOTHING = "nothing: refused before any request"
    NO_JOURNAL = "no journal: it failed before a media id existed"
    JOURNAL = "the journal, so `--resume` sends only the missing segments"
    DROPPED = "nothing: the journal is dropped, as no resume could continue it"
    READ_ONLY = "nothing (read-only command)"
    COMPLETED = "nothing: the upload completed"
    FINALIZED = "the journal of the finalized media, so `--resume` polls it again"


PROBLEM = "https://api.x.com/2/problems/"
RESET_FAR = "4102444800"  # 2100-01-01: far beyond any wait the client accepts


@dataclass(frozen=True)
class BadInput:
    id: str
    side: Literal["client", "server"]
    input: str
    args: tuple[str, ...]
    error: type[BaseException] | None
    exit_code: ExitCode
    says: str
    left: Left
    env: Mapping[str, str | None] = field(default_factory=dict)
    interference: Interference | None = None
    faults: str = ""
    mock: Mapping[str, Any] = field(default_factory=dict)
    #: /2 requests the hostile proxy saw in the CLI run, by operation (checks retry behaviour).
    attempts: Mapping[str, int] = field(default_factory=dict)
    #: Arguments of the follow-up ``xmedia upload --resume`` (rows that leave a journal).
    resume_args: tuple[str, ...] | None = None
    #: Known bugs in others' code, by check ("cli", "library", "hint", "no-false-hint",
    #: "resume"): that check is marked xfail(strict=True) until fixed.
    bugs: Mapping[str, str] = field(default_factory=dict)
    needs_non_root: bool = False
    #: A ``FILES`` entry piped into the command's stdin (``xmedia upload -``).
    stdin: str | None = None
    #: Why the row has no library counterpart (empty: it has one, raising ``error``).
    cli_only: str = ""

    @property
    def library_error(self) -> type[BaseException] | None:
        return self.error


SMALL = ("--chunk-size", "1KiB", "--concurrency", "1")
PNG_UP = ("upload", "{png}", *SMALL)
FORTY = ("upload", *(["{png}"] * 39), "{empty}")
QUICK = ("--request-timeout", "1")
SERVER_ERROR = Answer.json(
    503,
    {
        "title": "Service Unavailable",
        "detail": "Service Unavailable",
        "type": "about:blank",
        "status": 503,
    },
)
ONE_FILE_PER_CALL = "the library uploads one source per call (its checks are the rows above)"
NOT_A_LIBRARY_CALL = "argument parsing of the command; the library takes the value as given"

CASES: tuple[BadInput, ...] = (
    # --- the user's side: refused before any request ------------------------------------------
    BadInput("missing-file", "client", "file does not exist", ("upload", "{missing}"),
             x.UnreadableFileError, ExitCode.INPUT, "cannot read the file", Left.NOTHING),
    BadInput("empty-file", "client", "empty file (0 bytes)", ("upload", "{empty}"),
             x.EmptyFileError, ExitCode.INPUT, "is empty (0 bytes)", Left.NOTHING),
    BadInput("unreadable-socket", "client", "a UNIX socket where the file should be",
             ("upload", "{socket}"), x.NotARegularFileError, ExitCode.INPUT, "is a socket",
             Left.NOTHING),
    BadInput("unreadable-permissions", "client", "file without read permission (mode 000)",
             ("upload", "{noperm}"), x.UnreadableFileError, ExitCode.INPUT, "Permission denied",
             Left.NOTHING, needs_non_root=True),
    BadInput("directory", "client", "a directory instead of a file", ("upload", "{dir}"),
             x.NotARegularFileError, ExitCode.INPUT, "is a directory", Left.NOTHING),
    BadInput("unknown-type", "client", "plain text: media type not recognised",
             ("upload", "{text}"), x.UnsupportedMediaTypeError, ExitCode.INPUT,
             "could not be recognised", Left.NOTHING),
    BadInput("unsupported-type", "client", "`--media-type application/pdf`",
             ("upload", "{png}", "--media-type", "application/pdf"), x.UnsupportedMediaTypeError,
             ExitCode.INPUT, "'application/pdf' is not accepted", Left.NOTHING),
    BadInput("image-too-large", "client", "6 MiB PNG as tweet_image (limit 5 MiB)",
             ("upload", "{big_png}"), x.MediaTooLargeError, ExitCode.INPUT, "tweet_image",
             Left.NOTHING),
    BadInput("gif-too-large", "client", "16 MiB GIF as tweet_gif (limit 15 MiB)",
             ("upload", "{big_gif}"), x.MediaTooLargeError, ExitCode.INPUT, "tweet_gif",
             Left.NOTHING),
    BadInput("beyond-1000-segments-of-5MiB", "client",
             "6 GiB video: more than 1000 segments x 5 MiB can carry", ("upload", "{huge_mp4}"),
             x.MediaTooLargeError, ExitCode.INPUT, "1000", Left.NOTHING),
    BadInput("too-many-segments", "client", "1001 KiB file, `--chunk-size 1KiB`: 1001 segments",
             ("upload", "{many_mp4}", "--chunk-size", "1KiB"), x.TooManySegmentsError,
             ExitCode.INPUT, "1000", Left.NOTHING),
    BadInput("image-as-video", "client", "PNG with `--category tweet_video`",
             ("upload", "{png}", "--category", "tweet_video"), x.CategoryMismatchError,
             ExitCode.INPUT, "tweet_video", Left.NOTHING),
    BadInput("video-as-image", "client", "MP4 with `--category tweet_image`",
             ("upload", "{mp4}", "--category", "tweet_image"), x.CategoryMismatchError,
             ExitCode.INPUT, "tweet_image", Left.NOTHING),
    BadInput("unknown-category", "client", "`--category tweet_audio`",
             ("upload", "{png}", "--category", "tweet_audio"), x.ConfigError, ExitCode.USAGE,
             "--category", Left.NOTHING),
    BadInput("chunk-over-5MiB", "client", "`--chunk-size 6MiB` (X's limit is 5 MiB per APPEND)",
             ("upload", "{png}", "--chunk-size", "6MiB"), x.ConfigError, ExitCode.USAGE,
             "chunk_size must be between", Left.NOTHING),
    BadInput("concurrency-0", "client", "`--concurrency 0`",
             ("upload", "{png}", "--concurrency", "0"), x.ConfigError, ExitCode.USAGE,
             "--concurrency", Left.NOTHING),
    BadInput("alt-text-too-long", "client", "`--alt-text` of 1001 characters",
             ("upload", "{png}", "--alt-text", "a" * 1001), x.ConfigError, ExitCode.USAGE,
             "at most 1000", Left.NOTHING),
    BadInput("no-credentials", "client", "no credentials in the environment", ("upload", "{png}"),
             x.ConfigError, ExitCode.USAGE, "no credentials: run `xmedia login`", Left.NOTHING,
             env={"X_ACCESS_TOKEN": None}),
    BadInput("incomplete-oauth1", "client", "OAuth 1.0a: X_API_KEY set, the other two missing",
             ("upload", "{png}"), x.ConfigError, ExitCode.USAGE, "X_API_SECRET", Left.NOTHING,
             env={"X_API_KEY": "mock-consumer-key"}),
    BadInput("http-to-remote-host", "client", "`--base-url http://api.example.com` (plain http)",
             ("upload", "{png}", "--base-url", "http://api.example.com"), x.ConfigError,
             ExitCode.USAGE, "plain http to a non-loopback host", Left.NOTHING),
    BadInput("base-url-not-a-url", "client", "`--base-url api.x.com` (no scheme)",
             ("upload", "{png}", "--base-url", "api.x.com"), x.ConfigError, ExitCode.USAGE,
             "is not an http(s) URL", Left.NOTHING),
    BadInput("file-changes-during-upload", "client",
             "the file grows after the 2nd APPEND", PNG_UP, x.SourceChangedError,
             ExitCode.INPUT, "changed while uploading", Left.DROPPED,
             interference=Interference("append", hook="change_file", after=1, times=1),
             resume_args=PNG_UP),
    BadInput("base-url-bad-port", "client", "`--base-url https://api.x.com:99999` (no such port)",
             ("upload", "{png}", "--base-url", "https://api.x.com:99999"), x.ConfigError,
             ExitCode.USAGE, "Port out of range", Left.NOTHING),
    BadInput("base-url-broken-ipv6", "client", "`--base-url https://[::1` (unclosed IPv6 host)",
             ("upload", "{png}", "--base-url", "https://[::1"), x.ConfigError,
             ExitCode.USAGE, "Invalid IPv6 URL", Left.NOTHING),
    BadInput("base-url-with-path", "client", "`--base-url` with a path (`…/2/media`)",
             ("upload", "{png}", "--base-url", "{base_url}/2/media"), x.ConfigError,
             ExitCode.USAGE, "give only the API's origin", Left.NOTHING),
    BadInput("base-url-with-query", "client", "`--base-url` with a query (`…?user=1`)",
             ("upload", "{png}", "--base-url", "{base_url}?user=1"), x.ConfigError,
             ExitCode.USAGE, "has a query", Left.NOTHING),
    BadInput("base-url-with-fragment", "client", "`X_API_BASE_URL` with a fragment (`…#top`)",
             ("upload", "{png}"), x.ConfigError, ExitCode.USAGE, "has a fragment", Left.NOTHING,
             env={"X_API_BASE_URL": "http://127.0.0.1:9#top"}),
    BadInput("status-with-media-key", "client", "`xmedia status` given the media key `7_…`",
             ("status", "7_{user1_media}"), x.ConfigError, ExitCode.USAGE,
             "pass the numeric media id", Left.READ_ONLY, cli_only=NOT_A_LIBRARY_CALL),
    BadInput("wait-with-media-key", "client", "`xmedia wait` given the media key `7_…`",
             ("wait", "7_{user1_media}"), x.ConfigError, ExitCode.USAGE,
             "pass the numeric media id", Left.READ_ONLY, cli_only=NOT_A_LIBRARY_CALL),
    BadInput("status-not-a-number", "client", "`xmedia status` given a word, not an id",
             ("status", "clip.mp4"), x.ConfigError, ExitCode.USAGE, "is not a media id",
             Left.READ_ONLY, cli_only=NOT_A_LIBRARY_CALL),
    BadInput("stdin", "client", "`-`: the PNG piped on stdin", ("upload", "-"), None,
             ExitCode.OK, "", Left.COMPLETED, stdin="png"),
    BadInput("stdin-empty", "client", "`-` with nothing on stdin", ("upload", "-"),
             x.EmptyFileError, ExitCode.INPUT, "stdin: is empty (0 bytes)", Left.NOTHING,
             stdin="empty"),
    BadInput("stdin-not-media", "client", "`-` with plain text on stdin", ("upload", "-"),
             x.UnsupportedMediaTypeError, ExitCode.INPUT, "could not be recognised",
             Left.NOTHING, stdin="text"),
    BadInput("stdin-twice", "client", "`-` given twice (stdin can be read once)",
             ("upload", "-", "-"), x.ConfigError, ExitCode.USAGE, "can be given only once",
             Left.NOTHING, stdin="png", cli_only=NOT_A_LIBRARY_CALL),
    BadInput("bad-file-40", "client", "40 files, the 40th empty: found before any upload",
             FORTY, x.EmptyFileError, ExitCode.INPUT, "is empty (0 bytes)", Left.NOTHING,
             cli_only=ONE_FILE_PER_CALL),
    BadInput("bad-files-among-good", "client",
             "4 files, the 2nd missing and the 4th not media: both reported, none uploaded",
             ("upload", "{png}", "{missing}", "{png2}", "{text}"), x.UnreadableFileError,
             ExitCode.INPUT, "cannot read the file", Left.NOTHING, cli_only=ONE_FILE_PER_CALL),
    BadInput("ascii-only-stdout", "client",
             "file name `café ☕.png`, stdout that can encode ASCII only",
             ("upload", "{unicode_name}"), None, ExitCode.OK, "", Left.COMPLETED,
             env={"PYTHONIOENCODING": "ascii"}),
    BadInput("control-characters-in-file-name", "client",
             "file name holding ESC (`gone\\x1b[2J.png`, a terminal's clear-screen), missing",
             ("upload", "{control_name}"), x.UnreadableFileError, ExitCode.INPUT,
             "gone\\x1b[2J.png: cannot read the file", Left.NOTHING),
    BadInput("media-type-contradicts-content", "client",
             "`--media-type video/mp4` for a PNG: refused before anything is sent",
             ("upload", "{png}", "--media-type", "video/mp4"), x.UnsupportedMediaTypeError,
             ExitCode.INPUT, "its content is image/png", Left.NOTHING),
    BadInput("empty-file-name", "client", "an empty FILE argument (`xmedia upload \"\"`)",
             ("upload", ""), x.ConfigError, ExitCode.USAGE, "an empty file name",
             Left.NOTHING, cli_only=NOT_A_LIBRARY_CALL),
    BadInput("file-name-with-trailing-slash", "client",
             "`image.png/`: a file named as a directory (Path() would drop the `/`)",
             ("upload", "{png}/"), x.ConfigError, ExitCode.USAGE, "which names a directory",
             Left.NOTHING, cli_only=NOT_A_LIBRARY_CALL),
    BadInput("undecodable-file-name", "client",
             "file name with bytes that are not UTF-8 (`caf\\xe9-\\xff.png`)",
             ("upload", "{undecodable_name}"), None, ExitCode.OK, "", Left.COMPLETED),
    BadInput("interrupted-mid-upload", "client", "Ctrl-C (SIGINT) at the 3rd APPEND", PNG_UP,
             KeyboardInterrupt, ExitCode.INTERRUPTED, "interrupted", Left.JOURNAL,
             interference=Interference("append", hook="interrupt", after=2, times=1),
             resume_args=PNG_UP),
    BadInput("terminated-mid-upload", "client", "SIGTERM at the 3rd APPEND", PNG_UP,
             KeyboardInterrupt, ExitCode.TERMINATED, "terminated (SIGTERM)", Left.JOURNAL,
             interference=Interference("append", hook="terminate", after=2, times=1),
             resume_args=PNG_UP),
    BadInput("fifo", "client", "a FIFO nobody writes to (opening it would block forever)",
             ("upload", "{fifo}"), x.NotARegularFileError, ExitCode.INPUT, "is a FIFO",
             Left.NOTHING),
    BadInput("character-device", "client", "`/dev/zero` (endless, never a media file)",
             ("upload", "/dev/zero"), x.NotARegularFileError, ExitCode.INPUT,
             "is a character device", Left.NOTHING),
    BadInput("request-timeout-0", "client", "`--request-timeout 0`",
             ("upload", "{png}", "--request-timeout", "0"), x.ConfigError, ExitCode.USAGE,
             "--request-timeout", Left.NOTHING),
    BadInput("max-wait-negative", "client", "`--max-wait -1`",
             ("upload", "{png}", "--max-wait", "-1"), x.ConfigError, ExitCode.USAGE,
             "--max-wait", Left.NOTHING),
    BadInput("alt-text-command-too-long", "client", "`xmedia alt-text ID` with 1001 characters",
             ("alt-text", "{image_media}", "a" * 1001), x.ConfigError, ExitCode.USAGE,
             "at most 1000", Left.READ_ONLY),
    BadInput("interrupted-during-processing", "client",
             "Ctrl-C while waiting for processing (after FINALIZE)", ("upload", "{mp4}"),
             KeyboardInterrupt, ExitCode.INTERRUPTED, "xmedia wait", Left.FINALIZED,
             interference=Interference("status", hook="interrupt", times=1)),
    # --- the server's (or the network path's) side ---------------------------------------------
    BadInput("bad-token", "server", "wrong OAuth 2.0 token (401)", ("upload", "{png}"),
             x.UnauthorizedError, ExitCode.AUTH, "HTTP 401", Left.NO_JOURNAL,
             env={"X_ACCESS_TOKEN": "not-a-valid-token"}, attempts={"initialize": 1}),
    BadInput("app-only-token", "server", "app-only bearer token (403 unsupported-authentication)",
             ("upload", "{png}"), x.UnsupportedAuthenticationError, ExitCode.AUTH,
             "user context", Left.NO_JOURNAL, env={"X_ACCESS_TOKEN": "mock-app-token"},
             attempts={"initialize": 1}),
    BadInput("token-without-media-write", "server", "user token without the media.write scope",
             ("upload", "{png}"), x.MissingScopeError, ExitCode.AUTH, "media.write",
             Left.NO_JOURNAL,
             env={"X_ACCESS_TOKEN": "mock-readonly-token"}, attempts={"initialize": 1}),
    BadInput("oauth1-wrong-secret", "server", "OAuth 1.0a with a wrong consumer secret",
             ("upload", "{png}"), x.UnauthorizedError, ExitCode.AUTH, "HTTP 401",
             Left.NO_JOURNAL,
             env={"X_API_KEY": "mock-consumer-key", "X_API_SECRET": "wrong-secret",
                  "X_ACCESS_TOKEN": "1-mock-access-token",
                  "X_ACCESS_TOKEN_SECRET": "mock-access-token-secret"},
             attempts={"initialize": 1}),
    BadInput("payment-required", "server", "402 credits depleted on INIT", ("upload", "{png}"),
             x.PaymentRequiredError, ExitCode.REJECTED, "credits are depleted", Left.NO_JOURNAL,
             interference=Interference("initialize", answer=Answer.json(402, {
                 "title": "CreditsDepleted", "detail": "Your enrolled account has no credits.",
                 "type": PROBLEM + "credits-depleted", "status": 402})),
             attempts={"initialize": 1}),
    BadInput("429-storm-reset-far", "server",
             "429 storm on INIT, `x-rate-limit-reset` in the year 2100", ("upload", "{png}"),
             x.RateLimitedError, ExitCode.UNAVAILABLE, "resets at 2100-01-01 00:00:00 UTC",
             Left.NO_JOURNAL,
             interference=Interference("initialize", answer=Answer.json(429, {
                 "title": "Too Many Requests", "detail": "Too Many Requests",
                 "type": "about:blank", "status": 429},
                 ("x-rate-limit-limit", "1875"), ("x-rate-limit-remaining", "0"),
                 ("x-rate-limit-reset", RESET_FAR))),
             attempts={"initialize": 1}),
    BadInput("429-storm-retry-after-0", "server",
             "429 on every APPEND after the 2nd, `Retry-After: 0`", PNG_UP,
             x.RateLimitedError, ExitCode.UNAVAILABLE, "rate limited", Left.JOURNAL,
             interference=Interference("append", after=2, answer=Answer.json(429, {
                 "title": "Too Many Requests", "detail": "Too Many Requests",
                 "type": "about:blank", "status": 429}, ("retry-after", "0"))),
             attempts={"initialize": 1, "append": 7}, resume_args=PNG_UP),
    BadInput("rate-limit-exhausted", "server",
             "the mock's own upload rate limit (3 per hour) runs out mid-upload", PNG_UP,
             x.RateLimitedError, ExitCode.UNAVAILABLE, "resets at", Left.JOURNAL,
             mock={"rate_limits": {"upload": (3, 3600)}}, attempts={"initialize": 1, "append": 3},
             resume_args=PNG_UP),
    BadInput("5xx-storm-on-init", "server", "503 on every INIT", ("upload", "{png}"),
             x.ServerError, ExitCode.UNAVAILABLE, "HTTP 503", Left.NO_JOURNAL,
             faults="initialize:error=503", attempts={"initialize": 5}),
    BadInput("5xx-storm-mid-upload", "server", "500 on every APPEND after the 2nd", PNG_UP,
             x.ServerError, ExitCode.UNAVAILABLE, "HTTP 500", Left.JOURNAL,
             interference=Interference("append", after=2, answer=Answer.json(500, {
                 "title": "Internal Server Error", "detail": "Internal Server Error",
                 "type": "about:blank", "status": 500})),
             attempts={"initialize": 1, "append": 7}, resume_args=PNG_UP),
    BadInput("html-502-from-proxy", "server", "HTML 502 page from a proxy on every APPEND",
             PNG_UP, x.ServerError, ExitCode.UNAVAILABLE, "non-JSON body", Left.JOURNAL,
             interference=Interference("append", answer=Answer.html(502, "502 Bad Gateway")),
             attempts={"initialize": 1, "append": 5}, resume_args=PNG_UP),
    BadInput("html-200-captive-portal", "server", "HTML 200 page (captive portal) on INIT",
             ("upload", "{png}"), x.UnexpectedResponseError, ExitCode.UNAVAILABLE,
             "Malformed response", Left.NO_JOURNAL,
             interference=Interference("initialize", answer=Answer.html(200, "Sign in to Wi-Fi")),
             attempts={"initialize": 1}),
    BadInput("html-403-from-waf", "server", "HTML 403 page from a web application firewall",
             ("upload", "{png}"), x.ForbiddenError, ExitCode.AUTH, "non-JSON body",
             Left.NO_JOURNAL,
             interference=Interference("initialize", answer=Answer.html(403, "Access Denied")),
             attempts={"initialize": 1}),
    BadInput("malformed-json", "server", "INIT answers 200 with truncated JSON",
             ("upload", "{png}"), x.UnexpectedResponseError, ExitCode.UNAVAILABLE,
             "Malformed response", Left.NO_JOURNAL,
             interference=Interference("initialize", answer=Answer(200, b'{"data": {"id": "18')),
             attempts={"initialize": 1}),
    BadInput("answer-too-large", "server",
             "INIT answers 200 with a 20 MiB body (a download, not X's API): not read, not retried",
             ("upload", "{png}"), x.TransportError, ExitCode.UNAVAILABLE, "larger than 16 MiB",
             Left.NO_JOURNAL,
             interference=Interference("initialize", answer=Answer(200, b" " * 20 * 1024 * 1024)),
             attempts={"initialize": 1}),
    BadInput("missing-media-id", "server", "INIT answers 200 without `data.id`",
             ("upload", "{png}"), x.UnexpectedResponseError, ExitCode.UNAVAILABLE,
             "without a media id", Left.NO_JOURNAL,
             interference=Interference("initialize", answer=Answer.json(
                 200, {"data": {"media_key": "3_1", "expires_after_secs": 86400}})),
             attempts={"initialize": 1}),
    BadInput("finalize-without-data", "server", "FINALIZE answers 200 with `errors` and no `data`",
             PNG_UP, x.UnexpectedResponseError, ExitCode.UNAVAILABLE, "Malformed response",
             Left.JOURNAL,
             interference=Interference("finalize", answer=Answer.json(200, {"errors": [
                 {"title": "Service Unavailable", "detail": "try later"}]})),
             attempts={"finalize": 1}, resume_args=PNG_UP),
    BadInput("finalize-refused", "server",
             "FINALIZE answers 400 \"media type unrecognized.\" (bytes not of the declared type)",
             PNG_UP, x.InvalidRequestError, ExitCode.REJECTED, "media type unrecognized",
             Left.DROPPED,
             interference=Interference("finalize", answer=Answer.json(400, {
                 "title": "Invalid Request", "status": 400, "type": PROBLEM + "invalid-request",
                 "detail": "One or more parameters to your request was invalid.",
                 "errors": [{"message": "media type unrecognized."}]})),
             attempts={"finalize": 1}),
    BadInput("redirect-to-http-on-init", "server",
             "INIT answers 307 to http://api.x.com (downgrade)", ("upload", "{png}"),
             x.UnexpectedResponseError, ExitCode.UNAVAILABLE, "redirects are not followed",
             Left.NO_JOURNAL,
             interference=Interference("initialize", answer=Answer(307, b"", "text/plain", (
                 ("location", "http://api.x.com/2/media/upload/initialize"),))),
             attempts={"initialize": 1}),
    BadInput("redirect-to-http-mid-upload", "server",
             "the 3rd APPEND answers 301 to http://api.x.com", PNG_UP, x.UnexpectedResponseError,
             ExitCode.UNAVAILABLE, "redirects are not followed", Left.JOURNAL,
             interference=Interference("append", after=2, answer=Answer(301, b"", "text/plain", (
                 ("location", "http://api.x.com/2/media/upload/1/append"),))),
             attempts={"append": 3}, resume_args=PNG_UP),
    BadInput("connection-aborted-mid-upload", "server",
             "every APPEND after the 2nd: connection dropped mid-answer", PNG_UP,
             x.TransportError, ExitCode.UNAVAILABLE, "rerun with --resume", Left.JOURNAL,
             faults="append#3,4,5,6,7,8,9,10:abort", attempts={"append": 7},
             resume_args=PNG_UP),
    BadInput("server-unreachable", "server", "nothing listens on the base URL's port",
             ("upload", "{png}", "--base-url", "http://127.0.0.1:{closed_port}"),
             x.TransportError, ExitCode.UNAVAILABLE, "failed after 5 attempt(s)",
             Left.NO_JOURNAL),
    BadInput("trickle-on-init", "server",
             "INIT answers headers, then one byte a second, forever (`--request-timeout 1`)",
             ("upload", "{png}", *QUICK), x.TransportError, ExitCode.UNAVAILABLE,
             "sets each request's deadline", Left.NO_JOURNAL,
             interference=Interference("initialize", stall=Stall.TRICKLE),
             attempts={"initialize": 5}),
    BadInput("trickle-mid-upload", "server",
             "every APPEND after the 2nd trickles forever (`--request-timeout 1`)",
             (*PNG_UP, *QUICK), x.TransportError, ExitCode.UNAVAILABLE,
             "sets each request's deadline", Left.JOURNAL,
             interference=Interference("append", stall=Stall.TRICKLE, after=2),
             resume_args=PNG_UP),
    BadInput("silent-on-init", "server",
             "INIT is read and never answered (`--request-timeout 1`)", ("upload", "{png}", *QUICK),
             x.TransportError, ExitCode.UNAVAILABLE, "attempt", Left.NO_JOURNAL,
             interference=Interference("initialize", stall=Stall.SILENT),
             attempts={"initialize": 5}),
    BadInput("silent-finalize", "server",
             "FINALIZE is read and never answered (`--request-timeout 1`)", (*PNG_UP, *QUICK),
             x.TransportError, ExitCode.UNAVAILABLE, "attempt", Left.JOURNAL,
             interference=Interference("finalize", stall=Stall.SILENT), resume_args=PNG_UP),
    BadInput("rate-limit-wait-announced", "server",
             "one 429 on INIT with `Retry-After: 1`: the wait is announced, then it succeeds",
             ("upload", "{png}"), None, ExitCode.OK, "rate limited on INIT", Left.COMPLETED,
             interference=Interference("initialize", times=1, answer=Answer.json(429, {
                 "title": "Too Many Requests", "detail": "Too Many Requests",
                 "type": "about:blank", "status": 429}, ("retry-after", "1"))),
             attempts={"initialize": 2}),
    BadInput("rate-limit-beyond-max-wait", "server",
             "429 on INIT with `Retry-After: 60`, `--max-wait 5`: not waited for",
             ("upload", "{png}", "--max-wait", "5"), x.RateLimitedError, ExitCode.UNAVAILABLE,
             "more than the 5 s allowed", Left.NO_JOURNAL,
             interference=Interference("initialize", answer=Answer.json(429, {
                 "title": "Too Many Requests", "detail": "Too Many Requests",
                 "type": "about:blank", "status": 429}, ("retry-after", "60"))),
             attempts={"initialize": 1}),
    BadInput("retry-announced", "server",
             "one 503 on an APPEND: the retry is announced, then it succeeds", PNG_UP, None,
             ExitCode.OK, "retrying in", Left.COMPLETED,
             interference=Interference("append", after=1, times=1, answer=SERVER_ERROR)),
    BadInput("alt-text-fails-after-upload", "server",
             "the upload finishes, setting its alt text answers 503 every time",
             ("upload", "{png}", "--alt-text", "A cat"), x.PostUploadError,
             ExitCode.UPLOADED_WITH_WARNING, "xmedia alt-text", Left.COMPLETED,
             interference=Interference("metadata", answer=SERVER_ERROR)),
    BadInput("silent-status", "server",
             "`xmedia status`: STATUS is read and never answered (`--request-timeout 1`)",
             ("status", "{user1_media}", *QUICK), x.TransportError, ExitCode.UNAVAILABLE,
             "attempt", Left.READ_ONLY,
             interference=Interference("status", stall=Stall.SILENT), attempts={"status": 5}),
    BadInput("alt-text-redone-alone", "server",
             "`xmedia alt-text ID TEXT`: the step redone alone after the warning",
             ("alt-text", "{image_media}", "A cat on a piano"), None, ExitCode.OK,
             "A cat on a piano", Left.READ_ONLY),
    BadInput("half-closed-connection", "server",
             "the server reads INIT, then shuts its side of the connection (FIN, no answer)",
             ("upload", "{png}", "--base-url", "{half_closing_url}"), x.TransportError,
             ExitCode.UNAVAILABLE, "failed after 5 attempt(s)", Left.NO_JOURNAL),
    BadInput("headers-trickle-forever", "server",
             "the answer's headers arrive one byte every 0.2 s and never end "
             "(`--request-timeout 1`)",
             ("upload", "{png}", "--base-url", "{header_trickling_url}", *QUICK),
             x.TransportError, ExitCode.UNAVAILABLE, "1 s request deadline", Left.NO_JOURNAL),
    BadInput("chunk-over-server-limit", "server",
             "server refuses 2 KiB APPENDs with 413 (its limit: 1 KiB)",
             ("upload", "{png}", "--chunk-size", "2KiB", "--concurrency", "1"),
             x.PayloadTooLargeError,
             ExitCode.REJECTED, "use a smaller chunk size", Left.JOURNAL,
             mock={"chunk_limit": 1024}, attempts={"append": 1},
             resume_args=("upload", "{png}", "--chunk-size", "1KiB", "--concurrency", "1")),
    BadInput("expires-mid-upload", "server", "the media id expires after the 2nd APPEND", PNG_UP,
             x.UploadExpiredError, ExitCode.REJECTED, "has expired",
             Left.DROPPED,
             interference=Interference("append", hook="expire_uploads", after=2, times=1),
             resume_args=PNG_UP),
    BadInput("status-of-expired-media", "server", "`xmedia status` of an expired media id",
             ("status", "{expired_media}"), x.InvalidRequestError, ExitCode.REJECTED,
             "has expired", Left.READ_ONLY),
    BadInput("status-of-other-users-media", "server", "`xmedia status` of another user's media id",
             ("status", "{user1_media}"), x.NotFoundError, ExitCode.REJECTED, "HTTP 404",
             Left.READ_ONLY, env={"X_ACCESS_TOKEN": "mock-user-token-2"}),
    BadInput("wait-on-other-users-media", "server", "`xmedia wait` on another user's media id",
             ("wait", "{user1_media}", "--timeout", "5"), x.NotFoundError, ExitCode.REJECTED,
             "HTTP 404", Left.READ_ONLY, env={"X_ACCESS_TOKEN": "mock-user-token-2"}),
    BadInput("status-of-unknown-media", "server", "`xmedia status` of an id that never existed",
             ("status", "1234567890123456789"), x.NotFoundError, ExitCode.REJECTED, "HTTP 404",
             Left.READ_ONLY),
    # The media operations besides upload (analytics, lookup by key).
    BadInput("analytics-reversed-range", "client", "`xmedia analytics` with --end before --start",
             ("analytics", "{image_key}", "--start", "2026-11-02", "--end", "2026-11-01"),
             x.ConfigError, ExitCode.USAGE, "is not after start_time", Left.NOTHING),
    BadInput("analytics-naive-time", "client", "`xmedia analytics` with a time without a zone",
             ("analytics", "{image_key}", "--start", "2026-11-01T10:00", "--end", "2026-11-02"),
             x.ConfigError, ExitCode.USAGE, "has no time zone", Left.NOTHING),
    BadInput("analytics-too-many-keys", "client", "`xmedia analytics` of 101 media keys",
             ("analytics", *(f"7_{n}" for n in range(1, 102)), "--start", "2026-11-01",
              "--end", "2026-11-02"),
             x.ConfigError, ExitCode.USAGE, "at most 100 per analytics request", Left.NOTHING),
    BadInput("analytics-media-id", "client", "`xmedia analytics` given a numeric media id",
             ("analytics", "{image_media}", "--start", "2026-11-01", "--end", "2026-11-02"),
             x.ConfigError, ExitCode.USAGE, "is not a media key", Left.NOTHING),
    BadInput("analytics-range-too-long", "server",
             "`xmedia analytics --granularity hourly` over 30 days",
             ("analytics", "{image_key}", "--start", "2026-11-01", "--end", "2026-12-01",
              "--granularity", "hourly"),
             x.InvalidRequestError, ExitCode.REJECTED, "more than 7 days", Left.READ_ONLY),
    BadInput("analytics-unknown-key", "server", "`xmedia analytics` of a key X does not know",
             ("analytics", "{image_key}", "7_1", "--start", "2026-11-01", "--end", "2026-11-02"),
             None, ExitCode.REJECTED, "not found: 7_1", Left.READ_ONLY,
             cli_only="the library returns the known keys' rows and names 7_1 in "
             "MediaAnalytics.missing (tests/wrapper/test_media_operations.py)"),
    BadInput("lookup-unknown-key", "server", "`xmedia lookup` of a key X does not know",
             ("lookup", "7_1"), x.NotFoundError, ExitCode.REJECTED, "7_1", Left.READ_ONLY),
    BadInput("lookup-media-id", "client", "`xmedia lookup` given a numeric media id",
             ("lookup", "{image_media}"), x.ConfigError, ExitCode.USAGE, "is not a media key",
             Left.NOTHING),
    BadInput("status-of-image", "server", "`xmedia status` of an image (X processes none)",
             ("status", "{image_media}"), x.NothingToProcessError, ExitCode.OK,
             "nothing to process", Left.READ_ONLY),
    BadInput("wait-on-image", "server", "`xmedia wait` on an image (X processes none)",
             ("wait", "{image_media}"), x.NothingToProcessError, ExitCode.OK,
             "nothing to process", Left.READ_ONLY),
    BadInput("run-stops-every-file-recorded", "server",
             "wrong token, two files: the run stops, both files get a JSON record",
             ("upload", "{png}", "{png2}"), x.UnauthorizedError, ExitCode.AUTH, "HTTP 401",
             Left.NO_JOURNAL, env={"X_ACCESS_TOKEN": "not-a-valid-token"},
             attempts={"initialize": 1}, cli_only=ONE_FILE_PER_CALL),
    BadInput("unknown-processing-state", "server",
             "processing state `transcoding_differently`, forever (`--timeout 2`)",
             ("upload", "{mp4}", "--timeout", "2"), x.ProcessingTimeoutError, ExitCode.TIMEOUT,
             "still transcoding_differently", Left.FINALIZED,
             interference=Interference("status", rewrite="unknown_state")),
    BadInput("unknown-processing-state-once", "server",
             "one STATUS says `transcoding_differently`, then `succeeded`", ("upload", "{mp4}"),
             None, ExitCode.OK, "", Left.COMPLETED,
             interference=Interference("status", rewrite="unknown_state", times=1)),
    BadInput("processing-failed", "server",
             "plain text declared as video/mp4 (nothing to sniff it by): processing fails",
             ("upload", "{text}", "--media-type", "video/mp4", "--category", "tweet_video"),
             x.ProcessingError, ExitCode.PROCESSING_FAILED, "InvalidMedia", Left.COMPLETED),
)  # fmt: skip


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _args_cell(args: tuple[str, ...]) -> str:
    shown = [a if len(a) <= 40 else f"<{len(a)} characters>" for a in args]
    return "`xmedia " + " ".join(shown) + "`"


def table_markdown(cases: tuple[BadInput, ...] = CASES) -> str:
    """The rows as the Markdown table in docs/bad-inputs.md."""
    lines = [
        "| # | Side | Input | Command | Library error | Exit | CLI message contains "
        "| Left behind |",
        "|---:|---|---|---|---|---:|---|---|",
    ]
    for number, case in enumerate(cases, 1):
        if case.cli_only:
            error = "— (CLI only)"
        elif case.error is not None:
            error = f"`{case.error.__name__}`"
        else:
            error = "— (succeeds)"
        says = f"`{_cell(case.says)}`" if case.says else "—"
        lines.append(
            f"| {number} | {case.side} | {_cell(case.input)} | {_cell(_args_cell(case.args))} | "
            f"{error} | {int(case.exit_code)} | {says} | {case.left.value} |"
        )
    return "\n".join(lines)


# --- logins and the stored token file (run by tests/auth/test_login_bad_inputs.py) -----------


@dataclass(frozen=True)
class LoginBadInput:
    """A bad case of ``xmedia login`` or of the login it stored. ``{store}`` is the token file
    the test prepares, ``{png}`` a small PNG; the library column is what ``run_login`` /
    ``TokenStore`` / ``OAuth2User`` raise."""

    id: str
    side: Literal["client", "server"]
    input: str
    args: tuple[str, ...]
    error: type[BaseException]
    exit_code: ExitCode
    says: str
    left: str
    needs_non_root: bool = False


_NOTHING_STORED = "nothing: no token stored"
_FILE_UNTOUCHED = "the token file untouched; no request sent"
_LOGIN = ("login", "--client-id", "mock-client-id")

LOGIN_CASES: tuple[LoginBadInput, ...] = (
    LoginBadInput("login-consent-denied", "server", "the user denies the app on X's consent page",
                  _LOGIN, LoginDeniedError, ExitCode.AUTH, "authorization was denied",
                  _NOTHING_STORED),
    LoginBadInput("login-wrong-state", "client",
                  "the redirect carries another `state` (a stale tab or a forged request)",
                  _LOGIN, LoginStateError, ExitCode.AUTH, "a state that this login did not send",
                  "nothing: the code is never exchanged"),
    LoginBadInput("login-no-answer", "client", "nobody opens the URL before `--timeout 1`",
                  (*_LOGIN, "--timeout", "1"), LoginTimeoutError, ExitCode.AUTH,
                  "no answer reached", _NOTHING_STORED),
    LoginBadInput("login-without-client-id", "client", "`xmedia login` without a client id",
                  ("login",), ConfigError, ExitCode.USAGE, "X_CLIENT_ID", _NOTHING_STORED),
    LoginBadInput("refresh-token-expired", "server",
                  "the stored login's access and refresh tokens have both expired",
                  ("upload", "{png}"), TokenRefreshError, ExitCode.AUTH,
                  "log in again", "the stored login; no journal (INIT never ran)"),
    LoginBadInput("revoked-elsewhere", "server",
                  "the user revoked the app at x.com (the grant is gone)", ("upload", "{png}"),
                  TokenRefreshError, ExitCode.AUTH, "Value passed for the token was invalid",
                  "the stored login; no journal (INIT never ran)"),
    LoginBadInput("token-file-readable-by-others", "client", "token file with mode 0644",
                  ("upload", "{png}"), TokenStoreError, ExitCode.USAGE, "chmod 600",
                  _FILE_UNTOUCHED),
    LoginBadInput("token-file-unreadable", "client", "token file with mode 000",
                  ("upload", "{png}"), TokenStoreError, ExitCode.USAGE, "permission denied",
                  _FILE_UNTOUCHED, needs_non_root=True),
    LoginBadInput("token-file-corrupt", "client", "token file that is not JSON",
                  ("upload", "{png}"), TokenStoreError, ExitCode.USAGE,
                  "not a valid xmedia token file", _FILE_UNTOUCHED),
    LoginBadInput("token-file-symlink", "client", "token file is a symbolic link",
                  ("upload", "{png}"), TokenStoreError, ExitCode.USAGE, "regular file",
                  _FILE_UNTOUCHED),
)  # fmt: skip


def login_table_markdown(cases: tuple[LoginBadInput, ...] = LOGIN_CASES) -> str:
    """The login rows as the second Markdown table in docs/bad-inputs.md."""
    lines = [
        "| # | Side | Input | Command | Library error | Exit | CLI message contains "
        "| Left behind |",
        "|---:|---|---|---|---|---:|---|---|",
    ]
    for number, case in enumerate(cases, 1):
        lines.append(
            f"| L{number} | {case.side} | {_cell(case.input)} | {_cell(_args_cell(case.args))} | "
            f"`{case.error.__name__}` | {int(case.exit_code)} | `{_cell(case.says)}` | "
            f"{case.left} |"
        )
    return "\n".join(lines)
