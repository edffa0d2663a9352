"""``xmedia inspect`` and ``xmedia fix``: check media against X's constraints, and repair it.

Registered on the main app by ``register(app)``. PyAV, Pillow and the inspection modules are
imported
inside the commands, so registering them costs ``xmedia --version`` nothing.

Exit codes come from ``_cli_errors``: ``inspect`` exits 3 (input) when a file fails a constraint or
cannot be read, 0 otherwise (warnings included); ``fix`` exits 2 for a bad output path or a missing
``media`` extra, 3 when the input cannot be repaired.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._cli_errors import ExitCode, redact, rule_for, shown, user_message

if TYPE_CHECKING:
    from rich.console import Console
    from xmedia_limits.media_checks import MediaReport

    from ._fix import FixResult

__all__ = ["register", "render_report", "report_heading"]

_STATUS_STYLE = {"pass": "green", "unchecked": "yellow", "warn": "yellow", "fail": "bold red"}


@functools.cache
def _stderr() -> Console:
    # Built on first use: rich is not imported when another command runs (start-up time).
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def _stdout_console() -> Console:
    from rich.console import Console

    # A terminal gets its own width; a pipe or file a fixed, readable one (rich would use 80).
    console = Console(highlight=False, emoji=False)
    if not console.is_terminal:
        console = Console(highlight=False, emoji=False, width=110, color_system=None)
    return console


def _format_size(size: int) -> str:
    from ._cli_sizes import format_size

    return format_size(size)


def report_heading(report: MediaReport) -> Any:
    """One line: the file, what it is, the verdict and the categories it fits."""
    from rich.text import Text

    verdict = report.verdict.value
    fits = ", ".join(report.categories) if report.categories else "no category"
    kind = report.media_type or report.kind
    heading = Text(f"{shown(report.path)} — {kind}, {_format_size(report.size)}: ")
    heading.append(verdict.upper(), style=_STATUS_STYLE[verdict])
    heading.append(f" · fits {fits}")
    return heading


def render_report(report: MediaReport) -> Any:
    """A rich Table of one file's checks: property, value, result and the reason."""
    from rich.table import Table

    table = Table(expand=False)
    table.add_column("property", no_wrap=True)
    table.add_column("value")
    table.add_column("result", no_wrap=True)
    table.add_column("reason (X's constraint)")
    for check in report.checks:
        style = _STATUS_STYLE[check.status.value]
        table.add_row(check.name, check.value, f"[{style}]{check.status.value}[/]", check.reason)
    return table


def _emit_json(record: dict[str, Any]) -> None:
    print(redact(json.dumps(record, ensure_ascii=False)), flush=True)


def _report_error(exc: BaseException, source: str, json_output: bool) -> ExitCode:
    code = rule_for(exc).exit_code
    message = user_message(exc)
    _stderr().print(f"xmedia: error: {shown(message, newlines=True)}", markup=False)
    if json_output:
        error = {"type": type(exc).__name__, "message": message, "exit_code": int(code)}
        _emit_json({"file": source, "error": error})
    return code


