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
    """Raised by handlers; carries the exact response X would send.

    ``body=None`` is an answer without a body (X's 413 on an oversized APPEND);
    ``media_type`` is ``application/problem+json`` unless X is reported to send another.
    """

    def __init__(
        self,
        status: int,
        body: dict[str, Any] | None,
        headers: dict[str, str] | None = None,
        media_type: str = PROBLEM_JSON,
    ):
        super().__init__(f"{status} {(body or {}).get('title', '')}")
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.media_type = media_type

    def to_response(self) -> Response:
        if self.body is None:
            response = Response(b"", status_code=self.status)
        else:
            response = json_response(self.body, self.status, self.media_type)
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
        """An APPEND over ``limit``: 413 with an empty body, as X's edge answers it (reported:
        trypostit/trypost #31, a 5 MiB chunk)."""
        return ApiError(413, None)

    def status_without_processing(self) -> ApiError:
        """STATUS on media that has no processing (reported, xdevplatform/xurl #18)."""
        return ApiError(
            400,
            {
                "errors": [{"message": "BadRequest: Not found"}],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": self.type_uri("invalid-request"),
            },
        )

    def client_forbidden(self, client_id: str) -> ApiError:
        """An app not attached to a Project: 403 ``client-forbidden`` with ``reason`` and
        ``registration_url`` (ClientForbiddenProblem of X's documents up to 2.166; the body as
        users report it, e.g. ``required_enrollment``)."""
        return ApiError(
            403,
            {
                "client_id": client_id,
                "detail": (
                    "When authenticating requests to the Twitter API v2 endpoints, you must use "
                    "keys and tokens from a Twitter developer App that is attached to a Project. "
                    "You can create a project via the developer portal."
                ),
                "registration_url": "https://developer.twitter.com/en/docs/projects/overview",
                "title": "Client Forbidden",
                "required_enrollment": "Appropriate Level of API Access",
                "reason": "client-not-enrolled",
                "type": self.type_uri("client-forbidden"),
            },
        )

    def credits_depleted(self, account_id: str) -> ApiError:
        """402 for an account without credits, sent as ``application/json; charset=utf-8``
        (reported: tryethernal/ethernal #1308, #1324; the body as users quote it)."""
        return ApiError(
            402,
            {
                "account_id": int(account_id),
                "title": "CreditsDepleted",
                "detail": (
                    f"Your enrolled account [{account_id}] does not have any credits to fulfill "
                    "this request."
                ),
                "type": self.type_uri("credits"),
            },
            media_type="application/json; charset=utf-8",
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
