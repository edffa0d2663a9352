"""docs/benchmarks.png: latency hiding, memory growth by file size, throughput — one panel each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .summary import MEMORY_TARGET_MIB, SPEEDUP_AT, SPEEDUP_TARGET, Figures
from .variants import label, order

NAN = float("nan")


def _latency_panel(ax: Any, summary: Figures) -> None:
    lat = summary["latency"]
    cs = sorted(lat)
    ax.plot(cs, [lat[c]["append_speedup"] or NAN for c in cs], "o-", label="APPEND phase")
    ax.plot(cs, [lat[c]["speedup"] or NAN for c in cs], "s-", label="whole upload")
    after = summary.get("latency_after_body") or {}
    if after:
        ca = sorted(after)
        ax.plot(
            ca,
            [after[c]["append_speedup"] or NAN for c in ca],
            "^:",
            label="APPEND phase, latency after body (diagnostic)",
        )
    ax.plot(
        cs, [lat[c]["append_bound"] for c in cs], ":", color="grey", label="ideal, APPEND phase"
    )
    ax.plot(cs, [lat[c]["bound"] for c in cs], "--", color="grey", label="ideal, whole upload")
    ax.axhline(
        SPEEDUP_TARGET, color="red", lw=0.8, label=f"target {SPEEDUP_TARGET}x at {SPEEDUP_AT}"
    )
    s = summary["settings"]
    ax.set(
        title=f"Latency hiding: {s['latency_mib']} MiB, {s['latency_ms']} ms/request",
        xlabel="concurrency",
        ylabel="speed-up vs concurrency 1",
        xticks=cs,
    )
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)


def _memory_panel(ax: Any, summary: Figures) -> None:
    mem = summary["memory"]
    for v in sorted(mem, key=order):
        sizes = sorted(mem[v])
        ax.plot(
            sizes,
            [mem[v][m]["growth_mib"] or NAN for m in sizes],
            "o:" if v.endswith("-mmap") else "o-",
            color={"raw-c1": "C0", "xdk": "C3"}.get(v, "C1" if v.startswith("xmedia") else None),
            label=label(v, summary["versions"]),
        )
    ax.axhline(MEMORY_TARGET_MIB, color="red", lw=0.8, label=f"target {MEMORY_TARGET_MIB:g} MiB")
    ax.set_xscale("log", base=2)
    all_sizes = sorted({m for v in mem for m in mem[v]})
    ax.set_xticks(all_sizes, [f"{m} MiB" for m in all_sizes])
    ax.minorticks_off()
    chunk_mib = summary["settings"]["chunk"] / (1024 * 1024)
    ax.set(title=f"Peak RSS growth over idle ({chunk_mib:g} MiB chunks)", xlabel="file size")
    ax.set(ylabel="MiB")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12))


def _throughput_panel(ax: Any, summary: Figures) -> None:
    tp = summary["throughput"]
    keys = sorted(tp, key=order)
    ax.barh([label(k, summary["versions"]) for k in keys], [tp[k]["mib_s"] or 0 for k in keys])
    size = summary["settings"]["throughput_mib"]
    ax.set(title=f"Throughput, {size} MiB over loopback", xlabel="MiB/s")
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=8)


def plot(summary: Figures, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(17, 6.5))
    for panel, ax in zip((_latency_panel, _memory_panel, _throughput_panel), axes, strict=True):
        panel(ax, summary)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
