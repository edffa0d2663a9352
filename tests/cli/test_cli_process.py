"""The command as a whole process: what it imports to start, `python -m xmedia`, completion,
stdin, escaped output, SIGTERM. Start-up *time* is measured by ``bench.whole_process``; these
tests pin the causes (which modules a command loads), which do not depend on the machine."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from xmedia._cli_errors import ExitCode
from xmedia_mock import MockConfig, RunningServer, serve
from xmedia_mock.testing import PNG_HEAD

PYTHON = sys.executable


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("X_", "XMEDIA_"))}
    env.update(extra)
    return env


def _imported(args: list[str], **env: str) -> set[str]:
    """Top-level packages a command imports (``python -X importtime``), after checking it ran."""
    return {name.split(".")[0] for name in _imported_modules(args, **env)}


def _imported_modules(args: list[str], **env: str) -> set[str]:
    """Every module a command imports (``python -X importtime``), after checking it ran."""
    proc = subprocess.run(
        [PYTHON, "-X", "importtime", "-m", "xmedia", *args],
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode in (0, 2), proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert names, "no import times recorded"
    return names


def test_version_loads_neither_typer_nor_httpx() -> None:
    proc = subprocess.run(
        [PYTHON, "-m", "xmedia", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and proc.stdout.startswith("xmedia ")
    loaded = _imported(["--version"])
    assert not loaded & {"typer", "click", "httpx", "rich", "xmedia_generated", "attr"}, loaded


def test_help_loads_no_http_stack_and_no_rich() -> None:
    loaded = _imported(["upload", "--help"])
    assert "typer" in loaded
    assert not loaded & {"httpx", "rich", "pygments", "xmedia_generated", "attr", "anyio"}, loaded


def test_importing_the_library_loads_no_http_stack() -> None:
    heavy = "{'httpx', 'rich', 'typer', 'xmedia_generated', 'anyio'}"
    code = (
        f"import sys, xmedia; print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy}))"
    )
    proc = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_lazy_package_exports_every_public_name() -> None:
    import xmedia

    assert sorted(xmedia.__all__) == sorted(xmedia._EXPORTS)
    for name in xmedia.__all__:
        assert getattr(xmedia, name) is not None
    with pytest.raises(AttributeError):
        _ = xmedia.NoSuchThing


def test_shell_completion_completes_commands_and_options() -> None:
    def complete(words: str) -> list[str]:
        env = _env(_XMEDIA_COMPLETE="complete_bash", COMP_WORDS=words)
        env["COMP_CWORD"] = str(len(words.split()) - 1)
        proc = subprocess.run(
            [PYTHON, "-m", "xmedia"], env=env, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.split()

    assert complete("xmedia up") == ["upload"]
    assert "--resume" in complete("xmedia upload --re")
    script = subprocess.run(
        [PYTHON, "-m", "xmedia", "--show-completion", "bash"],
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert script.returncode == 0 and "_XMEDIA_COMPLETE" in script.stdout


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with serve(MockConfig(processing_pending_secs=0.0, processing_secs=0.2)) as running:
        yield running


def _upload_env(server: RunningServer, tmp_path: Path, **extra: str) -> dict[str, str]:
    return _env(
        X_ACCESS_TOKEN="mock-user-token",
        X_API_BASE_URL=server.base_url,
        XMEDIA_JOURNAL_DIR=str(tmp_path / "journal"),
        **extra,
    )


def _png(path: Path, size: int = 4096) -> Path:
    path.write_bytes(PNG_HEAD + os.urandom(size - len(PNG_HEAD)))
    return path


def test_a_one_segment_still_loads_only_what_it_uses(server: RunningServer, tmp_path: Path) -> None:
    """What `xmedia upload photo.png` does not spend its start-up on: the analytics module, or
    puremagic's signature database (the PNG signature names the type). Pillow is loaded: the
    pre-flight reads the image's size."""
    from PIL import Image

    png = tmp_path / "photo.png"
    Image.new("RGB", (64, 64), (10, 120, 200)).save(png)
    env = _upload_env(server, tmp_path)
    loaded = _imported_modules(
        ["upload", str(png)], **{k: env[k] for k in env if k.startswith("X")}
    )
    assert "PIL.PngImagePlugin" in loaded, "the upload did not reach the pre-flight"
    assert "xmedia_generated.api.media.finalize_media_upload" in loaded
    unused = {"xmedia._analytics", "puremagic"}
    assert not loaded & unused, loaded & unused


