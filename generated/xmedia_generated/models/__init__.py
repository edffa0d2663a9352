"""Contains all the data models used in inputs/outputs.

Loaded on first use (PEP 562): importing one model, or a module that imports one, does not import
all of them. Importing every model up front was about a fifth of the CLI's start-up time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .append_media_upload_request import AppendMediaUploadRequest
    from .append_media_upload_response import AppendMediaUploadResponse
    from .append_media_upload_response_data import AppendMediaUploadResponseData
    from .create_media_metadata_metadata import CreateMediaMetadataMetadata
    from .create_media_metadata_metadata_allow_download_status import (
        CreateMediaMetadataMetadataAllowDownloadStatus,
    )
    from .create_media_metadata_metadata_alt_text import (
        CreateMediaMetadataMetadataAltText,
    )
    from .create_media_metadata_metadata_audience_policy import (
        CreateMediaMetadataMetadataAudiencePolicy,
    )
    from .create_media_metadata_metadata_content_expiration import (
        CreateMediaMetadataMetadataContentExpiration,
    )
    from .create_media_metadata_metadata_domain_restrictions import (
        CreateMediaMetadataMetadataDomainRestrictions,
    )
    from .create_media_metadata_metadata_found_media_origin import (
        CreateMediaMetadataMetadataFoundMediaOrigin,
    )
    from .create_media_metadata_metadata_geo_restrictions import (
        CreateMediaMetadataMetadataGeoRestrictions,
    )
    from .create_media_metadata_metadata_management_info import (
        CreateMediaMetadataMetadataManagementInfo,
    )
    from .create_media_metadata_metadata_preview_image import (
        CreateMediaMetadataMetadataPreviewImage,
    )
    from .create_media_metadata_metadata_preview_image_media_key import (
        CreateMediaMetadataMetadataPreviewImageMediaKey,
    )
    from .create_media_metadata_metadata_sensitive_media_warning import (
        CreateMediaMetadataMetadataSensitiveMediaWarning,
    )
    from .create_media_metadata_metadata_shared_info import (
        CreateMediaMetadataMetadataSharedInfo,
    )
    from .create_media_metadata_metadata_sticker_info import (
        CreateMediaMetadataMetadataStickerInfo,
    )
    from .create_media_metadata_metadata_sticker_info_stickers import (
        CreateMediaMetadataMetadataStickerInfoStickers,
    )
    from .create_media_metadata_metadata_upload_source import (
        CreateMediaMetadataMetadataUploadSource,
    )
    from .create_media_metadata_request import CreateMediaMetadataRequest
    from .create_media_metadata_response import CreateMediaMetadataResponse
    from .create_media_metadata_response_data import CreateMediaMetadataResponseData
    from .create_media_metadata_response_data_associated_metadata import (
        CreateMediaMetadataResponseDataAssociatedMetadata,
    )
    from .create_media_subtitles_request import CreateMediaSubtitlesRequest
    from .create_media_subtitles_request_media_category import (
        CreateMediaSubtitlesRequestMediaCategory,
    )
    from .create_media_subtitles_response import CreateMediaSubtitlesResponse
    from .create_media_subtitles_response_data import CreateMediaSubtitlesResponseData
    from .create_media_subtitles_response_data_associated_subtitles import (
        CreateMediaSubtitlesResponseDataAssociatedSubtitles,
    )
    from .create_media_subtitles_subtitles import CreateMediaSubtitlesSubtitles
    from .delete_media_subtitles_request import DeleteMediaSubtitlesRequest
    from .delete_media_subtitles_response import DeleteMediaSubtitlesResponse
    from .delete_media_subtitles_response_data import DeleteMediaSubtitlesResponseData
    from .finalize_media_upload_response import FinalizeMediaUploadResponse
    from .finalize_media_upload_response_data import FinalizeMediaUploadResponseData
    from .finalize_media_upload_response_data_image import (
        FinalizeMediaUploadResponseDataImage,
    )
    from .finalize_media_upload_response_data_video import (
        FinalizeMediaUploadResponseDataVideo,
    )
    from .get_media_analytics_granularity import GetMediaAnalyticsGranularity
    from .get_media_analytics_media_analytics_fields_item import (
        GetMediaAnalyticsMediaAnalyticsFieldsItem,
    )
    from .get_media_analytics_response import GetMediaAnalyticsResponse
    from .get_media_by_media_key_media_fields_item import (
        GetMediaByMediaKeyMediaFieldsItem,
    )
    from .get_media_by_media_key_response import GetMediaByMediaKeyResponse
    from .get_media_by_media_keys_media_fields_item import (
        GetMediaByMediaKeysMediaFieldsItem,
    )
    from .get_media_by_media_keys_response import GetMediaByMediaKeysResponse
    from .get_media_upload_status_command import GetMediaUploadStatusCommand
    from .get_media_upload_status_response import GetMediaUploadStatusResponse
    from .get_media_upload_status_response_data import GetMediaUploadStatusResponseData
    from .get_media_upload_status_response_data_image import (
        GetMediaUploadStatusResponseDataImage,
    )
    from .get_media_upload_status_response_data_video import (
        GetMediaUploadStatusResponseDataVideo,
    )
    from .initialize_media_upload_request import InitializeMediaUploadRequest
    from .initialize_media_upload_request_media_category import (
        InitializeMediaUploadRequestMediaCategory,
    )
    from .initialize_media_upload_request_media_type import (
        InitializeMediaUploadRequestMediaType,
    )
    from .initialize_media_upload_response import InitializeMediaUploadResponse
    from .initialize_media_upload_response_data import InitializeMediaUploadResponseData
    from .invalid_request_error import InvalidRequestError
    from .invalid_request_error_parameters import InvalidRequestErrorParameters
    from .media import Media
    from .media_analytics import MediaAnalytics
    from .media_analytics_timestamped_metrics_item import (
        MediaAnalyticsTimestampedMetricsItem,
    )
    from .media_analytics_timestamped_metrics_item_metrics_type_0 import (
        MediaAnalyticsTimestampedMetricsItemMetricsType0,
    )
    from .media_non_public_metrics import MediaNonPublicMetrics
    from .media_organic_metrics import MediaOrganicMetrics
    from .media_promoted_metrics import MediaPromotedMetrics
    from .media_public_metrics import MediaPublicMetrics
    from .media_upload_command import MediaUploadCommand
    from .media_upload_media_category import MediaUploadMediaCategory
    from .media_upload_multipart_request import MediaUploadMultipartRequest
    from .media_upload_multipart_request_media_category import (
        MediaUploadMultipartRequestMediaCategory,
    )
    from .media_upload_response import MediaUploadResponse
    from .media_upload_response_data import MediaUploadResponseData
    from .media_upload_response_data_image import MediaUploadResponseDataImage
    from .media_upload_response_data_video import MediaUploadResponseDataVideo
    from .media_variants_item import MediaVariantsItem
    from .problem import Problem
    from .processing_error import ProcessingError
    from .processing_info import ProcessingInfo

# Public name -> the module (relative to this package) that defines it.
_MODULE_OF: dict[str, str] = {
    "AppendMediaUploadRequest": ".append_media_upload_request",
    "AppendMediaUploadResponse": ".append_media_upload_response",
    "AppendMediaUploadResponseData": ".append_media_upload_response_data",
    "CreateMediaMetadataMetadata": ".create_media_metadata_metadata",
    "CreateMediaMetadataMetadataAllowDownloadStatus": ".create_media_metadata_metadata_allow_download_status",
    "CreateMediaMetadataMetadataAltText": ".create_media_metadata_metadata_alt_text",
    "CreateMediaMetadataMetadataAudiencePolicy": ".create_media_metadata_metadata_audience_policy",
    "CreateMediaMetadataMetadataContentExpiration": ".create_media_metadata_metadata_content_expiration",
    "CreateMediaMetadataMetadataDomainRestrictions": ".create_media_metadata_metadata_domain_restrictions",
    "CreateMediaMetadataMetadataFoundMediaOrigin": ".create_media_metadata_metadata_found_media_origin",
    "CreateMediaMetadataMetadataGeoRestrictions": ".create_media_metadata_metadata_geo_restrictions",
    "CreateMediaMetadataMetadataManagementInfo": ".create_media_metadata_metadata_management_info",
    "CreateMediaMetadataMetadataPreviewImage": ".create_media_metadata_metadata_preview_image",
    "CreateMediaMetadataMetadataPreviewImageMediaKey": ".create_media_metadata_metadata_preview_image_media_key",
    "CreateMediaMetadataMetadataSensitiveMediaWarning": ".create_media_metadata_metadata_sensitive_media_warning",
    "CreateMediaMetadataMetadataSharedInfo": ".create_media_metadata_metadata_shared_info",
    "CreateMediaMetadataMetadataStickerInfo": ".create_media_metadata_metadata_sticker_info",
    "CreateMediaMetadataMetadataStickerInfoStickers": ".create_media_metadata_metadata_sticker_info_stickers",
    "CreateMediaMetadataMetadataUploadSource": ".create_media_metadata_metadata_upload_source",
    "CreateMediaMetadataRequest": ".create_media_metadata_request",
    "CreateMediaMetadataResponse": ".create_media_metadata_response",
    "CreateMediaMetadataResponseData": ".create_media_metadata_response_data",
    "CreateMediaMetadataResponseDataAssociatedMetadata": ".create_media_metadata_response_data_associated_metadata",
    "CreateMediaSubtitlesRequest": ".create_media_subtitles_request",
    "CreateMediaSubtitlesRequestMediaCategory": ".create_media_subtitles_request_media_category",
    "CreateMediaSubtitlesResponse": ".create_media_subtitles_response",
    "CreateMediaSubtitlesResponseData": ".create_media_subtitles_response_data",
    "CreateMediaSubtitlesResponseDataAssociatedSubtitles": ".create_media_subtitles_response_data_associated_subtitles",
    "CreateMediaSubtitlesSubtitles": ".create_media_subtitles_subtitles",
    "DeleteMediaSubtitlesRequest": ".delete_media_subtitles_request",
    "DeleteMediaSubtitlesResponse": ".delete_media_subtitles_response",
    "DeleteMediaSubtitlesResponseData": ".delete_media_subtitles_response_data",
    "FinalizeMediaUploadResponse": ".finalize_media_upload_response",
    "FinalizeMediaUploadResponseData": ".finalize_media_upload_response_data",
    "FinalizeMediaUploadResponseDataImage": ".finalize_media_upload_response_data_image",
    "FinalizeMediaUploadResponseDataVideo": ".finalize_media_upload_response_data_video",
    "GetMediaAnalyticsGranularity": ".get_media_analytics_granularity",
    "GetMediaAnalyticsMediaAnalyticsFieldsItem": ".get_media_analytics_media_analytics_fields_item",
    "GetMediaAnalyticsResponse": ".get_media_analytics_response",
    "GetMediaByMediaKeyMediaFieldsItem": ".get_media_by_media_key_media_fields_item",
    "GetMediaByMediaKeyResponse": ".get_media_by_media_key_response",
    "GetMediaByMediaKeysMediaFieldsItem": ".get_media_by_media_keys_media_fields_item",
    "GetMediaByMediaKeysResponse": ".get_media_by_media_keys_response",
    "GetMediaUploadStatusCommand": ".get_media_upload_status_command",
    "GetMediaUploadStatusResponse": ".get_media_upload_status_response",
    "GetMediaUploadStatusResponseData": ".get_media_upload_status_response_data",
    "GetMediaUploadStatusResponseDataImage": ".get_media_upload_status_response_data_image",
    "GetMediaUploadStatusResponseDataVideo": ".get_media_upload_status_response_data_video",
    "InitializeMediaUploadRequest": ".initialize_media_upload_request",
    "InitializeMediaUploadRequestMediaCategory": ".initialize_media_upload_request_media_category",
    "InitializeMediaUploadRequestMediaType": ".initialize_media_upload_request_media_type",
    "InitializeMediaUploadResponse": ".initialize_media_upload_response",
    "InitializeMediaUploadResponseData": ".initialize_media_upload_response_data",
    "InvalidRequestError": ".invalid_request_error",
    "InvalidRequestErrorParameters": ".invalid_request_error_parameters",
    "Media": ".media",
    "MediaAnalytics": ".media_analytics",
    "MediaAnalyticsTimestampedMetricsItem": ".media_analytics_timestamped_metrics_item",
    "MediaAnalyticsTimestampedMetricsItemMetricsType0": ".media_analytics_timestamped_metrics_item_metrics_type_0",
    "MediaNonPublicMetrics": ".media_non_public_metrics",
    "MediaOrganicMetrics": ".media_organic_metrics",
    "MediaPromotedMetrics": ".media_promoted_metrics",
    "MediaPublicMetrics": ".media_public_metrics",
    "MediaUploadCommand": ".media_upload_command",
    "MediaUploadMediaCategory": ".media_upload_media_category",
    "MediaUploadMultipartRequest": ".media_upload_multipart_request",
    "MediaUploadMultipartRequestMediaCategory": ".media_upload_multipart_request_media_category",
    "MediaUploadResponse": ".media_upload_response",
    "MediaUploadResponseData": ".media_upload_response_data",
    "MediaUploadResponseDataImage": ".media_upload_response_data_image",
    "MediaUploadResponseDataVideo": ".media_upload_response_data_video",
    "MediaVariantsItem": ".media_variants_item",
    "Problem": ".problem",
    "ProcessingError": ".processing_error",
    "ProcessingInfo": ".processing_info",
}

__all__ = (
    "AppendMediaUploadRequest",
    "AppendMediaUploadResponse",
    "AppendMediaUploadResponseData",
    "CreateMediaMetadataMetadata",
    "CreateMediaMetadataMetadataAllowDownloadStatus",
    "CreateMediaMetadataMetadataAltText",
    "CreateMediaMetadataMetadataAudiencePolicy",
    "CreateMediaMetadataMetadataContentExpiration",
    "CreateMediaMetadataMetadataDomainRestrictions",
    "CreateMediaMetadataMetadataFoundMediaOrigin",
    "CreateMediaMetadataMetadataGeoRestrictions",
    "CreateMediaMetadataMetadataManagementInfo",
    "CreateMediaMetadataMetadataPreviewImage",
    "CreateMediaMetadataMetadataPreviewImageMediaKey",
    "CreateMediaMetadataMetadataSensitiveMediaWarning",
    "CreateMediaMetadataMetadataSharedInfo",
    "CreateMediaMetadataMetadataStickerInfo",
    "CreateMediaMetadataMetadataStickerInfoStickers",
    "CreateMediaMetadataMetadataUploadSource",
    "CreateMediaMetadataRequest",
    "CreateMediaMetadataResponse",
    "CreateMediaMetadataResponseData",
    "CreateMediaMetadataResponseDataAssociatedMetadata",
    "CreateMediaSubtitlesRequest",
    "CreateMediaSubtitlesRequestMediaCategory",
    "CreateMediaSubtitlesResponse",
    "CreateMediaSubtitlesResponseData",
    "CreateMediaSubtitlesResponseDataAssociatedSubtitles",
    "CreateMediaSubtitlesSubtitles",
    "DeleteMediaSubtitlesRequest",
    "DeleteMediaSubtitlesResponse",
    "DeleteMediaSubtitlesResponseData",
    "FinalizeMediaUploadResponse",
    "FinalizeMediaUploadResponseData",
    "FinalizeMediaUploadResponseDataImage",
    "FinalizeMediaUploadResponseDataVideo",
    "GetMediaAnalyticsGranularity",
    "GetMediaAnalyticsMediaAnalyticsFieldsItem",
    "GetMediaAnalyticsResponse",
    "GetMediaByMediaKeyMediaFieldsItem",
    "GetMediaByMediaKeyResponse",
    "GetMediaByMediaKeysMediaFieldsItem",
    "GetMediaByMediaKeysResponse",
    "GetMediaUploadStatusCommand",
    "GetMediaUploadStatusResponse",
    "GetMediaUploadStatusResponseData",
    "GetMediaUploadStatusResponseDataImage",
    "GetMediaUploadStatusResponseDataVideo",
    "InitializeMediaUploadRequest",
    "InitializeMediaUploadRequestMediaCategory",
    "InitializeMediaUploadRequestMediaType",
    "InitializeMediaUploadResponse",
    "InitializeMediaUploadResponseData",
    "InvalidRequestError",
    "InvalidRequestErrorParameters",
    "Media",
    "MediaAnalytics",
    "MediaAnalyticsTimestampedMetricsItem",
    "MediaAnalyticsTimestampedMetricsItemMetricsType0",
    "MediaNonPublicMetrics",
    "MediaOrganicMetrics",
    "MediaPromotedMetrics",
    "MediaPublicMetrics",
    "MediaUploadCommand",
    "MediaUploadMediaCategory",
    "MediaUploadMultipartRequest",
    "MediaUploadMultipartRequestMediaCategory",
    "MediaUploadResponse",
    "MediaUploadResponseData",
    "MediaUploadResponseDataImage",
    "MediaUploadResponseDataVideo",
    "MediaVariantsItem",
    "Problem",
    "ProcessingError",
    "ProcessingInfo",
)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
