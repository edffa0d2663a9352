"""The suite accepts what X sent across versions, through the whole pipeline a run uses (the spec
as the suite reads it, Schemathesis' response checks, the custom checks and the hooks), and still
rejects what X is not reported to send."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import requests
from schemathesis import Response
from schemathesis.core.failures import FailureGroup

from xmedia_contract import checks, target, tolerance
from xmedia_contract.har import offline_checks
from xmedia_contract.plugin import failed_checks

pytestmark = pytest.mark.meta

SCHEMA = target.load_schema(target.ContractSettings(), "positive", include_writes=True)
CHECKS = offline_checks()
MEDIA_ID = "1880000000000000001"
JSON_UTF8 = "application/json; charset=utf-8"
APPEND = "/2/media/upload/{id}/append"
HOSTS = ("https://api.twitter.com/2/problems/", "https://api.x.com/2/problems/")


@pytest.fixture(autouse=True)
def _clean_history() -> None:
    checks.reset_history()


def rate_headers() -> dict[str, str]:
    reset = str(int(time.time()) + 600)
    return {
        "x-rate-limit-limit": "1875",
        "x-rate-limit-remaining": "1870",
        "x-rate-limit-reset": reset,
    }


def failures(
    path: str,
    method: str,
    status: int,
    body: Any = None,
    *,
    content_type: str | None = "application/json",
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
    url_query: str = "",
    **case_kwargs: Any,
) -> set[str]:
    """Names of the checks that reject this answer to this request (empty: accepted)."""
    case = SCHEMA[path][method].Case(**case_kwargs)
    url = "https://api.x.com" + path.replace("{id}", MEDIA_ID) + url_query
    request = requests.Request(method, url, headers={"Authorization": "Bearer t"}).prepare()
    content = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
    all_headers = {name.lower(): [value] for name, value in (headers or {}).items()}
    if content_type is not None:
        all_headers["content-type"] = [content_type]
    response = Response(status, all_headers, content, request, 0.01, True)
    try:
        case.validate_response(response, checks=CHECKS)
    except (AssertionError, FailureGroup) as exc:
        return failed_checks(exc) or {"unnamed"}
    return set()


def invalid_request(host: str) -> dict[str, Any]:
    return {
        "errors": [{"message": "`total_bytes` is required", "parameters": {"total_bytes": [""]}}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": host + "invalid-request",
    }


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize(
    "content_type", ["application/problem+json", "application/json; charset=utf-8"]
)
def test_problems_on_either_host_and_either_json_type_pass(host: str, content_type: str) -> None:
    found = failures(
        "/2/media/upload/initialize", "POST", 400, invalid_request(host), content_type=content_type
    )
    assert found == set()


def test_unknown_fields_in_answers_pass() -> None:
    body = {
        "data": {
            "id": MEDIA_ID,
            "media_key": "7_" + MEDIA_ID,
            "expires_after_secs": 86400,
            "a_field_from_a_later_version": {"nested": True},
            "processing_info": {
                "state": "failed",
                "error": {"code": 1, "name": "InvalidMedia", "message": "Unsupported video format"},
                "a_later_processing_field": 3,
            },
            "video": {"video_type": "video/mp4", "a_later_video_field": "x"},
        }
    }
    found = failures(
        "/2/media/upload/{id}/finalize",
        "POST",
        200,
        body,
        headers=rate_headers(),
        path_parameters={"id": MEDIA_ID},
    )
    assert found == set()


def test_a_402_credits_problem_as_application_json_passes() -> None:
    body = {
        "title": "CreditsDepleted",
        "detail": "Your enrolled account does not have any credits to fulfill this request.",
        "type": "https://api.x.com/2/problems/credits",
    }
    found = failures(
        "/2/media/upload/initialize",
        "POST",
        402,
        body,
        content_type="application/json; charset=utf-8",
    )
    assert found == set()


def test_an_empty_413_on_append_passes_on_both_endpoints() -> None:
    v2 = failures(
        "/2/media/upload/{id}/append",
        "POST",
        413,
        content_type=None,
        path_parameters={"id": MEDIA_ID},
    )
    command_style = failures(
        "/2/media/upload",
        "POST",
        413,
        content_type=None,
        query={"command": "APPEND", "media_id": MEDIA_ID},
        url_query=f"?command=APPEND&media_id={MEDIA_ID}",
    )
    assert v2 == set() and command_style == set()


def test_empty_or_non_json_errors_where_x_is_not_reported_to_send_them_fail() -> None:
    empty_on_initialize = failures("/2/media/upload/initialize", "POST", 413, content_type=None)
    assert "content_type_conformance" in empty_on_initialize
    empty_400_on_append = failures(
        "/2/media/upload/{id}/append",
        "POST",
        400,
        content_type=None,
        path_parameters={"id": MEDIA_ID},
    )
    assert "content_type_conformance" in empty_400_on_append
    html = failures(
        "/2/media/upload/{id}/append",
        "POST",
        413,
        raw=b"<html>Request Entity Too Large</html>",
        content_type="text/html",
        path_parameters={"id": MEDIA_ID},
    )
    assert "problem_content_type" in html


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_only_answers_are_read_open() -> None:
    """Requests keep the spec's strictness (negative tests still send unknown fields), answers
    accept them; a schema both use stays as written."""
    closed = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "additionalProperties": False,
    }
    spec = {
        "paths": {
            "/x": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Req"}}
                        }
                    },
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "data": ref("Resp"),
                                            "both": ref("Both"),
                                        },
                                        "additionalProperties": False,
                                    }
                                }
                            }
                        },
                        "400": {
                            "content": {"application/problem+json": {"schema": {"type": "object"}}}
                        },
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Req": {**closed, "properties": {"both": ref("Both")}},
                "Resp": dict(closed),
                "Both": dict(closed),
            }
        },
    }
    read = tolerance.tolerant_spec(spec)
    schemas = read["components"]["schemas"]
    assert "additionalProperties" not in schemas["Resp"]
    assert schemas["Req"]["additionalProperties"] is False
    assert schemas["Both"]["additionalProperties"] is False
    responses = read["paths"]["/x"]["post"]["responses"]
    assert "additionalProperties" not in responses["200"]["content"]["application/json"]["schema"]
    assert set(responses["400"]["content"]) == {"application/problem+json", "application/json"}
    assert spec["components"]["schemas"]["Resp"]["additionalProperties"] is False  # not mutated
