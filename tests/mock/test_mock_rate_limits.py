"""Per-user 15-minute and per-app 24-hour limits per endpoint on the mock clock; X's 429."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from xmedia_mock.config import RateLimit, default_app_rate_limits, default_rate_limits
from xmedia_mock.testing import USER, USER2, make_mock

INIT = {"media_type": "video/mp4", "total_bytes": 1}


def test_default_limits_are_xs_numbers_per_endpoint() -> None:
    limits = {bucket: rl.limit for bucket, rl in default_rate_limits().items()}
    assert limits["initialize"] == limits["append"] == limits["finalize"] == 1875
    assert limits["status"] == 1000
    assert limits["oneshot"] == 500
    assert limits["metadata"] == 500
    assert limits["subtitles_create"] == limits["subtitles_delete"] == 100
    assert {rl.window_secs for rl in default_rate_limits().values()} == {900}
    app = {bucket: rl.limit for bucket, rl in default_app_rate_limits().items()}
    assert app["initialize"] == app["append"] == app["finalize"] == 180_000
    assert (app["status"], app["oneshot"], app["metadata"]) == (100_000, 50_000, 50_000)
    assert app["subtitles_create"] == app["subtitles_delete"] == 10_000
    assert "lookup" not in app  # X lists no 24-hour cap for the lookups
    assert {rl.window_secs for rl in default_app_rate_limits().values()} == {86400}


def test_each_upload_endpoint_counts_on_its_own() -> None:
    limits = default_rate_limits() | {"initialize": RateLimit(1), "append": RateLimit(2)}
    for mock in make_mock(rate_limits=limits):
        media_id = mock.init(2)
        assert mock.append(media_id, 0, b"x").status_code == 200
        assert mock.append(media_id, 1, b"y").status_code == 200
        assert mock.append(media_id, 1, b"y").status_code == 429
        # INIT and APPEND are spent; FINALIZE has its own 1875
        finalized = mock.finalize(media_id)
        assert finalized.status_code == 200
        assert finalized.headers["x-rate-limit-limit"] == "1875"
        assert (
            mock.client.post("/2/media/upload/initialize", json=INIT, headers=USER).status_code
            == 429
        )


def test_the_app_wide_24_hour_cap_counts_every_user_and_answers_429() -> None:
    apps = default_app_rate_limits() | {"initialize": RateLimit(2, window_secs=86400)}
    for mock in make_mock(app_rate_limits=apps):
        start = int(mock.clock.now())
        first = mock.client.post("/2/media/upload/initialize", json=INIT, headers=USER)
        second = mock.client.post("/2/media/upload/initialize", json=INIT, headers=USER2)
        assert [first.status_code, second.status_code] == [200, 200]
        assert first.headers["x-app-limit-24hour-limit"] == "2"
        assert first.headers["x-app-limit-24hour-remaining"] == "1"
        assert second.headers["x-app-limit-24hour-remaining"] == "0"
        assert second.headers["x-app-limit-24hour-reset"] == str(start + 86400)
        # user 2's own 15-minute window is untouched, but the app's day is spent
        third = mock.client.post("/2/media/upload/initialize", json=INIT, headers=USER2)
        assert third.status_code == 429
        assert third.headers["x-rate-limit-remaining"] == "1874"
        assert third.headers["x-app-limit-24hour-remaining"] == "0"
        assert third.json()["title"] == "Too Many Requests"
        mock.clock.advance(900)  # a new 15-minute window does not lift the daily cap
        assert (
            mock.client.post("/2/media/upload/initialize", json=INIT, headers=USER).status_code
            == 429
        )
        mock.clock.advance(86400)
        again = mock.client.post("/2/media/upload/initialize", json=INIT, headers=USER)
        assert again.status_code == 200
        assert again.headers["x-app-limit-24hour-remaining"] == "1"


def test_lookups_carry_no_24_hour_headers() -> None:
    for mock in make_mock():
        response = mock.client.get("/2/media", params={"media_keys": "3_1"}, headers=USER)
        assert "x-rate-limit-limit" in response.headers
        assert not any(name.startswith("x-app-limit") for name in response.headers)


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


def test_every_answer_has_a_date_on_the_mocks_clock_its_resets_are_on() -> None:
    for mock in make_mock():
        mock.clock.advance(5 * 3600)  # a test's manual clock, hours ahead of the real one
        for response in (
            mock.client.post("/2/media/upload/initialize", json=INIT, headers=USER),
            mock.client.get("/2/media/upload/no-such-route", headers=USER),  # a 404 too
        ):
            date = parsedate_to_datetime(response.headers["date"]).timestamp()
            assert date == int(mock.clock.now())
            assert date <= int(response.headers["x-rate-limit-reset"]) <= date + 900


def test_a_limit_set_for_the_upload_group_is_one_bucket_per_user() -> None:
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
