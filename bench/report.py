"""BENCHMARKS.md: the prose is ``report_template.md``; each function below fills one section's
placeholders from the figures of ``bench.summary`` (tables, sentences that depend on the numbers).
"""

# ruff: noqa: RUF001  -- multiplication and minus signs are deliberate in the generated Markdown

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from string import Template
from typing import Any

from . import sections
from .gaps import gap_notes
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
    med,
)
from .variants import label, order

TEMPLATE = Path(__file__).with_name("report_template.md")
Fields = dict[str, str]


def fmt(x: float | None, spec: str = ".2f", suffix: str = "") -> str:
    return "n/a" if x is None else f"{x:{spec}}{suffix}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**not met**")


def _percent(fraction: float | None) -> str:
    return fmt(None if fraction is None else fraction * 100, ".0f", " %")


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(header: Iterable[str], rows: Iterable[str]) -> str:
    header = list(header)
    return "\n".join([_row(*header), "|" + "---|" * len(header), *rows])


def _chunk_mib(s: Figures) -> str:
    return f"{s['chunk'] / MiB:g}"


# --- header ------------------------------------------------------------------------------------


def header(results: dict[str, Any], summary: Figures, plot_path: str) -> Fields:
    meta, s = results["meta"], summary["settings"]
    runs = s["runs"]
    if s["smoke"]:
        validity = " (**smoke run: tiny files, 1 round — the figures mean nothing**)."
    elif runs < 5:
        validity = " (**fewer than 5 rounds: not valid figures**)."
    else:
        validity = "."
    return {
        "started": meta["started"],
        "duration_s": f"{meta['duration_s']:.0f}",
        "validity": validity,
        "runs": str(runs),
        "throughput_rounds": str(max(runs, s.get("throughput_runs") or 0)),
        "latency_rounds": str(max(runs, s.get("latency_runs") or 0)),
        "chunk_mib": _chunk_mib(s),
        "plot_path": plot_path,
    }


# --- summary table: one function per row --------------------------------------------------------


def _default_key(s: Figures) -> str:
    return f"xmedia-c{s['memory_concurrency']}"


def _at_least(x: float | None, target: float) -> bool | None:
    return None if x is None else x >= target


def _at_most(x: float | None, target: float) -> bool | None:
    return None if x is None else x <= target


def row_throughput_sequential(summary: Figures) -> str:
    s, fair = summary["settings"], summary["throughput"].get("xmedia-c1", {}).get("ratio")
    return _row(
        "Throughput, xmedia at concurrency 1 ÷ raw httpx (same chunks, sequential), "
        f"{s['throughput_mib']} MiB",
        fmt(fair),
        f"≥ {THROUGHPUT_TARGET}",
        verdict(_at_least(fair, THROUGHPUT_TARGET)),
    )


def row_throughput_default(summary: Figures) -> str:
    s = summary["settings"]
    ratio = summary["throughput"].get(_default_key(s), {}).get("ratio")
    return _row(
        f"Throughput, xmedia default (concurrency {s['memory_concurrency']}) ÷ raw httpx",
        fmt(ratio),
        f"≥ {THROUGHPUT_TARGET}",
        verdict(_at_least(ratio, THROUGHPUT_TARGET)),
    )


def _default_growths(summary: Figures) -> list[tuple[int, float]]:
    """(file size MiB, growth MiB) of xmedia at its default concurrency, by size."""
    mem = summary["memory"].get(_default_key(summary["settings"]), {})
    return sorted((m, d["growth_mib"]) for m, d in mem.items() if d["growth_mib"] is not None)


def row_memory_peak(summary: Figures) -> str:
    s = summary["settings"]
    worst = max((g for _, g in _default_growths(summary)), default=None)
    return _row(
        f"Peak RSS growth, xmedia {s['memory_concurrency']} × {_chunk_mib(s)} MiB, worst of "
        f"{', '.join(str(m) for m in s['memory_mib'])} MiB",
        fmt(worst, ".1f", " MiB"),
        f"≤ {MEMORY_TARGET_MIB:g} MiB",
        verdict(_at_most(worst, MEMORY_TARGET_MIB)),
    )


