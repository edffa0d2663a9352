"""Retry decisions: which outcomes retry, how long to wait, the budget."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from xmedia._errors import (
    InvalidRequestError,
    NothingToProcessError,
    PaymentRequiredError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnexpectedResponseError,
)
from xmedia._judge import Judge, RetryAfter
from xmedia._requests import FinalizeRequest, Reply, StatusRequest, TransportFailure
from xmedia._retry import RetryPolicy, backoff_delay, is_retryable_status, rate_limit_delay

POLICY = RetryPolicy(max_attempts=4, backoff_initial=0.5, backoff_max=8.0, max_rate_limit_wait=60)


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 413])
def test_client_errors_are_never_retried(status: int) -> None:
    assert not is_retryable_status(status)
    judge = Judge(POLICY, 100, random.Random(0))
    with pytest.raises(Exception) as info:
        judge.judge("append", Reply(status, {}, b""), 1, 0.0)
    assert getattr(info.value, "status", None) == status


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504, 408])
def test_transient_statuses_are_retried(status: int) -> None:
    assert is_retryable_status(status)


@given(attempt=st.integers(1, 30), seed=st.integers(0, 2**32))
def test_backoff_is_full_jitter_under_the_cap(attempt: int, seed: int) -> None:
    delay = backoff_delay(attempt, POLICY, random.Random(seed))
    assert 0 <= delay <= min(POLICY.backoff_max, POLICY.backoff_initial * 2 ** (attempt - 1))


def test_rate_limit_delay_prefers_retry_after_then_reset() -> None:
    assert rate_limit_delay({"Retry-After": "7"}, now=100) == 7
    assert rate_limit_delay({"x-rate-limit-reset": "130"}, now=100) == 31
    assert rate_limit_delay({"x-rate-limit-reset": "50"}, now=100) == 0
    assert rate_limit_delay({}, now=100) is None
    assert (rate_limit_delay({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, now=0) or 0) > 0


def test_429_waits_until_reset_and_raises_when_too_far() -> None:
    judge = Judge(POLICY, 100, random.Random(0))
    verdict = judge.judge("append", Reply(429, {"x-rate-limit-reset": "1010"}, b""), 1, 1000.0)
    assert isinstance(verdict, RetryAfter) and verdict.delay == 11
    with pytest.raises(RateLimitedError) as info:
        judge.judge("append", Reply(429, {"x-rate-limit-reset": "5000"}, b"{}"), 1, 1000.0)
    assert info.value.reset_at == 5000


def test_retries_stop_at_max_attempts_with_the_typed_error() -> None:
    judge = Judge(POLICY, 100, random.Random(0))
    for attempt in range(1, POLICY.max_attempts):
        assert isinstance(judge.judge("finalize", Reply(503, {}, b""), attempt, 0), RetryAfter)
    with pytest.raises(ServerError):
        judge.judge("finalize", Reply(503, {}, b""), POLICY.max_attempts, 0)
    with pytest.raises(TransportError) as info:
        judge.judge("finalize", TransportFailure("ConnectError"), POLICY.max_attempts, 0)
    assert info.value.attempts == POLICY.max_attempts


def test_a_final_transport_failure_is_not_retried() -> None:
    judge = Judge(POLICY, 100, random.Random(0))
    assert isinstance(judge.judge("init", TransportFailure("reset"), 1, 0), RetryAfter)
    with pytest.raises(TransportError) as info:
        judge.judge("init", TransportFailure("answer too large", final=True), 1, 0)
    assert info.value.attempts == 1 and "answer too large" in str(info.value)
    assert judge.budget.left == 99  # the final failure spent no retry


def test_a_400_to_status_is_told_apart_as_nothing_to_process() -> None:
    judge = Judge(POLICY, 100, random.Random(0))

    def problem(detail: str) -> Reply:
        body = json.dumps({"title": "Invalid Request", "detail": detail}).encode()
        return Reply.from_raw(400, {"content-type": "application/json"}, body)

    with pytest.raises(NothingToProcessError):
        judge.judge(StatusRequest("1"), problem("BadRequest: Not found"), 1, 0)
    for request, detail in (
        (StatusRequest("1"), "media id has expired"),
        (FinalizeRequest("1"), "x"),
    ):
        with pytest.raises(InvalidRequestError) as info:
            judge.judge(request, problem(detail), 1, 0)
        assert type(info.value) is InvalidRequestError


def test_budget_is_shared_across_requests() -> None:
    judge = Judge(POLICY, 2, random.Random(0))
    assert isinstance(judge.judge("a", TransportFailure("x"), 1, 0), RetryAfter)
    assert isinstance(judge.judge("b", TransportFailure("x"), 1, 0), RetryAfter)
    with pytest.raises(TransportError):
        judge.judge("c", TransportFailure("x"), 1, 0)


def test_redirects_and_success() -> None:
    judge = Judge(POLICY, 2, random.Random(0))
    ok = Reply(200, {}, b"{}", {})
    assert judge.judge("a", ok, 1, 0) is ok
    with pytest.raises(UnexpectedResponseError, match="redirect"):
        judge.judge("a", Reply(301, {"location": "http://evil"}, b""), 1, 0)


def test_problem_type_picks_the_class() -> None:
    judge = Judge(POLICY, 2, random.Random(0))
    body = b'{"type":"https://api.twitter.com/2/problems/usage-capped","title":"Usage capped"}'
    with pytest.raises(PaymentRequiredError):
        judge.judge("a", Reply(402, {}, body), 1, 0)
    with pytest.raises(InvalidRequestError):
        judge.judge("a", Reply(400, {}, b"<html>bad</html>"), 1, 0)


def test_usage_capped_429_is_not_retried() -> None:
    judge = Judge(POLICY, 100, random.Random(0))
    body = b'{"type":"https://api.x.com/2/problems/usage-capped","title":"Usage capped"}'
    with pytest.raises(PaymentRequiredError):
        judge.judge("a", Reply(429, {"retry-after": "1"}, body), 1, 0)


def test_429_with_a_reset_in_the_past_backs_off_instead_of_hammering() -> None:
    judge = Judge(POLICY, 100, random.Random(1))
    verdict = judge.judge("a", Reply(429, {"x-rate-limit-reset": "10"}, b""), 3, 1000.0)
    assert isinstance(verdict, RetryAfter) and verdict.delay > 0


def test_upload_budget_grows_with_the_number_of_segments() -> None:
    from xmedia import OAuth2UserToken, UploadConfig, XMedia

    client = XMedia(OAuth2UserToken("t"), config=UploadConfig(retry_budget=3))
    assert client._judge(segments=500).budget.left == 503
