"""A checkout's `pytest contract_tests` loads the suite's plugin here (`xmedia_contract.run()`
passes `-p xmedia_contract.plugin` itself, checkout or wheel)."""

import pytest

pytest_plugins = ["xmedia_contract.plugin"]


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    # The suite runs in random order (pytest-randomly); -q hides its header, so name the seed
    # here: `--randomly-seed=N` replays a failing order.
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int):
        terminalreporter.write_line(f"random order seed: {seed} (replay: --randomly-seed={seed})")
