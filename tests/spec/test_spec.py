"""The contract spec: valid, faithful to X's official document, as explicit as the project needs.

Drift from the official document is either one of the documented deviations below or a failure.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "x-media.openapi.yaml"
# X's official document, /2/media* part, as `make spec` extracts it (the overlay is applied on it).
OFFICIAL_PATH = ROOT / "spec" / "official" / "x-media.official.json"

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
ERROR_STATUSES = {"400", "401", "402", "403", "404", "429", "500", "503"}
RATE_LIMIT_HEADERS = {"x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"}
UPLOAD_SECURITY = [{"OAuth2UserToken": ["media.write"]}, {"UserToken": []}]
# Operations where X accepts an app-only bearer token (lookups).
BEARER_OPERATIONS = {"getMediaByMediaKeys", "getMediaByMediaKey"}
# Official requirements this spec relaxes on purpose (overlay actions, spec/x-media.overlay.yaml).
DOCUMENTED_RELAXATIONS = {
    # command=APPEND posts media + segment_index without media_category (command-style).
    ("mediaUpload", "request multipart/form-data", "media_category"),
}
OPTIONAL_BODY_OPERATIONS = {"mediaUpload"}  # INIT / FINALIZE carry no body (command-style).

Json = dict[str, Any]


def load_spec() -> Json:
    loaded: Json = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


SPEC = load_spec()
OFFICIAL: Json = json.loads(OFFICIAL_PATH.read_text(encoding="utf-8"))


def operations(doc: Json) -> Iterator[tuple[str, str, Json]]:
    for path, item in doc["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def operation_ids(doc: Json) -> dict[str, tuple[str, str]]:
    return {op["operationId"]: (method, path) for path, method, op in operations(doc)}


def find_operation(doc: Json, operation_id: str) -> Json:
    return next(op for _, _, op in operations(doc) if op["operationId"] == operation_id)


def deref(doc: Json, node: Json) -> Json:
    while "$ref" in node:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def walk_schema(
    doc: Json, schema: Json, prefix: str = "", depth: int = 0
) -> Iterator[tuple[str, Json]]:
    """(dotted path, schema) for schema and every property/item below it; not into oneOf/anyOf."""
    schema = deref(doc, schema)
    yield prefix, schema
    if depth > 8:
        return
    for name, sub in schema.get("properties", {}).items():
        yield from walk_schema(doc, sub, f"{prefix}{name}.", depth + 1)
    if "items" in schema:
        yield from walk_schema(doc, schema["items"], f"{prefix}[].", depth + 1)


def required_fields(doc: Json, schema: Json) -> set[str]:
    return {
        prefix + name
        for prefix, sub in walk_schema(doc, schema)
        for name in sub.get("required", [])
    }


def property_paths(doc: Json, schema: Json) -> set[str]:
    return {
        prefix + name
        for prefix, sub in walk_schema(doc, schema)
        for name in sub.get("properties", {})
    }


def problem_validator() -> OAS30Validator:
    # The spec's components as the root document, so "#/components/..." references resolve.
    root = {"$ref": "#/components/schemas/Problem", "components": SPEC["components"]}
    return OAS30Validator(root)


# --- the document is valid and loadable -----------------------------------------------------------


def test_spec_is_valid_openapi_3_0() -> None:
    assert SPEC["openapi"].startswith("3.0.")
    validate(SPEC)


def test_schemathesis_loads_every_operation_and_links() -> None:
    import schemathesis

    schema = schemathesis.openapi.from_path(str(SPEC_PATH))
    from schemathesis.core.result import Ok

    results = list(schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in results), results
    labels = {result.ok().label for result in results if isinstance(result, Ok)}
    assert len(labels) == len(list(operations(SPEC))) == 11
    workflow = schema.as_state_machine()
    rules = {name for name in dir(workflow) if "initialize___200" in name}
    for target in ("AppendMediaUpload", "FinalizeMediaUpload", "GetMediaUploadStatus"):
        assert any(target in rule for rule in rules), (target, rules)


# --- faithful to the official document ------------------------------------------------------------


def test_every_official_operation_is_present_with_the_same_method_and_path() -> None:
    ours = operation_ids(SPEC)
    for operation_id, method_path in operation_ids(OFFICIAL).items():
        assert ours.get(operation_id) == method_path, operation_id
    assert set(ours) == set(operation_ids(OFFICIAL)), "an operation was added or renamed"


@pytest.mark.parametrize("operation_id", sorted(operation_ids(OFFICIAL)))
def test_official_parameters_are_kept(operation_id: str) -> None:
    official = find_operation(OFFICIAL, operation_id)
    ours = {
        (param["name"], param["in"]): param
        for param in (
            deref(SPEC, p) for p in find_operation(SPEC, operation_id).get("parameters", [])
        )
    }
    for param in (deref(OFFICIAL, p) for p in official.get("parameters", [])):
        mine = ours.get((param["name"], param["in"]))
        assert mine is not None, param["name"]
        assert mine.get("required", False) == param.get("required", False), param["name"]


@pytest.mark.parametrize("operation_id", sorted(operation_ids(OFFICIAL)))
def test_official_request_fields_still_required(operation_id: str) -> None:
    official = find_operation(OFFICIAL, operation_id).get("requestBody")
    if official is None:
        return
    ours = find_operation(SPEC, operation_id)["requestBody"]
    if operation_id not in OPTIONAL_BODY_OPERATIONS:
        assert ours.get("required", False) == official.get("required", False)
    for media_type, media in official["content"].items():
        assert media_type in ours["content"], media_type
        our_schema = ours["content"][media_type]["schema"]
        where = f"request {media_type}"
        missing = required_fields(OFFICIAL, media["schema"]) - required_fields(SPEC, our_schema)
        missing = {
            field for field in missing if (operation_id, where, field) not in DOCUMENTED_RELAXATIONS
        }
        assert not missing, f"{operation_id} {where} no longer requires {sorted(missing)}"
        lost = property_paths(OFFICIAL, media["schema"]) - property_paths(SPEC, our_schema)
        assert not lost, f"{operation_id} {where} lost fields {sorted(lost)}"


@pytest.mark.parametrize("operation_id", sorted(operation_ids(OFFICIAL)))
def test_official_response_fields_still_required_and_present(operation_id: str) -> None:
    official = find_operation(OFFICIAL, operation_id)["responses"]["200"]
    ours = deref(SPEC, find_operation(SPEC, operation_id)["responses"]["200"])
    official_schema = official["content"]["application/json"]["schema"]
    our_schema = ours["content"]["application/json"]["schema"]
    missing = required_fields(OFFICIAL, official_schema) - required_fields(SPEC, our_schema)
    assert not missing, f"{operation_id} 200 no longer requires {sorted(missing)}"
    lost = property_paths(OFFICIAL, official_schema) - property_paths(SPEC, our_schema)
    assert not lost, f"{operation_id} 200 lost fields {sorted(lost)}"


def test_the_comparison_notices_a_dropped_required_field() -> None:
    """The helpers above must be able to fail: drop `data.id` and it must show."""
    mutated = copy.deepcopy(SPEC)
    mutated["components"]["schemas"]["FinalizeMediaUploadResponseData"]["required"] = []
    schema = {"$ref": "#/components/schemas/FinalizeMediaUploadResponse"}
    assert "data.id" in required_fields(SPEC, schema) - required_fields(mutated, schema)


# --- explicit errors, headers, security -----------------------------------------------------------


def all_operation_ids() -> list[str]:
    return sorted(operation_ids(SPEC))


@pytest.mark.parametrize("operation_id", all_operation_ids())
def test_every_operation_declares_the_error_statuses(operation_id: str) -> None:
    operation = find_operation(SPEC, operation_id)
    responses = operation["responses"]
    expected = set(ERROR_STATUSES) | {"default"}
    if "requestBody" in operation:
        expected.add("413")
    assert expected <= set(responses), sorted(expected - set(responses))
    for status in expected:
        response = deref(SPEC, responses[status])
        content = response["content"]
        assert {"application/problem+json", "application/json"} <= set(content), status
        schema = content["application/problem+json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Problem"}, status


@pytest.mark.parametrize("operation_id", all_operation_ids())
def test_every_response_declares_rate_limit_headers(operation_id: str) -> None:
    for status, response in find_operation(SPEC, operation_id)["responses"].items():
        headers = deref(SPEC, response).get("headers", {})
        assert set(headers) >= RATE_LIMIT_HEADERS, f"{operation_id} {status}"
        required = {
            name for name in RATE_LIMIT_HEADERS if deref(SPEC, headers[name]).get("required")
        }
        assert required == (RATE_LIMIT_HEADERS if status == "429" else set()), status


@pytest.mark.parametrize("operation_id", all_operation_ids())
def test_security_user_context_for_writes_bearer_only_on_lookups(operation_id: str) -> None:
    security = find_operation(SPEC, operation_id)["security"]
    schemes = {name for requirement in security for name in requirement}
    assert "UserToken" in schemes and "OAuth2UserToken" in schemes
    assert ("BearerToken" in schemes) == (operation_id in BEARER_OPERATIONS)
    method, _ = operation_ids(SPEC)[operation_id]
    if method != "get" or operation_id == "getMediaUploadStatus":
        assert security == UPLOAD_SECURITY


# --- problem bodies as X sends them ---------------------------------------------------------------

X_PROBLEMS = [
    {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"},
    {
        "title": "Too Many Requests",
        "detail": "Too Many Requests",
        "type": "about:blank",
        "status": 429,
    },
    {
        "errors": [
            {"message": "segment_index must be <= 999", "parameters": {"segment_index": ["1000"]}}
        ],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    },
    {
        "title": "Invalid Request",
        "detail": "Segments do not add up to provided total file size.",
        "type": "https://api.x.com/2/problems/invalid-request",
        "status": 400,
    },
    {
        "title": "Unsupported Authentication",
        "detail": "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.",
        "type": "https://api.twitter.com/2/problems/unsupported-authentication",
        "status": 403,
    },
    {
        "title": "Not Found Error",
        "detail": "Could not find media with id: [1].",
        "type": "https://api.x.com/2/problems/resource-not-found",
        "resource_type": "media",
        "parameter": "id",
        "value": "1",
    },
    {
        "title": "CreditsDepleted",
        "detail": "Your enrolled account does not have any credits to fulfill this request.",
        "type": "https://api.twitter.com/2/problems/credits",
    },
    {"title": "Payload Too Large", "type": "about:blank", "status": 413},
    {
        "title": "Internal Error",
        "detail": "boom",
        "type": "https://api.x.com/2/problems/internal-error",
    },
]


@pytest.mark.parametrize(
    "body", X_PROBLEMS, ids=lambda body: f"{body['type']}-{body.get('status')}"
)
def test_problem_schema_accepts_what_x_sends(body: Json) -> None:
    problem_validator().validate(body)


@pytest.mark.parametrize(
    "body",
    [
        {"title": "Oops", "type": "https://example.com/not-an-x-problem", "detail": "x"},
        {
            "title": "Invalid Request",
            "type": "https://api.x.com/2/problems/invalid-request",
        },  # no detail
        {"type": "about:blank"},  # no title
        {"code": 1, "message": "legacy"},  # the official Error shape is only for `default`
    ],
)
def test_problem_schema_rejects_malformed_problems(body: Json) -> None:
    assert not problem_validator().is_valid(body)


# --- constraints ----------------------------------------------------------------------------------


def schema(name: str) -> Json:
    found: Json = SPEC["components"]["schemas"][name]
    return found


def query_param(operation_id: str, name: str) -> Json:
    params = (deref(SPEC, p) for p in find_operation(SPEC, operation_id).get("parameters", []))
    return next(param["schema"] for param in params if param["name"] == name)


def test_constraints_are_in_the_schemas() -> None:
    segment = schema("AppendMediaUploadRequest")["properties"]["segment_index"]
    assert (segment["minimum"], segment["maximum"]) == (0, 999)
    multipart_segment = schema("MediaUploadMultipartRequest")["properties"]["segment_index"]
    assert (multipart_segment["minimum"], multipart_segment["maximum"]) == (0, 999)
    assert (
        schema("InitializeMediaUploadRequest")["properties"]["additional_owners"]["maxItems"] == 100
    )
    assert query_param("mediaUpload", "additional_owners")["maxItems"] == 100
    assert schema("CreateMediaMetadataMetadataAltText")["properties"]["text"]["maxLength"] == 1000
    for operation_id in ("getMediaByMediaKeys", "getMediaAnalytics"):
        keys = query_param(operation_id, "media_keys")
        assert (keys["minItems"], keys["maxItems"]) == (1, 100)
    categories = set(schema("InitializeMediaUploadRequest")["properties"]["media_category"]["enum"])
    assert {
        "tweet_image",
        "tweet_gif",
        "tweet_video",
        "amplify_video",
        "dm_video",
        "subtitles",
    } <= categories
    assert set(query_param("mediaUpload", "media_category")["enum"]) == categories
    assert schema("MediaId")["pattern"] == "^[0-9]{1,19}$"
    assert query_param("mediaUpload", "command")["enum"] == ["INIT", "APPEND", "FINALIZE"]


def test_processing_info_states_and_error() -> None:
    info = schema("ProcessingInfo")
    assert info["properties"]["state"]["enum"] == ["pending", "in_progress", "succeeded", "failed"]
    assert (
        info["properties"]["progress_percent"]["minimum"],
        info["properties"]["progress_percent"]["maximum"],
    ) == (
        0,
        100,
    )
    error = deref(SPEC, info["properties"]["error"])
    assert {"code", "name", "message"} <= set(error["properties"])
    for owner in (
        "FinalizeMediaUploadResponseData",
        "GetMediaUploadStatusResponseData",
        "MediaUploadResponseData",
    ):
        assert schema(owner)["properties"]["processing_info"] == {
            "$ref": "#/components/schemas/ProcessingInfo"
        }


# --- links ----------------------------------------------------------------------------------------


def all_links() -> Iterator[tuple[str, str, str, Json]]:
    for _, _, operation in operations(SPEC):
        for status, response in operation["responses"].items():
            for name, link in deref(SPEC, response).get("links", {}).items():
                yield operation["operationId"], status, name, link


def test_initialize_links_to_append_finalize_and_status() -> None:
    targets = {
        link["operationId"]
        for source, _, _, link in all_links()
        if source == "initializeMediaUpload"
    }
    assert {"appendMediaUpload", "finalizeMediaUpload", "getMediaUploadStatus"} <= targets


@pytest.mark.parametrize("link", list(all_links()), ids=lambda link: f"{link[0]}->{link[2]}")
def test_links_resolve(link: tuple[str, str, str, Json]) -> None:
    source_id, status, _, body = link
    target = find_operation(SPEC, body["operationId"])
    target_params = {deref(SPEC, param)["name"] for param in target.get("parameters", [])}
    source_response = deref(SPEC, find_operation(SPEC, source_id)["responses"][status])
    source_schema = source_response["content"]["application/json"]["schema"]
    for name, expression in body["parameters"].items():
        assert name in target_params, name
        match = re.fullmatch(r"\$response\.body#/(.+)", expression)
        assert match, expression
        pointer = match.group(1).replace("/", ".")
        assert pointer in property_paths(SPEC, source_schema), (
            f"{expression} not in {source_id} {status}"
        )


# --- client-forbidden ----------------------------------------------------------------------------


def test_problem_union_has_client_forbidden_with_reason_and_registration_url() -> None:
    body = {
        "title": "Client Forbidden",
        "detail": "When authenticating requests to the X API v2 endpoints, you must use keys and "
        "tokens from an App that is attached to a Project.",
        "type": "https://api.twitter.com/2/problems/client-forbidden",
        "reason": "client-not-enrolled",
        "registration_url": "https://developer.x.com/en/docs/projects/overview",
    }
    problem_validator().validate(body)
    problem_validator().validate({**body, "type": "https://api.x.com/2/problems/client-forbidden"})
    assert not problem_validator().is_valid({**body, "reason": "no-such-reason"})
