"""The custom checks on hand-made responses: each accepts what X sends and rejects each way of
getting it wrong. (test_planted_defects.py shows the same checks firing inside the suite.)"""

from __future__ import annotations

import http
import json
import time
from collections.abc import Callable
from email.utils import formatdate
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import Response

from xmedia_contract import checks, hooks, target
from xmedia_contract.problems import problem_inconsistencies

pytestmark = pytest.mark.meta

SETTINGS = target.active()
SCHEMA = target.load_schema(
    target.ContractSettings(examples=SETTINGS.examples), "positive", include_writes=True
)
UNIT = target.hypothesis_settings(SETTINGS, max_examples=50)
X_TYPE = "https://api.twitter.com/2/problems/"

Check = Callable[[Any, Response, Any], bool | None]


def make_case(path: str = "/2/media/upload/initialize", method: str = "POST", **kwargs: Any) -> Any:
    return SCHEMA[path][method].Case(**kwargs)


def make_response(
    status: int,
    body: Any = None,
    *,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
    url: str = "http://testserver/2/media/upload/initialize",
    token: str = "unit-token",
) -> Response:
    request = requests.Request("POST", url, headers={"Authorization": f"Bearer {token}"}).prepare()
    all_headers = {"content-type": [content_type]} if body is not None else {}
    for name, value in (headers or {}).items():
        all_headers[name.lower()] = [value]
    content = json.dumps(body).encode() if body is not None else b""
    return Response(status, all_headers, content, request, 0.01, True)


def fails(check: Check, response: Response, case: Any) -> bool:
    try:
        check(None, response, case)
    except AssertionError:
        return True
    return False


def rate_headers(
    limit: int = 1875, remaining: int = 1874, reset: int | None = None
) -> dict[str, str]:
    reset = int(time.time()) + 600 if reset is None else reset
    return {
        "x-rate-limit-limit": str(limit),
        "x-rate-limit-remaining": str(remaining),
        "x-rate-limit-reset": str(reset),
    }


@pytest.fixture(autouse=True)
def _clean_history() -> None:
    checks.reset_history()


# ---- RFC 7807 -----------------------------------------------------------------------------


