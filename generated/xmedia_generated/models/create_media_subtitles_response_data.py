from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_media_subtitles_response_data_associated_subtitles import (
        CreateMediaSubtitlesResponseDataAssociatedSubtitles,
    )


T = TypeVar("T", bound="CreateMediaSubtitlesResponseData")


@_attrs_define
class CreateMediaSubtitlesResponseData:
    associated_subtitles: CreateMediaSubtitlesResponseDataAssociatedSubtitles | Unset = UNSET
    """ The subtitles now associated with the media. """
    id: str | Unset = UNSET
    """ The media id. """
    media_category: str | Unset = UNSET
    """ The media category. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        associated_subtitles: dict[str, Any] | Unset = UNSET
        if not isinstance(self.associated_subtitles, Unset):
            associated_subtitles = self.associated_subtitles.to_dict()

        id = self.id

        media_category = self.media_category

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if associated_subtitles is not UNSET:
            field_dict["associated_subtitles"] = associated_subtitles
        if id is not UNSET:
            field_dict["id"] = id
        if media_category is not UNSET:
            field_dict["media_category"] = media_category

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_media_subtitles_response_data_associated_subtitles import (
            CreateMediaSubtitlesResponseDataAssociatedSubtitles,  # noqa: PLC0415
        )

        d = dict(src_dict)
        _associated_subtitles = d.pop("associated_subtitles", UNSET)
        associated_subtitles: CreateMediaSubtitlesResponseDataAssociatedSubtitles | Unset
        if isinstance(_associated_subtitles, Unset):
            associated_subtitles = UNSET
        else:
            associated_subtitles = CreateMediaSubtitlesResponseDataAssociatedSubtitles.from_dict(
                _associated_subtitles
            )

        id = d.pop("id", UNSET)

        media_category = d.pop("media_category", UNSET)

        create_media_subtitles_response_data = cls(
            associated_subtitles=associated_subtitles,
            id=id,
            media_category=media_category,
        )

        create_media_subtitles_response_data.additional_properties = d
        return create_media_subtitles_response_data

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
