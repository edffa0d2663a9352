"""The contract suite itself: pytest modules shipped inside the package.

`pytest contract_tests` (a checkout) and `xmedia contract` / `xmedia_contract.run()` (a checkout or
an installed wheel) collect this folder; the options and hooks come from `xmedia_contract.plugin`.
"""
