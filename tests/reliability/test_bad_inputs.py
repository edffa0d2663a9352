"""Every row of tests/reliability/bad_inputs.py, through the CLI and through the library.

Per row: the CLI's exit code and one-line message, the library's error class, the requests the
server saw (what is retried and what is not), and what is left behind. Rows that leave a
journal are re-run with ``--resume``; their message must say the journal was kept.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from xmedia import OAuth2UserToken, UploadConfig, XMedia, auth_from_env
from xmedia._cli_errors import ExitCode
from xmedia._cli_sizes import parse_size
from xmedia_mock import FaultPlan, MockConfig, RateLimit
from xmedia_mock.testing import GIF_HEAD, MP4_HEAD, PNG_HEAD

from tests.support import unprivileged

from .bad_inputs import CASES, FILES, BadInput, Left, table_markdown
from .cli_process import FAST_BACKOFF, ForkServer
from .hostile import HalfClosingServer, HeaderTricklingServer, HostileServer, serve_hostile

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "bad-inputs.md"
KiB = 1024
MiB = 1024 * KiB
IS_ROOT = unprivileged.IS_ROOT
SECRET_VARS = ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN_SECRET", "XMEDIA_DEBUG")
FAST: dict[str, Any] = dict(FAST_BACKOFF)
#: A row's CLI run that takes longer than this has hung (each finishes in seconds).
HANG_SECONDS = 90


@pytest.fixture(scope="module")
def forks() -> Iterator[ForkServer]:
    running = ForkServer()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    config = MockConfig(processing_pending_secs=0.0, processing_secs=0.3, check_after_secs=1)
    with (
        serve_hostile(config) as running,
        HalfClosingServer() as half_closing,
        HeaderTricklingServer() as header_trickling,
    ):
        running.extra["half_closing"] = half_closing
        running.extra["header_trickling"] = header_trickling
        yield running


def _png(path: Path) -> None:
    path.write_bytes(PNG_HEAD + bytes(8 * KiB - len(PNG_HEAD)))


def _make_files(root: Path, needed: set[str]) -> dict[str, Path]:
    """Create the files a row names (all paths are returned; only ``needed`` ones exist)."""
    files = {name: root / name for name in FILES}
    files["png"] = root / "image.png"
    files["mp4"] = root / "clip.mp4"
    files["undecodable_name"] = root / os.fsdecode(b"caf\xe9-\xff.png")
    files["unicode_name"] = root / "café ☕.png"
    files["control_name"] = root / "gone\x1b[2J.png"
    makers: dict[str, Callable[[Path], object]] = {
        "png": _png,
        "png2": _png,
        "undecodable_name": _png,
        "unicode_name": _png,
        "fifo": lambda p: os.mkfifo(p),
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
    words = " ".join((*case.args, *(case.resume_args or ()), "{" + (case.stdin or "") + "}"))
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
    forks: ForkServer
    #: "cli" or "library": which run the hooks act on.
    mode: str = "cli"
    cli_pid: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

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

    def stdin_bytes(self) -> bytes | None:
        if self.case.stdin is None:
            return None
        return self.files[self.case.stdin].read_bytes()

    def arm(self) -> None:
        """Fresh server state and the row's interference, faults and mock settings."""
        self.server.hostile.settle()  # the previous row's requests are over first
        self.server.state.reset()
        self.server.state.faults.set_plan(FaultPlan.parse(self.case.faults))
        self.server.hostile.set(self.case.interference)

    def disarm(self) -> None:
        self.server.hostile.set(None)
        self.server.state.faults.set_plan(FaultPlan())

    def interrupt(self, signum: int, *, hold: float) -> None:
        """The user presses Ctrl-C (or the system sends SIGTERM) to the run in progress; the
        request that triggered it is held ``hold`` seconds, so the signal lands mid-request
        whatever the machine's load (not after the upload already finished)."""
        try:
            self._signal(signum)
        finally:
            time.sleep(hold)

    def _signal(self, signum: int) -> None:
        if self.mode == "cli":
            assert self.cli_pid is not None
            os.kill(self.cli_pid, signum)
        else:  # the library runs in this process's main thread: interrupt exactly that
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)


