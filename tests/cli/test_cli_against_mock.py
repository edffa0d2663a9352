"""The real CLI + real library against the bundled mock over loopback HTTP.

USER_MISTAKES is data on purpose: each row is a mistake a user can make, what they typed, the
exit code and a fragment of the one-line message; docs can render it as a table.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner
from xmedia import UploadConfig
from xmedia import cli as cli_module
from xmedia._cli_errors import ExitCode
from xmedia.cli import app
from xmedia_mock import MockConfig, RunningServer, serve

from .fakes import SECRET_TOKEN

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))
from make_sample_video import write_sample_mp4  # noqa: E402


def png_bytes(width: int = 4, height: int = 4) -> bytes:
    """A valid RGB PNG (grey pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def served_mock() -> Iterator[RunningServer]:
    config = MockConfig(processing_pending_secs=0.0, processing_secs=0.2, check_after_secs=1)
    with serve(config) as server:
        yield server


# Placeholders used in USER_MISTAKES arguments → the files the fixture creates.
FILE_NAMES = {
    "png": "pixel.png",
    "video": "sample.mp4",
    "empty": "empty.mp4",
    "text": "notes.txt",
    "dir": "a-directory",
    "missing": "no-such-file.mp4",
}


@pytest.fixture
def media_files(tmp_path: Path) -> dict[str, Path]:
    files = {name: tmp_path / file_name for name, file_name in FILE_NAMES.items()}
    files["png"].write_bytes(png_bytes())
    # At least 0.5 s: the mock fails shorter video the way X does (X's minimum duration).
    write_sample_mp4(files["video"], seconds=0.5, width=32, height=32)
    files["empty"].write_bytes(b"")
    files["text"].write_text("not media at all\n" * 20)
    files["dir"].mkdir()
    return files


@pytest.fixture
def mock_env(served_mock: RunningServer, clean_env: None) -> dict[str, str]:
    return {"X_ACCESS_TOKEN": "mock-user-token", "X_API_BASE_URL": served_mock.base_url}


@dataclass(frozen=True)
class Mistake:
    mistake: str
    args: list[str]
    exit_code: ExitCode
    says: str
    env: dict[str, str | None] = field(default_factory=dict)


USER_MISTAKES = [
    Mistake("file does not exist", ["upload", "{missing}"], ExitCode.INPUT, "no-such-file.mp4"),
    Mistake("path is a directory", ["upload", "{dir}"], ExitCode.INPUT, "a-directory"),
    Mistake("file is empty", ["upload", "{empty}"], ExitCode.INPUT, "empty"),
    Mistake("file is not media", ["upload", "{text}"], ExitCode.INPUT, "notes.txt"),
    Mistake(
        "category does not fit the file",
        ["upload", "{png}", "--category", "tweet_video"],
        ExitCode.INPUT,
        "pixel.png",
    ),
    Mistake(
        "unknown category",
        ["upload", "{png}", "--category", "tweet_audio"],
        ExitCode.USAGE,
        "--category",
    ),
    Mistake(
        "chunk size is not a size",
        ["upload", "{png}", "--chunk-size", "4XB"],
        ExitCode.USAGE,
        "unknown unit",
    ),
    Mistake(
        "chunk size above X's 5 MiB limit",
        ["upload", "{png}", "--chunk-size", "6MiB"],
        ExitCode.USAGE,
        "--chunk-size must be between",
    ),
    Mistake(
        "concurrency below 1",
        ["upload", "{png}", "--concurrency", "0"],
        ExitCode.USAGE,
        "--concurrency",
    ),
    Mistake("no file given", ["upload"], ExitCode.USAGE, "FILE"),
    Mistake(
        "no credentials in the environment",
        ["upload", "{png}"],
        ExitCode.USAGE,
        "X_ACCESS_TOKEN",
        env={"X_ACCESS_TOKEN": None},
    ),
    Mistake(
        "incomplete OAuth 1.0a credentials",
        ["upload", "{png}"],
        ExitCode.USAGE,
        "X_API_SECRET",
        env={"X_API_KEY": "mock-consumer-key"},
    ),
    Mistake(
        "plain http to a remote host",
        ["upload", "{png}", "--base-url", "http://api.example.com"],
        ExitCode.USAGE,
        "https",
    ),
    Mistake(
        "base URL is not a URL",
        ["upload", "{png}", "--base-url", "api.x.com"],
        ExitCode.USAGE,
        "base URL",
    ),
    Mistake(
        "token is wrong", ["upload", "{png}"], ExitCode.AUTH, "401", env={"X_ACCESS_TOKEN": "nope"}
    ),
    Mistake(
        "app-only bearer token",
        ["upload", "{png}"],
        ExitCode.AUTH,
        "user context",
        env={"X_ACCESS_TOKEN": "mock-app-token"},
    ),
    Mistake("media id does not exist", ["status", "123"], ExitCode.REJECTED, "123"),
]


def mistakes_table() -> str:
    """USER_MISTAKES as the Markdown table in docs/cli.md (a test keeps the two in sync)."""
    lines = ["| Mistake | Example | Exit code |", "|---|---|---:|"]
    for case in USER_MISTAKES:
        env = " ".join(f"{name}={value or '(unset)'}" for name, value in case.env.items())
        example = " ".join(["xmedia", *(arg.format(**FILE_NAMES) for arg in case.args)])
        lines.append(
            f"| {case.mistake} | `{(env + ' ' + example).strip()}` | {int(case.exit_code)} |"
        )
    return "\n".join(lines)


def test_docs_list_the_user_mistakes() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
    assert mistakes_table() in docs.read_text(encoding="utf-8")


def _expand(args: list[str], files: dict[str, Path]) -> list[str]:
    return [arg.format(**{name: str(path) for name, path in files.items()}) for arg in args]


@pytest.mark.parametrize("case", USER_MISTAKES, ids=[m.mistake for m in USER_MISTAKES])
def test_user_mistake_gives_one_line_and_its_exit_code(
    runner: CliRunner, mock_env: dict[str, str], media_files: dict[str, Path], case: Mistake
) -> None:
    result = runner.invoke(app, _expand(case.args, media_files), env={**mock_env, **case.env})
    assert result.exit_code == case.exit_code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert case.says in result.stderr
    assert result.stdout == ""


def test_upload_image_human_output(
    runner: CliRunner, mock_env: dict[str, str], media_files: dict[str, Path], served_mock
) -> None:
    result = runner.invoke(app, ["upload", str(media_files["png"])], env=mock_env)
    assert result.exit_code == 0, result.output
    assert "pixel.png: media id " in result.stdout and "media key 3_" in result.stdout


def test_upload_video_json_waits_for_processing_and_is_byte_exact(
    runner: CliRunner,
    mock_env: dict[str, str],
    media_files: dict[str, Path],
    served_mock: RunningServer,
) -> None:
    video = media_files["video"]
    args = ["upload", str(video), "--json", "--chunk-size", "4KiB", "--concurrency", "3"]
    result = runner.invoke(app, args, env=mock_env)
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["media_key"].startswith("7_")
    assert record["processing"]["state"] == "succeeded"
    digest = served_mock.state.upload_digest(record["media_id"])
    data = video.read_bytes()
    assert digest.size == len(data)
    assert digest.segment_count == -(-len(data) // 4096)
    assert digest.sha256 == hashlib.sha256(data).hexdigest()


def test_no_wait_then_wait(
    runner: CliRunner, mock_env: dict[str, str], media_files: dict[str, Path]
) -> None:
    uploaded = runner.invoke(
        app, ["upload", str(media_files["video"]), "--no-wait", "--json"], env=mock_env
    )
    assert uploaded.exit_code == 0, uploaded.output
    record = json.loads(uploaded.stdout)
    assert record["processing"]["state"] != "succeeded" or record["ready"]
    waited = runner.invoke(app, ["wait", record["media_id"], "--json"], env=mock_env)
    assert waited.exit_code == 0, waited.output
    assert json.loads(waited.stdout)["processing"]["state"] == "succeeded"
    status = runner.invoke(app, ["status", record["media_id"]], env=mock_env)
    assert status.exit_code == 0 and "processing succeeded" in status.stdout


def test_oauth1_credentials_from_environment(
    runner: CliRunner, served_mock: RunningServer, media_files: dict[str, Path], clean_env: None
) -> None:
    env = {
        "X_API_KEY": "mock-consumer-key",
        "X_API_SECRET": "mock-consumer-secret",
        "X_ACCESS_TOKEN": "1-mock-access-token",
        "X_ACCESS_TOKEN_SECRET": "mock-access-token-secret",
        "X_API_BASE_URL": served_mock.base_url,
    }
    result = runner.invoke(app, ["upload", str(media_files["png"]), "--json"], env=env)
    assert result.exit_code == 0, result.output
    output = result.stdout + result.stderr
    assert "mock-consumer-secret" not in output and "mock-access-token-secret" not in output


def test_rejected_token_is_not_printed(
    runner: CliRunner, mock_env: dict[str, str], media_files: dict[str, Path]
) -> None:
    env = {**mock_env, "X_ACCESS_TOKEN": SECRET_TOKEN}
    result = runner.invoke(app, ["upload", str(media_files["png"]), "--json"], env=env)
    assert result.exit_code == ExitCode.AUTH
    assert SECRET_TOKEN not in result.stdout + result.stderr


def test_resume_sends_only_the_missing_segments(
    runner: CliRunner,
    mock_env: dict[str, str],
    media_files: dict[str, Path],
    served_mock: RunningServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from xmedia_mock import FaultPlan

    video = media_files["video"]
    args = ["upload", str(video), "--json", "--chunk-size", "1KiB", "--concurrency", "1"]
    # First run: no retries, and the 4th APPEND fails with a 503, so it stops after 3 segments.
    monkeypatch.setattr(cli_module, "_make_config", functools.partial(UploadConfig, max_attempts=1))
    served_mock.state.faults.set_plan(FaultPlan.parse("append#4:error=503"))
    known_ids = set(served_mock.state.uploads)
    initializations = served_mock.state.request_count("initialize")
    try:
        first = runner.invoke(app, args, env=mock_env)
    finally:
        served_mock.state.faults.set_plan(FaultPlan())
    assert first.exit_code == ExitCode.UNAVAILABLE, first.output
    (first_id,) = set(served_mock.state.uploads) - known_ids
    # The journal was kept, and the message says how to use it (stderr and the JSON record).
    assert "rerun with --resume" in first.stderr
    assert "rerun with --resume" in json.loads(first.stdout)["error"]["message"]
    monkeypatch.setattr(cli_module, "_make_config", UploadConfig)

    second = runner.invoke(app, [*args, "--resume"], env=mock_env)
    assert second.exit_code == 0, second.output
    record = json.loads(second.stdout)
    # The same upload, continued: one INIT across both runs.
    assert record["media_id"] == first_id
    assert served_mock.state.request_count("initialize") - initializations == 1
    digest = served_mock.state.upload_digest(record["media_id"])
    segments = -(-video.stat().st_size // 1024)
    assert sorted(digest.append_counts) == list(range(segments))
    # Segments acknowledged in the first run were not sent again.
    assert all(digest.append_counts[index] == 1 for index in range(3))
    assert digest.sha256 == hashlib.sha256(video.read_bytes()).hexdigest()


def test_demo_script_runs_end_to_end(tmp_path: Path) -> None:
    """`make demo`, quickly: also the one test of the installed `xmedia` script as a process."""
    env = {**os.environ, "XMEDIA_DEMO_FAST": "1"}
    completed = subprocess.run(
        [sys.executable, str(SCRIPTS / "demo.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "demo: media key 7_" in completed.stdout
    assert "sha256 matches the file: True" in completed.stdout


def test_processing_failure_exits_7_with_xs_reason(
    runner: CliRunner, mock_env: dict[str, str], tmp_path: Path
) -> None:
    # Declared as MP4, but the bytes are text (nothing the pre-flight could sniff them by, so it
    # cannot refuse them): the mock's processing ends in "failed".
    notes = tmp_path / "notes.mp4"
    notes.write_text("not media at all\n" * 40)
    args = ["upload", str(notes), "--media-type", "video/mp4"]
    result = runner.invoke(app, [*args, "--category", "tweet_video"], env=mock_env)
    assert result.exit_code == ExitCode.PROCESSING_FAILED, result.output
    assert "InvalidMedia" in result.stderr
    assert "Traceback" not in result.output


def test_processing_timeout_exits_8_and_names_the_wait_command(
    runner: CliRunner, media_files: dict[str, Path], clean_env: None
) -> None:
    config = MockConfig(processing_pending_secs=0.0, processing_secs=60.0, check_after_secs=1)
    with serve(config) as slow_server:
        env = {"X_ACCESS_TOKEN": "mock-user-token", "X_API_BASE_URL": slow_server.base_url}
        args = ["upload", str(media_files["video"]), "--timeout", "0.5"]
        result = runner.invoke(app, args, env=env)
    assert result.exit_code == ExitCode.TIMEOUT, result.output
    assert "xmedia wait " in result.stderr
