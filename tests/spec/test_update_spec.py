"""make update-spec: the overlay report, X's changes and the client changelog across the five stored
versions, and the wrapper's public API that none of it reaches."""

from __future__ import annotations

import ast
import copy
import gzip
import hashlib
import inspect
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import build_spec  # noqa: E402
from official_spec import load_document, media_subset  # noqa: E402
from spec_changelog import compare_official  # noqa: E402
from spec_overlay import apply_overlay  # noqa: E402

OFFICIAL_DIR = ROOT / "spec" / "official"
VERSIONS = ("2.137", "2.140", "2.152", "2.166", "2.167")
OVERLAY = build_spec.load_overlay()


def official_file(version: str) -> Path:
    return OFFICIAL_DIR / f"x-api-v2-openapi-{version}.json.gz"


@cache
def subset(version: str) -> dict[str, Any]:
    return media_subset(load_document(official_file(version)))


def official_changes(old: str, new: str) -> list[str]:
    return compare_official(subset(old), subset(new)).lines()


# --- what X changed, neighbour by neighbour ---


def test_2_140_drops_the_command_style() -> None:
    changes = official_changes("2.137", "2.140")
    for name in ("command", "media_id", "total_bytes", "media_type", "segment_index"):
        assert any(name in line and "POST /2/media/upload" in line for line in changes), name
    assert "POST /2/media/upload: parameter removed: command (query)" in changes
    assert not any("operationId" in line for line in changes)


def test_2_152_renames_the_operations() -> None:
    changes = official_changes("2.140", "2.152")
    assert (
        "operationId renamed: findMediaByMediaKeys -> getMediaByMediaKeys (GET /2/media)" in changes
    )
    assert "operationId renamed: uploadMedia -> mediaUpload (POST /2/media/upload)" in changes
    assert sum("operationId renamed" in line for line in changes) == 8
    assert not any("host" in line for line in changes)


def test_2_166_keeps_what_clients_rely_on() -> None:
    assert official_changes("2.152", "2.166") == []


def test_2_167_moves_the_problem_host_and_renames_the_schemas() -> None:
    changes = official_changes("2.166", "2.167")
    assert "host: api.twitter.com -> api.x.com" in changes
    assert "renamed: MediaUploadConfigRequest -> InitializeMediaUploadRequest" in changes
    assert "renamed: SubtitlesCreateRequest -> CreateMediaSubtitlesRequest" in changes
    assert (
        "POST /2/media/subtitles 200 application/json.data: associated_subtitles: "
        "array of object -> object" in changes
    )
    assert "POST /2/media/upload request multipart/form-data: removed media_type" in changes
    assert "removed: client-forbidden" in changes  # X dropped it; the overlay keeps it


def test_an_unchanged_document_has_an_empty_changelog() -> None:
    for version in VERSIONS:
        assert official_changes(version, version) == []


# --- the overlay against each version ---


@pytest.mark.parametrize("version", VERSIONS)
def test_every_version_builds_and_reports_the_actions_that_no_longer_apply(version: str) -> None:
    result = build_spec.build(official_file(version), OVERLAY)
    statuses = {report.target: report.status for report in result.reports}
    if version == "2.167":
        assert result.problems == []
        return
    # Schemas renamed in 2.167: what the overlay changes there does not exist before.
    assert statuses["$.components.schemas.InitializeMediaUploadRequest"] == "missing"
    assert statuses["$.components.schemas.InternalErrorProblem.properties.type"] == "missing"
    # The Problem union names 2.167's problem types: not applied, reported, nothing dangles.
    assert statuses["$.components.schemas.Problem"] == "dangling"
    assert statuses["$.paths.*.*.responses"] == "applied"
    assert statuses["$.paths['/2/media/upload'].post"] == "applied"
    from spec_overlay import dangling_references

    assert dangling_references(result.effective) == set()


def test_an_action_x_adopts_is_reported_redundant() -> None:
    adopted = copy.deepcopy(subset("2.167"))
    request = adopted["components"]["schemas"]["InitializeMediaUploadRequest"]
    request["required"] = ["media_type", "total_bytes"]
    request["properties"]["additional_owners"]["maxItems"] = 100
    _, reports = apply_overlay(adopted, OVERLAY)
    redundant = [report.target for report in reports if report.status == "redundant"]
    assert redundant == ["$.components.schemas.InitializeMediaUploadRequest"]


# --- the whole command, as a maintainer runs it (one generation) ---


