"""Secret hygiene: configured tokens and secrets never show up anywhere a user or a CI log sees.

Uploads run with OAuth 2.0 and OAuth 1.0a (sync and async, successes, retries and failures)
while every logger (httpx, httpcore, xmedia, uvicorn, authlib, ...) logs at DEBUG; then the
captured logs, the reprs of clients / credentials / configs / errors, the exception texts and
tracebacks, the CLI's stdout and stderr (successes and failures, in-process and as a real
subprocess) and the JUnit XML report of a failing contract run (DEBUG logs included) are
scanned for each secret: zero hits. Also: plain http to a non-loopback host is refused, and TLS
verification is on (checked on the httpx clients the library builds).
"""

from __future__ import annotations

import logging
import os
import socket
import ssl
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from typer.testing import CliRunner
from xmedia import (
    AsyncXMedia,
    ConfigError,
    OAuth1User,
    OAuth2UserToken,
    TransportError,
    UnauthorizedError,
    UploadConfig,
    XMedia,
    XMediaError,
)
from xmedia.cli import app
from xmedia_mock import FaultPlan, MockConfig, OAuth1Credentials, TokenGrant
from xmedia_mock.testing import MP4_HEAD, PNG_HEAD

from .hostile import Answer, HostileServer, Interference, serve_hostile

ROOT = Path(__file__).resolve().parents[2]

# Random-looking, with no English word in them: the scan flags any 8 characters of a secret
# (a truncated or "last 8 characters" echo leaks as much as the whole), so a word such as
# "consumer" inside a value would match ordinary text.
BEARER = "sekrit-Bq7Lx9Hq2Wm4Rt8Z"
WRONG_BEARER = "sekrit-Wn4Kd8sPz3Yv6Gh1"  # configured by the user, refused by the server
CONSUMER_KEY = "sekrit-Ck2Rb7Tq9Lm5"
CONSUMER_SECRET = "sekrit-Cs5Mt1Vx8Np3Jf6D"
ACCESS_TOKEN = "1-sekrit-At8Wc3Hy6Qe2"
ACCESS_TOKEN_SECRET = "sekrit-As6Jv0Gk4Zu9Rb"
WRONG_CONSUMER_SECRET = "sekrit-Ws1Az5Fp7Xd2Lc"
SECRETS = (
    BEARER,
    WRONG_BEARER,
    CONSUMER_KEY,
    CONSUMER_SECRET,
    ACCESS_TOKEN,
    ACCESS_TOKEN_SECRET,
    WRONG_CONSUMER_SECRET,
)

FRAGMENT = 8


def leaked(text: str) -> list[str]:
    """The secrets of which ``text`` holds at least FRAGMENT consecutive characters."""
    return [
        secret
        for secret in SECRETS
        if any(secret[i : i + FRAGMENT] in text for i in range(len(secret) - FRAGMENT + 1))
    ]


OAUTH1 = OAuth1User(CONSUMER_KEY, CONSUMER_SECRET, ACCESS_TOKEN, ACCESS_TOKEN_SECRET)
OAUTH1_WRONG = OAuth1User(CONSUMER_KEY, WRONG_CONSUMER_SECRET, ACCESS_TOKEN, ACCESS_TOKEN_SECRET)


