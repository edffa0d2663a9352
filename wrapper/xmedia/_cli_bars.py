"""Rich progress bars for the CLI: bytes, rate and ETA while uploading, then processing percent.

One bar per file. ``on_progress`` callbacks may arrive from the upload's worker threads; rich's
``Progress.update`` takes its own lock, so the tracker only calls into it. Imported only when
bars are shown (see ``_cli_progress.open_display``).
"""

from __future__ import annotations

import os
import sys
from types import TracebackType

from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ._cli_progress import PlainDisplay, Tracker
from ._cli_sizes import format_size
from ._models import ProgressEvent, UploadedMedia

__all__ = ["BarDisplay", "BarTracker"]


def _binary_speed(task: Task) -> Text:
    # rich's TransferSpeedColumn uses decimal units; the sizes beside it are binary (MiB).
    speed = task.finished_speed or task.speed
    if speed is None:
        return Text("?", style="progress.data.speed")
    return Text(f"{format_size(int(speed))}/s", style="progress.data.speed")


def _stdout_shares_the_terminal() -> bool:
    """True when stdout and stderr are the same terminal (so printing via rich is equivalent)."""
    try:
        return (
            sys.stdout.isatty()
            and sys.stderr.isatty()
            and os.ttyname(sys.stdout.fileno()) == os.ttyname(sys.stderr.fileno())
        )
    except (OSError, ValueError):  # no file descriptor (captured) or not a tty after all
        return False


class _PhaseDetailColumn(ProgressColumn):
    """Transfer details while uploading; the processing state and percent afterwards."""

    def __init__(self) -> None:
        super().__init__()
        self._bytes = DownloadColumn(binary_units=True)
        self._eta = TimeRemainingColumn()

    def render(self, task: Task) -> RenderableType:
        phase = task.fields.get("phase", "upload")
        state = task.fields.get("state") or ""
        if phase == "upload":
            if task.total is None:
                return Text("preparing…", style="progress.description")
            parts: list[RenderableType] = [
                self._bytes.render(task),
                _binary_speed(task),
                self._eta.render(task),
            ]
            return Text(" ").join(
                part if isinstance(part, Text) else Text(str(part)) for part in parts
            )
        if phase == "processing":
            return Text(f"processing: {state} {int(task.completed)}%", style="progress.percentage")
        style = "red" if state == "failed" else "green"
        return Text(state or "done", style=style)


class BarTracker(Tracker):
    """The ``on_progress`` callback for one file (or one media id being waited on)."""

    def __init__(
        self, display: BarDisplay, label: str, task_id: TaskID, *, phase: str = "upload"
    ) -> None:
        super().__init__(display, label)
        self._progress = display.progress
        self._task_id = task_id
        self._phase = phase
        self._total_bytes = 0

    def __call__(self, event: ProgressEvent) -> None:
        if event.phase == "upload":
            self._total_bytes = event.total_bytes
            self._progress.update(
                self._task_id, total=event.total_bytes or None, completed=event.bytes_sent
            )
            return
        if str(event.phase) != "processing":
            super().__call__(event)  # retries and waits: a line above the bars
            return
        percent = event.progress_percent or 0
        if self._phase != "processing":
            self._phase = "processing"
            # A fresh 0..100 scale; reset() also drops the byte-rate samples of the upload
            # (and replaces all fields, so both are given).
            self._progress.reset(
                self._task_id,
                total=100,
                completed=percent,
                phase="processing",
                state=event.state or "",
            )
        self._progress.update(self._task_id, completed=percent, state=event.state or "")

    def finished(self, media: UploadedMedia) -> None:
        processing = media.processing
        state = processing.state if processing is not None else "uploaded"
        if processing is not None and processing.is_terminal:
            completed: float = 100
        elif processing is not None:
            completed = processing.progress_percent or 0
        else:
            completed = self._total_bytes
        done = processing is None or processing.is_terminal
        self._progress.update(
            self._task_id, completed=completed, phase="done" if done else "processing", state=state
        )

    def failed(self, reason: str) -> None:
        self._progress.update(self._task_id, phase="done", state=reason)


class BarDisplay(PlainDisplay):
    """The live progress area on stderr (stdout carries results)."""

    enabled = True

    def __init__(self) -> None:
        self.console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            _PhaseDetailColumn(),
            console=self.console,
            # rich would otherwise swap sys.stdout for its own (stderr) console while live,
            # and results printed to stdout would end up on stderr.
            redirect_stdout=False,
            redirect_stderr=False,
        )

    def __enter__(self) -> BarDisplay:
        self.progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.stop()

    def emit(self, line: str) -> None:
        """Write one result line to stdout without tearing the live bars on a shared terminal."""
        if self.progress.live.is_started and _stdout_shares_the_terminal():
            # Same terminal as the bars: let rich print it above them.
            self.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            super().emit(line)

    def say(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def track(self, label: str, *, phase: str = "upload") -> BarTracker:
        total = 100 if phase == "processing" else None
        task_id = self.progress.add_task(label, total=total, phase=phase, state="")
        return BarTracker(self, label, task_id, phase=phase)
