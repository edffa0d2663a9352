"""Measurement helpers used *inside* each uploading child process (stdlib only, tiny).

Every client script (raw baseline, wrapper, peers) follows the same protocol:

1. import its libraries and build its client (this is the process's *idle* state);
2. ``mark_idle()``: record the idle RSS and reset the kernel's peak-RSS high-water mark
   (``/proc/self/clear_refs`` ← ``5``) so the peak seen afterwards belongs to the upload alone;
3. upload, timed with ``time.perf_counter``;
4. ``emit(...)``: print one ``BENCH_RESULT {json}`` line with elapsed time, idle RSS and peak RSS.

The parent also collects the child's ``rusage`` through ``os.wait4`` (peak RSS and CPU time) as an
independent cross-check of what the child reports.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import threading
import time
from typing import Any

RESULT_PREFIX = "BENCH_RESULT "


def client_arguments(doc: str | None, *, upload_options: bool = True) -> argparse.ArgumentParser:
    """The command line every client script takes from ``bench.run`` (one contract, one place).

    ``upload_options=False`` keeps only what a client that cannot be configured needs (tweepy)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--token", default="mock-user-token")
    if upload_options:
        parser.add_argument("--chunk-size", type=int, default=4 * 1024 * 1024)
        parser.add_argument("--media-type", default="video/mp4")
        parser.add_argument("--media-category", default="tweet_video")
        parser.add_argument("--wait", action="store_true", help="poll STATUS until processed")
    return parser


_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_now() -> int:
    """Current resident set size in bytes."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * _PAGE


def peak_rss() -> int:
    """Peak resident set size in bytes since start (or since the last high-water-mark reset)."""
    try:
        with open("/proc/self/status") as fh:
            match = re.search(r"VmHWM:\s+(\d+)\s+kB", fh.read())
        if match:
            return int(match.group(1)) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Probe:
    """Idle mark, timer and result line for one upload."""

    def __init__(self) -> None:
        self.idle_rss = 0
        self.peak_before = 0
        self.hwm_reset = False
        self._t0 = 0.0
        self._cpu0 = 0.0
        self.cpu_s = 0.0
        self.returned_at = 0.0

    def mark_idle(self) -> None:
        self.peak_before = peak_rss()
        try:
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")
            self.hwm_reset = True
        except OSError:
            self.hwm_reset = False
        self.idle_rss = rss_now()

    def start(self) -> float:
        self._cpu0 = time.process_time()  # all threads of this process
        self._t0 = time.perf_counter()
        return self._t0

    def stop(self) -> float:
        """Elapsed seconds since ``start``; also records the wall-clock return time."""
        elapsed = time.perf_counter() - self._t0
        self.cpu_s = time.process_time() - self._cpu0
        self.returned_at = time.time()
        return elapsed

    def emit(self, elapsed: float, **extra: Any) -> None:
        result = {
            "elapsed_s": elapsed,
            "cpu_upload_s": self.cpu_s,
            "idle_rss": self.idle_rss,
            "peak_rss": peak_rss(),
            "peak_before_idle": self.peak_before,
            "hwm_reset": self.hwm_reset,
            "returned_at": self.returned_at,
            **extra,
        }
        sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
        sys.stdout.flush()


def classify(method: str, url: str) -> str:
    """Name the media-upload operation a request was (``init``, ``append``, ``finalize``...)."""
    path, _, query = url.partition("?")
    if path.endswith("/initialize") or "command=INIT" in query:
        return "init"
    if path.endswith("/append") or "command=APPEND" in query:
        return "append"
    if path.endswith("/finalize") or "command=FINALIZE" in query:
        return "finalize"
    if method == "GET" and "command=STATUS" in query:
        return "status"
    return "other"


class Tracer:
    """Response times per operation, fed by an HTTP library's response hook."""

    def __init__(self) -> None:
        self.events: list[tuple[str, float, float]] = []  # (operation, perf_counter, wall)
        self._lock = threading.Lock()

    def record(self, method: str, url: str) -> None:
        event = (classify(method, url), time.perf_counter(), time.time())
        with self._lock:
            self.events.append(event)

    def summary(self, t0: float) -> dict[str, Any]:
        """Offsets (s) from ``t0`` of the phase boundaries, plus counts and FINALIZE wall time."""
        by_op: dict[str, list[tuple[float, float]]] = {}
        for op, perf, wall in self.events:
            by_op.setdefault(op, []).append((perf - t0, wall))
        out: dict[str, Any] = {f"n_{op}": len(v) for op, v in by_op.items()}
        if "init" in by_op:
            out["init_done"] = min(p for p, _ in by_op["init"])
        if "append" in by_op:
            out["first_append_done"] = min(p for p, _ in by_op["append"])
            out["last_append_done"] = max(p for p, _ in by_op["append"])
        if "finalize" in by_op:
            out["finalize_done"] = max(p for p, _ in by_op["finalize"])
            out["finalize_wall"] = max(w for _, w in by_op["finalize"])
        return out
