"""`make bench`: every benchmark against the mock over loopback → BENCHMARKS.md and the plot.

    python -m bench.run                      # full run (~5-8 minutes on 2 cores)
    python -m bench.run --smoke --out DIR    # tiny files, 1 run each: every piece, in seconds

Design (see BENCHMARKS.md for the figures):
- The mock runs as its own process (``bench.mock_server``), one instance per section, each with
  the section's settings (latency fault, processing times). Segments go to a temporary directory.
- Every upload is its own child process (``bench.client_xmedia``, ``bench.baseline_raw_httpx``,
  ``bench.peer_xdk``): its peak RSS, idle RSS and CPU time belong to that upload alone. The parent
  reaps it with ``os.wait4`` for an independent rusage reading.
- Runs are interleaved round by round (the order rotates every round) so machine noise falls on
  every variant alike; each figure is the median over rounds, and ratios are taken within a round
  (same moment, same noise) before the median.
- Every upload is checked byte-exact against the mock's digest (sha256 and size) of what it
  assembled, so a fast-but-wrong upload cannot count.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench import sections
from bench.plot import plot as write_plot
from bench.report import markdown
from bench.summary import summarize

REPO = Path(__file__).resolve().parents[1]
MiB = 1024 * 1024
RESULT_PREFIX = "BENCH_RESULT "
MOCK_PREFIX = "BENCH_MOCK_URL "


@dataclass(frozen=True)
class Settings:
    """Sizes in MiB, chunk in bytes, timeouts in seconds."""

    runs: int = 5
    # Sections whose figures are ratios of sub-second timings get more rounds (cheap, and the
    # median then shrugs off a burst of load from the machine's other users); the slow xdk peer
    # stays at ``runs``.
    throughput_runs: int | None = 7
    latency_runs: int | None = 9
    chunk: int = 4 * MiB
    throughput_mib: int = 256
    memory_mib: tuple[int, ...] = (64, 256, 1024)
    memory_concurrency: int = 4
    latency_mib: int = 64
    latency_ms: int = 50
    concurrencies: tuple[int, ...] = (1, 2, 4, 8)
    ingest_concurrency: int = 8
    latency_raw: bool = True
    polling_mib: int = 4
    # Processing ends 1.5 s after FINALIZE: not a multiple of check_after_secs, so a poller
    # that follows check_after_secs cannot land on the transition by luck.
    processing_pending_secs: float = 0.5
    processing_secs: float = 1.0
    check_after_secs: int = 1
    run_timeout: float = 180.0
    # xdk is sequential and base64-encodes every chunk: at 1 GiB one run takes 25-40 s here,
    # five would push `make bench` past its 10-minute budget, so by default the peer runs at the
    # memory sizes up to 256 MiB (``--peer-max-mib 1024`` adds 1 GiB, ~+2.5 minutes).
    peer_max_mib: int | None = 256
    smoke: bool = False


FULL = Settings()
SMOKE = Settings(
    runs=1,
    throughput_runs=None,
    latency_runs=None,
    chunk=256 * 1024,
    throughput_mib=2,
    memory_mib=(2,),
    latency_mib=1,
    latency_ms=5,
    concurrencies=(1, 4),
    latency_raw=False,
    polling_mib=1,
    processing_pending_secs=0.1,
    processing_secs=0.2,
    run_timeout=60.0,
    smoke=True,
)


# ---------------------------------------------------------------------------------------------
# Variants: who uploads, how.


@dataclass(frozen=True)
class Variant:
    key: str  # stable id used in results, e.g. "xmedia-c4"; bench.variants.label() names it
    module: str  # child module run with ``python -m``
    concurrency: int = 1
    env: tuple[tuple[str, str], ...] = ()  # extra environment for the child

    def args(self, chunk: int) -> list[str]:
        out = ["--chunk-size", str(chunk)]
        if self.module != "bench.peer_xdk":
            out += ["--concurrency", str(self.concurrency)]
        if self.module == "bench.client_xmedia":
            out.append("--preflight-first")  # the upload's figures; inspection costs apart
        return out


def raw(c: int) -> Variant:
    return Variant(f"raw-c{c}", "bench.baseline_raw_httpx", c)


def wrapper(c: int) -> Variant:
    return Variant(f"xmedia-c{c}", "bench.client_xmedia", c)


XDK = Variant("xdk", "bench.peer_xdk", 1)


#: Diagnostic: xmedia with glibc's mmap threshold pinned at 1 MiB, so every 4 MiB buffer is its
#: own mapping, returned to the OS when freed (the default dynamic threshold rises after the
#: first free and later buffers come from a heap that fragments). Shows how much of the
#: wrapper's growth is allocator retention rather than live data.
def wrapper_pinned_mmap(c: int) -> Variant:
    return Variant(
        f"xmedia-c{c}-mmap",
        "bench.client_xmedia",
        c,
        (("MALLOC_MMAP_THRESHOLD_", str(MiB)),),
    )


# ---------------------------------------------------------------------------------------------
# Test data.


@dataclass(frozen=True)
class DataFile:
    path: Path
    size: int
    sha256: str


def make_file(directory: Path, mib: int) -> DataFile:
    """An MP4-looking file (an ``ftyp`` box, then pseudo-random bytes) of ``mib`` MiB.

    One 8 MiB random block is drawn, and every 8 MiB piece of the file is that block behind its
    own 8-byte piece number: no two segments are alike, and 1 GiB takes a second, not half a
    minute of ``os.urandom``. Nothing on the path compresses or deduplicates.
    """
    size = mib * MiB
    path = directory / f"bench-{mib}MiB.mp4"
    digest = hashlib.sha256()
    header = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    piece = 8 * MiB
    block = os.urandom(piece)
    with path.open("wb") as fh:
        written = 0
        index = 0
        while written < size:
            n = min(piece, size - written)
            data = (index.to_bytes(8, "little") + block[8:])[:n]
            if index == 0:
                data = header + data[len(header) :]
            fh.write(data)
            digest.update(data)
            written += n
            index += 1
    return DataFile(path, size, digest.hexdigest())


# ---------------------------------------------------------------------------------------------
# The mock, as a separate process.


class MockProcess:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None
        self.base_url = ""

    def __enter__(self) -> MockProcess:
        env = {**os.environ, **self.env}
        self._log_fh = self.log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.mock_server"],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log_fh,
        )
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 30
        line = b""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if line.startswith(MOCK_PREFIX.encode()):
                self.base_url = line.decode().split()[1]
                break
        if not self.base_url:
            self.__exit__(None, None, None)
            raise RuntimeError(f"mock did not start; see {self.log}")
        # Fail early if it does not answer.
        httpx.get(self.base_url + "/_mock/health", timeout=10).raise_for_status()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            with contextlib.suppress(Exception):
                assert self.proc.stdin is not None
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self._log_fh.close()

    def stats(self) -> dict[str, Any]:
        resp = httpx.get(self.base_url + "/_mock/stats", timeout=30)
        resp.raise_for_status()
        return dict(resp.json())

    def digest(self, media_id: str) -> dict[str, Any]:
        """sha256, size and segment counts of what the mock assembled for ``media_id``."""
        resp = httpx.get(self.base_url + f"/_mock/uploads/{media_id}", timeout=120)
        resp.raise_for_status()
        return dict(resp.json())

    def cpu_seconds(self) -> float:
        """User + system CPU time the mock process has used so far."""
        import psutil  # type: ignore[import-untyped]

        assert self.proc is not None
        times = psutil.Process(self.proc.pid).cpu_times()
        return float(times.user + times.system)

    def set_faults(self, plan: str) -> None:
        resp = httpx.post(self.base_url + "/_mock/faults", json={"plan": plan}, timeout=30)
        resp.raise_for_status()

    def set_latency_after_body(self, ms: float) -> None:
        """The benchmark-only latency of ``bench.mock_server`` (see its docstring)."""
        url = self.base_url + "/_bench/latency-after-body"
        httpx.post(url, json={"ms": ms}, timeout=30).raise_for_status()

    def reset(self) -> None:
        """Forget uploads (their segments are deleted) and counters; the fault plan stays."""
        httpx.post(self.base_url + "/_mock/reset", timeout=60).raise_for_status()


def status_count(stats: dict[str, Any]) -> int:
    return sum(int(n) for n in stats.get("requests", {}).get("status", {}).values())


# ---------------------------------------------------------------------------------------------
# One upload in a child process.


@dataclass
class Run:
    section: str
    variant: str
    size_mib: int
    concurrency: int
    round: int
    ok: bool = False
    error: str | None = None
    elapsed_s: float | None = None
    idle_rss: int | None = None
    peak_rss: int | None = None
    growth: int | None = None
    cpu_s: float | None = None
    rusage_maxrss: int | None = None
    digest_ok: bool | None = None
    status_calls: int | None = None
    lag_s: float | None = None
    trace: dict[str, Any] = field(default_factory=dict)
    mock_cpu_s: float | None = None
    cpu_upload_s: float | None = None


def run_child(
    module: str,
    args: Sequence[str],
    timeout: float,
    env: Sequence[tuple[str, str]] = (),
) -> tuple[dict[str, Any], str]:
    """Run ``python -m module args``; returns (its result line + rusage, stderr tail)."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=err,
            env={**os.environ, **dict(env)} if env else None,
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            assert proc.stdout is not None
            out = proc.stdout.read().decode(errors="replace")
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            timer.cancel()
        err.seek(0)
        tail = err.read().decode(errors="replace")[-1500:]
    result: dict[str, Any] = {}
    for line in out.splitlines():
        if line.startswith(RESULT_PREFIX):
            result = json.loads(line[len(RESULT_PREFIX) :])
    result["exit_code"] = proc.returncode
    result["cpu_s"] = usage.ru_utime + usage.ru_stime
    result["rusage_maxrss"] = usage.ru_maxrss * 1024
    return result, tail


