"""How handlers plug into the mock: an :class:`Endpoint` per (method, path), a context per request.

A resource module (``handlers/metadata.py``, ``oauth2.py``, …) exports ``ENDPOINTS``, a list of
:class:`Endpoint`; ``create_app`` concatenates those lists and :func:`build_routes` turns them into
Starlette routes, one route per path with every method on it (so a 405 lists them all in
``Allow``). A handler is ``async def handler(ctx: RequestContext) -> Response``: it calls
``await ctx.begin(operation, scope)`` (authentication, scope, rate limit), reads the request from
``ctx.request`` and raises :class:`~xmedia_mock.problems.ApiError` (``ctx.invalid(...)``,
``ctx.problems.…``) for X's error answers. Errors, rate-limit headers and request counting are
done here, once, for every handler.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .auth import Principal, authenticate, require
from .bodies import BodyError
from .config import MockConfig
from .faults import OPERATION_GROUPS
from .problems import ApiError, Problems
from .state import MockState, Upload

logger = logging.getLogger("xmedia_mock")

MEDIA_ID = re.compile(r"^[0-9]{1,19}$")
# Ids X puts in client-forbidden / CreditsDepleted bodies (any number; these are the mock's).
MOCK_CLIENT_ID = "28659504"
MOCK_ACCOUNT_ID = "1243608864848629761"

Handler = Callable[["RequestContext"], Awaitable[Response]]


@dataclass(frozen=True)
class Endpoint:
    """One operation of the API: ``handler`` answers ``method`` on ``path``.

    ``operation`` names it for fault targets, request counters and the rate limiter (its group is
    ``OPERATION_GROUPS[operation]``, or the operation itself when it has no group).
    """

    method: str
    path: str
    operation: str
    handler: Handler


@dataclass
class MockServices:
    """What every handler shares: configuration, state, problem builder."""

    config: MockConfig
    state: MockState
    problems: Problems
    # Every routed path and the methods it answers (with HEAD where GET is), for 405 ``Allow``.
    methods_by_path: dict[str, list[str]] = field(default_factory=dict)


def rate_group(operation: str) -> str:
    return OPERATION_GROUPS.get(operation, operation)


def header_bucket(operation: str) -> str:
    """The bucket whose x-rate-limit-* headers an unadmitted answer (401, 404, 405) shows."""
    if operation == "subtitles":
        return "subtitles_create"
    return operation if operation in OPERATION_GROUPS else "lookup"


class RequestContext:
    """One /2 request: who is calling, which operation, the rate-limit headers to send."""

    def __init__(self, services: MockServices, request: Request, operation: str) -> None:
        self.services = services
        self.request = request
        self.state = services.state
        self.config = services.config
        self.problems = services.problems
        self.operation = operation
        self.principal: Principal | None = None
        self.rate_headers: dict[str, str] | None = None

    def invalid(self, message: str, parameter: str, value: object = "") -> ApiError:
        return self.problems.invalid_request(message, {parameter: [str(value)]})

    async def authenticate(self) -> Principal:
        self.principal = await authenticate(self.request, self.state)
        return self.principal

    def admit(
        self, operation: str, scope: str, user_only: bool = True, bucket: str | None = None
    ) -> Principal:
        """Scope/auth-type checks, then the endpoint's rate limits (``bucket``, by default the
        operation: X counts each endpoint on its own)."""
        self.operation = operation
        principal = self.check_access(scope, user_only)
        allowed, self.rate_headers = self.state.rate_limiter.hit(
            principal.rate_key, bucket or operation, rate_group(operation)
        )
        if not allowed:
            raise Problems.too_many_requests(dict(self.rate_headers))
        return principal

    def check_access(self, scope: str, user_only: bool = True) -> Principal:
        """The app's standing at X (client-forbidden, credits), then auth type and scope."""
        principal = self.principal
        assert principal is not None, "authenticate() first"
        if principal.app_access == "not-enrolled":
            raise self.problems.client_forbidden(MOCK_CLIENT_ID)
        if principal.app_access == "no-credits":
            raise self.problems.credits_depleted(MOCK_ACCOUNT_ID)
        require(principal, scope, self.problems, user_only)
        return principal

    async def begin(
        self, operation: str, scope: str, user_only: bool = True, bucket: str | None = None
    ) -> Principal:
        self.operation = operation
        await self.authenticate()
        return self.admit(operation, scope, user_only, bucket)

    @property
    def user_id(self) -> str:
        """The calling user (after :meth:`begin` with ``user_only=True``)."""
        principal = self.principal
        assert principal is not None and principal.user_id is not None
        return principal.user_id

    def check_query(self, allowed: set[str]) -> None:
        unknown = sorted(set(self.request.query_params.keys()) - allowed)
        if unknown:
            raise self.problems.invalid_request(
                f"The query parameters [{','.join(unknown)}] is not one of "
                f"[{','.join(sorted(allowed))}]",
                {name: [self.request.query_params.get(name, "")] for name in unknown},
            )

    def owned_upload(self, media_id: str, parameter: str) -> Upload:
        """The caller's upload, 404 for unknown ids and other users' media, 400 once expired."""
        if not MEDIA_ID.match(media_id):
            raise self.invalid(
                f"The `{parameter}` query parameter value [{media_id}] is not valid",
                parameter,
                media_id,
            )
        upload = self.state.get_upload(media_id)
        principal = self.principal
        # Another user's media answers exactly like an unknown id: X does not reveal it exists.
        if upload is None or principal is None or upload.owner != principal.user_id:
            raise self.problems.not_found(media_id, parameter)
        if self.state.is_expired(upload):
            raise self.invalid(f"Media id {media_id} has expired", parameter, media_id)
        return upload


