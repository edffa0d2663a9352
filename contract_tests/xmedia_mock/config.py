"""Everything the mock can be told: credentials, limits, rate limits, timing, faults.

Limits and rate limits are data (dicts of dataclasses) so a test can shrink them without
touching code. Defaults follow X's documented numbers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

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


@dataclass(frozen=True)
class TokenGrant:
    """What an OAuth 2.0 bearer token stands for. ``user_id=None`` means app-only."""

    user_id: str | None
    scopes: frozenset[str] = USER_SCOPES


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


def default_category_limits() -> dict[str, CategoryLimit]:
    image = CategoryLimit(5 * MiB, "3", "photo", processed=False)
    gif = CategoryLimit(15 * MiB, "16", "animated_gif", processed=True)
    video = CategoryLimit(512 * MiB, "7", "video", processed=True)
    return {
        "tweet_image": image,
        "dm_image": image,
        "tweet_gif": gif,
        "dm_gif": gif,
        "tweet_video": video,
        "dm_video": video,
        "amplify_video": CategoryLimit(
            512 * MiB, "13", "video", processed=True, expires_after_secs=1295999
        ),
        "subtitles": CategoryLimit(MiB, "3", "subtitles", processed=False),
    }


# Endpoint groups: INIT/APPEND/FINALIZE share one bucket, as on X.
GROUP_UPLOAD = "upload"
GROUP_STATUS = "status"
GROUP_ONESHOT = "oneshot"
GROUP_METADATA = "metadata"
GROUP_SUBTITLES = "subtitles"
GROUP_LOOKUP = "lookup"
GROUP_ANALYTICS = "analytics"


def default_rate_limits() -> dict[str, RateLimit]:
    return {
        GROUP_UPLOAD: RateLimit(1875),
        GROUP_STATUS: RateLimit(1000),
        GROUP_ONESHOT: RateLimit(500),
        GROUP_METADATA: RateLimit(500),
        GROUP_SUBTITLES: RateLimit(100),
        GROUP_LOOKUP: RateLimit(300),
        GROUP_ANALYTICS: RateLimit(300),
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
    chunk_limit: int = 5 * MiB
    max_segments: int = 1000
    # Check uploaded bytes against the declared media_type (magic bytes).
    verify_media_bytes: bool = True
    # FINALIZE records size + SHA-256, then deletes the segment files so long soaks do not
    # fill the disk; True keeps them (``Upload.segment_path``) for inspection.
    keep_segments_after_finalize: bool = False

    rate_limits: dict[str, RateLimit] = field(default_factory=default_rate_limits)
    rate_limits_enabled: bool = True

    # Processing of video/GIF: ``processing_pending_secs`` in "pending", then
    # ``processing_secs`` in "in_progress" (progress_percent rising) before the final state.
    processing_pending_secs: float = 1.0
    processing_secs: float = 3.0
    check_after_secs: int = 1
    # None: each category's own expires_after_secs (86400, amplify 1295999).
    expires_after_secs: int | None = None

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
            kwargs["rate_limits"] = {
                group: RateLimit(max(1, int(rl.limit * scale)), rl.window_secs)
                for group, rl in default_rate_limits().items()
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
