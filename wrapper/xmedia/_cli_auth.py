"""``xmedia login``, ``xmedia logout``, ``xmedia auth status`` — and which credentials the other
commands use.

Credentials, first match wins:

1. the environment: ``X_API_KEY``, ``X_API_SECRET``, ``X_ACCESS_TOKEN`` and
   ``X_ACCESS_TOKEN_SECRET`` (OAuth 1.0a), or ``X_ACCESS_TOKEN`` alone (OAuth 2.0 user token);
2. the login stored by ``xmedia login`` for the API base URL (``$XMEDIA_TOKEN_FILE``, default
   ``$XDG_CONFIG_HOME/xmedia/credentials.json``): refreshed when it expires, and each refreshed
   token saved back at once (X's refresh tokens are single-use).

(In the library an explicit ``auth=`` comes before both.) Only typer and the standard library are
imported at start-up; authlib and httpx load when a command runs.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._cli_errors import ExitCode, redact, rule_for, user_message

if TYPE_CHECKING:
    from ._auth import Credentials
    from ._token_store import StoredLogin, TokenStore

__all__ = ["credentials_for", "register"]

ENV_CLIENT_ID = "X_CLIENT_ID"
ENV_CLIENT_SECRET = "X_CLIENT_SECRET"  # noqa: S105 (a variable name)
CONNECTED_APPS_URL = "https://x.com/settings/connected_apps"

BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        envvar="X_API_BASE_URL",
        help="API base URL the login is for; https required except to 127.0.0.1/localhost.",
        show_default="https://api.x.com",
    ),
]
TokenFileOption = Annotated[
    Path | None,
    typer.Option(
        "--token-file",
        envvar="XMEDIA_TOKEN_FILE",
        # Our own check names the problem and the fix (click's would only say "not readable").
        readable=False,
        help="Where logins are stored (mode 0600).",
        show_default="$XDG_CONFIG_HOME/xmedia/credentials.json",
    ),
]


def _fail(message: str, code: ExitCode) -> typer.Exit:
    typer.echo(f"xmedia: error: {redact(message)}", err=True)
    return typer.Exit(int(code))


@contextmanager
def _errors_to_exit_codes() -> Iterator[None]:
    try:
        yield
    # typer (0.27+) raises its own vendored click's exceptions; TyperException is their base.
    except (typer.Exit, typer.Abort, typer.TyperException, SystemExit):
        raise
    except Exception as exc:  # every error ends as one line and its documented exit code
        raise _fail(user_message(exc), rule_for(exc).exit_code) from None
    except KeyboardInterrupt:
        raise _fail("interrupted; nothing was stored", ExitCode.INTERRUPTED) from None


def _resolved_base_url(base_url: str | None, environ: Mapping[str, str] | None = None) -> str:
    from ._auth import base_url_from_env, check_base_url

    return check_base_url(base_url if base_url else base_url_from_env(environ))


def _store(token_file: Path | None) -> TokenStore:
    from ._token_store import TokenStore

    return TokenStore(token_file)


def _env_credentials_present(environ: Mapping[str, str]) -> bool:
    return bool(environ.get("X_ACCESS_TOKEN", "").strip())


#: What a command says when neither the environment nor a stored login has credentials.
NO_CREDENTIALS = (
    "no credentials: run `xmedia login`, or set X_ACCESS_TOKEN (OAuth 2.0 user token), or "
    "X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET (OAuth 1.0a)"
)


def credentials_for(
    base_url: str | None,
    *,
    environ: Mapping[str, str] | None = None,
    token_file: Path | None = None,
) -> Credentials | None:
    """The credentials a command uses for ``base_url``: the environment's, else the stored
    login's (an OAuth2User that saves its refreshed tokens), else None (the library then
    explains what is missing)."""
    env = os.environ if environ is None else environ
    if _env_credentials_present(env):
        from ._auth import auth_from_env

        return auth_from_env(env)
    url = _resolved_base_url(base_url, env)
    store = _store(token_file)
    login = store.load(url)
    if login is None:
        return None
    return _credential_from_login(store, login)


def _credential_from_login(store: TokenStore, login: StoredLogin) -> Credentials:
    from ._oauth2 import OAuth2Token, OAuth2User

    def save(token: OAuth2Token) -> None:
        store.update_token(login.base_url, token)

    def reload() -> OAuth2Token | None:
        # Another xmedia run may have refreshed (and so spent our refresh token) meanwhile.
        current = store.load(login.base_url)
        return current.token if current is not None else None

    token = login.token
    return OAuth2User(
        token.access_token,
        refresh_token=token.refresh_token,
        client_id=login.client_id,
        client_secret=login.client_secret,
        expires_at=token.expires_at,
        scopes=token.scopes,
        token_url=login.token_url,
        on_refresh=save,
        reload=reload,
    )


# --- describing, never revealing ---------------------------------------------------------


def _when(epoch: float | None, now: float) -> str:
    if epoch is None:
        return "unknown (X did not say)"
    stamp = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    delta = int(epoch - now)
    if delta <= 0:
        return f"{stamp} (expired {_duration(-delta)} ago)"
    return f"{stamp} (in {_duration(delta)})"


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min"
    return f"{seconds} s"


def _status_record(base_url: str, environ: Mapping[str, str], store: TokenStore) -> dict[str, Any]:
    """What ``auth status`` reports: where the credentials come from, their kind, expiry and
    scopes — never a secret."""
    record: dict[str, Any] = {"base_url": base_url, "token_file": str(store.path)}
    notes: list[str] = []
    login: StoredLogin | None
    try:
        login = store.load(base_url)
    except Exception as exc:  # the reason is reported; status must still show the rest
        login = None
        notes.append(user_message(exc))
    if _env_credentials_present(environ):
        oauth1 = all(
            environ.get(name, "").strip()
            for name in ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN_SECRET")
        )
        record["source"] = "environment"
        record["kind"] = "OAuth 1.0a user" if oauth1 else "OAuth 2.0 user token (static)"
        record["variables"] = (
            ["X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET"]
            if oauth1
            else ["X_ACCESS_TOKEN"]
        )
        record["expires_at"] = None
        record["scopes"] = None
        record["refreshes"] = False
        try:
            from ._auth import auth_from_env

            auth_from_env(environ)
        except Exception as exc:  # e.g. incomplete OAuth 1.0a: commands would refuse to start
            record["source"] = record["kind"] = None
            notes.append(user_message(exc))
        if login is not None:
            notes.append(
                f"a stored login for {base_url} exists but the environment takes precedence; "
                "unset X_ACCESS_TOKEN to use it"
            )
    elif login is not None:
        token = login.token
        record["source"] = "stored login"
        record["kind"] = "OAuth 2.0 user token"
        record["client_id"] = login.client_id
        record["client_type"] = "confidential" if login.client_secret else "public"
        record["expires_at"] = token.expires_at
        record["scopes"] = list(token.scopes) if token.scopes is not None else None
        record["refreshes"] = token.refresh_token is not None
        if token.refresh_token is None:
            notes.append(
                "no refresh token (the login lacked offline.access): it stops working when "
                "the access token expires; run `xmedia login` again then"
            )
        if token.scopes is not None and "media.write" not in token.scopes:
            notes.append(
                "the token lacks the media.write scope: X refuses uploads with 403; run "
                "`xmedia login` again (default scopes include media.write)"
            )
    else:
        record["source"] = None
        record["kind"] = None
        notes.append(NO_CREDENTIALS)
    record["notes"] = notes
    return record


def _print_status(record: dict[str, Any], now: float) -> None:
    rows = [("base URL", record["base_url"])]
    if record["source"] == "environment":
        rows.append(("credentials", "environment (" + ", ".join(record["variables"]) + ")"))
    elif record["source"] == "stored login":
        rows.append(("credentials", f"stored login ({record['token_file']})"))
    else:
        rows.append(("credentials", "none"))
    if record["kind"]:
        kind = record["kind"]
        if record.get("client_id"):
            refresh = "refreshed automatically" if record["refreshes"] else "not refreshable"
            kind += f", {refresh} ({record['client_type']} client {record['client_id']})"
        rows.append(("kind", kind))
    if record["source"] == "stored login":
        rows.append(("expires", _when(record["expires_at"], now)))
        scopes = record["scopes"]
        rows.append(("scopes", " ".join(scopes) if scopes is not None else "unknown"))
    elif record["source"] == "environment":
        rows.append(("expires", "unknown (a static token; X does not say)"))
    width = max(len(name) for name, _ in rows) + 1
    for name, value in rows:
        typer.echo(f"{name + ':':<{width}} {value}")
    for note in record["notes"]:
        typer.echo(f"note: {note}", err=True)


# --- commands ------------------------------------------------------------------------------


def login(
    client_id: Annotated[
        str | None,
        typer.Option(
            "--client-id",
            envvar=ENV_CLIENT_ID,
            help="The app's OAuth 2.0 Client ID (developer console, Keys and tokens).",
            show_default=False,
        ),
    ] = None,
    client_secret: Annotated[
        str | None,
        typer.Option(
            "--client-secret",
            envvar=ENV_CLIENT_SECRET,
            help="Client Secret, for confidential clients (Web App, Automated App or bot); "
            "prefer the environment variable: options show up in process lists.",
            show_default=False,
        ),
    ] = None,
    scopes: Annotated[
        list[str] | None,
        typer.Option(
            "--scope",
            help="A scope to request (repeat the option); replaces the default list.",
            show_default="tweet.read users.read media.write offline.access",
        ),
    ] = None,
    port: Annotated[
        int,
        typer.Option(
            "--port",
            envvar="XMEDIA_LOGIN_PORT",
            min=0,
            max=65535,
            help="Loopback port for the redirect; 0 picks a free one. X matches callback URLs "
            "exactly: register http://127.0.0.1:PORT/callback and pass that PORT.",
        ),
    ] = 0,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Only print the URL; do not open a browser.")
    ] = False,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=1.0, help="Seconds to wait for the browser's answer."),
    ] = 300.0,
    base_url: BaseUrlOption = None,
    token_file: TokenFileOption = None,
) -> None:
    """Log in to X with OAuth 2.0 (authorization code + PKCE) and store the tokens."""
    with _errors_to_exit_codes():
        from ._errors import ConfigError
        from ._login import DEFAULT_SCOPES, OAuth2Endpoints, browser_available, run_login
        from ._token_store import StoredLogin

        if not client_id or not client_id.strip():
            raise ConfigError(
                f"a client id is needed: pass --client-id or set {ENV_CLIENT_ID} (the OAuth 2.0 "
                "Client ID of your app in X's developer console)"
            )
        url = _resolved_base_url(base_url)
        endpoints = OAuth2Endpoints.for_base_url(url)
        wanted = tuple(dict.fromkeys(scopes)) if scopes else DEFAULT_SCOPES
        if "media.write" not in wanted:
            typer.echo("note: without media.write X refuses uploads with this token", err=True)
        if "offline.access" not in wanted:
            typer.echo(
                "note: without offline.access there is no refresh token: the login lasts two hours",
                err=True,
            )
        store = _store(token_file)
        store.logins()  # an unsafe or broken token file is refused before the browser opens

        def announce(authorize_url: str, redirect_uri: str) -> None:
            typer.echo(
                f"Open this URL in a browser to authorize xmedia (waiting for the redirect to "
                f"{redirect_uri}):\n\n{authorize_url}\n",
                err=True,
            )

        opener = None
        if not no_browser and browser_available():
            import webbrowser

            opener = webbrowser.open
        result = run_login(
            client_id=client_id.strip(),
            client_secret=client_secret or None,
            endpoints=endpoints,
            scopes=wanted,
            port=port,
            timeout=timeout,
            announce=announce,
            open_browser=opener,
        )
        token = result.token
        store.save(
            StoredLogin(
                base_url=url,
                client_id=client_id.strip(),
                token=token,
                token_url=endpoints.token_url,
                revoke_url=endpoints.revoke_url,
                client_secret=client_secret or None,
                obtained_at=time.time(),
            )
        )
        scopes_text = " ".join(token.scopes) if token.scopes else "unknown"
        refresh = "refreshed automatically" if token.refresh_token else "no refresh token"
        typer.echo(
            f"logged in to {url}: scopes {scopes_text}; access token expires "
            f"{_when(token.expires_at, time.time())}, {refresh}; saved in {store.path}"
        )
        if _env_credentials_present(os.environ):
            typer.echo(
                "note: X_ACCESS_TOKEN is set and takes precedence over this login; unset it to "
                "use the login",
                err=True,
            )


def logout(
    base_url: BaseUrlOption = None,
    token_file: TokenFileOption = None,
    keep_remote: Annotated[
        bool,
        typer.Option("--no-revoke", help="Only delete the stored login; do not revoke it at X."),
    ] = False,
) -> None:
    """Revoke the stored login at X and delete it."""
    with _errors_to_exit_codes():
        from ._login import revoke
        from ._oauth2_errors import LoginError

        url = _resolved_base_url(base_url)
        store = _store(token_file)
        login = store.load(url)
        if login is None:
            typer.echo(f"not logged in to {url} (no login in {store.path}); nothing to do")
            return
        failure: LoginError | None = None
        if not keep_remote:
            try:
                revoke(
                    client_id=login.client_id,
                    client_secret=login.client_secret,
                    revoke_url=login.revoke_url,
                    token=login.token,
                )
            except LoginError as exc:
                failure = exc
        store.delete(url)
        if failure is not None:
            raise LoginError(
                f"{failure}; the stored login was deleted anyway — revoke xmedia's access at "
                f"{CONNECTED_APPS_URL}"
            )
        done = "deleted the stored login" if keep_remote else "revoked and deleted the login"
        typer.echo(f"logged out of {url}: {done}")


def status(
    base_url: BaseUrlOption = None,
    token_file: TokenFileOption = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object on stdout.")
    ] = False,
) -> None:
    """Show which credentials commands will use: source, kind, expiry, scopes (never secrets)."""
    with _errors_to_exit_codes():
        url = _resolved_base_url(base_url)
        record = _status_record(url, os.environ, _store(token_file))
        if json_output:
            typer.echo(json.dumps(record))
        else:
            _print_status(record, time.time())
        if record["source"] is None:
            raise typer.Exit(int(ExitCode.USAGE))


def register(app: typer.Typer, epilog: str | None = None) -> None:
    """Add ``login``, ``logout`` and ``auth status`` to the ``xmedia`` command."""
    app.command(epilog=epilog)(login)
    app.command(epilog=epilog)(logout)
    auth_app = typer.Typer(
        name="auth",
        help="Inspect the credentials xmedia uses.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    auth_app.command(epilog=epilog)(status)
    app.add_typer(auth_app, name="auth")