def row_memory_flat(summary: Figures) -> str:
    """Flat: the largest file costs no more than the one before it (4x the bytes at full size)."""
    by_size = _default_growths(summary)
    growths = [g for _, g in by_size]
    spread = max(growths) - min(growths) if len(growths) >= 2 else None
    rise = growths[-1] - growths[-2] if len(growths) >= 2 else None
    sizes = " → ".join(f"{m} MiB: {fmt(g, '.1f')}" for m, g in by_size)
    return _row(
        "Flat in file size: growth rise from the second-largest to the largest file "
        f"({sizes}; spread {fmt(spread, '.1f', ' MiB')})",
        fmt(rise, "+.1f", " MiB"),
        f"≤ {FLAT_TOLERANCE_MIB:g} MiB",
        verdict(_at_most(rise, FLAT_TOLERANCE_MIB)),
    )


def row_latency_append(summary: Figures) -> str:
    s, at = summary["settings"], summary["latency"].get(SPEEDUP_AT, {})
    return _row(
        f"Latency hiding at concurrency {SPEEDUP_AT}, APPEND phase "
        f"({s['latency_ms']} ms/request), median (best round)",
        f"{fmt(at.get('append_speedup'), '.2f', 'x')} "
        f"({fmt(at.get('best_append_speedup'), '.2f', 'x')})",
        f"≥ {SPEEDUP_TARGET}x (ideal {fmt(at.get('append_bound'), '.1f', 'x')})",
        verdict(_at_least(at.get("append_speedup"), SPEEDUP_TARGET)),
    )


def row_latency_whole(summary: Figures) -> str:
    at = summary["latency"].get(SPEEDUP_AT, {})
    return _row(
        f"Latency hiding at concurrency {SPEEDUP_AT}, whole upload incl. INIT + FINALIZE",
        fmt(at.get("speedup"), ".2f", "x"),
        f"(bound {fmt(at.get('bound'), '.2f', 'x')}, see below)",
        "—",
    )


def row_polling(summary: Figures) -> str:
    s, pol = summary["settings"], summary["polling"]
    mine, loop = pol.get(_default_key(s), {}), pol.get("raw-c1", {})
    ok = None
    if mine.get("lag_s") is not None and mine.get("status_calls") is not None:
        ok = mine["lag_s"] < s["check_after_secs"] and (
            loop.get("status_calls") is None or mine["status_calls"] <= loop["status_calls"]
        )
    return _row(
        "Polling: `succeeded` → `upload()` returns / STATUS calls",
        f"{fmt(mine.get('lag_s'), '.2f', ' s')} / {fmt(mine.get('status_calls'), '.0f')} "
        f"(documented loop: {fmt(loop.get('lag_s'), '.2f', ' s')} / "
        f"{fmt(loop.get('status_calls'), '.0f')})",
        f"< {s['check_after_secs']} s (one `check_after_secs`) and no more calls than the "
        "documented loop (no target in the issue)",
        verdict(ok),
    )


def row_mock_ingest(summary: Figures) -> str:
    s = summary["settings"]
    reference = summary["throughput"].get(f"raw-c{s['ingest_concurrency']}", {}).get("mib_s")
    capacity, fastest, headroom = ingest_headroom(summary)
    return _row(
        "Mock ingest: its capacity (MiB per mock CPU second, single thread) vs the fastest "
        f"client; raw httpx with {s['ingest_concurrency']} threads for reference",
        f"{fmt(capacity, '.0f', ' MiB/s')} vs {fmt(fastest, '.0f', ' MiB/s')} (headroom "
        f"{fmt(headroom, '.2f', '×')}); {fmt(reference, '.0f', ' MiB/s')}",
        f"mock not the bottleneck: headroom ≥ {HEADROOM_TARGET}×",
        verdict(_at_least(headroom, HEADROOM_TARGET)),
    )


def row_client_cpu(summary: Figures) -> str:
    return _row(
        "Client CPU for the same bytes, xmedia at concurrency 1 ÷ raw httpx (upload only)",
        fmt(client_cpu_ratio(summary), ".2f", "×"),
        "none (context for the throughput ratio)",
        "—",
    )


SUMMARY_ROWS: list[Callable[[Figures], str]] = [
    row_throughput_sequential,
    row_throughput_default,
    row_memory_peak,
    row_memory_flat,
    row_latency_append,
    row_latency_whole,
    row_polling,
    row_mock_ingest,
    row_client_cpu,
]


def summary_table(summary: Figures) -> Fields:
    return {"summary_rows": "\n".join(row(summary) for row in SUMMARY_ROWS)}


