"""Every operation refuses the wrong kind of credentials with X's conforming problems:
no credentials → 401 (about:blank, "Unauthorized"), an app-only bearer on a user-context
operation → 403 unsupported-authentication, a token without the needed scope → 403.

The rejection must come first, whatever else is wrong with the request, and every answer goes
through all checks (built-in and custom). The mock's documented tokens make this in-process only.
"""

from __future__ import annotations

from typing import Any

import pytest

from xmedia_contract import target

SETTINGS = target.active()
MOCK = target.build_mock(SETTINGS.planted_defect) if SETTINGS.in_process else None
SCHEMA = target.load_schema(
    SETTINGS, "positive", app=MOCK.app if MOCK else None, include_writes=True
)
APP_ONLY_TOKEN = "mock-app-token"  # documented mock credentials, not secrets
READ_ONLY_TOKEN = "mock-readonly-token"
AUTH_EXAMPLES = max(2, min(SETTINGS.examples, 5))

pytestmark = pytest.mark.mock_only


def _allows(case: Any, scheme: str) -> bool:
    security = case.operation.definition.raw.get("security") or []
    return any(scheme in requirement for requirement in security)


def _problem(response: Any) -> dict[str, Any]:
    body = response.json()
    assert isinstance(body, dict), body
    return body


@SCHEMA.parametrize()
@target.hypothesis_settings(SETTINGS, max_examples=AUTH_EXAMPLES)
def test_without_credentials_401(case: Any) -> None:
    response = case.call_and_validate()
    assert response.status_code == 401, response.content[:300]
    problem = _problem(response)
    assert problem.get("type") == "about:blank" and problem.get("title") == "Unauthorized"


@SCHEMA.parametrize()
@target.hypothesis_settings(SETTINGS, max_examples=AUTH_EXAMPLES)
def test_app_only_bearer_403_where_user_context_is_required(case: Any) -> None:
    response = case.call_and_validate(headers={"Authorization": f"Bearer {APP_ONLY_TOKEN}"})
    if _allows(case, "BearerToken"):
        assert response.status_code != 403 or "unsupported-authentication" not in str(
            _problem(response).get("type")
        )
        return
    assert response.status_code == 403, response.content[:300]
    assert str(_problem(response).get("type")).endswith("/2/problems/unsupported-authentication")


@SCHEMA.include(method="POST").parametrize()
@target.hypothesis_settings(SETTINGS, max_examples=AUTH_EXAMPLES)
def test_token_without_media_write_403_on_uploads(case: Any) -> None:
    response = case.call_and_validate(headers={"Authorization": f"Bearer {READ_ONLY_TOKEN}"})
    assert response.status_code == 403, response.content[:300]
