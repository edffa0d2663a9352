"""Whole uploads that must succeed: initialize → append (any order, multipart or JSON) → finalize
→ status until processing ends → lookup, every answer validated by all checks (built-in and
custom) *and* required to be a 2xx.

These are the positive cases a schema generator cannot produce (see xmedia_contract.flows), and
they feed real media keys and processing states to the custom checks.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

import pytest
from hypothesis import given, note

from xmedia_contract import target
from xmedia_contract.flows import UploadPlan, upload_plans

SETTINGS = target.active()
MOCK = target.build_mock(SETTINGS.planted_defect) if SETTINGS.in_process else None
SCHEMA = target.load_schema(
    SETTINGS, "positive", app=MOCK.app if MOCK else None, include_writes=True
)
CALL_KWARGS = target.call_kwargs(SETTINGS)
# Upper bound on STATUS polls; the mock finishes in a few check_after_secs steps.
MAX_POLLS = 60
# Whole uploads cost more than single requests: up to 20 in the default run, a quarter of
# --examples in deep runs, and at most 5 against a real server (processing takes real seconds).
if not SETTINGS.in_process:
    FLOW_EXAMPLES = max(2, min(SETTINGS.examples, 5))
elif SETTINGS.examples <= target.DEFAULT_EXAMPLES:
    FLOW_EXAMPLES = max(3, min(SETTINGS.examples, 20))
else:
    FLOW_EXAMPLES = max(20, SETTINGS.examples // 4)

pytestmark = pytest.mark.writes


def call(path: str, method: str, **case_kwargs: Any) -> Any:
    case = SCHEMA[path][method].Case(**case_kwargs)
    response = case.call_and_validate(**CALL_KWARGS)
    if response.status_code == 429 and MOCK is None:
        # A conforming 429 is the server's right; the upload cannot be judged now.
        reset = response.headers.get("x-rate-limit-reset", ["?"])[0]
        pytest.skip(f"{SETTINGS.target_label} rate-limited {method} {path} (reset at {reset})")
    assert 200 <= response.status_code < 300, (
        f"{method} {path} → HTTP {response.status_code}: {response.content[:300]!r}"
    )
    return response


def wait(seconds: int) -> None:
    """Let processing advance: move the mock's manual clock, or really wait for a server."""
    if MOCK is not None:
        MOCK.clock.advance(max(seconds, 1))
    else:
        time.sleep(min(max(seconds, 1), 10))


def poll_until_done(media_id: str, info: dict[str, Any] | None) -> dict[str, Any] | None:
    polls = 0
    while info is not None and info.get("state") in ("pending", "in_progress"):
        assert polls < MAX_POLLS, f"media {media_id} still {info.get('state')} after {polls} polls"
        wait(int(info.get("check_after_secs", 1)))
        response = call("/2/media/upload", "GET", query={"media_id": media_id, "command": "STATUS"})
        info = response.json()["data"].get("processing_info")
        polls += 1
    return info


def check_assembled(media_id: str, plan: UploadPlan) -> None:
    if MOCK is None or MOCK.state is None:
        return
    digest = MOCK.state.upload_digest(media_id)
    assert digest.size == len(plan.payload)
    assert digest.sha256 == hashlib.sha256(plan.payload).hexdigest()


@given(plan=upload_plans())
@target.hypothesis_settings(SETTINGS, max_examples=FLOW_EXAMPLES)
def test_chunked_upload_succeeds_and_conforms(plan: UploadPlan) -> None:
    note(repr(plan))
    init = call(
        "/2/media/upload/initialize",
        "POST",
        body=plan.initialize_body(),
        media_type="application/json",
    ).json()["data"]
    media_id = init["id"]
    for index in plan.send_order:
        body, media_type = plan.append_body(index)
        call(
            "/2/media/upload/{id}/append",
            "POST",
            path_parameters={"id": media_id},
            body=body,
            media_type=media_type,
        )
    final = call("/2/media/upload/{id}/finalize", "POST", path_parameters={"id": media_id}).json()[
        "data"
    ]
    assert final["id"] == media_id
    assert final.get("size", len(plan.payload)) == len(plan.payload)
    check_assembled(media_id, plan)

    processed = plan.category is not None and plan.media_type in ("video/mp4", "image/gif")
    info = final.get("processing_info")
    assert (info is not None) == processed, f"processing_info {info!r} for {plan.category}"
    info = poll_until_done(media_id, info)
    if info is not None:
        # A terminal state is final: asking once more must not move it (processing_moves_forward
        # checks this on the response, the assertion below on the value).
        again = call("/2/media/upload", "GET", query={"media_id": media_id, "command": "STATUS"})
        assert again.json()["data"]["processing_info"]["state"] == info["state"]
        assert info["state"] == ("failed" if plan.corrupt else "succeeded")
    if info is None or info["state"] == "succeeded":
        lookup = call(
            "/2/media/{media_key}", "GET", path_parameters={"media_key": final["media_key"]}
        )
        assert lookup.json()["data"]["media_key"] == final["media_key"]


@given(plan=upload_plans(max_bytes=16 * 1024))
@target.hypothesis_settings(SETTINGS, max_examples=max(2, FLOW_EXAMPLES // 2))
def test_command_style_upload_succeeds_and_conforms(plan: UploadPlan) -> None:
    note(repr(plan))
    init_query: dict[str, Any] = {"command": "INIT", **plan.initialize_body()}
    init = call("/2/media/upload", "POST", query=init_query).json()["data"]
    media_id = init["id"]
    for index in plan.send_order:
        call(
            "/2/media/upload",
            "POST",
            query={"command": "APPEND", "media_id": media_id},
            body={"media": plan.segments[index], "segment_index": index},
            media_type="multipart/form-data",
        )
    final = call(
        "/2/media/upload", "POST", query={"command": "FINALIZE", "media_id": media_id}
    ).json()["data"]
    assert final["id"] == media_id
    check_assembled(media_id, plan)
    poll_until_done(media_id, final.get("processing_info"))
