"""Every row of tests/reliability/bad_inputs.py, through the CLI and through the library.

Per row: the CLI's exit code and one-line message, the library's error class, the requests the
server saw (what is retried and what is not), and what is left behind. Rows that leave a
journal are re-run with ``--resume``; their message must say the journal was kept.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import socket
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from xmedia import OAuth2UserToken, UploadConfig, XMedia, auth_from_env
from xmedia import cli as cli_module
from xmedia._cli_sizes import parse_size
from xmedia.cli import app
from xmedia_mock import FaultPlan, MockConfig, RateLimit
from xmedia_mock.testing import GIF_HEAD, MP4_HEAD, PNG_HEAD

from .bad_inputs import CASES, FILES, BadInput, Left, table_markdown
from .hostile import HostileServer, serve_hostile

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "bad-inputs.md"
KiB = 1024
MiB = 1024 * KiB
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SECRET_VARS = ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN_SECRET", "XMEDIA_DEBUG")
FAST: dict[str, Any] = {"backoff_initial": 0.001, "backoff_max": 0.01}


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    config = MockConfig(processing_pending_secs=0.0, processing_secs=0.3, check_after_secs=1)
    with serve_hostile(config) as running:
        yield running


def _make_files(root: Path, needed: set[str]) -> dict[str, Path]:
    """Create the files a row names (all paths are returned; only ``needed`` ones exist)."""
    files = {name: root / name for name in FILES}
    files["png"] = root / "image.png"
    files["mp4"] = root / "clip.mp4"
    makers: dict[str, Callable[[Path], object]] = {
        "png": lambda p: p.write_bytes(PNG_HEAD + bytes(8 * KiB - len(PNG_HEAD))),
        "mp4": lambda p: p.write_bytes((MP4_HEAD + bytes(range(256)) * 24)[: 6 * KiB]),
        "empty": lambda p: p.write_bytes(b""),
        "dir": lambda p: p.mkdir(),
        "text": lambda p: p.write_text("not media at all\n" * 40),
        "socket": _make_socket,
        "noperm": _make_unreadable,
        "big_png": lambda p: _make_sparse(p, PNG_HEAD, 6 * MiB),
        "big_gif": lambda p: _make_sparse(p, GIF_HEAD, 16 * MiB),
        "huge_mp4": lambda p: _make_sparse(p, MP4_HEAD, 6 * 1024 * MiB),
        "many_mp4": lambda p: _make_sparse(p, MP4_HEAD, 1001 * KiB),
    }
    for name in needed & set(makers):
        makers[name](files[name])
    return files


def _make_unreadable(path: Path) -> None:
    path.write_bytes(PNG_HEAD + bytes(64))
    path.chmod(0)


def _make_socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()


def _make_sparse(path: Path, head: bytes, size: int) -> None:
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)  # sparse: no disk, no time


def _needed(case: BadInput) -> set[str]:
    words = " ".join((*case.args, *(case.resume_args or ())))
    return {name for name in FILES if "{" + name + "}" in words}


@dataclass
class Scene:
    """One row, set up: files, placeholders, the server configured as the row says."""

    case: BadInput
    server: HostileServer
    files: dict[str, Path]
    values: dict[str, str]
    tmp: Path
    saved_mock: dict[str, Any]

    def expand(self, args: tuple[str, ...]) -> list[str]:
        mapping = {**{k: str(v) for k, v in self.files.items()}, **self.values}
        return [arg.format(**mapping) for arg in args]

    def env(self, journal: Path) -> dict[str, str | None]:
        env: dict[str, str | None] = dict.fromkeys(SECRET_VARS)
        env.update(
            X_ACCESS_TOKEN="mock-user-token",
            X_API_BASE_URL=self.server.base_url,
            XMEDIA_JOURNAL_DIR=str(journal),
        )
        env.update(self.case.env)
        return env

    def arm(self) -> None:
        """Fresh server state and the row's interference, faults and mock settings."""
        self.server.state.reset()
        self.server.state.faults.set_plan(FaultPlan.parse(self.case.faults))
        self.server.hostile.set(self.case.interference)

    def disarm(self) -> None:
        self.server.hostile.set(None)
        self.server.state.faults.set_plan(FaultPlan())


