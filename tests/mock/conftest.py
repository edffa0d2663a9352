"""Fixtures for the mock's own tests (helpers live in xmedia_mock.testing)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from xmedia_mock.testing import Mock, make_mock


@pytest.fixture
def mock() -> Iterator[Mock]:
    yield from make_mock()
