"""How fast the mock ingests APPENDs over loopback (MiB/s), so it is clearly not the bottleneck.

    .venv/bin/python scripts/mock_ingest_rate.py [--total-mib 256] [--chunk-mib 4] [--parallel 1]
                                                 [--in-process]

Starts `xmedia-mock` in its own process (or with serve() in this one: --in-process, where client
and server share one GIL), then INIT, N multipart APPENDs of one pre-built body (so the client
costs little), FINALIZE (which hashes the assembly), checks size and SHA-256 through
/_mock/uploads/{id}, and prints MiB/s for the APPEND phase and for the whole upload.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from xmedia_mock import MockConfig, serve
from xmedia_mock.config import CategoryLimit, default_category_limits

MiB = 1024 * 1024
BOUNDARY = "xmedia-ingest-boundary"


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def mock_server(total: int, in_process: bool) -> Iterator[tuple[str, int]]:
    if in_process:
        limits = default_category_limits() | {
            "tweet_video": CategoryLimit(max(total, 512 * MiB), "7", "video", processed=True)
        }
        with serve(MockConfig(category_limits=limits, rate_limits_enabled=False)) as server:
            yield server.base_url, os.getpid()
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-c",
        "from xmedia_mock.server import main; main()",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-rate-limits",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(httpx.TransportError):
                httpx.get(f"{base_url}/_mock/health", timeout=1)
                break
            time.sleep(0.05)
        yield base_url, process.pid
    finally:
        process.terminate()
        process.wait(10)


def multipart_body(index: int, chunk: bytes) -> bytes:
    return (
        (
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="segment_index"\r\n\r\n{index}\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="media"; filename="c"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + chunk
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--total-mib", type=int, default=256)
    parser.add_argument("--chunk-mib", type=int, default=4)
    parser.add_argument("--parallel", type=int, default=1, help="concurrent APPENDs")
    parser.add_argument("--in-process", action="store_true", help="serve() in this process")
    args = parser.parse_args()

    chunk = b"\x00\x00\x00\x18ftypmp42" + os.urandom(args.chunk_mib * MiB - 12)
    segments = args.total_mib // args.chunk_mib
    total = segments * len(chunk)
    bodies = [multipart_body(i, chunk) for i in range(segments)]
    expected = hashlib.sha256()
    for _ in range(segments):
        expected.update(chunk)

    with (
        mock_server(total, args.in_process) as (base_url, mock_pid),
        httpx.Client(
            base_url=base_url, headers={"Authorization": "Bearer mock-user-token"}, timeout=120
        ) as client,
    ):
        # No media_category: a plain video of any size up to the category limit, no processing.
        media_id = client.post(
            "/2/media/upload/initialize", json={"media_type": "video/mp4", "total_bytes": total}
        ).json()["data"]["id"]

        def append(index: int) -> None:
            client.post(
                f"/2/media/upload/{media_id}/append",
                content=bodies[index],
                headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
            ).raise_for_status()

        cpu_before = process_cpu_seconds(mock_pid)
        started = time.perf_counter()
        with ThreadPoolExecutor(args.parallel) as pool:
            list(pool.map(append, range(segments)))
        appended = time.perf_counter()
        mock_cpu = process_cpu_seconds(mock_pid) - cpu_before
        client.post(f"/2/media/upload/{media_id}/finalize").raise_for_status()
        finished = time.perf_counter()
        digest = client.get(f"/_mock/uploads/{media_id}").json()

    assert digest["size"] == total and digest["sha256"] == expected.hexdigest(), digest
    where = "in-process serve()" if args.in_process else "separate xmedia-mock process"
    print(
        f"{total / MiB:.0f} MiB in {segments} x {len(chunk) / MiB:.0f} MiB APPENDs, {where}, "
        f"parallel={args.parallel}: APPEND phase {total / MiB / (appended - started):.0f} MiB/s; "
        f"with FINALIZE (SHA-256 of the assembly) {total / MiB / (finished - started):.0f} MiB/s"
    )
    if not args.in_process:
        # The figure bench/ calls the mock's capacity: MiB per CPU second it spent on APPENDs.
        print(
            f"mock CPU in the APPEND phase: {mock_cpu:.2f} s, capacity "
            f"{total / MiB / mock_cpu:.0f} MiB per mock CPU second"
        )


if __name__ == "__main__":
    main()
