"""Which error class an answer becomes when X puts the problem in an ``errors`` array instead of
at the top level (as v2 does for many 4xx answers): ``errors[0].type`` picks the class, and its
title and detail become the message."""

from __future__ import annotations

import io
import json

import httpx
import pytest
from xmedia import (
    ForbiddenError,
    NotFoundError,
    OAuth2UserToken,
    UnsupportedAuthenticationError,
    UploadConfig,
    XMedia,
)
from xmedia._errors import api_error_from_response
from xmedia_mock.testing import fake_mp4

UNSUPPORTED = "https://api.x.com/2/problems/unsupported-authentication"
NOT_FOUND = "https://api.x.com/2/problems/resource-not-found"


def _body(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_the_first_errors_entry_types_a_problem_without_a_top_level_type() -> None:
    body = _body(
        errors=[
            {"type": UNSUPPORTED, "title": "Unsupported Authentication", "detail": "Use OAuth 2.0"},
            {"type": NOT_FOUND, "title": "Not Found Error"},
        ]
    )
    error = api_error_from_response(403, body, {})
    # By status alone a 403 is a ForbiddenError; the entry's type is more precise.
    assert type(error) is UnsupportedAuthenticationError
    assert error.problem_type == UNSUPPORTED
    assert "Unsupported Authentication" in str(error) and "Use OAuth 2.0" in str(error)


def test_a_top_level_type_wins_over_the_errors_entries() -> None:
    body = _body(type=NOT_FOUND, title="Not Found Error", errors=[{"type": UNSUPPORTED}])
    assert type(api_error_from_response(403, body, {})) is NotFoundError


def test_an_entry_without_a_type_leaves_the_status_to_decide() -> None:
    body = _body(errors=[{"message": "You are not allowed to upload media"}])
    error = api_error_from_response(403, body, {})
    assert type(error) is ForbiddenError
    assert "You are not allowed to upload media" in str(error)


def test_the_client_raises_the_entry_typed_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"errors": [{"type": UNSUPPORTED, "title": "No"}]})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    config = UploadConfig(journal=False)
    with (
        XMedia(
            OAuth2UserToken("t"), base_url="https://api.x.com", http_client=http, config=config
        ) as client,
        pytest.raises(UnsupportedAuthenticationError),
    ):
        client.upload(io.BytesIO(fake_mp4(100)))
