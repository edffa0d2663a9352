"""Properties of the sans-IO core under arbitrary interleavings of parallel appends."""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st
from xmedia._core import (
    Append,
    Initialize,
    JournalTarget,
    Phase,
    Report,
    ResumeFrom,
    StartAppends,
    UploadCore,
    WriteJournal,
)
from xmedia._plan import SegmentPlan
from xmedia._record import JournalRecord
from xmedia._requests import Reply

OK = Reply.from_raw(200, {}, b"")
INIT = Reply.from_raw(200, {}, json.dumps({"data": {"id": "1"}}).encode())


def _resume(plan: SegmentPlan, acked: set[int]) -> ResumeFrom:
    digests = {i: f"d{i}" for i in acked}
    record = JournalRecord(
        "uploading",
        "1",
        None,
        "/f",
        plan.chunk_size,
        plan.total_bytes,
        "video/mp4",
        None,
        None,
        digests,
    )
    return ResumeFrom(record, plan, digests)


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
    resume = _resume(plan, pre_acked) if pre_acked else None
    core = UploadCore(
        plan=plan,
        media_type="video/mp4",
        media_category=None,
        now=0,
        concurrency=workers,
        resume=resume,
        journal=JournalTarget("/f", 1),
    )
    if core.phase is Phase.INIT:
        step = core.next_step(0)
        assert isinstance(step, Initialize)
        core.on_reply(step, INIT, 0)
    in_flight: list[list[Append]] = [[] for _ in range(workers)]
    claimed: list[int] = []
    reports = []
    journal_seqs: list[int] = []

    def work(worker: int) -> None:
        if in_flight[worker]:
            for local in core.on_append(in_flight[worker].pop(), OK, "d"):
                if isinstance(local, Report):
                    reports.append(local.event)
                elif isinstance(local, WriteJournal):
                    journal_seqs.append(local.seq)
        elif (append := core.next_append()) is not None:
            claimed.append(append.request.segment.index)
            in_flight[worker].append(append)

    for choice in schedule:
        work(choice % workers)
    while core.phase is Phase.APPENDING:  # drain: every worker keeps going
        for worker in range(workers):
            work(worker)

    already = {i for i in pre_acked if i < plan.count}
    assert core.phase is Phase.FINALIZING
    assert sorted(claimed) == sorted(set(range(plan.count)) - already)  # each missing one once
    assert set(core.acked) == set(range(plan.count))
    assert len(reports) == plan.count - len(already)
    assert journal_seqs == sorted(set(journal_seqs))  # every snapshot newer than the last
    if reports:
        done = [e.segments_done for e in reports]
        assert done == sorted(done) and done[-1] == plan.count
        assert reports[-1].bytes_sent == total


@given(total=st.integers(1, 100_000), chunk=st.integers(1, 10_000), concurrency=st.integers(1, 16))
def test_worker_count_never_exceeds_segments_or_concurrency(
    total: int, chunk: int, concurrency: int
) -> None:
    plan = SegmentPlan(total, chunk)
    core = UploadCore(
        plan=plan, media_type="video/mp4", media_category=None, now=0, concurrency=concurrency
    )
    step = core.next_step(0)
    assert isinstance(step, Initialize)
    core.on_reply(step, INIT, 0)
    start = core.next_step(0)
    assert isinstance(start, StartAppends)
    assert start.workers == min(concurrency, plan.count)


@given(fail_at=st.integers(0, 10))
def test_nothing_is_handed_out_after_a_failure(fail_at: int) -> None:
    core = UploadCore(plan=SegmentPlan(100, 10), media_type="video/mp4", media_category=None, now=0)
    step = core.next_step(0)
    assert isinstance(step, Initialize)
    core.on_reply(step, INIT, 0)
    handed = [core.next_append() for _ in range(fail_at)]
    core.on_failure(RuntimeError("boom"), 0)
    assert core.next_append() is None
    for append in handed:
        if append is not None:
            assert core.on_append(append, OK, "d") == []  # late answers are ignored
    assert core.phase is Phase.FAILED
