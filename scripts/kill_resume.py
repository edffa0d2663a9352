"""Kill and resume: SIGKILL a real ``xmedia upload --resume`` at random points, then resume it.

    python scripts/kill_resume.py --runs 20

Each run uploads a fresh file (a fake MP4, many small segments) with the real CLI in a
subprocess against the mock (uvicorn in a thread of this process, every APPEND delayed so the
upload takes a while), kills it with SIGKILL at a random point — during start-up, after the
n-th APPEND reached the mock, or once FINALIZE reached it — then runs the same command again.

What each run checks, counting APPENDs per segment at the mock:
- the second run completes and the mock's assembled SHA-256 equals the file's;
- when the killed run left a journal, the second run continues the same media id, and every
  segment the journal records as acknowledged is not sent again (its APPEND count is
  unchanged);
- the second run sends exactly one APPEND per segment missing from the journal. Among those,
  segments whose APPEND reached the mock (and was stored) but whose acknowledgement never made
  it into the journal — in flight at the kill — ARE sent again: that is by design (re-sending a
  segment replaces it) and they are counted as "in-flight re-sent" (at most one per parallel
  APPEND worker);
- the journal is never torn (it parses), and it is gone after the successful resume, temporary
  files of a write the kill interrupted included.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from xmedia_mock import FaultPlan, MockConfig, RunningServer, serve
from xmedia_mock.testing import MP4_HEAD

KiB = 1024
CHUNK = 2 * KiB
CONCURRENCY = 3
APPEND_LATENCY_MS = 30
USER_TOKEN = "mock-user-token"


@dataclass
class KillRun:
    index: int
    kill_point: str
    segments: int
    killed: bool = False
    journal_found: bool = False
    journal_acked: int = 0
    resumed_same_media: bool | None = None
    acked_resent: int = 0  # must stay 0
    in_flight_resent: int = 0  # stored at the mock, not journaled: allowed
    appends_in_resume: int = 0
    expected_appends_in_resume: int = 0
    byte_exact: bool = False
    journal_left_after: bool = False
    temp_files_left: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class KillReport:
    runs: list[KillRun] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(run.ok for run in self.runs)

    @property
    def failed(self) -> list[KillRun]:
        return [run for run in self.runs if not run.ok]

    def lines(self) -> list[str]:
        points = Counter(run.kill_point.split("=")[0] for run in self.runs)
        passed = sum(run.ok for run in self.runs)
        return [
            f"kill/resume runs: {passed}/{len(self.runs)} passed "
            f"(kill points: {dict(sorted(points.items()))}); "
            f"{sum(r.killed for r in self.runs)} killed before finishing",
            f"resumed from a journal: {sum(r.journal_found for r in self.runs)} "
            f"(same media id every time: "
            f"{all(r.resumed_same_media for r in self.runs if r.journal_found)}); "
            f"journaled segments re-sent: {sum(r.acked_resent for r in self.runs)}; "
            f"in-flight segments re-sent (stored at the mock, not yet journaled): "
            f"{sum(r.in_flight_resent for r in self.runs)}",
            f"APPENDs in the resumed runs: {sum(r.appends_in_resume for r in self.runs)} "
            f"(= segments missing from the journals: "
            f"{sum(r.expected_appends_in_resume for r in self.runs)}); "
            f"byte-exact: {sum(r.byte_exact for r in self.runs)}/{len(self.runs)}",
            *[
                f"  run {r.index:02d} kill at {r.kill_point:<12} segments {r.segments:3d}: "
                + (
                    f"journal {r.journal_acked:3d} acked, "
                    if r.journal_found
                    else "no journal (fresh upload), "
                )
                + f"resume sent {r.appends_in_resume:3d} APPENDs "
                f"({r.in_flight_resent} in-flight re-sent), "
                f"{'byte-exact' if r.byte_exact else 'MISMATCH'}"
                for r in self.runs
            ],
            f"journal temp files left after the resumes: "
            f"{sum(r.temp_files_left for r in self.runs)}",
            *[
                f"  FAILED run {r.index} ({r.kill_point}): {'; '.join(r.problems)}"
                for r in self.failed
            ],
            f"time: {self.seconds:.1f} s",
        ]


def _env(server: RunningServer, journal_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN_SECRET", "XMEDIA_DEBUG"}
    }
    env.update(
        X_ACCESS_TOKEN=USER_TOKEN,
        X_API_BASE_URL=server.base_url,
        XMEDIA_JOURNAL_DIR=str(journal_dir),
    )
    return env


def _command(path: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "xmedia.cli",
        "upload",
        str(path),
        "--resume",
        "--no-wait",
        "--json",
        "--no-progress",
        "--category",
        "tweet_video",
        "--chunk-size",
        f"{CHUNK}",
        "--concurrency",
        str(CONCURRENCY),
    ]


def _counts(server: RunningServer, media_id: str) -> dict[int, int]:
    try:
        return dict(server.state.upload_digest(media_id).append_counts)
    except KeyError:
        return {}


def _wait_for_kill_point(
    proc: subprocess.Popen[bytes], server: RunningServer, point: tuple[str, float]
) -> bool:
    """Block until the kill point is reached; False if the process ended first."""
    kind, value = point
    state = server.state
    base_appends = state.request_count("append")
    base_inits = state.request_count("initialize")
    base_finals = state.request_count("finalize")
    started = time.monotonic()
    while proc.poll() is None:
        if kind == "time" and time.monotonic() - started >= value:
            return True
        if kind == "appends":
            if value == 0 and state.request_count("initialize") > base_inits:
                return True
            if value > 0 and state.request_count("append") - base_appends >= value:
                return True
        if kind == "finalize" and state.request_count("finalize") > base_finals:
            return True
        time.sleep(0.002)
    return False


def one_run(index: int, server: RunningServer, workdir: Path, rng: random.Random) -> KillRun:
    path = workdir / f"clip-{index:02d}.mp4"
    size = rng.randint(40 * CHUNK, 80 * CHUNK) + rng.randint(0, CHUNK - 1)
    data = MP4_HEAD + rng.randbytes(size - len(MP4_HEAD))
    path.write_bytes(data)
    segments = -(-size // CHUNK)
    journal_dir = workdir / f"journal-{index:02d}"
    draw = rng.random()
    point: tuple[str, float]
    if draw < 0.15:
        point = ("time", rng.uniform(0.0, 1.5))
    elif draw < 0.25:
        point = ("finalize", 1)
    else:
        point = ("appends", rng.randint(0, segments))
    label = f"time={point[1]:.2f}s" if point[0] == "time" else f"{point[0]}={int(point[1])}"
    run = KillRun(index, label, segments)
    env = _env(server, journal_dir)

    proc = subprocess.Popen(
        _command(path), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    reached = _wait_for_kill_point(proc, server, point)
    if reached and proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        run.killed = True
    proc.wait(timeout=60)
    if run.killed and proc.returncode != -signal.SIGKILL:
        run.problems.append(f"killed process exited {proc.returncode}")
    # Let APPENDs the mock was still handling at the kill finish (or fail) before counting.
    time.sleep(APPEND_LATENCY_MS / 1000 + 0.2)

    journal_files = list(journal_dir.glob("*.json")) if journal_dir.exists() else []
    acked: set[int] = set()
    journal_media: str | None = None
    before: dict[int, int] = {}
    if journal_files:
        run.journal_found = True
        try:
            entry = json.loads(journal_files[0].read_text(encoding="utf-8"))
        except ValueError:
            run.problems.append("journal is torn (not JSON)")
            entry = {}
        journal_media = str(entry.get("media_id"))
        acked = {int(i) for i in entry.get("acked", [])}
        run.journal_acked = len(acked)
        before = _counts(server, journal_media)
        unstored = sorted(i for i in acked if before.get(i, 0) < 1)
        if unstored:
            run.problems.append(f"journal acks segments the mock never stored: {unstored[:5]}")

    resumed = subprocess.run(
        _command(path), env=env, capture_output=True, text=True, timeout=180, check=False
    )
    if resumed.returncode != 0:
        run.problems.append(f"resume exited {resumed.returncode}: {resumed.stderr.strip()[-300:]}")
        return run
    media_id = str(json.loads(resumed.stdout.splitlines()[-1])["media_id"])
    after = _counts(server, media_id)
    if journal_media is not None:
        run.resumed_same_media = media_id == journal_media
        if not run.resumed_same_media:
            run.problems.append(f"resume started over ({journal_media} -> {media_id})")
    if media_id != journal_media:
        before = {}
        acked = set()
    run.acked_resent = sum(1 for i in acked if after.get(i, 0) != before.get(i, 0))
    if run.acked_resent:
        run.problems.append(f"{run.acked_resent} journaled segment(s) sent again")
    missing = [i for i in range(segments) if i not in acked]
    run.expected_appends_in_resume = len(missing)
    run.appends_in_resume = sum(after.values()) - sum(before.values())
    if run.appends_in_resume != len(missing):
        run.problems.append(
            f"resume sent {run.appends_in_resume} APPENDs for {len(missing)} missing segments"
        )
    run.in_flight_resent = sum(1 for i in missing if before.get(i, 0) >= 1)
    if run.in_flight_resent > CONCURRENCY:
        # Each of the CONCURRENCY workers holds one segment at a time: no more can be stored at
        # the mock without being in the journal.
        run.problems.append(f"{run.in_flight_resent} in-flight segments > {CONCURRENCY} workers")
    digest = server.state.upload_digest(media_id)
    run.byte_exact = digest.sha256 == hashlib.sha256(data).hexdigest() and digest.size == size
    if not run.byte_exact:
        run.problems.append("assembled bytes differ from the file")
    # A finalized or finished upload's record stays (a resume polls it or returns it instead
    # of uploading again); one still uploading means the resume did not finish.
    run.journal_left_after = any(
        json.loads(f.read_text()).get("state") == "uploading" for f in journal_dir.glob("*.json")
    )
    if run.journal_left_after:
        run.problems.append("unfinished journal still present after a successful upload")
    run.temp_files_left = len(list(journal_dir.glob(".journal-*"))) if journal_dir.exists() else 0
    if run.temp_files_left:
        run.problems.append(f"{run.temp_files_left} journal temp file(s) left after the resume")
    path.unlink(missing_ok=True)
    return run


def kill_mock_config() -> MockConfig:
    return MockConfig(
        chunk_limit=CHUNK,
        rate_limits_enabled=False,
        faults=FaultPlan.parse(f"append:latency={APPEND_LATENCY_MS}"),
    )


def run_kill_resume(runs: int = 20, *, seed: int = 20261124) -> KillReport:
    report = KillReport()
    rng = random.Random(seed)
    workdir = Path(tempfile.mkdtemp(prefix="xmedia-kill-"))
    started = time.monotonic()
    try:
        with serve(kill_mock_config()) as server:
            for index in range(runs):
                report.runs.append(one_run(index, server, workdir, rng))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report.seconds = time.monotonic() - started
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20261124)
    args = parser.parse_args(argv)
    report = run_kill_resume(args.runs, seed=args.seed)
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