@pytest.fixture
def scene(
    request: pytest.FixtureRequest,
    server: HostileServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Scene]:
    case: BadInput = request.param
    if case.needs_non_root and IS_ROOT:
        pytest.skip("root reads any file whatever its mode")
    files = _make_files(tmp_path, _needed(case))
    state = server.state
    user1 = state.new_upload("1", "video/mp4", "tweet_video", _limit(server), 10)
    expired = state.new_upload("1", "video/mp4", "tweet_video", _limit(server), 10)
    expired.expires_at = state.now() - 1
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    closed_port = probe.getsockname()[1]
    probe.close()
    values = {
        "user1_media": user1.media_id,
        "expired_media": expired.media_id,
        "closed_port": str(closed_port),
    }
    saved = {name: getattr(server.config, name) for name in ("chunk_limit", "rate_limits")}
    if "chunk_limit" in case.mock:
        server.config.chunk_limit = int(case.mock["chunk_limit"])
    if "rate_limits" in case.mock:
        limits = dict(server.config.rate_limits)
        for group, (limit, window) in case.mock["rate_limits"].items():
            limits[group] = RateLimit(limit, window)
        server.config.rate_limits = limits

    def change_file() -> None:
        with files["png"].open("ab") as handle:
            handle.write(b"\0" * 100)

    def expire_uploads() -> None:
        for upload in list(state.uploads.values()):
            upload.expires_at = state.now() - 1

    server.hostile.hooks = {"change_file": change_file, "expire_uploads": expire_uploads}
    monkeypatch.setattr(cli_module, "UploadConfig", functools.partial(UploadConfig, **FAST))
    # The two placeholders above must survive the per-run reset: re-register them.
    built = Scene(case, server, files, values, tmp_path, saved)
    original_arm = built.arm

    def arm() -> None:
        original_arm()
        state.uploads[user1.media_id] = user1
        state.uploads[expired.media_id] = expired

    built.arm = arm  # type: ignore[method-assign]
    try:
        yield built
    finally:
        built.disarm()
        for name, value in saved.items():
            setattr(server.config, name, value)
        if files["noperm"].exists():
            files["noperm"].chmod(0o600)


def _limit(server: HostileServer) -> Any:
    return server.config.category_limits["tweet_video"]


def _params(cases: tuple[BadInput, ...], check: str | None = None) -> list[Any]:
    params = []
    for case in cases:
        marks = []
        if check is not None and check in case.bugs:
            marks.append(pytest.mark.xfail(strict=True, reason=case.bugs[check]))
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def _journals(directory: Path) -> list[dict[str, Any]]:
    """The journals a resume would continue (a finished upload's record, kept so that a
    resume returns it instead of uploading again, is not one of them)."""
    if not directory.exists():
        return []
    found = [json.loads(p.read_text(encoding="utf-8")) for p in directory.glob("*.json")]
    return [entry for entry in found if entry.get("state") != "finished"]


def _assert_left_behind(scene: Scene, journal_dir: Path) -> None:
    left = scene.case.left
    journals = _journals(journal_dir)
    seen = sum(scene.server.hostile.seen.values())
    if left is Left.NOTHING:
        assert seen == 0, scene.server.hostile.seen
        assert journals == []
    elif left in (Left.NO_JOURNAL, Left.READ_ONLY, Left.COMPLETED, Left.DROPPED):
        assert journals == []
    elif left is Left.FINALIZED:
        [entry] = journals
        upload = scene.server.state.get_upload(str(entry["media_id"]))
        assert entry["state"] == "finalized" and upload is not None
        assert upload.finalized_at is not None
    else:
        [entry] = journals
        upload = scene.server.state.get_upload(str(entry["media_id"]))
        assert upload is not None
        # Everything the journal calls acknowledged really is stored at the server.
        assert {int(i) for i in entry["acked"]} <= set(upload.segments)
        assert upload.finalized_at is None


def _run_cli(scene: Scene, args: list[str], journal: Path) -> Any:
    result = CliRunner().invoke(app, args, env=scene.env(journal))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _error_line(stderr: str) -> str:
    """The one error line: ``xmedia: error: ...``, or click's ``Error: ...`` for bad options."""
    lines = [line for line in stderr.splitlines() if line.startswith("xmedia: error:")]
    if not lines and "Try 'xmedia" in stderr:
        lines = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, stderr
    return lines[0]


# --- the table -----------------------------------------------------------------------------------


def test_at_least_30_rows_on_both_sides_with_unique_ids() -> None:
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)
    assert {case.side for case in CASES} == {"client", "server"}


def test_committed_table_matches_the_parameters() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from gen_bad_input_table import render

    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/bad-inputs.md is out of date: run `python scripts/gen_bad_input_table.py`"
    )
    assert table_markdown() in DOC.read_text(encoding="utf-8")


# --- one test per row, through the CLI ---------------------------------------------------------


@pytest.mark.parametrize("scene", _params(CASES, "cli"), indirect=True)
def test_bad_input_through_the_cli(scene: Scene) -> None:
    case = scene.case
    journal = scene.tmp / "journal-cli"
    scene.arm()
    result = _run_cli(scene, scene.expand(case.args), journal)
    assert result.exit_code == case.exit_code, result.output
    if case.error is None:
        assert result.stdout.strip(), result.output
    else:
        assert case.says in _error_line(result.stderr), result.stderr
        assert result.stdout == ""
    for operation, count in case.attempts.items():
        assert scene.server.hostile.seen[operation] == count, scene.server.hostile.seen
    _assert_left_behind(scene, journal)


# --- the same row through the library: the typed error class -------------------------------


