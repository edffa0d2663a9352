"""X's error bodies (RFC 7807 problems), as responses and as an exception handlers raise."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

PROBLEM_JSON = "application/problem+json"


def json_response(
    payload: Any, status: int = 200, media_type: str = "application/json"
) -> Response:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return Response(body, status_code=status, media_type=media_type)


class ApiError(Exception):
    """Raised by handlers; carries the exact response X would send."""

    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None):
        super().__init__(f"{status} {body.get('title', '')}")
        self.status = status
        self.body = body
        self.headers = headers or {}

    def to_response(self) -> Response:
        response = json_response(self.body, self.status, PROBLEM_JSON)
        response.headers.update(self.headers)
        return response


class Problems:
    """Builds X's problem bodies; ``host`` is the scheme+host of problem ``type`` URIs."""

    def __init__(self, host: str) -> None:
        self.host = host.rstrip("/")

    def type_uri(self, name: str) -> str:
        return f"{self.host}/2/problems/{name}"

    def invalid_request(self, message: str, parameters: dict[str, list[str]]) -> ApiError:
        return ApiError(
            400,
            {
                "errors": [{"message": message, "parameters": parameters}],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": self.type_uri("invalid-request"),
            },
        )

    def not_found(self, media_id: str, parameter: str = "id") -> ApiError:
        return ApiError(404, self.not_found_body(media_id, parameter, "id") | {"status": 404})

    def not_found_body(self, value: str, parameter: str, what: str) -> dict[str, Any]:
        return {
            "value": value,
            "detail": f"Could not find media with {what}: [{value}].",
            "title": "Not Found Error",
            "resource_type": "media",
            "parameter": parameter,
            "resource_id": value,
            "type": self.type_uri("resource-not-found"),
        }

    @staticmethod
    def unauthorized() -> ApiError:
        return ApiError(
            401,
            {
                "title": "Unauthorized",
                "type": "about:blank",
                "status": 401,
                "detail": "Unauthorized",
            },
        )

    @staticmethod
    def forbidden() -> ApiError:
        return ApiError(
            403, {"title": "Forbidden", "type": "about:blank", "status": 403, "detail": "Forbidden"}
        )

    def unsupported_authentication(self) -> ApiError:
        return ApiError(
            403,
            {
                "title": "Unsupported Authentication",
                "detail": (
                    "Authenticating with OAuth 2.0 Application-Only is forbidden for this "
                    "endpoint.  Supported authentication types are [OAuth 1.0a User Context, "
                    "OAuth 2.0 User Context]."
                ),
                "type": self.type_uri("unsupported-authentication"),
                "status": 403,
            },
        )

    @staticmethod
    def too_many_requests(headers: dict[str, str] | None = None) -> ApiError:
        return ApiError(
            429,
            {
                "title": "Too Many Requests",
                "detail": "Too Many Requests",
                "type": "about:blank",
                "status": 429,
            },
            headers,
        )

    @staticmethod
    def payload_too_large(limit: int) -> ApiError:
        return ApiError(
            413,
            {
                "title": "Payload Too Large",
                "detail": f"The media segment exceeds the maximum of {limit} bytes.",
                "type": "about:blank",
                "status": 413,
            },
        )

    @staticmethod
    def plain(status: int, title: str) -> ApiError:
        return ApiError(
            status, {"title": title, "detail": title, "type": "about:blank", "status": status}
        )

    def server_error(self, status: int) -> ApiError:
        title = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
        name = title.get(status, "Server Error")
        return ApiError(
            status, {"title": name, "detail": name, "type": "about:blank", "status": status}
        )
