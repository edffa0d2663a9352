"""spec/ = X's official document + overlay: the applier, the extraction, the checked-in files."""

from __future__ import annotations

import copy
import gzip
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import build_spec  # noqa: E402
from official_spec import load_document, media_subset  # noqa: E402
from spec_overlay import (  # noqa: E402
    OverlayError,
    apply_action,
    apply_overlay,
    dangling_references,
    parse_path,
    select,
    validate_overlay,
)

OFFICIAL_DIR = ROOT / "spec" / "official"
OVERLAY: dict[str, Any] = yaml.safe_load(build_spec.OVERLAY.read_text(encoding="utf-8"))
SOURCE_KINDS = ("X page", "X v1.1", "official document", "reported", "inferred")


def values(document: Any, target: str) -> list[Any]:
    return [document if parent is None else parent[key] for parent, key in select(document, target)]


def overlay(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": list(actions)}


# --- JSONPath subset ------------------------------------------------------------------------------

DOC: dict[str, Any] = {
    "paths": {
        "/2/media": {"get": {"operationId": "a", "responses": {"200": {}}}},
        "/2/media/upload": {
            "post": {"operationId": "b", "requestBody": {}, "responses": {"200": {}}},
            "get": {"operationId": "c", "responses": {"200": {}}},
        },
    },
    "list": [{"name": "id", "n": 1}, {"name": "other", "n": 2}, {"name": "id", "n": True}],
    "odd keys": {"it's": 1, 'say "hi"': 2},
}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("$", [DOC]),
        ("$.paths['/2/media'].get.operationId", ["a"]),
        ('$.paths["/2/media/upload"].post.operationId', ["b"]),
        ("$.paths.*.*.operationId", ["a", "b", "c"]),
        ("$.paths[*][*].operationId", ["a", "b", "c"]),
        ("$.paths.*[?@.requestBody].operationId", ["b"]),
        ("$.paths.*[?(@.requestBody)].operationId", ["b"]),
        ("$.paths.*[?@.operationId == 'c'].operationId", ["c"]),
        ("$.paths.*[?@.operationId != 'c'].operationId", ["a", "b"]),
        ("$.list[?@.name == 'id'].n", [1, True]),
        ("$.list[?@.n == 1].name", ["id"]),  # JSON: true is not 1
        ("$.list[?@.n == true].name", ["id"]),
        ("$.list[0].name", ["id"]),
        ("$.list[-1].n", [True]),
        ("$.list[7]", []),
        ("$.paths['/2/media', '/nope', '/2/media/upload'].*.operationId", ["a", "b", "c"]),
        ("$['odd keys']['it\\'s']", [1]),
        ("$['odd keys']['say \"hi\"']", [2]),
        ("$.nothing.here", []),
        ("$.paths.*.get.responses['200']", [{}, {}]),
    ],
)
def test_select(target: str, expected: list[Any]) -> None:
    assert values(DOC, target) == expected


@pytest.mark.parametrize(
    "target",
    ["paths", "$..name", "$.", "$.paths[", "$.paths['x'", "$[?@ == 1]", "$.a b", "$[1:2]", "$.-x"],
)
def test_unsupported_or_malformed_paths_are_rejected_with_the_position(target: str) -> None:
    with pytest.raises(OverlayError, match=r"JSONPath .* at \d+"):
        parse_path(target)


names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8)
json_leaf = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
json_values = st.recursive(
    json_leaf,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(names, children, max_size=3),
    max_leaves=12,
)


def quoted(name: str) -> str:
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


@settings(max_examples=150)
@given(st.dictionaries(names, json_values, min_size=1, max_size=4), st.data())
def test_a_quoted_path_to_any_node_selects_exactly_that_node(
    document: dict[str, Any], data: st.DataObject
) -> None:
    node: Any = document
    target = "$"
    while True:
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node)))
            target += f"[{quoted(key)}]"
        elif isinstance(node, list) and node:
            key = data.draw(st.integers(0, len(node) - 1))
            target += f"[{key}]"
        else:
            break
        node = node[key]
        if data.draw(st.booleans()):
            break
    found = values(document, target)
    assert len(found) == 1 and found[0] is node


# --- update and remove ----------------------------------------------------------------------------


def test_update_merges_objects_recursively_replaces_arrays_and_appends_to_a_selected_array() -> (
    None
):
    document = {"a": {"keep": 1, "inner": {"x": 1}, "list": [1, 2]}, "arr": [1]}
    result, report = apply_action(
        document, {"target": "$.a", "update": {"inner": {"y": 2}, "list": [3], "new": "n"}}, 1
    )
    assert report.status == "applied" and report.selected == 1
    assert result["a"] == {"keep": 1, "inner": {"x": 1, "y": 2}, "list": [3], "new": "n"}
    appended, _ = apply_action(result, {"target": "$.arr", "update": {"z": 1}}, 2)
    assert appended["arr"] == [1, {"z": 1}]
    assert document == {"a": {"keep": 1, "inner": {"x": 1}, "list": [1, 2]}, "arr": [1]}