def _library_call(scene: Scene, args: list[str], journal: Path) -> Any:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("command")
    parser.add_argument("target")
    for option in ("--category", "--media-type", "--chunk-size", "--alt-text", "--base-url"):
        parser.add_argument(option)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--timeout", type=float)
    parser.add_argument("--no-wait", action="store_true")
    parser.add_argument("--resume", action="store_true")
    options = parser.parse_args(args)
    environ = {k: v for k, v in scene.env(journal).items() if v is not None}
    config: dict[str, Any] = {**FAST, "concurrency": options.concurrency, "journal_dir": journal}
    if options.chunk_size is not None:
        config.update(chunk_size=parse_size(options.chunk_size), chunk_size_forced=True)
    if options.timeout is not None:
        config["poll_deadline"] = options.timeout
    base_url = options.base_url or environ["X_API_BASE_URL"]
    with XMedia(auth_from_env(environ), base_url=base_url, config=UploadConfig(**config)) as c:
        if options.command == "status":
            return c.status(options.target)
        if options.command == "wait":
            return c.wait(options.target, timeout=options.timeout)
        return c.upload(
            options.target,
            media_category=options.category,
            media_type=options.media_type,
            alt_text=options.alt_text,
            wait=not options.no_wait,
            resume=options.resume,
        )


@pytest.mark.parametrize("scene", _params(CASES, "library"), indirect=True)
def test_bad_input_through_the_library(scene: Scene) -> None:
    case = scene.case
    journal = scene.tmp / "journal-lib"
    scene.arm()
    if case.error is None:
        media = _library_call(scene, scene.expand(case.args), journal)
        assert media.ready
    else:
        with pytest.raises(case.error) as caught:
            _library_call(scene, scene.expand(case.args), journal)
        assert type(caught.value) is case.error
    _assert_left_behind(scene, journal)


# --- failed mid-way: the message says the journal is kept, and --resume finishes -----------


MIDWAY = tuple(case for case in CASES if case.left is Left.JOURNAL)
RESUMABLE = tuple(case for case in CASES if case.resume_args is not None)


@pytest.mark.parametrize("scene", _params(MIDWAY, "hint"), indirect=True)
def test_midway_failure_message_says_the_journal_is_kept(scene: Scene) -> None:
    journal = scene.tmp / "journal-cli"
    scene.arm()
    result = _run_cli(scene, scene.expand(scene.case.args), journal)
    assert _journals(journal), "precondition: a journal was left"
    assert "--resume" in _error_line(result.stderr)


@pytest.mark.parametrize("scene", _params(RESUMABLE, "resume"), indirect=True)
def test_rerun_with_resume_completes_byte_exact(scene: Scene) -> None:
    case = scene.case
    journal = scene.tmp / "journal-cli"
    scene.arm()
    first = _run_cli(scene, scene.expand(case.args), journal)
    assert first.exit_code == case.exit_code, first.output
    entry: dict[str, Any] = {"media_id": None, "acked": []}
    before: dict[int, int] = {}
    if case.left is Left.JOURNAL:
        [entry] = _journals(journal)
        kept = scene.server.state.get_upload(str(entry["media_id"]))
        assert kept is not None
        before = dict(kept.append_counts)
    else:
        assert _journals(journal) == []
    # Transient trouble passes (faults, proxy, the rate-limit window); the server's chunk
    # limit is a property of the server and stays.
    scene.disarm()
    scene.server.config.rate_limits = scene.saved_mock["rate_limits"]
    scene.server.state.rate_limiter.reset()
    assert case.resume_args is not None
    second = _run_cli(scene, [*scene.expand(case.resume_args), "--resume", "--json"], journal)
    assert second.exit_code == 0, second.output
    media_id = json.loads(second.stdout.splitlines()[-1])["media_id"]
    digest = scene.server.state.upload_digest(media_id)
    path = Path(scene.expand(("{png}",))[0])
    assert digest.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert _journals(journal) == []
    if case.left is Left.JOURNAL:
        assert media_id == str(entry["media_id"])
        for index in map(int, entry["acked"]):
            assert digest.append_counts[index] == before[index], f"segment {index} re-sent"


def test_library_uses_the_same_oauth2_token_class() -> None:
    # The library path above builds credentials with auth_from_env, as the CLI does.
    assert isinstance(auth_from_env({"X_ACCESS_TOKEN": "t0ken-value"}), OAuth2UserToken)


DROPPED = tuple(case for case in CASES if case.left is Left.DROPPED)


@pytest.mark.parametrize("scene", _params(DROPPED, "no-false-hint"), indirect=True)
def test_dropped_journal_is_not_promised_to_resume(scene: Scene) -> None:
    """The file changed, or the server expired the media: no resume can continue the upload,
    so no journal is kept and the message does not suggest --resume."""
    journal = scene.tmp / "journal-cli"
    scene.arm()
    result = _run_cli(scene, scene.expand(scene.case.args), journal)
    assert _journals(journal) == []
    line = _error_line(result.stderr)
    assert "--resume" not in line, line