def upload_once(
    mock: MockProcess,
    variant: Variant,
    data: DataFile,
    *,
    section: str,
    round_no: int,
    settings: Settings,
    extra: Sequence[str] = (),
) -> Run:
    run = Run(section, variant.key, data.size // MiB, variant.concurrency, round_no)
    mock.reset()
    args = [
        "--base-url",
        mock.base_url,
        "--file",
        str(data.path),
        *variant.args(settings.chunk),
        *extra,
    ]
    mock_cpu_before = mock.cpu_seconds()
    result, tail = run_child(variant.module, args, settings.run_timeout, variant.env)
    run.mock_cpu_s = mock.cpu_seconds() - mock_cpu_before
    run.cpu_s = result.get("cpu_s")
    run.rusage_maxrss = result.get("rusage_maxrss")
    if result.get("exit_code") != 0 or "elapsed_s" not in result:
        last = [ln for ln in tail.strip().splitlines() if ln.strip()][-1:] or ["(no output)"]
        run.error = f"exit {result.get('exit_code')}: {last[0][:300]}"
        return run
    run.elapsed_s = result["elapsed_s"]
    run.cpu_upload_s = result.get("cpu_upload_s")
    run.idle_rss = result["idle_rss"]
    run.peak_rss = result["peak_rss"]
    run.growth = max(0, result["peak_rss"] - result["idle_rss"])
    run.trace = result.get("trace") or {}
    media_id = str(result.get("media_id"))
    try:
        digest = mock.digest(media_id)
        run.digest_ok = digest.get("sha256") == data.sha256 and digest.get("size") == data.size
    except Exception as exc:  # a digest we cannot read is a failed check, not a crash
        run.digest_ok = False
        run.error = f"digest: {exc}"
    if "--wait" in extra:
        run.status_calls = status_count(mock.stats())
        # The mock's state turns `succeeded` processing_pending_secs + processing_secs after it
        # finalized; FINALIZE's response reaches the client just after that moment (the admin
        # API does not expose finalized_at), so this lag is exact to within one loopback reply.
        if run.trace.get("finalize_wall") is not None:
            succeeded_at = (
                float(run.trace["finalize_wall"])
                + settings.processing_pending_secs
                + settings.processing_secs
            )
            run.lag_s = result["returned_at"] - succeeded_at
    run.ok = bool(run.digest_ok) and run.error is None
    return run


def rotate(items: Sequence[Variant], k: int) -> list[Variant]:
    k %= len(items)
    return [*items[k:], *items[:k]]


# ---------------------------------------------------------------------------------------------
# Sections.


def log(msg: str) -> None:
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


def mock_env(settings: Settings, data_dir: Path) -> dict[str, str]:
    return {
        "XMEDIA_MOCK_DATA_DIR": str(data_dir),
        "XMEDIA_MOCK_PROCESSING_PENDING_SECS": str(settings.processing_pending_secs),
        "XMEDIA_MOCK_PROCESSING_SECS": str(settings.processing_secs),
        "XMEDIA_MOCK_CHECK_AFTER_SECS": str(settings.check_after_secs),
        "XMEDIA_MOCK_RATE_LIMITS": "off",
        "XMEDIA_MOCK_FAULTS": "",
    }


@contextlib.contextmanager
def start_mock(settings: Settings, work: Path) -> Iterator[MockProcess]:
    """One mock process for the whole run; sections change its fault plan through /_mock/."""
    # Segments go to tmpfs when there is room (the mock is reset before every upload, so it
    # holds one upload at a time): the benchmark measures clients, not this machine's disk.
    shm = Path("/dev/shm")
    base = work
    if shm.is_dir() and shutil.disk_usage(shm).free > 3 * max(settings.memory_mib) * MiB:
        base = shm
    data_dir = Path(tempfile.mkdtemp(prefix="xmedia-bench-mock-", dir=base))
    try:
        with MockProcess(mock_env(settings, data_dir), work / "mock.log") as mock:
            yield mock
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def interleaved(
    mock: MockProcess,
    variants: Sequence[Variant],
    data: DataFile,
    *,
    section: str,
    settings: Settings,
    extra: Sequence[str] = (),
    runs: list[Run],
    rounds: int | None = None,
) -> None:
    total = max(settings.runs, rounds or 0)
    for r in range(total):
        for variant in rotate(variants, r):
            if variant is XDK and r >= settings.runs:
                continue
            run = upload_once(
                mock, variant, data, section=section, round_no=r, settings=settings, extra=extra
            )
            runs.append(run)
            what = f"{run.elapsed_s:.2f}s" if run.elapsed_s is not None else run.error
            log(f"{section} {data.size // MiB}MiB r{r} {variant.key}: {what}")


def machine_info() -> dict[str, Any]:
    import psutil

    cpu = platform.processor() or ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    os_name = platform.platform()
    with contextlib.suppress(OSError), open("/etc/os-release") as fh:
        for line in fh:
            if line.startswith("PRETTY_NAME="):
                os_name = f"{line.split('=', 1)[1].strip().strip(chr(34))} ({platform.release()})"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    # The packages are installed editable from this working tree, which other engineers edit
    # too: record what differed from the commit while the benchmark ran.
    try:
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "wrapper", "generated", "contract_tests"],
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout.split("\n")
    except OSError:
        dirty = []
    versions: dict[str, str] = {}
    for dist in ("httpx", "xdk", "tweepy", "uvicorn", "starlette", "python-multipart"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[dist] = version(dist)
    return {
        "cpu": cpu,
        "logical_cpus": os.cpu_count(),
        "physical_cores": psutil.cpu_count(logical=False),
        "ram_bytes": psutil.virtual_memory().total,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": os_name,
        "git_commit": commit,
        "uncommitted": [line[3:] for line in dirty if line.strip()],
        "versions": versions,
        "load_avg_start": os.getloadavg(),
    }


def tweepy_probe(mock: MockProcess, data: DataFile, settings: Settings) -> dict[str, Any]:
    args = ["--base-url", mock.base_url, "--file", str(data.path)]
    result, tail = run_child("bench.peer_tweepy", args, 60)
    if "as_configured" not in result:
        return {"error": tail[-500:]}
    return result


@dataclass
class Bench:
    """One benchmark run in progress: the mock, the settings, the test files, the runs so far."""

    mock: MockProcess
    settings: Settings
    work: Path
    runs: list[Run] = field(default_factory=list)
    files: dict[int, DataFile] = field(default_factory=dict)

    def data(self, mib: int) -> DataFile:
        if mib not in self.files:
            log(f"generating {mib} MiB test file")
            self.files[mib] = make_file(self.work, mib)
        return self.files[mib]

    def drop(self, mib: int) -> None:
        """Delete a test file no later section needs (the largest is 1 GiB)."""
        if mib in self.files and mib not in (self.settings.latency_mib, self.settings.polling_mib):
            self.files.pop(mib).path.unlink(missing_ok=True)

    def section(self, name: str, variants: list[Variant], mib: int, **options: Any) -> None:
        interleaved(
            self.mock,
            variants,
            self.data(mib),
            section=name,
            settings=self.settings,
            runs=self.runs,
            **options,
        )


def throughput_variants(settings: Settings) -> list[Variant]:
    c = settings.memory_concurrency
    if settings.smoke:  # each script once is enough to prove the pieces work
        return [raw(1), wrapper(c), XDK]
    return [raw(1), wrapper(1), wrapper(c), XDK, raw(settings.ingest_concurrency)]


def memory_variants(settings: Settings) -> list[Variant]:
    c = settings.memory_concurrency
    if settings.smoke:
        return [raw(1), wrapper(c), XDK]
    return [raw(1), wrapper(c), XDK, wrapper_pinned_mmap(c)]


def warm_up(bench: Bench) -> None:
    """Discarded uploads: first touches of memory are slow on a fresh VM, the page cache is cold
    and the mock has not run yet; without this the first round is an outlier."""
    s = bench.settings
    for variant in () if s.smoke else (raw(1), wrapper(s.memory_concurrency)):
        data = bench.data(s.throughput_mib)
        warm = upload_once(bench.mock, variant, data, section="warm-up", round_no=-1, settings=s)
        log(f"warm-up {variant.key}: {warm.elapsed_s if warm.ok else warm.error}")


def throughput_section(bench: Bench) -> None:
    """Throughput, which also gives memory at that size, the peers and the mock's ingest rate."""
    s = bench.settings
    bench.section("throughput", throughput_variants(s), s.throughput_mib, rounds=s.throughput_runs)


def memory_section(bench: Bench) -> None:
    """Memory at the other sizes (the throughput size is reused from the throughput section)."""
    s = bench.settings
    done = {v.key for v in throughput_variants(s)}
    for mib in s.memory_mib:
        variants = [
            v
            for v in memory_variants(s)
            if not (mib == s.throughput_mib and v.key in done)
            and (v is not XDK or s.peer_max_mib is None or mib <= s.peer_max_mib)
        ]
        if variants:
            bench.section("memory", variants, mib)
        bench.drop(mib)
    bench.drop(s.throughput_mib)


def latency_section(bench: Bench) -> None:
    s = bench.settings
    bench.mock.set_faults(f"*:latency={s.latency_ms}")
    variants = [wrapper(c) for c in s.concurrencies] + ([raw(1)] if s.latency_raw else [])
    bench.section("latency", variants, s.latency_mib, extra=["--trace"], rounds=s.latency_runs)
    bench.mock.set_faults("")


def latency_after_body_section(bench: Bench) -> None:
    """Diagnostic: the same latency, injected after each request body has arrived."""
    s = bench.settings
    bench.mock.set_latency_after_body(s.latency_ms)
    variants = [wrapper(c) for c in s.concurrencies if c in (1, 4, 8)]
    bench.section("latency-after-body", variants, s.latency_mib, extra=["--trace"])
    bench.mock.set_latency_after_body(0)


def polling_section(bench: Bench) -> None:
    s = bench.settings
    variants = [wrapper(s.memory_concurrency), raw(1)]
    bench.section("polling", variants, s.polling_mib, extra=["--wait", "--trace"])


def run_all(settings: Settings, work: Path) -> dict[str, Any]:
    started = time.time()
    meta = machine_info()
    meta["settings"] = asdict(settings)
    with start_mock(settings, work) as mock:
        meta["mock_base_url"] = mock.base_url
        bench = Bench(mock, settings, work)
        warm_up(bench)
        throughput_section(bench)
        tweepy = tweepy_probe(mock, bench.data(settings.throughput_mib), settings)
        memory_section(bench)
        latency_section(bench)
        latency_after_body_section(bench)
        polling_section(bench)
    # Parts with their own mock or no mock at all: whole processes, media tools.
    log("whole-process rows")
    whole_process = sections.run_whole_process(settings.smoke)
    log("media inspect / fix")
    media = sections.run_media(settings.smoke, work)
    meta["load_avg_end"] = os.getloadavg()
    meta["started"] = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(started))
    meta["duration_s"] = time.time() - started
    return {
        "meta": meta,
        "runs": [asdict(r) for r in bench.runs],
        "tweepy": tweepy,
        "whole_process": whole_process,
        "media": media,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the xmedia benchmarks against the mock.")
    parser.add_argument("--smoke", action="store_true", help="tiny files, one run each")
    parser.add_argument(
        "--runs", type=int, help="rounds per figure (default 5; fewer only while developing)"
    )
    parser.add_argument(
        "--peer-max-mib",
        type=int,
        help="run xdk at memory sizes up to this (default 256; 1024 adds ~2.5 minutes)",
    )
    parser.add_argument("--out", type=Path, default=REPO, help="where BENCHMARKS.md goes")
    parser.add_argument("--plot", type=Path, help="PNG path (default <out>/docs/benchmarks.png)")
    parser.add_argument("--json", type=Path, help="raw results (default <out>/bench/results.json)")
    parser.add_argument("--work-dir", type=Path, help="temporary data (default: system temp)")
    parser.add_argument(
        "--render",
        type=Path,
        metavar="RESULTS_JSON",
        help="no benchmark: re-render BENCHMARKS.md and the plot from an earlier results file",
    )
    args = parser.parse_args()

    settings = SMOKE if args.smoke else FULL
    if args.peer_max_mib is not None:
        settings = Settings(**{**asdict(settings), "peer_max_mib": args.peer_max_mib})
    if args.runs is not None:
        settings = Settings(**{**asdict(settings), "runs": args.runs})
    out: Path = args.out
    plot = args.plot or out / "docs" / "benchmarks.png"
    raw_json = args.json or out / "bench" / "results.json"
    if args.render is not None:
        results = json.loads(args.render.read_text())
    else:
        with tempfile.TemporaryDirectory(prefix="xmedia-bench-", dir=args.work_dir) as tmp:
            results = run_all(settings, Path(tmp))
        raw_json.parent.mkdir(parents=True, exist_ok=True)
        raw_json.write_text(json.dumps(results, indent=1) + "\n")
    plot.parent.mkdir(parents=True, exist_ok=True)
    summary = summarize(results)
    write_plot(summary, plot)
    md = out / "BENCHMARKS.md"
    md.write_text(markdown(results, summary, plot_path=os.path.relpath(plot, out)))
    log(f"wrote {md}, {plot}, {raw_json} in {results['meta']['duration_s']:.0f}s")


if __name__ == "__main__":
    main()
