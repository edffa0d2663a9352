"""xmedia_mock: a stateful, fault-injectable mock of the X API v2 media endpoints.

from xmedia_mock import MockConfig, ManualClock, create_app, serve

app = create_app(MockConfig())             # for httpx.ASGITransport / Schemathesis
with serve(MockConfig()) as server:        # uvicorn on 127.0.0.1:<free port>
    server.base_url, server.state.upload_digest(media_id)
"""

from .app import create_app
from .clock import Clock, ManualClock, SystemClock
from .config import (
    CategoryLimit,
    MockConfig,
    OAuth1Credentials,
    RateLimit,
    TokenGrant,
    default_category_limits,
    default_oauth1,
    default_rate_limits,
    default_tokens,
)
from .faults import FaultPlan, FaultPlanError, FaultRule
from .server import RunningServer, serve
from .state import MockState, Upload, UploadDigest

DEFAULT_USER_TOKEN = "mock-user-token"
DEFAULT_USER_TOKEN_2 = "mock-user-token-2"
DEFAULT_APP_TOKEN = "mock-app-token"
READONLY_USER_TOKEN = "mock-readonly-token"

__all__ = [
    "DEFAULT_APP_TOKEN",
    "DEFAULT_USER_TOKEN",
    "DEFAULT_USER_TOKEN_2",
    "READONLY_USER_TOKEN",
    "CategoryLimit",
    "Clock",
    "FaultPlan",
    "FaultPlanError",
    "FaultRule",
    "ManualClock",
    "MockConfig",
    "MockState",
    "OAuth1Credentials",
    "RateLimit",
    "RunningServer",
    "SystemClock",
    "TokenGrant",
    "Upload",
    "UploadDigest",
    "create_app",
    "default_category_limits",
    "default_oauth1",
    "default_rate_limits",
    "default_tokens",
    "serve",
]
