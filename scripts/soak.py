"""Fault soak: many uploads through the wrapper against the mock over real sockets, ~15 % faults.

    python scripts/soak.py                     # 200 uploads (sizes 0-64 MiB) + 20 kill/resume runs
    python scripts/soak.py --uploads 30 --max-size 8MiB --kill-runs 0

Every upload must complete byte-exact (the SHA-256 the mock assembled at FINALIZE equals the
file's) within its retry budget; 0-byte files must be refused before any request
(EmptyFileError) and are counted as "refused as expected". Faults come from the mock's own
fault plan (every kind it supports: 5xx, 429, aborted and truncated responses, slow bodies,
latency), drawn from a seed, so a run is reproducible up to thread scheduling.

The mock runs on a ManualClock and the clients' ``sleep`` advances it: backoff, 429 waits and
processing polls cost no wall time; latency and slow bodies are real.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from xmedia import (
    AsyncXMedia,
    EmptyFileError,
    OAuth2UserToken,
    UploadConfig,
    UploadedMedia,
    XMedia,
)
from xmedia.testing import Runtime
from xmedia_mock import FaultPlan, ManualClock, MockConfig, serve
from xmedia_mock.testing import GIF_HEAD, MP4_HEAD, PNG_HEAD

KiB = 1024
MiB = 1024 * KiB
USER_TOKEN = "mock-user-token"

#: The soak's fault plan: every fault kind the mock supports, on every operation, ~15 % of
#: requests in total (~12 % spoil the answer, ~3 % are only delayed).
FAULT_PLAN = ";".join(
    [
        "*:error=500@0.03",
        "*:error=502@0.015",
        "*:error=503@0.025",
        "*:error=504@0.01",
        "*:rate_limit@0.02",
        "*:abort@0.015",
        "*:truncate@0.01",
        "*:slow=32768@0.015",
        "*:latency=25@0.03",
    ]
)
#: Attempts per request: at 15 % faults, 10 consecutive failures of one request are ~6e-9.
MAX_ATTEMPTS = 10
RETRY_BUDGET = 50
#: Per-upload segment count the chunk choice aims to stay under (keeps retries well in budget).
MAX_SEGMENTS_PER_UPLOAD = 64
CHUNK_CHOICES = (1 * KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 2 * MiB, 4 * MiB, 5 * MiB)
CONCURRENCY_CHOICES = (1, 2, 3, 4, 6, 8)


@dataclass(frozen=True)
class UploadCase:
    index: int
    size: int
    media_type: str
    chunk_size: int | None  # None: the library's automatic choice
    concurrency: int
    driver: str  # "sync" | "async"


@dataclass
class SoakReport:
    planned: int = 0
    uploaded: int = 0
    byte_exact: int = 0
    refused_empty: int = 0
    bytes_uploaded: int = 0
    retries: int = 0
    max_retries_one_upload: int = 0
    retry_budget: int = RETRY_BUDGET
    requests: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    error_statuses: Counter[int] = field(default_factory=Counter)
    drivers: Counter[str] = field(default_factory=Counter)
    media_created: int = 0
    media_finalized: int = 0
    largest: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def faults_total(self) -> int:
        return sum(self.faults.values())

    @property
    def retry_causing_faults(self) -> int:
        """Faults that spoil an answer (5xx, 429, abort, truncate): each must cost one retry."""
        return sum(self.faults[kind] for kind in ("error", "rate_limit", "abort", "truncate"))

    @property
    def ok(self) -> bool:
        expected = self.planned - self.refused_empty
        return (
            not self.failures
            and self.byte_exact == self.uploaded == expected
            and self.retries == self.retry_causing_faults
        )

    def lines(self) -> list[str]:
        expected = self.planned - self.refused_empty
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.faults.items()))
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.error_statuses.items()))
        rate = 100.0 * self.faults_total / self.requests if self.requests else 0.0
        return [
            f"uploads: {self.byte_exact}/{expected} byte-exact (server SHA-256 == file SHA-256); "
            f"{self.refused_empty} empty file(s) refused as expected (EmptyFileError); "
            f"{self.planned} planned",
            f"drivers: {dict(sorted(self.drivers.items()))}",
            f"bytes: {self.bytes_uploaded} ({self.bytes_uploaded / MiB:.1f} MiB), "
            f"largest file {self.largest / MiB:.1f} MiB",
            f"requests at the mock: {self.requests}; faults injected: {self.faults_total} "
            f"({rate:.1f} %) — {kinds}",
            f"injected error statuses: {statuses or 'none'}",
            f"retries: {self.retries} in total, at most {self.max_retries_one_upload} in one "
            f"upload (budget {self.retry_budget} per upload, {MAX_ATTEMPTS} attempts per request); "
            f"answer-spoiling faults {self.retry_causing_faults}: "
            f"{'one retry each' if self.retries == self.retry_causing_faults else 'MISMATCH'}",
            f"media ids created at the mock: {self.media_created}, finalized: "
            f"{self.media_finalized}; orphaned by INIT answers lost to faults: "
            f"{self.media_created - self.media_finalized} (never used; they expire server-side)",
            f"failures: {len(self.failures)}",
            *[f"  FAILED {line}" for line in self.failures],
            f"time: {self.seconds:.1f} s",
        ]


class _RetryCounter(logging.Handler):
    """Counts the wrapper's "retrying ..." log records (one per retry)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("retrying "):
            self.count += 1


