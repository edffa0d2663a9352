"""Whole-process figures: the ``xmedia`` command as a user runs it, start to exit, beside the least
a user could write instead (``bench/minimal_upload_script.py``: plain httpx, INIT / APPEND /
FINALIZE) and beside the bare interpreter.

The in-process benchmarks (``bench.run``) time an upload inside a process that has already
imported everything; these time what a shell script sees: interpreter start, imports, argument
parsing, the upload, exit. Each pair is run alternately (A B A B …, the order swapped every
round) so machine noise falls on both; each figure is the median over rounds and each ratio the
median of per-round ratios.

    python -m bench.whole_process                 # prints the Markdown table (and JSON with --json)
    python -m bench.whole_process --smoke         # 1 round, a 2 MiB file: checks every piece
    python -m bench.whole_process --xmedia "/path/to/other/xmedia"
                                                  # the same rows for another build of the CLI

``rows(settings)`` returns the rows as data for ``bench.report``; ``markdown(rows)`` renders them.
Nothing here asserts a time: targets are shown beside the figures, never enforced.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "bench" / "minimal_upload_script.py"
MOCK_PREFIX = "BENCH_MOCK_URL "
TOKEN = "mock-user-token"
KiB = 1024
MiB = 1024 * KiB
PNG_HEAD = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
)
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


#: What `xmedia upload photo.png` cannot do without, imported and nothing else: the CLI library,
#: the generated typed client (attrs) for the four upload operations, and Pillow's PNG reader for
#: the pre-flight. The "floor" row times these beside httpx alone: xmedia's own code comes on top.
FLOOR_IMPORTS = (
    "typer",
    "xmedia_generated.api.media.initialize_media_upload",
    "xmedia_generated.api.media.append_media_upload",
    "xmedia_generated.api.media.finalize_media_upload",
    "xmedia_generated.api.media.get_media_upload_status",
    "PIL.Image",
    "PIL.PngImagePlugin",
)
#: As in bench/minimal_upload_script.py: httpx without its own command line.
_HTTPX_ALONE = "import sys; sys.modules['httpx._main'] = None; import httpx"


@dataclass(frozen=True)
class Settings:
    rounds: int = 7
    png_kib: int = 200
    big_mib: int = 256
    smoke: bool = False
    #: The xmedia command (a shell-split string); default: this interpreter's console script.
    xmedia: str = ""


SMOKE = Settings(rounds=1, png_kib=200, big_mib=2, smoke=True)


@dataclass
class Row:
    """One comparison: A (xmedia) against B (the baseline), as whole processes."""

    key: str
    what: str
    a_label: str
    b_label: str
    a_wall: float  # median seconds
    b_wall: float
    ratio: float  # median of per-round A/B wall-time ratios
    target: str
    a_cpu: float  # median user+sys seconds
    b_cpu: float
    rounds: int
    a_runs: list[float] = field(default_factory=list)
    b_runs: list[float] = field(default_factory=list)
    #: Figures measured beside the pair (e.g. the SHA-256 cost of the big row's bytes).
    extra: dict[str, float] = field(default_factory=dict)


def _xmedia_command(settings: Settings) -> list[str]:
    if settings.xmedia:
        return shlex.split(settings.xmedia)
    script = Path(sys.executable).with_name("xmedia")
    return [str(script)] if script.exists() else [sys.executable, "-m", "xmedia"]


def _timed(command: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + sys) seconds of one whole process; fails loudly on a non-zero exit.

    The child is reaped with ``os.wait4`` so the CPU figure is its own rusage."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(command), env=env, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{shlex.join(command)} exited {proc.returncode}: {tail}")
    return wall, usage.ru_utime + usage.ru_stime


def _pair(
    key: str,
    what: str,
    a: tuple[str, Sequence[str]],
    b: tuple[str, Sequence[str]],
    *,
    env: dict[str, str],
    rounds: int,
    target: str,
    between: Callable[[], None] = lambda: None,
) -> Row:
    _timed(a[1], env)  # warm-up: page cache, bytecode
    _timed(b[1], env)
    between()
    a_runs: list[tuple[float, float]] = []
    b_runs: list[tuple[float, float]] = []
    for round_index in range(rounds):
        order = [("a", a[1]), ("b", b[1])]
        if round_index % 2:
            order.reverse()
        for name, command in order:
            result = _timed(command, env)
            between()
            (a_runs if name == "a" else b_runs).append(result)
    ratios = [ar[0] / br[0] for ar, br in zip(a_runs, b_runs, strict=True)]
    return Row(
        key=key,
        what=what,
        a_label=a[0],
        b_label=b[0],
        a_wall=statistics.median(r[0] for r in a_runs),
        b_wall=statistics.median(r[0] for r in b_runs),
        ratio=statistics.median(ratios),
        target=target,
        a_cpu=statistics.median(r[1] for r in a_runs),
        b_cpu=statistics.median(r[1] for r in b_runs),
        rounds=rounds,
        a_runs=[round(r[0], 4) for r in a_runs],
        b_runs=[round(r[0], 4) for r in b_runs],
    )


@contextlib.contextmanager
def _mock(work: Path) -> Iterator[str]:
    """``bench.mock_server`` in its own process (rate limits off); yields its base URL."""
    env = {
        **os.environ,
        "XMEDIA_MOCK_DATA_DIR": str(work / "mock-data"),
        "XMEDIA_MOCK_PROCESSING_PENDING_SECS": "0",
        "XMEDIA_MOCK_PROCESSING_SECS": "0.1",
        "XMEDIA_MOCK_RATE_LIMITS": "off",
        "XMEDIA_MOCK_FAULTS": "",
    }
    log = (work / "mock.log").open("ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.mock_server"],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        if not line.startswith(MOCK_PREFIX):
            raise RuntimeError(f"the mock did not start; see {work / 'mock.log'}")
        yield line.split()[1]
    finally:
        with contextlib.suppress(OSError):
            assert proc.stdin is not None
            proc.stdin.close()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _reset(base_url: str) -> Callable[[], None]:
    """Drop the mock's stored uploads between runs (the big file would fill its data dir)."""
    import urllib.request

    def reset() -> None:
        request = urllib.request.Request(base_url + "/_mock/reset", method="POST")
        with urllib.request.urlopen(request, timeout=60) as answer:
            answer.read()

    return reset