# --- sections ------------------------------------------------------------------------------------


def throughput_section(summary: Figures) -> Fields:
    s, tp, versions = summary["settings"], summary["throughput"], summary["versions"]
    rows = [
        _row(
            label(k, versions),
            fmt(d["median_s"], ".2f", " s"),
            fmt(d["mib_s"], ".0f"),
            fmt(d["ratio"]),
            fmt(d["cpu_s"], ".2f"),
            fmt(d["mock_cpu_s"], ".2f"),
            _percent(d["mock_busy"]),
            f"{d['n']}/{d['tried']}",
        )
        for k, d in sorted(tp.items(), key=lambda item: order(item[0]))
    ]
    note = ""
    raw_cpu = tp.get("raw-c1", {}).get("cpu_s")
    for key in ("xmedia-c1", _default_key(s)):
        cpu = tp.get(key, {}).get("cpu_s")
        if raw_cpu and cpu:
            note = (
                f"\n\n{label(key, versions)} used {cpu / raw_cpu:.2f}× the baseline's client CPU "
                f"for the same bytes ({cpu:.2f} s against {raw_cpu:.2f} s, upload only)."
            )
            break
    return {
        "throughput_mib": str(s["throughput_mib"]),
        "throughput_rows": "\n".join(rows),
        "client_cpu_note": note,
    }


def memory_section(summary: Figures) -> Fields:
    s, mem, versions = summary["settings"], summary["memory"], summary["versions"]
    sizes = list(s["memory_mib"])
    growth_rows, time_rows = [], []
    for v in sorted(mem, key=order):
        at = [mem[v].get(m, {}) for m in sizes]
        idle = med(d["idle_mib"] for d in mem[v].values())
        ratios = " / ".join(fmt(d.get("vs_raw"), ".1f", "x") for d in at)
        growths = [fmt(d.get("growth_mib"), ".1f", " MiB") for d in at]
        growth_rows.append(_row(label(v, versions), *growths, fmt(idle, ".0f", " MiB"), ratios))
        time_rows.append(
            _row(label(v, versions), *(fmt(d.get("median_s"), ".2f", " s") for d in at))
        )
    columns = [f"{m} MiB" for m in sizes]
    return {
        "memory_concurrency": str(s["memory_concurrency"]),
        "memory_table": _table(
            ["Variant", *columns, "Idle RSS", "vs raw (same round)"], growth_rows
        ),
        "memory_notes": "\n".join(f"- {note}" for note in memory_notes(summary)),
        "memory_time_table": _table(["Variant", *columns], time_rows),
    }


def memory_notes(summary: Figures) -> list[str]:
    """What the memory table shows, read from the numbers."""
    notes = [_bound_note(summary)]
    for note in (_raw_growth_note, _peer_cap_note, _mmap_note):
        text = note(summary)
        if text:
            notes.append(text)
    return notes


def _bound_note(summary: Figures) -> str:
    s = summary["settings"]
    c, chunk = s["memory_concurrency"], s["chunk"] / MiB
    return (
        f"The wrapper's data bound is concurrency × chunk = {c} × {chunk:g} = {c * chunk:g} MiB "
        "of chunk buffers in flight; a sequential client holds one chunk."
    )


def _raw_growth_note(summary: Figures) -> str | None:
    chunk = summary["settings"]["chunk"] / MiB
    raw = summary["memory"].get("raw-c1", {})
    growth = max((d["growth_mib"] for d in raw.values() if d["growth_mib"] is not None), default=0)
    if growth <= 3 * chunk:
        return None
    return (
        f"The raw baseline is sequential yet grows to {growth:.0f} MiB, rising with file size: "
        "each APPEND's chunk stays alive in a reference cycle (httpx request/response objects) "
        "until Python's cyclic garbage collector runs, which it does by object count, not bytes. "
        f"Adding `gc.collect()` after each APPEND holds it near {2 * chunk:g} MiB. It is what a "
        "naive httpx loop costs, kept as is."
    )


def _peer_cap_note(summary: Figures) -> str | None:
    s = summary["settings"]
    cap = s.get("peer_max_mib")
    if cap is None or cap >= max(s["memory_mib"]):
        return None
    return (
        f"xdk runs only up to {cap} MiB by default: it is sequential and base64-encodes every "
        "chunk, so a 1 GiB run takes 25-40 s here and five of them would push `make bench` "
        "past its 10-minute budget. `python -m bench.run --peer-max-mib 1024` adds them. "
        "Being sequential, its growth is one chunk's worth of copies at any file size."
    )


