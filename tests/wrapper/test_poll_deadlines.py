"""Processing deadlines fire when configured, on the fake clock: not before, and not one poll
interval late. The mock never finishes processing here; it asks for a STATUS every
``check_after_secs`` (2 s), and the client's sleeps advance the shared clock."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest
from xmedia import ProcessingTimeoutError
from xmedia_mock.testing import fake_mp4

from tests.support.mock_server import MockServer

CHECK_AFTER = 2
# Odd, so the deadline falls between two polls the server asked for: the last poll happens at
# the deadline itself.
DEADLINE = 31.0
# What the client would use if `timeout=` were ignored.
CONFIGURED = 1000.0


@pytest.fixture
def endless(mock_server: MockServer, tmp_path: Path) -> tuple[MockServer, Path]:
    mock_server.config.processing_secs = 1_000_000
    mock_server.config.check_after_secs = CHECK_AFTER
    path = tmp_path / "clip.mp4"
    path.write_bytes(fake_mp4(3000))
    return mock_server, path


def _assert_fired_at_deadline(mock: MockServer, started: float, deadline: float) -> None:
    """The last STATUS goes out at the deadline and the error follows it: not a poll interval
    (or any part of one) before or after."""
    elapsed = mock.clock.now() - started
    assert elapsed == pytest.approx(deadline, abs=0.01), elapsed


def test_upload_polling_stops_at_the_configured_deadline(endless: tuple[MockServer, Path]) -> None:
    mock, path = endless
    started = mock.clock.now()  # INIT, APPEND and FINALIZE take no time on this clock
    with mock.client(poll_deadline=DEADLINE) as client, pytest.raises(ProcessingTimeoutError):
        client.upload(path)
    _assert_fired_at_deadline(mock, started, DEADLINE)


def test_sync_wait_timeout_overrides_the_configured_deadline(
    endless: tuple[MockServer, Path],
) -> None:
    mock, path = endless
    with mock.client(poll_deadline=CONFIGURED) as client:
        media = client.upload(path, wait=False)
        started = mock.clock.now()
        with pytest.raises(ProcessingTimeoutError) as info:
            client.wait(media.media_id, timeout=DEADLINE)
    assert info.value.deadline_seconds == DEADLINE
    _assert_fired_at_deadline(mock, started, DEADLINE)


def test_async_wait_timeout_overrides_the_configured_deadline(
    endless: tuple[MockServer, Path],
) -> None:
    mock, path = endless
    marks: dict[str, float] = {}

    async def scenario() -> None:
        async with mock.async_client(poll_deadline=CONFIGURED) as client:
            media = await client.upload(path, wait=False)
            marks["started"] = mock.clock.now()
            with pytest.raises(ProcessingTimeoutError):
                await client.wait(media.media_id, timeout=DEADLINE)

    anyio.run(scenario)
    _assert_fired_at_deadline(mock, marks["started"], DEADLINE)


def test_async_upload_polling_stops_at_the_configured_deadline(
    endless: tuple[MockServer, Path],
) -> None:
    mock, path = endless
    started = mock.clock.now()

    async def scenario() -> None:
        async with mock.async_client(poll_deadline=DEADLINE) as client:
            with pytest.raises(ProcessingTimeoutError):
                await client.upload(path)

    anyio.run(scenario)
    _assert_fired_at_deadline(mock, started, DEADLINE)
