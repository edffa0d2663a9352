"""``xmedia lookup``, ``xmedia analytics`` and ``xmedia subtitles add|remove``: the media
operations besides upload, each a thin layer over the library method of the same name.

Registered on the main app by ``register(app)`` once cli.py has defined its shared options and
helpers (errors → exit codes, JSON lines, the client); rich and the client load inside the
commands, so registering costs ``xmedia --version`` nothing.

Exit codes are the table's (``_cli_errors``): 0 done; 2 a bad argument (a media id where a key
is expected, an empty or reversed time range, over 100 keys); 4 credentials; 5 rejected by X —
including "not found": ``lookup`` and ``analytics`` exit 5 when any requested key came back
without a result, after printing the results they did get; 6 network or server.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from ._analytics import MediaAnalytics
    from ._models import MediaInfo

__all__ = ["register"]


def _cli() -> ModuleType:
    from . import cli

    return cli


def _emit_table(table: Any) -> None:
    from rich.console import Console

    console = Console(highlight=False, emoji=False)
    if not console.is_terminal:
        console = Console(highlight=False, emoji=False, width=120, color_system=None)
    console.print(table)


def _missing_exit(missing: list[str], problems: list[str]) -> None:
    """Results were printed; keys without one are named on stderr and end in exit 5."""
    from ._cli_errors import ExitCode, redact
    from ._cli_progress import PlainDisplay

    say = PlainDisplay().say
    for key, problem in zip(missing, problems + [""] * len(missing), strict=False):
        say(redact(f"xmedia: error: not found: {key}" + (f" — {problem}" if problem else "")))
    raise typer.Exit(int(ExitCode.REJECTED))


def lookup(
    media_keys: Annotated[
        list[str], typer.Argument(metavar="KEY…", help="1-100 media keys (e.g. 7_1880…).")
    ],
    json_output: Annotated[bool, typer.Option("--json", help="One JSON object per media.")] = False,
    base_url: Annotated[str | None, typer.Option("--base-url", envvar="X_API_BASE_URL")] = None,
) -> None:
    """Show the media objects for media KEY… (type, size, duration, URLs, alt text)."""
    cli = _cli()
    with cli._errors_to_exit_codes(), cli._make_client(base_url) as client:
        one = len(media_keys) == 1
        found = [client.get(media_keys[0])] if one else client.lookup(media_keys)
        _print_media(found, json_output)
        seen = {info.media_key for info in found}
        missing = [key for key in dict.fromkeys(media_keys) if key not in seen]
    if missing:
        _missing_exit(missing, [])


def _print_media(found: list[MediaInfo], json_output: bool) -> None:
    from dataclasses import asdict

    from ._cli_progress import PlainDisplay

    cli = _cli()
    if json_output:
        for info in found:
            record = {k: v for k, v in asdict(info).items() if k != "raw"}
            PlainDisplay().emit(cli._json_line(record))
        return
    from rich.table import Table

    table = Table("media key", "type", "size", "duration", "alt text", "url")
    for info in found:
        size = f"{info.width}x{info.height}" if info.width and info.height else ""
        duration = f"{info.duration_ms / 1000:g} s" if info.duration_ms else ""
        url = info.url or info.preview_image_url or ""
        table.add_row(info.media_key, info.type or "", size, duration, info.alt_text or "", url)
    _emit_table(table)


def analytics(
    media_keys: Annotated[
        list[str], typer.Argument(metavar="KEY…", help="1-100 media keys of your own media.")
    ],
    start: Annotated[
        str,
        typer.Option(
            "--start", metavar="TIME", help="ISO 8601 date or date-time (a date is 00:00 UTC)."
        ),
    ],
    end: Annotated[
        str,
        typer.Option("--end", metavar="TIME", help="ISO 8601 date or date-time, after --start."),
    ],
    granularity: Annotated[
        str,
        typer.Option(
            "--granularity",
            metavar="hourly|daily|total",
            help="One row per hour, per day, or one for the whole range.",
        ),
    ] = "daily",
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON object per media key and bucket.")
    ] = False,
    base_url: Annotated[str | None, typer.Option("--base-url", envvar="X_API_BASE_URL")] = None,
) -> None:
    """Views and playback counters of your media KEY… between --start and --end."""
    cli = _cli()
    with cli._errors_to_exit_codes(), cli._make_client(base_url) as client:
        result = client.analytics(media_keys, start, end, granularity)
        _print_analytics(result, json_output)
    if result.missing:
        _missing_exit(list(result.missing), [str(p) for p in result.problems])


def _print_analytics(result: MediaAnalytics, json_output: bool) -> None:
    from ._analytics import ANALYTICS_METRICS
    from ._cli_progress import PlainDisplay

    cli = _cli()
    if json_output:
        for row in result:
            record = {"media_key": row.media_key, "timestamp": row.timestamp, **row.metrics()}
            PlainDisplay().emit(cli._json_line(record))
        return
    from rich.table import Table

    table = Table(
        "media key", "from (UTC)", *(_SHORT.get(name, name) for name in ANALYTICS_METRICS)
    )
    table.columns[0].no_wrap = table.columns[1].no_wrap = True
    for row in result:
        when = row.timestamp.strftime("%Y-%m-%d %H:%M") if row.timestamp else ""
        counters = ("" if v is None else f"{v:,}" for v in row.metrics().values())
        table.add_row(row.media_key, when, *counters)
    _emit_table(table)


#: Column titles short enough for the whole funnel to fit a terminal.
_SHORT = {
    "video_views": "views",
    "playback_start": "starts",
    "playback25": "25%",
    "playback50": "50%",
    "playback75": "75%",
    "playback_complete": "done",
    "play_from_tap": "taps",
    "cta_url_clicks": "url clicks",
    "cta_watch_clicks": "watch clicks",
    "watch_time_ms": "watch ms",
}

subtitles_app = typer.Typer(
    name="subtitles",
    help="Attach an uploaded subtitles file (SRT/VTT) to a video, or remove one language.",
    no_args_is_help=True,
)


@subtitles_app.command("add")
def subtitles_add(
    media_id: Annotated[str, typer.Argument(metavar="VIDEO_ID", help="The video's media id.")],
    subtitles_id: Annotated[
        str,
        typer.Argument(
            metavar="SUBTITLES_ID",
            help="Media id of the subtitles file (`xmedia upload subs.srt` gives it).",
        ),
    ],
    language: Annotated[
        str,
        typer.Option(
            "--language",
            metavar="CODE",
            help="Two-letter language code, e.g. EN (X wants capitals).",
        ),
    ],
    display_name: Annotated[
        str | None, typer.Option("--display-name", help="Name shown to viewers, e.g. English.")
    ] = None,
    base_url: Annotated[str | None, typer.Option("--base-url", envvar="X_API_BASE_URL")] = None,
) -> None:
    """Attach subtitles SUBTITLES_ID to video VIDEO_ID in one language."""
    from ._cli_progress import PlainDisplay

    cli = _cli()
    video, subtitles = cli._check_media_id(media_id), cli._check_media_id(subtitles_id)
    language = language.upper()
    with cli._errors_to_exit_codes(), cli._make_client(base_url) as client:
        client.create_subtitles(
            video,
            subtitles_media_id=subtitles,
            language_code=language,
            display_name=display_name,
        )
    PlainDisplay().emit(f"media {video}: subtitles {subtitles} added ({language})")


@subtitles_app.command("remove")
def subtitles_remove(
    media_id: Annotated[str, typer.Argument(metavar="VIDEO_ID", help="The video's media id.")],
    language: Annotated[
        str, typer.Option("--language", metavar="CODE", help="The language to remove, e.g. EN.")
    ],
    base_url: Annotated[str | None, typer.Option("--base-url", envvar="X_API_BASE_URL")] = None,
) -> None:
    """Remove the subtitles of one language from video VIDEO_ID."""
    from ._cli_progress import PlainDisplay

    cli = _cli()
    video = cli._check_media_id(media_id)
    language = language.upper()
    with cli._errors_to_exit_codes(), cli._make_client(base_url) as client:
        client.delete_subtitles(video, language_code=language)
    PlainDisplay().emit(f"media {video}: subtitles ({language}) removed")


def register(app: typer.Typer, epilog: str | None = None) -> None:
    app.command(epilog=epilog)(lookup)
    app.command(epilog=epilog)(analytics)
    app.add_typer(subtitles_app)