def _mmap_note(summary: Figures) -> str | None:
    c = summary["settings"]["memory_concurrency"]
    wrap = summary["memory"].get(f"xmedia-c{c}", {})
    pinned = summary["memory"].get(f"xmedia-c{c}-mmap", {})
    pairs = [
        (m, wrap[m]["growth_mib"], pinned[m]["growth_mib"])
        for m in sorted(wrap)
        if m in pinned and wrap[m]["growth_mib"] is not None and pinned[m]["growth_mib"] is not None
    ]
    if not pairs:
        return None
    txt = ", ".join(f"{m} MiB: {g:.1f} → {p:.1f}" for m, g, p in pairs)
    return (
        "The diagnostic row runs the same wrapper with glibc's mmap threshold pinned at 1 MiB "
        "(`MALLOC_MMAP_THRESHOLD_=1048576`), so every chunk buffer is its own mapping and "
        f"goes back to the OS when freed ({txt} MiB). The difference is allocator retention "
        "(after the first large free glibc raises its threshold and later 4 MiB buffers "
        "come from a heap that fragments), not live data."
    )


def latency_section(summary: Figures) -> Fields:
    s, lat = summary["settings"], summary["latency"]
    rows = [
        _row(
            c,
            fmt(d["median_s"], ".2f", " s"),
            fmt(d["append_phase_s"], ".2f", " s"),
            fmt(d["append_speedup"], ".2f", "x"),
            fmt(d["best_append_speedup"], ".2f", "x"),
            f"{d['append_bound']:.1f}x",
            fmt(d["speedup"], ".2f", "x"),
            f"{d['bound']:.2f}x",
            _percent(d["mock_busy"]),
            f"{d['n']}/{d['tried']}",
        )
        for c, d in sorted(lat.items())
    ]
    return {
        "latency_mib": str(s["latency_mib"]),
        "latency_ms": str(s["latency_ms"]),
        "segments": str(summary["latency_segments"]),
        "speedup_at": str(SPEEDUP_AT),
        "whole_bound": fmt(lat.get(SPEEDUP_AT, {}).get("bound"), ".2f"),
        "latency_rows": "\n".join(rows),
        "after_body": _after_body_diagnostic(summary),
        "latency_raw_s": fmt(summary["latency_raw_s"], ".2f", " s"),
        "latency_raw_vs_c1": fmt(summary["latency_raw_vs_c1"]),
    }


def _after_body_diagnostic(summary: Figures) -> str:
    after = summary.get("latency_after_body") or {}
    if not after:
        return ""
    ms = summary["settings"]["latency_ms"]
    rows = [
        _row(
            c,
            fmt(d["append_phase_s"], ".2f", " s"),
            fmt(d["append_speedup"], ".2f", "x"),
            fmt(d["speedup"], ".2f", "x"),
            f"{d['n']}/{d['tried']}",
        )
        for c, d in sorted(after.items())
    ]
    intro = (
        f"**Diagnostic — the same {ms} ms injected after each request's body has arrived.** The "
        "mock's latency fault sleeps *before* the app reads the body (and uvicorn stops reading "
        "a request once 64 KiB are buffered), so one could suspect the placement of the sleep "
        "of serialising the uploads. `bench/mock_server.py` can instead receive the whole body "
        f"first and then wait (`POST /_bench/latency-after-body {json.dumps({'ms': ms})}`); the "
        "mock's own work on the body (multipart parsing, the write to disk) still comes after "
        "the wait in both cases:"
    )
    header = ["Concurrency", "APPEND phase", "Speed-up (APPEND phase)", "Speed-up (whole)"]
    return f"{intro}\n\n{_table([*header, 'Runs ok'], rows)}\n\n"


def polling_section(summary: Figures) -> Fields:
    s, versions = summary["settings"], summary["versions"]
    rows = [
        _row(
            label(v, versions),
            fmt(d["lag_s"], ".2f", " s"),
            fmt(d["lag_max_s"], ".2f", " s"),
            fmt(d["status_calls"], ".0f"),
            f"{d['n']}/{d['tried']}",
        )
        for v, d in summary["polling"].items()
    ]
    return {
        "pending_s": f"{s['processing_pending_secs']:g}",
        "processing_s": f"{s['processing_secs']:g}",
        "check_after_secs": str(s["check_after_secs"]),
        "polling_rows": "\n".join(rows),
    }


