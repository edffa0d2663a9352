"""xmedia — streaming, parallel, resumable uploads to the X API v2 media endpoints.

>>> from xmedia import XMedia
>>> with XMedia() as client:                      # credentials from the environment
...     media = client.upload("clip.mp4", alt_text="A cat")
...     print(media.media_key)
"""

from typing import TYPE_CHECKING

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
from ._journal import JournalInfo
from ._models import MediaInfo, ProblemDetail, ProcessingInfo, ProgressEvent, UploadedMedia
from ._sync import XMedia
from .journals import clean_journals, list_journals, resumable_upload

if TYPE_CHECKING:
    from ._fix import FixError, FixResult, fix
    from ._inspect import (
        CheckStatus,
        MediaCheck,
        MediaCheckError,
        MediaReport,
        MediaToolsMissingError,
        inspect,
    )

# Media inspection and repair load on first use, keeping `import xmedia` (and the CLI's start-up)
# lean.
_LAZY_MEDIA = {
    "CheckStatus": "._inspect",
    "MediaCheck": "._inspect",
    "MediaCheckError": "._inspect",
    "MediaReport": "._inspect",
    "MediaToolsMissingError": "._inspect",
    "inspect": "._inspect",
    "FixError": "._fix",
    "FixResult": "._fix",
    "fix": "._fix",
}


def __getattr__(name: str) -> object:
    module = _LAZY_MEDIA.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [  # noqa: RUF022 — media names are grouped at the end
    "APIError",
    "AsyncXMedia",
    "CategoryMismatchError",
    "ConfigError",
    "EmptyFileError",
    "ForbiddenError",
    "InputError",
    "InvalidRequestError",
    "JournalBusyError",
    "JournalInfo",
    "AnalyticsRow",
    "MediaAnalytics",
    "MediaInfo",
    "MediaTooLargeError",
    "MissingScopeError",
    "NotARegularFileError",
    "NotFoundError",
    "OAuth1User",
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
