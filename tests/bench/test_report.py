"""The report is a function of bench/results.json: the committed BENCHMARKS.md is exactly what the
committed results render to, so prose, template and numbers cannot drift apart."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from bench.report import markdown
from bench.summary import summarize
from bench.variants import label

REPO = Path(__file__).resolve().parents[2]
RESULTS = json.loads((REPO / "bench" / "results.json").read_text(encoding="utf-8"))


def test_committed_report_is_the_rendering_of_the_committed_results() -> None:
    rendered = markdown(RESULTS, summarize(RESULTS), plot_path="docs/benchmarks.png")
    committed = (REPO / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert rendered == committed, "rerun `make bench-render` (or `make bench`) and commit"


def test_every_measured_variant_has_a_label_with_the_measured_peer_version() -> None:
    versions = RESULTS["meta"]["versions"]
    keys = {run["variant"] for run in RESULTS["runs"]}
    assert all(label(key, versions) != key for key in keys)
    assert label("xdk", versions) == f"xdk {versions['xdk']} (official SDK), sequential"
    assert label("xmedia-c4") == "xmedia, concurrency 4 (default)"
    assert label("raw-c8") == "raw httpx, 8 threads"


REPORT_MODULES = ("run", "summary", "report", "plot", "gaps", "variants", "sections")


def test_no_report_function_is_a_monolith() -> None:
    long = [
        f"{path.name}:{node.name} ({(node.end_lineno or node.lineno) - node.lineno + 1} lines)"
        for path in (REPO / "bench" / f"{name}.py" for name in REPORT_MODULES)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > 60
    ]
    assert not long