def test_dash_uploads_stdin_byte_exact(server: RunningServer, tmp_path: Path) -> None:
    png = _png(tmp_path / "a.png", 300_000)
    with png.open("rb") as stdin:  # a pipe, not the file: cat's output is not seekable
        cat = subprocess.Popen(["cat"], stdin=stdin, stdout=subprocess.PIPE)
        proc = subprocess.run(
            [PYTHON, "-m", "xmedia", "upload", "-", "--json", "--chunk-size", "64KiB"],
            stdin=cat.stdout,
            env=_upload_env(server, tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        cat.wait()
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["file"] == "-"
    digest = server.state.upload_digest(record["media_id"])
    assert digest.size == png.stat().st_size
    import hashlib

    assert digest.sha256 == hashlib.sha256(png.read_bytes()).hexdigest()


def test_ascii_only_stdout_gets_escaped_names_not_a_crash(
    server: RunningServer, tmp_path: Path
) -> None:
    png = _png(tmp_path / "café ☕.png")
    for json_flag in ([], ["--json"]):
        proc = subprocess.run(
            [PYTHON, "-m", "xmedia", "upload", str(png), *json_flag],
            env=_upload_env(server, tmp_path, PYTHONIOENCODING="ascii"),
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        proc.stdout.decode("ascii")  # nothing but ASCII reached stdout
        if json_flag:
            assert json.loads(proc.stdout)["file"] == str(png)  # JSON escapes round-trip
        else:
            assert b"caf\\xe9 \\u2615.png" in proc.stdout


def test_control_characters_in_names_are_shown_as_escapes(
    server: RunningServer, tmp_path: Path
) -> None:
    """A file name holding ESC (terminal control) or a newline: one result line, escaped; the
    same in the error for a missing file. JSON keeps the name exact (JSON escapes it)."""
    png = _png(tmp_path / "red\x1b[31m\nline.png")
    proc = subprocess.run(
        [PYTHON, "-m", "xmedia", "upload", str(png)],
        env=_upload_env(server, tmp_path),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert b"\x1b" not in proc.stdout and proc.stdout.count(b"\n") == 1, proc.stdout
    assert b"red\\x1b[31m\\x0aline.png: media id " in proc.stdout
    record = subprocess.run(
        [PYTHON, "-m", "xmedia", "upload", str(png), "--json"],
        env=_upload_env(server, tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(record.stdout)["file"] == str(png)
    missing = subprocess.run(
        [PYTHON, "-m", "xmedia", "upload", str(tmp_path / "gone\x1b[2J.png")],
        env=_upload_env(server, tmp_path),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == ExitCode.INPUT, missing.stderr
    assert b"\x1b" not in missing.stderr and b"gone\\x1b[2J.png" in missing.stderr


def test_inspect_shows_control_characters_in_names_as_escapes(tmp_path: Path) -> None:
    from PIL import Image

    png = tmp_path / "esc\x1b[31mred.png"
    Image.new("RGB", (8, 8)).save(png, "PNG")
    for target, code in ((png, ExitCode.OK), (tmp_path / "gone\x1b[2J.png", ExitCode.INPUT)):
        proc = subprocess.run(
            [PYTHON, "-m", "xmedia", "inspect", str(target)],
            env=_env(),
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert proc.returncode == code, proc.stderr
        output = proc.stdout + proc.stderr
        assert b"\x1b" not in output and target.name.encode("unicode_escape") in output, output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["upload", "x.png", "--request-timeout", "nan"], "--request-timeout must be a finite"),
        (["status", "123", "--request-timeout", "inf"], "--request-timeout must be a finite"),
        (["upload", "x.png", "--max-wait", "nan"], "--max-wait must be a finite"),
    ],
)
def test_a_refused_option_value_is_named_by_its_option(args: list[str], says: str) -> None:
    proc = subprocess.run(
        [PYTHON, "-m", "xmedia", *args],
        env=_env(X_ACCESS_TOKEN="t", X_API_BASE_URL="http://127.0.0.1:9"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == ExitCode.USAGE, proc.stderr
    assert proc.stderr.startswith(f"xmedia: error: {says}"), proc.stderr


def test_sigterm_mid_upload_reports_like_ctrl_c_and_keeps_the_journal(
    server: RunningServer, tmp_path: Path
) -> None:
    from xmedia_mock import FaultPlan

    png = _png(tmp_path / "slow.png", 64 * 1024)
    server.state.faults.set_plan(FaultPlan.parse("append:latency=300"))
    appends_before = server.state.request_count("append")
    try:
        proc = subprocess.Popen(
            [PYTHON, "-m", "xmedia", "upload", str(png), "--json", *("--chunk-size", "4KiB")],
            env=_upload_env(server, tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while (
            server.state.request_count("append") < appends_before + 2
            and time.monotonic() < deadline
        ):
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        server.state.faults.set_plan(FaultPlan())
    assert proc.returncode == ExitCode.TERMINATED, err
    assert "Traceback" not in err and "--resume" in err
    [record] = [json.loads(line) for line in out.splitlines()]
    assert record["error"]["exit_code"] == ExitCode.TERMINATED
    assert list((tmp_path / "journal").glob("*.json")), "the journal was kept for --resume"


def _all_names() -> list[str]:
    from xmedia import cli

    infos = [*cli.app.registered_commands, *cli.app.registered_groups]
    return [cli._name_of(info) for info in infos]


def test_every_command_has_a_name_the_narrowed_app_finds() -> None:
    names = _all_names()
    assert len(names) == len(set(names)) >= 14 and "" not in names
    assert {"upload", "alt-text", "journal", "auth", "subtitles"} <= set(names)


@pytest.mark.parametrize(
    "args",
    [[name, "--help"] for name in _all_names()]
    + [["upload"], ["journal"], ["auth", "status", "--bogus"]]
    + [["upload", "--chunk-size", "x", "f"]],
    ids=lambda args: " ".join(args),
)
def test_the_narrowed_app_says_what_the_whole_app_says(args: list[str]) -> None:
    """``main`` builds only the command the arguments name (start-up time); its help, usage
    errors and exit codes must be the whole app's, word for word."""
    from typer.testing import CliRunner
    from xmedia import cli

    narrowed = cli.app_for(args)
    assert narrowed is not cli.app
    assert len(narrowed.registered_commands) + len(narrowed.registered_groups) == 1
    whole = CliRunner().invoke(cli.app, args, prog_name="xmedia")
    alone = CliRunner().invoke(narrowed, args, prog_name="xmedia")
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
    assert whole.output  # help or a usage error: something to compare


@pytest.mark.parametrize("args", [[], ["--help"], ["uplod", "x"], ["-h"]])
def test_no_or_unknown_command_gets_the_whole_app(args: list[str]) -> None:
    from xmedia import cli

    assert cli.app_for(args) is cli.app
