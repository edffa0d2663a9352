"""Ctrl-C in the middle of a real `xmedia upload`, then `--resume`: only missing segments go."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner
from xmedia._cli_errors import ExitCode
from xmedia.cli import app
from xmedia_mock import FaultPlan, MockConfig, serve

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from make_sample_video import write_sample_mp4

CONCURRENCY = 2
ACKED_BEFORE_INTERRUPT = 6
_HELD = ",".join(str(n) for n in range(ACKED_BEFORE_INTERRUPT + 1, ACKED_BEFORE_INTERRUPT + 4))


def _wait_for(condition: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


def test_interrupted_upload_resumes_without_resending_acknowledged_segments(
    tmp_path: Path,
) -> None:
    video = tmp_path / "clip.mp4"
    write_sample_mp4(video, seconds=0.5, width=160, height=128)
    segments = -(-video.stat().st_size // (4 * 1024))
    config = MockConfig(
        # The appends after the ones the test waits for are held long enough for the SIGINT to
        # land mid-upload whatever the machine's load (a finished upload would prove nothing).
        faults=FaultPlan.parse(
            "append:latency=100;append#"
            + ",".join(
                str(n) for n in range(ACKED_BEFORE_INTERRUPT + 1, ACKED_BEFORE_INTERRUPT + 4)
            )
            + ":latency=5000"
        ),
        processing_pending_secs=0.0,
        processing_secs=0.1,
    )
    with serve(config) as server:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN_SECRET"}
        }
        env.update(
            X_ACCESS_TOKEN="mock-user-token",
            X_API_BASE_URL=server.base_url,
            XMEDIA_JOURNAL_DIR=str(tmp_path / "journal"),
        )
        command = [
            sys.executable,
            "-m",
            "xmedia.cli",
            "upload",
            str(video),
            "--json",
            "--chunk-size",
            "4KiB",
            "--concurrency",
            str(CONCURRENCY),
        ]
        first = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            # Interrupt once some APPENDs were answered, not after a fixed delay.
            _wait_for(lambda: server.state.request_count("append") >= ACKED_BEFORE_INTERRUPT)
            first.send_signal(signal.SIGINT)
            out, err = first.communicate(timeout=30)
        finally:
            if first.poll() is None:
                first.kill()
        assert first.returncode == ExitCode.INTERRUPTED, err
        [interrupted] = [json.loads(line) for line in out.splitlines()]
        assert interrupted["file"] == str(video)
        assert interrupted["error"]["type"] == "KeyboardInterrupt"
        assert interrupted["error"]["exit_code"] == ExitCode.INTERRUPTED
        assert "--resume" in err and "Traceback" not in err
        # The interrupted run created exactly one upload; the rerun must continue that one.
        interrupted_ids = list(server.state.uploads)
        assert len(interrupted_ids) == 1

        server.state.faults.set_plan(FaultPlan())  # the second run need not be slow
        # In-process this time (saves an interpreter start); same journal directory.
        second = CliRunner().invoke(app, [*command[3:], "--resume", "--no-wait"], env=env)
        assert second.exit_code == 0, second.output
        record = json.loads(second.stdout)
        digest = server.state.upload_digest(record["media_id"])
        initializations = server.state.request_count("initialize")

    assert record["media_id"] == interrupted_ids[0]
    assert initializations == 1, "the rerun started a new upload instead of resuming"

    assert digest.sha256 == hashlib.sha256(video.read_bytes()).hexdigest()
    assert sorted(digest.append_counts) == list(range(segments))
    resent = [index for index, count in digest.append_counts.items() if count > 1]
    # At most the APPENDs in flight at the interrupt are sent twice.
    assert len(resent) <= CONCURRENCY, digest.append_counts
