"""``xmedia login`` / ``logout`` / ``auth status`` as a user runs them: real processes, the mock
on a socket, and an HTTP client playing the browser against the mock's auto-approving authorize."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from typer.testing import CliRunner, Result
from xmedia._oauth2 import OAuth2Token
from xmedia._token_store import StoredLogin, TokenStore
from xmedia.cli import app

from .support import PUBLIC_CLIENT, TWO_HOURS, AuthMock, png_file

TOKEN_ENV_VARS = (
    "X_ACCESS_TOKEN",
    "X_API_KEY",
    "X_API_SECRET",
    "X_ACCESS_TOKEN_SECRET",
    "X_API_BASE_URL",
    "X_CLIENT_ID",
    "X_CLIENT_SECRET",
    "XMEDIA_TOKEN_FILE",
    "XMEDIA_CONFIG_DIR",
    "XMEDIA_DEBUG",
)


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TOKEN_ENV_VARS}
    env.update(
        {
            "XMEDIA_TOKEN_FILE": str(tmp_path / "config" / "credentials.json"),
            "XMEDIA_JOURNAL_DIR": str(tmp_path / "journal"),
            "DISPLAY": "",
            "WAYLAND_DISPLAY": "",
        }
    )
    env.update(extra)
    return env


def run_cli(
    args: list[str], env: Mapping[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xmedia.cli", *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass
class LoginRun:
    """A ``xmedia login`` process; ``url`` is the authorization URL it printed."""

    process: subprocess.Popen[str]
    url: str
    stderr_lines: list[str] = field(default_factory=list)

    def finish(self, timeout: float = 30) -> tuple[int, str, str]:
        stdout, stderr = self.process.communicate(timeout=timeout)
        return self.process.returncode, stdout, "".join(self.stderr_lines) + stderr


def start_login(mock: AuthMock, env: Mapping[str, str], *extra: str) -> LoginRun:
    args = [
        sys.executable,
        "-m",
        "xmedia.cli",
        "login",
        "--no-browser",
        "--client-id",
        PUBLIC_CLIENT,
        "--base-url",
        mock.base_url,
        *extra,
    ]
    process = subprocess.Popen(
        args, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    lines: list[str] = []
    url = ""
    timer = threading.Timer(30, process.kill)
    timer.start()
    try:
        for line in process.stderr:
            lines.append(line)
            if line.startswith("http") and "/oauth2/authorize?" in line:
                url = line.strip()
                break
    finally:
        timer.cancel()
    assert url, "".join(lines)
    return LoginRun(process, url, lines)


def play_browser(url: str, *, tamper_state: str | None = None) -> httpx.Response:
    """What the browser does: open the URL, follow X's redirect to the loopback callback."""
    with httpx.Client(timeout=10) as browser:
        answer = browser.get(url)
        assert answer.status_code == 302, answer.text
        location = answer.headers["location"]
        if tamper_state is not None:
            parts = urlsplit(location)
            params = {k: v[0] for k, v in parse_qs(parts.query).items()}
            params["state"] = tamper_state
            location = parts._replace(query=urlencode(params)).geturl()
        assert location.startswith("http://127.0.0.1:")
        return browser.get(location)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path)


def token_file(env: Mapping[str, str]) -> Path:
    return Path(env["XMEDIA_TOKEN_FILE"])