def test_x_problems_pass() -> None:
    case = make_case()
    invalid = {
        "errors": [{"message": "bad", "parameters": {"total_bytes": ["-1"]}}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": X_TYPE + "invalid-request",
    }
    unauthorized = {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "x"}
    for status, body in ((400, invalid), (401, unauthorized)):
        response = make_response(status, body, content_type="application/problem+json")
        for check in (
            checks.problem_content_type,
            checks.problem_type_title_status,
            checks.problem_errors_conform,
        ):
            assert not fails(check, response, case), (check.__name__, status)


@given(status=st.integers(min_value=400, max_value=599), title=st.text(min_size=1, max_size=30))
@UNIT
def test_about_blank_title_must_be_the_reason_phrase(status: int, title: str) -> None:
    phrase = (
        http.HTTPStatus(status).phrase if status in http.HTTPStatus._value2member_map_ else None
    )
    body = {"type": "about:blank", "title": title, "status": status}
    issues = problem_inconsistencies(body, status)
    assert (issues == []) == (phrase is None or title == phrase)


@given(member=st.integers(min_value=100, max_value=599), actual=st.integers(400, 599))
@UNIT
def test_status_member_must_equal_http_status(member: int, actual: int) -> None:
    body = {"type": X_TYPE + "some-new-problem", "title": "Whatever", "status": member}
    assert (problem_inconsistencies(body, actual) == []) == (member == actual)


@given(word=st.from_regex(r"[a-z][a-z-]{0,20}", fullmatch=True))
@UNIT
def test_problem_type_must_be_a_uri(word: str) -> None:
    body = {"type": word, "title": "Invalid Request"}
    response = make_response(400, body, content_type="application/problem+json")
    assert fails(checks.problem_type_title_status, response, make_case())


@pytest.mark.parametrize(
    ("name", "status", "title"),
    [
        ("invalid-request", 404, "Invalid Request"),
        ("resource-not-found", 400, "Invalid Request"),
        ("unsupported-authentication", 401, "Unsupported Authentication"),
    ],
)
def test_known_problem_types_need_their_status_and_title(
    name: str, status: int, title: str
) -> None:
    body = {"type": X_TYPE + name, "title": title, "detail": "d"}
    response = make_response(status, body, content_type="application/problem+json")
    assert fails(checks.problem_type_title_status, response, make_case())


@pytest.mark.parametrize(
    ("content_type", "accepted"),
    [
        ("application/problem+json", True),
        ("application/json; charset=utf-8", True),  # X serves some problems so (402 credits)
        ("text/plain", False),
        ("text/html; charset=utf-8", False),
    ],
)
def test_problems_are_served_as_a_json_problem_type(content_type: str, accepted: bool) -> None:
    body = {"type": "about:blank", "title": "Unauthorized", "status": 401}
    response = make_response(401, body, content_type=content_type)
    assert fails(checks.problem_content_type, response, make_case()) != accepted


@pytest.mark.parametrize(
    "errors",
    [
        "not a list",
        ["a string"],
        [{"parameters": {"segment_index": ["3"]}}],  # no message, no title/type
        [{"message": "m", "parameters": {"segment_index": 3}}],  # values not a list
        [{"message": "m", "type": "relative"}],
        [{"title": "t", "type": X_TYPE + "x", "status": 42}],
    ],
)
def test_malformed_errors_items_fail(errors: Any) -> None:
    body = {"type": X_TYPE + "invalid-request", "title": "Invalid Request", "errors": errors}
    response = make_response(400, body, content_type="application/problem+json")
    assert fails(checks.problem_errors_conform, response, make_case())


def test_invalid_request_without_errors_fails() -> None:
    body = {"type": X_TYPE + "invalid-request", "title": "Invalid Request", "detail": "d"}
    response = make_response(400, body, content_type="application/problem+json")
    assert fails(checks.problem_errors_conform, response, make_case())


# ---- rate limits --------------------------------------------------------------------------


def test_rate_limit_headers_required_on_success_and_429_only() -> None:
    case = make_case()
    ok = {"data": {"id": "1", "media_key": "3_1", "expires_after_secs": 86400}}
    assert fails(checks.rate_limit_headers, make_response(200, ok), case)
    assert not fails(
        checks.rate_limit_headers, make_response(200, ok, headers=rate_headers()), case
    )
    unauthorized = {"type": "about:blank", "title": "Unauthorized"}
    assert not fails(checks.rate_limit_headers, make_response(401, unauthorized), case)
    too_many = {"type": "about:blank", "title": "Too Many Requests", "status": 429}
    assert fails(checks.rate_limit_headers, make_response(429, too_many), case)
    exhausted = make_response(429, too_many, headers=rate_headers(remaining=0))
    assert not fails(checks.rate_limit_headers, exhausted, case)
    spare = make_response(429, too_many, headers=rate_headers(remaining=5))
    assert fails(checks.rate_limit_headers, spare, case)


@pytest.mark.parametrize(
    "headers",
    [
        {"x-rate-limit-limit": "10", "x-rate-limit-remaining": "11", "x-rate-limit-reset": "+600"},
        {"x-rate-limit-limit": "0", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "+600"},
        {"x-rate-limit-limit": "10", "x-rate-limit-remaining": "5", "x-rate-limit-reset": "-3600"},
        {"x-rate-limit-limit": "10", "x-rate-limit-remaining": "5", "x-rate-limit-reset": "+99999"},
        {"x-rate-limit-limit": "ten", "x-rate-limit-remaining": "5", "x-rate-limit-reset": "+600"},
        {"x-rate-limit-limit": "10", "x-rate-limit-reset": "+600"},
    ],
)
def test_incoherent_rate_limit_headers_fail(headers: dict[str, str]) -> None:
    now = int(time.time())
    resolved = {
        name: str(now + int(value)) if value[0] in "+-" else value
        for name, value in headers.items()
    }
    response = make_response(200, {"data": {"id": "1"}}, headers=resolved)
    assert fails(checks.rate_limit_headers, response, make_case())


def test_resets_are_judged_against_the_servers_date_header() -> None:
    """A reset is a Unix time on the server's clock; its Date header says what that clock reads
    (a mock moved hours ahead, a server whose clock is off): judged against it, not ours."""
    ahead = int(time.time()) + 6 * 3600
    date = formatdate(ahead, usegmt=True)
    in_its_window = rate_headers(reset=ahead + 600)
    ok = make_response(200, {"data": {"id": "1"}}, headers={**in_its_window, "date": date})
    assert not fails(checks.rate_limit_headers, ok, make_case())
    # The same headers without a Date: six hours ahead of our clock, more than one window.
    checks.reset_history()
    bare = make_response(200, {"data": {"id": "1"}}, headers=in_its_window)
    assert fails(checks.rate_limit_headers, bare, make_case())
    # And a reset in the past of the server's Date fails even when our clock is behind it.
    checks.reset_history()
    stale = rate_headers(reset=ahead - 3600)
    late = make_response(200, {"data": {"id": "1"}}, headers={**stale, "date": date})
    assert fails(checks.rate_limit_headers, late, make_case())


@given(
    remaining=st.lists(st.integers(min_value=0, max_value=100), min_size=2, max_size=8),
)
@UNIT
def test_remaining_may_only_fall_within_a_window(remaining: list[int]) -> None:
    checks.reset_history()
    case = make_case()
    reset = int(time.time()) + 600
    outcomes = [
        fails(
            checks.rate_limit_headers,
            make_response(200, {"data": {"id": "1"}}, headers=rate_headers(100, value, reset)),
            case,
        )
        for value in remaining
    ]
    rose_at = [i for i in range(1, len(remaining)) if remaining[i] > remaining[i - 1]]
    # The check remembers the latest window, so it flags exactly the steps that rose.
    assert [i for i, failed in enumerate(outcomes) if failed] == rose_at


def test_a_new_window_may_refill_and_buckets_are_per_token() -> None:
    case = make_case()
    now = int(time.time())
    first = make_response(200, {"data": {}}, headers=rate_headers(100, 10, now + 60))
    refilled = make_response(200, {"data": {}}, headers=rate_headers(100, 99, now + 890))
    other_user = make_response(
        200, {"data": {}}, headers=rate_headers(100, 99, now + 890), token="other"
    )
    assert not fails(checks.rate_limit_headers, first, case)
    assert not fails(checks.rate_limit_headers, refilled, case)
    assert not fails(checks.rate_limit_headers, other_user, case)


# ---- media keys, expiry, processing -------------------------------------------------------


@given(
    category=st.sampled_from(sorted(checks.MEDIA_KEY_PREFIX_BY_CATEGORY)),
    prefix=st.sampled_from(["3_", "7_", "13_", "16_"]),
)
@UNIT
def test_media_key_prefix_follows_the_category(category: str, prefix: str) -> None:
    checks.reset_history()
    case = make_case(body={"media_type": "video/mp4", "total_bytes": 1, "media_category": category})
    body = {"data": {"id": "42", "media_key": f"{prefix}42", "expires_after_secs": 86400}}
    response = make_response(200, body, headers=rate_headers())
    expected = checks.MEDIA_KEY_PREFIX_BY_CATEGORY[category]
    assert fails(checks.media_key_matches_category, response, case) == (prefix != expected)


def test_media_key_must_not_change_between_initialize_and_finalize() -> None:
    init_case = make_case(body={"media_type": "video/mp4", "total_bytes": 1})
    init = make_response(200, {"data": {"id": "42", "media_key": "7_42"}})
    assert not fails(checks.media_key_matches_category, init, init_case)
    final_case = make_case("/2/media/upload/{id}/finalize", path_parameters={"id": "42"})
    final = make_response(200, {"data": {"id": "42", "media_key": "3_42"}})
    assert fails(checks.media_key_matches_category, final, final_case)


@given(value=st.one_of(st.integers(-10, 10), st.none(), st.text(max_size=3), st.booleans()))
@UNIT
def test_expires_after_secs_must_be_positive(value: Any) -> None:
    response = make_response(200, {"data": {"id": "1", "expires_after_secs": value}})
    positive_int = isinstance(value, int) and not isinstance(value, bool) and value > 0
    assert fails(checks.expires_after_secs_positive, response, make_case()) != positive_int


STATES = ["pending", "in_progress", "succeeded", "failed"]


@given(states=st.lists(st.sampled_from(STATES), min_size=1, max_size=6))
@UNIT
def test_processing_states_only_move_forward(states: list[str]) -> None:
    checks.reset_history()
    case = make_case("/2/media/upload", "GET", query={"media_id": "9", "command": "STATUS"})
    rank = checks.PROCESSING_STATE_RANK
    failed_at = None
    for index, state in enumerate(states):
        body = {"data": {"id": "9", "processing_info": {"state": state}}}
        if fails(checks.processing_moves_forward, make_response(200, body), case):
            failed_at = index
            break
    first_bad = next(
        (
            i
            for i in range(1, len(states))
            if rank[states[i]] < rank[states[i - 1]]
            or (rank[states[i - 1]] == 2 and states[i] != states[i - 1])
        ),
        None,
    )
    assert failed_at == first_bad


def test_progress_may_not_fall_within_a_state() -> None:
    case = make_case("/2/media/upload", "GET", query={"media_id": "9", "command": "STATUS"})
    for percent, should_fail in ((10, False), (50, False), (40, True)):
        info = {"state": "in_progress", "progress_percent": percent}
        response = make_response(200, {"data": {"id": "9", "processing_info": info}})
        assert fails(checks.processing_moves_forward, response, case) == should_fail


# ---- the form-field filter ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment_index", "valid_on_wire"),
    [("1", True), (1, True), ("abc", False), ("1000", False), ("-1", False)],
)
def test_form_fields_are_judged_as_the_server_reads_them(
    segment_index: Any, valid_on_wire: bool
) -> None:
    case = make_case(
        "/2/media/upload",
        "POST",
        query={"command": "APPEND", "media_id": "1"},
        body={"media": b"\x00\x01", "segment_index": segment_index},
        media_type="multipart/form-data",
    )
    assert hooks.is_valid_on_the_wire(case) == valid_on_wire
    json_case = make_case(
        "/2/media/upload/{id}/append",
        path_parameters={"id": "1"},
        body={"media": "AAE=", "segment_index": "1"},
        media_type="application/json",
    )
    # JSON keeps its types: a string index there is really invalid.
    assert not hooks.is_valid_on_the_wire(json_case)


