"""A process killed in the middle of a journal write must not leave litter behind for good.

The full kill/resume soak once left a ``.journal-*.tmp`` file behind (1 of 20 SIGKILLs landed
between writing the temporary journal and renaming it over the real one). This reproduces that
moment deterministically: a child process uploads with ``os.replace`` rigged to SIGKILL itself on
the 3rd journal save; the upload is then resumed to completion in this process, after which the
journal directory should be empty.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from xmedia import OAuth2UserToken, UploadConfig, XMedia
from xmedia_mock import MockConfig, RunningServer, serve
from xmedia_mock.testing import MP4_HEAD

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from xmedia import OAuth2UserToken, UploadConfig, XMedia

    real_replace = os.replace
    saves = 0

    def replace(src, dst):
        global saves
        if str(src).endswith(".tmp"):
            saves += 1
            if saves == 3:  # the temporary journal is written, not yet renamed
                os.kill(os.getpid(), signal.SIGKILL)
        return real_replace(src, dst)

    os.replace = replace
    base_url, path, journal_dir = sys.argv[1:4]
    config = UploadConfig(chunk_size=1024, concurrency=1, journal_dir=Path(journal_dir))
    with XMedia(OAuth2UserToken("mock-user-token"), base_url=base_url, config=config) as c:
        c.upload(path, media_type="video/mp4", wait=False)
    """
)


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with serve(MockConfig(chunk_limit=1024)) as running:
        yield running


def test_a_kill_mid_journal_write_leaves_nothing_after_the_resume(
    server: RunningServer, tmp_path: Path
) -> None:
    path = tmp_path / "clip.mp4"
    data = MP4_HEAD + bytes(range(256)) * 40
    path.write_bytes(data)
    journal_dir = tmp_path / "journal"
    env = {k: v for k, v in os.environ.items() if not k.startswith("X_")}
    child = subprocess.run(
        [sys.executable, "-c", CHILD, server.base_url, str(path), str(journal_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == -9, child.stderr  # killed mid-write, as rigged
    assert list(journal_dir.glob("*.json")), "precondition: the journal of the killed run"

    config = UploadConfig(chunk_size=1024, concurrency=1, journal_dir=journal_dir)
    with XMedia(OAuth2UserToken("mock-user-token"), base_url=server.base_url, config=config) as c:
        media = c.upload(path, media_type="video/mp4", wait=False, resume=True)
    digest = server.state.upload_digest(media.media_id)
    assert digest.sha256 == hashlib.sha256(data).hexdigest()
    # No temporary file or lock left; only the finished upload's record.
    [record] = list(journal_dir.iterdir())
    assert record.suffix == ".json" and json.loads(record.read_text())["media_id"] == media.media_id
