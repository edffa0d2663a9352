"""The ``xmedia`` command: upload media to X with a progress bar, check and wait on processing.

Results go to stdout (one line, or one JSON object with ``--json``, per file); progress bars and
error messages go to stderr. Every error ends in one line and a documented exit code (see
``_cli_errors``); no traceback unless ``XMEDIA_DEBUG=1``.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import click
import typer
from rich.console import Console

from . import _cli_auth
from ._cli_errors import EXIT_CODE_MEANINGS, ExitCode, redact, rule_for, user_message
from ._cli_media import register as _register_media_commands
from ._cli_progress import ProgressDisplay
from ._cli_sizes import format_size, parse_size
from ._config import UploadConfig
from ._models import UploadedMedia
from ._sync import XMedia

__all__ = ["app", "main"]

DEBUG_ENV_VAR = "XMEDIA_DEBUG"


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
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Results on stdout (plain print), everything for humans (progress, errors) on stderr.
_stderr = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


# --- shared options ----------------------------------------------------------------------------

BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        envvar="X_API_BASE_URL",
        help="API base URL; https required except to 127.0.0.1/localhost.",
        show_default="https://api.x.com",
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON object per result on stdout, nothing else.")
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


def _chunk_size(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return parse_size(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


# --- output ------------------------------------------------------------------------------------


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _media_record(media: UploadedMedia, source: str | None) -> dict[str, Any]:
    record: dict[str, Any] = {"file": source} if source is not None else {}
    record.update(asdict(media))
    record["warnings"] = [str(warning) for warning in media.warnings]
    record["ready"] = media.ready
    return record


def _json_line(record: dict[str, Any]) -> str:
    return redact(json.dumps(record, default=_json_default, ensure_ascii=False))


def _write_stdout(line: str) -> None:
    # print(), not rich: results must reach stdout byte for byte, without markup or wrapping.
    print(line, flush=True)


def _describe(media: UploadedMedia, source: str | None) -> str:
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
    prefix = f"{source}: " if source is not None else ""
    return redact(prefix + ", ".join(parts))


def _report_error(exc: BaseException, *, note: str = "") -> ExitCode:
    """Print the one-line message for `exc` (plus `note`) to stderr; return its exit code."""
    rule = rule_for(exc)
    if isinstance(exc, BrokenPipeError):
        # Nothing more can reach the closed pipe; stop Python's own flush at exit from failing.
        with suppress(OSError, ValueError):  # stdout may have no file descriptor (tests)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    _stderr.print(f"xmedia: error: {user_message(exc)}{note}", markup=False)
    if rule.exit_code == ExitCode.UNEXPECTED and os.environ.get(DEBUG_ENV_VAR):
        _stderr.print(redact("".join(traceback.format_exception(exc))), markup=False)
    return rule.exit_code


def _show_progress(requested: bool | None) -> bool:
    return _stderr.is_terminal if requested is None else requested


@contextmanager
def _errors_to_exit_codes() -> Iterator[None]:
    """Turn any error raised outside the per-file loop into its message and exit code."""
    try:
        yield
    except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
        raise
    except BaseException as exc:  # every error must end as one line and a documented code
        raise typer.Exit(int(_report_error(exc))) from None


RESUME_NOTE = "; the upload is kept: rerun with --resume to continue it, not start over"


def _resume_note(client: XMedia, path: Path, message: str) -> str:
    """RESUME_NOTE when the failed upload left a live resume journal and the message lacks it."""
    if "--resume" in message:
        return ""
    try:
        return RESUME_NOTE if _journal_left(client, path) else ""
    except Exception:  # a hint must never hide the error it is attached to
        return ""


def _journal_left(client: XMedia, path: Path) -> bool:
    return client.resumable(path) is not None


def _make_client(base_url: str | None, config: UploadConfig | None = None) -> XMedia:
    # Credentials: the environment first, then the login stored by `xmedia login`.
    return XMedia(_cli_auth.credentials_for(base_url), base_url=base_url or None, config=config)


# --- commands ------------------------------------------------------------------------------


@app.command(epilog=_exit_code_epilog())
def upload(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Files to upload, one after another.", show_default=False, metavar="FILE..."
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
    progress: ProgressOption = None,
) -> None:
    """Upload FILE… and print each media id and media key."""
    forced_chunk_size = _chunk_size(chunk_size)
    with _errors_to_exit_codes():
        config_options: dict[str, Any] = {"concurrency": concurrency}
        if forced_chunk_size is not None:
            config_options.update(chunk_size=forced_chunk_size, chunk_size_forced=True)
        if timeout is not None:
            config_options["poll_deadline"] = timeout
        config = UploadConfig(**config_options)
        client = _make_client(base_url, config)
    exit_code = ExitCode.OK
    with (
        client,
        _errors_to_exit_codes(),
        ProgressDisplay(_stderr, enabled=_show_progress(progress)) as display,
    ):
        for path in files:
            tracker = display.track(path.name)
            try:
                media = client.upload(
                    path,
                    media_category=category.value if category is not None else None,
                    media_type=media_type,
                    alt_text=alt_text,
                    wait=not no_wait,
                    resume=resume,
                    on_progress=tracker,
                )
            except Exception as exc:
                tracker.failed(type(exc).__name__)
                note = _resume_note(client, path, user_message(exc))
                code = _report_error(exc, note=note)
                if json_output:
                    display.emit(_json_line(_error_record(exc, str(path), code, note)))
                exit_code = exit_code or code
                if rule_for(exc).scope == "run":
                    break
                continue
            tracker.finished(media)
            display.emit(_result_line(media, str(path), json_output))
    raise typer.Exit(int(exit_code))


def _error_record(
    exc: BaseException, source: str | None, code: ExitCode, note: str = ""
) -> dict[str, Any]:
    record: dict[str, Any] = {"file": source} if source is not None else {}
    record["error"] = {
        "type": type(exc).__name__,
        "message": user_message(exc) + note,
        "exit_code": int(code),
    }
    return record


def _result_line(media: UploadedMedia, source: str | None, json_output: bool) -> str:
    return _json_line(_media_record(media, source)) if json_output else _describe(media, source)


@app.command(epilog=_exit_code_epilog())
def status(
    media_id: Annotated[str, typer.Argument(metavar="ID", help="The media id.")],
    json_output: JsonOption = False,
    base_url: BaseUrlOption = None,
) -> None:
    """Show the processing status of media ID (one STATUS request)."""
    with _errors_to_exit_codes(), _make_client(base_url) as client:
        media = client.status(media_id)
        _write_stdout(_result_line(media, None, json_output))


@app.command(epilog=_exit_code_epilog())
def wait(
    media_id: Annotated[str, typer.Argument(metavar="ID", help="The media id.")],
    timeout: TimeoutOption = None,
    json_output: JsonOption = False,
    base_url: BaseUrlOption = None,
    progress: ProgressOption = None,
) -> None:
    """Wait until media ID has finished processing; exit 7 if it failed, 8 on timeout."""
    with _errors_to_exit_codes(), _make_client(base_url) as client:
        with ProgressDisplay(_stderr, enabled=_show_progress(progress)) as display:
            tracker = display.track(f"media {media_id}", phase="processing")
            media = client.wait(media_id, timeout=timeout, on_progress=tracker)
            tracker.finished(media)
        _write_stdout(_result_line(media, None, json_output))


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    epilog="Exit codes are pytest's: 0 every check passed, 1 a check failed, "
    "2 interrupted or usage error, 5 nothing collected.",
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
) -> None:
    """Run the contract suite against --target (or the bundled mock); extra args go to pytest."""
    try:
        import xmedia_contract
    except ImportError:
        _stderr.print(
            "xmedia: error: the contract suite is not installed; "
            "install the extra: pip install 'xmedia[contract]'",
            markup=False,
        )
        raise typer.Exit(int(ExitCode.USAGE)) from None
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


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point (``xmedia``)."""
    app(args=argv, prog_name="xmedia")
    sys.exit(0)  # pragma: no cover - app() always exits in standalone mode


if __name__ == "__main__":  # python -m xmedia.cli
    main()