def test_remove_deletes_every_selected_node_including_several_list_elements() -> None:
    document = {"l": [{"k": 1}, {"k": 2}, {"k": 1}, {"k": 3}], "m": {"a": 1, "b": 2}}
    result, report = apply_action(document, {"target": "$.l[?@.k == 1]", "remove": True}, 1)
    assert report.status == "applied" and report.selected == 2
    assert result["l"] == [{"k": 2}, {"k": 3}]
    result, _ = apply_action(result, {"target": "$.m.a", "remove": True}, 2)
    assert result["m"] == {"b": 2}


def test_statuses_missing_redundant_dangling_applied() -> None:
    document = {"components": {"schemas": {"A": {"type": "string"}}}, "x": {"y": 1}}
    _, missing = apply_action(document, {"target": "$.nope", "update": {"a": 1}}, 1)
    _, redundant = apply_action(document, {"target": "$.x", "update": {"y": 1}}, 2)
    ref = {"$ref": "#/components/schemas/B"}
    unchanged, dangling = apply_action(document, {"target": "$.x", "update": {"s": ref}}, 3)
    _, removed_missing = apply_action(document, {"target": "$.x.z", "remove": True}, 4)
    assert (missing.status, redundant.status, dangling.status) == (
        "missing",
        "redundant",
        "dangling",
    )
    assert removed_missing.status == "missing"
    assert unchanged is document and "#/components/schemas/B" in dangling.detail
    defined, _ = apply_action(document, {"target": "$.components.schemas", "update": {"B": {}}}, 5)
    _, applied = apply_action(defined, {"target": "$.x", "update": {"s": ref}}, 6)
    assert applied.status == "applied"


def test_an_update_part_of_which_is_already_there_says_which_part() -> None:
    document = {"s": {"required": ["a"], "properties": {"a": {"type": "string", "maxItems": 5}}}}
    action = {
        "target": "$.s",
        "update": {"required": ["a", "b"], "properties": {"a": {"type": "string", "maxItems": 5}}},
    }
    _, report = apply_action(document, action, 1)
    assert report.status == "applied"
    assert report.already == ("properties.a.maxItems",)  # a matching `type` is no evidence
    assert "already says: properties.a.maxItems" in report.line()


@settings(max_examples=100)
@given(
    st.dictionaries(names, json_values, max_size=4),
    st.dictionaries(names, json_values, min_size=1, max_size=4),
)
def test_an_update_applied_twice_is_redundant_the_second_time(
    document: dict[str, Any], update: dict[str, Any]
) -> None:
    action = {"target": "$", "update": update}
    once, _ = apply_action(document, action, 1)
    twice, report = apply_action(once, action, 2)
    assert report.status in {"redundant", "applied"}
    # Only an appended array can grow again; no selected array here, so the merge is idempotent.
    assert twice == once and report.status == "redundant"
    for key, value in update.items():
        if not isinstance(value, dict):
            assert once[key] == value


def test_dangling_references_counts_refs_and_discriminator_mappings() -> None:
    document = {
        "components": {"schemas": {"A": {}}},
        "x": {"$ref": "#/components/schemas/A"},
        "y": {"discriminator": {"mapping": {"t": "#/components/schemas/Gone"}}},
        "z": {"$ref": "https://elsewhere.example/schema.json"},
    }
    assert dangling_references(document) == {"#/components/schemas/Gone"}


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ({"overlay": "1.1.0"}, "1.0.x"),
        ({"info": {"title": "t"}}, "info"),
        ({"actions": []}, "non-empty"),
        ({"actions": [{"target": "$", "update": {}, "remove": True}]}, "exactly one"),
        ({"actions": [{"target": "$"}]}, "exactly one"),
        ({"actions": [{"target": "$", "update": {}, "copy": "$.a"}]}, "unknown fields"),
        ({"actions": [{"target": "$..a", "update": {}}]}, "descendant"),
    ],
)
def test_malformed_overlays_are_rejected(broken: dict[str, Any], message: str) -> None:
    document = {**overlay({"target": "$", "update": {}}), **broken}
    with pytest.raises(OverlayError, match=message):
        validate_overlay(document)


