"""Derive the client-oriented OpenAPI document that openapi-python-client is run on.

spec/x-media.openapi.yaml is the contract: strict, close to X's official document, used by the mock
and the contract suite. Generated straight from it, openapi-python-client 0.29.1 emits code that
imports but misbehaves (upstream issues #1276, #1451, #1248: one schema for JSON and multipart
bodies, a required body with two content types, a response with two content types). This script
rewrites a copy so the generated client is correct and tolerant. Each fix is a function below and is
listed, with its reason, in docs/generated-client.md.

The output depends only on the input document: no clock, no environment, stable ordering.

Usage: derive_client_spec.py [SPEC] [OUTPUT]
(defaults: spec/x-media.openapi.yaml build/client-spec.yaml)
"""

from __future__ import annotations

import copy
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT / "spec" / "x-media.openapi.yaml"
DEFAULT_OUTPUT = ROOT / "build" / "client-spec.yaml"

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_PREFIX = "#/components/schemas/"
PROBLEM = "Problem"
PROBLEM_RESPONSE = "Problem"
# Bodies are sent in one content type; uploads stream bytes, so multipart wins over base64-in-JSON.
BODY_CONTENT_PREFERENCE = ("multipart/form-data", "application/json")

Json = dict[str, Any]


def operations(spec: Json) -> Iterator[tuple[str, str, Json]]:
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def schema_name(ref: str) -> str:
    assert ref.startswith(SCHEMA_PREFIX), ref
    return ref[len(SCHEMA_PREFIX) :]


