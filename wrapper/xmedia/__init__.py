"""xmedia — streaming, parallel, resumable uploads to the X API v2 media endpoints.

>>> from xmedia import XMedia
>>> with XMedia() as client:                      # credentials from the environment
...     media = client.upload("clip.mp4", alt_text="A cat")
...     print(media.media_key)

Names are imported on first use (PEP 562): ``import xmedia`` alone loads no httpx, no generated
client and no async driver, so the ``xmedia`` command starts quickly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._analytics import AnalyticsRow, MediaAnalytics
    from ._async import AsyncXMedia
    from ._auth import OAuth1User, OAuth2UserToken, auth_from_env
    from ._config import UploadConfig
    from ._errors import (
        APIError,
        CategoryMismatchError,
        ConfigError,
        EmptyFileError,
        ForbiddenError,
        InputError,
        InvalidRequestError,
        JournalBusyError,
        MediaTooLargeError,
        MissingScopeError,
        NotARegularFileError,
        NotFoundError,
        NothingToProcessError,
        PayloadTooLargeError,
        PaymentRequiredError,
        PostUploadError,
        ProcessingError,
        ProcessingTimeoutError,
        ProgressCallbackError,
        RateLimitedError,
        ServerError,
        SourceChangedError,
        TooManySegmentsError,
        TransportError,
        UnauthorizedError,
        UnexpectedResponseError,
        UnreadableFileError,
        UnsupportedAuthenticationError,
        UnsupportedMediaTypeError,
        UploadExpiredError,
        XMediaError,
        media_id_of,
    )
    from ._fix import FixError, FixResult, fix
    from ._inspect import (
        CheckStatus,
        MediaCheck,
        MediaCheckError,
        MediaReport,
        MediaToolsMissingError,
        inspect,
    )
    from ._journal import JournalInfo
    from ._models import MediaInfo, ProblemDetail, ProcessingInfo, ProgressEvent, UploadedMedia
    from ._oauth2 import OAuth2Token, OAuth2User, TokenRefreshError
    from ._sync import XMedia
    from .journals import clean_journals, list_journals, resumable_upload

#: Public name → the module that defines it (relative to this package).
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(("AnalyticsRow", "MediaAnalytics"), "._analytics"),
    "AsyncXMedia": "._async",
    "OAuth1User": "._auth",
    "OAuth2UserToken": "._auth",
    "auth_from_env": "._auth",
    "UploadConfig": "._config",
    **dict.fromkeys(
        (
            "APIError",
            "CategoryMismatchError",
            "ConfigError",
            "EmptyFileError",
            "ForbiddenError",
            "InputError",
            "InvalidRequestError",
            "JournalBusyError",
            "MediaTooLargeError",
            "MissingScopeError",
            "NotARegularFileError",
            "NotFoundError",
            "NothingToProcessError",
            "PayloadTooLargeError",
            "PaymentRequiredError",
            "PostUploadError",
            "ProcessingError",
            "ProcessingTimeoutError",
            "ProgressCallbackError",
            "RateLimitedError",
            "ServerError",
            "SourceChangedError",
            "TooManySegmentsError",
            "TransportError",
            "UnauthorizedError",
            "UnexpectedResponseError",
            "UnreadableFileError",
            "UnsupportedAuthenticationError",
            "UnsupportedMediaTypeError",
            "UploadExpiredError",
            "XMediaError",
            "media_id_of",
        ),
        "._errors",
    ),
    "JournalInfo": "._journal",
    **dict.fromkeys(("clean_journals", "list_journals", "resumable_upload"), ".journals"),
    **dict.fromkeys(
        ("MediaInfo", "ProblemDetail", "ProcessingInfo", "ProgressEvent", "UploadedMedia"),
        "._models",
    ),
    "XMedia": "._sync",
    **dict.fromkeys(("OAuth2Token", "OAuth2User", "TokenRefreshError"), "._oauth2"),
    # Media inspection and repair (PyAV / Pillow load only when used).
    **dict.fromkeys(
        ("CheckStatus", "MediaCheck", "MediaCheckError", "MediaReport", "MediaToolsMissingError"),
        "._inspect",
    ),
    "inspect": "._inspect",
    **dict.fromkeys(("FixError", "FixResult", "fix"), "._fix"),
}

__all__ = [  # noqa: RUF022 — media names are grouped at the end
    "APIError",
    "AnalyticsRow",
    "AsyncXMedia",
    "CategoryMismatchError",
    "ConfigError",
    "EmptyFileError",
    "ForbiddenError",
    "InputError",
    "InvalidRequestError",
    "JournalBusyError",
    "JournalInfo",
    "MediaAnalytics",
    "MediaInfo",
    "MediaTooLargeError",
    "MissingScopeError",
    "NotARegularFileError",
    "NotFoundError",
    "NothingToProcessError",
    "OAuth1User",
    "OAuth2Token",
    "OAuth2User",
    "OAuth2UserToken",
    "PayloadTooLargeError",
    "PaymentRequiredError",
    "PostUploadError",
    "ProblemDetail",
    "ProcessingError",
    "ProcessingInfo",
    "ProcessingTimeoutError",
    "ProgressCallbackError",
    "ProgressEvent",
    "RateLimitedError",
    "ServerError",
    "SourceChangedError",
    "TokenRefreshError",
    "TooManySegmentsError",
    "TransportError",
    "UnauthorizedError",
    "UnexpectedResponseError",
    "UnreadableFileError",
    "UnsupportedAuthenticationError",
    "UnsupportedMediaTypeError",
    "UploadConfig",
    "UploadExpiredError",
    "UploadedMedia",
    "XMedia",
    "XMediaError",
    "auth_from_env",
    "clean_journals",
    "list_journals",
    "media_id_of",
    "resumable_upload",
    "CheckStatus",
    "FixError",
    "FixResult",
    "MediaCheck",
    "MediaCheckError",
    "MediaReport",
    "MediaToolsMissingError",
    "fix",
    "inspect",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