def snapshot() -> dict[str, bytes]:
    return {
        str(path.relative_to(ROOT)): path.read_bytes()
        for folder in ("spec", "generated")
        for path in sorted((ROOT / folder).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def update_to_2_166() -> tuple[str, bool]:
    before = snapshot()
    command = [sys.executable, "scripts/update_spec.py", str(official_file("2.166"))]
    result = subprocess.run(
        [*command, "--dry-run", "--no-tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr  # actions no longer apply
    return result.stdout, snapshot() == before


def test_update_spec_reports_actions_x_changes_and_the_client_changelog(
    update_to_2_166: tuple[str, bool],
) -> None:
    out, _ = update_to_2_166
    assert "== Overlay actions against 2.166" in out
    assert "missing   $.components.schemas.InitializeMediaUploadRequest" in out
    assert "host: api.x.com -> api.twitter.com" in out
    # What a user of the generated client would see going back from 2.167 to 2.166:
    assert "renamed: InitializeMediaUploadRequest -> MediaUploadConfigRequest" in out
    assert "renamed: InitializeMediaUploadRequestMediaCategory -> MediaCategory" in out
    assert "renamed: CreateMediaSubtitlesResponseData -> SubtitlesCreateResponseData" in out
    assert (
        "SubtitlesCreateResponseData: field changed: associated_subtitles: "
        "CreateMediaSubtitlesResponseDataAssociatedSubtitles | Unset -> list[Subtitles]" in out
    )
    assert (
        "initialize_media_upload: argument changed: body: InitializeMediaUploadRequest -> " in out
    )
    # ...and what the wrapper would need: nothing, since _calls.py builds bodies through each
    # operation's RequestBody alias from wire names instead of naming the renamed models.
    assert "every name the wrapper imports from the generated client is still there" in out
    assert "wrapper tests: not run (--no-tests)" in out


def test_update_spec_dry_run_leaves_the_repository_untouched(
    update_to_2_166: tuple[str, bool],
) -> None:
    _, untouched = update_to_2_166
    assert untouched


def test_storing_a_new_document_gzips_it_lists_it_and_points_the_overlay_at_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import update_spec

    official = tmp_path / "official"
    official.mkdir()
    readme = official / "README.md"
    readme.write_text("| file | sha256 |\n|---|---|\n", encoding="utf-8")
    overlay = tmp_path / "x-media.overlay.yaml"
    overlay.write_text(build_spec.OVERLAY.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(update_spec, "OFFICIAL_DIR", official)
    monkeypatch.setattr(update_spec, "OFFICIAL_README", readme)
    monkeypatch.setattr(build_spec, "OVERLAY", overlay)
    plain = tmp_path / "openapi.json"
    with gzip.open(official_file("2.166"), "rb") as stream:
        plain.write_bytes(stream.read())

    stored = update_spec.store_official(plain, "2.166")
    update_spec.store_official(plain, "2.166")  # again: nothing more
    update_spec.point_overlay_at(stored.name)

    assert stored.name == "x-api-v2-openapi-2.166.json.gz"
    assert gzip.decompress(stored.read_bytes()) == plain.read_bytes()
    digest = hashlib.sha256(stored.read_bytes()).hexdigest()
    assert readme.read_text(encoding="utf-8").count(digest) == 1
    loaded = yaml.safe_load(overlay.read_text(encoding="utf-8"))
    assert loaded["extends"] == "official/x-api-v2-openapi-2.166.json.gz"
    assert loaded["actions"] == OVERLAY["actions"]


def test_update_spec_refuses_a_missing_file() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/update_spec.py", "no-such-file.json", "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "no such file" in result.stderr
    assert "Traceback" not in result.stderr


# --- users never see a generated name ---


def generated_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("xmedia_generated"):
            names |= {alias.name for alias in node.names}
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.startswith("xmedia_generated")}
    return names


def test_only_calls_imports_the_generated_client() -> None:
    importers = {
        path.name for path in (ROOT / "wrapper" / "xmedia").rglob("*.py") if generated_imports(path)
    }
    assert importers == {"_calls.py"}


def test_the_public_api_exposes_no_generated_name() -> None:
    import xmedia

    checked = 0
    for name in xmedia.__all__:
        value = getattr(xmedia, name)
        module = getattr(value, "__module__", "") or ""
        assert not module.startswith("xmedia_generated"), name
        if callable(value):
            try:
                signature = str(inspect.signature(value))
            except (TypeError, ValueError):
                continue
            assert "xmedia_generated" not in signature, name
            checked += 1
    assert checked > 10  # the check looked at the real API
