"""Fixtures live in wrapper_support (a uniquely named module, importable by the tests)."""

from wrapper_support import _running_mock, mock

__all__ = ["_running_mock", "mock"]
