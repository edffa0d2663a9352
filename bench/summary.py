"""From ``bench.run`` results (every run of every variant) to the figures the report shows:
medians over runs, and ratios taken within one round before the median, so machine noise cancels.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from .variants import order

MiB = 1024 * 1024

# What the benchmarks are held to (the Summary table's Target column).
THROUGHPUT_TARGET = 0.85
MEMORY_TARGET_MIB = 48.0
FLAT_TOLERANCE_MIB = 8.0
SPEEDUP_TARGET = 3.3
SPEEDUP_AT = 4
HEADROOM_TARGET = 1.25

Run = dict[str, Any]
Figures = dict[str, Any]


def med(values: Iterable[float | None]) -> float | None:
    vals = [v for v in values if v is not None and not math.isnan(v)]
    return statistics.median(vals) if vals else None


def _ok(runs: Iterable[Run]) -> list[Run]:
    return [r for r in runs if r.get("ok")]


def _of(runs: Iterable[Run], variant: str) -> list[Run]:
    return [r for r in runs if r["variant"] == variant]


def _variants(runs: Iterable[Run]) -> list[str]:
    return sorted({r["variant"] for r in runs}, key=order)


def _counts(runs: list[Run], variant: str) -> Figures:
    """How many runs of a variant counted, were tried, and why the others failed."""
    mine = _of(runs, variant)
    return {
        "n": len(_ok(mine)),
        "tried": len(mine),
        "failed": [r["error"] for r in mine if not r.get("ok")],
    }


def _round_ratios(
    runs: Iterable[Run], num: str, den: str, value: Callable[[Run], float | None]
) -> list[float]:
    rounds: dict[int, dict[str, Run]] = defaultdict(dict)
    for r in _ok(runs):
        rounds[r["round"]][r["variant"]] = r
    ratios = []
    for variants in rounds.values():
        if num in variants and den in variants:
            a, b = value(variants[num]), value(variants[den])
            if a is not None and b is not None and b != 0:
                ratios.append(a / b)
    return ratios


def paired(
    runs: Iterable[Run], num: str, den: str, value: Callable[[Run], float | None]
) -> float | None:
    """Median over rounds of value(num)/value(den), both from the same round."""
    return med(_round_ratios(runs, num, den, value))


def best_paired(
    runs: Iterable[Run], num: str, den: str, value: Callable[[Run], float | None]
) -> float | None:
    """The best in-round ratio: noise only ever adds time, so this is the quiet-machine figure."""
    return max(_round_ratios(runs, num, den, value), default=None)


def elapsed(run: Run) -> float | None:
    return float(run["elapsed_s"])


def append_phase(run: Run) -> float | None:
    """From the INIT response to the last APPEND response (the part concurrency overlaps)."""
    t = run.get("trace") or {}
    if "init_done" in t and "last_append_done" in t:
        return float(t["last_append_done"]) - float(t["init_done"])
    return None


def _mock_busy(runs: Iterable[Run]) -> float | None:
    return med(r["mock_cpu_s"] / r["elapsed_s"] for r in runs if r.get("mock_cpu_s") is not None)


def _mib(n: float | None) -> float | None:
    return None if n is None else n / MiB


def throughput(runs: list[Run], size_mib: int) -> dict[str, Figures]:
    tp = [r for r in runs if r["section"] == "throughput"]
    out = {}
    for v in _variants(tp):
        mine = _ok(_of(tp, v))
        median_s = med(r["elapsed_s"] for r in mine)
        out[v] = {
            "median_s": median_s,
            "mib_s": size_mib / median_s if median_s else None,
            # CPU of the upload itself (all threads, from start to return; imports excluded).
            "cpu_s": med(r.get("cpu_upload_s", r["cpu_s"]) for r in mine),
            "process_cpu_s": med(r["cpu_s"] for r in mine),
            "mock_cpu_s": med(r.get("mock_cpu_s") for r in mine),
            "mock_busy": _mock_busy(mine),
            "ratio": paired(tp, "raw-c1", v, elapsed),
            **_counts(tp, v),
        }
    return out


def memory(runs: list[Run], settings: Figures) -> dict[str, dict[int, Figures]]:
    """Section "memory" plus the throughput runs of the variants it measures at that size."""
    at_throughput = ("raw-c1", f"xmedia-c{settings['memory_concurrency']}", "xdk")
    mem_runs = [r for r in runs if r["section"] == "memory"] + [
        r for r in runs if r["section"] == "throughput" and r["variant"] in at_throughput
    ]
    out: dict[str, dict[int, Figures]] = defaultdict(dict)
    for mib in settings["memory_mib"]:
        at = [r for r in mem_runs if r["size_mib"] == mib]
        for v in _variants(at):
            mine = _ok(_of(at, v))
            out[v][mib] = {
                "growth_mib": _mib(med(r["growth"] for r in mine)),
                "idle_mib": _mib(med(r["idle_rss"] for r in mine)),
                "peak_mib": _mib(med(r["peak_rss"] for r in mine)),
                "median_s": med(r["elapsed_s"] for r in mine),
                "vs_raw": paired(at, v, "raw-c1", lambda r: r["growth"]),
                **_counts(at, v),
            }
    return dict(out)


def latency(runs: list[Run], settings: Figures) -> dict[int, Figures]:
    lat = [r for r in runs if r["section"] == "latency"]
    segments = latency_segments(settings)
    out = {}
    for c in settings["concurrencies"]:
        v = f"xmedia-c{c}"
        mine = _ok(_of(lat, v))
        out[c] = {
            "median_s": med(r["elapsed_s"] for r in mine),
            "append_phase_s": med(append_phase(r) for r in mine),
            "mock_busy": _mock_busy(mine),
            "speedup": paired(lat, "xmedia-c1", v, elapsed),
            "append_speedup": paired(lat, "xmedia-c1", v, append_phase),
            "best_append_speedup": best_paired(lat, "xmedia-c1", v, append_phase),
            # INIT and FINALIZE take one round trip whatever the concurrency.
            "bound": (segments + 2) / (math.ceil(segments / c) + 2),
            "append_bound": segments / math.ceil(segments / c),
            **_counts(lat, v),
        }
    return out


def latency_segments(settings: Figures) -> int:
    return math.ceil(int(settings["latency_mib"]) * MiB / int(settings["chunk"]))


def latency_after_body(runs: list[Run]) -> dict[int, Figures]:
    after = [r for r in runs if r["section"] == "latency-after-body"]
    return {
        int(v.split("-c")[1]): {
            "append_phase_s": med(append_phase(r) for r in _ok(_of(after, v))),
            "append_speedup": paired(after, "xmedia-c1", v, append_phase),
            "speedup": paired(after, "xmedia-c1", v, elapsed),
            "n": len(_ok(_of(after, v))),
            "tried": len(_of(after, v)),
        }
        for v in _variants(after)
    }


def polling(runs: list[Run]) -> dict[str, Figures]:
    pol = [r for r in runs if r["section"] == "polling"]
    out = {}
    for v in _variants(pol):
        mine = _ok(_of(pol, v))
        lags = [r["lag_s"] for r in mine if r["lag_s"] is not None]
        out[v] = {
            "lag_s": med(r["lag_s"] for r in mine),
            "lag_max_s": max(lags, default=None),
            "status_calls": med(r["status_calls"] for r in mine),
            **_counts(pol, v),
        }
    return out


def summarize(results: dict[str, Any]) -> Figures:
    settings = results["meta"]["settings"]
    runs: list[Run] = results["runs"]
    lat = [r for r in runs if r["section"] == "latency"]
    return {
        "settings": settings,
        "versions": results["meta"].get("versions", {}),
        "throughput": throughput(runs, settings["throughput_mib"]),
        "memory": memory(runs, settings),
        "latency": latency(runs, settings),
        "latency_after_body": latency_after_body(runs),
        "latency_segments": latency_segments(settings),
        "latency_raw_vs_c1": paired(lat, "raw-c1", "xmedia-c1", elapsed),
        "latency_raw_s": med(r["elapsed_s"] for r in _ok(_of(lat, "raw-c1"))),
        "polling": polling(runs),
        "failures": [
            f"{r['section']} {r['size_mib']} MiB {r['variant']} round {r['round']}: {r['error']}"
            for r in runs
            if not r.get("ok")
        ],
    }


def ingest_headroom(summary: Figures) -> tuple[float | None, float | None, float | None]:
    """(mock capacity MiB/s, fastest client MiB/s, their ratio) from the throughput runs."""
    s = summary["settings"]
    tp = summary["throughput"]
    cpus = [d["mock_cpu_s"] for d in tp.values() if d.get("mock_cpu_s")]
    # Multipart clients only: xdk's base64 JSON costs the mock more per byte.
    cpus = [tp[k]["mock_cpu_s"] for k in tp if k != "xdk" and tp[k].get("mock_cpu_s")] or cpus
    capacity = s["throughput_mib"] / statistics.median(cpus) if cpus else None
    rates = [d["mib_s"] for k, d in tp.items() if k != "xdk" and d.get("mib_s")]
    fastest = max(rates) if rates else None
    headroom = capacity / fastest if capacity and fastest else None
    return capacity, fastest, headroom


def client_cpu_ratio(summary: Figures, key: str = "xmedia-c1") -> float | None:
    """Client CPU of a variant ÷ the raw baseline's, for the same bytes (upload only)."""
    tp = summary["throughput"]
    raw_cpu = tp.get("raw-c1", {}).get("cpu_s")
    cpu = tp.get(key, {}).get("cpu_s")
    return cpu / raw_cpu if cpu and raw_cpu else None