@pytest.fixture
def scene(
    request: pytest.FixtureRequest,
    server: HostileServer,
    forks: ForkServer,
    tmp_path: Path,
) -> Iterator[Scene]:
    case: BadInput = request.param
    # Root reads any file whatever its mode: such rows run their process without that power.
    place = tmp_path
    if _unprivileged(case):
        if unprivileged.how() is None:
            pytest.skip("root, and no way to drop its file access (no user nobody, no setpriv)")
        if unprivileged.how() == "user":
            place = unprivileged.shared_directory()
    files = _make_files(place, _needed(case))
    state = server.state
    user1 = state.new_upload("1", "video/mp4", "tweet_video", _limit(server), 10)
    expired = state.new_upload("1", "video/mp4", "tweet_video", _limit(server), 10)
    expired.expires_at = state.now() - 1
    image = state.new_upload(
        "1", "image/png", "tweet_image", server.config.category_limits["tweet_image"], 10
    )
    image.finalized_at = state.now()
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    closed_port = probe.getsockname()[1]
    probe.close()
    values = {
        "user1_media": user1.media_id,
        "expired_media": expired.media_id,
        "image_media": image.media_id,
        "image_key": image.media_key,
        "closed_port": str(closed_port),
        "base_url": server.base_url,
        "half_closing_url": server.extra["half_closing"].base_url,
        "header_trickling_url": server.extra["header_trickling"].base_url,
    }
    saved = {name: getattr(server.config, name) for name in ("chunk_limit", "rate_limits")}
    if "chunk_limit" in case.mock:
        server.config.chunk_limit = int(case.mock["chunk_limit"])
    if "rate_limits" in case.mock:
        limits = dict(server.config.rate_limits)
        for group, (limit, window) in case.mock["rate_limits"].items():
            limits[group] = RateLimit(limit, window)
        server.config.rate_limits = limits
    built = Scene(case, server, files, values, place, saved, forks)

    def change_file() -> None:
        with files["png"].open("ab") as handle:
            handle.write(b"\0" * 100)

    def expire_uploads() -> None:
        for upload in list(state.uploads.values()):
            upload.expires_at = state.now() - 1

    server.hostile.hooks = {
        "change_file": change_file,
        "expire_uploads": expire_uploads,
        "interrupt": lambda: built.interrupt(signal.SIGINT, hold=0.5),
        "terminate": lambda: built.interrupt(signal.SIGTERM, hold=0.5),
    }
    # The placeholders above must survive the per-run reset: re-register them.
    original_arm = built.arm

    def arm() -> None:
        original_arm()
        for upload in (user1, expired, image):
            state.uploads[upload.media_id] = upload

    built.arm = arm  # type: ignore[method-assign]
    try:
        yield built
    finally:
        built.disarm()
        for name, value in saved.items():
            setattr(server.config, name, value)
        if files["noperm"].exists():
            files["noperm"].chmod(0o600)
        if place != tmp_path:
            shutil.rmtree(place, ignore_errors=True)


def _unprivileged(case: BadInput) -> bool:
    return case.needs_non_root and IS_ROOT


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


@dataclass
class CliRun:
    exit_code: int
    stdout: str
    stderr: str


