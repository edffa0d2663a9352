"""Fixtures for the CLI tests: a CliRunner and a scripted stand-in for ``XMedia`` (fakes.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner
from xmedia import UploadConfig
from xmedia import cli as cli_module

from .fakes import FakeClient


@pytest.fixture
def fake_client(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeClient]:
    client = FakeClient()

    def make_client(base_url: str | None, config: UploadConfig | None = None) -> FakeClient:
        client.base_url = base_url or "https://api.x.com"
        client.config = config
        return client

    monkeypatch.setattr(cli_module, "_make_client", make_client)
    yield client


@pytest.fixture
def runner(clean_env: None) -> CliRunner:
    return CliRunner()


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"\x00\x00\x00\x20ftypisom" + bytes(1222))
    return path
