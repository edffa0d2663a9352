from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..models.media_upload_multipart_request_media_category import (
    MediaUploadMultipartRequestMediaCategory,
)
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="MediaUploadMultipartRequest")


@_attrs_define
class MediaUploadMultipartRequest:
    media: File
    """ The file (one-shot) or the segment (APPEND) to upload, as a file part. """
    segment_index: int | Unset = UNSET
    """ The index of this segment in the upload sequence (APPEND). """
    media_category: MediaUploadMultipartRequestMediaCategory | Unset = UNSET
    """ The category of the media being uploaded (one-shot). """
    additional_owners: str | Unset = UNSET
    """ Comma-separated list of user IDs who can use this media (one-shot). """

    def to_dict(self) -> dict[str, Any]:
        media = self.media.to_tuple()

        segment_index = self.segment_index

        media_category: str | Unset = UNSET
        if not isinstance(self.media_category, Unset):
            media_category = self.media_category.value

        additional_owners = self.additional_owners

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "media": media,
            }
        )
        if segment_index is not UNSET:
            field_dict["segment_index"] = segment_index
        if media_category is not UNSET:
            field_dict["media_category"] = media_category
        if additional_owners is not UNSET:
            field_dict["additional_owners"] = additional_owners

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("media", self.media.to_tuple()))

        if not isinstance(self.segment_index, Unset):
            files.append(("segment_index", (None, str(self.segment_index).encode(), "text/plain")))

        if not isinstance(self.media_category, Unset):
            files.append(
                ("media_category", (None, str(self.media_category.value).encode(), "text/plain"))
            )

        if not isinstance(self.additional_owners, Unset):
            files.append(
                ("additional_owners", (None, str(self.additional_owners).encode(), "text/plain"))
            )

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        media = File(payload=BytesIO(d.pop("media")))

        segment_index = d.pop("segment_index", UNSET)

        _media_category = d.pop("media_category", UNSET)
        media_category: MediaUploadMultipartRequestMediaCategory | Unset
        if isinstance(_media_category, Unset):
            media_category = UNSET
        else:
            media_category = MediaUploadMultipartRequestMediaCategory(_media_category)

        additional_owners = d.pop("additional_owners", UNSET)

        media_upload_multipart_request = cls(
            media=media,
            segment_index=segment_index,
            media_category=media_category,
            additional_owners=additional_owners,
        )

        return media_upload_multipart_request
