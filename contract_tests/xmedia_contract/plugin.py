"""pytest plumbing for the contract suite: options, run settings, skips and a failure report.

A pytest plugin: `xmedia_contract.run()` loads it with `-p xmedia_contract.plugin` (from a checkout
or an installed wheel), and a checkout's `contract_tests/conftest.py` names it in `pytest_plugins`
for `pytest contract_tests` and `make test`. Only the suite's own tests are touched by its hooks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from schemathesis.core.failures import Failure

from xmedia_contract import target
from xmedia_contract.defects import DEFECTS
from xmedia_contract.runner import suite_path

_REPORT_KEY = pytest.StashKey[Path]()
# Tests of the suite that really ran against the target (passed or failed, meta-tests aside).
_RAN_KEY = pytest.StashKey[int]()
_NOTHING_RAN_KEY = pytest.StashKey[str]()
_CUSTOM_TITLE = re.compile(r"Custom check failed: `([A-Za-z0-9_]+)`")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("xmedia-contract", "xmedia contract suite (contract_tests/)")
    group.addoption(
        "--target",
        default=None,
        metavar="URL",
        help="base URL of the server to check (a running xmedia-mock or https://api.x.com); "
        "default: the in-process mock. Credentials come from X_ACCESS_TOKEN.",
    )
    group.addoption(
        "--allow-writes",
        action="store_true",
        default=False,
        help="with --target: also send requests that create or delete (uploads, metadata, "
        "subtitles). Never implied for a remote target.",
    )
    group.addoption(
        "--examples",
        type=int,
        default=None,
        metavar="N",
        help=f"Hypothesis examples per operation and phase (default {target.DEFAULT_EXAMPLES})",
    )
    group.addoption(
        "--contract-seed",
        type=int,
        default=None,
        metavar="SEED",
        help=f"seed for generated requests (default {target.DEFAULT_SEED})",
    )
    group.addoption(
        "--plant-defect",
        default=None,
        choices=sorted(DEFECTS),
        help="wrap the in-process mock so it violates the spec in one way (meta-tests)",
    )
    group.addoption(
        "--contract-operations",
        default=None,
        metavar="REGEX",
        help="check only operations whose label matches, e.g. 'initialize|append' or '^GET '"
        " (positive/negative tests; -k selects test functions, not operations)",
    )
    group.addoption(
        "--contract-no-shrink",
        action="store_true",
        default=False,
        help="report failures as found, without minimizing them (faster; used by meta-tests)",
    )
    group.addoption(
        "--contract-report",
        default=None,
        metavar="PATH",
        help="write one JSON line per failed test naming the checks that failed",
    )


def _parallel_problem(config: pytest.Config) -> str | None:
    """Under pytest-xdist Schemathesis' per-operation tests collapse into one item each and do
    less (seen: 2 results instead of 22, in 14 s instead of 35 s): a green run would have checked
    less than it says. Refused rather than half done."""
    workers = config.getoption("numprocesses", default=None)
    if workers and not hasattr(config, "workerinput"):
        return (
            f"the contract suite runs in one process: under pytest-xdist (-n {workers}) "
            "Schemathesis' per-operation tests collapse and check less; drop -n"
        )
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "mock_only: needs the in-process mock (clock, state)")
    config.addinivalue_line("markers", "writes: creates or deletes server-side data")
    config.addinivalue_line("markers", "meta: tests of the suite itself (planted defects)")
    defaults = target.settings_from_env()
    examples = config.getoption("--examples", default=None)
    seed = config.getoption("--contract-seed", default=None)
    settings = target.ContractSettings(
        target=config.getoption("--target", default=None) or defaults.target,
        allow_writes=bool(config.getoption("--allow-writes", default=False))
        or defaults.allow_writes,
        examples=examples if examples is not None else defaults.examples,
        seed=seed if seed is not None else defaults.seed,
        planted_defect=config.getoption("--plant-defect", default=None) or defaults.planted_defect,
        shrink=not config.getoption("--contract-no-shrink", default=False),
        operations=config.getoption("--contract-operations", default=None),
    )
    problem = target.settings_problem(settings) or _parallel_problem(config)
    if problem is None and settings.target is not None:
        problem = target.reachability_problem(settings.target)
    if problem is not None:
        raise pytest.UsageError(problem)
    target.configure(settings)
    report = config.getoption("--contract-report", default=None)
    if report:
        path = Path(report)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
        config.stash[_REPORT_KEY] = path


def pytest_report_header(config: pytest.Config) -> str:
    settings = target.active()
    writes = "allowed" if settings.writes_allowed else "skipped (use --allow-writes)"
    defect = f", planted defect: {settings.planted_defect}" if settings.planted_defect else ""
    return (
        f"xmedia contract: target {settings.target_label}, writes {writes}, "
        f"{settings.examples} examples, seed {settings.seed}{defect}"
    )


# Resolved once, when pytest loads the plugin: tests elsewhere may stub or hide the package later
# (tests/cli replaces xmedia_contract in sys.modules), and the hooks still run for their items.
SUITE = suite_path()


def _in_suite(item: pytest.Item) -> bool:
    return SUITE in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    settings = target.active()
    reason = settings.skip_reason()
    for item in items:
        if not _in_suite(item):
            continue
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=reason))
        elif item.get_closest_marker("mock_only") is not None and not settings.in_process:
            item.add_marker(pytest.mark.skip(reason="needs the in-process mock (its clock/state)"))
        elif item.get_closest_marker("writes") is not None and not settings.writes_allowed:
            item.add_marker(
                pytest.mark.skip(reason=f"sends writes to {settings.target_label}: --allow-writes")
            )


def walk_failures(exc: BaseException, seen: set[int] | None = None) -> Iterator[BaseException]:
    """The exception, the failures it groups and the ones it was raised from, each once."""
    seen = set() if seen is None else seen
    if id(exc) in seen:
        return
    seen.add(id(exc))
    yield exc
    for child in getattr(exc, "exceptions", ()) or ():
        yield from walk_failures(child, seen)
    for linked in (exc.__cause__, exc.__context__):
        if linked is not None:
            yield from walk_failures(linked, seen)


def failed_checks(exc: BaseException) -> set[str]:
    """Names of the Schemathesis checks (built-in or custom) behind a test failure."""
    names: set[str] = set()
    for item in walk_failures(exc):
        if isinstance(item, Failure):
            names.update(type(item).checks)
            match = _CUSTOM_TITLE.search(item.title or "")
            if match:
                names.add(match.group(1))
    return names


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[Any]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if (
        call.when == "call"
        and report.outcome in ("passed", "failed")
        and not target.active().in_process
        and _in_suite(item)
        and item.get_closest_marker("meta") is None
    ):
        item.config.stash[_RAN_KEY] = item.config.stash.get(_RAN_KEY, 0) + 1
    path = item.config.stash.get(_REPORT_KEY, None)
    if path is None or call.excinfo is None or call.when != "call":
        return report
    names = failed_checks(call.excinfo.value)
    text = str(report.longrepr) if report.longrepr else ""
    names.update(_CUSTOM_TITLE.findall(text))
    with path.open("a") as handle:
        line = {"nodeid": item.nodeid, "checks": sorted(names), "error": call.excinfo.typename}
        handle.write(json.dumps(line) + "\n")
    return report


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run against a --target that checked nothing fails: nothing selected (pytest's exit 5),
    or every test skipped (no credentials, writes not allowed) is no evidence of conformance."""
    settings = target.active()
    if settings.in_process or session.config.stash.get(_RAN_KEY, 0):
        return
    if exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        return
    if session.testscollected == 0:
        reason = "no test was selected (check -k, -m and --contract-operations)"
    elif settings.skip_reason() is not None:
        reason = f"every test was skipped: {settings.skip_reason()}"
    elif not settings.writes_allowed:
        reason = "every selected test sends writes: add --allow-writes to run them"
    else:
        reason = "every selected test was skipped"
    session.config.stash[_NOTHING_RAN_KEY] = (
        f"no contract test ran against {settings.target_label}, so nothing was checked: {reason}"
    )
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    message = config.stash.get(_NOTHING_RAN_KEY, None)
    if message is not None:
        terminalreporter.write_line(f"xmedia contract: FAILED: {message}", red=True, bold=True)
