from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_media_metadata_metadata_allow_download_status import (
        CreateMediaMetadataMetadataAllowDownloadStatus,
    )
    from ..models.create_media_metadata_metadata_alt_text import (
        CreateMediaMetadataMetadataAltText,
    )
    from ..models.create_media_metadata_metadata_audience_policy import (
        CreateMediaMetadataMetadataAudiencePolicy,
    )
    from ..models.create_media_metadata_metadata_content_expiration import (
        CreateMediaMetadataMetadataContentExpiration,
    )
    from ..models.create_media_metadata_metadata_domain_restrictions import (
        CreateMediaMetadataMetadataDomainRestrictions,
    )
    from ..models.create_media_metadata_metadata_found_media_origin import (
        CreateMediaMetadataMetadataFoundMediaOrigin,
    )
    from ..models.create_media_metadata_metadata_geo_restrictions import (
        CreateMediaMetadataMetadataGeoRestrictions,
    )
    from ..models.create_media_metadata_metadata_management_info import (
        CreateMediaMetadataMetadataManagementInfo,
    )
    from ..models.create_media_metadata_metadata_preview_image import (
        CreateMediaMetadataMetadataPreviewImage,
    )
    from ..models.create_media_metadata_metadata_sensitive_media_warning import (
        CreateMediaMetadataMetadataSensitiveMediaWarning,
    )
    from ..models.create_media_metadata_metadata_shared_info import (
        CreateMediaMetadataMetadataSharedInfo,
    )
    from ..models.create_media_metadata_metadata_sticker_info import (
        CreateMediaMetadataMetadataStickerInfo,
    )
    from ..models.create_media_metadata_metadata_upload_source import (
        CreateMediaMetadataMetadataUploadSource,
    )


T = TypeVar("T", bound="CreateMediaMetadataMetadata")


