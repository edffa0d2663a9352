"""Which server the suite talks to, as whom, and how hard: one settings object per run.

The pytest plugin fills it from the command line before test modules are imported (they load
their Schemathesis schema at import time); `active()` falls back to the environment so a test
module imported on its own still gets a sensible default: the in-process mock.
"""

from __future__ import annotations

import copy
import functools
import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import hypothesis
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.deserialization import deserialize_yaml

from xmedia_contract import checks, hooks, tolerance
from xmedia_contract.defects import PlantedDefects

# Importing those modules registers them with Schemathesis; every schema loaded here uses them.
REGISTERED = (*checks.CUSTOM_CHECKS, hooks.filter_failure)

DEFAULT_EXAMPLES = 25
DEFAULT_SEED = 20260101
MOCK_USER_TOKEN = "mock-user-token"  # the mock's documented default, not a secret

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
OAUTH1_ENV = ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")
Mode = Literal["positive", "negative"]


def default_spec_path() -> Path:
    """$XMEDIA_SPEC, else spec/ of the source checkout this package lives in (editable install),
    else the copy bundled in the package (an installed wheel has no spec/ folder)."""
    override = os.environ.get("XMEDIA_SPEC")
    if override:
        return Path(override)
    checkout = Path(__file__).resolve().parents[2] / "spec" / "x-media.openapi.yaml"
    if checkout.is_file():
        return checkout
    return Path(__file__).resolve().parent / "_bundled" / "spec" / "x-media.openapi.yaml"


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ContractSettings:
    """One contract run. `target=None` means the in-process mock (ASGI, no sockets)."""

    target: str | None = None
    allow_writes: bool = False
    examples: int = DEFAULT_EXAMPLES
    seed: int = DEFAULT_SEED
    planted_defect: str | None = None
    # Minimize failing examples (Hypothesis' shrink phase); off for quick pass/fail runs.
    shrink: bool = True
    # Regex over operation labels ("POST /2/media/upload/initialize"); None: all of them.
    operations: str | None = None
    spec_path: Path = field(default_factory=default_spec_path)
    # The bearer token is looked up when needed, never stored here: no repr can leak it.
    token_env: str = "X_ACCESS_TOKEN"

    @property
    def in_process(self) -> bool:
        return self.target is None

    @property
    def writes_allowed(self) -> bool:
        """Uploads and deletions only against the mock, or when the user opted in."""
        return self.in_process or self.allow_writes

    @property
    def target_label(self) -> str:
        return self.target or "in-process mock"

    def oauth1_credentials(self) -> tuple[str, str, str, str] | None:
        """OAuth 1.0a user context, when all four variables are set (they win over a bearer).

        Never for the in-process mock: it only knows its documented credentials, and a developer's
        real token in the environment must not break (or reach) `make test`.
        """
        if self.in_process:
            return None
        values = tuple(os.environ.get(name, "").strip() for name in OAUTH1_ENV)
        if all(values):
            return values[0], values[1], values[2], values[3]
        return None

    def bearer_token(self) -> str | None:
        if self.in_process:
            return MOCK_USER_TOKEN
        if self.oauth1_credentials() is not None:
            return None
        token = os.environ.get(self.token_env, "").strip()
        if token:
            return token
        if self.target is not None and is_loopback(self.target):
            # A local server is taken to be `xmedia-mock`, which accepts its documented token.
            return MOCK_USER_TOKEN
        return None

    def skip_reason(self) -> str | None:
        if self.planted_defect and not self.in_process:
            return "--plant-defect only applies to the in-process mock"
        if self.bearer_token() is None and self.oauth1_credentials() is None:
            return (
                f"no credentials for {self.target_label}: set {self.token_env} to an OAuth 2.0 "
                "user token (scope media.write), or X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and "
                "X_ACCESS_TOKEN_SECRET for OAuth 1.0a, to run the contract suite against it"
            )
        return None


def settings_problem(settings: ContractSettings) -> str | None:
    """Why these settings cannot run, or None. Credentials never travel over plain http
    beyond this machine."""
    if settings.examples < 1:
        return f"--examples must be at least 1, not {settings.examples}"
    if settings.target is not None:
        try:
            parts = urlsplit(settings.target)
            parts.port  # noqa: B018 (urlsplit checks the port only when it is asked for)
        except ValueError as exc:  # "Invalid IPv6 URL", "Port out of range 0-65535", …
            return f"--target {settings.target!r} is not a valid URL ({exc})"
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return f"--target must be an http(s) URL, not {settings.target!r}"
        if parts.scheme == "http" and not is_loopback(settings.target):
            return (
                f"--target {settings.target} would send credentials in clear text: "
                "use https:// (plain http is only for loopback addresses)"
            )
    return None


def reachability_problem(target: str, timeout: float = 10.0) -> str | None:
    """Why ``target`` cannot be checked at all (no HTTP answer), or None. Any HTTP answer will
    do, an error status included; asked once before the run, through the same proxies the
    suite's requests use, so an unreachable target is one clear message, not a failure per
    operation."""
    import httpx

    try:
        httpx.get(target, timeout=timeout)
    except Exception as exc:  # any way of getting no answer (httpx's errors, a bad proxy URL…)
        reason = str(exc) or type(exc).__name__
        return (
            f"--target {target} did not answer ({reason}); check that the server is running and "
            "the URL (scheme, host, port) is right"
        )
    return None


_ACTIVE: ContractSettings | None = None


def configure(settings: ContractSettings) -> None:
    global _ACTIVE
    _ACTIVE = settings


