"""What the ``xmedia`` command does with each error: exit code, message and scope — as data.

The tables here are the single source for the CLI's behaviour, its ``--help`` epilog and the
exit-code table in docs/cli.md. An error is looked up by walking its class's MRO, so the most
specific entry wins (``UnsupportedAuthenticationError`` before ``ForbiddenError`` before
``APIError``). Messages are ``str.format`` templates over the exception (``{exc.media_id}``),
so a new error kind is one new row, not new code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

from . import _errors as errors
from ._oauth2_errors import LoginError

__all__ = [
    "ERROR_RULES",
    "EXIT_CODE_MEANINGS",
    "SECRET_ENV_VARS",
    "ErrorRule",
    "ExitCode",
    "Terminated",
    "exit_code_table",
    "redact",
    "rule_for",
    "shown",
    "user_message",
]


class ExitCode(IntEnum):
    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    INPUT = 3
    AUTH = 4
    REJECTED = 5
    UNAVAILABLE = 6
    PROCESSING_FAILED = 7
    TIMEOUT = 8
    UPLOADED_WITH_WARNING = 9
    INTERRUPTED = 130
    OUTPUT_CLOSED = 141
    TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread by the command's signal handler.

    A KeyboardInterrupt, so the library treats it exactly as Ctrl-C (journal kept)."""


#: One line per exit code, in the order shown by ``--help`` and docs/cli.md.
EXIT_CODE_MEANINGS: Mapping[ExitCode, str] = {
    ExitCode.OK: "success (every file uploaded; processed unless --no-wait)",
    ExitCode.UNEXPECTED: "unexpected error (a bug: rerun with XMEDIA_DEBUG=1 for the traceback)",
    ExitCode.USAGE: "usage or configuration: bad option, missing credentials, insecure base URL",
    ExitCode.INPUT: "input file: missing, unreadable, empty, too large, unsupported type",
    ExitCode.AUTH: "authentication or permission refused by X (HTTP 401 / 403), or login failed",
    ExitCode.REJECTED: "request rejected by X (other 4xx: 400, 402, 404, 413; expired upload)",
    ExitCode.UNAVAILABLE: "rate limited, server error or network failure, after retries",
    ExitCode.PROCESSING_FAILED: "X finished processing the media with state 'failed'",
    ExitCode.TIMEOUT: "processing did not finish before --timeout",
    ExitCode.UPLOADED_WITH_WARNING: "uploaded (the media id is printed), but setting its alt text "
    "failed: redo that step alone with `xmedia alt-text ID TEXT`",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C); the message says how to continue, if anything can",
    ExitCode.OUTPUT_CLOSED: "stdout was closed early (e.g. piped into head); the rest is skipped",
    ExitCode.TERMINATED: "terminated (SIGTERM); handled like Ctrl-C",
}


@dataclass(frozen=True, slots=True)
class ErrorRule:
    """How the CLI reports one kind of error.

    scope: ``"file"`` — the problem belongs to one file, the next file is still tried;
        ``"run"`` — it would hit every file (credentials, network...), so the command stops.
    message: ``str.format`` template with the exception bound to ``exc``.
    """

    exit_code: ExitCode
    scope: Literal["file", "run"]
    message: str = "{exc}"


ERROR_RULES: Mapping[type[BaseException], ErrorRule] = {
    errors.ConfigError: ErrorRule(ExitCode.USAGE, "run"),
    errors.InputError: ErrorRule(ExitCode.INPUT, "file"),
    errors.UnauthorizedError: ErrorRule(ExitCode.AUTH, "run"),
    errors.ForbiddenError: ErrorRule(ExitCode.AUTH, "run"),
    LoginError: ErrorRule(ExitCode.AUTH, "run"),
    errors.PaymentRequiredError: ErrorRule(ExitCode.REJECTED, "run"),
    errors.RateLimitedError: ErrorRule(ExitCode.UNAVAILABLE, "run"),
    errors.ServerError: ErrorRule(ExitCode.UNAVAILABLE, "run"),
    errors.UnexpectedResponseError: ErrorRule(ExitCode.UNAVAILABLE, "run"),
    errors.TransportError: ErrorRule(
        ExitCode.UNAVAILABLE,
        "run",
        "{exc} (see --base-url / X_API_BASE_URL; --request-timeout sets each request's deadline)",
    ),
    errors.APIError: ErrorRule(ExitCode.REJECTED, "file"),
    # Another xmedia run is uploading this very file: this file only, the others may go on.
    errors.JournalBusyError: ErrorRule(ExitCode.INPUT, "file"),
    errors.PostUploadError: ErrorRule(
        ExitCode.UPLOADED_WITH_WARNING,
        "file",
        "media {exc.media_id} was uploaded and is usable, but the step after it ({exc.step}) "
        "failed: {exc.error}; redo it alone: xmedia alt-text {exc.media_id} TEXT",
    ),
    # The CLI's progress display could not write (stderr closed): an output failure; the
    # message keeps the media id.
    errors.ProgressCallbackError: ErrorRule(ExitCode.OUTPUT_CLOSED, "run"),
    errors.UploadExpiredError: ErrorRule(ExitCode.REJECTED, "file"),
    errors.ProcessingError: ErrorRule(ExitCode.PROCESSING_FAILED, "file"),
    errors.ProcessingTimeoutError: ErrorRule(
        ExitCode.TIMEOUT,
        "file",
        "media {exc.media_id} is still {exc.last_state} after {exc.deadline_seconds:g} s; "
        "run `xmedia wait {exc.media_id}` later, or pass a larger --timeout",
    ),
    # A file that vanished or became unreadable after the pre-flight check. Only these OSError
    # kinds: a stray socket error is not the user's file and must not say so.
    **dict.fromkeys(
        (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError),
        ErrorRule(
            ExitCode.INPUT, "file", "{exc.strerror}: {exc.filename}; check the path and permissions"
        ),
    ),
    # 128 + SIGPIPE, as a shell reports a command killed by writing into a closed pipe.
    BrokenPipeError: ErrorRule(
        ExitCode.OUTPUT_CLOSED,
        "run",
        "stdout was closed before all results were written; files after it were not uploaded",
    ),
    Terminated: ErrorRule(
        ExitCode.TERMINATED,
        "run",
        "terminated (SIGTERM)",
    ),
    KeyboardInterrupt: ErrorRule(
        ExitCode.INTERRUPTED,
        "run",
        "interrupted",
    ),
}

