"""The xmedia contract suite's library: custom checks, planted defects, settings and `run()`.

Importing the package is cheap; `xmedia_contract.checks` registers the Schemathesis checks.
"""

from xmedia_contract.runner import run

__all__ = ["run"]
