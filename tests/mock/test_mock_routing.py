"""The handler registry: one route per path, every method of it in a 405's Allow."""

from __future__ import annotations

import pytest
from starlette.responses import Response
from xmedia_mock.app import API_ENDPOINTS
from xmedia_mock.problems import Problems
from xmedia_mock.routing import Endpoint, MockServices, RequestContext, build_routes
from xmedia_mock.testing import USER, Mock


async def _answer(ctx: RequestContext) -> Response:
    return Response(status_code=204)


def test_every_api_path_is_one_route_listing_all_its_methods() -> None:
    paths = [endpoint.path for endpoint in API_ENDPOINTS]
    assert paths.index("/2/media/{media_key}") == len(paths) - 1, "the catch-all must come last"
    methods = {(e.method, e.path) for e in API_ENDPOINTS}
    assert ("GET", "/2/media/upload") in methods and ("POST", "/2/media/upload") in methods


def test_two_handlers_for_one_method_and_path_are_refused(mock: Mock) -> None:
    services = MockServices(mock.config, mock.state, Problems(mock.config.problem_host))
    twice = [Endpoint("POST", "/2/x", "x", _answer), Endpoint("POST", "/2/x", "x", _answer)]
    with pytest.raises(ValueError, match="two handlers for POST /2/x"):
        build_routes(services, twice)


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", "/2/media/metadata", "POST"),
        ("GET", "/2/media/subtitles", "DELETE, POST"),
        ("PUT", "/2/media/upload", "GET, HEAD, POST"),
        ("GET", "/2/media/upload/initialize", "POST"),
    ],
)
def test_a_wrong_method_answers_405_naming_the_allowed_ones(
    mock: Mock, method: str, path: str, allow: str
) -> None:
    response = mock.client.request(method, path, headers=USER)
    assert response.status_code == 405
    assert sorted(response.headers["allow"].split(", ")) == allow.split(", ")
    assert response.json()["title"] == "Method Not Allowed"