@_attrs_define
class CreateMediaMetadataMetadata:
    allow_download_status: CreateMediaMetadataMetadataAllowDownloadStatus | Unset = UNSET
    alt_text: CreateMediaMetadataMetadataAltText | Unset = UNSET
    audience_policy: CreateMediaMetadataMetadataAudiencePolicy | Unset = UNSET
    content_expiration: CreateMediaMetadataMetadataContentExpiration | Unset = UNSET
    domain_restrictions: CreateMediaMetadataMetadataDomainRestrictions | Unset = UNSET
    found_media_origin: CreateMediaMetadataMetadataFoundMediaOrigin | Unset = UNSET
    geo_restrictions: CreateMediaMetadataMetadataGeoRestrictions | Unset = UNSET
    management_info: CreateMediaMetadataMetadataManagementInfo | Unset = UNSET
    preview_image: CreateMediaMetadataMetadataPreviewImage | Unset = UNSET
    sensitive_media_warning: CreateMediaMetadataMetadataSensitiveMediaWarning | Unset = UNSET
    shared_info: CreateMediaMetadataMetadataSharedInfo | Unset = UNSET
    sticker_info: CreateMediaMetadataMetadataStickerInfo | Unset = UNSET
    upload_source: CreateMediaMetadataMetadataUploadSource | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allow_download_status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.allow_download_status, Unset):
            allow_download_status = self.allow_download_status.to_dict()

        alt_text: dict[str, Any] | Unset = UNSET
        if not isinstance(self.alt_text, Unset):
            alt_text = self.alt_text.to_dict()

        audience_policy: dict[str, Any] | Unset = UNSET
        if not isinstance(self.audience_policy, Unset):
            audience_policy = self.audience_policy.to_dict()

        content_expiration: dict[str, Any] | Unset = UNSET
        if not isinstance(self.content_expiration, Unset):
            content_expiration = self.content_expiration.to_dict()

        domain_restrictions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.domain_restrictions, Unset):
            domain_restrictions = self.domain_restrictions.to_dict()

        found_media_origin: dict[str, Any] | Unset = UNSET
        if not isinstance(self.found_media_origin, Unset):
            found_media_origin = self.found_media_origin.to_dict()

        geo_restrictions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.geo_restrictions, Unset):
            geo_restrictions = self.geo_restrictions.to_dict()

        management_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.management_info, Unset):
            management_info = self.management_info.to_dict()

        preview_image: dict[str, Any] | Unset = UNSET
        if not isinstance(self.preview_image, Unset):
            preview_image = self.preview_image.to_dict()

        sensitive_media_warning: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sensitive_media_warning, Unset):
            sensitive_media_warning = self.sensitive_media_warning.to_dict()

        shared_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.shared_info, Unset):
            shared_info = self.shared_info.to_dict()

        sticker_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sticker_info, Unset):
            sticker_info = self.sticker_info.to_dict()

        upload_source: dict[str, Any] | Unset = UNSET
        if not isinstance(self.upload_source, Unset):
            upload_source = self.upload_source.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if allow_download_status is not UNSET:
            field_dict["allow_download_status"] = allow_download_status
        if alt_text is not UNSET:
            field_dict["alt_text"] = alt_text
        if audience_policy is not UNSET:
            field_dict["audience_policy"] = audience_policy
        if content_expiration is not UNSET:
            field_dict["content_expiration"] = content_expiration
        if domain_restrictions is not UNSET:
            field_dict["domain_restrictions"] = domain_restrictions
        if found_media_origin is not UNSET:
            field_dict["found_media_origin"] = found_media_origin
        if geo_restrictions is not UNSET:
            field_dict["geo_restrictions"] = geo_restrictions
        if management_info is not UNSET:
            field_dict["management_info"] = management_info
        if preview_image is not UNSET:
            field_dict["preview_image"] = preview_image
        if sensitive_media_warning is not UNSET:
            field_dict["sensitive_media_warning"] = sensitive_media_warning
        if shared_info is not UNSET:
            field_dict["shared_info"] = shared_info
        if sticker_info is not UNSET:
            field_dict["sticker_info"] = sticker_info
        if upload_source is not UNSET:
            field_dict["upload_source"] = upload_source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_media_metadata_metadata_allow_download_status import (
            CreateMediaMetadataMetadataAllowDownloadStatus,  # noqa: PLC0415
        )
        from ..models.create_media_metadata_metadata_alt_text import (
            CreateMediaMetadataMetadataAltText,  # noqa: PLC0415
        )
        from ..models.create_media_metadata_metadata_audience_policy import (
            CreateMediaMetadataMetadataAudiencePolicy,  # noqa: PLC0415
        )
        from ..models.create_media_metadata_metadata_content_expiration import (
            CreateMediaMetadataMetadataContentExpiration,  # noqa: PLC0415
        )
        from ..models.create_media_metadata_metadata_domain_restrictions import (
            CreateMediaMetadataMetadataDomainRestrictions,  # noqa: PLC0415
        )
        from ..models.create_media_metadata_metadata_found_media_origin import (
            CreateMediaMetadataMetadataFoundMediaOrigin,  # noqa: PLC0415
        )
        from ..models.create_media_metadata_metadata_geo_restrictions import (
            CreateMediaMetadataMetadataGeoRestrictions,  # noqa: PLC0415
        )
        from ..models.create_media_metadata_metadata_management_info import (
            CreateMediaMetadataMetadataManagementInfo,  # noqa: PLC0415
        )
        from ..models.create_media_metadata_metadata_preview_image import (
            CreateMediaMetadataMetadataPreviewImage,  # noqa: PLC0415
        )
        from ..models.create_media_metadata_metadata_sensitive_media_warning import (
            CreateMediaMetadataMetadataSensitiveMediaWarning,  # noqa: PLC0415
        )
        from ..models.create_media_metadata_metadata_shared_info import (
            CreateMediaMetadataMetadataSharedInfo,  # noqa: PLC0415
        )
        from ..models.create_media_metadata_metadata_sticker_info import (
            CreateMediaMetadataMetadataStickerInfo,  # noqa: PLC0415
        )
        from ..models.create_media_metadata_metadata_upload_source import (
            CreateMediaMetadataMetadataUploadSource,  # noqa: PLC0415
        )

        d = dict(src_dict)
        _allow_download_status = d.pop("allow_download_status", UNSET)
        allow_download_status: CreateMediaMetadataMetadataAllowDownloadStatus | Unset
        if isinstance(_allow_download_status, Unset):
            allow_download_status = UNSET
        else:
            allow_download_status = CreateMediaMetadataMetadataAllowDownloadStatus.from_dict(
                _allow_download_status
            )

        _alt_text = d.pop("alt_text", UNSET)
        alt_text: CreateMediaMetadataMetadataAltText | Unset
        if isinstance(_alt_text, Unset):
            alt_text = UNSET
        else:
            alt_text = CreateMediaMetadataMetadataAltText.from_dict(_alt_text)

        _audience_policy = d.pop("audience_policy", UNSET)
        audience_policy: CreateMediaMetadataMetadataAudiencePolicy | Unset
        if isinstance(_audience_policy, Unset):
            audience_policy = UNSET
        else:
            audience_policy = CreateMediaMetadataMetadataAudiencePolicy.from_dict(_audience_policy)

        _content_expiration = d.pop("content_expiration", UNSET)
        content_expiration: CreateMediaMetadataMetadataContentExpiration | Unset
        if isinstance(_content_expiration, Unset):
            content_expiration = UNSET
        else:
            content_expiration = CreateMediaMetadataMetadataContentExpiration.from_dict(
                _content_expiration
            )

        _domain_restrictions = d.pop("domain_restrictions", UNSET)
        domain_restrictions: CreateMediaMetadataMetadataDomainRestrictions | Unset
        if isinstance(_domain_restrictions, Unset):
            domain_restrictions = UNSET
        else:
            domain_restrictions = CreateMediaMetadataMetadataDomainRestrictions.from_dict(
                _domain_restrictions
            )

        _found_media_origin = d.pop("found_media_origin", UNSET)
        found_media_origin: CreateMediaMetadataMetadataFoundMediaOrigin | Unset
        if isinstance(_found_media_origin, Unset):
            found_media_origin = UNSET
        else:
            found_media_origin = CreateMediaMetadataMetadataFoundMediaOrigin.from_dict(
                _found_media_origin
            )

        _geo_restrictions = d.pop("geo_restrictions", UNSET)
        geo_restrictions: CreateMediaMetadataMetadataGeoRestrictions | Unset
        if isinstance(_geo_restrictions, Unset):
            geo_restrictions = UNSET
        else:
            geo_restrictions = CreateMediaMetadataMetadataGeoRestrictions.from_dict(
                _geo_restrictions
            )

        _management_info = d.pop("management_info", UNSET)
        management_info: CreateMediaMetadataMetadataManagementInfo | Unset
        if isinstance(_management_info, Unset):
            management_info = UNSET
        else:
            management_info = CreateMediaMetadataMetadataManagementInfo.from_dict(_management_info)

        _preview_image = d.pop("preview_image", UNSET)
        preview_image: CreateMediaMetadataMetadataPreviewImage | Unset
        if isinstance(_preview_image, Unset):
            preview_image = UNSET
        else:
            preview_image = CreateMediaMetadataMetadataPreviewImage.from_dict(_preview_image)

        _sensitive_media_warning = d.pop("sensitive_media_warning", UNSET)
        sensitive_media_warning: CreateMediaMetadataMetadataSensitiveMediaWarning | Unset
        if isinstance(_sensitive_media_warning, Unset):
            sensitive_media_warning = UNSET
        else:
            sensitive_media_warning = CreateMediaMetadataMetadataSensitiveMediaWarning.from_dict(
                _sensitive_media_warning
            )

        _shared_info = d.pop("shared_info", UNSET)
        shared_info: CreateMediaMetadataMetadataSharedInfo | Unset
        if isinstance(_shared_info, Unset):
            shared_info = UNSET
        else:
            shared_info = CreateMediaMetadataMetadataSharedInfo.from_dict(_shared_info)

        _sticker_info = d.pop("sticker_info", UNSET)
        sticker_info: CreateMediaMetadataMetadataStickerInfo | Unset
        if isinstance(_sticker_info, Unset):
            sticker_info = UNSET
        else:
            sticker_info = CreateMediaMetadataMetadataStickerInfo.from_dict(_sticker_info)

        _upload_source = d.pop("upload_source", UNSET)
        upload_source: CreateMediaMetadataMetadataUploadSource | Unset
        if isinstance(_upload_source, Unset):
            upload_source = UNSET
        else:
            upload_source = CreateMediaMetadataMetadataUploadSource.from_dict(_upload_source)

        create_media_metadata_metadata = cls(
            allow_download_status=allow_download_status,
            alt_text=alt_text,
            audience_policy=audience_policy,
            content_expiration=content_expiration,
            domain_restrictions=domain_restrictions,
            found_media_origin=found_media_origin,
            geo_restrictions=geo_restrictions,
            management_info=management_info,
            preview_image=preview_image,
            sensitive_media_warning=sensitive_media_warning,
            shared_info=shared_info,
            sticker_info=sticker_info,
            upload_source=upload_source,
        )

        create_media_metadata_metadata.additional_properties = d
        return create_media_metadata_metadata

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
