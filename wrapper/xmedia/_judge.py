"""The retry judge: for any request outcome, accept / retry after a delay / raise a typed error.

Pure decisions (no I/O, no clock: ``now`` is passed in). Drivers loop over :class:`Exchange`.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ._errors import (
    APIError,
    ForbiddenError,
    InvalidRequestError,
    MissingScopeError,
    NothingToProcessError,
    PaymentRequiredError,
    RateLimitedError,
    TransportError,
    UnexpectedResponseError,
    api_error_from_response,
)
from ._requests import (
    Outcome,
    Reply,
    Request,
    StatusRequest,
    TransportFailure,
    describe_outcome,
    is_upload_request,
    operation_name,
)
from ._retry import RetryBudget, RetryPolicy, backoff_delay, is_retryable_status, rate_limit_delay

__all__ = ["Exchange", "Judge", "RetryAfter", "RetryListener"]

log = logging.getLogger("xmedia")


@dataclass(frozen=True, slots=True)
class RetryAfter:
    """Try again after ``delay`` seconds. ``kind`` says why: a failure, or a rate limit whose
    reset is at ``reset_at`` (epoch seconds)."""

    delay: float
    kind: Literal["retry", "rate_limit"] = "retry"
    reason: str = ""
    reset_at: float | None = None


#: Told about each retry before the driver waits: (verdict, operation, failed attempt number).
RetryListener = Callable[[RetryAfter, str, int], None]


class Judge:
    """Decides, for any request outcome, accept / retry after a delay / raise a typed error.

    One judge per operation (an upload, a wait, a lookup): its retry budget is shared by all the
    operation's requests, including parallel appends. ``oauth2_user`` says the credentials are
    an OAuth 2.0 user token, so a plain 403 on an upload endpoint names the missing scope.
    """

    def __init__(
        self,
        policy: RetryPolicy,
        budget: int,
        rng: random.Random,
        *,
        oauth2_user: bool = False,
    ) -> None:
        self.policy = policy
        self.budget = RetryBudget(budget)
        self.oauth2_user = oauth2_user
        self._rng = rng
        self._rng_lock = threading.Lock()

    def judge(
        self, request: Request | str, outcome: Outcome, attempt: int, now: float
    ) -> Reply | RetryAfter:
        """``attempt`` counts from 1. Returns the 2xx reply, or a delay to retry after; raises
        the typed error when the outcome is final."""
        operation = request if isinstance(request, str) else operation_name(request)
        if isinstance(outcome, TransportFailure):
            if not outcome.final and self._may_retry(attempt):
                return RetryAfter(self._backoff(attempt), reason=outcome.description)
            raise TransportError(
                f"{operation} failed after {attempt} attempt(s): {outcome.description}; check "
                "the network and the base URL, then try again",
                operation=operation,
                attempts=attempt,
                timed_out=outcome.timed_out,
            )
        status = outcome.status
        if 200 <= status < 300:
            return outcome
        if 300 <= status < 400:
            location = outcome.headers.get("location", "")
            raise UnexpectedResponseError(
                status,
                "Redirect",
                f"the server redirected to {location!r}; redirects are not followed (they could "
                "downgrade to http or leak credentials)",
                headers=outcome.headers,
                operation=operation,
            )
        error = api_error_from_response(
            status, outcome.content, outcome.headers, operation=operation
        )
        if isinstance(error, PaymentRequiredError):
            raise error  # usage capped / credits depleted (402 or 429): waiting will not help
        if isinstance(error, RateLimitedError):
            return self._rate_limited(error, outcome, attempt, now)
        if is_retryable_status(status) and self._may_retry(attempt):
            return RetryAfter(self._backoff(attempt), reason=describe_outcome(outcome))
        raise self._refined(error, request)

    def _rate_limited(
        self, error: RateLimitedError, outcome: Reply, attempt: int, now: float
    ) -> RetryAfter:
        wait = rate_limit_delay(outcome.headers, now)
        if wait is None or wait <= 0:
            # No usable header, or a reset already past (clock skew): back off instead of
            # hammering the limit.
            wait = self._backoff(attempt)
        if wait > self.policy.max_rate_limit_wait:
            error.exceeded_max_wait(wait, now + wait, self.policy.max_rate_limit_wait)
            raise error
        if not self._may_retry(attempt):
            raise error
        return RetryAfter(wait, "rate_limit", describe_outcome(outcome), now + wait)

    def _refined(self, error: APIError, request: Request | str) -> APIError:
        if (
            type(error) is InvalidRequestError
            and isinstance(request, StatusRequest)
            # X's wording for this 400 varies; an expired id is the other 400 STATUS gets (the
            # id's form is checked before the request).
            and "expired" not in str(error).lower()
        ):
            return _recast(NothingToProcessError, error)
        if (
            type(error) is ForbiddenError
            and error.title is not None  # a problem from X, not a proxy's HTML page
            and self.oauth2_user
            and not isinstance(request, str)
            and is_upload_request(request)
        ):
            return _recast(MissingScopeError, error)
        return error

    def _may_retry(self, attempt: int) -> bool:
        return attempt < self.policy.max_attempts and self.budget.take()

    def _backoff(self, attempt: int) -> float:
        with self._rng_lock:
            return backoff_delay(attempt, self.policy, self._rng)


class Exchange:
    """One request's attempts: feed each outcome to :meth:`settle`; it returns the accepted
    reply or the seconds to wait before sending again (and tells the listener), or raises."""

    def __init__(
        self, judge: Judge, request: Request, listener: RetryListener | None = None
    ) -> None:
        self.judge = judge
        self.request = request
        self.operation = operation_name(request)
        self.attempt = 0
        self._listener = listener

    def settle(self, outcome: Outcome, now: float) -> Reply | float:
        self.attempt += 1
        verdict = self.judge.judge(self.request, outcome, self.attempt, now)
        if isinstance(verdict, Reply):
            return verdict
        log.info(
            "retrying %s in %.2f s (attempt %d: %s)",
            self.operation,
            verdict.delay,
            self.attempt,
            verdict.reason,
        )
        if self._listener is not None:
            self._listener(verdict, self.operation, self.attempt)
        return verdict.delay


def _recast(kind: type[APIError], error: APIError) -> APIError:
    """``error`` as the more specific ``kind`` the request tells it apart as (same fields)."""
    return kind(
        error.status,
        error.title,
        error.detail,
        error.problem_type,
        error.errors,
        error.headers,
        operation=error.operation,
    )
