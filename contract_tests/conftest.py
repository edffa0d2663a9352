"""A checkout's `pytest contract_tests` loads the suite's plugin here (`xmedia_contract.run()`
passes `-p xmedia_contract.plugin` itself, checkout or wheel)."""

pytest_plugins = ["xmedia_contract.plugin"]
