"""Where ``xmedia login`` keeps its tokens: one JSON file, mode 0600, replaced atomically.

The file holds one login per API base URL (a token issued by the bundled mock is never sent to
api.x.com, and the other way round). It is refused, not read, when its group or others may read
it, when it belongs to another user, or when it is not a regular file: the tokens in it may have
leaked, and the message says what to do. Writers hold an exclusive lock on a sibling lock file, so
two runs refreshing at once do not drop each other's tokens.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._oauth2 import OAuth2Token
from ._oauth2_errors import TokenStoreError

__all__ = [
    "ENV_CONFIG_DIR",
    "ENV_TOKEN_FILE",
    "StoredLogin",
    "TokenStore",
    "default_token_file",
]

ENV_TOKEN_FILE = "XMEDIA_TOKEN_FILE"  # noqa: S105 (a variable name)
ENV_CONFIG_DIR = "XMEDIA_CONFIG_DIR"
FILE_NAME = "credentials.json"
FORMAT_VERSION = 1


def default_token_file(environ: Mapping[str, str] | None = None) -> Path:
    """``$XMEDIA_TOKEN_FILE``, else ``$XMEDIA_CONFIG_DIR/credentials.json``, else
    ``$XDG_CONFIG_HOME/xmedia/credentials.json`` (``~/.config`` when unset)."""
    env = os.environ if environ is None else environ
    if env.get(ENV_TOKEN_FILE):
        return Path(env[ENV_TOKEN_FILE]).expanduser()
    if env.get(ENV_CONFIG_DIR):
        return Path(env[ENV_CONFIG_DIR]).expanduser() / FILE_NAME
    config_home = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home).expanduser() / "xmedia" / FILE_NAME


@dataclass(frozen=True, slots=True)
class StoredLogin:
    """One login: the app (client) it was made with and its current token."""

    base_url: str
    client_id: str
    token: OAuth2Token
    token_url: str
    revoke_url: str
    client_secret: str | None = field(default=None, repr=False)
    obtained_at: float | None = None

    def __repr__(self) -> str:
        return (
            f"StoredLogin(base_url={self.base_url!r}, client_id={self.client_id!r}, "
            f"token={self.token!r}, confidential={self.client_secret is not None})"
        )

    def with_token(self, token: OAuth2Token, now: float) -> StoredLogin:
        return StoredLogin(
            self.base_url,
            self.client_id,
            token,
            self.token_url,
            self.revoke_url,
            self.client_secret,
            now,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "access_token": self.token.access_token,
            "refresh_token": self.token.refresh_token,
            "expires_at": self.token.expires_at,
            "scopes": list(self.token.scopes) if self.token.scopes is not None else None,
            "token_type": self.token.token_type,
            "token_url": self.token_url,
            "revoke_url": self.revoke_url,
            "obtained_at": self.obtained_at,
        }

    @classmethod
    def from_json(cls, base_url: str, raw: object) -> StoredLogin:
        if not isinstance(raw, dict):
            raise ValueError(f"the login for {base_url} is not an object")

        def text(name: str, required: bool = True) -> str | None:
            value = raw.get(name)
            if value is None and not required:
                return None
            if not isinstance(value, str) or not value:
                raise ValueError(f"the login for {base_url} has no valid {name!r}")
            return value

        expires_at = raw.get("expires_at")
        if expires_at is not None and not isinstance(expires_at, int | float):
            raise ValueError(f"the login for {base_url} has a non-numeric 'expires_at'")
        scopes = raw.get("scopes")
        if scopes is not None and not (
            isinstance(scopes, list) and all(isinstance(s, str) for s in scopes)
        ):
            raise ValueError(f"the login for {base_url} has malformed 'scopes'")
        obtained = raw.get("obtained_at")
        token = OAuth2Token(
            access_token=str(text("access_token")),
            refresh_token=text("refresh_token", required=False),
            expires_at=float(expires_at) if expires_at is not None else None,
            scopes=tuple(scopes) if scopes is not None else None,
        )
        return cls(
            base_url=base_url,
            client_id=str(text("client_id")),
            token=token,
            token_url=str(text("token_url")),
            revoke_url=str(text("revoke_url")),
            client_secret=text("client_secret", required=False),
            obtained_at=float(obtained) if isinstance(obtained, int | float) else None,
        )


class TokenStore:
    """The token file at ``path`` (default: :func:`default_token_file`)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_token_file()

    def __repr__(self) -> str:
        return f"TokenStore({str(self.path)!r})"

    # --- reading ---

    def load(self, base_url: str) -> StoredLogin | None:
        """The login for ``base_url``; None when there is none (or no file)."""
        return self._read().get(base_url)

    def logins(self) -> dict[str, StoredLogin]:
        return self._read()

    def _read(self) -> dict[str, StoredLogin]:
        raw = self._read_raw()
        if raw is None:
            return {}
        logins = raw.get("logins")
        if raw.get("version") != FORMAT_VERSION or not isinstance(logins, dict):
            raise self._malformed("unknown format or version")
        try:
            return {url: StoredLogin.from_json(url, entry) for url, entry in logins.items()}
        except ValueError as exc:
            raise self._malformed(str(exc)) from None

    def _read_raw(self) -> dict[str, Any] | None:
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return None
        except PermissionError:
            raise TokenStoreError(
                f"cannot read the token file {self.path}: permission denied; fix its owner and "
                f"mode (chmod 600), or point {ENV_TOKEN_FILE} at another file"
            ) from None
        except OSError as exc:
            # ELOOP: a symbolic link (refused: it could point anywhere); EISDIR and others.
            raise TokenStoreError(
                f"cannot open the token file {self.path} ({exc.strerror}); it must be a "
                f"regular file, not a link or directory: remove it and run `xmedia login`"
            ) from None
        try:
            self._check_safe(os.fstat(fd))  # the opened file itself: no check-then-open race
        except BaseException:
            os.close(fd)
            raise
        with os.fdopen(fd, "rb") as handle:
            data = handle.read()
        try:
            parsed = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            raise self._malformed("not JSON") from None
        if not isinstance(parsed, dict):
            raise self._malformed("not a JSON object")
        return parsed

    def _check_safe(self, info: os.stat_result) -> None:
        if not stat.S_ISREG(info.st_mode):
            raise TokenStoreError(
                f"the token file {self.path} is not a regular file; remove it and run "
                "`xmedia login`"
            )
        getuid = getattr(os, "getuid", None)
        if getuid is not None and info.st_uid != getuid():
            raise TokenStoreError(
                f"the token file {self.path} belongs to another user (uid {info.st_uid}); "
                "refusing to use it: remove it and run `xmedia login`"
            )
        mode = stat.S_IMODE(info.st_mode)
        if os.name == "posix" and mode & 0o077:
            raise TokenStoreError(
                f"the token file {self.path} is accessible by group or others "
                f"(mode {mode:04o}), so its tokens may have leaked; run `chmod 600 {self.path}`"
                " and, if others could read it, `xmedia logout` then `xmedia login` to replace"
                " the tokens"
            )

    def _malformed(self, why: str) -> TokenStoreError:
        return TokenStoreError(
            f"the token file {self.path} is not a valid xmedia token file ({why}); remove it "
            "and run `xmedia login` again"
        )

    # --- writing ---

    def save(self, login: StoredLogin) -> None:
        with self._locked():
            logins = self._read_for_update()
            logins[login.base_url] = login
            self._write(logins)

    def update_token(self, base_url: str, token: OAuth2Token) -> None:
        """Persist a refreshed token for ``base_url`` (the CLI's ``on_refresh``)."""
        with self._locked():
            logins = self._read_for_update()
            current = logins.get(base_url)
            if current is None:
                return  # logged out meanwhile: do not resurrect the login
            logins[base_url] = current.with_token(token, time.time())
            self._write(logins)

    def delete(self, base_url: str) -> StoredLogin | None:
        with self._locked():
            logins = self._read_for_update()
            removed = logins.pop(base_url, None)
            if removed is None:
                return None
            if logins:
                self._write(logins)
            else:
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
            return removed

    def _read_for_update(self) -> dict[str, StoredLogin]:
        return self._read()

    def _write(self, logins: Mapping[str, StoredLogin]) -> None:
        document = {
            "version": FORMAT_VERSION,
            "logins": {url: login.to_json() for url, login in sorted(logins.items())},
        }
        payload = (json.dumps(document, indent=2) + "\n").encode("utf-8")
        directory = self.path.parent
        # mkstemp creates the file 0600 before a byte of the secret is written.
        fd, temp_name = tempfile.mkstemp(prefix=".credentials-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp_name, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise
        _fsync_directory(directory)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        directory = self.path.parent
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise TokenStoreError(
                f"cannot create the directory {directory} for the token file "
                f"({exc.strerror}); set {ENV_TOKEN_FILE} to a writable location"
            ) from None
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise TokenStoreError(
                f"cannot write next to the token file {self.path} ({exc.strerror}); set "
                f"{ENV_TOKEN_FILE} to a writable location"
            ) from None
        try:
            try:
                import fcntl
            except ImportError:  # not POSIX: no cross-process lock, writes stay atomic
                yield
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