def test_command_style_init_takes_the_category_from_the_query() -> None:
    query = {"command": "INIT", "media_category": "dm_image", "media_type": "image/png"}
    case = make_case(
        "/2/media/upload",
        "POST",
        query=query,
        body={"media": "AA==", "media_category": "tweet_gif"},
        media_type="application/json",
    )
    url = "http://testserver/2/media/upload?" + "&".join(f"{k}={v}" for k, v in query.items())
    image_key = make_response(200, {"data": {"id": "7", "media_key": "3_7"}}, url=url)
    assert not fails(checks.media_key_matches_category, image_key, case)


# ---- answers that must agree with the request and earlier answers -------------------------

MEDIA_IDS = st.integers(min_value=10**17, max_value=10**19 - 1).map(str)


@given(asked=MEDIA_IDS, answered=MEDIA_IDS, step=st.sampled_from(["finalize", "status"]))
@UNIT
def test_an_answer_must_describe_the_media_asked_about(
    asked: str, answered: str, step: str
) -> None:
    if step == "finalize":
        case = make_case("/2/media/upload/{id}/finalize", path_parameters={"id": asked})
        url = f"http://testserver/2/media/upload/{asked}/finalize"
    else:
        case = make_case("/2/media/upload", "GET", query={"media_id": asked, "command": "STATUS"})
        url = f"http://testserver/2/media/upload?media_id={asked}&command=STATUS"
    body = {"data": {"id": answered, "media_key": f"7_{answered}"}}
    response = make_response(200, body, url=url)
    assert fails(checks.answers_the_resource_requested, response, case) == (asked != answered)