def test_updating_a_string_is_an_error_naming_the_action() -> None:
    with pytest.raises(OverlayError, match=r"#1 \(\$\.a\)"):
        apply_overlay({"a": "text"}, overlay({"target": "$.a", "update": {"b": 1}}))


# --- extraction -----------------------------------------------------------------------------------


def official(version: str) -> dict[str, Any]:
    return load_document(OFFICIAL_DIR / f"x-api-v2-openapi-{version}.json.gz")


def test_the_official_documents_are_xs_files_unchanged() -> None:
    readme = (OFFICIAL_DIR / "README.md").read_text(encoding="utf-8")
    import hashlib

    for path in sorted(OFFICIAL_DIR.glob("*.json.gz")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest in readme, path.name
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            assert json.load(stream)["info"]["version"] in path.name


@pytest.mark.parametrize("version", ["2.137", "2.166", "2.167"])
def test_the_subset_is_every_media_path_and_what_it_references_verbatim(version: str) -> None:
    whole = official(version)
    subset = media_subset(whole)
    media = {p for p in whole["paths"] if p == "/2/media" or p.startswith("/2/media/")}
    assert set(subset["paths"]) == media and len(media) == 9
    for path in media:
        assert subset["paths"][path] == whole["paths"][path]
    for kind, entries in subset["components"].items():
        for name, body in entries.items():
            assert body == whole["components"][kind][name], (kind, name)
    assert dangling_references(subset) == set()
    assert len(subset["components"]["schemas"]) < len(whole["components"]["schemas"]) / 3


def test_the_subset_follows_discriminator_mappings() -> None:
    # Up to 2.166 the problem types are reached only through Problem's discriminator mapping.
    schemas = media_subset(official("2.166"))["components"]["schemas"]
    assert "ClientForbiddenProblem" in schemas and "UsageCapExceededProblem" in schemas


def test_the_subset_of_a_document_without_media_paths_is_refused() -> None:
    with pytest.raises(ValueError, match="no /2/media paths"):
        media_subset({"paths": {"/2/users": {}}})


# --- the checked-in overlay and effective spec ----------------------------------------------------


def test_every_action_has_a_reason_and_a_source() -> None:
    validate_overlay(OVERLAY)
    for number, action in enumerate(OVERLAY["actions"], 1):
        assert len(action.get("description", "")) > 20, number
        source = action.get("x-source", "")
        assert any(kind in source for kind in SOURCE_KINDS), (number, source)
        assert re.fullmatch(r"[a-z0-9-]+", action.get("x-deviation", "")), number


def test_every_action_applies_to_the_current_official_document_and_restates_nothing() -> None:
    result = build_spec.build(build_spec.official_source(OVERLAY), OVERLAY)
    assert result.problems == []
    assert len(result.reports) == len(OVERLAY["actions"])
    assert [report.already for report in result.reports if report.already] == []


def test_the_checked_in_files_are_what_make_spec_builds() -> None:
    result = build_spec.build(build_spec.official_source(OVERLAY), OVERLAY)
    assert build_spec.SUBSET.read_text(encoding="utf-8") == build_spec.subset_text(result)
    assert build_spec.EFFECTIVE.read_text(encoding="utf-8") == build_spec.effective_text(result)


def test_check_fails_on_a_hand_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edited = tmp_path / "x-media.openapi.yaml"
    edited.write_text(
        build_spec.EFFECTIVE.read_text(encoding="utf-8").replace("maxItems: 100", "maxItems: 99"),
        encoding="utf-8",
    )
    monkeypatch.setattr(build_spec, "EFFECTIVE", edited)
    monkeypatch.setattr(build_spec, "ROOT", tmp_path)
    monkeypatch.setattr(build_spec, "SUBSET", tmp_path / "x-media.official.json")
    assert build_spec.main(["--check"]) == 1


def test_an_action_whose_target_x_renamed_is_reported_missing() -> None:
    result = build_spec.build(build_spec.official_source(OVERLAY), OVERLAY)
    renamed = copy.deepcopy(result.subset)
    schemas = renamed["components"]["schemas"]
    schemas["InitializeMediaUploadRequestV2"] = schemas.pop("InitializeMediaUploadRequest")
    _, reports = apply_overlay(renamed, OVERLAY)
    missing = [r for r in reports if r.status == "missing"]
    assert [r.target for r in missing] == ["$.components.schemas.InitializeMediaUploadRequest"]


def test_the_effective_spec_names_no_path_outside_the_repository() -> None:
    for path in (build_spec.EFFECTIVE, build_spec.OVERLAY, ROOT / "scripts/derive_client_spec.py"):
        text = path.read_text(encoding="utf-8")
        assert "/work/" not in text and "../" not in text and "shared/" not in text, path
