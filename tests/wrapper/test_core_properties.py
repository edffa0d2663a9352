"""Properties of the sans-IO core under arbitrary interleavings of parallel appends."""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st
from xmedia._segments import SegmentPlan
from xmedia._session import AppendRequest, Phase, Reply, ResumePoint, UploadSession

OK = Reply.from_raw(200, {}, b"")
INIT = Reply.from_raw(200, {}, json.dumps({"data": {"id": "1"}}).encode())


@example(total=10, chunk=64, workers=1, schedule=[], pre_acked={0})  # nothing left to send
@given(
    total=st.integers(1, 5000),
    chunk=st.integers(64, 1024),
    workers=st.integers(1, 6),
    schedule=st.lists(st.integers(0, 5), min_size=0, max_size=200),
    pre_acked=st.sets(st.integers(0, 80), max_size=20),
)
def test_any_interleaving_acks_every_segment_exactly_once(
    total: int, chunk: int, workers: int, schedule: list[int], pre_acked: set[int]
) -> None:
    plan = SegmentPlan(total, chunk)
    resume = ResumePoint("1", None, None, frozenset(pre_acked)) if pre_acked else None
    session = UploadSession(plan=plan, media_type="video/mp4", media_category=None, resume=resume)
    if session.phase is Phase.INIT:
        session.on_init(INIT, 0)
    in_flight: list[list[AppendRequest]] = [[] for _ in range(workers)]
    claimed: list[int] = []
    events = []

    def step(worker: int) -> None:
        if in_flight[worker]:
            events.append(session.on_append(in_flight[worker].pop(), OK))
        elif (request := session.claim_segment()) is not None:
            claimed.append(request.segment.index)
            in_flight[worker].append(request)

    for choice in schedule:
        step(choice % workers)
    while session.phase is Phase.APPENDING:  # drain: every worker keeps going
        for worker in range(workers):
            step(worker)

    already = {i for i in pre_acked if i < plan.count}
    assert session.phase is Phase.FINALIZING
    assert sorted(claimed) == sorted(set(range(plan.count)) - already)  # each missing one once
    assert session.acked == set(range(plan.count))
    reported = [e for e in events if e is not None]
    assert len(reported) == plan.count - len(already)
    if reported:
        done = [e.segments_done for e in reported]
        assert done == sorted(done) and done[-1] == plan.count
        assert reported[-1].bytes_sent == total


@given(fail_at=st.integers(0, 10))
def test_nothing_is_handed_out_after_a_failure(fail_at: int) -> None:
    session = UploadSession(plan=SegmentPlan(100, 10), media_type="video/mp4", media_category=None)
    session.on_init(INIT, 0)
    handed = [session.claim_segment() for _ in range(fail_at)]
    session.fail(RuntimeError("boom"))
    assert session.claim_segment() is None
    for request in handed:
        if request is not None:
            assert session.on_append(request, OK) is None  # late answers are ignored
    assert session.phase is Phase.FAILED
