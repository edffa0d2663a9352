"""xmedia — streaming, parallel, resumable uploads to the X API v2 media endpoints.

>>> from xmedia import XMedia
>>> with XMedia() as client:                      # credentials from the environment
...     media = client.upload("clip.mp4", alt_text="A cat")
...     print(media.media_key)
"""

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
    MediaTooLargeError,
    NotFoundError,
    PayloadTooLargeError,
    PaymentRequiredError,
    ProcessingError,
    ProcessingTimeoutError,
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
)
from ._models import MediaInfo, ProblemDetail, ProcessingInfo, ProgressEvent, UploadedMedia
from ._sync import XMedia

__all__ = [
    "APIError",
    "AsyncXMedia",
    "CategoryMismatchError",
    "ConfigError",
    "EmptyFileError",
    "ForbiddenError",
    "InputError",
    "InvalidRequestError",
    "MediaInfo",
    "MediaTooLargeError",
    "NotFoundError",
    "OAuth1User",
    "OAuth2UserToken",
    "PayloadTooLargeError",
    "PaymentRequiredError",
    "ProblemDetail",
    "ProcessingError",
    "ProcessingInfo",
    "ProcessingTimeoutError",
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
]

__version__ = "0.1.0"
