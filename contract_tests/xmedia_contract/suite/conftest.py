"""Fixtures the suite's modules share (its hooks and options: xmedia_contract.plugin)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from xmedia_contract.checks import reset_history


@pytest.fixture(autouse=True, scope="module")
def _fresh_check_history() -> Iterator[None]:
    """Each test module talks to its own server: forget what the previous one answered."""
    reset_history()
    yield