def settings_from_env() -> ContractSettings:
    target = os.environ.get("XMEDIA_CONTRACT_TARGET") or None
    examples = os.environ.get("XMEDIA_CONTRACT_EXAMPLES")
    return ContractSettings(
        target=target,
        allow_writes=os.environ.get("XMEDIA_CONTRACT_ALLOW_WRITES", "") in ("1", "true", "yes"),
        examples=int(examples) if examples else DEFAULT_EXAMPLES,
        planted_defect=os.environ.get("XMEDIA_CONTRACT_PLANT_DEFECT") or None,
    )


def active() -> ContractSettings:
    global _ACTIVE
    if _ACTIVE is None:
        _ACTIVE = settings_from_env()
    return _ACTIVE


# ---------------------------------------------------------------------------------------------
# The server under test.


_MOCKS_BUILT = 0


@dataclass
class InProcessMock:
    """The mock app the suite calls through ASGI, plus the handle tests use to drive its clock."""

    app: Any
    state: Any
    clock: Any


def build_mock(planted_defect: str | None = None) -> InProcessMock:
    """A fresh mock with a manual clock (processing advances only when a test says so)."""
    from xmedia_mock import ManualClock, MockConfig, create_app

    global _MOCKS_BUILT
    _MOCKS_BUILT += 1
    clock = ManualClock()
    # Distinct id ranges per mock, so ids never repeat across the suite's servers.
    first_id = 1_880_000_000_000_000_000 + _MOCKS_BUILT * 1_000_000_000_000
    app = create_app(MockConfig(clock=clock, first_media_id=first_id))
    state = getattr(app.state, "mock", None)
    served: Any = PlantedDefects(app, planted_defect) if planted_defect else app
    return InProcessMock(app=served, state=state, clock=clock)


def auth_headers(settings: ContractSettings) -> dict[str, str]:
    token = settings.bearer_token()
    return {"Authorization": f"Bearer {token}"} if token else {}


def call_kwargs(settings: ContractSettings) -> dict[str, Any]:
    """Keyword arguments for `case.call_and_validate()` that authenticate the request.

    OAuth 1.0a signs each request (requests' `auth=`); Schemathesis' `ignored_auth` probe would
    re-sign its "unauthenticated" copy too, so that one check is left out in that mode.
    """
    oauth1 = settings.oauth1_credentials()
    if oauth1 is None:
        return {"headers": auth_headers(settings)}
    from authlib.integrations.requests_client import OAuth1Auth
    from schemathesis.specs.openapi.checks import ignored_auth

    consumer_key, consumer_secret, token, token_secret = oauth1
    if settings.in_process or (settings.target is not None and is_loopback(settings.target)):
        # authlib refuses to sign over http; the mock (in-process or on loopback) speaks http.
        os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
    auth = OAuth1Auth(consumer_key, consumer_secret, token=token, token_secret=token_secret)
    return {"auth": auth, "excluded_checks": [ignored_auth]}


def schemathesis_config(settings: ContractSettings, mode: Mode) -> SchemathesisConfig:
    project: dict[str, Any] = {
        "seed": settings.seed,
        "generation": {
            "mode": mode,
            "max-examples": settings.examples,
            "deterministic": True,
            "database": "none",
            "no-shrink": not settings.shrink,
        },
        "phases": {
            # Boundary values of every parameter: cheap, deterministic, and where APIs break.
            "coverage": {"enabled": True},
            "stateful": {"enabled": True},
        },
        "checks": {
            # The schema cannot express cross-field rules (a jpeg in tweet_video, an id that
            # does not exist yet), so valid-looking requests may rightly get a 4xx problem:
            # those are still checked for conformance, and test_upload_flows.py asserts 2xx
            # where the request is truly acceptable.
            "positive_data_acceptance": {"enabled": False},
        },
        "request-timeout": 30,
    }
    if settings.target is not None:
        project["base-url"] = settings.target.rstrip("/")
    return SchemathesisConfig.from_dict(project)


@functools.cache
def _spec_document(path: Path) -> dict[str, Any]:
    # Schemathesis' own YAML loader: status-code keys stay strings, as from_path() reads them.
    loaded = deserialize_yaml(path.read_bytes())
    if not isinstance(loaded, dict):
        raise ValueError(f"{path} is not an OpenAPI document")
    return tolerance.tolerant_spec(loaded)


def _tolerant_spec(path: Path) -> dict[str, Any]:
    # Schemathesis keeps and may annotate the dict it is given: each schema gets its own copy.
    return copy.deepcopy(_spec_document(path))


def load_schema(
    settings: ContractSettings,
    mode: Mode,
    *,
    app: Any = None,
    include_writes: bool = False,
    filtered: bool = False,
) -> schemathesis.schemas.BaseSchema:
    """The contract spec as a Schemathesis schema aimed at the run's target, read the way
    tolerance.tolerant_spec() says (unknown response fields, both JSON problem types)."""
    schema: schemathesis.schemas.BaseSchema = schemathesis.openapi.from_dict(
        _tolerant_spec(settings.spec_path), config=schemathesis_config(settings, mode)
    )
    if settings.in_process:
        schema.app = app
    if not settings.writes_allowed and not include_writes:
        schema = schema.exclude(method=list(WRITE_METHODS))
    if filtered and settings.operations:
        schema = schema.include(name_regex=settings.operations)
    return schema


def hypothesis_settings(settings: ContractSettings, **overrides: Any) -> hypothesis.settings:
    """Explicit, seeded, derandomized: the same examples on every machine, CI or not."""
    base: dict[str, Any] = {
        "max_examples": settings.examples,
        "derandomize": True,
        "database": None,
        "deadline": None,
        "print_blob": False,
        "suppress_health_check": list(hypothesis.HealthCheck),
    }
    if not settings.shrink:
        base["phases"] = [
            hypothesis.Phase.explicit,
            hypothesis.Phase.reuse,
            hypothesis.Phase.generate,
        ]
    base.update(overrides)
    return hypothesis.settings(**base)
