"""The "Gaps" section: for each target not met, what the numbers say limits it and what would
close it. One function per target; each returns None when its target is met."""

# ruff: noqa: RUF001  -- multiplication signs are deliberate in the generated Markdown

from __future__ import annotations

import math

from .summary import (
    FLAT_TOLERANCE_MIB,
    HEADROOM_TARGET,
    MEMORY_TARGET_MIB,
    SPEEDUP_AT,
    SPEEDUP_TARGET,
    THROUGHPUT_TARGET,
    Figures,
    MiB,
    client_cpu_ratio,
    ingest_headroom,
)
from .variants import label


def _fmt(x: float | None, spec: str = ".2f", suffix: str = "") -> str:
    return "n/a" if x is None else f"{x:{spec}}{suffix}"


def throughput_gaps(summary: Figures) -> list[str]:
    s, tp = summary["settings"], summary["throughput"]
    notes = []
    for key in ("xmedia-c1", f"xmedia-c{s['memory_concurrency']}"):
        ratio = tp.get(key, {}).get("ratio")
        if ratio is None or ratio >= THROUGHPUT_TARGET:
            continue
        raw = tp.get("raw-c1", {})
        notes.append(
            f"Throughput of {label(key, summary['versions'])} is {ratio:.2f} of the raw baseline "
            f"(target {THROUGHPUT_TARGET}). Client and mock share 2 cores with the machine's other "
            f"users: the mock spends {_fmt(raw.get('mock_cpu_s'))} CPU s per "
            f"{s['throughput_mib']} MiB, and the upload itself took "
            f"{_fmt(tp.get(key, {}).get('cpu_s'))} CPU s in the wrapper against "
            f"{_fmt(raw.get('cpu_s'))} s in the baseline. Each chunk reaches httpx as one bytes "
            "object (one write per APPEND). Closing it: profile what remains per APPEND "
            "(`python -m cProfile -m bench.client_xmedia ... --concurrency 1`)."
        )
    return notes


def headroom_gap(summary: Figures) -> str | None:
    capacity, fastest, headroom = ingest_headroom(summary)
    if capacity is None or fastest is None or headroom is None or headroom >= HEADROOM_TARGET:
        return None
    return (
        f"Mock headroom is {headroom:.2f}× (target {HEADROOM_TARGET}×): the single-threaded "
        f"mock can take ~{capacity:.0f} MiB/s and the fastest client reached {fastest:.0f} "
        "MiB/s, so at this size the mock nearly sets the pace and the throughput ratios are "
        "pulled towards 1.0 (a client's extra cost shows less when both wait on the same "
        "server). The unbiased comparison is client CPU for the same bytes: xmedia at "
        f"concurrency 1 used {_fmt(client_cpu_ratio(summary), '.2f', '×')} "
        "the baseline's. Closing it: a faster mock ingest path (uvicorn's httptools parser, "
        "the multipart parse and segment write off the event loop)."
    )


def _default_growths(summary: Figures) -> dict[int, float]:
    mem = summary["memory"].get(f"xmedia-c{summary['settings']['memory_concurrency']}", {})
    return {m: d["growth_mib"] for m, d in mem.items() if d["growth_mib"] is not None}


def memory_gap(summary: Figures) -> str | None:
    growths = _default_growths(summary)
    if not growths or max(growths.values()) <= MEMORY_TARGET_MIB:
        return None
    s = summary["settings"]
    return (
        f"Peak RSS growth reaches {max(growths.values()):.1f} MiB (target "
        f"{MEMORY_TARGET_MIB:g}). The data bound is concurrency × chunk = "
        f"{s['memory_concurrency'] * s['chunk'] / MiB:g} MiB; the rest is copies of chunks "
        "and allocator retention (see the diagnostic row). Closing it: reuse a fixed pool "
        "of chunk buffers (`readinto`) so no 4 MiB block is ever freed and re-allocated."
    )