class Evidence:
    """Every text a secret could leak into, labelled so a hit says where it was."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []

    def add(self, label: str, text: object) -> None:
        self.texts.append((label, text if isinstance(text, str) else repr(text)))

    def error(self, label: str, exc: BaseException) -> None:
        self.add(f"{label}: str", str(exc))
        self.add(f"{label}: repr", repr(exc))
        self.add(f"{label}: traceback", "".join(traceback.format_exception(exc)))
        self.add(f"{label}: attributes", repr(vars(exc)))

    def hits(self) -> list[str]:
        return [
            f"{label} contains part of {secret[:9]}…"
            for label, text in self.texts
            for secret in leaked(text)
        ]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        self.lines.append(repr(record.args))


@pytest.fixture
def debug_logs() -> Iterator[_Capture]:
    """DEBUG on the root logger and on every logger that exists (some set their own level)."""
    capture = _Capture()
    root = logging.getLogger()
    names = ["httpx", "httpcore", "xmedia", "uvicorn", "uvicorn.error", "authlib", "anyio"]
    names += list(logging.root.manager.loggerDict)
    saved = {name: logging.getLogger(name).level for name in names}
    saved_root = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        root.setLevel(saved_root)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    config = MockConfig(
        tokens={BEARER: TokenGrant("1")},
        oauth1=[
            OAuth1Credentials(CONSUMER_KEY, CONSUMER_SECRET, ACCESS_TOKEN, ACCESS_TOKEN_SECRET)
        ],
        processing_pending_secs=0.0,
        processing_secs=0.2,
        check_after_secs=1,
    )
    with serve_hostile(config) as running:
        yield running


def _files(tmp_path: Path) -> tuple[Path, Path]:
    png = tmp_path / "pixel.png"
    png.write_bytes(PNG_HEAD + bytes(3000))
    mp4 = tmp_path / "clip.mp4"
    mp4.write_bytes(MP4_HEAD + bytes(range(256)) * 12)
    return png, mp4


def _config(tmp_path: Path) -> UploadConfig:
    return UploadConfig(
        chunk_size=1024, concurrency=2, backoff_initial=0.001, backoff_max=0.01,
        journal_dir=tmp_path / "journal",
    )  # fmt: skip


def _closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = int(probe.getsockname()[1])
    probe.close()
    return port


def test_no_secret_in_logs_reprs_errors_or_cli_output(
    server: HostileServer, tmp_path: Path, debug_logs: _Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    evidence = Evidence()
    png, mp4 = _files(tmp_path)
    base = server.base_url
    server.state.reset()
    # One retried APPEND and one retried STATUS, so retry logging is exercised too.
    server.state.faults.set_plan(FaultPlan.parse("append#2:error=503;status#1:abort"))
    config = _config(tmp_path)

    bearer = OAuth2UserToken(BEARER)
    with XMedia(bearer, base_url=base, config=config) as client:
        image = client.upload(png, alt_text="a grey square")
        video = client.upload(mp4, media_category="tweet_video")
        client.status(video.media_id)
        client.lookup([image.media_key or ""])
        shown: tuple[object, ...] = (client, vars(client), bearer, bearer.httpx_auth(), config)
        for item in (*shown, image, video):
            evidence.add(f"repr of {type(item).__name__}", item)
        evidence.add("repr of the httpx client", client._http)

    async def async_upload() -> None:
        async with AsyncXMedia(bearer, base_url=base, config=config) as client:
            await client.upload(png)
            evidence.add("repr of AsyncXMedia", client)
            evidence.add("vars of AsyncXMedia", vars(client))

    anyio.run(async_upload)

    with XMedia(OAUTH1, base_url=base, config=config) as client:
        client.upload(png)
        oauth1_shown: tuple[object, ...] = (client, OAUTH1, OAUTH1.httpx_auth())
        for item in oauth1_shown:
            evidence.add(f"repr of {type(item).__name__} (OAuth 1.0a)", item)
    server.state.faults.set_plan(FaultPlan())

    failures: list[tuple[str, XMedia]] = [
        ("wrong bearer", XMedia(OAuth2UserToken(WRONG_BEARER), base_url=base, config=config)),
        ("wrong OAuth 1.0a secret", XMedia(OAUTH1_WRONG, base_url=base, config=config)),
        (
            "unreachable server",
            XMedia(bearer, base_url=f"http://127.0.0.1:{_closed_port()}", config=config),
        ),
    ]
    for label, client in failures:
        with client, pytest.raises(XMediaError) as caught:
            client.upload(png)
        assert isinstance(caught.value, UnauthorizedError | TransportError)
        evidence.error(label, caught.value)
    # A mid-way failure keeps a resume journal on disk (scanned below).
    server.state.faults.set_plan(FaultPlan.parse("append:error=503"))
    with XMedia(bearer, base_url=base, config=config) as client, pytest.raises(XMediaError) as mid:
        client.upload(png)
    server.state.faults.set_plan(FaultPlan())
    evidence.error("5xx storm mid-upload", mid.value)
    with pytest.raises(ConfigError) as refused:
        XMedia(bearer, base_url="http://api.example.com")
    evidence.error("insecure base URL", refused.value)

    # The CLI, in-process: success and failures, human and JSON output.
    monkeypatch.setenv("XMEDIA_JOURNAL_DIR", str(tmp_path / "cli-journal"))
    runner = CliRunner()
    oauth2_env = {"X_ACCESS_TOKEN": BEARER, "X_API_BASE_URL": base}
    oauth1_env = {
        "X_API_KEY": CONSUMER_KEY,
        "X_API_SECRET": CONSUMER_SECRET,
        "X_ACCESS_TOKEN": ACCESS_TOKEN,
        "X_ACCESS_TOKEN_SECRET": ACCESS_TOKEN_SECRET,
        "X_API_BASE_URL": base,
    }
    runs = [
        ("cli oauth2 ok", ["upload", str(png), "--json"], oauth2_env, 0),
        ("cli oauth2 human", ["upload", str(mp4), "--no-wait"], oauth2_env, 0),
        ("cli oauth1 ok", ["upload", str(png)], oauth1_env, 0),
        ("cli wrong bearer", ["upload", str(png), "--json"], {**oauth2_env,
         "X_ACCESS_TOKEN": WRONG_BEARER}, 4),
        ("cli wrong oauth1 secret", ["upload", str(png)], {**oauth1_env,
         "X_API_SECRET": WRONG_CONSUMER_SECRET}, 4),
        ("cli insecure url", ["upload", str(png), "--base-url", "http://example.com"],
         oauth2_env, 2),
        ("cli status", ["status", video.media_id, "--json"], oauth2_env, 0),
    ]  # fmt: skip
    for label, args, env, code in runs:
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == code, (label, result.output)
        evidence.add(f"{label}: stdout", result.stdout)
        evidence.add(f"{label}: stderr", result.stderr)

    # The CLI as a user runs it, failing with XMEDIA_DEBUG on.
    env = {k: v for k, v in os.environ.items() if not k.startswith("X_")}
    env.update({**oauth1_env, "X_API_SECRET": WRONG_CONSUMER_SECRET, "XMEDIA_DEBUG": "1"})
    env["XMEDIA_JOURNAL_DIR"] = str(tmp_path / "sub-journal")
    completed = subprocess.run(
        [sys.executable, "-m", "xmedia.cli", "upload", str(png), "--json"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert completed.returncode == 4, completed.stderr
    evidence.add("subprocess stdout", completed.stdout)
    evidence.add("subprocess stderr", completed.stderr)

    # Resume journals live on disk: they hold ids and paths, never credentials.
    journals = [p for p in tmp_path.rglob("*.json") if "journal" in str(p.parent)]
    assert journals
    for path in journals:
        evidence.add(f"journal {path.name}", path.read_text(encoding="utf-8", errors="replace"))

    evidence.add("DEBUG logs", "\n".join(debug_logs.lines))
    assert len(debug_logs.lines) > 50  # the capture really saw httpx/httpcore/xmedia at DEBUG
    assert any(line.startswith("httpcore") for line in debug_logs.lines)
    assert any(line.startswith("xmedia") and "retrying" in line for line in debug_logs.lines)
    assert evidence.hits() == []


def test_no_secret_in_the_junit_report_of_a_failing_contract_run(
    server: HostileServer, tmp_path: Path
) -> None:
    """`pytest contract_tests --junitxml` against a target that fails checks (a captive-portal
    HTML page for every INIT), with DEBUG logs kept in the report: the reproduction commands
    and logs name no credential."""
    report = tmp_path / "contract.xml"
    server.state.reset()
    server.hostile.set(Interference("initialize", answer=Answer.html(200, "Sign in to Wi-Fi")))
    env = {k: v for k, v in os.environ.items() if not k.startswith("X_")}
    env["X_ACCESS_TOKEN"] = BEARER
    try:
        completed = subprocess.run(
            [
                sys.executable, "-m", "pytest", str(ROOT / "contract_tests"), "-m", "not meta",
                "--target", server.base_url, "--allow-writes", "--examples", "1",
                f"--junitxml={report}", "-o", "junit_logging=all", "--log-level=DEBUG",
                "-p", "no:cacheprovider", "-q",
            ],
            env=env, capture_output=True, text=True, timeout=240, check=False, cwd=ROOT,
        )  # fmt: skip
    finally:
        server.hostile.set(None)
    assert completed.returncode == 1, completed.stdout[-2000:]  # checks failed, as intended
    xml = report.read_text(encoding="utf-8")
    assert "<failure" in xml and "curl" in xml  # failures with reproduction commands...
    assert leaked(xml + completed.stdout + completed.stderr) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://api.x.com",
        "http://api.example.com:8080/",
        "HTTP://API.X.COM",
        "http://127.0.0.1.nip.io",
        "http://localhost.example.com",
        "http://example.com#@127.0.0.1",
        "http://127.0.0.1@example.com",
        "http://10.0.0.1",
        "ftp://api.x.com",
    ],
)
def test_plain_http_to_a_non_loopback_host_is_refused(url: str) -> None:
    for client_class in (XMedia, AsyncXMedia):
        with pytest.raises(ConfigError) as refused:
            client_class(OAuth2UserToken(BEARER), base_url=url)
        assert leaked(str(refused.value)) == []


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:1", "http://[::1]:2"])
def test_plain_http_to_loopback_is_allowed(url: str) -> None:
    with XMedia(OAuth2UserToken(BEARER), base_url=url) as client:
        assert client.base_url == url


def test_tls_verification_is_on_and_redirects_are_not_followed_by_default() -> None:
    def check(http: object) -> None:
        pool = http._transport._pool  # type: ignore[attr-defined]
        context: ssl.SSLContext = pool._ssl_context
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname is True
        assert http.follow_redirects is False  # type: ignore[attr-defined]

    with XMedia(OAuth2UserToken(BEARER)) as client:
        assert client.base_url == "https://api.x.com"
        check(client._http)

    async def async_check() -> None:
        async with AsyncXMedia(OAUTH1) as client:
            assert client.base_url == "https://api.x.com"
            check(client._http)

    anyio.run(async_check)


def test_the_scan_flags_a_fragment_of_a_secret() -> None:
    assert leaked(f"token ends in {BEARER[-FRAGMENT:]}") == [BEARER]
    assert leaked(f"secret has {CONSUMER_SECRET[9 : 9 + FRAGMENT]} in it") == [CONSUMER_SECRET]
    assert leaked("OAuth2UserToken(token=***) consumer key, access token, secret") == []
