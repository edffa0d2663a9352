"""Per-user, per-group rate limits on the mock clock; headers on every answer; X's 429."""

from __future__ import annotations

from xmedia_mock.config import RateLimit, default_rate_limits
from xmedia_mock.testing import USER, USER2, make_mock

INIT = {"media_type": "video/mp4", "total_bytes": 1}


def test_default_limits_are_xs_numbers() -> None:
    limits = {group: rl.limit for group, rl in default_rate_limits().items()}
    assert limits["upload"] == 1875
    assert limits["status"] == 1000
    assert limits["oneshot"] == 500
    assert limits["metadata"] == 500
    assert limits["subtitles"] == 100
    assert {rl.window_secs for rl in default_rate_limits().values()} == {900}


def test_headers_count_down_then_429_until_the_window_resets() -> None:
    limits = default_rate_limits() | {"upload": RateLimit(3)}
    for mock in make_mock(rate_limits=limits):
        start = int(mock.clock.now())
        remaining = []
        for _ in range(3):
            response = mock.client.post("/2/media/upload/initialize", json=INIT, headers=USER)
            assert response.status_code == 200
            assert response.headers["x-rate-limit-limit"] == "3"
            assert response.headers["x-rate-limit-reset"] == str(start + 900)
            remaining.append(int(response.headers["x-rate-limit-remaining"]))
        assert remaining == [2, 1, 0]
        limited = mock.client.post("/2/media/upload/initialize", json=INIT, headers=USER)
        assert limited.status_code == 429
        assert limited.json() == {
            "title": "Too Many Requests",
            "detail": "Too Many Requests",
            "type": "about:blank",
            "status": 429,
        }
        assert limited.headers["x-rate-limit-remaining"] == "0"
        reset = int(limited.headers["x-rate-limit-reset"])
        # a client sleeping until reset (on the mock clock) gets through again
        mock.clock.advance(reset - mock.clock.now())
        again = mock.client.post("/2/media/upload/initialize", json=INIT, headers=USER)
        assert again.status_code == 200
        assert again.headers["x-rate-limit-remaining"] == "2"


def test_init_append_finalize_share_a_bucket_per_user() -> None:
    limits = default_rate_limits() | {"upload": RateLimit(3)}
    for mock in make_mock(rate_limits=limits):
        media_id = mock.init(1)  # 1
        assert mock.append(media_id, 0, b"x").status_code == 200  # 2
        assert mock.finalize(media_id).status_code == 200  # 3
        assert mock.append(media_id, 0, b"x").status_code == 429
        # user 2 has its own bucket: its first request leaves limit - 1, whatever user 1 used
        other = mock.client.post("/2/media/upload/initialize", json=INIT, headers=USER2)
        assert other.status_code == 200
        assert other.headers["x-rate-limit-remaining"] == "2"
        # and the STATUS group has its own too
        status = mock.status(media_id)
        assert status.status_code == 200
        assert status.headers["x-rate-limit-limit"] == "1000"


def test_rate_limits_can_be_switched_off() -> None:
    limits = default_rate_limits() | {"upload": RateLimit(1)}
    for mock in make_mock(rate_limits=limits, rate_limits_enabled=False):
        for _ in range(3):
            assert (
                mock.client.post("/2/media/upload/initialize", json=INIT, headers=USER).status_code
                == 200
            )