def parse_size(text: str) -> int:
    units = {"KIB": KiB, "MIB": MiB, "GIB": 1024 * MiB, "B": 1}
    upper = text.strip().upper()
    for unit, factor in units.items():
        if upper.endswith(unit):
            return int(float(upper[: -len(unit)]) * factor)
    return int(upper)


def plan_cases(count: int, seed: int, max_size: int) -> list[UploadCase]:
    """Sizes 0..max_size: mostly small, some medium, a few large; two 0-byte files; the largest
    exactly ``max_size``."""
    rng = random.Random(seed)
    sizes: list[int] = [0, 0, 1, max_size] if count >= 4 else [max_size][:count]
    while len(sizes) < count:
        draw = rng.random()
        if draw < 0.85:
            sizes.append(rng.randint(1, min(max_size, 256 * KiB)))
        elif draw < 0.97:
            sizes.append(rng.randint(min(max_size, 256 * KiB), min(max_size, 4 * MiB)))
        else:
            sizes.append(rng.randint(min(max_size, 4 * MiB), max_size))
    rng.shuffle(sizes)
    cases = []
    for index, size in enumerate(sizes):
        kinds = ["video/mp4"]
        if 0 < size <= 5 * MiB:
            kinds.append("image/png")
        if 0 < size <= 15 * MiB:
            kinds.append("image/gif")
        media_type = rng.choice(kinds)
        fitting = [c for c in CHUNK_CHOICES if -(-size // c) <= MAX_SEGMENTS_PER_UPLOAD]
        chunk: int | None = None if rng.random() < 0.15 else rng.choice(fitting)
        cases.append(
            UploadCase(
                index=index,
                size=size,
                media_type=media_type,
                chunk_size=chunk,
                concurrency=rng.choice(CONCURRENCY_CHOICES),
                driver="async" if rng.random() < 0.2 else "sync",
            )
        )
    return cases


_HEADS = {"video/mp4": MP4_HEAD, "image/png": PNG_HEAD, "image/gif": GIF_HEAD}


def write_file(path: Path, case: UploadCase, seed: int) -> str:
    """Write the case's file (the media type's magic bytes, then random bytes); its SHA-256."""
    rng = random.Random(f"{seed}:{case.index}")
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        head = _HEADS[case.media_type][: case.size]
        handle.write(head)
        digest.update(head)
        left = case.size - len(head)
        while left > 0:
            block = rng.randbytes(min(left, 4 * MiB))
            handle.write(block)
            digest.update(block)
            left -= len(block)
    return digest.hexdigest()


def soak_mock_config(clock: ManualClock, seed: int, plan: str = FAULT_PLAN) -> MockConfig:
    return MockConfig(
        clock=clock,
        chunk_limit=max(CHUNK_CHOICES),  # the largest chunk any case sends
        verify_media_bytes=False,  # tiny files cannot carry a whole magic header
        rate_limits_enabled=False,  # 429s come from the fault plan instead
        processing_pending_secs=1.0,
        processing_secs=3.0,
        check_after_secs=1,
        faults=FaultPlan.parse(plan, seed=seed),
    )


def client_runtime(case: UploadCase, clock: ManualClock) -> Runtime:
    async def async_sleep(seconds: float) -> None:
        clock.advance(max(0.0, seconds))
        await anyio.sleep(0)

    return Runtime(
        clock=clock.now,
        sleep=clock.sleep,
        async_sleep=async_sleep,
        rng=random.Random(case.index),
    )


def client_config(case: UploadCase) -> UploadConfig:
    options: dict[str, object] = {
        "concurrency": case.concurrency,
        "max_attempts": MAX_ATTEMPTS,
        "retry_budget": RETRY_BUDGET,
        "request_timeout": 30.0,
        "journal": False,
    }
    if case.chunk_size is not None:
        options.update(chunk_size=case.chunk_size, chunk_size_forced=True)
    else:
        options["chunk_size"] = None
    return UploadConfig(**options)  # type: ignore[arg-type]


def _upload(
    case: UploadCase, path: Path, base_url: str, config: UploadConfig, runtime: Runtime
) -> UploadedMedia:
    auth = OAuth2UserToken(USER_TOKEN)
    if case.driver == "async":

        async def run() -> UploadedMedia:
            async with AsyncXMedia(
                auth, base_url=base_url, config=config, runtime=runtime
            ) as client:
                return await client.upload(path, media_type=case.media_type)

        return anyio.run(run)
    with XMedia(auth, base_url=base_url, config=config, runtime=runtime) as client:
        return client.upload(path, media_type=case.media_type)


def run_soak(
    count: int = 200,
    *,
    seed: int = 20261124,
    max_size: int = 64 * MiB,
    plan: str = FAULT_PLAN,
    workdir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> SoakReport:
    report = SoakReport(planned=count)
    cases = plan_cases(count, seed, max_size)
    clock = ManualClock(start=1_800_000_000.0)
    counter = _RetryCounter()
    xlog = logging.getLogger("xmedia")
    old_level = xlog.level
    xlog.setLevel(logging.INFO)
    xlog.addHandler(counter)
    own_dir = workdir is None
    directory = Path(tempfile.mkdtemp(prefix="xmedia-soak-")) if workdir is None else workdir
    started = time.monotonic()
    try:
        with serve(soak_mock_config(clock, seed, plan)) as server:
            for case in cases:
                path = directory / f"case-{case.index:03d}.bin"
                expected_sha = write_file(path, case, seed)
                before = counter.count
                try:
                    media = _upload(
                        case,
                        path,
                        server.base_url,
                        client_config(case),
                        client_runtime(case, clock),
                    )
                except EmptyFileError:
                    if case.size == 0:
                        report.refused_empty += 1
                    else:
                        report.failures.append(f"case {case}: EmptyFileError")
                    continue
                except Exception as exc:  # every failure is a soak failure, reported
                    report.failures.append(f"case {case}: {type(exc).__name__}: {exc}")
                    continue
                finally:
                    path.unlink(missing_ok=True)
                    retries = counter.count - before
                    report.retries += retries
                    report.max_retries_one_upload = max(report.max_retries_one_upload, retries)
                if case.size == 0:
                    report.failures.append(f"case {case}: a 0-byte file was uploaded")
                    continue
                report.uploaded += 1
                report.drivers[case.driver] += 1
                digest = server.state.upload_digest(media.media_id)
                if digest.sha256 == expected_sha and digest.size == case.size == media.size:
                    report.byte_exact += 1
                    report.bytes_uploaded += case.size
                    report.largest = max(report.largest, case.size)
                else:
                    report.failures.append(
                        f"case {case}: server has {digest.size} B sha {digest.sha256[:12]}, "
                        f"file {case.size} B sha {expected_sha[:12]}"
                    )
                if retries > RETRY_BUDGET:
                    report.failures.append(f"case {case}: {retries} retries > budget")
                # Finalized: the digest is kept, the segments on disk are not needed any more.
                upload = server.state.get_upload(media.media_id)
                if upload is not None:
                    shutil.rmtree(upload.directory, ignore_errors=True)
                if progress is not None and (case.index + 1) % 20 == 0:
                    progress(f"  {case.index + 1}/{count} done")
            stats = server.state.stats()
            report.requests = sum(
                n for by_status in stats["requests"].values() for n in by_status.values()
            )
            report.faults = Counter(stats["faults_injected"])
            report.media_created = int(stats["uploads"])
            report.media_finalized = int(stats["finalized"])
            for (_, status), n in server.state.requests.items():
                if status >= 500:
                    report.error_statuses[status] += n
    finally:
        xlog.removeHandler(counter)
        xlog.setLevel(old_level)
        if own_dir:
            shutil.rmtree(directory, ignore_errors=True)
    report.seconds = time.monotonic() - started
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=int(os.environ.get("SOAK_UPLOADS", 200)))
    parser.add_argument("--max-size", default=os.environ.get("SOAK_MAX_SIZE", "64MiB"))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SOAK_SEED", 20261124)))
    parser.add_argument("--kill-runs", type=int, default=int(os.environ.get("SOAK_KILL_RUNS", 20)))
    args = parser.parse_args(argv)

    print(f"soak: {args.uploads} uploads, sizes 0-{args.max_size}, seed {args.seed}")
    print(f"fault plan: {FAULT_PLAN}")
    report = run_soak(
        args.uploads,
        seed=args.seed,
        max_size=parse_size(args.max_size),
        progress=lambda line: print(line, flush=True),
    )
    for line in report.lines():
        print(line)
    ok = report.ok
    if args.kill_runs:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from kill_resume import run_kill_resume

        print(f"kill/resume: {args.kill_runs} SIGKILLs of `xmedia upload --resume`")
        kill = run_kill_resume(args.kill_runs, seed=args.seed)
        for line in kill.lines():
            print(line)
        ok = ok and kill.ok
    print("SOAK PASSED" if ok else "SOAK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
