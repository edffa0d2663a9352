"""``xmedia`` as processes of their own, many times over, without paying the imports each time.

The bad-input rows run the command ~150 times. A fresh interpreter per run would spend most of
the suite's time importing the same modules, so this is a fork server: one process imports the
command once, then forks a child per run. Each child is a process of its own — its own pid,
argv, environment, stdin / stdout / stderr file descriptors, signal dispositions and exit status
— running the console script's ``main``. What a fresh interpreter does and a fork does not
(read ``PYTHONIOENCODING``, set up ``sys.std*``) the child does the same way before ``main``.
Start-up itself (which modules load, how fast) is tested on real interpreters elsewhere
(tests/cli/test_cli_process.py, bench/whole_process.py).

One change to the command: the retry back-off is cut to milliseconds (a row that retries 5 times
would otherwise wait ~15 s), as the library rows do with ``backoff_initial`` / ``backoff_max``.

Protocol (one JSON object per line): request ``{"argv", "env", "stdin", "stdout", "stderr"}``
(paths; ``stdin`` may be a FIFO) → ``{"pid": N}`` once forked → ``{"exit": CODE}`` (negative:
killed by that signal, as ``subprocess`` reports it).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FAST_BACKOFF = {"backoff_initial": 0.001, "backoff_max": 0.01}


def _fast_config(**options: Any) -> Any:
    from xmedia._config import UploadConfig

    return UploadConfig(**{**FAST_BACKOFF, **options})


# --- the server side -----------------------------------------------------------------------------


def _text_stream(fd: int, mode: str, encoding: str, errors: str) -> io.TextIOWrapper:
    raw = io.FileIO(fd, mode, closefd=False)
    buffered: io.BufferedReader | io.BufferedWriter = (
        io.BufferedReader(raw) if mode == "rb" else io.BufferedWriter(raw)
    )
    return io.TextIOWrapper(buffered, encoding=encoding, errors=errors, line_buffering=False)


def _child(request: dict[str, Any]) -> int:
    os.environ.clear()
    os.environ.update(request["env"])
    for fd, path, flags in (
        (0, request["stdin"], os.O_RDONLY),
        (1, request["stdout"], os.O_WRONLY),
        (2, request["stderr"], os.O_WRONLY),
    ):
        opened = os.open(path, flags)
        os.dup2(opened, fd)
        os.close(opened)
    # What the interpreter does at start: std streams from PYTHONIOENCODING (else UTF-8).
    encoding, _, errors = (os.environ.get("PYTHONIOENCODING") or "utf-8").partition(":")
    sys.stdin = _text_stream(0, "rb", encoding, errors or "strict")
    sys.stdout = _text_stream(1, "wb", encoding, errors or "strict")
    sys.stderr = _text_stream(2, "wb", encoding, "backslashreplace")
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from xmedia.__main__ import main

    code: int = 0
    try:
        main([os.fsdecode(arg.encode("utf-8", "surrogateescape")) for arg in request["argv"]])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
    return code


def serve() -> None:
    from xmedia import cli

    cli._make_config = _fast_config
    # Everything a run would import, imported once.
    import xmedia._prepare
    import xmedia._sync  # noqa: F401

    out = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = _child(request)
            finally:
                os._exit(code)
        out.write(json.dumps({"pid": pid}) + "\n")
        out.flush()
        _, status = os.waitpid(pid, 0)
        out.write(json.dumps({"exit": os.waitstatus_to_exitcode(status)}) + "\n")
        out.flush()


# --- the test side -------------------------------------------------------------------------------


@dataclass
class Finished:
    exit_code: int
    stdout: str
    stderr: str
    timed_out: bool = False


class ForkServer:
    """The test side: ``run(argv, env, ...)`` → a finished process's exit code and output."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        self._buffer = b""

    def close(self) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()

    def _read_line(self, timeout: float) -> dict[str, Any] | None:
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError("the fork server exited")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def run(
        self,
        argv: list[str],
        env: dict[str, str],
        work: Path,
        *,
        stdin: bytes | None = None,
        timeout: float,
        on_start: Any = None,
    ) -> Finished:
        out, err = work / "cli-stdout", work / "cli-stderr"
        out.write_bytes(b"")
        err.write_bytes(b"")
        stdin_path = "/dev/null"
        feeder = None
        if stdin is not None:  # a real pipe, as in `cat clip.mp4 | xmedia upload -`
            fifo = work / "cli-stdin"
            with contextlib.suppress(FileNotFoundError):
                fifo.unlink()
            os.mkfifo(fifo)
            stdin_path = str(fifo)
            feeder = _Feeder(fifo, stdin)
            feeder.start()
        request = {
            "argv": argv,
            "env": env,
            "stdin": stdin_path,
            "stdout": str(out),
            "stderr": str(err),
        }
        assert self._proc.stdin is not None
        line = json.dumps(request, ensure_ascii=True) + "\n"
        self._proc.stdin.write(line.encode())
        self._proc.stdin.flush()
        started = self._read_line(30)
        assert started is not None, "the fork server did not answer"
        pid = int(started["pid"])
        if on_start is not None:
            on_start(pid)
        finished = self._read_line(timeout)
        timed_out = finished is None
        if finished is None:
            os.kill(pid, signal.SIGKILL)
            finished = self._read_line(30)
            assert finished is not None
        if feeder is not None:
            feeder.join(5)
        return Finished(
            int(finished["exit"]),
            out.read_bytes().decode(errors="replace"),
            err.read_bytes().decode(errors="replace"),
            timed_out,
        )


class _Feeder:
    def __init__(self, fifo: Path, data: bytes) -> None:
        import threading

        self._thread = threading.Thread(target=self._feed, args=(fifo, data), daemon=True)

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    @staticmethod
    def _feed(fifo: Path, data: bytes) -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as pipe:
            pipe.write(data)


if __name__ == "__main__":
    serve()