def _process_env(scene: Scene, journal: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("X_", "XMEDIA_"))}
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        env.pop(name, None)
    for name, value in scene.env(journal).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _run_cli(scene: Scene, args: list[str], journal: Path) -> CliRun:
    """``xmedia ARGS`` as a process of its own: argv, stdin, stdout, stderr, exit status."""
    scene.mode = "cli"
    if _unprivileged(scene.case):
        done = unprivileged.run(
            [sys.executable, "-m", "xmedia", *args], _process_env(scene, journal)
        )
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        return CliRun(done.returncode, done.stdout, done.stderr)
    result = scene.forks.run(
        args,
        _process_env(scene, journal),
        scene.tmp,
        stdin=scene.stdin_bytes(),
        timeout=HANG_SECONDS,
        on_start=lambda pid: setattr(scene, "cli_pid", pid),
    )
    if result.timed_out:
        pytest.fail(f"xmedia {args} hung for {HANG_SECONDS} s: {result.stderr}")
    run = CliRun(result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    return run


_UPLOAD_AND_NAME_THE_ERROR = """
import sys, xmedia
try:
    with xmedia.XMedia(base_url=sys.argv[2]) as client:
        client.upload(sys.argv[1])
except xmedia.XMediaError as error:
    print(type(error).__name__)
"""


def _library_error_unprivileged(scene: Scene, args: list[str], journal: Path) -> str:
    """The library's error for ``upload FILE``, raised in a process without root's file access."""
    command, target = args
    assert command == "upload"
    code = [sys.executable, "-c", _UPLOAD_AND_NAME_THE_ERROR, target, scene.server.base_url]
    done = unprivileged.run(code, _process_env(scene, journal))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _error_line(stderr: str) -> str:
    """The one error line: ``xmedia: error: ...``, or click's ``Error: ...`` for bad options."""
    lines = [line for line in stderr.splitlines() if line.startswith("xmedia: error:")]
    if not lines and "Try 'xmedia" in stderr:
        lines = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) >= 1, stderr
    return lines[0]


