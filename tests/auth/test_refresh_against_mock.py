"""Uploads with OAuth 2.0 tokens issued by the mock's token endpoint: expiry (the mock's clock),
refresh before expiry and after a 401, parallel appends, revoked and expired grants, scopes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import anyio
import pytest
from xmedia import AsyncXMedia, ForbiddenError, ProgressEvent, XMedia
from xmedia._oauth2 import OAuth2Token, TokenRefreshError

from .support import TWO_HOURS, AuthMock, png_file, upload_config


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _expire_tokens_after(mock: AuthMock, acked: int) -> Callable[[ProgressEvent], None]:
    """A progress callback that moves the mock's clock past the token lifetime once
    ``acked`` segments were acknowledged (the client's own clock does not move)."""
    moved = False

    def on_progress(event: ProgressEvent) -> None:
        nonlocal moved
        if not moved and event.phase == "upload" and event.segments_done >= acked:
            moved = True
            mock.clock.advance(TWO_HOURS + 1)

    return on_progress


def test_an_issued_token_uploads(auth_mock: AuthMock, tmp_path: Path) -> None:
    path = png_file(tmp_path)
    user = auth_mock.credential()
    with XMedia(user, base_url=auth_mock.base_url, config=upload_config()) as client:
        media = client.upload(path)
    digest = auth_mock.server.state.upload_digest(media.media_id)
    assert digest.sha256 == _sha256(path)
    assert auth_mock.oauth2.counts["refresh_token"] == 0


def test_an_upload_that_outlives_its_token_finishes(auth_mock: AuthMock, tmp_path: Path) -> None:
    path = png_file(tmp_path, size=40 * 1024)
    saved: list[OAuth2Token] = []
    user = auth_mock.credential(saved=saved)
    old_refresh = user.token.refresh_token
    with XMedia(user, base_url=auth_mock.base_url, config=upload_config(concurrency=8)) as client:
        media = client.upload(path, on_progress=_expire_tokens_after(auth_mock, 10))
    assert auth_mock.server.state.upload_digest(media.media_id).sha256 == _sha256(path)
    # The appends in flight when the token died got 401 and shared one refresh.
    assert auth_mock.count("append", 401) >= 1
    assert auth_mock.oauth2.counts["refresh_token"] == 1
    assert auth_mock.oauth2.counts["refused:refresh_token"] == 0
    assert len(saved) == 1 and saved[0].refresh_token not in (None, old_refresh)


def test_refresh_before_expiry_on_the_callers_clock(auth_mock: AuthMock, tmp_path: Path) -> None:
    path = png_file(tmp_path)
    user = auth_mock.credential(clock=auth_mock.clock.now)
    auth_mock.clock.advance(TWO_HOURS - 30)  # inside the refresh margin, not yet expired
    with XMedia(user, base_url=auth_mock.base_url, config=upload_config()) as client:
        client.upload(path)
    assert auth_mock.oauth2.counts["refresh_token"] == 1
    assert auth_mock.count("initialize", 401) == auth_mock.count("append", 401) == 0


def test_async_upload_across_expiry_with_a_confidential_client(
    auth_mock: AuthMock, tmp_path: Path
) -> None:
    path = png_file(tmp_path, size=40 * 1024)
    user = auth_mock.credential(confidential=True)

    async def run() -> str:
        config = upload_config(concurrency=8)
        async with AsyncXMedia(user, base_url=auth_mock.base_url, config=config) as client:
            media = await client.upload(path, on_progress=_expire_tokens_after(auth_mock, 10))
        return media.media_id

    media_id = anyio.run(run)
    assert auth_mock.server.state.upload_digest(media_id).sha256 == _sha256(path)
    assert auth_mock.oauth2.counts["refresh_token"] == 1
    assert auth_mock.oauth2.counts["refused:client"] == 0


def test_a_revoked_grant_stops_the_upload_with_a_login_hint(
    auth_mock: AuthMock, tmp_path: Path
) -> None:
    path = png_file(tmp_path)
    user = auth_mock.credential()
    refresh = user.token.refresh_token
    assert refresh is not None
    auth_mock.oauth2.revoke("mock-client-id", refresh)  # logout elsewhere: the whole grant
    with (
        XMedia(user, base_url=auth_mock.base_url, config=upload_config()) as client,
        pytest.raises(TokenRefreshError) as caught,
    ):
        client.upload(path)
    message = str(caught.value)
    assert "xmedia login" in message and "Value passed for the token was invalid" in message
    assert user.token.access_token not in message and refresh not in message
    assert auth_mock.count("initialize", 401) == 1
    assert auth_mock.oauth2.counts["refused:refresh_token"] == 1


def test_a_revoked_access_token_alone_is_replaced(auth_mock: AuthMock, tmp_path: Path) -> None:
    path = png_file(tmp_path)
    user = auth_mock.credential()
    auth_mock.oauth2.revoke("mock-client-id", user.token.access_token)
    with XMedia(user, base_url=auth_mock.base_url, config=upload_config()) as client:
        client.upload(path)
    assert auth_mock.oauth2.counts["refresh_token"] == 1


def test_an_expired_refresh_token_is_refused_once(auth_mock: AuthMock, tmp_path: Path) -> None:
    auth_mock.oauth2.refresh_token_lifetime = 3600.0
    path = png_file(tmp_path, size=40 * 1024)
    user = auth_mock.credential()
    with (
        XMedia(user, base_url=auth_mock.base_url, config=upload_config(concurrency=8)) as client,
        pytest.raises(TokenRefreshError),
    ):
        client.upload(path, on_progress=_expire_tokens_after(auth_mock, 10))
    # Parallel appends hit the dead grant together; the token endpoint was asked once.
    assert auth_mock.oauth2.counts["refused:refresh_token"] == 1
    assert auth_mock.oauth2.counts["refresh_token"] == 0


def test_a_token_without_media_write_gets_x_403(auth_mock: AuthMock, tmp_path: Path) -> None:
    path = png_file(tmp_path)
    user = auth_mock.credential(frozenset({"tweet.read", "users.read", "offline.access"}))
    with (
        XMedia(user, base_url=auth_mock.base_url, config=upload_config()) as client,
        pytest.raises(ForbiddenError) as caught,
    ):
        client.upload(path)
    assert caught.value.status == 403
    assert auth_mock.count("initialize", 403) == 1
    assert auth_mock.oauth2.counts["refresh_token"] == 0  # a 403 is not a token problem


def test_resume_after_the_token_expired_refreshes_and_sends_only_the_rest(
    auth_mock: AuthMock, tmp_path: Path
) -> None:
    """Journals hold no credentials: an upload interrupted by an outage, resumed after the
    access token expired, refreshes once and sends only the missing segments."""
    from xmedia import ServerError
    from xmedia_mock import FaultPlan

    path = png_file(tmp_path, size=20 * 1024)
    journal_dir = tmp_path / "journal"
    config = upload_config(concurrency=1, journal=True, journal_dir=journal_dir, max_attempts=1)
    user = auth_mock.credential()
    auth_mock.server.state.faults.set_plan(FaultPlan.parse("append#6:error=503"))
    with (
        XMedia(user, base_url=auth_mock.base_url, config=config) as client,
        pytest.raises(ServerError),
    ):
        client.upload(path)
    auth_mock.server.state.faults.set_plan(FaultPlan())
    journals = list(journal_dir.glob("*.json"))
    assert len(journals) == 1
    for secret in (user.token.access_token, user.token.refresh_token or "-"):
        assert secret not in journals[0].read_text()
    appends_before = auth_mock.count("append", 200)
    auth_mock.clock.advance(TWO_HOURS + 1)
    with XMedia(user, base_url=auth_mock.base_url, config=config) as client:
        media = client.upload(path, resume=True)
    assert auth_mock.server.state.upload_digest(media.media_id).sha256 == _sha256(path)
    assert auth_mock.oauth2.counts["refresh_token"] == 1
    # 20 segments: 5 acknowledged before the outage, so 15 sent after the resume.
    assert auth_mock.count("append", 200) - appends_before == 15
