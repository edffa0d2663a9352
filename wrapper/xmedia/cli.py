"""The ``xmedia`` command: upload media to X with a progress bar, check and wait on processing.

Results go to stdout (one line, or one JSON object with ``--json``, per file); progress bars,
notices and error messages go to stderr. Every error ends in one line and a documented exit code
(see ``_cli_errors``); no traceback unless ``XMEDIA_DEBUG=1``.

Start-up time matters (a command is often run once per file from a script): this module
imports only typer and the error table at load time; httpx, the generated client, rich and the
upload drivers are imported by the command that needs them.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, NoReturn

import typer

from . import _cli_auth
from ._cli_errors import (
    EXIT_CODE_MEANINGS,
    ExitCode,
    Terminated,
    redact,
    rule_for,
    shown,
    user_message,
)
from ._cli_media import register as _register_media_commands
from ._cli_ops import register as _register_operation_commands
from ._cli_progress import PlainDisplay, open_display

if TYPE_CHECKING:
    from ._config import UploadConfig
    from ._models import UploadedMedia
    from ._sync import XMedia

__all__ = ["app", "main"]

DEBUG_ENV_VAR = "XMEDIA_DEBUG"
STDIN_NAME = "-"
#: How stdin is named in messages and progress.
STDIN_LABEL = "stdin"


class MediaCategory(StrEnum):
    tweet_image = "tweet_image"
    tweet_gif = "tweet_gif"
    tweet_video = "tweet_video"
    amplify_video = "amplify_video"
    dm_image = "dm_image"
    dm_gif = "dm_gif"
    dm_video = "dm_video"
    subtitles = "subtitles"


def _exit_code_epilog() -> str:
    # "\b" tells click not to re-wrap the paragraph that follows.
    rows = "\n".join(f"{int(code):>3}  {meaning}" for code, meaning in EXIT_CODE_MEANINGS.items())
    return f"Exit codes:\n\n\b\n{rows}"


_ENV_HELP = (
    "Credentials come from the environment: X_ACCESS_TOKEN (OAuth 2.0 user token with "
    "media.write), or X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET "
    "(OAuth 1.0a). X_API_BASE_URL sets the API base URL (default https://api.x.com)."
)

app = typer.Typer(
    name="xmedia",
    help=f"Upload media to the X API v2 (chunked, parallel, resumable). {_ENV_HELP}",
    epilog=_exit_code_epilog(),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# --- option checks (usage errors, exit 2) -------------------------------------------------------


_MEDIA_KEY = re.compile(r"^(\d+)_(\d+)$")


def _check_media_id(value: str) -> str:
    text = value.strip()
    key = _MEDIA_KEY.match(text)
    if key is not None:
        raise typer.BadParameter(
            f"{value!r} is a media key; pass the numeric media id instead: {key.group(2)}"
        )
    if not text.isascii() or not text.isdigit():
        raise typer.BadParameter(
            f"{value!r} is not a media id; pass the numeric media id that upload printed "
            "(e.g. 1880000000000000001)"
        )
    return text


def _chunk_size(value: str | None) -> int | None:
    if value is None:
        return None
    from ._cli_sizes import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


# --- shared options ----------------------------------------------------------------------------

BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        envvar="X_API_BASE_URL",
        help="API base URL (origin only); https required except to 127.0.0.1/localhost.",
        show_default="https://api.x.com",
    ),
]
JsonOption = Annotated[
    bool,
    typer.Option(
        "--json", help="Print one JSON object per file or result on stdout, nothing else."
    ),
]
ProgressOption = Annotated[
    bool | None,
    typer.Option(
        "--progress/--no-progress",
        help="Show progress bars on stderr. Default: only when stderr is a terminal.",
        show_default=False,
    ),
]
TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=0.001,
        help="Seconds to wait for processing before giving up (exit 8).",
        show_default="1800",
    ),
]
RequestTimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--request-timeout",
        min=0.001,
        metavar="SECONDS",
        help="Deadline for each HTTP request, a slowly trickling answer included; a request "
        "past it is retried, then the command ends (exit 6).",
        show_default="120",
    ),
]
MaxWaitOption = Annotated[
    float | None,
    typer.Option(
        "--max-wait",
        min=0,
        metavar="SECONDS",
        help="Longest wait for a rate limit to reset (announced on stderr); a later reset "
        "ends the command, naming the reset time (exit 6).",
        show_default="900",
    ),
]
MediaIdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="The numeric media id (not the media key).", callback=_check_media_id
    ),
]


# --- output ------------------------------------------------------------------------------------


def _json_default(value: object) -> str:
    from datetime import datetime

    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _media_record(media: UploadedMedia, source: str | None) -> dict[str, Any]:
    from dataclasses import asdict

    record: dict[str, Any] = {"file": source} if source is not None else {}
    record.update(asdict(media))
    record["warnings"] = [str(warning) for warning in media.warnings]
    record["ready"] = media.ready
    return record


def _json_line(record: dict[str, Any]) -> str:
    text = json.dumps(record, default=_json_default, ensure_ascii=False)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        # An ASCII-only stdout, or a file name that is not valid UTF-8: JSON's own escapes.
        text = json.dumps(record, default=_json_default, ensure_ascii=True)
    return redact(text)


def _describe(media: UploadedMedia, source: str | None) -> str:
    from ._cli_sizes import format_size

    parts = [f"media id {media.media_id}", f"media key {media.media_key or '?'}"]
    if media.size is not None:
        parts.append(format_size(media.size))
    processing = media.processing
    if processing is not None:
        state = processing.state
        if not processing.is_terminal and processing.progress_percent is not None:
            state += f" {processing.progress_percent}%"
        parts.append(f"processing {state}")
        if not processing.is_terminal:
            parts.append(f"`xmedia wait {media.media_id}` waits for it")
    for warning in media.warnings:
        parts.append(f"warning: {warning}")
    prefix = f"{shown(source)}: " if source is not None else ""
    return redact(prefix + ", ".join(parts))


def _result_line(media: UploadedMedia, source: str | None, json_output: bool) -> str:
    return _json_line(_media_record(media, source)) if json_output else _describe(media, source)


def _error_record(
    exc: BaseException, source: str | None, code: ExitCode, note: str = ""
) -> dict[str, Any]:
    from ._errors import media_id_of

    record: dict[str, Any] = {"file": source} if source is not None else {}
    media_id = media_id_of(exc)
    if media_id is not None:
        record["media_id"] = media_id
    record["error"] = {
        "type": type(exc).__name__,
        "message": user_message(exc) + note,
        "exit_code": int(code),
    }
    return record


def _not_attempted_record(source: str, reason: str, code: ExitCode) -> dict[str, Any]:
    return {
        "file": source,
        "error": {"type": "NotAttempted", "message": reason, "exit_code": int(code)},
    }


def _silence_stdout() -> None:
    # Nothing more can reach a closed pipe; stop Python's own flush at exit from failing.
    with suppress(OSError, ValueError):  # stdout may have no file descriptor (tests)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _report_error(
    exc: BaseException, display: PlainDisplay | None = None, note: str = ""
) -> ExitCode:
    """Print the one-line message for `exc` (plus `note`) to stderr; return its exit code."""
    rule = rule_for(exc)
    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
    say = (display or PlainDisplay()).say
    say(shown(f"xmedia: error: {user_message(exc)}{note}", newlines=True))
    if rule.exit_code == ExitCode.UNEXPECTED and os.environ.get(DEBUG_ENV_VAR):
        say(redact("".join(traceback.format_exception(exc))))
    return rule.exit_code


def _show_progress(requested: bool | None) -> bool:
    if requested is not None:
        return requested
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def _errors_to_exit_codes(
    display: PlainDisplay | None = None,
    *,
    record: Callable[[BaseException, ExitCode], None] | None = None,
) -> Iterator[None]:
    """Turn any error raised outside the per-file loop into its message and exit code (and,
    with ``--json``, into the records ``record`` writes)."""
    try:
        yield
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except BaseException as exc:  # every error must end as one line and a documented code
        if type(exc).__module__.startswith(("click", "typer")):
            raise
        code = _report_error(exc, display)
        if record is not None and not isinstance(exc, BrokenPipeError):
            with suppress(OSError):
                record(exc, code)
        raise typer.Exit(int(code)) from None


def _resume_note(client: XMedia, path: Path, message: str) -> str:
    """What a rerun can do for the failed upload, from the library's one judge of that
    (``resumable``): nothing is suggested where it cannot help."""
    if "--resume" in message:
        return ""
    try:
        info = client.resumable(path)
    except Exception:  # a hint must never hide the error it is attached to
        return ""
    if info is None or info.state == "finished":
        return ""
    if info.state == "finalized":
        if "xmedia wait" in message:
            return ""
        return (
            f"; media {info.media_id} is uploaded and processing: `xmedia wait {info.media_id}` "
            "follows it (or rerun with --resume)"
        )
    return "; the upload is kept: rerun with --resume to send only the missing segments"


def _starting_over_note(client: XMedia, path: Path, label: str) -> str | None:
    """Said before a run without --resume uploads a file whose last upload was interrupted, so
    the user knows the work done is not used and how to use it (same judge: ``resumable``).
    A finished upload gets no note: uploading the same file again is often meant."""
    try:
        info = client.resumable(path)
    except Exception:  # a note must never stop an upload
        return None
    if info is None or info.state not in ("uploading", "finalized"):
        return None
    if info.state == "finalized":
        return (
            f"xmedia: note: {label} was uploaded by an interrupted run as media {info.media_id}, "
            f"still processing; uploading it again (`xmedia wait {info.media_id}` or --resume "
            "follows that one instead)"
        )
    return (
        f"xmedia: note: {label} has an interrupted upload (media {info.media_id}, "
        f"{info.segments_acked}/{info.segments_total} segments sent); starting a new one "
        "(--resume continues it instead)"
    )


def _network_options(request_timeout: float | None, max_wait: float | None) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if request_timeout is not None:
        options["request_timeout"] = request_timeout
    if max_wait is not None:
        options["max_rate_limit_wait"] = max_wait
    return options


def _make_client(base_url: str | None, config: UploadConfig | None = None) -> XMedia:
    from ._errors import ConfigError
    from ._sync import XMedia

    # Credentials: the environment first, then the login stored by `xmedia login`.
    credentials = _cli_auth.credentials_for(base_url)
    if credentials is None:  # the library would say `auth=`; a CLI user needs the commands
        raise ConfigError(_cli_auth.NO_CREDENTIALS)
    return XMedia(credentials, base_url=base_url or None, config=config)


#: UploadConfig fields the CLI fills from its options: a refused value is named by its option.
_OPTION_OF_FIELD = {
    "request_timeout": "--request-timeout",
    "max_rate_limit_wait": "--max-wait",
    "chunk_size": "--chunk-size",
    "concurrency": "--concurrency",
}


def _make_config(**options: Any) -> UploadConfig:
    from ._config import UploadConfig
    from ._errors import ConfigError

    try:
        return UploadConfig(**options)
    except ConfigError as exc:
        message = str(exc)
        for name, option in _OPTION_OF_FIELD.items():
            if name in options and message.startswith(f"{name} "):
                raise ConfigError(option + message[len(name) :]) from None
        raise


# --- what to upload ----------------------------------------------------------------------------


@dataclass
class _Item:
    """One FILE argument: what the user typed, and what the library is given."""

    typed: str
    path: Path | None  # None for stdin
    stream: BinaryIO | None = None

    @property
    def label(self) -> str:
        return STDIN_LABEL if self.path is None else shown(self.path.name or self.typed)

    def source(self) -> Path | BinaryIO:
        if self.stream is not None:
            self.stream.seek(0)
            return self.stream
        assert self.path is not None
        return self.path


def _spool_stdin() -> BinaryIO:
    """Stdin as a seekable file: INIT needs the size, and the pre-flight reads it first."""
    stdin = sys.stdin.buffer
    if stdin.isatty():
        raise typer.BadParameter(
            "'-' reads the media from stdin, but stdin is a terminal; pipe or redirect a "
            "file into xmedia (xmedia upload - < clip.mp4)",
            param_hint="FILE",
        )
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the caller)
    # The library names a stream by its `name` in messages: "stdin: is empty", not "<stream>".
    spool.raw.name = STDIN_LABEL  # type: ignore[attr-defined]
    shutil.copyfileobj(stdin, spool, 1024 * 1024)
    spool.seek(0)
    return spool


def _items(files: Sequence[str]) -> list[_Item]:
    """``-`` is stdin; ``./-`` is a file named ``-``."""
    if sum(1 for typed in files if typed == STDIN_NAME) > 1:
        raise typer.BadParameter("'-' (stdin) can be given only once", param_hint="FILE")
    for typed in files:
        # Path() would read "" as "." and drop a trailing "/": say what was typed instead.
        if not typed:
            raise typer.BadParameter(
                "an empty file name; give a path, or '-' for stdin", param_hint="FILE"
            )
        if typed.endswith("/") and not os.path.isdir(typed):
            raise typer.BadParameter(
                f"{shown(typed)!r} ends with '/', which names a directory; drop the '/'",
                param_hint="FILE",
            )
    return [
        _Item(typed, None, _spool_stdin()) if typed == STDIN_NAME else _Item(typed, Path(typed))
        for typed in files
    ]


# --- commands ------------------------------------------------------------------------------


@app.command(epilog=_exit_code_epilog())
def upload(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Files to upload, one after another; '-' reads one from stdin.",
            show_default=False,
            metavar="FILE...",
        ),
    ],
    category: Annotated[
        MediaCategory | None,
        typer.Option(
            "--category",
            case_sensitive=False,
            help="Media category; default: chosen from the media type.",
            show_default=False,
        ),
    ] = None,
    media_type: Annotated[
        str | None,
        typer.Option(
            "--media-type",
            help="MIME type, e.g. video/mp4; default: sniffed from the file.",
            show_default=False,
        ),
    ] = None,
    alt_text: Annotated[
        str | None,
        typer.Option("--alt-text", help="Alt text for every file (at most 1000 characters)."),
    ] = None,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="Return after FINALIZE; do not wait for processing.")
    ] = False,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue an interrupted upload of the same file (journal)."),
    ] = False,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=64, help="Parallel APPEND requests.")
    ] = 4,
    chunk_size: Annotated[
        str | None,
        typer.Option(
            "--chunk-size",
            help="Bytes per APPEND: 4MiB, 512KiB, 1048576 … (at most 5MiB). "
            "Default: 4MiB, enlarged for files needing more than 1000 segments.",
            show_default=False,
        ),
    ] = None,
    json_output: JsonOption = False,
    base_url: BaseUrlOption = None,
    timeout: TimeoutOption = None,
    request_timeout: RequestTimeoutOption = None,
    max_wait: MaxWaitOption = None,
    progress: ProgressOption = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse a file that fails X's media constraints (see `xmedia inspect`) before "
            "anything is uploaded. Default: upload it and warn.",
        ),
    ] = False,
    no_inspect: Annotated[
        bool, typer.Option("--no-inspect", help="Do not check media against X's constraints.")
    ] = False,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Re-encode a file that fails X's media constraints (`xmedia fix`, to a "
            "temporary file) and upload the result.",
        ),
    ] = False,
) -> None:
    """Upload FILE… and print each media id and media key.

    Video, GIFs and images are first checked against X's media constraints (`xmedia inspect`):
    what fails is reported as a warning, the category the file fits is used, and a processing
    failure names the likely cause. --strict refuses such a file, --fix repairs it first.
    """
    forced_chunk_size = _chunk_size(chunk_size)

    def record_for_every_file(exc: BaseException, code: ExitCode) -> None:
        if json_output:
            for typed in files:
                PlainDisplay().emit(_json_line(_error_record(exc, typed, code)))

    with _errors_to_exit_codes(record=record_for_every_file):
        config_options: dict[str, Any] = {
            "concurrency": concurrency,
            **_network_options(request_timeout, max_wait),
        }
        if forced_chunk_size is not None:
            config_options.update(chunk_size=forced_chunk_size, chunk_size_forced=True)
        if timeout is not None:
            config_options["poll_deadline"] = timeout
        config_options["inspect"] = "off" if no_inspect else "strict" if strict else "advisory"
        config = _make_config(**config_options)
        client = _make_client(base_url, config)
    repairs = ExitStack()
    if fix and not no_inspect:
        from ._cli_media import fixed_sources

        files = repairs.enter_context(fixed_sources(files))
    items = _items(files)
    options: dict[str, Any] = {
        "media_category": category.value if category is not None else None,
        "media_type": media_type,
    }
    try:
        with client, open_display(enabled=_show_progress(progress)) as display:
            code = _upload_all(
                client,
                display,
                items,
                options,
                alt_text=alt_text,
                wait=not no_wait,
                resume=resume,
                json_output=json_output,
            )
    finally:
        for item in items:
            if item.stream is not None:
                item.stream.close()
        repairs.close()
    raise typer.Exit(int(code))


def _upload_all(
    client: XMedia,
    display: PlainDisplay,
    items: list[_Item],
    options: dict[str, Any],
    *,
    alt_text: str | None,
    wait: bool,
    resume: bool,
    json_output: bool,
) -> ExitCode:
    """Check every file, then upload them in order; exactly one result per file on stdout
    (with ``--json``), failures and files never attempted included."""
    from ._errors import PostUploadError

    def record_error(item: _Item, exc: BaseException, code: ExitCode, note: str = "") -> None:
        if json_output:
            display.emit(_json_line(_error_record(exc, item.typed, code, note)))

    def record_rest(rest: Sequence[_Item], reason: str, code: ExitCode) -> None:
        if json_output:
            for item in rest:
                display.emit(_json_line(_not_attempted_record(item.typed, reason, code)))

    # 1. Pre-flight: a bad file 40 is reported before files 1-39 are uploaded.
    failures: list[tuple[_Item, BaseException, ExitCode]] = []
    try:
        for item in items:
            try:
                client.check(item.source(), **options)
            except Exception as exc:
                if rule_for(exc).scope == "run":
                    raise
                failures.append((item, exc, _report_error(exc, display)))
    except BaseException as exc:  # interrupted, or a problem every file would have
        if type(exc) is SystemExit:
            raise
        code = _report_error(exc, display)
        record_rest(items, f"not uploaded: {user_message(exc)}", code)
        return code
    if failures:
        failed = {id(item): (error, code) for item, error, code in failures}
        first_code = failures[0][2]
        reason = (
            f"not uploaded: {len(failures)} of {len(items)} files failed the checks; "
            "fix or drop them and rerun"
        )
        for item in items:
            if id(item) in failed:
                record_error(item, *failed[id(item)])
            else:
                record_rest([item], reason, first_code)
        if len(items) > 1:
            display.say(f"xmedia: error: {reason}")
        return first_code

    # 2. Upload, one file after another.
    exit_code = ExitCode.OK
    for position, item in enumerate(items):
        if not resume and item.path is not None:
            note = _starting_over_note(client, item.path, item.label)
            if note is not None:
                display.say(note)
        tracker = display.track(item.label)
        try:
            media = client.upload(
                item.source(),
                alt_text=alt_text,
                wait=wait,
                resume=resume and item.path is not None,
                on_progress=tracker,
                **options,
            )
        except BaseException as exc:
            if type(exc) is SystemExit:
                raise
            tracker.failed(type(exc).__name__)
            if isinstance(exc, PostUploadError):
                # The media exists and is usable: print it like a result, with the warning.
                code = _report_error(exc, display)
                shown_as = item.typed if json_output or item.path is not None else STDIN_LABEL
                if json_output:
                    record = _media_record(exc.media, shown_as)
                    record["error"] = _error_record(exc, None, code)["error"]
                    display.emit(_json_line(record))
                else:
                    display.emit(_describe(exc.media, shown_as))
                exit_code = exit_code or code
                continue
            note = ""
            if item.path is not None and isinstance(exc, Exception | KeyboardInterrupt):
                note = _resume_note(client, item.path, user_message(exc))
            code = _report_error(exc, display, note)
            record_error(item, exc, code, note)
            exit_code = exit_code or code
            if rule_for(exc).scope == "run":
                record_rest(
                    items[position + 1 :],
                    f"not uploaded: the command stopped at {item.typed} (exit {int(code)})",
                    code,
                )
                break
            continue
        tracker.finished(media)
        try:
            shown_as = item.typed if json_output or item.path is not None else STDIN_LABEL
            display.emit(_result_line(media, shown_as, json_output))
        except BrokenPipeError:
            _silence_stdout()
            display.say(
                f"xmedia: error: stdout was closed before the result of {shown(item.typed)} "
                f"was written: it uploaded as media id {media.media_id}"
                f"{'' if position + 1 == len(items) else '; the files after it were not uploaded'}"
            )
            return exit_code or ExitCode.OUTPUT_CLOSED
    return exit_code


def _nothing_to_process(exc: BaseException) -> bool:
    """X answers STATUS of media it does not process (an image; media uploaded without a
    category) with a 400; the library tells that 400 apart (X's documentation: STATUS is only
    for media that reported processing_info)."""
    from ._errors import NothingToProcessError

    return isinstance(exc, NothingToProcessError)


def _status_or_wait(
    media_id: str,
    base_url: str | None,
    json_output: bool,
    run: Any,
    display: PlainDisplay,
    config_options: dict[str, Any],
) -> None:
    def record(exc: BaseException, code: ExitCode) -> None:
        if json_output:
            display.emit(_json_line({"media_id": media_id, **_error_record(exc, None, code)}))

    with (
        _errors_to_exit_codes(display, record=record),
        _make_client(base_url, _make_config(**config_options)) as client,
    ):
        try:
            media = run(client)
        except Exception as exc:
            if not _nothing_to_process(exc):
                raise
            message = (
                f"media {media_id} has nothing to process: X answered STATUS with HTTP 400, "
                "as it does for media it does not process (images, media uploaded without a "
                "category), which is ready as soon as FINALIZE returns"
            )
            if json_output:
                display.emit(
                    _json_line({"media_id": media_id, "processing": None, "note": message})
                )
            else:
                display.emit(message)
            return
        display.emit(_result_line(media, None, json_output))


@app.command(epilog=_exit_code_epilog())
def status(
    media_id: MediaIdArgument,
    json_output: JsonOption = False,
    base_url: BaseUrlOption = None,
    request_timeout: RequestTimeoutOption = None,
    max_wait: MaxWaitOption = None,
) -> None:
    """Show the processing status of media ID (one STATUS request)."""
    _status_or_wait(
        media_id,
        base_url,
        json_output,
        lambda client: client.status(media_id),
        PlainDisplay(),
        _network_options(request_timeout, max_wait),
    )


@app.command(epilog=_exit_code_epilog())
def wait(
    media_id: MediaIdArgument,
    timeout: TimeoutOption = None,
    json_output: JsonOption = False,
    base_url: BaseUrlOption = None,
    request_timeout: RequestTimeoutOption = None,
    max_wait: MaxWaitOption = None,
    progress: ProgressOption = None,
) -> None:
    """Wait until media ID has finished processing; exit 7 if it failed, 8 on timeout."""
    with open_display(enabled=_show_progress(progress)) as display:
        tracker = display.track(f"media {media_id}", phase="processing")

        def run(client: XMedia) -> UploadedMedia:
            try:
                media = client.wait(media_id, timeout=timeout, on_progress=tracker)
            except BaseException as exc:
                tracker.failed(type(exc).__name__)
                raise
            tracker.finished(media)
            return media

        _status_or_wait(
            media_id,
            base_url,
            json_output,
            run,
            display,
            _network_options(request_timeout, max_wait),
        )


@app.command("alt-text", epilog=_exit_code_epilog())
def alt_text_command(
    media_id: MediaIdArgument,
    text: Annotated[
        str, typer.Argument(help="The alt text (at most 1000 characters).", show_default=False)
    ],
    json_output: JsonOption = False,
    base_url: BaseUrlOption = None,
    request_timeout: RequestTimeoutOption = None,
    max_wait: MaxWaitOption = None,
) -> None:
    """Set the alt text of media ID: redo that step alone after an upload warned it failed."""

    def record(exc: BaseException, code: ExitCode) -> None:
        if json_output:
            PlainDisplay().emit(
                _json_line({"media_id": media_id, **_error_record(exc, None, code)})
            )

    options = _network_options(request_timeout, max_wait)
    with (
        _errors_to_exit_codes(record=record),
        _make_client(base_url, _make_config(**options)) as client,
    ):
        client.set_alt_text(media_id, text)
        if json_output:
            PlainDisplay().emit(_json_line({"media_id": media_id, "alt_text": text}))
        else:
            PlainDisplay().emit(redact(f"media {media_id}: alt text set"))


journal_app = typer.Typer(
    name="journal",
    help="Resume journals (one per interrupted or finished upload): list them, remove stale ones.",
    no_args_is_help=True,
)
app.add_typer(journal_app)


def _journal_record(info: Any) -> dict[str, Any]:
    return {
        "file": str(info.file),
        "source_path": info.source_path,
        "media_id": info.media_id,
        "media_key": info.media_key,
        "state": info.state,
        "segments_acked": info.segments_acked,
        "segments_total": info.segments_total,
        "expires_at": info.expires_at,
        "locked": info.locked,
        "usable": info.usable,
        "reason": info.reason,
    }


def _journal_line(info: Any) -> str:
    from datetime import UTC, datetime

    what = {
        "uploading": f"{info.segments_acked}/{info.segments_total} segments sent",
        "finalized": "uploaded, processing",
        "finished": "finished",
    }.get(info.state, info.state)
    expiry = ""
    if info.expires_at is not None:
        when = datetime.fromtimestamp(info.expires_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
        expiry = f", expires {when}"
    flags = [flag for flag, on in (("in use", info.locked), ("not usable", not info.usable)) if on]
    extra = f" [{', '.join(flags)}{': ' + info.reason if info.reason else ''}]" if flags else ""
    source = shown(info.source_path or "?")
    return f"{source}: media {info.media_id or '?'}, {what}{expiry}{extra}"


@journal_app.command("list")
def journal_list(json_output: JsonOption = False) -> None:
    """List resume journals: file, media id, state, segments, expiry."""
    with _errors_to_exit_codes():
        from .journals import list_journals

        infos = list_journals()
    display = PlainDisplay()
    for info in infos:
        display.emit(_json_line(_journal_record(info)) if json_output else _journal_line(info))
    if not infos and not json_output:
        display.say("xmedia: no resume journals")


@journal_app.command("clean")
def journal_clean(
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also remove usable journals (those uploads then start over); journals a "
            "running upload holds are always kept.",
        ),
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Remove journals no resume can use (expired media, unreadable files)."""
    with _errors_to_exit_codes():
        from .journals import clean_journals

        removed = clean_journals(everything=everything)
    display = PlainDisplay()
    for info in removed:
        display.emit(_json_line(_journal_record(info)) if json_output else _journal_line(info))
    display.say(f"xmedia: removed {len(removed)} journal{'s' if len(removed) != 1 else ''}")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    epilog="Exit codes are pytest's: 0 every check passed, 1 a check failed, "
    "2 interrupted, 4 usage error (a bad or silent --target), 5 nothing collected.",
)
def contract(
    ctx: typer.Context,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            help="Base URL of the server to check. Default: the bundled mock, in process.",
            show_default=False,
        ),
    ] = None,
    junit_xml: Annotated[
        Path | None,
        typer.Option("--junit-xml", help="Write a JUnit XML report here.", show_default=False),
    ] = None,
    examples: Annotated[
        int | None,
        typer.Option(
            "--examples", min=1, help="Hypothesis examples per operation.", show_default="25"
        ),
    ] = None,
    allow_writes: Annotated[
        bool,
        typer.Option("--allow-writes", help="With --target, also send uploads and deletions."),
    ] = False,
    from_har: Annotated[
        Path | None,
        typer.Option(
            "--from-har",
            metavar="FILE",
            help="Check the exchanges recorded in a HAR file (browser devtools, mitmproxy) "
            "against the spec and the checks, offline; secrets are redacted from the report.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run the contract suite against --target (or the bundled mock); extra args go to pytest."""
    try:
        import xmedia_contract
    except ImportError:
        PlainDisplay().say(
            "xmedia: error: the contract suite is not installed; "
            "install the extra: pip install 'xmedia[contract]'"
        )
        raise typer.Exit(int(ExitCode.USAGE)) from None
    if from_har is not None:
        if target or allow_writes or examples is not None or junit_xml or ctx.args:
            sys.stderr.write(
                "xmedia: error: --from-har checks a recording and sends nothing; "
                "drop --target, --allow-writes, --examples, --junit-xml and pytest arguments\n"
            )
            raise typer.Exit(int(ExitCode.USAGE))
        from xmedia_contract.har import run_har

        raise typer.Exit(run_har(from_har, out=sys.stdout))
    options: dict[str, Any] = {
        "junit_xml": str(junit_xml) if junit_xml is not None else None,
        "examples": examples,
        "extra_args": list(ctx.args),
    }
    if allow_writes:
        options["allow_writes"] = True
    with _errors_to_exit_codes():
        code = xmedia_contract.run(target, **options)
    raise typer.Exit(int(code))


# `xmedia inspect` and `xmedia fix` (PyAV and Pillow are imported only when they run).
_register_media_commands(app)
# `xmedia login`, `logout`, `auth status` (authlib is imported only when they run).
_cli_auth.register(app, epilog=_exit_code_epilog())
_register_operation_commands(app, epilog=_exit_code_epilog())


def _version_callback(value: bool) -> None:
    if value:
        from . import __version__

        print(f"xmedia {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    pass


# --- the process -------------------------------------------------------------------------------


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def prepare_process() -> None:
    """Process-wide settings of the ``xmedia`` command (never of the library).

    * httpx imports its own command line (click, rich, pygments: a third of a second) whenever
      those happen to be installed; ``None`` in ``sys.modules`` makes that import fail fast,
      which httpx handles (its ``main`` then only says the extra is missing).
    * Output that the terminal cannot encode (an ASCII-only locale, a file name that is not
      valid UTF-8) is escaped instead of crashing after the upload.
    * SIGTERM ends the command the way Ctrl-C does (journal kept, media id reported), with
      the shell's code for it (143).
    """
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
    with suppress(ValueError):  # not the main thread (embedded use)
        signal.signal(signal.SIGTERM, _on_sigterm)


def _name_of(info: Any) -> str:
    name = info.name if isinstance(info.name, str) else None
    if name is None and getattr(info, "typer_instance", None) is not None:
        name = info.typer_instance.info.name
        name = name if isinstance(name, str) else None
    if name is None and info.callback is not None:
        name = info.callback.__name__
    return (name or "").lower().replace("_", "-")


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app with only the command that ``args`` name, when they name one.

    Typer turns every registered command into a click command on every run, inspecting each
    signature (about a tenth of a small upload's start-up) though only one runs. The root has
    no options that take a value, so the first argument names the command; anything else (no
    command, an option, a misspelt name, shell completion) gets the whole app and its messages.
    """
    if not args or args[0].startswith("-") or os.environ.get("_XMEDIA_COMPLETE"):
        return app
    commands = [info for info in app.registered_commands if _name_of(info) == args[0]]
    groups = [info for info in app.registered_groups if _name_of(info) == args[0]]
    if len(commands) + len(groups) != 1:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = commands
    narrowed.registered_groups = groups
    return narrowed


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point (``xmedia``)."""
    prepare_process()
    args = sys.argv[1:] if argv is None else list(argv)
    app_for(args)(args=args, prog_name="xmedia")
    sys.exit(0)  # pragma: no cover - app() always exits in standalone mode


if __name__ == "__main__":  # python -m xmedia.cli
    main()
