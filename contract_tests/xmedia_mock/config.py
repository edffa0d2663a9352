"""Everything the mock can be told: credentials, limits, rate limits, timing, faults.

Limits and rate limits are data (dicts of dataclasses) so a test can shrink them without
touching code. Defaults follow X's documented numbers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from xmedia_limits import LIMITS

from .clock import Clock, SystemClock
from .faults import FaultPlan

MiB = 1024 * 1024

SCOPE_MEDIA_WRITE = "media.write"
SCOPE_TWEET_READ = "tweet.read"
USER_SCOPES = frozenset({SCOPE_MEDIA_WRITE, SCOPE_TWEET_READ, "users.read", "offline.access"})

IMAGE_TYPES = frozenset(
    {
        "image/jpeg",
        "image/pjpeg",
        "image/png",
        "image/gif",
        "image/bmp",
        "image/webp",
        "image/tiff",
        "model/gltf-binary",
        "model/vnd.usdz+zip",
    }
)
VIDEO_TYPES = frozenset({"video/mp4", "video/webm", "video/mp2t", "video/quicktime"})
SUBTITLE_TYPES = frozenset({"text/srt", "text/vtt"})
KNOWN_MEDIA_TYPES = IMAGE_TYPES | VIDEO_TYPES | SUBTITLE_TYPES


APP_ACCESS = ("ok", "not-enrolled", "no-credits")


@dataclass(frozen=True)
class TokenGrant:
    """What an OAuth 2.0 bearer token stands for. ``user_id=None`` means app-only.

    ``app_access`` is the state of the token's app at X: "ok", "not-enrolled" (not attached to
    a Project: every call answers 403 client-forbidden) or "no-credits" (402 CreditsDepleted).
    """

    user_id: str | None
    scopes: frozenset[str] = USER_SCOPES
    app_access: str = "ok"


@dataclass(frozen=True)
class OAuth1Credentials:
    """One OAuth 1.0a consumer + access token pair, acting as ``user_id``."""

    consumer_key: str
    consumer_secret: str = field(repr=False)
    access_token: str = field(repr=False)
    access_token_secret: str = field(repr=False)
    user_id: str = "1"


@dataclass(frozen=True)
class CategoryLimit:
    """Per-``media_category`` rules: size cap, media key prefix, media kind, processing."""

    max_bytes: int
    key_prefix: str
    kind: str  # X's Media.type: photo | video | animated_gif | subtitles
    processed: bool  # gets processing_info when INIT named this category
    expires_after_secs: int = 86400


@dataclass(frozen=True)
class RateLimit:
    limit: int
    window_secs: int = 900


def default_tokens() -> dict[str, TokenGrant]:
    return {
        "mock-user-token": TokenGrant("1"),
        "mock-user-token-2": TokenGrant("2"),
        "mock-app-token": TokenGrant(None, frozenset()),
        # A user token that was granted read scopes only: uploads answer 403.
        "mock-readonly-token": TokenGrant("1", frozenset({SCOPE_TWEET_READ, "users.read"})),
        # User tokens of apps X refuses whatever the scope: 403 client-forbidden, 402.
        "mock-unenrolled-token": TokenGrant("1", app_access="not-enrolled"),
        "mock-no-credits-token": TokenGrant("1", app_access="no-credits"),
    }


def default_oauth1() -> list[OAuth1Credentials]:
    return [
        OAuth1Credentials(
            consumer_key="mock-consumer-key",
            consumer_secret="mock-consumer-secret",
            access_token="1-mock-access-token",
            access_token_secret="mock-access-token-secret",
            user_id="1",
        )
    ]


# What X does with each media_category besides its size (the size comes from the shared limits
# table, spec/xmedia_limits): media key prefix (the quickstart's amplify_video example shows
# "13_"; 3_/7_/16_ are what X answers for images, videos and GIFs — reported), Media.type,
# processing (seed 002: video/GIF initialized with a media_category), expiry (the quickstart's
# amplify_video INIT example shows 1295999 s; 86400 elsewhere).
CATEGORY_TRAITS: dict[str, tuple[str, str, bool, int]] = {
    "tweet_image": ("3", "photo", False, 86400),
    "dm_image": ("3", "photo", False, 86400),
    "tweet_gif": ("16", "animated_gif", True, 86400),
    "dm_gif": ("16", "animated_gif", True, 86400),
    "tweet_video": ("7", "video", True, 86400),
    "dm_video": ("7", "video", True, 86400),
    "amplify_video": ("13", "video", True, 1295999),
    # Inferred: X documents no media key prefix for subtitle files.
    "subtitles": ("3", "subtitles", False, 86400),
}


def default_category_limits() -> dict[str, CategoryLimit]:
    limits = {}
    for name, row in LIMITS.categories.items():
        prefix, kind, processed, expires = CATEGORY_TRAITS[name]
        limits[name] = CategoryLimit(row.max_bytes, prefix, kind, processed, expires)
    return limits


def default_rate_limits() -> dict[str, RateLimit]:
    """Per user, per endpoint, per 15 minutes (X's rate-limit page; spec/xmedia_limits)."""
    return {
        name: RateLimit(row.per_user_15min, LIMITS.windows.user_secs)
        for name, row in LIMITS.rate_limits.items()
    }


def default_app_rate_limits() -> dict[str, RateLimit]:
    """Per app, per endpoint, per 24 hours, where X lists one (spec/xmedia_limits)."""
    return {
        name: RateLimit(row.per_app_24h, LIMITS.windows.app_secs)
        for name, row in LIMITS.rate_limits.items()
        if row.per_app_24h is not None
    }


@dataclass
class MockConfig:
    """Configuration of one mock instance. Every field has a working default."""

    tokens: dict[str, TokenGrant] = field(default_factory=default_tokens, repr=False)
    oauth1: list[OAuth1Credentials] = field(default_factory=default_oauth1, repr=False)
    # OAuth 1.0a timestamps are the client's wall clock, so they are checked against real
    # time (not ``clock``) within this window, in seconds.
    oauth1_timestamp_window: float = 300.0

    category_limits: dict[str, CategoryLimit] = field(default_factory=default_category_limits)
    # Bytes of media per APPEND; a larger one is refused with 413 before it is read whole.
    chunk_limit: int = LIMITS.chunks.max_chunk_bytes
    # Bytes of a whole APPEND request (multipart envelope or JSON included) an edge in front
    # of the API takes; None: no such limit. A 5 MiB chunk in a multipart body got 413 with an
    # empty body at X (reported, trypost #31) while X documents chunks of "5 MB or less":
    # 5 MiB here reproduces that (inferred: X does not say what its edge counts). Off by
    # default so 5 MiB chunks (and xdk's base64 JSON of 4 MiB chunks) still go through.
    edge_body_limit: int | None = None
    max_segments: int = LIMITS.chunks.max_segments
    # Check uploaded bytes against the declared media_type (magic bytes).
    verify_media_bytes: bool = True
    # FINALIZE records size + SHA-256, then deletes the segment files so long soaks do not
    # fill the disk; True keeps them (``Upload.segment_path``) for inspection.
    keep_segments_after_finalize: bool = False

    # Per user and endpoint (15 min). A key naming an endpoint group ("upload") instead makes
    # the group's endpoints share one bucket (handy to test limits with few requests).
    rate_limits: dict[str, RateLimit] = field(default_factory=default_rate_limits)
    # Per app and endpoint (24 h), shared by every caller: the mock serves one app.
    app_rate_limits: dict[str, RateLimit] = field(default_factory=default_app_rate_limits)
    rate_limits_enabled: bool = True

    # Processing of video/GIF: ``processing_pending_secs`` in "pending", then
    # ``processing_secs`` in "in_progress" (progress_percent rising) before the final state.
    processing_pending_secs: float = 1.0
    processing_secs: float = 3.0
    check_after_secs: int = 1
    # None: each category's own expires_after_secs (86400, amplify 1295999).
    expires_after_secs: int | None = None
    # After FINALIZE the media id lives this long (the quickstart's amplify_video example: INIT
    # answers 1295999, FINALIZE 86400). None: the expiry set at INIT stands.
    finalized_expires_after_secs: int | None = 86400

    clock: Clock = field(default_factory=SystemClock)
    faults: FaultPlan = field(default_factory=FaultPlan)
    # Where segments are written; None: a fresh temporary directory removed at close.
    data_dir: Path | None = None
    # Host used in problem ``type`` URIs (X still answers with api.twitter.com).
    problem_host: str = "https://api.twitter.com"
    # None: snowflake-style ids from real time, unique across mock instances and restarts
    # (like X's 19-digit ids). An int: ids count up from it, for reproducible runs.
    first_media_id: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.faults, str):
            self.faults = FaultPlan.parse(self.faults)
        if self.data_dir is not None:
            self.data_dir = Path(self.data_dir)

    def with_changes(self, **changes: object) -> MockConfig:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, /, **overrides: object
    ) -> MockConfig:
        """Build a config from ``XMEDIA_MOCK_*`` variables (see README), then ``overrides``."""
        env = os.environ if environ is None else environ
        kwargs: dict[str, object] = {}

        def number(name: str, convert: type[int] | type[float]) -> int | float | None:
            raw = env.get(name)
            return None if raw is None or raw == "" else convert(raw)

        for attr, name, convert in (
            ("chunk_limit", "XMEDIA_MOCK_CHUNK_LIMIT", int),
            ("processing_secs", "XMEDIA_MOCK_PROCESSING_SECS", float),
            ("processing_pending_secs", "XMEDIA_MOCK_PROCESSING_PENDING_SECS", float),
            ("check_after_secs", "XMEDIA_MOCK_CHECK_AFTER_SECS", int),
            ("expires_after_secs", "XMEDIA_MOCK_EXPIRES_AFTER_SECS", int),
        ):
            value = number(name, convert)
            if value is not None:
                kwargs[attr] = value
        if env.get("XMEDIA_MOCK_DATA_DIR"):
            kwargs["data_dir"] = Path(env["XMEDIA_MOCK_DATA_DIR"])
        if env.get("XMEDIA_MOCK_RATE_LIMITS", "").lower() in ("0", "off", "false"):
            kwargs["rate_limits_enabled"] = False
        scale = number("XMEDIA_MOCK_RATE_LIMIT_SCALE", float)
        if scale is not None:
            for attr, defaults in (
                ("rate_limits", default_rate_limits()),
                ("app_rate_limits", default_app_rate_limits()),
            ):
                kwargs[attr] = {
                    bucket: RateLimit(max(1, int(rl.limit * scale)), rl.window_secs)
                    for bucket, rl in defaults.items()
                }
        if env.get("XMEDIA_MOCK_MANUAL_CLOCK", "").lower() in ("1", "on", "true"):
            from .clock import ManualClock

            kwargs["clock"] = ManualClock()
        if env.get("XMEDIA_MOCK_FAULTS"):
            seed = int(env.get("XMEDIA_MOCK_FAULT_SEED", "0") or 0)
            kwargs["faults"] = FaultPlan.parse(env["XMEDIA_MOCK_FAULTS"], seed=seed)
        if env.get("XMEDIA_MOCK_USER_TOKEN"):
            tokens = default_tokens()
            del tokens["mock-user-token"]
            tokens[env["XMEDIA_MOCK_USER_TOKEN"]] = TokenGrant("1")
            kwargs["tokens"] = tokens
        kwargs.update(overrides)
        return cls(**kwargs)  # type: ignore[arg-type]
