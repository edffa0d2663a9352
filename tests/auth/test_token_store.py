"""The token file: 0600, atomic, one login per base URL, refused when unsafe or malformed."""

from __future__ import annotations

import json
import os
import stat
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xmedia._oauth2 import OAuth2Token
from xmedia._oauth2_errors import TokenStoreError
from xmedia._token_store import StoredLogin, TokenStore, default_token_file

from tests.support import unprivileged

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
X = "https://api.x.com"
MOCK = "http://127.0.0.1:8000"


def login(
    base_url: str = X, access: str = "access-secret-1", refresh: str | None = "refresh-secret-1"
) -> StoredLogin:
    token = OAuth2Token(access, refresh, 1_900_000_000.0, ("media.write", "offline.access"))
    return StoredLogin(
        base_url,
        "client-1",
        token,
        base_url + "/2/oauth2/token",
        base_url + "/2/oauth2/revoke",
        client_secret="client-secret-1",
    )


@pytest.fixture
def store(tmp_path: Path) -> TokenStore:
    return TokenStore(tmp_path / "config" / "xmedia" / "credentials.json")


def test_round_trip_modes_and_separate_base_urls(store: TokenStore) -> None:
    store.save(login(X))
    store.save(login(MOCK, access="mock-access"))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    loaded = store.load(X)
    assert loaded is not None and loaded.token.access_token == "access-secret-1"
    assert loaded.client_secret == "client-secret-1"
    other = store.load(MOCK)
    assert other is not None and other.token.access_token == "mock-access"
    assert store.load("https://elsewhere.example") is None
    assert [p.name for p in store.path.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert "secret" not in repr(loaded)


def test_refreshed_tokens_replace_the_stored_ones_but_never_resurrect(store: TokenStore) -> None:
    store.save(login(X))
    new = OAuth2Token("access-secret-2", "refresh-secret-2", 1_900_007_200.0, ("media.write",))
    store.update_token(X, new)
    loaded = store.load(X)
    assert loaded is not None and loaded.token == new and loaded.client_id == "client-1"
    assert store.delete(X) is not None
    assert not store.path.exists()
    store.update_token(X, new)  # a refresh finishing after logout must not log back in
    assert store.load(X) is None and not store.path.exists()


def test_parallel_writers_lose_nothing(store: TokenStore) -> None:
    urls = [f"http://127.0.0.1:{9000 + n}" for n in range(16)]

    def write(url: str) -> None:
        store.save(login(url))
        store.update_token(url, OAuth2Token("access-" + url, "refresh-" + url))

    threads = [threading.Thread(target=write, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    logins = store.logins()
    assert sorted(logins) == sorted(urls)
    assert all(logins[url].token.access_token == "access-" + url for url in urls)


@settings(max_examples=40, deadline=None)
@given(mode=st.integers(min_value=0o400, max_value=0o777).filter(lambda m: m & 0o400))
def test_any_group_or_other_permission_is_refused(
    tmp_path_factory: pytest.TempPathFactory, mode: int
) -> None:
    store = TokenStore(tmp_path_factory.mktemp("store") / "credentials.json")
    store.save(login())
    store.path.chmod(mode)
    if mode & 0o077:
        with pytest.raises(TokenStoreError) as caught:
            store.load(X)
        message = str(caught.value)
        assert f"mode {mode:04o}" in message and "chmod 600" in message
        assert "access-secret-1" not in message
    else:
        assert store.load(X) is not None


def test_malformed_files_are_refused_with_what_to_do(store: TokenStore) -> None:
    store.path.parent.mkdir(parents=True)
    for content in (
        "{not json",
        "[]",
        '{"version": 99, "logins": {}}',
        '{"version": 1, "logins": {"https://api.x.com": {"client_id": "c"}}}',
    ):
        store.path.write_text(content)
        store.path.chmod(0o600)
        with pytest.raises(TokenStoreError, match=r"not a valid xmedia token file.*xmedia login"):
            store.load(X)


def test_links_and_directories_are_refused(store: TokenStore, tmp_path: Path) -> None:
    real = TokenStore(tmp_path / "real.json")
    real.save(login())
    store.path.parent.mkdir(parents=True)
    store.path.symlink_to(real.path)
    with pytest.raises(TokenStoreError, match="regular file"):
        store.load(X)
    store.path.unlink()
    store.path.mkdir()
    with pytest.raises(TokenStoreError):
        store.load(X)


def test_an_unreadable_file_is_refused(store: TokenStore) -> None:
    if not IS_ROOT:
        store.save(login())
        store.path.chmod(0o000)
        with pytest.raises(TokenStoreError, match="permission denied"):
            store.load(X)
        return
    # Root reads any file whatever its mode: load it in a process without that power.
    if unprivileged.how() is None:
        pytest.skip("root, and no way to drop its file access (no user nobody, no setpriv)")
    shared = TokenStore(unprivileged.shared_directory() / "config" / "credentials.json")
    shared.save(login())
    shared.path.chmod(0o000)
    unprivileged.hand_over(shared.path.parent, shared.path)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from xmedia._token_store import TokenStore\n"
        "try:\n"
        "    TokenStore(Path(sys.argv[1])).load(sys.argv[2])\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, exc)\n"
    )
    result = unprivileged.run([sys.executable, "-c", code, str(shared.path), X], dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("TokenStoreError ") and "permission denied" in result.stdout


@pytest.mark.skipif(not IS_ROOT, reason="needs root to give the file to another user")
def test_a_file_of_another_user_is_refused(store: TokenStore) -> None:
    store.save(login())
    os.chown(store.path, 12345, 12345)
    with pytest.raises(TokenStoreError, match="another user"):
        store.load(X)


def test_default_location_follows_the_environment(tmp_path: Path) -> None:
    assert default_token_file({"XMEDIA_TOKEN_FILE": "/a/b.json"}) == Path("/a/b.json")
    assert default_token_file({"XMEDIA_CONFIG_DIR": "/c"}) == Path("/c/credentials.json")
    assert default_token_file({"XDG_CONFIG_HOME": "/d"}) == Path("/d/xmedia/credentials.json")


def test_the_file_holds_what_a_refresh_needs(store: TokenStore) -> None:
    store.save(login())
    document = json.loads(store.path.read_text())
    assert document["version"] == 1
    assert set(document["logins"][X]) >= {
        "client_id",
        "access_token",
        "refresh_token",
        "expires_at",
        "scopes",
        "token_url",
        "revoke_url",
    }
