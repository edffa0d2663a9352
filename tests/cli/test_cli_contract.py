"""`xmedia contract` hands its options to xmedia_contract.run and exits with its code."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from xmedia._cli_errors import ExitCode
from xmedia.cli import app


@pytest.fixture
def contract_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str | None, dict[str, Any]]]:
    """A stand-in xmedia_contract module: the real suite is exercised by contract_tests/."""
    calls: list[tuple[str | None, dict[str, Any]]] = []

    def run(target: str | None = None, **options: Any) -> int:
        calls.append((target, options))
        return 1 if target == "http://127.0.0.1:1" else 0

    module = types.ModuleType("xmedia_contract")
    module.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "xmedia_contract", module)
    return calls


def test_contract_passes_options_and_pytest_args(
    runner: CliRunner, contract_calls: list[tuple[str | None, dict[str, Any]]], tmp_path: Path
) -> None:
    report = tmp_path / "report.xml"
    args = ["contract", "--target", "http://127.0.0.1:8000", "--junit-xml", str(report)]
    result = runner.invoke(app, [*args, "--examples", "7", "-k", "initialize"])
    assert result.exit_code == 0, result.output
    [(target, options)] = contract_calls
    assert target == "http://127.0.0.1:8000"
    assert options == {"junit_xml": str(report), "examples": 7, "extra_args": ["-k", "initialize"]}


def test_contract_defaults_to_the_bundled_mock_and_returns_pytest_code(
    runner: CliRunner, contract_calls: list[tuple[str | None, dict[str, Any]]]
) -> None:
    assert runner.invoke(app, ["contract"]).exit_code == 0
    assert contract_calls[0][0] is None
    assert runner.invoke(app, ["contract", "--target", "http://127.0.0.1:1"]).exit_code == 1


def test_contract_without_the_suite_installed_is_a_usage_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "xmedia_contract", None)  # makes the import fail
    result = runner.invoke(app, ["contract"])
    assert result.exit_code == ExitCode.USAGE
    assert "xmedia[contract]" in result.stderr and "Traceback" not in result.output
