from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_media_subtitles_request_media_category import (
    CreateMediaSubtitlesRequestMediaCategory,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_media_subtitles_subtitles import CreateMediaSubtitlesSubtitles


T = TypeVar("T", bound="CreateMediaSubtitlesRequest")


@_attrs_define
class CreateMediaSubtitlesRequest:
    id: str | Unset = UNSET
    """ The media id of the video the subtitles belong to. """
    media_category: CreateMediaSubtitlesRequestMediaCategory | Unset = UNSET
    """ The media category of the target media. """
    subtitles: CreateMediaSubtitlesSubtitles | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        media_category: str | Unset = UNSET
        if not isinstance(self.media_category, Unset):
            media_category = self.media_category.value

        subtitles: dict[str, Any] | Unset = UNSET
        if not isinstance(self.subtitles, Unset):
            subtitles = self.subtitles.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if media_category is not UNSET:
            field_dict["media_category"] = media_category
        if subtitles is not UNSET:
            field_dict["subtitles"] = subtitles

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_media_subtitles_subtitles import (
            CreateMediaSubtitlesSubtitles,  # noqa: PLC0415
        )

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        _media_category = d.pop("media_category", UNSET)
        media_category: CreateMediaSubtitlesRequestMediaCategory | Unset
        if isinstance(_media_category, Unset):
            media_category = UNSET
        else:
            media_category = CreateMediaSubtitlesRequestMediaCategory(_media_category)

        _subtitles = d.pop("subtitles", UNSET)
        subtitles: CreateMediaSubtitlesSubtitles | Unset
        if isinstance(_subtitles, Unset):
            subtitles = UNSET
        else:
            subtitles = CreateMediaSubtitlesSubtitles.from_dict(_subtitles)

        create_media_subtitles_request = cls(
            id=id,
            media_category=media_category,
            subtitles=subtitles,
        )

        create_media_subtitles_request.additional_properties = d
        return create_media_subtitles_request

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