def _parse(args: list[str]) -> argparse.Namespace:
    """The row's command line, the way the CLI reads it (for the library run and the records)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("command")
    parser.add_argument("targets", nargs="*")
    for option in (
        "--category",
        "--media-type",
        "--chunk-size",
        "--alt-text",
        "--base-url",
        "--request-timeout",
        "--max-wait",
        "--start",
        "--end",
        "--granularity",
    ):
        parser.add_argument(option)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--timeout", type=float)
    for flag in ("--no-wait", "--resume", "--json"):
        parser.add_argument(flag, action="store_true")
    return parser.parse_args(args)


def _assert_one_record_per_file(case: BadInput, args: list[str], run: CliRun) -> None:
    """With --json: exactly one JSON record per FILE (or per ID), in order, failures included
    (a usage error found by the option parser ends before any file is looked at: none)."""
    records = [json.loads(line) for line in run.stdout.splitlines()]
    if run.exit_code == ExitCode.USAGE and "xmedia: error:" not in run.stderr:
        assert records == [], run.stdout
        return
    parsed = _parse(args)
    if parsed.command in ("analytics", "lookup"):
        return  # one record per media and bucket, not per argument: every line is JSON (above)
    targets = parsed.targets[:1] if parsed.command == "alt-text" else parsed.targets
    assert len(records) == len(targets), run.stdout
    for target, record in zip(targets, records, strict=True):
        if parsed.command == "upload":
            assert record["file"] == target
        else:
            assert record["media_id"] == target
    errors = [record["error"] for record in records if "error" in record]
    if run.exit_code == ExitCode.OK:
        assert errors == [], errors
    else:
        assert errors and errors[0]["exit_code"] == run.exit_code, records


# --- the table -----------------------------------------------------------------------------------


def test_at_least_85_rows_on_both_sides_with_unique_ids() -> None:
    assert len(CASES) >= 85
    assert len({case.id for case in CASES}) == len(CASES)
    assert {case.side for case in CASES} == {"client", "server"}


def test_committed_table_matches_the_parameters() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from gen_bad_input_table import render

    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/bad-inputs.md is out of date: run `python scripts/gen_bad_input_table.py`"
    )
    assert table_markdown() in DOC.read_text(encoding="utf-8")


# --- one test per row, through the CLI (a process of its own) ----------------------------------


@pytest.mark.parametrize("scene", _params(CASES, "cli"), indirect=True)
def test_bad_input_through_the_cli(scene: Scene) -> None:
    case = scene.case
    journal = scene.tmp / "journal-cli"
    scene.arm()
    args = [*scene.expand(case.args), "--json"]
    result = _run_cli(scene, args, journal)
    assert result.exit_code == case.exit_code, result.stderr
    if case.exit_code == ExitCode.OK:
        assert result.stdout.strip(), result.stderr
        if case.says:
            assert case.says in result.stdout + result.stderr
    else:
        line = _error_line(result.stderr)
        assert case.says in line, result.stderr
        if case.left not in (Left.JOURNAL, Left.FINALIZED):
            # --resume is advised only where a journal lets it continue the upload.
            assert "--resume" not in line, line
    _assert_one_record_per_file(case, args, result)
    for operation, count in case.attempts.items():
        assert scene.server.hostile.seen[operation] == count, scene.server.hostile.seen
    _assert_left_behind(scene, journal)


# --- the same row through the library: the typed error class -------------------------------


class _PipeFeeder(threading.Thread):
    """Writes ``data`` into a pipe, as a shell pipeline would feed ``xmedia upload -``."""

    def __init__(self, data: bytes) -> None:
        super().__init__(daemon=True)
        self.read_fd, self.write_fd = os.pipe()
        self.data = data

    def run(self) -> None:
        with open(self.write_fd, "wb") as pipe:
            pipe.write(self.data)


def _library_call(scene: Scene, args: list[str], journal: Path) -> Any:
    options = _parse(args)
    environ = {k: v for k, v in scene.env(journal).items() if v is not None}
    config: dict[str, Any] = {**FAST, "concurrency": options.concurrency, "journal_dir": journal}
    if options.chunk_size is not None:
        config.update(chunk_size=parse_size(options.chunk_size), chunk_size_forced=True)
    if options.timeout is not None:
        config["poll_deadline"] = options.timeout
    if options.request_timeout is not None:
        config["request_timeout"] = float(options.request_timeout)
    if options.max_wait is not None:
        config["max_rate_limit_wait"] = float(options.max_wait)
    base_url = options.base_url or environ["X_API_BASE_URL"]
    if options.command in ("analytics", "lookup"):
        with XMedia(auth_from_env(environ), base_url=base_url, config=UploadConfig(**config)) as c:
            scene.mode = "library"
            if options.command == "lookup":
                c.get(options.targets[0])
            else:
                c.analytics(
                    options.targets, options.start, options.end, options.granularity or "daily"
                )
        return None
    if options.command == "alt-text":
        target, alt_text = options.targets
    else:
        [target] = options.targets
    scene.mode = "library"
    with XMedia(auth_from_env(environ), base_url=base_url, config=UploadConfig(**config)) as c:
        if options.command == "status":
            return c.status(target)
        if options.command == "wait":
            return c.wait(target, timeout=options.timeout)
        if options.command == "alt-text":
            return c.set_alt_text(target, alt_text)
        source: Any = target
        if target == "-":
            feeder = _PipeFeeder(scene.stdin_bytes() or b"")
            feeder.start()
            source = open(feeder.read_fd, "rb")  # noqa: SIM115 (closed below)
        try:
            return c.upload(
                source,
                media_category=options.category,
                media_type=options.media_type,
                alt_text=options.alt_text,
                wait=not options.no_wait,
                resume=options.resume,
            )
        finally:
            if target == "-":
                source.close()


@pytest.mark.parametrize("scene", _params(CASES, "library"), indirect=True)
def test_bad_input_through_the_library(scene: Scene) -> None:
    case = scene.case
    if case.cli_only:
        pytest.skip(f"CLI only: {case.cli_only}")
    journal = scene.tmp / "journal-lib"
    scene.arm()
    error = case.library_error
    if _unprivileged(case):
        assert error is not None
        assert (
            _library_error_unprivileged(scene, scene.expand(case.args), journal) == error.__name__
        )
    elif error is None:
        media = _library_call(scene, scene.expand(case.args), journal)
        assert media is None or media.ready or "--no-wait" in case.args
    else:
        with pytest.raises(error) as caught:
            _library_call(scene, scene.expand(case.args), journal)
        assert type(caught.value) is error
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
    assert first.exit_code == case.exit_code, first.stderr
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
    assert second.exit_code == 0, second.stderr
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
