"""The login rows of docs/bad-inputs.md (``LOGIN_CASES``), each through the CLI and the library."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from xmedia import XMedia
from xmedia._cli_auth import credentials_for
from xmedia._login import OAuth2Endpoints, run_login
from xmedia._oauth2 import OAuth2Token
from xmedia._token_store import StoredLogin, TokenStore
from xmedia.cli import app

from tests.reliability.bad_inputs import (
    LOGIN_CASES,
    LoginBadInput,
)
from tests.support import unprivileged

from .support import PUBLIC_CLIENT, TWO_HOURS, AuthMock, png_file, upload_config
from .test_cli_login import FakeBrowser, cli_env, play_browser

IS_ROOT = unprivileged.IS_ROOT


def _store_login(mock: AuthMock, store: TokenStore, token: OAuth2Token) -> None:
    store.save(
        StoredLogin(
            mock.base_url, PUBLIC_CLIENT, token,
            mock.base_url + "/2/oauth2/token", mock.base_url + "/2/oauth2/revoke",
        )
    )  # fmt: skip


def _issued(mock: AuthMock) -> OAuth2Token:
    return OAuth2Token.from_response(mock.issue(), now=mock.clock.now())


def _prepare(case: LoginBadInput, mock: AuthMock, store: TokenStore) -> FakeBrowser | None:
    """Set the scene of one row; returns the browser for login rows."""
    if case.id == "login-consent-denied":
        mock.oauth2.consent = "deny"
        return FakeBrowser()
    if case.id == "login-wrong-state":
        return FakeBrowser(tamper_state="forged")
    if case.id in ("login-no-answer", "login-without-client-id"):
        return FakeBrowser(visit=False)
    if case.id == "refresh-token-expired":
        mock.oauth2.refresh_token_lifetime = 60.0
        _store_login(mock, store, _issued(mock))
        mock.clock.advance(TWO_HOURS + 1)
    elif case.id == "revoked-elsewhere":
        token = _issued(mock)
        _store_login(mock, store, token)
        assert token.refresh_token is not None
        mock.oauth2.revoke(PUBLIC_CLIENT, token.refresh_token)
    elif case.id == "token-file-readable-by-others":
        _store_login(mock, store, _issued(mock))
        store.path.chmod(0o644)
    elif case.id == "token-file-unreadable":
        _store_login(mock, store, _issued(mock))
        store.path.chmod(0o000)
    elif case.id == "token-file-corrupt":
        store.path.parent.mkdir(parents=True, exist_ok=True)
        store.path.write_text("{ this is not json")
        store.path.chmod(0o600)
    elif case.id == "token-file-symlink":
        real = TokenStore(store.path.parent / "elsewhere.json")
        _store_login(mock, real, _issued(mock))
        store.path.symlink_to(real.path)
    else:  # pragma: no cover - a new row needs its scene here
        raise AssertionError(f"no scene for {case.id}")
    return None


def _snapshot(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if not path.is_symlink() else os.readlink(path).encode()
    except OSError:
        return None


def _params() -> list[Any]:
    return [pytest.param(case, id=case.id) for case in LOGIN_CASES]


def _as_unprivileged(case: LoginBadInput, mock: AuthMock, code: str) -> Any:
    """Root reads any file whatever its mode: a row about file modes runs its process without
    that power (tests/support/unprivileged.py), its token file in a directory that process can
    reach and, when it runs as another user, owned by that user. Returns (result, store, before).
    """
    if unprivileged.how() is None:
        pytest.skip("root, and no way to drop its file access (no user nobody, no setpriv)")
    place = unprivileged.shared_directory()
    store = TokenStore(place / "config" / "credentials.json")
    _prepare(case, mock, store)
    unprivileged.hand_over(store.path.parent, store.path)
    env = cli_env(place, X_API_BASE_URL=mock.base_url)
    env["XMEDIA_TOKEN_FILE"] = str(store.path)
    before = _snapshot(store.path)
    code = code.replace("{png}", str(png_file(place)))
    result = unprivileged.run([sys.executable, "-c", code], env)
    return result, store, before


@pytest.mark.parametrize("case", _params())
def test_login_bad_input_through_the_cli(
    case: LoginBadInput, auth_mock: AuthMock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    from xmedia import _login

    if IS_ROOT and case.needs_non_root:
        words = ", ".join(repr(arg) for arg in case.args)
        code = f"from xmedia.cli import main; main([{words}])"
        result, store, before = _as_unprivileged(case, auth_mock, code)
        assert result.returncode == case.exit_code, result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""
        lines = [x for x in result.stderr.splitlines() if x.startswith("xmedia: error:")]
        assert len(lines) == 1, result.stderr
        assert case.says in lines[0]
        assert _snapshot(store.path) == before
        assert auth_mock.count("initialize") == 0
        return
    env = cli_env(tmp_path, X_API_BASE_URL=auth_mock.base_url)
    store = TokenStore(Path(env["XMEDIA_TOKEN_FILE"]))
    browser = _prepare(case, auth_mock, store)
    before = _snapshot(store.path)
    monkeypatch.setattr(_login, "browser_available", lambda: True)
    monkeypatch.setattr(webbrowser, "open", browser or FakeBrowser(visit=False))
    args = [arg.format(png=png_file(tmp_path)) for arg in case.args]
    result = CliRunner().invoke(app, args, env=env)
    for thread in browser.threads if browser is not None else ():
        thread.join(10)
    assert result.exit_code == case.exit_code, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    [line] = [x for x in result.stderr.splitlines() if x.startswith("xmedia: error:")]
    assert case.says in line
    if case.id.startswith("login"):
        assert not store.path.exists()
        assert auth_mock.oauth2.counts["authorization_code"] == 0
    else:
        assert _snapshot(store.path) == before  # refused or failed: the file is as it was
    if case.id.startswith("token-file"):
        assert auth_mock.count("initialize") == 0


def _library(case: LoginBadInput, mock: AuthMock, store: TokenStore, tmp_path: Path) -> None:
    browser = _prepare(case, mock, store)
    if case.id.startswith("login"):
        assert browser is not None
        client_id = "" if case.id == "login-without-client-id" else PUBLIC_CLIENT
        open_browser: Callable[[str], bool] = browser
        try:
            run_login(
                client_id=client_id,
                client_secret=None,
                endpoints=OAuth2Endpoints.for_base_url(mock.base_url),
                timeout=1.0 if case.id == "login-no-answer" else 30.0,
                announce=lambda url, redirect: None,
                open_browser=open_browser,
            )
        finally:
            for thread in browser.threads:
                thread.join(10)
        return
    credential = credentials_for(mock.base_url, environ={}, token_file=store.path)
    with XMedia(credential, base_url=mock.base_url, config=upload_config()) as client:
        client.upload(png_file(tmp_path))


@pytest.mark.parametrize("case", _params())
def test_login_bad_input_through_the_library(
    case: LoginBadInput, auth_mock: AuthMock, tmp_path: Path
) -> None:
    if IS_ROOT and case.needs_non_root:
        code = (
            "import os\n"
            "from xmedia._token_store import TokenStore\n"
            "from pathlib import Path\n"
            "try:\n"
            "    store = TokenStore(Path(os.environ['XMEDIA_TOKEN_FILE']))\n"
            "    store.load(os.environ['X_API_BASE_URL'])\n"
            "except Exception as exc:\n"
            "    print(type(exc).__name__, exc, sep='\\n')\n"
        )
        result, _, _ = _as_unprivileged(case, auth_mock, code)
        assert result.returncode == 0, result.stderr
        name, message = result.stdout.split("\n", 1)
        assert name == case.error.__name__ and case.says in message
        return
    store = TokenStore(tmp_path / "config" / "credentials.json")
    with pytest.raises(case.error) as caught:
        _library(case, auth_mock, store, tmp_path)
    assert type(caught.value) is case.error
    assert case.says in str(caught.value)


def test_every_login_row_has_a_distinct_id_and_the_browser_helper_is_real() -> None:
    assert len({case.id for case in LOGIN_CASES}) == len(LOGIN_CASES) >= 10
    assert callable(play_browser)
