from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DeleteMediaSubtitlesRequest")


@_attrs_define
class DeleteMediaSubtitlesRequest:
    id: str
    """ The media id of the video the subtitles belong to. """
    language_code: str
    """ The language code of the subtitles to delete. """
    media_category: str
    """ The media category of the target media. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        language_code = self.language_code

        media_category = self.media_category

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "language_code": language_code,
                "media_category": media_category,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        language_code = d.pop("language_code")

        media_category = d.pop("media_category")

        delete_media_subtitles_request = cls(
            id=id,
            language_code=language_code,
            media_category=media_category,
        )

        delete_media_subtitles_request.additional_properties = d
        return delete_media_subtitles_request

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
