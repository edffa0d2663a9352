"""`xmedia upload` with the media pre-flight: warnings by default, --strict, --fix, --no-inspect."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner
from xmedia._cli_errors import ExitCode
from xmedia.cli import app
from xmedia_mock.config import MockConfig
from xmedia_mock.server import RunningServer, serve

from .media_support import MediaLibrary


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with serve(MockConfig()) as running:
        yield running


@pytest.fixture
def upload(
    server: RunningServer, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
):
    monkeypatch.setenv("X_ACCESS_TOKEN", "mock-user-token")
    monkeypatch.setenv("XMEDIA_JOURNAL_DIR", str(tmp_path_factory.mktemp("journal")))

    def run(*args: str) -> tuple[int, list[dict[str, Any]], str]:
        result = CliRunner().invoke(
            app, ["upload", *args, "--base-url", server.base_url, "--json", "--no-progress"]
        )
        records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        return result.exit_code, records, result.stderr

    return run


def _initialized(server: RunningServer) -> int:
    return int(server.state.request_count("initialize", None))


def test_by_default_the_failures_are_warnings_on_the_record(upload, media: MediaLibrary) -> None:
    code, (record,), _ = upload(str(media.path("10bit")), "--no-wait")
    assert code == 0
    warnings = " ".join(record["warnings"])
    assert "media inspection: pixel format yuv420p10le (fail)" in warnings


def test_strict_refuses_before_any_request(upload, server, media: MediaLibrary) -> None:
    before = _initialized(server)
    code, (record,), stderr = upload(str(media.path("10bit")), "--strict")
    assert code == ExitCode.INPUT
    assert record["error"]["type"] == "MediaCheckError"
    assert "xmedia fix" in record["error"]["message"]
    assert "Traceback" not in stderr
    assert _initialized(server) == before


def test_fix_uploads_a_repaired_copy(upload, media: MediaLibrary) -> None:
    source = media.path("10bit")
    before = source.read_bytes()
    code, (record,), stderr = upload(str(source), "--fix", "--strict", "--no-wait")
    assert code == 0, stderr
    assert "fixed" in stderr and "as H.264 High yuv420p" in stderr
    assert not [w for w in record["warnings"] if "media inspection" in w]
    assert source.read_bytes() == before


def test_no_inspect_skips_the_check(upload, media: MediaLibrary) -> None:
    code, (record,), _ = upload(str(media.path("10bit")), "--no-inspect", "--strict", "--no-wait")
    assert code == 0
    assert not [w for w in record["warnings"] if "media inspection" in w]
