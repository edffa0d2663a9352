"""`make demo`: upload a freshly generated sample video to the bundled mock with `xmedia upload`.

Nothing to set up by hand and no network: the mock runs in this process on a free loopback port
(short processing time, a little latency per APPEND so the bar is visible), the sample MP4 is
written by scripts/make_sample_video.py, and `xmedia upload` runs as a real subprocess with its
progress bar on this terminal. The media key is printed at the end.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from make_sample_video import write_sample_mp4
from xmedia_mock import FaultPlan, MockConfig, serve

MOCK_USER_TOKEN = "mock-user-token"  # the mock's documented demo credential
# Latency per APPEND (ms) so the progress bar moves at a human pace on loopback.
APPEND_LATENCY_MS = 120
# XMEDIA_DEMO_FAST=1 (used by the tests): a tiny video, no added latency, quick processing.
FAST = os.environ.get("XMEDIA_DEMO_FAST", "") not in ("", "0")


def xmedia_command() -> list[str]:
    """The installed `xmedia` script next to this interpreter, else `python -m xmedia.cli`."""
    script = Path(sys.executable).with_name("xmedia")
    if script.exists():
        return [str(script)]
    found = shutil.which("xmedia")
    return [found] if found else [sys.executable, "-m", "xmedia.cli"]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="xmedia-demo-") as workdir:
        sample = Path(workdir) / "sample.mp4"
        size = write_sample_mp4(sample, seconds=0.5 if FAST else 3.0)
        print(f"demo: wrote {sample.name}, a valid {size / 1024 / 1024:.1f} MiB H.264/MP4 video")

        config = MockConfig(
            processing_pending_secs=0.0 if FAST else 0.5,
            processing_secs=0.0 if FAST else 3.0,
            check_after_secs=1,
            faults=FaultPlan.parse("" if FAST else f"append:latency={APPEND_LATENCY_MS}"),
        )
        with serve(config) as server:
            print(f"demo: mock X API listening on {server.base_url}")
            env = {
                **os.environ,
                "X_ACCESS_TOKEN": MOCK_USER_TOKEN,
                "X_API_BASE_URL": server.base_url,
                "XMEDIA_JOURNAL_DIR": str(Path(workdir) / "journal"),
            }
            # No OAuth 1.0a variables from the caller's shell: they would take precedence.
            for name in ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN_SECRET"):
                env.pop(name, None)
            arguments = [
                "upload",
                str(sample),
                "--chunk-size",
                "256KiB",
                "--concurrency",
                "2",
                "--alt-text",
                "A drifting colour pattern",
                "--progress",
                "--json",
            ]
            shown = [sample.name if arg == str(sample) else arg for arg in arguments]
            print(f"demo: $ xmedia {shlex.join(shown)}")
            command = [*xmedia_command(), *arguments]
            # stderr (the progress bar) goes straight to this terminal; stdout is the JSON.
            result = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)
            lines = result.stdout.splitlines()
            if result.returncode != 0 or not lines:
                print(result.stdout, end="")
                print(f"demo: xmedia upload failed with exit code {result.returncode}")
                return result.returncode or 1
            record = json.loads(lines[-1])
            digest = server.state.upload_digest(record["media_id"])
            processing = record["processing"] or {}
            print(
                f"demo: media id {record['media_id']}, {record['size']} bytes, "
                f"processing {processing.get('state', 'none')}, ready: {record['ready']}"
            )
            print(
                f"demo: the mock assembled {digest.size} bytes in {digest.segment_count} "
                f"segments; sha256 matches the file: "
                f"{digest.sha256 == _sha256(sample)}"
            )
    print(f"demo: media key {record['media_key']}")
    return 0


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


if __name__ == "__main__":
    sys.exit(main())
