"""Fixtures shared by every test folder (helpers they use live in tests/support)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.mock_server import MockServer, reset, running_mock_server

# Variables a developer's shell may carry that would change what the CLI and the clients do.
_ENVIRONMENT = (
    "X_ACCESS_TOKEN",
    "X_API_KEY",
    "X_API_SECRET",
    "X_ACCESS_TOKEN_SECRET",
    "X_API_BASE_URL",
    "XMEDIA_DEBUG",
    # CI services often force rich into terminal mode; tests read plain stderr.
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No credentials or base URL leak in from the developer's shell; journals go to tmp."""
    for name in _ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XMEDIA_JOURNAL_DIR", str(tmp_path / "journal"))
    # Nor a login stored by `xmedia login` in the developer's config directory.
    monkeypatch.setenv("XMEDIA_TOKEN_FILE", str(tmp_path / "config" / "credentials.json"))


@pytest.fixture(scope="module")
def _running_mock_server() -> Iterator[MockServer]:
    with running_mock_server() as server:
        yield server


@pytest.fixture
def mock_server(_running_mock_server: MockServer) -> MockServer:
    """The mock over real sockets, one per test module, reset before each test."""
    return reset(_running_mock_server)
