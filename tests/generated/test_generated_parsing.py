"""Property: every body the contract allows parses into the generated typed object.

Hypothesis (through Schemathesis' schema-driven generation) draws bodies valid for each operation's
200 schema and for the Problem schema, and the generated parser must turn each into its model, with
the required fields set, and never raise.
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import httpx
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xmedia_generated import Client
from xmedia_generated.api import media
from xmedia_generated.models import Problem
from xmedia_generated.types import Unset

ROOT = Path(__file__).resolve().parents[2]
SPEC: dict[str, Any] = yaml.safe_load((ROOT / "spec" / "x-media.openapi.yaml").read_text("utf-8"))
CLIENT = Client(base_url="https://api.x.com")
HTTP_METHODS = ("get", "post", "delete")


def module_name(operation_id: str) -> str:
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in operation_id)


def success_schemas() -> dict[str, dict[str, Any]]:
    """operation module name → the contract's 200 JSON schema."""
    found = {}
    for item in SPEC["paths"].values():
        for method in HTTP_METHODS:
            if method in item:
                operation = item[method]
                content = operation["responses"]["200"]["content"]["application/json"]
                found[module_name(operation["operationId"])] = content["schema"]
    return found


def bodies(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Bodies valid for schema: generated as the request body of a one-operation document."""
    document = {
        "openapi": "3.0.3",
        "info": {"title": "bodies", "version": "1"},
        "paths": {
            "/body": {
                "post": {
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": copy.deepcopy(schema)}},
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {"schemas": SPEC["components"]["schemas"]},
    }
    loaded = schemathesis.openapi.from_dict(document)
    operation = loaded["/body"]["POST"]
    return operation.as_strategy().map(lambda case: case.body)


def operation_module(name: str) -> ModuleType:
    return importlib.import_module(f"{media.__name__}.{name}")


def parse(module: ModuleType, status: int, body: Any) -> Any:
    response = httpx.Response(status, json=body)
    return module._parse_response(client=CLIENT, response=response)


def model_of(module: ModuleType) -> type:
    """The success model a module's 200 branch returns (its *Response class)."""
    stem = "".join(part.capitalize() for part in module.__name__.rsplit(".", 1)[1].split("_"))
    model: type = getattr(module, f"{stem}Response")
    return model


SUCCESS = success_schemas()
PROFILE = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


def test_every_operation_has_a_success_schema() -> None:
    modules = {module.name for module in pkgutil.iter_modules(media.__path__)}
    assert set(SUCCESS) == modules and len(SUCCESS) == 11


@pytest.mark.parametrize("name", sorted(SUCCESS))
def test_any_valid_success_body_parses(name: str) -> None:
    module = operation_module(name)
    model = model_of(module)

    @PROFILE
    @given(body=bodies(SUCCESS[name]))
    def check(body: Any) -> None:
        parsed = parse(module, 200, body)
        assert isinstance(parsed, model)
        data = getattr(parsed, "data")  # noqa: B009 - every *Response model has `data`
        if isinstance(body, dict) and isinstance(body.get("data"), dict) and "id" in body["data"]:
            assert not isinstance(data, Unset)
            # A model that declares no `id` (Media names media by media_key) keeps it among its
            # additional properties (a body like {"data": {"id": null}} is valid there).
            if "id" in attrs.fields_dict(type(data)):
                assert data.id == body["data"]["id"]
            else:
                assert data.additional_properties["id"] == body["data"]["id"]

    check()


@PROFILE
@given(
    body=bodies({"$ref": "#/components/schemas/Problem"}),
    status=st.sampled_from([400, 401, 429, 503]),
)
def test_any_valid_problem_parses(body: dict[str, Any], status: int) -> None:
    parsed = parse(operation_module("finalize_media_upload"), status, body)
    assert isinstance(parsed, Problem)
    assert parsed.type_ == body["type"] and parsed.title == body["title"]