def inspect_command(
    files: Annotated[
        list[Path],
        # readable=False: the inspection reports an unreadable file as one (click would stop all).
        typer.Argument(
            help="Media files to check.", show_default=False, metavar="FILE...", readable=False
        ),
    ],
    media_type: Annotated[
        str | None,
        typer.Option(
            "--media-type", help="MIME type; default: sniffed from the file.", show_default=False
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per file on stdout, nothing else.")
    ] = False,
) -> None:
    """Check FILE… against X's media constraints (headers and packets only, no upload).

    Each property is pass / warn / fail / unchecked with the reason, followed by the media
    categories
    the file fits. Exit 3 when any file fails a constraint or cannot be read.
    """
    from ._inspect import inspect, media_tools_missing

    console = None if json_output else _stdout_console()
    exit_code = ExitCode.OK
    missing = media_tools_missing()
    if missing and not json_output:
        _stderr().print(
            f"xmedia: warning: {' and '.join(missing)} not installed: some properties are not "
            "checked; install them with pip install 'xmedia[media]'",
            markup=False,
        )
    for path in files:
        try:
            report = inspect(path, media_type=media_type)
        except Exception as exc:
            code = _report_error(exc, str(path), json_output)
            exit_code = exit_code or code
            if rule_for(exc).scope == "run":
                break
            continue
        if json_output:
            _emit_json(report.to_dict())
        else:
            assert console is not None
            console.print(report_heading(report), soft_wrap=True)
            console.print(render_report(report))
            cause = report.most_likely_cause()
            if report.fixable:
                console.print(
                    f"  repair it: xmedia fix {shown(str(path))}", markup=False, soft_wrap=True
                )
            elif cause is not None and not report.ok:
                console.print(f"  cannot be repaired by re-encoding: {cause.reason}", markup=False)
        if not report.ok:
            exit_code = exit_code or ExitCode.INPUT
    raise typer.Exit(int(exit_code))


def _fix_record(result: FixResult) -> dict[str, Any]:
    return {
        "file": result.source,
        "output": result.output,
        "copied": result.copied,
        "actions": list(result.actions),
        "frames": result.frames,
        "seconds": round(result.seconds, 3),
        "before": result.before.to_dict(),
        "after": result.after.to_dict(),
    }


def fix_command(
    file: Annotated[
        Path, typer.Argument(help="The media file to repair.", metavar="FILE", readable=False)
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write the result (never the input). Default: beside FILE, "
            "NAME.fixed.mp4 (an image: NAME.fixed.jpg or .png).",
            show_default=False,
        ),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace OUTPUT if it exists.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Re-encode even a file that already passes.")
    ] = False,
    crf: Annotated[
        int, typer.Option("--crf", min=0, max=51, help="libx264 quality (lower is better, larger).")
    ] = 20,
    preset: Annotated[
        str, typer.Option("--preset", help="libx264 speed preset (ultrafast … veryslow).")
    ] = "veryfast",
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object on stdout, nothing else.")
    ] = False,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Show a progress bar on stderr. Default: only when stderr is a terminal.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Re-encode FILE into the form X recommends and check the result with inspect.

    Video (and a GIF over X's GIF limits) becomes an MP4: H.264 High, yuv420p, closed GOP,
    progressive, at most 60 fps, scaled into 1280x1024 keeping the aspect ratio, AAC-LC audio,
    faststart. Images become JPEG/PNG under 5 MiB. A file that already passes is copied.
    """
    from ._fix import fix

    show = _stderr().is_terminal if progress is None else progress
    try:
        with _FixProgress(file.name, enabled=show) as bar:
            result = fix(
                file,
                output,
                overwrite=overwrite,
                force=force,
                crf=crf,
                preset=preset,
                on_progress=bar.update,
            )
    except BaseException as exc:
        if isinstance(exc, typer.Exit | SystemExit):
            raise
        raise typer.Exit(int(_report_error(exc, str(file), json_output))) from None
    if json_output:
        _emit_json(_fix_record(result))
    else:
        done = "copied (already passes)" if result.copied else "; ".join(result.actions)
        fits = ", ".join(result.after.categories) or "no category"
        print(
            redact(
                f"{shown(str(result.source))} -> {shown(str(result.output))}: {done}; "
                f"inspect: {result.after.verdict.value}, fits {fits}"
            ),
            flush=True,
        )
    raise typer.Exit(int(ExitCode.OK))


class _FixProgress:
    """A rich bar of media seconds written (stderr); a no-op when disabled."""

    def __init__(self, name: str, *, enabled: bool) -> None:
        self.name = name
        self.enabled = enabled
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _FixProgress:
        if self.enabled:
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed:.1f} s of media"),
                TimeRemainingColumn(),
                console=_stderr(),
                transient=False,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task(f"fix {self.name}", total=None)
        return self

    def update(self, done: float, total: float | None) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=done, total=total)

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(None, None, None)


def register(app: typer.Typer) -> None:
    """Add ``inspect`` and ``fix`` to the ``xmedia`` command."""
    from ._cli_errors import EXIT_CODE_MEANINGS

    rows = "\n".join(f"{int(code):>3}  {meaning}" for code, meaning in EXIT_CODE_MEANINGS.items())
    epilog = f"Exit codes:\n\n\b\n{rows}"
    app.command("inspect", epilog=epilog)(inspect_command)
    app.command("fix", epilog=epilog)(fix_command)


@contextmanager
def fixed_sources(files: list[str]) -> Iterator[list[str]]:
    """``upload --fix``: each file failing X's constraints replaced by a repaired temporary copy.

    A file that passes, cannot be read, or cannot be repaired is kept as given (the upload's own
    checks then report it). The repaired copies are deleted when the block ends.
    """
    import tempfile

    from ._fix import fix
    from ._inspect import inspect

    with tempfile.TemporaryDirectory(prefix="xmedia-fix-") as work:
        chosen = []
        for number, typed in enumerate(files):
            chosen.append(typed)
            if typed == "-" or not Path(typed).is_file():
                continue
            try:
                report = inspect(typed)
                if report.ok or not report.fixable:
                    continue
                result = fix(typed, Path(work) / f"{number}-{_fixed_name(report)}")
            except Exception as exc:  # the upload's own checks report a file fix cannot take
                message = shown(user_message(exc), newlines=True)
                _stderr().print(f"xmedia: warning: not fixed: {message}", markup=False)
                continue
            _stderr().print(
                f"xmedia: fixed {shown(typed)} for upload: {'; '.join(result.actions)}",
                markup=False,
            )
            chosen[-1] = result.output
        yield chosen


def _fixed_name(report: MediaReport) -> str:
    stem = Path(report.path).stem
    return f"{stem}.jpg" if report.kind == "image" else f"{stem}.mp4"
