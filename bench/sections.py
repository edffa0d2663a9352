"""Report sections contributed by benchmark modules beyond the upload figures, and the runs that
produce their data.

Each section reads the results of one ``bench.run`` and returns a Markdown section (starting with
its ``## `` heading), or None when that part did not run; BENCHMARKS.md places them after Polling.
Each part stores its data under its own key of results.json.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

Section = Callable[[dict[str, Any]], str | None]

WHOLE_PROCESS_INTRO = (
    "The `xmedia` command as a shell script sees it: interpreter start, imports, argument parsing, "
    "the upload, exit — beside the bare interpreter and beside the least a user could write "
    "instead (`bench/minimal_upload_script.py`: plain httpx, INIT / APPEND / FINALIZE). Each pair "
    "runs alternately (A B A B …, the order swapped every round) against the mock as its own "
    "process; medians over rounds, ratio = median of the per-round A/B ratios. Reproduce: "
    "`python -m bench.whole_process`."
)


def whole_process_section(results: dict[str, Any]) -> str | None:
    rows = results.get("whole_process")
    if not rows:
        return None
    whole_process = importlib.import_module("bench.whole_process")
    table = [whole_process.Row(**row) for row in rows]
    notes = "".join(f"\n- {note}" for note in whole_process.notes(table))
    return (
        f"## Whole process — `xmedia` from start to exit\n\n{WHOLE_PROCESS_INTRO}\n\n"
        f"{whole_process.markdown(table)}\n{notes}"
    )


def media_section(results: dict[str, Any]) -> str | None:
    data = results.get("media")
    if not data:
        return None
    media = importlib.import_module("bench.media")
    return f"{media.markdown(data)}\nReproduce: `python -m bench.media`."


SECTIONS: list[Section] = [whole_process_section, media_section]


def render_all(results: dict[str, Any]) -> list[str]:
    texts = (render(results) for render in SECTIONS)
    return [text.strip("\n") for text in texts if text]


def run_whole_process(smoke: bool) -> list[dict[str, Any]] | None:
    """The `xmedia` command from start to exit, beside python and a minimal script."""
    if importlib.util.find_spec("bench.whole_process") is None:
        return None
    whole_process = importlib.import_module("bench.whole_process")
    settings = whole_process.SMOKE if smoke else whole_process.Settings()
    return [asdict(row) for row in whole_process.rows(settings)]


def run_media(smoke: bool, work: Path) -> dict[str, Any] | None:
    """Inspect and fix timings; None without the media extra (PyAV, Pillow) or bench.media."""
    if importlib.util.find_spec("av") is None or importlib.util.find_spec("bench.media") is None:
        return None
    media = importlib.import_module("bench.media")

    # One fix length keeps `make bench` near its budget; `python -m bench.media` runs both.
    settings = media.SMOKE if smoke else media.Settings(fix_seconds=(10.0,))
    directory = work / "media"
    directory.mkdir(exist_ok=True)
    result: dict[str, Any] = media.run(settings, directory)
    return result