def flatness_gap(summary: Figures) -> str | None:
    ordered = sorted(_default_growths(summary).items())
    if len(ordered) < 2 or ordered[-1][1] - ordered[-2][1] <= FLAT_TOLERANCE_MIB:
        return None
    return (
        "Growth still rises between the two largest files: something is kept per segment "
        "(responses, futures, buffers in reference cycles) instead of per in-flight request."
    )


def _fault_placement(summary: Figures, measured: float) -> str:
    after = (summary.get("latency_after_body") or {}).get(SPEEDUP_AT, {})
    after_x = after.get("append_speedup")
    if after_x is not None and abs(after_x - measured) <= 0.25:
        return (
            f"moving the sleep after the body gives the same ({after_x:.2f}x, diagnostic "
            "table), so neither the wrapper's concurrency nor the fault's placement is the limit"
        )
    return (
        f"with the sleep after the body it reaches {_fmt(after_x, '.2f', 'x')} (diagnostic table)"
    )


def latency_gap(summary: Figures) -> str | None:
    s, lat = summary["settings"], summary["latency"]
    at = lat.get(SPEEDUP_AT, {})
    measured = at.get("append_speedup")
    if measured is None or measured >= SPEEDUP_TARGET:
        return None
    n = summary["latency_segments"]
    waves = math.ceil(n / SPEEDUP_AT)
    per_append_ms = (lat.get(1, {}).get("append_phase_s") or 0) / n * 1000 if n else 0
    # Mock CPU per APPEND from the throughput section (same chunk size, no latency).
    tp_segments = s["throughput_mib"] * MiB / s["chunk"]
    raw_mock_cpu = summary["throughput"].get("raw-c1", {}).get("mock_cpu_s") or 0
    mock_ms = raw_mock_cpu / tp_segments * 1000
    model_ms = waves * (s["latency_ms"] + SPEEDUP_AT * mock_ms)
    return (
        f"Latency hiding at {SPEEDUP_AT} is {measured:.2f}x over the APPEND phase (median; best "
        f"round {_fmt(at.get('best_append_speedup'), '.2f', 'x')}; target {SPEEDUP_TARGET}x). "
        "What caps it is the mock's CPU per APPEND, which concurrent APPENDs queue for: the mock "
        f"is one Python thread and spends ~{mock_ms:.0f} ms on each 4 MiB APPEND (receiving, "
        "parsing and writing it; from the throughput section), mostly after the injected wait. "
        f"Each wave of {SPEEDUP_AT} APPENDs then costs {s['latency_ms']} ms + {SPEEDUP_AT} × "
        f"{mock_ms:.0f} ms: {waves} waves ≈ {model_ms:.0f} ms, a speed-up of ≈ "
        f"{n * per_append_ms / model_ms:.1f}x. The wrapper measured "
        f"{_fmt((at.get('append_phase_s') or 0) * 1000, '.0f', ' ms')}, better than that model "
        f"(some of the mock's work overlaps); {_fault_placement(summary, measured)}. Closing it: "
        "a test server that works on APPEND bodies in parallel, as X's fleet does (the mock "
        "could hand multipart parsing and the segment write to a thread pool), or cheaper "
        "per-byte work in the mock; on the client side a higher concurrency buys it back here "
        f"(c=8: {_fmt(lat.get(8, {}).get('append_speedup'), '.2f', 'x')})."
    )


def polling_gap(summary: Figures) -> str | None:
    s = summary["settings"]
    pol = summary["polling"].get(f"xmedia-c{s['memory_concurrency']}", {})
    if pol.get("lag_s") is None or pol["lag_s"] < s["check_after_secs"]:
        return None
    return (
        f"Polling lag is {pol['lag_s']:.2f} s, more than one check_after_secs interval: the "
        "wrapper waits longer than the server asks."
    )


def gap_notes(summary: Figures) -> list[str]:
    """Explanations for targets not met (filled from the measured numbers)."""
    notes = throughput_gaps(summary)
    for gap in (headroom_gap, memory_gap, flatness_gap, latency_gap, polling_gap):
        text = gap(summary)
        if text:
            notes.append(text)
    return notes