def _write(path: Path, head: bytes, size: int) -> Path:
    with path.open("wb") as handle:
        handle.write(head)
        remaining = size - len(head)
        block = os.urandom(MiB)
        while remaining > 0:
            handle.write(block[: min(remaining, MiB)])
            remaining -= MiB
    return path


def _png(path: Path, size: int) -> Path:
    """A real PNG of about ``size`` bytes (noise does not compress), so xmedia's pre-flight
    inspection reads it as users' files are read; a PNG signature on random bytes would fail
    inspection and load every Pillow plugin looking for another format. Without Pillow, the
    signature and random bytes (xmedia then cannot inspect either)."""
    try:
        from PIL import Image
    except ImportError:
        return _write(path, PNG_HEAD, size)
    side = max(1, int((size / 3) ** 0.5))
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path)
    return path


def rows(settings: Settings = Settings()) -> list[Row]:
    xmedia = _xmedia_command(settings)
    python = [sys.executable]
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("X_", "XMEDIA_", "FORCE_COLOR"))
    }
    with tempfile.TemporaryDirectory(prefix="xmedia-whole-process-") as tmp:
        work = Path(tmp)
        env["XMEDIA_JOURNAL_DIR"] = str(work / "journal")
        png = _png(work / "image.png", settings.png_kib * KiB)
        big = _write(work / "clip.mp4", MP4_HEAD, settings.big_mib * MiB)
        out: list[Row] = [
            _pair(
                "version",
                "`xmedia --version` vs `python -c pass`",
                ("xmedia --version", [*xmedia, "--version"]),
                ("python -c pass", [*python, "-c", "pass"]),
                env=env,
                rounds=settings.rounds,
                target="xmedia ≤ 0.15 s",
            ),
            _pair(
                "help",
                "`xmedia upload --help` vs `python -c pass`",
                ("xmedia upload --help", [*xmedia, "upload", "--help"]),
                ("python -c pass", [*python, "-c", "pass"]),
                env=env,
                rounds=settings.rounds,
                target="—",
            ),
            _pair(
                "floor",
                "the libraries an upload is built on (typer, the attrs client, Pillow's PNG "
                "reader), imported only, vs httpx imported",
                (
                    "import the libraries",
                    [*python, "-c", f"{_HTTPX_ALONE}, {', '.join(FLOOR_IMPORTS)}"],
                ),
                ("import httpx", [*python, "-c", _HTTPX_ALONE]),
                env=env,
                rounds=settings.rounds,
                target="—",
            ),
        ]
        with _mock(work) as base_url:
            env.update(X_ACCESS_TOKEN=TOKEN, X_API_BASE_URL=base_url)
            reset = _reset(base_url)
            script = [*python, str(SCRIPT), base_url, TOKEN]
            out.append(
                _pair(
                    "png",
                    f"{settings.png_kib} KiB PNG: `xmedia upload` vs the minimal httpx script",
                    ("xmedia upload FILE.png", [*xmedia, "upload", str(png)]),
                    ("script", [*script, str(png), "image/png", "tweet_image"]),
                    env=env,
                    rounds=settings.rounds,
                    target="ratio ≤ 1.3",
                    between=reset,
                )
            )
            out.append(
                _pair(
                    "png-no-inspect",
                    f"{settings.png_kib} KiB PNG, `--no-inspect` (what the pre-flight costs)",
                    ("xmedia upload --no-inspect", [*xmedia, "upload", str(png), "--no-inspect"]),
                    ("script", [*script, str(png), "image/png", "tweet_image"]),
                    env=env,
                    rounds=settings.rounds,
                    target="—",
                    between=reset,
                )
            )
            out.append(
                _pair(
                    "big",
                    f"{settings.big_mib} MiB MP4: `xmedia upload --no-wait` vs the minimal "
                    "httpx script (sequential 4 MiB APPENDs)",
                    ("xmedia upload --no-wait", [*xmedia, "upload", str(big), "--no-wait"]),
                    ("script", [*script, str(big), "video/mp4", "tweet_video"]),
                    env=env,
                    rounds=max(1, settings.rounds // 2) if not settings.smoke else 1,
                    target="speed (1/ratio) ≥ 0.95",
                    between=reset,
                )
            )
            out[-1].extra["sha256_cpu_s"] = _sha256_seconds(settings.big_mib)
            out.append(
                _pair(
                    "big-no-inspect",
                    f"{settings.big_mib} MiB MP4, `--no-wait --no-inspect` (no PyAV import, "
                    "no probe)",
                    (
                        "xmedia upload --no-wait --no-inspect",
                        [*xmedia, "upload", str(big), "--no-wait", "--no-inspect"],
                    ),
                    ("script", [*script, str(big), "video/mp4", "tweet_video"]),
                    env=env,
                    rounds=max(1, settings.rounds // 2) if not settings.smoke else 1,
                    target="—",
                    between=reset,
                )
            )
    return out


def _sha256_seconds(mib: int) -> float:
    """CPU seconds this machine takes to hash ``mib`` MiB with SHA-256, as the journal does."""
    block = os.urandom(4 * MiB)
    start = time.process_time()
    for _ in range(max(1, mib // 4)):
        hashlib.sha256(block).digest()
    return time.process_time() - start


def notes(table: Sequence[Row]) -> list[str]:
    """What the rows say about the two ratio targets, worked out from the figures."""
    rows = {row.key: row for row in table}
    out: list[str] = []
    png, floor, big = rows.get("png"), rows.get("floor"), rows.get("big")
    if png is not None and floor is not None:
        budget = 0.3 * png.b_wall
        libraries = floor.a_wall - floor.b_wall
        left = budget - libraries
        share = (
            "more than the whole budget, before any of xmedia's own code"
            if left < 0
            else f"{libraries / budget:.0%} of the budget, leaving {left:.3f} s for all of "
            "xmedia's own code"
        )
        out.append(
            f"PNG: a ratio of 1.3 leaves xmedia {budget:.3f} s more than the script's "
            f"{png.b_wall:.3f} s; xmedia took {png.a_wall - png.b_wall:.3f} s more. Importing "
            f"the libraries it is built on, and none of its own code, costs {libraries:.3f} s "
            f"over importing httpx (the floor row): {share}. xmedia's own start-up (its "
            "modules and the limits table, typer building the command, the pre-flight) took "
            f"{png.a_wall - png.b_wall - libraries:.3f} s."
        )
    if big is not None and "sha256_cpu_s" in big.extra:
        budget = big.b_wall / 0.95 - big.b_wall
        hashing = big.extra["sha256_cpu_s"]
        out.append(
            f"{big.what.split(':')[0]}: a speed of 0.95 leaves xmedia {budget:.3f} s more than "
            f"the script's {big.b_wall:.3f} s; it took {big.a_wall - big.b_wall:.3f} s more, "
            f"using {big.a_cpu - big.b_cpu:.3f} CPU s more. The SHA-256 per segment that "
            f"makes `--resume` safe costs {hashing:.3f} CPU s for these bytes on this machine, "
            "and the mock takes one of the 2 cores, so client CPU is wall time here. On a "
            "network-bound upload to X the same work is hidden behind the transfer."
        )
    return out


def markdown(table: Sequence[Row]) -> str:
    lines = [
        "| whole process | A median s | B median s | A/B (median of rounds) | target | "
        "A cpu s | B cpu s | rounds |",
        "|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for row in table:
        lines.append(
            f"| {row.what} | {row.a_wall:.3f} | {row.b_wall:.3f} | {row.ratio:.2f} | "
            f"{row.target} | {row.a_cpu:.3f} | {row.b_cpu:.3f} | {row.rounds} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--smoke", action="store_true", help="1 round, a 2 MiB video")
    parser.add_argument("--rounds", type=int, default=Settings.rounds)
    parser.add_argument("--xmedia", default="", help="the xmedia command to measure (shell words)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    settings = SMOKE if args.smoke else Settings(rounds=args.rounds)
    if args.xmedia:
        settings = Settings(**{**asdict(settings), "xmedia": args.xmedia})
    table = rows(settings)
    print(markdown(table))
    for note in notes(table):
        print(f"\n- {note}")
    if args.json is not None:
        args.json.write_text(json.dumps([asdict(row) for row in table], indent=2) + "\n")


if __name__ == "__main__":
    main()