def test_login_upload_refresh_logout_end_to_end(
    auth_mock: AuthMock, env: dict[str, str], tmp_path: Path
) -> None:
    run = start_login(auth_mock, env)
    query = parse_qs(urlsplit(run.url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"][0].startswith("http://127.0.0.1:")
    assert set(query["scope"][0].split()) == {
        "tweet.read",
        "users.read",
        "media.write",
        "offline.access",
    }
    page = play_browser(run.url)
    assert page.status_code == 200 and "authorized" in page.text
    code, stdout, stderr = run.finish()
    assert code == 0, stderr
    assert "logged in to " + auth_mock.base_url in stdout

    path = token_file(env)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = json.loads(path.read_text())["logins"][auth_mock.base_url]
    access, refresh = stored["access_token"], stored["refresh_token"]
    for secret in (access, refresh):
        assert secret not in stdout and secret not in stderr

    runner = CliRunner()
    status = runner.invoke(app, ["auth", "status", "--base-url", auth_mock.base_url], env=env)
    assert status.exit_code == 0, status.output
    assert "stored login" in status.stdout and "media.write" in status.stdout
    assert "refreshed automatically" in status.stdout
    assert access not in status.output

    picture = png_file(tmp_path)
    upload_args = ["upload", str(picture), "--base-url", auth_mock.base_url, "--chunk-size", "1KiB"]
    first = runner.invoke(app, upload_args, env=env)
    assert first.exit_code == 0, first.output
    assert auth_mock.oauth2.counts["refresh_token"] == 0

    auth_mock.clock.advance(TWO_HOURS + 1)  # the stored access token is now dead
    second = run_cli(upload_args, env)  # a real process refreshes and saves the new pair
    assert second.returncode == 0, second.stderr
    assert auth_mock.oauth2.counts["refresh_token"] == 1
    renewed = json.loads(path.read_text())["logins"][auth_mock.base_url]
    assert renewed["refresh_token"] != refresh and renewed["access_token"] != access
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for secret in (renewed["access_token"], renewed["refresh_token"], refresh):
        assert secret not in second.stdout + second.stderr

    out = runner.invoke(app, ["logout", "--base-url", auth_mock.base_url], env=env)
    assert out.exit_code == 0, out.output
    assert "revoked" in out.stdout
    assert auth_mock.oauth2.counts["revoke"] == 2
    assert not path.exists()
    assert auth_mock.oauth2.grant_for(renewed["access_token"]) is None
    again = runner.invoke(app, ["logout", "--base-url", auth_mock.base_url], env=env)
    assert again.exit_code == 0 and "not logged in" in again.stdout
    none = runner.invoke(app, ["auth", "status", "--base-url", auth_mock.base_url], env=env)
    assert none.exit_code == 2 and "xmedia login" in none.stderr


def test_denied_consent_stores_nothing(auth_mock: AuthMock, env: dict[str, str]) -> None:
    auth_mock.oauth2.consent = "deny"
    run = start_login(auth_mock, env)
    play_browser(run.url)
    code, stdout, stderr = run.finish()
    assert code == 4
    assert "denied" in stderr and "xmedia login" in stderr and "Traceback" not in stderr
    assert stdout == ""
    assert not token_file(env).exists()


class FakeBrowser:
    """Stands in for ``webbrowser.open``: plays the browser in a thread, as a user would."""

    def __init__(self, tamper_state: str | None = None, visit: bool = True) -> None:
        self.tamper_state = tamper_state
        self.visit = visit
        self.pages: list[httpx.Response] = []
        self.threads: list[threading.Thread] = []

    def __call__(self, url: str) -> bool:
        if self.visit:
            thread = threading.Thread(
                target=lambda: self.pages.append(play_browser(url, tamper_state=self.tamper_state))
            )
            thread.start()
            self.threads.append(thread)
        return True


def login_in_process(
    mock: AuthMock,
    env: dict[str, str],
    browser: FakeBrowser,
    monkeypatch: pytest.MonkeyPatch,
    *extra: str,
) -> Result:
    import webbrowser

    from xmedia import _login

    monkeypatch.setattr(_login, "browser_available", lambda: True)
    monkeypatch.setattr(webbrowser, "open", browser)
    args = ["login", "--client-id", PUBLIC_CLIENT, "--base-url", mock.base_url, *extra]
    result = CliRunner().invoke(app, args, env=env)
    for thread in browser.threads:
        thread.join(10)
    return result


def test_a_redirect_with_another_state_is_refused(
    auth_mock: AuthMock, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = FakeBrowser(tamper_state="forged-state")
    result = login_in_process(auth_mock, env, browser, monkeypatch)
    assert result.exit_code == 4, result.output
    assert "state" in result.stderr and "Traceback" not in result.output
    assert [page.status_code for page in browser.pages] == [400]
    assert not token_file(env).exists()
    assert auth_mock.oauth2.counts["authorization_code"] == 0  # the code was never exchanged


def test_in_process_login_with_a_browser_stores_the_login(
    auth_mock: AuthMock, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = FakeBrowser()
    env = {**env, "X_ACCESS_TOKEN": "an-env-token"}
    result = login_in_process(
        auth_mock, env, browser, monkeypatch, "--scope", "media.write", "--scope", "offline.access"
    )
    assert result.exit_code == 0, result.output
    assert "scopes media.write offline.access" in result.stdout
    assert "X_ACCESS_TOKEN is set and takes precedence" in result.stderr
    stored = json.loads(token_file(env).read_text())["logins"][auth_mock.base_url]
    assert stored["scopes"] == ["media.write", "offline.access"]


def test_no_answer_times_out(
    auth_mock: AuthMock, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = login_in_process(
        auth_mock, env, FakeBrowser(visit=False), monkeypatch, "--timeout", "1"
    )
    assert result.exit_code == 4 and "within 1 s" in result.stderr
    assert not token_file(env).exists()


def test_login_needs_a_client_id(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["login", "--no-browser"], env=env)
    assert result.exit_code == 2 and "X_CLIENT_ID" in result.stderr


def test_a_too_open_token_file_is_refused_everywhere(
    auth_mock: AuthMock, env: dict[str, str], tmp_path: Path
) -> None:
    path = token_file(env)
    TokenStore(path).save(
        StoredLogin(
            auth_mock.base_url,
            PUBLIC_CLIENT,
            OAuth2Token("access-x", "refresh-x"),
            auth_mock.base_url + "/2/oauth2/token",
            auth_mock.base_url + "/2/oauth2/revoke",
        )
    )
    path.chmod(0o644)
    runner = CliRunner()
    picture = png_file(tmp_path)
    for args in (
        ["upload", str(picture), "--base-url", auth_mock.base_url],
        ["auth", "status", "--base-url", auth_mock.base_url],
        ["login", "--client-id", PUBLIC_CLIENT, "--no-browser", "--base-url", auth_mock.base_url],
        ["logout", "--base-url", auth_mock.base_url],
    ):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 2, (args, result.output)
        assert "chmod 600" in result.stderr and "Traceback" not in result.output
    assert auth_mock.oauth2.counts["authorize"] == 0  # refused before the browser


def test_status_says_which_credentials_win(auth_mock: AuthMock, env: dict[str, str]) -> None:
    TokenStore(token_file(env)).save(
        StoredLogin(
            auth_mock.base_url,
            PUBLIC_CLIENT,
            OAuth2Token("access-y", None, 1.0, ("tweet.read", "users.read")),
            auth_mock.base_url + "/2/oauth2/token",
            auth_mock.base_url + "/2/oauth2/revoke",
        )
    )
    runner = CliRunner()
    stored = runner.invoke(
        app, ["auth", "status", "--base-url", auth_mock.base_url, "--json"], env=env
    )
    record = json.loads(stored.stdout)
    assert record["source"] == "stored login" and record["refreshes"] is False
    assert any("media.write" in note for note in record["notes"])
    assert any("refresh token" in note for note in record["notes"])
    text = runner.invoke(app, ["auth", "status", "--base-url", auth_mock.base_url], env=env)
    assert "expired" in text.stdout and "access-y" not in text.output
    with_env = runner.invoke(
        app,
        ["auth", "status", "--base-url", auth_mock.base_url],
        env={**env, "X_ACCESS_TOKEN": "env-token-value"},
    )
    assert "environment (X_ACCESS_TOKEN)" in with_env.stdout
    assert "takes precedence" in with_env.stderr and "env-token-value" not in with_env.output
    partial = runner.invoke(
        app, ["auth", "status", "--base-url", auth_mock.base_url],
        env={**env, "X_ACCESS_TOKEN": "env-token-value", "X_API_KEY": "key-only"},
    )  # fmt: skip
    assert partial.exit_code == 2 and "X_API_SECRET" in partial.stderr


def test_an_expired_refresh_token_asks_for_a_new_login(
    auth_mock: AuthMock, env: dict[str, str], tmp_path: Path
) -> None:
    auth_mock.oauth2.refresh_token_lifetime = 60.0
    issued = OAuth2Token.from_response(auth_mock.issue(), now=auth_mock.clock.now())
    TokenStore(token_file(env)).save(
        StoredLogin(
            auth_mock.base_url,
            PUBLIC_CLIENT,
            issued,
            auth_mock.base_url + "/2/oauth2/token",
            auth_mock.base_url + "/2/oauth2/revoke",
        )
    )
    auth_mock.clock.advance(TWO_HOURS + 1)
    result = CliRunner().invoke(
        app, ["upload", str(png_file(tmp_path)), "--base-url", auth_mock.base_url], env=env
    )
    assert result.exit_code == 4, result.output
    assert "xmedia login" in result.stderr and "Traceback" not in result.output
    assert auth_mock.oauth2.counts["refused:refresh_token"] == 1


def test_the_cli_loads_authlib_only_when_a_login_command_runs(tmp_path: Path) -> None:
    probe = (
        "import sys; from xmedia import cli; "
        "from typer.testing import CliRunner; "
        "CliRunner().invoke(cli.app, ['auth', 'status']); "
        "print(sorted(m for m in sys.modules if m.startswith('authlib')))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], env=cli_env(tmp_path), capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


def test_two_runs_sharing_a_login_survive_each_others_refresh(
    auth_mock: AuthMock, tmp_path: Path
) -> None:
    """Two uploads started from the same stored login (two processes): the first refresh spends
    the refresh token, the second run's refresh is refused — and it takes the pair the first
    saved instead of failing."""
    from xmedia import XMedia
    from xmedia._cli_auth import credentials_for

    from .support import upload_config

    path = tmp_path / "credentials.json"
    TokenStore(path).save(StoredLogin(
        auth_mock.base_url, PUBLIC_CLIENT,
        OAuth2Token.from_response(auth_mock.issue(), now=auth_mock.clock.now()),
        auth_mock.base_url + "/2/oauth2/token", auth_mock.base_url + "/2/oauth2/revoke",
    ))  # fmt: skip
    first = credentials_for(auth_mock.base_url, environ={}, token_file=path)
    second = credentials_for(auth_mock.base_url, environ={}, token_file=path)
    auth_mock.clock.advance(TWO_HOURS + 1)
    picture = png_file(tmp_path)
    for credential in (first, second):
        with XMedia(credential, base_url=auth_mock.base_url, config=upload_config()) as client:
            client.upload(picture)
    assert auth_mock.oauth2.counts["refresh_token"] == 1
    assert auth_mock.oauth2.counts["refused:refresh_token"] == 1
    saved = TokenStore(path).load(auth_mock.base_url)
    assert saved is not None and saved.token == first.token == second.token  # type: ignore[union-attr]
