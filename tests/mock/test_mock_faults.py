"""Fault plans: parsing, schedules, seeded rates, and what clients see over sockets."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xmedia_mock import FaultPlan, FaultPlanError, FaultRule, MockConfig, serve
from xmedia_mock.faults import FaultInjector
from xmedia_mock.testing import USER, fake_mp4, make_mock


def test_plan_text_round_trips() -> None:
    text = (
        "append#3:error=503;*:latency=20@0.5;finalize:abort@0.1;"
        "status#1,2:rate_limit;upload:truncate;*:slow=1000"
    )
    plan = FaultPlan.parse(text, seed=7)
    assert plan.seed == 7
    assert FaultPlan.parse(plan.to_text()) == FaultPlan(plan.rules)
    assert plan.rules[0] == FaultRule("error", "append", frozenset({3}), status=503)
    assert plan.rules[3].occurrences == frozenset({1, 2})


@pytest.mark.parametrize(
    "text",
    [
        "append",
        "append:explode",
        "nowhere:abort",
        "append:error=404",
        "append:abort@2",
        "append#0:abort",
        "append:abort=3",
        "append#x:abort",
    ],
)
def test_bad_plans_are_rejected(text: str) -> None:
    with pytest.raises(FaultPlanError):
        FaultPlan.parse(text)


def test_schedule_fails_exactly_the_third_append() -> None:
    for mock in make_mock(faults=FaultPlan.parse("append#3:error=503")):
        data = fake_mp4(500)
        media_id = mock.init(len(data))
        statuses = [
            mock.append(media_id, i, data[i * 100 : (i + 1) * 100]).status_code for i in range(5)
        ]
        assert statuses == [200, 200, 503, 200, 200]
        assert mock.append(media_id, 2, data[200:300]).status_code == 200  # the retry
        assert mock.finalize(media_id).status_code == 200
        digest = mock.state.upload_digest(media_id)
        assert digest.append_counts == {0: 1, 1: 1, 2: 1, 3: 1, 4: 1}  # the 503 never reached state
        assert mock.state.faults.injected == {"error": 1}
        assert mock.state.request_count("append", 503) == 1


def test_injected_429_and_503_have_xs_shapes() -> None:
    for mock in make_mock(faults="initialize#1:rate_limit;initialize#2:error=500"):
        body = {"media_type": "video/mp4", "total_bytes": 1}
        limited = mock.client.post("/2/media/upload/initialize", json=body, headers=USER)
        assert limited.status_code == 429
        assert limited.json()["type"] == "about:blank"
        assert limited.headers["x-rate-limit-remaining"] == "0"
        assert int(limited.headers["x-rate-limit-reset"]) >= int(mock.clock.now())
        failed = mock.client.post("/2/media/upload/initialize", json=body, headers=USER)
        assert failed.status_code == 500 and failed.json()["status"] == 500


def decisions(plan: FaultPlan, operations: list[str]) -> list[str | None]:
    injector = FaultInjector(plan)
    return [injector.decide(op).kind for op in operations]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32), rate=st.floats(0.05, 0.95))
def test_rates_are_deterministic_per_seed(seed: int, rate: float) -> None:
    plan = FaultPlan.parse(f"append:error=503@{rate}", seed=seed)
    ops = ["append"] * 200
    first, second = decisions(plan, ops), decisions(plan, ops)
    assert first == second
    hits = sum(kind == "error" for kind in first)
    assert 0 < hits < 200


def test_rate_zero_and_one_and_other_operations() -> None:
    assert decisions(FaultPlan.parse("append:abort@0"), ["append"] * 50) == [None] * 50
    assert decisions(FaultPlan.parse("append:abort@1"), ["append"] * 3) == ["abort"] * 3
    # group targets: "upload" covers initialize/append/finalize, not status
    assert decisions(FaultPlan.parse("upload:abort"), ["initialize", "status", "finalize"]) == [
        "abort",
        None,
        "abort",
    ]


def test_latency_adds_up_and_is_counted() -> None:
    injector = FaultInjector(FaultPlan.parse("*:latency=5;append:latency=7"))
    assert injector.decide("append").latency_ms == 12
    assert injector.decide("status").latency_ms == 5
    assert injector.injected["latency"] == 3


def test_in_process_abort_raises_a_transport_error() -> None:
    for mock in make_mock(faults="finalize#1:abort"):
        media_id = mock.init(10)
        mock.append(media_id, 0, fake_mp4(10))
        with pytest.raises(httpx.RemoteProtocolError):
            mock.finalize(media_id)
        # the FINALIZE happened before the connection died: a retry sees the same media
        retry = mock.finalize(media_id)
        assert retry.status_code == 200
        assert mock.state.faults.injected == {"abort": 1}


@pytest.mark.parametrize("kind", ["abort", "truncate"])
def test_over_a_socket_the_client_sees_a_broken_response(kind: str) -> None:
    with (
        serve(MockConfig(faults=FaultPlan.parse(f"status#1:{kind}"))) as server,
        httpx.Client(base_url=server.base_url, headers=USER) as client,
    ):
        media_id = client.post(
            "/2/media/upload/initialize",
            json={"media_type": "video/mp4", "total_bytes": 10, "media_category": "tweet_video"},
        ).json()["data"]["id"]
        client.post(
            f"/2/media/upload/{media_id}/append",
            files={"media": ("b", fake_mp4(10))},
            data={"segment_index": "0"},
        )
        client.post(f"/2/media/upload/{media_id}/finalize")
        with pytest.raises(httpx.RemoteProtocolError):
            client.get("/2/media/upload", params={"media_id": media_id})
        # the server keeps serving; the next STATUS is fine
        assert client.get("/2/media/upload", params={"media_id": media_id}).status_code == 200
        assert server.state.faults.injected == {kind: 1}


def test_slow_body_arrives_whole() -> None:
    with (
        serve(MockConfig(faults=FaultPlan.parse("lookup:slow=2000"))) as server,
        httpx.Client(base_url=server.base_url, headers=USER) as client,
    ):
        response = client.get("/2/media", params={"media_keys": "3_1,3_2"})
        assert response.status_code == 200
        assert len(response.json()["errors"]) == 2
        assert server.state.faults.injected == {"slow": 1}


def test_faults_set_and_cleared_through_admin_route() -> None:
    for mock in make_mock():
        set_plan = mock.client.post(
            "/_mock/faults", json={"plan": "initialize:error=503", "seed": 3}
        )
        assert set_plan.json() == {"plan": "initialize:error=503", "seed": 3, "injected": {}}
        body = {"media_type": "video/mp4", "total_bytes": 1}
        assert (
            mock.client.post("/2/media/upload/initialize", json=body, headers=USER).status_code
            == 503
        )
        assert mock.client.get("/_mock/stats").json()["faults_injected"] == {"error": 1}
        assert mock.client.post("/_mock/faults", json={"plan": "nonsense"}).status_code == 400
        mock.client.delete("/_mock/faults")
        assert (
            mock.client.post("/2/media/upload/initialize", json=body, headers=USER).status_code
            == 200
        )
        rules = [{"kind": "error", "target": "initialize", "status": 502}]
        mock.client.put("/_mock/faults", json={"rules": rules})
        assert (
            mock.client.post("/2/media/upload/initialize", json=body, headers=USER).status_code
            == 502
        )


def test_drop_reads_the_request_but_never_processes_it() -> None:
    for mock in make_mock(faults="append#1:drop"):
        media_id = mock.init(10)
        with pytest.raises(httpx.RemoteProtocolError):
            mock.append(media_id, 0, fake_mp4(10))
        assert mock.state.upload_digest(media_id).append_counts == {}  # unlike abort
        assert mock.append(media_id, 0, fake_mp4(10)).status_code == 200
        assert mock.state.faults.injected == {"drop": 1}
    with (
        serve(MockConfig(faults=FaultPlan.parse("initialize#1:drop"))) as server,
        httpx.Client(base_url=server.base_url, headers=USER) as client,
    ):
        body = {"media_type": "video/mp4", "total_bytes": 10}
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/2/media/upload/initialize", json=body)
        assert server.state.uploads == {}
        assert client.post("/2/media/upload/initialize", json=body).status_code == 200
