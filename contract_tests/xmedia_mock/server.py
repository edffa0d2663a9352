"""Running the mock for real: ``serve()`` (background thread) and the ``xmedia-mock`` command."""

from __future__ import annotations

import argparse
import logging
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from starlette.applications import Starlette

from .app import create_app
from .clock import ManualClock
from .config import MockConfig, RateLimit, default_rate_limits
from .faults import FaultPlan
from .state import MockState


class _DropIncompleteResponseNoise(logging.Filter):
    """Injected aborts end responses early on purpose; uvicorn logs each one as an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "returned without completing response" not in record.getMessage()


def _quiet_injected_aborts() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _DropIncompleteResponseNoise) for f in logger.filters):
        logger.addFilter(_DropIncompleteResponseNoise())


@dataclass
class RunningServer:
    base_url: str
    state: MockState
    app: Starlette
    config: MockConfig
    host: str
    port: int


@contextmanager
def serve(
    config: MockConfig | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    log_level: str = "warning",
) -> Iterator[RunningServer]:
    """Run the mock with uvicorn in a background thread on a free port until the block ends."""
    config = config or MockConfig()
    app = create_app(config)
    app.state.over_socket = True
    _quiet_injected_aborts()
    # proto=IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted connections only when the
    # listening socket says TCP, and without it every keep-alive answer waits ~40 ms for the
    # client's delayed ACK (Nagle).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    actual_port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            log_level=log_level,
            access_log=False,
            lifespan="off",
            date_header=False,  # the mock sends its own, from its clock (middleware.py)
            timeout_keep_alive=30,
            # A client stuck mid-request must not hang the test that leaves the block.
            timeout_graceful_shutdown=5,
        )
    )
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="xmedia-mock", daemon=True
    )
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("xmedia-mock failed to start")
            thread.join(0.01)
        yield RunningServer(
            base_url=f"http://{host}:{actual_port}",
            state=app.state.mock,
            app=app,
            config=config,
            host=host,
            port=actual_port,
        )
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
        app.state.mock.close()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xmedia-mock",
        description="A stateful, fault-injectable mock of the X API v2 media endpoints.",
        epilog="Every option also reads an XMEDIA_MOCK_* environment variable (see README).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--chunk-limit", type=int, help="max media bytes per APPEND (413 above)")
    parser.add_argument("--processing-secs", type=float, help="in_progress duration of video/GIF")
    parser.add_argument("--pending-secs", type=float, help="pending duration before in_progress")
    parser.add_argument("--check-after-secs", type=int, help="check_after_secs in processing_info")
    parser.add_argument(
        "--expires-after-secs", type=int, help="upload expiry (default per category)"
    )
    parser.add_argument(
        "--manual-clock", action="store_true", help="clock moves only via /_mock/clock"
    )
    parser.add_argument("--faults", help="fault plan, e.g. 'append#3:error=503;*:latency=20@0.1'")
    parser.add_argument("--fault-seed", type=int, help="seed for rate-based faults")
    parser.add_argument("--data-dir", type=Path, help="where segments go (default: a temp dir)")
    parser.add_argument("--no-rate-limits", action="store_true", help="never answer 429")
    parser.add_argument(
        "--rate-limit",
        action="append",
        default=[],
        metavar="GROUP=N",
        help="per-15-min limit of an endpoint group, e.g. upload=50",
    )
    parser.add_argument("--log-level", default="info")
    return parser


def config_from_args(args: argparse.Namespace) -> MockConfig:
    overrides: dict[str, object] = {}
    for attr, value in (
        ("chunk_limit", args.chunk_limit),
        ("processing_secs", args.processing_secs),
        ("processing_pending_secs", args.pending_secs),
        ("check_after_secs", args.check_after_secs),
        ("expires_after_secs", args.expires_after_secs),
        ("data_dir", args.data_dir),
    ):
        if value is not None:
            overrides[attr] = value
    if args.manual_clock:
        overrides["clock"] = ManualClock()
    if args.no_rate_limits:
        overrides["rate_limits_enabled"] = False
    config = MockConfig.from_env(**overrides)
    if args.faults is not None or args.fault_seed is not None:
        text = args.faults if args.faults is not None else config.faults.to_text()
        seed = args.fault_seed if args.fault_seed is not None else config.faults.seed
        config.faults = FaultPlan.parse(text, seed)
    if args.rate_limit:
        limits = dict(config.rate_limits or default_rate_limits())
        for item in args.rate_limit:
            group, _, number = item.partition("=")
            limits[group.strip()] = RateLimit(int(number))
        config.rate_limits = limits
    return config


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    config = config_from_args(args)
    app = create_app(config)
    app.state.over_socket = True
    _quiet_injected_aborts()
    print(f"xmedia-mock on http://{args.host}:{args.port}  (segments in {app.state.mock.data_dir})")
    if config.faults:
        print(f"fault plan: {config.faults.to_text()} (seed {config.faults.seed})")
    try:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            lifespan="off",
            date_header=False,  # the mock sends its own, from its clock (middleware.py)
        )
    finally:
        app.state.mock.close()


if __name__ == "__main__":
    main()
