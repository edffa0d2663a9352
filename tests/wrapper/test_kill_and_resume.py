"""A process SIGKILLed mid-upload leaves a usable journal: resume sends only what is missing."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from xmedia_mock.testing import fake_mp4

from tests.support.mock_server import MockServer

UPLOADER = """
import sys
from pathlib import Path
from xmedia import OAuth2UserToken, UploadConfig, XMedia
url, path, journal = sys.argv[1:4]
config = UploadConfig(chunk_size=1024, concurrency=2, journal_dir=Path(journal))
with XMedia(OAuth2UserToken("mock-user-token"), base_url=url, config=config) as client:
    client.upload(path)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_upload_then_resume(mock_server: MockServer, tmp_path: Path) -> None:
    mock_server.faults("append:latency=100")  # real time, so the kill lands mid-upload
    journal = tmp_path / "journal"
    path = tmp_path / "clip.mp4"
    data = fake_mp4(40 * 1024)
    path.write_bytes(data)
    child = subprocess.Popen(
        [sys.executable, "-c", UPLOADER, mock_server.base_url, str(path), str(journal)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    acked: list[int] = []
    try:
        give_up = time.monotonic() + 60
        while time.monotonic() < give_up and child.poll() is None:
            for file in journal.glob("*.json"):
                # Replaced atomically: every read parses, none sees a half-written file.
                acked = json.loads(file.read_text())["acked"]
            if len(acked) >= 4:
                break
            time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert 4 <= len(acked) < 40, "the upload should have been killed midway"

    journaled = json.loads(next(journal.glob("*.json")).read_text())
    assert len(journaled["acked"]) >= len(acked)  # the file on disk is whole, never torn
    sent_before = mock_server.count("append", 200)
    mock_server.faults("")
    with mock_server.client(journal, clock=time.time, concurrency=2) as client:
        media = client.upload(path, resume=True)
    digest = mock_server.state.upload_digest(media.media_id)
    assert digest.sha256 == hashlib.sha256(data).hexdigest()
    assert mock_server.count("initialize") == 1
    resent = mock_server.count("append", 200) - sent_before
    missing = 40 - len(journaled["acked"])
    # Only what the journal lacked; segments in flight when the process died may be among it.
    assert resent == missing
    assert sum(digest.append_counts.values()) <= 40 + 2  # at most `concurrency` sent twice
