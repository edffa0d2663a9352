"""Fixtures: one running mock per module (reset per test) with a manual clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .support import AuthMock, running_mock


@pytest.fixture(scope="module")
def _auth_mock_server() -> Iterator[AuthMock]:
    yield from running_mock()


@pytest.fixture
def auth_mock(_auth_mock_server: AuthMock) -> AuthMock:
    _auth_mock_server.server.state.reset()
    _auth_mock_server.oauth2.reset()
    server = _auth_mock_server.oauth2
    server.consent = "approve"
    server.refresh_token_lifetime = None
    server.access_token_lifetime = 7200.0
    return _auth_mock_server
