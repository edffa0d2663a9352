from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.create_media_metadata_metadata_sticker_info_stickers import (
        CreateMediaMetadataMetadataStickerInfoStickers,
    )


T = TypeVar("T", bound="CreateMediaMetadataMetadataStickerInfo")


@_attrs_define
class CreateMediaMetadataMetadataStickerInfo:
    stickers: list[CreateMediaMetadataMetadataStickerInfoStickers]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        stickers = []
        for stickers_item_data in self.stickers:
            stickers_item = stickers_item_data.to_dict()
            stickers.append(stickers_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "stickers": stickers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_media_metadata_metadata_sticker_info_stickers import (
            CreateMediaMetadataMetadataStickerInfoStickers,  # noqa: PLC0415
        )

        d = dict(src_dict)
        stickers = []
        _stickers = d.pop("stickers")
        for stickers_item_data in _stickers:
            stickers_item = CreateMediaMetadataMetadataStickerInfoStickers.from_dict(
                stickers_item_data
            )

            stickers.append(stickers_item)

        create_media_metadata_metadata_sticker_info = cls(
            stickers=stickers,
        )

        create_media_metadata_metadata_sticker_info.additional_properties = d
        return create_media_metadata_metadata_sticker_info

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
