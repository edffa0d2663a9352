"""`run()`: the contract suite as a function, for `xmedia contract` and other callers."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

PLUGIN = "xmedia_contract.plugin"


def suite_path() -> Path:
    """The folder of the suite's modules (`xmedia_contract.suite`), wherever the package is
    imported from: contract_tests/xmedia_contract/suite in a checkout, site-packages in a wheel."""
    from xmedia_contract import suite

    return Path(suite.__file__).resolve().parent


def _in_checkout(suite: Path) -> bool:
    # contract_tests/xmedia_contract/suite, next to the repository's pyproject.toml.
    return (
        suite.parents[1].name == "contract_tests"
        and (suite.parents[2] / "pyproject.toml").is_file()
    )


def pytest_args(
    target: str | None = None,
    *,
    junit_xml: str | None = None,
    examples: int | None = None,
    allow_writes: bool = False,
    include_meta: bool = False,
    extra_args: Sequence[str] = (),
    selection: Sequence[str] = (),
) -> list[str]:
    """pytest arguments for a contract run; `selection` narrows it to node ids of the suite."""
    suite = suite_path()
    paths = [str(suite / node) for node in selection] or [str(suite)]
    # A caller (the CLI) has usually imported anyio already: pytest cannot rewrite its
    # asserts, which is harmless, so the warning is silenced. A contract run is reproducible:
    # its order is the suite's own, whatever ordering plugin (pytest-randomly) is installed.
    args = [*paths, "-p", PLUGIN, "-p", "no:cacheprovider", "-p", "no:randomly"]
    args += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]
    if not _in_checkout(suite):
        # From site-packages, pytest would look for its configuration (and conftest.py files)
        # in every folder above the suite: a virtualenv inside a project would run the suite
        # with that project's addopts, markers and rootdir. The suite needs none of it.
        args += ["--config-file", os.devnull, "--rootdir", str(suite), "--confcutdir", str(suite)]
    if not include_meta:
        # The planted-defect meta-tests check the suite itself, not the target.
        args += ["-m", "not meta"]
    if target:
        args += ["--target", target]
    if allow_writes:
        args.append("--allow-writes")
    if examples is not None:
        args += ["--examples", str(examples)]
    if junit_xml:
        args += [f"--junitxml={junit_xml}", "-o", "junit_logging=no"]
    args += list(extra_args)
    return args


def run(
    target: str | None = None,
    *,
    junit_xml: str | None = None,
    examples: int | None = None,
    allow_writes: bool = False,
    include_meta: bool = False,
    extra_args: Sequence[str] = (),
) -> int:
    """Run the contract suite with pytest in this process and return its exit code.

    target: base URL of the server to check; None checks the in-process mock.
    junit_xml: where to write a JUnit XML report (credentials are filtered out of it).
    examples: Hypothesis examples per operation and phase (default 25; `make contract-deep` 400).
    allow_writes: with a target, also send uploads/deletions (never implied for a remote target).
    extra_args: passed to pytest as they are (e.g. ["-x", "-k", "initialize"]).
    Exit codes are pytest's: 0 all passed, 1 some check failed, 5 nothing collected, ...
    """
    import pytest

    return int(
        pytest.main(
            pytest_args(
                target,
                junit_xml=junit_xml,
                examples=examples,
                allow_writes=allow_writes,
                include_meta=include_meta,
                extra_args=extra_args,
            )
        )
    )
