"""Options reach the client as intended; output formats (scripted client)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner
from xmedia import ProcessingInfo
from xmedia._cli_sizes import parse_size
from xmedia.cli import app

from .fakes import FakeClient, uploaded_media


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("4MiB", 4 * 1024 * 1024),
        ("512KiB", 512 * 1024),
        ("512kib", 512 * 1024),
        ("1048576", 1048576),
        ("5MB", 5_000_000),
        ("1.5 MiB", 1536 * 1024),
        ("100B", 100),
        ("2M", 2 * 1024 * 1024),
    ],
)
def test_parse_size_accepts_units_and_bytes(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "four", "4 MiBs", "-1", "0", "0KiB", "1.5B", "4XB", "1e6"])
def test_parse_size_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


def test_options_are_passed_to_the_client(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    args = [
        "upload",
        str(sample_file),
        "--category",
        "TWEET_VIDEO",
        "--media-type",
        "video/mp4",
        "--alt-text",
        "A cat",
        "--no-wait",
        "--resume",
        "--concurrency",
        "3",
        "--chunk-size",
        "512KiB",
        "--base-url",
        "http://127.0.0.1:9",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    [(name, call)] = fake_client.calls
    assert name == "upload" and call["source"] == sample_file
    assert call["media_category"] == "tweet_video"
    assert call["media_type"] == "video/mp4"
    assert call["alt_text"] == "A cat"
    assert call["wait"] is False
    assert call["resume"] is True
    assert fake_client.base_url == "http://127.0.0.1:9"
    assert fake_client.config is not None
    assert fake_client.config.concurrency == 3
    assert fake_client.config.chunk_size == 512 * 1024
    assert fake_client.config.chunk_size_forced is True
    assert fake_client.closed


def test_defaults_leave_the_library_in_charge(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    result = runner.invoke(app, ["upload", str(sample_file)])
    assert result.exit_code == 0, result.output
    [(_, call)] = fake_client.calls
    assert call["resume"] is False and call["wait"] is True and call["media_category"] is None
    assert fake_client.config is not None and fake_client.config.chunk_size_forced is False


def test_base_url_from_environment(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    env = {"X_API_BASE_URL": "http://localhost:8"}
    assert runner.invoke(app, ["upload", str(sample_file)], env=env).exit_code == 0
    assert fake_client.base_url == "http://localhost:8"


def test_json_output_is_one_object_per_file_and_nothing_else(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    fake_client.results = [uploaded_media("1"), uploaded_media("2")]
    result = runner.invoke(app, ["upload", str(sample_file), str(sample_file), "--json"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["media_key"] for r in records] == ["7_1", "7_2"]
    assert records[0]["file"] == str(sample_file)
    assert records[0]["media_id"] == "1"
    assert records[0]["expires_at"] == "2030-01-01T00:00:00+00:00"
    assert records[0]["processing"]["state"] == "succeeded"
    assert records[0]["ready"] is True


def test_human_output_names_id_key_and_state(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    pending = ProcessingInfo(state="pending", check_after_secs=1, progress_percent=0)
    fake_client.results = [uploaded_media("9", processing=pending)]
    result = runner.invoke(app, ["upload", str(sample_file), "--no-wait"])
    assert result.exit_code == 0, result.output
    assert "media id 9" in result.stdout and "media key 7_9" in result.stdout
    assert "processing pending 0%" in result.stdout
    assert "`xmedia wait 9` waits for it" in result.stdout


def test_progress_bar_renders_bytes_then_processing(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    result = runner.invoke(app, ["upload", str(sample_file), "--progress"])
    assert result.exit_code == 0, result.output
    # Off a terminal rich draws the final frame once: the file's bar in its finished state.
    assert "clip.mp4" in result.stderr and "succeeded" in result.stderr


def test_no_progress_keeps_stderr_empty(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    result = runner.invoke(app, ["upload", str(sample_file), "--no-progress", "--json"])
    assert result.exit_code == 0
    assert result.stderr == ""


def test_wait_passes_timeout_and_prints_result(runner: CliRunner, fake_client: FakeClient) -> None:
    result = runner.invoke(app, ["wait", "42", "--timeout", "12.5", "--json", "--no-progress"])
    assert result.exit_code == 0, result.output
    [(name, call)] = fake_client.calls
    assert name == "wait" and call["media_id"] == "42" and call["timeout"] == 12.5
    assert json.loads(result.stdout)["media_key"] == "7_1880000000000000001"


def test_status_prints_state(runner: CliRunner, fake_client: FakeClient) -> None:
    running = ProcessingInfo(state="in_progress", check_after_secs=1, progress_percent=40)
    fake_client.results = [uploaded_media("5", processing=running)]
    result = runner.invoke(app, ["status", "5"])
    assert result.exit_code == 0, result.output
    assert "processing in_progress 40%" in result.stdout


def test_help_lists_exit_codes(runner: CliRunner) -> None:
    result = runner.invoke(app, ["upload", "--help"])
    assert result.exit_code == 0
    assert "Exit codes:" in result.stdout and "130" in result.stdout


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("xmedia ")


def test_json_stays_on_stdout_while_progress_bars_are_live(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    # rich's live display redirects sys.stdout by default; results must not follow it to stderr.
    result = runner.invoke(app, ["upload", str(sample_file), "--json", "--progress"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["media_key"] == "7_1880000000000000001"
    assert "media_key" not in result.stderr and "clip.mp4" in result.stderr


def test_category_choices_are_the_librarys_categories() -> None:
    from xmedia._media import CATEGORY_LIMITS
    from xmedia.cli import MediaCategory

    assert {category.value for category in MediaCategory} == set(CATEGORY_LIMITS)
