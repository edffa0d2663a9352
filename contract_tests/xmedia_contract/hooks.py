"""Schemathesis hooks: drop "failures" that no server could avoid, or that X is reported to cause.

An error answer with an empty body where X is reported to send one (tolerance.EMPTY_ERROR_BODIES,
such as a 413 on APPEND) has no content type and no problem document: the built-in checks' missing
content type and schema failures are dropped for it, and only for it.

A multipart/form-data field travels as text. When Schemathesis negates `segment_index: 1` into
`segment_index: "1"`, the wire carries the same bytes either way, so the server cannot tell that
the request was meant to be invalid. Schemathesis already forgives this for path and query
parameters; this hook does the same for form fields. The rule: if the form, read back the way a
server reads it (numeric and boolean text parsed), satisfies the schema, the request was valid on
the wire, and accepting it is correct.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import jsonschema_rs
import schemathesis
from schemathesis.core.failures import AcceptedNegativeData, MalformedJson
from schemathesis.openapi.checks import JsonSchemaError, MissingContentType

from xmedia_contract.tolerance import empty_error_body_expected

if TYPE_CHECKING:
    from schemathesis import Case as _Case
    from schemathesis import HookContext, Response

    Case = _Case[Any]


def _read_back(value: Any, schema: Mapping[str, Any]) -> Any:
    """What a server's form parser makes of one field sent as text."""
    if isinstance(value, bytes):
        return "<file>"
    if not isinstance(value, str):
        return value
    kind = schema.get("type")
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        return value
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    return value


def _form_schema(case: Case) -> Mapping[str, Any] | None:
    for alternative in case.operation.body:
        if alternative.media_type.startswith("multipart/form-data"):
            schema = alternative.resolved_schema
            return schema if isinstance(schema, Mapping) else None
    return None


def is_valid_on_the_wire(case: Case) -> bool:
    """Whether a multipart body, once read back as a server would, conforms to the schema."""
    if not (case.media_type or "").startswith("multipart/form-data"):
        return False
    if not isinstance(case.body, Mapping):
        return False
    schema = _form_schema(case)
    if schema is None:
        return False
    properties = schema.get("properties") or {}
    received = {
        name: _read_back(value, properties.get(name) or {}) for name, value in case.body.items()
    }
    # The binary field is a file part, not JSON text: accept any string for it.
    relaxed = {
        **schema,
        "properties": {
            name: ({"type": "string"} if sub.get("format") == "binary" else sub)
            for name, sub in properties.items()
            if isinstance(sub, Mapping)
        },
    }
    # jsonschema_rs: Schemathesis' own validator, so the contract extra needs nothing more.
    return bool(jsonschema_rs.Draft4Validator(relaxed).is_valid(received))


def _query_array_parameters(case: Case) -> set[str]:
    names = set()
    for parameter in case.operation.query:
        schema = getattr(parameter, "definition", {}).get("schema") or {}
        if isinstance(schema, Mapping) and schema.get("type") == "array":
            names.add(str(parameter.name))
    return names


def is_empty_array_on_the_wire(case: Case, failure: Any) -> bool:
    """`name=` in a query string is what form-style serialization makes of an empty array, so a
    server cannot tell the "invalid" [""] from a valid []: accepting it is no defect."""
    query: Mapping[str, Any] = case.query or {}
    message = str(getattr(failure, "message", ""))
    for name in _query_array_parameters(case):
        value = query.get(name)
        if value in ("", [""]) and f"parameter `{name}` in query" in message:
            return True
    return False


@schemathesis.hook
def filter_failure(context: HookContext, failure: Any, case: Case, response: Response) -> bool:
    """Keep every failure except 'negative data accepted' for forms valid on the wire or an empty
    query array (`name=`), and
    'no content type / body' for the empty error answers X is reported to send."""
    if isinstance(failure, AcceptedNegativeData) and (
        is_valid_on_the_wire(case) or is_empty_array_on_the_wire(case, failure)
    ):
        return False
    empty_body_failure = isinstance(failure, (MissingContentType, MalformedJson, JsonSchemaError))
    return not (empty_body_failure and empty_error_body_expected(case, response) is not None)