@given(
    asked=st.lists(st.sampled_from(["3_1", "7_2", "16_3", "13_4"]), min_size=1, unique=True),
    answered=st.lists(st.sampled_from(["3_1", "7_2", "16_3", "13_4", "3_9"]), max_size=5),
)
@UNIT
def test_a_lookup_answers_only_the_keys_asked_for_once(
    asked: list[str], answered: list[str]
) -> None:
    keys = ",".join(asked)
    case = make_case("/2/media", "GET", query={"media_keys": keys})
    body = {"data": [{"media_key": key, "type": "photo"} for key in answered]}
    response = make_response(200, body, url=f"http://testserver/2/media?media_keys={keys}")
    wrong = any(key not in asked for key in answered) or len(set(answered)) < len(answered)
    assert fails(checks.answers_the_resource_requested, response, case) == wrong


@given(declared=st.integers(1, 10**9), reported=st.integers(1, 10**9))
@UNIT
def test_size_must_be_what_initialize_declared(declared: int, reported: int) -> None:
    checks.reset_history()
    init_case = make_case(body={"media_type": "video/mp4", "total_bytes": declared})
    init = make_response(200, {"data": {"id": "42", "media_key": "7_42"}})
    assert not fails(checks.media_agrees_with_upload, init, init_case)
    final_case = make_case("/2/media/upload/{id}/finalize", path_parameters={"id": "42"})
    final = make_response(200, {"data": {"id": "42", "media_key": "7_42", "size": reported}})
    assert fails(checks.media_agrees_with_upload, final, final_case) == (declared != reported)


