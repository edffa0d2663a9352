from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateMediaSubtitlesSubtitles")


@_attrs_define
class CreateMediaSubtitlesSubtitles:
    display_name: str | Unset = UNSET
    """ Language name in a human readable form. """
    id: str | Unset = UNSET
    """ The media id of the subtitle track. """
    language_code: str | Unset = UNSET
    """ BCP47 language code of the subtitle track. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        display_name = self.display_name

        id = self.id

        language_code = self.language_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if id is not UNSET:
            field_dict["id"] = id
        if language_code is not UNSET:
            field_dict["language_code"] = language_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        display_name = d.pop("display_name", UNSET)

        id = d.pop("id", UNSET)

        language_code = d.pop("language_code", UNSET)

        create_media_subtitles_subtitles = cls(
            display_name=display_name,
            id=id,
            language_code=language_code,
        )

        create_media_subtitles_subtitles.additional_properties = d
        return create_media_subtitles_subtitles

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
