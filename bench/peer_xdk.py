"""Peer: one upload with the official X Python SDK (``xdk``), measured like the baseline.

xdk 0.10.x has no chunked-upload helper; its media client exposes the three v2 calls, so this is
the loop its users write: ``media.initialize_upload`` → ``media.append_upload`` per chunk →
``media.finalize_upload`` (→ ``media.get_upload_status`` while processing, with ``--wait``).
``append_upload`` only sends JSON, so each chunk travels base64-encoded (+33 % bytes on the wire).
The base URL is xdk's own ``Client(base_url=...)`` parameter: no patching.

    python -m bench.peer_xdk --base-url http://127.0.0.1:8000 --file clip.mp4
"""

from __future__ import annotations

import base64
import json
import os
import time

from xdk import Client  # type: ignore[import-untyped]
from xdk.media.models import (  # type: ignore[import-untyped]
    AppendUploadRequest,
    InitializeUploadRequest,
)

from bench._probe import Probe, client_arguments


def main() -> None:
    parser = client_arguments(__doc__)
    args = parser.parse_args()

    probe = Probe()
    client = Client(base_url=args.base_url, access_token=args.token)
    total = os.path.getsize(args.file)
    empty_append_bodies = 0
    probe.mark_idle()
    probe.start()
    init = client.media.initialize_upload(
        InitializeUploadRequest(
            media_type=args.media_type, total_bytes=total, media_category=args.media_category
        )
    )
    assert init.data is not None and init.data.id is not None
    media_id = str(init.data.id)
    with open(args.file, "rb") as fh:
        index = 0
        while chunk := fh.read(args.chunk_size):
            body = AppendUploadRequest(media=base64.b64encode(chunk).decode(), segment_index=index)
            try:
                client.media.append_upload(media_id, body)
            except json.JSONDecodeError:
                # xdk calls response.json() after raise_for_status(): an empty 2xx APPEND answer
                # (which X sends) raises here although the segment was accepted.
                empty_append_bodies += 1
            index += 1
    fin = client.media.finalize_upload(media_id)
    status_calls = 0
    info = fin.data.processing_info if fin.data is not None else None
    while args.wait and info is not None and info.state not in ("succeeded", "failed"):
        time.sleep(info.check_after_secs or 1)
        status = client.media.get_upload_status(media_id, command="STATUS")
        status_calls += 1
        info = status.data.processing_info if status.data is not None else None
    elapsed = probe.stop()
    probe.emit(
        elapsed,
        media_id=media_id,
        status_calls=status_calls,
        empty_append_bodies=empty_append_bodies,
    )


if __name__ == "__main__":
    main()
