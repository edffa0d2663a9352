"""Every error class → its documented exit code and a one-line message (scripted client)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xmedia
from typer.testing import CliRunner
from xmedia._cli_errors import ERROR_RULES, ExitCode, exit_code_table, rule_for, user_message
from xmedia.cli import app
from xmedia_limits.media_checks import MediaFacts, evaluate

from .fakes import SECRET_TOKEN, FakeClient, uploaded_media

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"

# One representative instance per error kind, with the exit code the docs promise.
ERROR_CASES: list[tuple[BaseException, ExitCode]] = [
    (xmedia.ConfigError("no credentials: set X_ACCESS_TOKEN"), ExitCode.USAGE),
    (xmedia.UnreadableFileError("clip.mp4", "no such file"), ExitCode.INPUT),
    (xmedia.EmptyFileError("clip.mp4", "the file is empty"), ExitCode.INPUT),
    (xmedia.MediaTooLargeError("clip.mp4", "too large for tweet_image"), ExitCode.INPUT),
    (xmedia.UnsupportedMediaTypeError("clip.mp4", "unknown type"), ExitCode.INPUT),
    (xmedia.CategoryMismatchError("clip.mp4", "tweet_image is for images"), ExitCode.INPUT),
    (xmedia.TooManySegmentsError("clip.mp4", "needs 2000 segments"), ExitCode.INPUT),
    (xmedia.SourceChangedError("clip.mp4", "changed during upload"), ExitCode.INPUT),
    (xmedia.NotARegularFileError("clip.mp4", "is a FIFO (named pipe)"), ExitCode.INPUT),
    (xmedia.JournalBusyError("clip.mp4", "/j/k.json", 4242), ExitCode.INPUT),
    (FileNotFoundError(2, "No such file or directory", "clip.mp4"), ExitCode.INPUT),
    (PermissionError(13, "Permission denied", "clip.mp4"), ExitCode.INPUT),
    (ConnectionResetError(104, "Connection reset by peer"), ExitCode.UNEXPECTED),
    (xmedia.UnauthorizedError(401, "Unauthorized", "Unauthorized"), ExitCode.AUTH),
    (xmedia.ForbiddenError(403, "Forbidden"), ExitCode.AUTH),
    (xmedia.TokenRefreshError(400, "invalid_request", "refresh token spent"), ExitCode.AUTH),
    (xmedia.UnsupportedAuthenticationError(403, "Unsupported Authentication"), ExitCode.AUTH),
    (xmedia.MissingScopeError(403, "Forbidden"), ExitCode.AUTH),
    (xmedia.InvalidRequestError(400, "Invalid Request", "bad total_bytes"), ExitCode.REJECTED),
    (xmedia.NothingToProcessError(400, "Invalid Request", "Not found"), ExitCode.REJECTED),
    (xmedia.NotFoundError(404, "Not Found"), ExitCode.REJECTED),
    (xmedia.PayloadTooLargeError(413, "Payload Too Large"), ExitCode.REJECTED),
    (xmedia.PaymentRequiredError(402, "Usage capped"), ExitCode.REJECTED),
    (xmedia.APIError(418, "Teapot"), ExitCode.REJECTED),
    (xmedia.UploadExpiredError("42"), ExitCode.REJECTED),
    (
        xmedia.RateLimitedError(429, "Too Many Requests", headers={"x-rate-limit-reset": "9"}),
        ExitCode.UNAVAILABLE,
    ),
    (xmedia.ServerError(503, "Service Unavailable"), ExitCode.UNAVAILABLE),
    (xmedia.UnexpectedResponseError(200, "not JSON"), ExitCode.UNAVAILABLE),
    (xmedia.TransportError("connection refused", attempts=5), ExitCode.UNAVAILABLE),
    (xmedia.ProcessingError("42", 3, "UnsupportedMedia", "bad codec"), ExitCode.PROCESSING_FAILED),
    (xmedia.ProcessingTimeoutError("42", 30.0, "in_progress"), ExitCode.TIMEOUT),
    (
        xmedia.PostUploadError(
            xmedia.UploadedMedia("42", "7_42", 10, None, "image/png", "tweet_image"),
            "alt_text",
            xmedia.InvalidRequestError(400, "Invalid Request"),
        ),
        ExitCode.UPLOADED_WITH_WARNING,
    ),
    (
        xmedia.ProgressCallbackError(BrokenPipeError(32, "Broken pipe"), "42"),
        ExitCode.OUTPUT_CLOSED,
    ),
    (KeyboardInterrupt(), ExitCode.INTERRUPTED),
    (BrokenPipeError(32, "Broken pipe"), ExitCode.OUTPUT_CLOSED),
    (ZeroDivisionError("a bug"), ExitCode.UNEXPECTED),
    (xmedia.MediaToolsMissingError("xmedia fix", ("av",)), ExitCode.USAGE),
    (xmedia.FixError("clip.mp4", "cannot be fixed: unreadable"), ExitCode.INPUT),
    (xmedia.MediaCheckError(evaluate(MediaFacts("clip.mp4", 0, "unknown"))), ExitCode.INPUT),
]


def _assert_one_line_error(stderr: str) -> str:
    assert "Traceback" not in stderr
    error_lines = [line for line in stderr.splitlines() if line.startswith("xmedia: error:")]
    assert len(error_lines) == 1, stderr
    return error_lines[0]


@pytest.mark.parametrize(
    ("error", "expected"), ERROR_CASES, ids=[type(e).__name__ for e, _ in ERROR_CASES]
)
def test_upload_error_maps_to_documented_exit_code(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path, error: BaseException, expected
) -> None:
    fake_client.results = [error]
    result = runner.invoke(app, ["upload", str(sample_file)])
    assert result.exit_code == expected, result.output
    line = _assert_one_line_error(result.stderr)
    if isinstance(error, xmedia.PostUploadError):
        # The media exists and is usable: it is printed as a result, the warning on stderr.
        assert "media id 42" in result.stdout
    else:
        assert result.stdout == ""
    assert line == f"xmedia: error: {user_message(error)}"
    if rule_for(error).message == "{exc}":
        # The library's own words (what was wrong, what to do) reach the user unchanged.
        assert str(error) in line


@pytest.mark.parametrize(
    "error", [e for e, _ in ERROR_CASES if not isinstance(e, KeyboardInterrupt)]
)
def test_wait_and_status_use_the_same_table(
    runner: CliRunner, fake_client: FakeClient, error: BaseException
) -> None:
    for command in (["wait", "42", "--timeout", "5"], ["status", "42"]):
        fake_client.results = [error]
        result = runner.invoke(app, command)
        if isinstance(error, xmedia.NothingToProcessError):
            # STATUS of media X does not process (the library tells that 400 apart): the one
            # exception to the table, documented as "nothing to process" (exit 0).
            assert result.exit_code == 0 and "nothing to process" in result.output
            continue
        assert result.exit_code == rule_for(error).exit_code
        _assert_one_line_error(result.stderr)


def test_every_public_error_class_has_its_own_rule() -> None:
    public_errors = [
        obj
        for name in xmedia.__all__
        if isinstance(obj := getattr(xmedia, name), type) and issubclass(obj, xmedia.XMediaError)
    ]
    for cls in public_errors:
        if cls is xmedia.XMediaError or cls is xmedia.InputError:
            continue
        assert rule_for(cls.__new__(cls)).exit_code != ExitCode.UNEXPECTED, cls.__name__
    covered = {type(error) for error, _ in ERROR_CASES}
    missing = [
        c.__name__ for c in public_errors if c not in covered and c is not xmedia.XMediaError
    ]
    assert missing == ["InputError"]  # a base class: only its subclasses are raised


def test_docs_exit_code_table_is_generated_from_the_rules() -> None:
    assert exit_code_table() in DOCS.read_text(encoding="utf-8")
    assert all(rule.exit_code in ExitCode for rule in ERROR_RULES.values())


def test_unexpected_error_shows_traceback_only_when_debugging(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    fake_client.results = [ZeroDivisionError("a bug")]
    result = runner.invoke(app, ["upload", str(sample_file)], env={"XMEDIA_DEBUG": "1"})
    assert result.exit_code == ExitCode.UNEXPECTED
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


def test_secret_in_an_error_message_is_redacted(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    fake_client.results = [ZeroDivisionError(f"token was {SECRET_TOKEN}")]
    env = {"X_ACCESS_TOKEN": SECRET_TOKEN, "XMEDIA_DEBUG": "1"}
    result = runner.invoke(app, ["upload", str(sample_file), "--json"], env=env)
    assert result.exit_code == ExitCode.UNEXPECTED
    assert SECRET_TOKEN not in result.stdout + result.stderr
    assert "***" in result.stderr


def test_processing_timeout_message_names_the_cli_remedy(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    fake_client.results = [xmedia.ProcessingTimeoutError("42", 30.0, "in_progress")]
    result = runner.invoke(app, ["upload", str(sample_file), "--timeout", "30"])
    assert result.exit_code == ExitCode.TIMEOUT
    assert "xmedia wait 42" in result.stderr and "--timeout" in result.stderr
    assert fake_client.config is not None and fake_client.config.poll_deadline == 30


def test_file_scoped_error_continues_with_next_file_and_keeps_first_code(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    fake_client.results = [xmedia.EmptyFileError("a.mp4", "the file is empty"), uploaded_media()]
    result = runner.invoke(app, ["upload", str(sample_file), str(sample_file), "--json"])
    assert result.exit_code == ExitCode.INPUT
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(records[0]) == ["error", "file"]
    assert records[0]["error"]["exit_code"] == ExitCode.INPUT
    assert records[1]["media_key"] == "7_1880000000000000001"


def test_run_scoped_error_stops_before_the_next_file(
    runner: CliRunner, fake_client: FakeClient, sample_file: Path
) -> None:
    fake_client.results = [xmedia.UnauthorizedError(401, "Unauthorized"), uploaded_media()]
    result = runner.invoke(app, ["upload", str(sample_file), str(sample_file)])
    assert result.exit_code == ExitCode.AUTH
    assert [name for name, _ in fake_client.calls] == ["upload"]
