from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.create_media_metadata_metadata_preview_image_media_key import (
        CreateMediaMetadataMetadataPreviewImageMediaKey,
    )


T = TypeVar("T", bound="CreateMediaMetadataMetadataPreviewImage")


@_attrs_define
class CreateMediaMetadataMetadataPreviewImage:
    media_key: CreateMediaMetadataMetadataPreviewImageMediaKey
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        media_key = self.media_key.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "media_key": media_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_media_metadata_metadata_preview_image_media_key import (
            CreateMediaMetadataMetadataPreviewImageMediaKey,  # noqa: PLC0415
        )

        d = dict(src_dict)
        media_key = CreateMediaMetadataMetadataPreviewImageMediaKey.from_dict(d.pop("media_key"))

        create_media_metadata_metadata_preview_image = cls(
            media_key=media_key,
        )

        create_media_metadata_metadata_preview_image.additional_properties = d
        return create_media_metadata_metadata_preview_image

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
