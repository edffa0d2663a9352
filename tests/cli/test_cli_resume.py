"""Reruns as a user makes them, real processes against the mock: a `--resume` rerun of several
files prints the finished ones again without uploading them; a second run on a file another
run is uploading is refused with a clear message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from xmedia._cli_errors import ExitCode
from xmedia_mock import FaultPlan, MockConfig, RunningServer, serve
from xmedia_mock.testing import PNG_HEAD


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with serve(MockConfig(processing_pending_secs=0.0, processing_secs=0.1)) as running:
        yield running


def _env(server: RunningServer, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("X_", "XMEDIA_"))}
    env.update(
        X_ACCESS_TOKEN="mock-user-token",
        X_API_BASE_URL=server.base_url,
        XMEDIA_JOURNAL_DIR=str(tmp_path / "journal"),
    )
    return env


def _png(path: Path, size: int) -> Path:
    path.write_bytes(PNG_HEAD + os.urandom(size - len(PNG_HEAD)))
    return path


def _xmedia(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xmedia", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_resume_rerun_prints_finished_files_again_without_uploading(
    server: RunningServer, tmp_path: Path
) -> None:
    files = [str(_png(tmp_path / f"{n}.png", 4096)) for n in range(3)]
    env = _env(server, tmp_path)
    first = _xmedia("upload", *files, "--json", env=env)
    assert first.returncode == 0, first.stderr
    inits = server.state.request_count("initialize")
    again = _xmedia("upload", *files, "--json", "--resume", env=env)
    assert again.returncode == 0, again.stderr
    assert server.state.request_count("initialize") == inits, "a finished file was uploaded again"
    ids = [json.loads(line)["media_id"] for line in first.stdout.splitlines()]
    assert [json.loads(line)["media_id"] for line in again.stdout.splitlines()] == ids


def test_second_run_on_a_file_being_uploaded_is_refused(
    server: RunningServer, tmp_path: Path
) -> None:
    png = _png(tmp_path / "slow.png", 64 * 1024)
    env = _env(server, tmp_path)
    server.state.faults.set_plan(FaultPlan.parse("append:latency=300"))
    appends = server.state.request_count("append")
    first = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "xmedia",
            "upload",
            str(png),
            "--chunk-size",
            "4KiB",
            "--concurrency",
            "1",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while server.state.request_count("append") <= appends:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        second = _xmedia("upload", str(png), "--resume", "--json", env=env)
    finally:
        server.state.faults.set_plan(FaultPlan())
        _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert second.returncode == ExitCode.INPUT, second.stderr
    assert "is uploading this file right now" in second.stderr
    assert "Traceback" not in second.stderr
    [record] = [json.loads(line) for line in second.stdout.splitlines()]
    assert record["error"]["type"] == "JournalBusyError"


def test_a_run_without_resume_says_it_starts_over_an_interrupted_upload(
    server: RunningServer, tmp_path: Path
) -> None:
    png = _png(tmp_path / "photo.png", 64 * 1024)
    env = _env(server, tmp_path)
    args = ("upload", str(png), "--json", "--chunk-size", "4KiB", "--concurrency", "1")
    limit, server.config.chunk_limit = server.config.chunk_limit, 2048  # APPENDs get 413
    try:
        first = _xmedia(*args, env=env)
    finally:
        server.config.chunk_limit = limit
    assert first.returncode == ExitCode.REJECTED, first.stderr
    assert "rerun with --resume" in first.stderr
    first_id = json.loads(first.stdout)["media_id"]

    again = _xmedia(*args, env=env)
    assert again.returncode == 0, again.stderr
    assert (
        f"photo.png has an interrupted upload (media {first_id}, 0/16 segments sent); "
        "starting a new one (--resume continues it instead)" in again.stderr
    )
    assert json.loads(again.stdout)["media_id"] != first_id

    # That upload finished: uploading the same file again is often meant, and gets no note.
    third = _xmedia(*args, env=env)
    assert third.returncode == 0 and "note:" not in third.stderr, third.stderr
