"""`xmedia inspect` and `xmedia fix` as users run them: tables, JSON, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import xmedia
from typer.testing import CliRunner
from xmedia._cli_errors import ExitCode
from xmedia.cli import app

from .media_support import MediaLibrary

XMEDIA = [sys.executable, "-m", "xmedia.cli"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run([*XMEDIA, *args], capture_output=True, text=True, env=env, timeout=60)


def test_inspect_prints_a_table_per_file_and_exits_3_on_a_failure(media: MediaLibrary) -> None:
    done = _run("inspect", str(media.path("valid")), str(media.path("10bit")))
    assert done.returncode == ExitCode.INPUT, done.stderr
    assert "Traceback" not in done.stderr
    out = done.stdout
    assert (
        "valid.mp4 — video/mp4" in out and "PASS · fits tweet_video, amplify_video, dm_video" in out
    )
    assert "tenbit.mp4 — video/mp4" in out and "FAIL · fits no category" in out
    assert "│ pixel format │ yuv420p10le  │ fail   │ yuv420p10le is not 8-bit YUV 4:2:0" in out
    assert "repair it: xmedia fix" in out


def test_inspect_exits_0_when_nothing_fails(media: MediaLibrary) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["inspect", str(media.path("valid")), str(media.path("long"))])
    assert result.exit_code == 0, result.output
    assert "WARN · fits amplify_video" in result.stdout


def test_inspect_json_is_one_object_per_file(media: MediaLibrary, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = tmp_path / "missing.mp4"
    result = runner.invoke(
        app,
        ["inspect", "--json", str(media.path("gif_frames")), str(missing), str(media.path("png"))],
    )
    assert result.exit_code == ExitCode.INPUT
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("verdict") for r in records] == ["fail", None, "pass"]
    assert records[0]["checks"][2] | {"reason": ""} == {
        "name": "frames",
        "value": "400",
        "status": "fail",
        "reason": "",
        "constraint": "gif.frames",
        "fixable": True,
    }
    assert records[1]["error"]["exit_code"] == ExitCode.INPUT
    assert "no such file" in records[1]["error"]["message"]


def test_fix_writes_a_file_that_passes_and_says_what_it_did(
    media: MediaLibrary, tmp_path: Path
) -> None:
    out = tmp_path / "fixed.mp4"
    done = _run("fix", str(media.path("yuv444")), "-o", str(out), "--progress")
    assert done.returncode == 0, done.stderr
    assert "yuv444p as H.264 High yuv420p" in done.stdout
    assert "inspect: pass" in done.stdout
    assert "fix yuv444.mp4" in done.stderr  # the progress bar's label
    assert xmedia.inspect(out).verdict.value == "pass"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["SRC", "-o", "SRC"], ExitCode.USAGE, "is the input file"),
        (["CORRUPT", "-o", "OUT"], ExitCode.INPUT, "cannot be fixed"),
        (["MISSING", "-o", "OUT"], ExitCode.INPUT, "no such file"),
        (["GIF", "-o", "OUT.gif"], ExitCode.USAGE, "name the output with"),
    ],
)
def test_fix_errors_are_one_line_with_a_documented_code(
    media: MediaLibrary, tmp_path: Path, args: list[str], code: ExitCode, message: str
) -> None:
    values = {
        "SRC": str(media.path("yuv444")),
        "CORRUPT": str(media.path("corrupt")),
        "MISSING": str(tmp_path / "missing.mp4"),
        "GIF": str(media.path("gif_frames")),
        "OUT": str(tmp_path / "out.mp4"),
        "OUT.gif": str(tmp_path / "out.gif"),
    }
    runner = CliRunner()
    result = runner.invoke(app, ["fix", *(values.get(a, a) for a in args), "--json"])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("xmedia: error:")]
    assert message in line
    record = json.loads(result.stdout)
    assert record["error"]["exit_code"] == code
    assert not (tmp_path / "out.mp4").exists()
