"""Proof that the suite can fail: run it against the mock with each planted defect and assert
that the checks meant to catch that defect report it.

Each run is a separate pytest process (a fresh import of the suite, as a user would run it),
stopped at the first failing test (`-x`): on the clean mock the suite is green, so whatever fails
first is the defect. The JUnit XML each run writes is also scanned for the bearer token.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from xmedia_mock import MockConfig, serve

from xmedia_contract import target
from xmedia_contract.defects import DEFECTS
from xmedia_contract.runner import pytest_args, suite_path

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
        selection=DEFECTS[defect].exposed_by,
        extra_args=[
            f"--plant-defect={defect}",
            f"--contract-report={report}",
            "-x",
            "-q",
            "--no-header",
            "--contract-no-shrink",
        ],
    )
    if IN_PROCESS:
        # The outer test's timeout (a process-wide alarm) keeps guarding the inner run.
        returncode, output = run_in_this_process([*args, "-p", "no:timeout"])
    else:
        env = {**os.environ, "CI": os.environ.get("CI", "true")}
        completed = subprocess.run(
            [sys.executable, "-m", "pytest", *args],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_SECS,
            env=env,
            check=False,
        )
        returncode, output = completed.returncode, completed.stdout + completed.stderr
    caught: set[str] = set()
    if report.exists():
        for line in report.read_text().splitlines():
            caught.update(json.loads(line)["checks"])
    junit_text = junit.read_text() if junit.exists() else ""
    return returncode, caught, junit_text + output


IN_PROCESS = os.environ.get("XMEDIA_META_SUBPROCESS", "") == ""


def run_in_this_process(args: list[str]) -> tuple[int, str]:
    """pytest.main on the suite inside this process, with the suite's modules imported afresh.

    Saves ~4 s of interpreter start and imports per defect. The suite's test modules (already
    imported by the outer session) are set aside so the inner run builds its own planted mock,
    and the outer run's settings are put back afterwards.
    """
    suite = suite_path()
    saved_settings = target.active()
    saved_modules = dict(sys.modules)
    for name, module in list(sys.modules.items()):
        origin = getattr(module, "__file__", None) or ""
        if (
            origin
            and Path(origin).parent == suite
            and Path(origin).name.startswith(("test_", "conftest"))
        ):
            del sys.modules[name]
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            returncode = int(pytest.main(args))
    finally:
        sys.modules.clear()
        sys.modules.update(saved_modules)
        target.configure(saved_settings)
    return returncode, buffer.getvalue()


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_suite_reports_planted_defect(defect: str, tmp_path: Path) -> None:
    returncode, caught, output = run_suite_with(defect, tmp_path)
    planted = DEFECTS[defect]
    assert returncode == 1, (
        f"suite did not fail on {defect!r} (exit {returncode}):\n{output[-3000:]}"
    )
    assert caught & planted.caught_by, (
        f"{defect!r} reported by {sorted(caught)}, none of {sorted(planted.caught_by)}:\n"
        f"{output[-3000:]}"
    )
    if planted.proves is not None:
        # The custom check must bite on its own: a built-in reporting the defect too is no proof.
        assert planted.proves in caught, (
            f"{defect!r} reported by {sorted(caught)}, not by {planted.proves}:\n{output[-3000:]}"
        )
    if planted.alone:
        assert caught == {planted.proves}, f"{defect!r} also reported by {sorted(caught)}"
    assert target.MOCK_USER_TOKEN not in output, "the bearer token leaked into the report"


def test_every_custom_check_is_registered_and_proven() -> None:
    """Schemathesis runs only the checks in its registry: a custom check that lost its
    `@schemathesis.check` (or was never listed) would pass every run silently."""
    from schemathesis.checks import CHECKS, load_all_checks

    from xmedia_contract import checks

    load_all_checks()
    registered = set(CHECKS.get_all_names())
    defined = {
        name
        for name, value in vars(checks).items()
        if inspect.isfunction(value)
        and value.__module__ == checks.__name__
        and list(inspect.signature(value).parameters) == ["ctx", "response", "case"]
    }
    custom = {check.__name__ for check in checks.CUSTOM_CHECKS}
    assert defined == custom, f"checks.CUSTOM_CHECKS misses {sorted(defined - custom)}"
    assert custom <= registered, f"not registered with Schemathesis: {sorted(custom - registered)}"
    for check in checks.CUSTOM_CHECKS:
        assert CHECKS.get_one(check.__name__) is check, f"{check.__name__} registered twice"
    proven = {defect.proves for defect in DEFECTS.values()}
    assert custom <= proven, f"no planted defect proves {sorted(custom - proven)}"


@pytest.mark.parametrize(
    "credentials",
    [
        {"X_ACCESS_TOKEN": "xsecret-bearer-7f3a9c"},
        {
            "X_API_KEY": "xsecret-consumer-key-51d2",
            "X_API_SECRET": "xsecret-consumer-secret-88ab",
            "X_ACCESS_TOKEN": "1-xsecret-access-token-c0de",
            "X_ACCESS_TOKEN_SECRET": "xsecret-token-secret-e11e",
        },
    ],
    ids=["bearer", "oauth1"],
)
def test_credentials_never_reach_junit_or_output(
    credentials: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run against a real server (the mock on loopback) with credentials it does not know:
    every answer is 401, the run fails and prints its failures (reproduction commands included),
    and none of the secrets may appear in them."""
    for name in ("X_ACCESS_TOKEN", "X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN_SECRET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in credentials.items():
        monkeypatch.setenv(name, value)
    junit = tmp_path / "junit.xml"
    with serve(MockConfig()) as server:
        args = pytest_args(
            server.base_url,
            junit_xml=str(junit),
            examples=3,
            allow_writes=True,
            selection=("test_upload_flows.py::test_chunked_upload_succeeds_and_conforms",),
            extra_args=["-q", "--contract-no-shrink", "-p", "no:timeout", "-rA", "-l"],
        )
        returncode, output = run_in_this_process(args)
    assert returncode == 1, output[-2000:]
    report = junit.read_text() + output
    assert "401" in report
    for value in credentials.values():
        assert value not in report