def walk(node: Any) -> Iterator[Json]:
    """Every mapping inside node, depth first, in document order."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def referenced_schemas(node: Any, schemas: Json) -> set[str]:
    """Names of the component schemas reachable from node, following $refs transitively."""
    seen: set[str] = set()
    pending = [node]
    while pending:
        for mapping in walk(pending.pop()):
            ref = mapping.get("$ref")
            if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
                name = schema_name(ref)
                if name not in seen:
                    seen.add(name)
                    pending.append(schemas[name])
    return seen


def is_error_status(status: str) -> bool:
    return status == "default" or status[0] in "45"


# --- the fixes ---------------------------------------------------------------------------------


def drop_security(spec: Json) -> None:
    """Auth is the wrapper's job (OAuth 2 bearer or OAuth 1.0a signing in its own httpx client).

    With `security` present the generator types `client: AuthenticatedClient` and so rules out a
    plain `Client` carrying an OAuth 1.0a auth flow; without it every function takes either.
    """
    spec.pop("security", None)
    for _, _, operation in operations(spec):
        operation.pop("security", None)
    spec.get("components", {}).pop("securitySchemes", None)


def one_content_type_per_body(spec: Json) -> None:
    """One content type per request body (upstream #1276, #1451).

    A schema shared by JSON and multipart makes the generated function send multipart always, and a
    required body with two content types references `Unset` without importing it.
    """
    for _, _, operation in operations(spec):
        body = operation.get("requestBody")
        if not body:
            continue
        content = body["content"]
        keep = next((media for media in BODY_CONTENT_PREFERENCE if media in content), None)
        if keep is None:
            raise SystemExit(f"{operation['operationId']}: no supported request content type")
        body["content"] = {keep: content[keep]}


def binary_or_base64_to_one_format(spec: Json) -> None:
    """`media: anyOf [binary, byte]` becomes a file part (multipart) or a base64 string (JSON).

    The generator turns the anyOf into a union it cannot serialise into a multipart file part.
    """
    schemas = spec["components"]["schemas"]
    multipart_schemas: set[str] = set()
    for _, _, operation in operations(spec):
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
            if media_type == "multipart/form-data":
                multipart_schemas |= referenced_schemas(media, schemas)
    for name, schema in schemas.items():
        wanted = "binary" if name in multipart_schemas else "byte"
        for mapping in walk(schema):
            variants = mapping.get("anyOf")
            if not isinstance(variants, list) or not variants:
                continue
            formats = {variant.get("format") for variant in variants}
            if all(variant.get("type") == "string" for variant in variants) and formats == {
                "binary",
                "byte",
            }:
                del mapping["anyOf"]
                mapping["type"] = "string"
                mapping["format"] = wanted


def flatten_problem(spec: Json) -> None:
    """One tolerant Problem object instead of the oneOf of problem types.

    The generator tries each oneOf member in turn and raises on a `type` it does not know; X adds
    problem types, uses two hosts in type URIs, and sends about:blank bodies. The flattened object
    has every field of Problem itself, of every member (oneOf, discriminator mapping, and the
    non-$ref parts of an `allOf` member, the shape of X's documents up to 2.166) and of the
    official `Error` code/message, all optional, `type` a plain string, and keeps unknown fields in
    `additional_properties`: any JSON object parses.
    """
    schemas = spec["components"]["schemas"]
    problem = schemas[PROBLEM]
    members = [schema_name(member["$ref"]) for member in problem.get("oneOf", [])]
    for ref in problem.get("discriminator", {}).get("mapping", {}).values():
        if schema_name(ref) not in members and schema_name(ref) in schemas:
            members.append(schema_name(ref))
    if "Error" in schemas:
        members.append("Error")
    properties: Json = {}
    for source in [problem, *(schemas[member] for member in members)]:
        for part in [source, *source.get("allOf", [])]:
            for field, field_schema in part.get("properties", {}).items():
                field_schema = copy.deepcopy(field_schema)
                field_schema.pop("enum", None)
                properties.setdefault(field, field_schema)
    properties["type"] = {
        "type": "string",
        "description": "Problem type URI (compare by path: X uses api.x.com and api.twitter.com), "
        "or about:blank.",
    }
    schemas[PROBLEM] = {
        "type": "object",
        "description": "An RFC 7807 problem as X sends it: any problem type, or the legacy "
        "{code, message} error. Every field is optional.",
        "properties": dict(sorted(properties.items())),
    }
    for member in members:
        schemas.pop(member, None)


def errors_to_one_default_response(spec: Json) -> None:
    """Every 4xx/5xx/default response → one `default` response parsed as Problem, JSON only.

    Two content types on one response make the generator parse only the first (#1248); the client
    calls response.json() whatever the header says, so problem+json and application/json both parse.
    A single `default` also covers statuses the contract does not list.
    """
    components = spec["components"]
    components["responses"] = {
        PROBLEM_RESPONSE: {
            "description": "The request failed; the body is an RFC 7807 problem.",
            "content": {"application/json": {"schema": {"$ref": SCHEMA_PREFIX + PROBLEM}}},
        }
    }
    for _, _, operation in operations(spec):
        responses = operation["responses"]
        for status in [status for status in responses if is_error_status(status)]:
            del responses[status]
        responses["default"] = {"$ref": "#/components/responses/" + PROBLEM_RESPONSE}


def success_responses_json_only(spec: Json) -> None:
    """Success responses: JSON content only; headers and links dropped (the generator ignores them,
    and the wrapper reads rate-limit headers from `Response.headers`)."""
    for _, _, operation in operations(spec):
        for response in operation["responses"].values():
            if "$ref" in response:
                continue
            response.pop("headers", None)
            response.pop("links", None)
            content = response.get("content")
            if content and "application/json" in content:
                response["content"] = {"application/json": content["application/json"]}
    spec["components"].pop("headers", None)


def tolerant_response_schemas(spec: Json) -> None:
    """Schemas only read from responses accept values X may add later.

    Enums become plain strings (an unknown processing `state` must parse, then mean "keep polling"),
    `additionalProperties: false` is dropped (unknown fields land in `additional_properties`), and
    ProcessingInfo.state is no longer required (a missing state is also "keep polling"), nor is any
    field of the schemas inside a Problem.
    """
    schemas = spec["components"]["schemas"]
    request_side: set[str] = set()
    response_side: set[str] = set()
    for _, _, operation in operations(spec):
        request_side |= referenced_schemas(operation.get("parameters", []), schemas)
        request_side |= referenced_schemas(operation.get("requestBody", {}), schemas)
        response_side |= referenced_schemas(operation["responses"], schemas)
    response_side |= referenced_schemas(spec["components"].get("responses", {}), schemas)
    for name in sorted(response_side - request_side):
        for mapping in walk(schemas[name]):
            if "enum" in mapping and mapping.get("type") == "string":
                known = ", ".join(str(value) for value in mapping.pop("enum"))
                note = f"Known values: {known}; others may appear."
                if description := mapping.get("description"):
                    note = f"{description.rstrip('.')}. {note}"
                mapping["description"] = note
            if mapping.get("additionalProperties") is False:
                del mapping["additionalProperties"]
    processing_info = schemas.get("ProcessingInfo")
    if processing_info is not None:
        processing_info.pop("required", None)
    # An error body must always parse: nothing inside a Problem is required.
    for name in sorted(referenced_schemas(schemas[PROBLEM], schemas)):
        for mapping in walk(schemas[name]):
            mapping.pop("required", None)


def enum_variable_names(spec: Json) -> None:
    """`x-enum-varnames` so members read VIDEO_MP4, not VIDEOMP4, and names never collide."""
    for mapping in walk(spec):
        values = mapping.get("enum")
        if mapping.get("type") != "string" or not isinstance(values, list):
            continue
        names: list[str] = []
        for value in values:
            name = re.sub(r"[^0-9A-Za-z]+", "_", str(value)).strip("_").upper() or "EMPTY"
            if name[0].isdigit():
                name = "V_" + name
            while name in names:
                name += "_"
            names.append(name)
        mapping["x-enum-varnames"] = names


def drop_unused_schemas(spec: Json) -> None:
    """Only schemas an operation reaches are generated (no dead models after the rewrites)."""
    components = spec["components"]
    schemas = components["schemas"]
    used = referenced_schemas(spec["paths"], schemas) | referenced_schemas(
        components.get("responses", {}), schemas
    )
    used |= referenced_schemas(components.get("parameters", {}), schemas)
    components["schemas"] = {name: schema for name, schema in schemas.items() if name in used}


def mark_as_derived(spec: Json, source: Path) -> None:
    info = spec["info"]
    info["description"] = (
        f"DERIVED from {source.name} by scripts/derive_client_spec.py for openapi-python-client; "
        "do not edit. " + info.get("description", "")
    ).strip()


FIXES = (
    drop_security,
    one_content_type_per_body,
    binary_or_base64_to_one_format,
    flatten_problem,
    errors_to_one_default_response,
    success_responses_json_only,
    tolerant_response_schemas,
    drop_unused_schemas,
    enum_variable_names,
)


def derive(spec: Json, source: Path = DEFAULT_SPEC) -> Json:
    derived = copy.deepcopy(spec)
    for fix in FIXES:
        fix(derived)
    mark_as_derived(derived, source)
    return derived


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SPEC
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    derived = derive(spec, source)
    output.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(derived, sort_keys=False, allow_unicode=True, width=100)
    output.write_text(text, encoding="utf-8")
    print(f"derived {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
