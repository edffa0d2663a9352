from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MediaUploadResponseDataImage")


@_attrs_define
class MediaUploadResponseDataImage:
    h: int | Unset = UNSET
    """ Height in pixels. """
    image_type: str | Unset = UNSET
    """ MIME type of the uploaded image. """
    w: int | Unset = UNSET
    """ Width in pixels. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        h = self.h

        image_type = self.image_type

        w = self.w

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if h is not UNSET:
            field_dict["h"] = h
        if image_type is not UNSET:
            field_dict["image_type"] = image_type
        if w is not UNSET:
            field_dict["w"] = w

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        h = d.pop("h", UNSET)

        image_type = d.pop("image_type", UNSET)

        w = d.pop("w", UNSET)

        media_upload_response_data_image = cls(
            h=h,
            image_type=image_type,
            w=w,
        )

        media_upload_response_data_image.additional_properties = d
        return media_upload_response_data_image

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