def endpoint_app(
    services: MockServices, handlers: dict[str, tuple[Handler, str]]
) -> Callable[[Request], Awaitable[Response]]:
    """One route's request handler: dispatch by method, then answer errors in X's shapes."""

    async def run(request: Request) -> Response:
        # Starlette answers HEAD on GET routes; run the GET handler (the body is dropped).
        handler, operation = handlers[request.method if request.method != "HEAD" else "GET"]
        ctx = RequestContext(services, request, operation)
        try:
            response = await handler(ctx)
        except ApiError as error:
            response = error.to_response()
        except BodyError as error:
            response = ctx.invalid(error.message, error.parameter).to_response()
        except Exception:  # a bug in the mock: still answer in X's shape
            logger.exception("mock handler failed for %s %s", request.method, request.url.path)
            response = services.problems.server_error(500).to_response()
        if ctx.rate_headers is None:
            _, ctx.rate_headers = services.state.rate_limiter.hit(
                "anonymous", header_bucket(ctx.operation), consume=False
            )
        for name, value in ctx.rate_headers.items():
            response.headers.setdefault(name, value)
        services.state.count_request(ctx.operation, response.status_code)
        return response

    return run


def build_routes(services: MockServices, endpoints: Iterable[Endpoint]) -> list[Route]:
    """Starlette routes, one per path in first-seen order (order matters: literal paths such as
    ``/2/media/metadata`` must precede ``/2/media/{media_key}``)."""
    by_path: dict[str, dict[str, tuple[Handler, str]]] = {}
    for endpoint in endpoints:
        methods = by_path.setdefault(endpoint.path, {})
        if endpoint.method in methods:
            raise ValueError(f"two handlers for {endpoint.method} {endpoint.path}")
        methods[endpoint.method] = (endpoint.handler, endpoint.operation)
    routes = [
        Route(path, endpoint_app(services, handlers), methods=list(handlers))
        for path, handlers in by_path.items()
    ]
    services.methods_by_path = {route.path: sorted(route.methods or ()) for route in routes}
    return routes
