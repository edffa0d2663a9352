"""Smoke test of `make bench`: every piece runs end to end on tiny files (no timing assertions).

Runs ``python -m bench.run --smoke`` into a temporary directory: the mock as its own process, each
client (raw baseline, xmedia at several concurrencies, the xdk peer, the tweepy probe) as a child
process, every upload verified against the mock's digest, then BENCHMARKS.md, the plot and the
raw JSON written. Only shapes and correctness are checked; the figures of a smoke run mean nothing.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

_MISSING = [
    name
    for name in ("matplotlib", "psutil", "xdk", "tweepy")
    if importlib.util.find_spec(name) is None
]
pytestmark = pytest.mark.skipif(bool(_MISSING), reason=f"bench extra not installed: {_MISSING}")


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench-smoke")
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--out", str(out), "--work-dir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=480,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def test_writes_report_plot_and_results(smoke: Path) -> None:
    md = (smoke / "BENCHMARKS.md").read_text()
    for heading in (
        "## Summary",
        "## Throughput",
        "## Memory",
        "## Latency hiding",
        "## Polling",
        "## Whole process",
        "## Peers",
        "## Machine",
        "## Reproduce",
    ):
        assert heading in md
    assert "smoke run" in md
    png = (smoke / "docs" / "benchmarks.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    results = json.loads((smoke / "bench" / "results.json").read_text())
    assert results["meta"]["logical_cpus"] >= 1 and results["meta"]["python"]


def test_every_upload_ran_and_matched_the_mock_digest(smoke: Path) -> None:
    results = json.loads((smoke / "bench" / "results.json").read_text())
    runs = results["runs"]
    failures = [(r["section"], r["variant"], r["error"]) for r in runs if not r["ok"]]
    assert not failures
    assert all(r["digest_ok"] for r in runs)
    seen = {(r["section"], r["variant"]) for r in runs}
    assert {("throughput", "raw-c1"), ("throughput", "xmedia-c4"), ("throughput", "xdk")} <= seen
    assert {("latency", "xmedia-c1"), ("latency", "xmedia-c4")} <= seen
    assert {("latency-after-body", "xmedia-c1"), ("latency-after-body", "xmedia-c4")} <= seen
    assert {("polling", "xmedia-c4"), ("polling", "raw-c1")} <= seen


def test_measurements_are_present(smoke: Path) -> None:
    results = json.loads((smoke / "bench" / "results.json").read_text())
    for run in results["runs"]:
        assert run["elapsed_s"] > 0
        assert run["idle_rss"] > 0 and run["peak_rss"] > 0 and run["growth"] >= 0
        assert run["cpu_s"] > 0
    latency = [r for r in results["runs"] if r["section"].startswith("latency")]
    assert all({"init_done", "last_append_done"} <= r["trace"].keys() for r in latency)
    polling = [r for r in results["runs"] if r["section"] == "polling"]
    assert all(r["status_calls"] >= 1 and r["lag_s"] is not None for r in polling)


def test_tweepy_probe_reports_what_happened(smoke: Path) -> None:
    tweepy = json.loads((smoke / "bench" / "results.json").read_text())["tweepy"]
    assert tweepy["url_template"].endswith("/1.1/media/upload.json")
    assert "as_configured" in tweepy and "scheme_rewritten_to_http" in tweepy
