"""Hooks for every test folder of a checkout (tests/, contract_tests/)."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    # Every run is shuffled (pytest-randomly); -q hides its header, so name the seed here:
    # `--randomly-seed=N` replays a failing order.
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int):
        terminalreporter.write_line(f"random order seed: {seed} (replay: --randomly-seed={seed})")