def peers_section(results: dict[str, Any], summary: Figures) -> Fields:
    tp = summary["throughput"]
    xdk, raw = tp.get("xdk", {}), tp.get("raw-c1", {})
    return {
        "xdk_version": results["meta"]["versions"].get("xdk", ""),
        "xdk_time": fmt(xdk.get("median_s"), ".2f", " s"),
        "xdk_rate": fmt(xdk.get("mib_s"), ".0f", " MiB/s"),
        "xdk_ratio": fmt(xdk.get("ratio")),
        "xdk_cpu": fmt(xdk.get("cpu_s")),
        "xdk_mock_cpu": fmt(xdk.get("mock_cpu_s")),
        "raw_cpu": fmt(raw.get("cpu_s")),
        "raw_mock_cpu": fmt(raw.get("mock_cpu_s")),
        "tweepy": _tweepy_note(results.get("tweepy") or {}),
    }


def _one_line(attempt: dict[str, Any]) -> str:
    error = attempt.get("error")
    return " ".join(str(error).split()) if error else "succeeded?!"


def _tweepy_note(probe: dict[str, Any]) -> str:
    if not probe:
        return ""
    if "as_configured" not in probe:
        return f"- **tweepy**: the probe failed to run: `{probe.get('error', '')[:300]}`\n"
    first, second = probe["as_configured"], probe["scheme_rewritten_to_http"]
    responses = ", ".join(second.get("responses", [])) or "none"
    return (
        f"- **tweepy {probe.get('tweepy_version', '')}** cannot be pointed at the v2 endpoints, "
        "so it is not timed. Its only media upload is `API.chunked_upload` (v1.1), whose URL is "
        f"built as `{probe['url_template']}`: the host is configurable, the scheme and path are "
        "not, the command travels in a form body, and the answer is parsed as v1.1 (a top-level "
        "`media_id`, where v2 answers `data.id`). `bench/peer_tweepy.py` tries it against the "
        f"mock: as configured → `{_one_line(first)}`; with only the scheme rewritten to http by "
        f"a requests adapter → `{_one_line(second)}` (responses: {responses}). Making it work "
        "would need a proxy translating paths, bodies and responses, which would measure the "
        "proxy, not tweepy.\n"
    )


def gaps_section(summary: Figures) -> Fields:
    text = "\n".join(f"- {g}" for g in gap_notes(summary) or ["Every target above is met."])
    if summary["failures"]:
        failed = "\n".join(f"- {f}" for f in summary["failures"])
        text += f"\n\nFailed runs (excluded from the medians):\n\n{failed}"
    return {"gaps": text}


def machine_section(results: dict[str, Any]) -> Fields:
    meta = results["meta"]
    libraries = ", ".join(f"{k} {v}" for k, v in sorted(meta["versions"].items()))
    libraries += f"; commit {meta['git_commit']}"
    if meta.get("uncommitted"):
        libraries += (
            f" plus uncommitted edits to {', '.join(meta['uncommitted'])} (the editable install "
            "runs the working tree)"
        )
    return {
        "cpu": meta["cpu"],
        "logical_cpus": str(meta["logical_cpus"]),
        "physical_cores": str(meta["physical_cores"]),
        "ram_gib": f"{meta['ram_bytes'] / 1024**3:.1f}",
        "python": meta["python"],
        "os": meta["os"],
        "libraries": libraries,
        "load_start": f"{meta['load_avg_start'][0]:.2f}",
        "load_end": fmt(meta.get("load_avg_end", [None])[0]),
    }


def markdown(results: dict[str, Any], summary: Figures, *, plot_path: str) -> str:
    fields: Fields = {
        **header(results, summary, plot_path),
        **summary_table(summary),
        **throughput_section(summary),
        **memory_section(summary),
        **latency_section(summary),
        **polling_section(summary),
        "more_sections": "".join(f"{text}\n\n" for text in sections.render_all(results)),
        **peers_section(results, summary),
        **gaps_section(summary),
        **machine_section(results),
    }
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(fields).rstrip("\n") + "\n"
