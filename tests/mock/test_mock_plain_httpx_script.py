"""The issue's acceptance script: plain httpx over a real socket, default token, no helpers."""

from __future__ import annotations

import hashlib

import httpx
from xmedia_mock import ManualClock, MockConfig, serve
from xmedia_mock.testing import fake_mp4


def test_init_append_finalize_status_with_default_token() -> None:
    clock = ManualClock()
    data = fake_mp4(3 * 1024 * 1024 + 12345)
    chunk = 1024 * 1024
    with (
        serve(MockConfig(clock=clock)) as server,
        httpx.Client(
            base_url=server.base_url, headers={"Authorization": "Bearer mock-user-token"}
        ) as client,
    ):
        init = client.post(
            "/2/media/upload/initialize",
            json={
                "media_type": "video/mp4",
                "total_bytes": len(data),
                "media_category": "tweet_video",
            },
        )
        assert init.status_code == 200
        media_id = init.json()["data"]["id"]
        assert init.json()["data"]["media_key"] == f"7_{media_id}"
        assert init.json()["data"]["expires_after_secs"] == 86400

        for index, offset in enumerate(range(0, len(data), chunk)):
            append = client.post(
                f"/2/media/upload/{media_id}/append",
                files={"media": ("chunk", data[offset : offset + chunk])},
                data={"segment_index": str(index)},
            )
            assert append.status_code == 200, append.text

        finalize = client.post(f"/2/media/upload/{media_id}/finalize")
        assert finalize.status_code == 200
        assert finalize.json()["data"]["size"] == len(data)
        assert finalize.json()["data"]["processing_info"]["state"] == "pending"

        states = []
        for _ in range(20):
            status = client.get(
                "/2/media/upload", params={"media_id": media_id, "command": "STATUS"}
            )
            assert status.status_code == 200
            info = status.json()["data"]["processing_info"]
            states.append(info["state"])
            if info["state"] == "succeeded":
                break
            clock.advance(info["check_after_secs"])
        assert states[0] == "pending" and "in_progress" in states and states[-1] == "succeeded"

        digest = server.state.upload_digest(media_id)
        assert digest.sha256 == hashlib.sha256(data).hexdigest()
        assert digest.size == len(data)
        assert digest.segment_count == 4
        assert digest.append_counts == {0: 1, 1: 1, 2: 1, 3: 1}
        # The same digest is served to out-of-process tests under /_mock/.
        remote = client.get(f"/_mock/uploads/{media_id}").json()
        assert remote["sha256"] == digest.sha256 and remote["append_counts"]["3"] == 1
