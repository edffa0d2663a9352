"""The ASGI app: the /2/media* operations (``handlers/``) on shared state, admin under /_mock/."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from .admin import admin_routes
from .config import MockConfig
from .handlers import ENDPOINTS as MEDIA_ENDPOINTS
from .middleware import FaultMiddleware
from .problems import Problems
from .routing import Endpoint, MockServices, build_routes
from .state import MockState

# Every API operation the mock answers; a new resource module adds its ENDPOINTS here.
API_ENDPOINTS: list[Endpoint] = [*MEDIA_ENDPOINTS]


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    title = {404: "Not Found", 405: "Method Not Allowed"}.get(status, "Error")
    response = Problems.plain(status, title).to_response()
    if isinstance(exc, HTTPException) and exc.headers:
        response.headers.update(exc.headers)  # e.g. Allow on 405 (RFC 9110)
    return response


def create_app(config: MockConfig | None = None) -> Starlette:
    """The mock as an ASGI app; ``app.state.mock`` is its :class:`MockState`."""
    config = config or MockConfig()
    state = MockState(config)
    services = MockServices(config, state, Problems(config.problem_host))
    app = Starlette(
        routes=[*build_routes(services, API_ENDPOINTS), *admin_routes(state)],
        exception_handlers={HTTPException: _http_error},
    )
    app.state.mock = state
    app.state.over_socket = False
    app.add_middleware(
        FaultMiddleware, state=state, problems=services.problems, app_state=app.state
    )
    return app
