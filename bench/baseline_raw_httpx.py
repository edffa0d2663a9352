"""The baseline: the least code that uploads a file to the v2 media endpoints with raw httpx.

INIT (JSON), then one multipart APPEND per chunk (sequential by default, or ``--concurrency N``
threads each reading its own chunk), FINALIZE, and, with ``--wait``, the documented polling loop
(sleep ``check_after_secs``, then STATUS) until a terminal state. No retries, no resume, no
journal. Used by ``bench.run`` as the baseline every wrapper figure is divided by, and at high
concurrency as the mock's ingest rate.

    python -m bench.baseline_raw_httpx --base-url http://127.0.0.1:8000 --file clip.mp4
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from bench._probe import Probe, Tracer, client_arguments


def upload(
    client: httpx.Client,
    path: str,
    *,
    chunk_size: int,
    concurrency: int,
    media_type: str,
    media_category: str,
    wait: bool,
) -> tuple[str, int]:
    """Upload ``path``; returns (media id, number of STATUS calls)."""
    total = os.path.getsize(path)
    init = client.post(
        "/2/media/upload/initialize",
        json={"media_type": media_type, "total_bytes": total, "media_category": media_category},
    )
    init.raise_for_status()
    media_id: str = init.json()["data"]["id"]
    segments = (total + chunk_size - 1) // chunk_size

    def append(index: int, data: bytes) -> None:
        resp = client.post(
            f"/2/media/upload/{media_id}/append",
            data={"segment_index": str(index)},
            files={"media": ("blob", data, "application/octet-stream")},
        )
        resp.raise_for_status()

    if concurrency == 1:
        with open(path, "rb") as fh:
            for index in range(segments):
                append(index, fh.read(chunk_size))
    else:

        def read_and_append(index: int) -> None:
            with open(path, "rb") as fh:
                fh.seek(index * chunk_size)
                append(index, fh.read(chunk_size))

        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(read_and_append, range(segments)))

    fin = client.post(f"/2/media/upload/{media_id}/finalize")
    fin.raise_for_status()
    info = fin.json()["data"].get("processing_info")
    status_calls = 0
    while wait and info and info.get("state") not in ("succeeded", "failed"):
        time.sleep(info.get("check_after_secs", 1))
        status = client.get("/2/media/upload", params={"command": "STATUS", "media_id": media_id})
        status_calls += 1
        status.raise_for_status()
        info = status.json()["data"].get("processing_info")
    return media_id, status_calls


def main() -> None:
    parser = client_arguments(__doc__)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--trace", action="store_true", help="report per-phase response times")
    args = parser.parse_args()

    probe = Probe()
    tracer = Tracer()
    hooks = {"response": [lambda r: tracer.record(r.request.method, str(r.request.url))]}
    with httpx.Client(
        base_url=args.base_url,
        headers={"Authorization": f"Bearer {args.token}"},
        timeout=120.0,
        event_hooks=hooks if args.trace else None,
    ) as client:
        probe.mark_idle()
        t0 = probe.start()
        media_id, status_calls = upload(
            client,
            args.file,
            chunk_size=args.chunk_size,
            concurrency=args.concurrency,
            media_type=args.media_type,
            media_category=args.media_category,
            wait=args.wait,
        )
        elapsed = probe.stop()
    trace = tracer.summary(t0) if args.trace else {}
    probe.emit(elapsed, media_id=media_id, status_calls=status_calls, trace=trace)


if __name__ == "__main__":
    main()
