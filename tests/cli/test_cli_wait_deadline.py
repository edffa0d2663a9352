"""`--timeout` is a real processing deadline: the CLI builds a real client, polls the mock, and
gives up (exit 8) at the time given, measured on the fake clock the client and the mock share."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from xmedia import OAuth2UserToken, UploadConfig, XMedia
from xmedia import cli as cli_module
from xmedia._cli_errors import ExitCode
from xmedia_mock import MockConfig, serve
from xmedia_mock.testing import fake_mp4

from tests.support.mock_server import USER_TOKEN, MockServer

DEADLINE = 31.0
CONFIGURED = 1000.0  # the client's own deadline: what an ignored --timeout would leave


@pytest.fixture
def endless(mock_server: MockServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Processing never ends; the CLI's client runs on the mock's clock."""
    mock_server.config.processing_secs = 1_000_000
    mock_server.config.check_after_secs = 2

    def make_client(base_url: str | None, config: UploadConfig | None = None) -> XMedia:
        changes: dict[str, Any] = {"poll_deadline": CONFIGURED}
        if config is not None:  # keep what the CLI decided (its --timeout among it)
            changes |= {"poll_deadline": config.poll_deadline, "chunk_size": config.chunk_size}
        return mock_server.client(**changes)

    monkeypatch.setattr(cli_module, "_make_client", make_client)
    path = tmp_path / "clip.mp4"
    path.write_bytes(fake_mp4(3000))
    return path


def test_wait_gives_up_at_its_timeout(
    runner: CliRunner, mock_server: MockServer, endless: Path
) -> None:
    with mock_server.client() as client:
        media = client.upload(endless, wait=False)
    started = mock_server.clock.now()
    result = runner.invoke(cli_module.app, ["wait", media.media_id, "--timeout", str(DEADLINE)])
    assert result.exit_code == ExitCode.TIMEOUT, result.output
    assert mock_server.clock.now() - started == pytest.approx(DEADLINE, abs=0.01)


def test_upload_gives_up_at_its_timeout(
    runner: CliRunner, mock_server: MockServer, endless: Path
) -> None:
    started = mock_server.clock.now()
    result = runner.invoke(cli_module.app, ["upload", str(endless), "--timeout", str(DEADLINE)])
    assert result.exit_code == ExitCode.TIMEOUT, result.output
    assert mock_server.clock.now() - started == pytest.approx(DEADLINE, abs=0.01)


def test_wait_timeout_as_a_process_on_the_real_clock(tmp_path: Path) -> None:
    """The whole process, real time: a short --timeout ends a wait that would never end."""
    path = tmp_path / "clip.mp4"
    path.write_bytes(fake_mp4(3000))
    with serve(MockConfig(processing_secs=1_000_000, check_after_secs=1)) as server:
        with XMedia(OAuth2UserToken(USER_TOKEN), base_url=server.base_url) as client:
            media = client.upload(path, wait=False)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("X_", "XMEDIA_"))}
        env |= {"X_ACCESS_TOKEN": USER_TOKEN, "X_API_BASE_URL": server.base_url}
        done = subprocess.run(
            [sys.executable, "-m", "xmedia.cli", "wait", media.media_id, "--timeout", "1.5"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == ExitCode.TIMEOUT, done.stderr
    assert "Traceback" not in done.stderr and media.media_id in done.stderr
