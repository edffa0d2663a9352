"""Who the suite talks to and as whom: targets, credentials, write permission, skips."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from xmedia_contract.target import (
    MOCK_USER_TOKEN,
    ContractSettings,
    reachability_problem,
    settings_problem,
)

pytestmark = pytest.mark.meta

CREDENTIAL_ENV = ("X_ACCESS_TOKEN", "X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN_SECRET")


@pytest.fixture(autouse=True)
def _no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CREDENTIAL_ENV:
        monkeypatch.delenv(name, raising=False)


def test_in_process_mock_uses_its_own_token_whatever_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("X_ACCESS_TOKEN", "a-real-token")
    settings = ContractSettings()
    assert settings.bearer_token() == MOCK_USER_TOKEN
    assert settings.oauth1_credentials() is None
    assert settings.writes_allowed and settings.skip_reason() is None


def test_live_target_without_credentials_skips_with_a_reason() -> None:
    settings = ContractSettings(target="https://api.x.com")
    reason = settings.skip_reason()
    assert reason is not None and "X_ACCESS_TOKEN" in reason and "api.x.com" in reason
    assert not settings.writes_allowed


def test_live_target_uses_the_environment_and_writes_need_opt_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("X_ACCESS_TOKEN", "live-token")
    assert ContractSettings(target="https://api.x.com").bearer_token() == "live-token"
    assert not ContractSettings(target="https://api.x.com").writes_allowed
    assert ContractSettings(target="https://api.x.com", allow_writes=True).writes_allowed


def test_oauth1_needs_all_four_variables_and_then_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    live = ContractSettings(target="https://api.x.com")
    values = {name: f"value-{i}" for i, name in enumerate(CREDENTIAL_ENV)}
    for name, value in list(values.items())[:3]:
        monkeypatch.setenv(name, value)
    assert live.oauth1_credentials() is None
    monkeypatch.setenv("X_ACCESS_TOKEN_SECRET", values["X_ACCESS_TOKEN_SECRET"])
    assert live.oauth1_credentials() == ("value-1", "value-2", "value-0", "value-3")
    assert live.bearer_token() is None and live.skip_reason() is None


def test_loopback_target_defaults_to_the_mock_token() -> None:
    for url in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"):
        assert ContractSettings(target=url).bearer_token() == MOCK_USER_TOKEN


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        (ContractSettings(examples=0), "--examples"),
        (ContractSettings(target="ftp://example.com"), "http(s) URL"),
        (ContractSettings(target="http://api.x.com"), "clear text"),
        (ContractSettings(target="https://[::1"), "not a valid URL (Invalid IPv6 URL)"),
        (ContractSettings(target="https://api.x.com:99999"), "not a valid URL (Port out of"),
    ],
)
def test_unusable_settings_are_refused(settings: ContractSettings, complaint: str) -> None:
    problem = settings_problem(settings)
    assert problem is not None and complaint in problem


def test_settings_never_hold_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_ACCESS_TOKEN", "live-token-abc")
    assert "live-token-abc" not in repr(ContractSettings(target="https://api.x.com"))


@contextlib.contextmanager
def _answering_server() -> Iterator[str]:
    """A loopback server that answers every GET with 404: reachable, and nothing more."""

    class NotFound(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_error(404)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_target_run_that_checks_nothing_fails() -> None:
    """Every selected test skipped (here: writes not allowed) is no evidence of conformance:
    the run fails with the reason, where pytest alone would exit 0 (or 5 for no selection)."""
    from xmedia_contract.runner import pytest_args
    from xmedia_contract.suite.test_planted_defects import run_in_this_process

    with _answering_server() as url:  # nothing is sent to it: every selected test is skipped
        args = pytest_args(
            url, selection=("test_upload_flows.py",), extra_args=["-p", "no:timeout"]
        )
        returncode, output = run_in_this_process(args)
    assert returncode == 1, output[-2000:]
    assert f"no contract test ran against {url}" in output
    assert "add --allow-writes" in output


def test_a_target_that_does_not_answer_is_one_usage_error() -> None:
    """Not one failure per operation: the run stops before it starts, saying why."""
    from xmedia_contract.runner import pytest_args
    from xmedia_contract.suite.test_planted_defects import run_in_this_process

    assert reachability_problem("http://127.0.0.1:9", timeout=5) is not None
    with _answering_server() as url:
        assert reachability_problem(url) is None  # a 404 is an answer
    args = pytest_args("http://127.0.0.1:9", extra_args=["-p", "no:timeout"])
    returncode, output = run_in_this_process(args)
    assert returncode == pytest.ExitCode.USAGE_ERROR, output[-2000:]
    assert "--target http://127.0.0.1:9 did not answer" in output
    assert "Connection refused" in output


def test_a_parallel_run_is_refused_rather_than_half_done() -> None:
    """Under pytest-xdist Schemathesis' per-operation tests collapse into one item each and do
    less: the suite refuses to start (a usage error naming -n) instead of reporting green."""
    import subprocess
    import sys
    from pathlib import Path

    suite = Path(__file__).resolve().parent
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "xmedia_contract.plugin", "-n", "2",
         str(suite / "test_checks.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=suite,
    )  # fmt: skip
    assert proc.returncode == pytest.ExitCode.USAGE_ERROR, proc.stdout + proc.stderr
    assert "runs in one process" in proc.stderr and "-n 2" in proc.stderr
