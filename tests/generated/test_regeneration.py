"""The generation pipeline: deterministic, a faithful derivation, and local in its effects.

Editing a description in spec/ and regenerating must change only the generated file(s) carrying
it. Each regeneration runs openapi-python-client (about 2 s).
"""

from __future__ import annotations

import copy
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import derive_client_spec  # noqa: E402
import generate  # noqa: E402

SPEC_PATH = ROOT / "spec" / "x-media.openapi.yaml"
COMMITTED = ROOT / "generated" / "xmedia_generated"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
Json = dict[str, Any]


def derived() -> Json:
    result: Json = derive_client_spec.derive(SPEC, SPEC_PATH)
    return result


def client_operations(spec: Json) -> list[Json]:
    return [operation for _, _, operation in derive_client_spec.operations(spec)]


# --- the derivation -------------------------------------------------------------------------------


def test_derivation_is_deterministic_and_leaves_its_input_alone() -> None:
    before = copy.deepcopy(SPEC)
    first = yaml.safe_dump(derived(), sort_keys=False)
    assert first == yaml.safe_dump(derived(), sort_keys=False)
    assert before == SPEC


def test_derived_spec_is_valid_openapi() -> None:
    validate(derived())


def test_derived_spec_has_one_content_type_per_body_and_per_response() -> None:
    for operation in client_operations(derived()):
        if "requestBody" in operation:
            assert len(operation["requestBody"]["content"]) == 1, operation["operationId"]
        for response in operation["responses"].values():
            assert len(response.get("content", {})) <= 1, operation["operationId"]


def test_append_and_upload_bodies_are_multipart_with_binary_media() -> None:
    spec = derived()
    schemas = spec["components"]["schemas"]
    for operation in client_operations(spec):
        if operation["operationId"] in {"appendMediaUpload", "mediaUpload"}:
            content = operation["requestBody"]["content"]
            assert list(content) == ["multipart/form-data"]
            name = content["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
            media = schemas[name]["properties"]["media"]
            assert (media["type"], media["format"]) == ("string", "binary")
            assert "anyOf" not in media


def test_errors_collapse_into_one_tolerant_default() -> None:
    spec = derived()
    for operation in client_operations(spec):
        errors = [status for status in operation["responses"] if status[0] in "45"]
        assert not errors, operation["operationId"]
        assert operation["responses"]["default"] == {"$ref": "#/components/responses/Problem"}
        assert "security" not in operation
    problem = spec["components"]["schemas"]["Problem"]
    assert "oneOf" not in problem and "required" not in problem
    assert (
        problem["properties"]["type"]["type"] == "string"
        and "enum" not in problem["properties"]["type"]
    )
    # Every field of every official problem type and of the legacy Error survives the flattening.
    contract = SPEC["components"]["schemas"]
    members = [ref["$ref"].rsplit("/", 1)[1] for ref in contract["Problem"]["oneOf"]] + ["Error"]
    fields = {field for member in members for field in contract[member]["properties"]}
    assert fields <= set(problem["properties"])


def test_response_only_enums_become_strings_request_enums_get_names() -> None:
    schemas = derived()["components"]["schemas"]
    state = schemas["ProcessingInfo"]["properties"]["state"]
    assert "enum" not in state and "pending" in state["description"]
    assert "required" not in schemas["ProcessingInfo"]
    media_type = schemas["InitializeMediaUploadRequest"]["properties"]["media_type"]
    assert media_type["x-enum-varnames"][media_type["enum"].index("video/mp4")] == "VIDEO_MP4"
    assert media_type["x-enum-varnames"][media_type["enum"].index("model/vnd.usdz+zip")] == (
        "MODEL_VND_USDZ_ZIP"
    )


# --- regeneration ---------------------------------------------------------------------------------


def regenerate_with(tmp_path: Path, edit: Callable[[Json], None]) -> list[str]:
    """Files of a fresh generation from an edited copy of the spec that differ from generated/."""
    spec = copy.deepcopy(SPEC)
    edit(spec)
    spec_copy = tmp_path / "x-media.openapi.yaml"
    spec_copy.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    fresh = generate.build(spec_copy, tmp_path / "client-spec.yaml", tmp_path / "out")
    want, have = generate.tree(fresh), generate.tree(COMMITTED)
    return sorted(name for name in want.keys() | have.keys() if want.get(name) != have.get(name))


def finalize_operation(spec: Json) -> Json:
    operation: Json = spec["paths"]["/2/media/upload/{id}/finalize"]["post"]
    return operation


def test_unchanged_spec_regenerates_byte_identical(tmp_path: Path) -> None:
    assert regenerate_with(tmp_path, lambda spec: None) == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda spec: finalize_operation(spec).update(description="Finalizes it, really."),
            ["api/media/finalize_media_upload.py"],
        ),
        (
            lambda spec: spec["components"]["schemas"]["ProcessingInfo"]["properties"][
                "progress_percent"
            ].update(description="How far processing got, 0 to 100."),
            ["models/processing_info.py"],
        ),
    ],
    ids=["operation-description", "schema-property-description"],
)
def test_editing_a_description_changes_only_its_file(
    tmp_path: Path, edit: Callable[[Json], None], expected: list[str]
) -> None:
    assert regenerate_with(tmp_path, edit) == expected


def test_check_reports_a_stale_tree_with_a_diff(tmp_path: Path) -> None:
    fresh, stale = COMMITTED, tmp_path / "stale"
    shutil.copytree(fresh, stale, ignore=shutil.ignore_patterns("__pycache__"))
    (stale / "client.py").write_text("# edited by hand\n", encoding="utf-8")
    (stale / "models" / "extra.py").write_text("", encoding="utf-8")
    diff = "".join(generate.diff_trees(fresh, stale))
    assert (
        "-# edited by hand" in diff and "+++ generated/xmedia_generated/client.py (fresh)" in diff
    )
    assert "only in the committed tree: generated/xmedia_generated/models/extra.py" in diff
