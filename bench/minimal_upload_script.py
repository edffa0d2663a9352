"""The baseline of the whole-process benchmark: what a user would write instead of ``xmedia``.

INIT, sequential APPENDs of 4 MiB, FINALIZE with plain httpx; no retries, no journal, no
polling. Run as a script, exactly as a user would run theirs:

    python bench/minimal_upload_script.py BASE_URL TOKEN FILE MEDIA_TYPE CATEGORY
"""

import os
import sys

# As with httpx installed alone: with click and rich present (they are, in xmedia's environment)
# `import httpx` also imports httpx's own command line, a third of a second that xmedia skips the
# same way (xmedia.cli.prepare_process). Without this line the baseline would be slowed, not xmedia.
sys.modules["httpx._main"] = None  # type: ignore[assignment]

import httpx  # noqa: E402

base_url, token, path, media_type, category = sys.argv[1:6]
chunk = 4 * 1024 * 1024
with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}) as client:
    total = os.path.getsize(path)
    init = client.post(
        "/2/media/upload/initialize",
        json={"media_type": media_type, "total_bytes": total, "media_category": category},
    )
    init.raise_for_status()
    media_id = init.json()["data"]["id"]
    with open(path, "rb") as fh:
        for index in range((total + chunk - 1) // chunk):
            client.post(
                f"/2/media/upload/{media_id}/append",
                data={"segment_index": str(index)},
                files={"media": ("blob", fh.read(chunk), "application/octet-stream")},
            ).raise_for_status()
    client.post(f"/2/media/upload/{media_id}/finalize").raise_for_status()
    print(media_id)
