"""What X is reported to send beyond its document, and how the suite reads the spec to accept it.

X's answers vary across versions and endpoints in ways its OpenAPI document does not say. A client
must accept them, so a contract check must too; each rule here names its source.

- Unknown fields: X adds response fields between versions (2.152 → 2.167 added and renamed many),
  and failed processing carries `processing_info.error` although the official schema forbids it
  (additionalProperties: false; reported in twitter-api-v2 #243). Response schemas are read open.
- Problem documents come as `application/problem+json` or `application/json` (402 credits and
  usage problems are served as `application/json; charset=utf-8`, reported in ethernal #1308).
- Problem `type` URIs use `https://api.twitter.com/2/problems/…` (2.152 to 2.166) or
  `https://api.x.com/2/problems/…` (2.167): compared by path, never by host (problems.py).
- Some errors have an empty body: a 413 on APPEND for a 5 MB chunk (reported in trypost PR #31).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xmedia_contract.problems import PROBLEM_JSON

if TYPE_CHECKING:
    from schemathesis import Case as _Case
    from schemathesis import Response

    Case = _Case[Any]

JSON = "application/json"
PROBLEM_MEDIA_TYPES = frozenset({PROBLEM_JSON, JSON})


@dataclass(frozen=True)
class EmptyErrorBody:
    """An error X is reported to answer with no body (and so no content type)."""

    status: int
    operations: frozenset[tuple[str, str]]  # (method, path template)
    command: str | None  # for the command-style /2/media/upload: the `command` it applies to
    source: str


EMPTY_ERROR_BODIES = (
    EmptyErrorBody(
        413,
        frozenset({("POST", "/2/media/upload/{id}/append"), ("POST", "/2/media/upload")}),
        "APPEND",
        "trypost PR #31: 413 with an empty body for a 5 MB APPEND segment",
    ),
)


def _command(case: Case, response: Response) -> str | None:
    from urllib.parse import parse_qs, urlsplit

    for source in (case.query, case.body):
        if isinstance(source, Mapping) and isinstance(source.get("command"), str):
            return str(source["command"]).upper()
    query = parse_qs(urlsplit(str(response.request.url or "")).query)
    values = query.get("command")
    return values[0].upper() if values else None


def empty_error_body_expected(case: Case, response: Response) -> EmptyErrorBody | None:
    """The reported variation an empty error answer matches, or None."""
    if response.content.strip():
        return None
    operation = (case.operation.method.upper(), case.operation.path)
    for rule in EMPTY_ERROR_BODIES:
        if response.status_code != rule.status or operation not in rule.operations:
            continue
        if operation[1] == "/2/media/upload" and _command(case, response) != rule.command:
            continue
        return rule
    return None


# ---------------------------------------------------------------------------------------------
# The spec as the suite reads it.


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _resolve(spec: Mapping[str, Any], ref: str) -> Any:
    node: Any = spec
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _reachable(spec: Mapping[str, Any], roots: list[object]) -> set[str]:
    seen: set[str] = set()
    todo = [ref for root in roots for ref in _refs(root) if ref.startswith("#/")]
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        todo.extend(r for r in _refs(_resolve(spec, ref)) if r.startswith("#/"))
    return seen


def _open_objects(node: object) -> None:
    """Drop `additionalProperties: false` in a schema tree (not through $refs)."""
    if isinstance(node, MutableMapping):
        if node.get("additionalProperties") is False:
            del node["additionalProperties"]
        for value in node.values():
            _open_objects(value)
    elif isinstance(node, list):
        for value in node:
            _open_objects(value)


_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def _operations(spec: Mapping[str, Any]) -> Iterator[MutableMapping[str, Any]]:
    for item in (spec.get("paths") or {}).values():
        if not isinstance(item, Mapping):
            continue
        for method, operation in item.items():
            if method.lower() in _METHODS and isinstance(operation, MutableMapping):
                yield operation


def tolerant_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The spec with response schemas open to unknown fields and problems documented under
    both JSON media types. Requests are untouched, so generated requests stay as strict."""
    document: dict[str, Any] = copy.deepcopy(dict(spec))
    operations = list(_operations(document))
    responses = [operation.get("responses") for operation in operations]
    requests = [
        [operation.get("requestBody"), operation.get("parameters")] for operation in operations
    ]
    request_refs = _reachable(document, [r for pair in requests for r in pair])
    for ref in _reachable(document, list(responses)) - request_refs:
        _open_objects(_resolve(document, ref))
    for by_status in responses:
        if isinstance(by_status, Mapping):
            for response in by_status.values():
                _open_media(document, response)
    for response in ((document.get("components") or {}).get("responses") or {}).values():
        _open_media(document, response)
    return document


def _open_media(document: Mapping[str, Any], response: object) -> None:
    if not isinstance(response, MutableMapping) or "$ref" in response:
        return
    content = response.get("content")
    if not isinstance(content, MutableMapping):
        return
    for media in content.values():
        if isinstance(media, Mapping):
            _open_objects(media.get("schema"))
    if PROBLEM_JSON in content and JSON not in content:
        content[JSON] = copy.deepcopy(content[PROBLEM_JSON])