_UNEXPECTED = ErrorRule(
    ExitCode.UNEXPECTED,
    "run",
    "unexpected error ({exc.__class__.__name__}: {exc}); this is a bug in xmedia — "
    "rerun with XMEDIA_DEBUG=1 to see the traceback and report it",
)

#: Environment variables whose values are never printed, whatever an error message contains.
SECRET_ENV_VARS = (
    "X_ACCESS_TOKEN",
    "X_ACCESS_TOKEN_SECRET",
    "X_API_SECRET",
    "X_API_KEY",
    "X_CLIENT_SECRET",
)

# Values shorter than this are not redacted: replacing every "1" in a message helps no one.
_MIN_SECRET_LENGTH = 6


def rule_for(exc: BaseException) -> ErrorRule:
    for cls in type(exc).__mro__:
        rule = ERROR_RULES.get(cls)
        if rule is not None:
            return rule
    return _UNEXPECTED


# Control characters (C0, DEL, C1) as escapes: a file name holding ESC could drive the
# terminal, and a newline in one would split its result line in two.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}
_CONTROLS_BUT_NEWLINE = {code: text for code, text in _CONTROLS.items() if code != 0x0A}


def shown(text: str, *, newlines: bool = False) -> str:
    """``text`` safe to print anywhere: bytes of an undecodable file name become ``\\xff``, and
    control characters ``\\x1b`` (newlines too, unless ``newlines``: messages may span lines)."""
    try:
        safe = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate surrogateescape did not make
        safe = text.encode("utf-8", "backslashreplace").decode("ascii")
    return safe.translate(_CONTROLS_BUT_NEWLINE if newlines else _CONTROLS)


def redact(text: str, environ: Mapping[str, str] | None = None) -> str:
    """Replace the value of every secret environment variable in `text` with ``***``."""
    env = os.environ if environ is None else environ
    secrets = sorted(
        (v for name in SECRET_ENV_VARS if len(v := env.get(name, "")) >= _MIN_SECRET_LENGTH),
        key=len,
        reverse=True,
    )
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def user_message(exc: BaseException, environ: Mapping[str, str] | None = None) -> str:
    """One line saying what went wrong and what to do, with secrets removed; it names the
    media id whenever X had already given one (nothing on X is left without its id)."""
    rule = rule_for(exc)
    try:
        text = rule.message.format(exc=exc)
    except (AttributeError, IndexError, KeyError, ValueError):
        # A template that does not fit an unusual instance must not hide the error itself.
        text = str(exc) or exc.__class__.__name__
    media_id = errors.media_id_of(exc)
    if media_id is not None and media_id not in text:
        text = f"{text} (media id {media_id})"
    return redact(re.sub(r"\s+", " ", text).strip(), environ)


# Causes that are not exception classes of ours.
_EXTRA_CAUSES: Mapping[ExitCode, list[str]] = {
    ExitCode.UNEXPECTED: ["any other exception"],
    ExitCode.USAGE: ["an invalid option or argument"],
}


def exit_code_table(rules: Iterable[tuple[type[BaseException], ErrorRule]] | None = None) -> str:
    """The exit codes as a Markdown table (used by docs/cli.md and checked by the tests)."""
    pairs = list(ERROR_RULES.items() if rules is None else rules)
    lines = ["| Code | Meaning | Raised for |", "|---:|---|---|"]
    for code, meaning in EXIT_CODE_MEANINGS.items():
        causes = [f"`{cls.__name__}`" for cls, rule in pairs if rule.exit_code == code]
        causes += _EXTRA_CAUSES.get(code, [])
        lines.append(f"| {int(code)} | {meaning} | {', '.join(causes)} |")
    return "\n".join(lines)
