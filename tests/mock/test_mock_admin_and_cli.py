"""Admin routes under /_mock/, MockConfig from env, the xmedia-mock command line."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest
from xmedia_mock import FaultPlan, ManualClock, MockConfig, serve
from xmedia_mock.server import build_parser, config_from_args
from xmedia_mock.testing import USER, fake_mp4, make_mock


def test_digest_stats_reset_routes() -> None:
    for mock in make_mock():
        media_id, _ = mock.upload(fake_mp4(300), 100)
        digest = mock.client.get(f"/_mock/uploads/{media_id}").json()
        assert digest["size"] == 300
        assert digest["append_counts"] == {"0": 1, "1": 1, "2": 1}
        assert digest["finalized"] is True
        assert mock.client.get("/_mock/uploads/42").status_code == 404
        stats = mock.client.get("/_mock/stats").json()
        assert stats["requests"]["append"] == {"200": 3}
        assert stats["requests"]["initialize"] == {"200": 1}
        assert stats["finalized"] == 1
        assert mock.client.post("/_mock/reset").json() == {"reset": True}
        assert mock.client.get(f"/_mock/uploads/{media_id}").status_code == 404
        assert mock.client.get("/_mock/stats").json()["requests"] == {}


def test_clock_route_advances_a_manual_clock_only() -> None:
    for mock in make_mock():
        before = mock.clock.now()
        moved = mock.client.post("/_mock/clock", json={"seconds": 90}).json()
        assert moved == {"now": before + 90, "manual": True}
    with serve(MockConfig()) as server:
        refused = httpx.post(f"{server.base_url}/_mock/clock", json={"seconds": 1})
        assert refused.status_code == 409


def test_config_route_shrinks_limits_at_runtime() -> None:
    for mock in make_mock():
        mock.client.patch("/_mock/config", json={"rate_limits": {"upload": 1}, "chunk_limit": 10})
        assert mock.append(mock.init(20), 0, b"x" * 11).status_code == 429  # second upload request
        shown = mock.client.get("/_mock/config").json()
        assert shown["rate_limits"]["upload"] == 1 and shown["chunk_limit"] == 10


def test_config_from_env() -> None:
    env = {
        "XMEDIA_MOCK_CHUNK_LIMIT": "1000",
        "XMEDIA_MOCK_PROCESSING_SECS": "0.5",
        "XMEDIA_MOCK_FAULTS": "append#2:error=503",
        "XMEDIA_MOCK_FAULT_SEED": "9",
        "XMEDIA_MOCK_MANUAL_CLOCK": "1",
        "XMEDIA_MOCK_RATE_LIMIT_SCALE": "0.01",
    }
    config = MockConfig.from_env(env)
    assert config.chunk_limit == 1000
    assert config.processing_secs == 0.5
    assert config.faults == FaultPlan.parse("append#2:error=503", seed=9)
    assert isinstance(config.clock, ManualClock)
    assert config.rate_limits["append"].limit == 18  # 1875 x 0.01
    assert config.app_rate_limits["append"].limit == 1800  # 180,000 x 0.01
    assert MockConfig.from_env({}, chunk_limit=5).chunk_limit == 5


def test_cli_options_override_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XMEDIA_MOCK_CHUNK_LIMIT", "1000")
    args = build_parser().parse_args(
        [
            "--chunk-limit",
            "2000",
            "--faults",
            "*:latency=5@0.5",
            "--fault-seed",
            "4",
            "--rate-limit",
            "upload=7",
            "--no-rate-limits",
            "--manual-clock",
        ]
    )
    config = config_from_args(args)
    assert config.chunk_limit == 2000
    assert config.faults.to_text() == "*:latency=5@0.5" and config.faults.seed == 4
    assert config.rate_limits["upload"].limit == 7
    assert config.rate_limits_enabled is False
    assert isinstance(config.clock, ManualClock)


def test_xmedia_mock_command_serves_requests() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from xmedia_mock.server import main; main()",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(f"{base}/_mock/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        response = httpx.post(
            f"{base}/2/media/upload/initialize",
            json={"media_type": "image/png", "total_bytes": 10},
            headers=USER,
        )
        assert response.status_code == 200
        assert response.json()["data"]["media_key"].startswith("3_")
    finally:
        process.terminate()
        process.wait(10)
