"""What X's RFC 7807 problems look like: pure helpers shared by the checks and their tests."""

from __future__ import annotations

import http
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ABOUT_BLANK = "about:blank"
PROBLEM_JSON = "application/problem+json"

# RFC 3986 scheme, then something; X uses https://api.x.com/... or https://api.twitter.com/...
_ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


@dataclass(frozen=True, slots=True)
class KnownProblem:
    """A problem type X documents: the title it always carries and the statuses it is sent with."""

    title: str | None  # None where X's title varies or is not documented
    statuses: frozenset[int]


# Keyed by the last path segment of the type URI, because X uses both api.x.com and
# api.twitter.com hosts for the same type (compare by path, never by host).
KNOWN_PROBLEM_TYPES: Mapping[str, KnownProblem] = {
    "invalid-request": KnownProblem("Invalid Request", frozenset({400})),
    "unsupported-authentication": KnownProblem("Unsupported Authentication", frozenset({403})),
    "client-forbidden": KnownProblem("Client Forbidden", frozenset({403})),
    "not-authorized-for-resource": KnownProblem("Authorization Error", frozenset({403})),
    "resource-not-found": KnownProblem("Not Found Error", frozenset({400, 404})),
    "usage-capped": KnownProblem(None, frozenset({402, 429})),
    "credits": KnownProblem(None, frozenset({402})),
    "internal-error": KnownProblem(None, frozenset({500})),
}


def is_problem_type_uri(value: object) -> bool:
    """RFC 7807 §3.1: `type` is a URI reference; X only ever sends absolute URIs or about:blank."""
    return isinstance(value, str) and (value == ABOUT_BLANK or bool(_ABSOLUTE_URI.match(value)))


def problem_type_name(type_uri: str) -> str | None:
    """`https://api.x.com/2/problems/invalid-request` → `invalid-request` (host-agnostic)."""
    marker = "/2/problems/"
    if marker not in type_uri:
        return None
    return type_uri.split(marker, 1)[1].strip("/") or None


def reason_phrase(status: int) -> str | None:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return None


def problem_inconsistencies(problem: Mapping[str, Any], http_status: int) -> list[str]:
    """Every way `type`, `title` and `status` disagree with each other or with the HTTP status."""
    issues: list[str] = []
    type_uri = problem.get("type", ABOUT_BLANK)
    title = problem.get("title")
    status = problem.get("status")
    if "type" in problem and not is_problem_type_uri(type_uri):
        issues.append(f"`type` {type_uri!r} is neither an absolute URI nor about:blank")
    if title is not None and (not isinstance(title, str) or not title.strip()):
        issues.append(f"`title` {title!r} is not a non-empty string")
    if status is not None and (isinstance(status, bool) or status != http_status):
        issues.append(f"`status` member {status!r} differs from the HTTP status {http_status}")
    if not isinstance(type_uri, str) or not isinstance(title, str):
        return issues
    if type_uri == ABOUT_BLANK:
        # RFC 7807 §4.2: with about:blank the title SHOULD be the HTTP reason phrase.
        phrase = reason_phrase(http_status)
        if phrase is not None and title != phrase:
            issues.append(
                f"about:blank problem titled {title!r} on HTTP {http_status} (expected {phrase!r})"
            )
        return issues
    name = problem_type_name(type_uri)
    known = KNOWN_PROBLEM_TYPES.get(name) if name is not None else None
    if known is not None:
        if http_status not in known.statuses:
            issues.append(
                f"problem type {name!r} sent with HTTP {http_status}; "
                f"X sends it with {sorted(known.statuses)}"
            )
        if known.title is not None and title != known.title:
            issues.append(f"problem type {name!r} titled {title!r} (X titles it {known.title!r})")
    return issues


def error_item_issues(item: object, index: int) -> list[str]:
    """An `errors[]` item is X's validation shape `{message, parameters}` or a problem object."""
    where = f"errors[{index}]"
    if not isinstance(item, Mapping):
        return [f"{where} is {type(item).__name__}, not an object"]
    issues: list[str] = []
    message = item.get("message")
    has_message = isinstance(message, str) and bool(message)
    has_problem_shape = isinstance(item.get("title"), str) and "type" in item
    if not (has_message or has_problem_shape):
        issues.append(f"{where} has neither a non-empty `message` nor a `title` and `type`")
    if "message" in item and not isinstance(message, str):
        issues.append(f"{where}.message is not a string")
    parameters = item.get("parameters")
    if parameters is not None:
        if not isinstance(parameters, Mapping):
            issues.append(f"{where}.parameters is not an object")
        else:
            for name, values in parameters.items():
                if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                    issues.append(f"{where}.parameters[{name!r}] is not a list of strings")
    if "type" in item and not is_problem_type_uri(item["type"]):
        issues.append(f"{where}.type {item['type']!r} is neither an absolute URI nor about:blank")
    status = item.get("status")
    if status is not None and (
        isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599
    ):
        issues.append(f"{where}.status {status!r} is not an HTTP status code")
    return issues


def errors_member_issues(body: Mapping[str, Any], *, http_status: int) -> list[str]:
    if "errors" not in body:
        type_uri = body.get("type")
        is_invalid_request = (
            isinstance(type_uri, str) and problem_type_name(type_uri) == "invalid-request"
        )
        if http_status == 400 and is_invalid_request:
            # X's validation problems always say which parameter was wrong.
            return ["invalid-request problem without an `errors` list"]
        return []
    errors = body["errors"]
    if not isinstance(errors, list):
        return [f"`errors` is {type(errors).__name__}, not a list"]
    issues: list[str] = []
    for index, item in enumerate(errors):
        issues.extend(error_item_issues(item, index))
    return issues
