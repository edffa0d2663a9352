"""What the CLI shows while it works: result lines on stdout, notices and progress on stderr.

``PlainDisplay`` (no bars) needs nothing beyond the standard library, so a command whose stderr
is not a terminal never imports rich; ``open_display(enabled=True)`` returns the rich one
(``_cli_bars.BarDisplay``). Both announce retries and rate-limit waits on stderr, so a long
silent pause always has a line saying why.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._models import ProgressEvent, UploadedMedia

__all__ = ["PlainDisplay", "Tracker", "announcement", "open_display"]

#: Operation names as users know them from X's documentation.
_OPERATIONS = {
    "initialize": "INIT",
    "append": "APPEND",
    "finalize": "FINALIZE",
    "status": "STATUS",
    "metadata": "alt text",
    "subtitles": "subtitles",
}


def _operation(event: Any) -> str:
    name = getattr(event, "operation", None) or "request"
    return _OPERATIONS.get(str(name), str(name))


def announcement(label: str, event: ProgressEvent) -> str | None:
    """The stderr line for a retry or rate-limit wait, or None for ordinary progress."""
    phase = str(event.phase)
    wait = getattr(event, "wait_seconds", None)
    waiting = f"{wait:.1f} s" if isinstance(wait, int | float) else "a moment"
    if phase == "retry":
        attempt = getattr(event, "attempt", None)
        reason = getattr(event, "reason", None)
        because = f" ({reason})" if reason else ""
        nth = f", attempt {attempt + 1}" if isinstance(attempt, int) else ""
        return f"xmedia: {label}: {_operation(event)} failed{because}; retrying in {waiting}{nth}"
    if phase == "rate_limit":
        reset_at = getattr(event, "reset_at", None)
        until = ""
        if isinstance(reset_at, int | float):
            until = " until " + datetime.fromtimestamp(reset_at, UTC).strftime("%H:%M:%S UTC")
        return (
            f"xmedia: {label}: rate limited on {_operation(event)}; waiting {waiting}{until} "
            "(--max-wait caps such waits)"
        )
    if phase == "resumed":
        media = f"media {event.media_id}" if event.media_id else "the upload"
        if event.state is not None or event.segments_done >= event.segments_total > 0:
            return f"xmedia: {label}: resuming {media}: uploaded before, following its processing"
        return (
            f"xmedia: {label}: resuming {media}: {event.segments_done} of "
            f"{event.segments_total} segments already sent and verified"
        )
    return None


class Tracker:
    """The ``on_progress`` callback for one file: announces retries and waits on stderr."""

    def __init__(self, display: PlainDisplay, label: str) -> None:
        self._display = display
        self._label = label

    def __call__(self, event: ProgressEvent) -> None:
        line = announcement(self._label, event)
        if line is not None:
            self._display.say(line)

    def finished(self, media: UploadedMedia) -> None:
        """The upload (or wait) ended with ``media``."""

    def failed(self, reason: str) -> None:
        """The upload (or wait) ended with an error named ``reason``."""


class PlainDisplay:
    """No bars: result lines to stdout, notices to stderr, each flushed at once."""

    enabled = False

    def __enter__(self) -> PlainDisplay:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def emit(self, line: str) -> None:
        """One result line on stdout (raises BrokenPipeError when stdout is gone)."""
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def say(self, text: str) -> None:
        """One line for humans on stderr."""
        sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def track(self, label: str, *, phase: str = "upload") -> Tracker:
        return Tracker(self, label)


def open_display(*, enabled: bool) -> PlainDisplay:
    if not enabled:
        return PlainDisplay()
    from ._cli_bars import BarDisplay  # rich is imported only when bars are shown

    return BarDisplay()
