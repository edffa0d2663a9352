"""Report sections contributed by benchmark modules beyond the upload figures.

Each entry reads the results of one ``bench.run`` and returns a Markdown section (starting with its
``## `` heading), or None when that part did not run; BENCHMARKS.md places them after Polling.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Section = Callable[[dict[str, Any]], str | None]

SECTIONS: list[Section] = []


def render_all(results: dict[str, Any]) -> list[str]:
    texts = (render(results) for render in SECTIONS)
    return [text.strip("\n") for text in texts if text]
