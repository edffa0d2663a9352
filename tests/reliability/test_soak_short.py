"""The short soak and kill/resume runs of ``make test`` (the full ones: ``make soak``).

Both call the same code as ``scripts/soak.py`` / ``scripts/kill_resume.py``, with fewer and
smaller uploads; seeds are fixed, so the fault schedule is the same on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))
from kill_resume import run_kill_resume  # noqa: E402
from soak import MiB, run_soak  # noqa: E402

SEED = 20261124


@pytest.mark.timeout(120)
def test_short_soak_every_upload_byte_exact_under_every_fault_kind(tmp_path: Path) -> None:
    report = run_soak(30, seed=SEED, max_size=8 * MiB, workdir=tmp_path)
    print("\n".join(report.lines()))
    assert report.failures == []
    assert report.refused_empty == 2  # the two 0-byte files, refused before any request
    assert report.uploaded == report.byte_exact == 28
    assert report.largest == 8 * MiB
    # Every kind of fault the mock can inject was injected, and each spoiled answer cost
    # exactly one retry (none went unnoticed, none exhausted an upload's budget).
    assert set(report.faults) == {"error", "rate_limit", "abort", "truncate", "slow", "latency"}
    assert report.retries == report.retry_causing_faults > 0
    assert report.max_retries_one_upload <= report.retry_budget
    assert report.ok


@pytest.mark.timeout(120)
def test_sigkilled_cli_resumes_byte_exact_without_resending_journaled_segments() -> None:
    report = run_kill_resume(3, seed=SEED)
    print("\n".join(report.lines()))
    assert [run.problems for run in report.runs] == [[], [], []]
    assert all(run.byte_exact for run in report.runs)
    assert sum(run.acked_resent for run in report.runs) == 0
    assert sum(run.journal_found for run in report.runs) >= 1