@given(
    prefix=st.sampled_from(sorted(checks.LOOKUP_TYPE_BY_KEY_PREFIX)),
    kind=st.sampled_from(["photo", "video", "animated_gif"]),
    key_id=st.sampled_from(["42", "43"]),
)
@UNIT
def test_keys_name_their_media_and_lookups_agree_with_key_prefixes(
    prefix: str, kind: str, key_id: str
) -> None:
    case = make_case("/2/media/upload/{id}/finalize", path_parameters={"id": "42"})
    final = make_response(200, {"data": {"id": "42", "media_key": f"{prefix}_{key_id}"}})
    assert fails(checks.media_agrees_with_upload, final, case) == (key_id != "42")
    lookup_case = make_case("/2/media/{media_key}", "GET", path_parameters={"media_key": "x"})
    lookup = make_response(200, {"data": {"media_key": f"{prefix}_42", "type": kind}})
    expected = checks.LOOKUP_TYPE_BY_KEY_PREFIX[prefix]
    assert fails(checks.media_agrees_with_upload, lookup, lookup_case) == (kind != expected)


@given(
    finalized_with=st.booleans(),
    statuses=st.lists(st.booleans(), min_size=1, max_size=4),
)
@UNIT
def test_status_keeps_to_what_finalize_said_about_processing(
    finalized_with: bool, statuses: list[bool]
) -> None:
    checks.reset_history()
    info = {"state": "pending", "check_after_secs": 1}
    final_data: dict[str, Any] = {"id": "42", "media_key": "7_42"}
    if finalized_with:
        final_data["processing_info"] = info
    final_case = make_case("/2/media/upload/{id}/finalize", path_parameters={"id": "42"})
    final = make_response(200, {"data": final_data})
    assert not fails(checks.processing_agrees_with_finalize, final, final_case)
    status_case = make_case("/2/media/upload", "GET", query={"media_id": "42", "command": "STATUS"})
    url = "http://testserver/2/media/upload?media_id=42&command=STATUS"
    for has_info in statuses:
        data: dict[str, Any] = {"id": "42", "media_key": "7_42"}
        if has_info:
            data["processing_info"] = info
        response = make_response(200, {"data": data}, url=url)
        failed = fails(checks.processing_agrees_with_finalize, response, status_case)
        assert failed == (has_info != finalized_with)


@pytest.mark.parametrize(
    ("query", "forgiven"),
    [
        ({"additional_owners": ""}, True),
        ({"additional_owners": [""]}, True),
        ({"additional_owners": ["abc"]}, False),
        ({"media_category": ""}, False),  # a string, not an array: empty is really invalid
    ],
)
def test_an_empty_query_array_is_not_invalid_on_the_wire(query: Any, forgiven: bool) -> None:
    from schemathesis.core.failures import AcceptedNegativeData

    case = make_case("/2/media/upload", "POST", query=query)
    name = next(iter(query))
    failure = AcceptedNegativeData(
        operation="POST /2/media/upload",
        message=f"Invalid component: parameter `{name}` in query - violates `pattern`",
        status_code=200,
        expected_statuses=["400"],
    )
    assert hooks.is_empty_array_on_the_wire(case, failure) == forgiven
