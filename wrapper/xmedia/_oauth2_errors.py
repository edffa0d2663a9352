"""Errors of the OAuth 2.0 login, refresh and token store (no third-party imports: the CLI's error
table imports this at start-up)."""

from __future__ import annotations

from ._errors import ConfigError, UnauthorizedError, XMediaError

__all__ = [
    "LoginDeniedError",
    "LoginError",
    "LoginStateError",
    "LoginTimeoutError",
    "TokenRefreshError",
    "TokenStoreError",
]


class TokenRefreshError(UnauthorizedError):
    """The token endpoint refused the refresh token (expired, revoked or already used)."""

    hint = (
        "the refresh token was refused (expired, revoked or already used); log in again "
        "(`xmedia login`) or pass a new token"
    )


class TokenStoreError(ConfigError):
    """The stored login cannot be used safely: unreadable, malformed, or readable by others."""


class LoginError(XMediaError):
    """``xmedia login`` did not end with a token."""


class LoginDeniedError(LoginError):
    """The user (or X) refused the authorization in the browser."""


class LoginStateError(LoginError):
    """The redirect carried another ``state`` than the one sent: not our login (CSRF)."""


class LoginTimeoutError(LoginError):
    """No redirect reached the loopback address in time."""
