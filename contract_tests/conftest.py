"""The contract suite's pytest hooks live in xmedia_contract.plugin (shared with `run()`)."""

from xmedia_contract.plugin import (
    _fresh_check_history,
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_report_header,
    pytest_runtest_makereport,
)

__all__ = [
    "_fresh_check_history",
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_report_header",
    "pytest_runtest_makereport",
]
