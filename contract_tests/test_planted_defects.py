"""Proof that the suite can fail: run it against the mock with each planted defect and assert
that the checks meant to catch that defect report it.

Each run is a separate pytest process (a fresh import of the suite, as a user would run it),
stopped at the first failing test (`-x`): on the clean mock the suite is green, so whatever fails
first is the defect. The JUnit XML each run writes is also scanned for the bearer token.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from xmedia_contract import target
from xmedia_contract.defects import DEFECTS
from xmedia_contract.runner import pytest_args

pytestmark = [pytest.mark.meta, pytest.mark.mock_only]

# Few examples are enough: a planted defect shows up on the first requests that reach it.
META_EXAMPLES = 8
RUN_TIMEOUT_SECS = 240


def run_suite_with(defect: str, workdir: Path) -> tuple[int, set[str], str]:
    report = workdir / "failures.jsonl"
    junit = workdir / "junit.xml"
    args = pytest_args(
        None,
        junit_xml=str(junit),
        examples=META_EXAMPLES,
        extra_args=[
            f"--plant-defect={defect}",
            f"--contract-report={report}",
            "-x",
            "-q",
            "--no-header",
            "-p",
            "no:randomly",
        ],
    )
    env = {**os.environ, "CI": os.environ.get("CI", "true")}
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", *args],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECS,
        env=env,
        check=False,
    )
    caught: set[str] = set()
    if report.exists():
        for line in report.read_text().splitlines():
            caught.update(json.loads(line)["checks"])
    junit_text = junit.read_text() if junit.exists() else ""
    return completed.returncode, caught, junit_text + completed.stdout + completed.stderr


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_suite_reports_planted_defect(defect: str, tmp_path: Path) -> None:
    returncode, caught, output = run_suite_with(defect, tmp_path)
    expected = DEFECTS[defect].caught_by
    assert returncode == 1, (
        f"suite did not fail on {defect!r} (exit {returncode}):\n{output[-3000:]}"
    )
    assert caught & expected, (
        f"{defect!r} reported by {sorted(caught)}, none of {sorted(expected)}:\n{output[-3000:]}"
    )
    assert target.MOCK_USER_TOKEN not in output, "the bearer token leaked into the report"
