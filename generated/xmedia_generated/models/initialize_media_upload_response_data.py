from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InitializeMediaUploadResponseData")


@_attrs_define
class InitializeMediaUploadResponseData:
    id: str
    """ Unique identifier of the upload session. """
    expires_after_secs: int | Unset = UNSET
    """ Seconds until the upload session expires. """
    media_key: str | Unset = UNSET
    """ The media key for the uploaded media. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        expires_after_secs = self.expires_after_secs

        media_key = self.media_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if expires_after_secs is not UNSET:
            field_dict["expires_after_secs"] = expires_after_secs
        if media_key is not UNSET:
            field_dict["media_key"] = media_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        expires_after_secs = d.pop("expires_after_secs", UNSET)

        media_key = d.pop("media_key", UNSET)

        initialize_media_upload_response_data = cls(
            id=id,
            expires_after_secs=expires_after_secs,
            media_key=media_key,
        )

        initialize_media_upload_response_data.additional_properties = d
        return initialize_media_upload_response_data

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
