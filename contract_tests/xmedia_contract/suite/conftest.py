"""Fixtures the suite's modules share (its hooks and options: xmedia_contract.plugin)."""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator

import pytest

from xmedia_contract.checks import reset_history


@pytest.fixture(autouse=True, scope="module")
def _fresh_check_history() -> Iterator[None]:
    """Each test module talks to its own server: forget what the previous one answered."""
    reset_history()
    yield


@pytest.fixture(autouse=True)
def _reproducible_global_random(request: pytest.FixtureRequest) -> None:
    """Schemathesis draws some negative mutations from the global `random`: seed it per test, so
    a test sends the same requests whatever ran before it (pytest-randomly, when active,
    reseeds it again at call time, from its own seed)."""
    random.seed(zlib.crc32(request.node.nodeid.encode()))
