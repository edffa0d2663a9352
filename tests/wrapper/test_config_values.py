"""UploadConfig refuses values it cannot use with a ConfigError naming the field, never a bare
TypeError or a value that would disable a deadline."""

from __future__ import annotations

import math
from typing import Any

import pytest
import xmedia
from hypothesis import given
from hypothesis import strategies as st
from xmedia import ConfigError, OAuth2UserToken, UploadConfig

SECONDS = (
    "backoff_initial",
    "backoff_max",
    "max_rate_limit_wait",
    "request_timeout",
    "stall_timeout",
    "poll_deadline",
    "default_check_after",
    "max_check_after",
)


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("chunk_size", "4MiB", "chunk_size must be a whole number of bytes"),
        ("chunk_size", 4.5, "chunk_size must be a whole number of bytes"),
        ("concurrency", "4", "concurrency must be a whole number"),
        ("max_attempts", True, "max_attempts must be a whole number"),
        ("retry_budget", None, "retry_budget must be a whole number"),
        ("inspect", "on", "inspect must be 'advisory', 'strict' or 'off'"),
    ],
)
def test_a_value_of_the_wrong_kind_is_named(field: str, value: Any, says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        UploadConfig(**{field: value})


@pytest.mark.parametrize("field", SECONDS)
@given(value=st.sampled_from([math.nan, math.inf, -math.inf, "30", None, False]))
def test_durations_must_be_finite_numbers(field: str, value: Any) -> None:
    # A NaN request_timeout passed the old "> 0" check (every comparison with NaN is False),
    # and a request then had no deadline at all.
    if field == "max_rate_limit_wait" and value == math.inf:
        assert UploadConfig(max_rate_limit_wait=value).max_rate_limit_wait == math.inf
        return  # no cap on rate-limit waits: each still ends at X's reset time
    with pytest.raises(ConfigError, match=field):
        UploadConfig(**{field: value})


@given(
    seconds=st.floats(min_value=1, max_value=1e6, allow_nan=False),
    whole=st.integers(min_value=1, max_value=60),
)
def test_sensible_values_are_kept(seconds: float, whole: int) -> None:
    config = UploadConfig(request_timeout=seconds, poll_deadline=whole, concurrency=whole)
    assert (config.request_timeout, config.poll_deadline, config.concurrency) == (
        seconds,
        whole,
        whole,
    )


def test_a_token_string_as_auth_is_told_how_to_wrap_it() -> None:
    with pytest.raises(ConfigError, match=r"wrap a token string: OAuth2UserToken\(token\)") as info:
        xmedia.XMedia("secret-token-value", base_url="http://127.0.0.1:9")  # type: ignore[arg-type]
    assert "secret-token-value" not in str(info.value)
    with xmedia.XMedia(OAuth2UserToken("t"), base_url="http://127.0.0.1:9"):
        pass
