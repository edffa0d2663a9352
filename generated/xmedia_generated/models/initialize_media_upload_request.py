from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.initialize_media_upload_request_media_category import (
    InitializeMediaUploadRequestMediaCategory,
)
from ..models.initialize_media_upload_request_media_type import (
    InitializeMediaUploadRequestMediaType,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="InitializeMediaUploadRequest")


@_attrs_define
class InitializeMediaUploadRequest:
    media_type: InitializeMediaUploadRequestMediaType
    """ The type of media. """
    total_bytes: int
    """ The total size of the media upload in bytes. """
    additional_owners: list[str] | Unset = UNSET
    """ User ids granted access to the uploaded media. """
    media_category: InitializeMediaUploadRequestMediaCategory | Unset = UNSET
    """ The media category of the upload. """
    shared: bool | Unset = UNSET
    """ Whether this media is shared or not. """

    def to_dict(self) -> dict[str, Any]:
        media_type = self.media_type.value

        total_bytes = self.total_bytes

        additional_owners: list[str] | Unset = UNSET
        if not isinstance(self.additional_owners, Unset):
            additional_owners = self.additional_owners

        media_category: str | Unset = UNSET
        if not isinstance(self.media_category, Unset):
            media_category = self.media_category.value

        shared = self.shared

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "media_type": media_type,
                "total_bytes": total_bytes,
            }
        )
        if additional_owners is not UNSET:
            field_dict["additional_owners"] = additional_owners
        if media_category is not UNSET:
            field_dict["media_category"] = media_category
        if shared is not UNSET:
            field_dict["shared"] = shared

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        media_type = InitializeMediaUploadRequestMediaType(d.pop("media_type"))

        total_bytes = d.pop("total_bytes")

        additional_owners = cast(list[str], d.pop("additional_owners", UNSET))

        _media_category = d.pop("media_category", UNSET)
        media_category: InitializeMediaUploadRequestMediaCategory | Unset
        if isinstance(_media_category, Unset):
            media_category = UNSET
        else:
            media_category = InitializeMediaUploadRequestMediaCategory(_media_category)

        shared = d.pop("shared", UNSET)

        initialize_media_upload_request = cls(
            media_type=media_type,
            total_bytes=total_bytes,
            additional_owners=additional_owners,
            media_category=media_category,
            shared=shared,
        )

        return initialize_media_upload_request
