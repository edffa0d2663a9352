from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .. import types
from ..types import File

T = TypeVar("T", bound="AppendMediaUploadRequest")


@_attrs_define
class AppendMediaUploadRequest:
    media: File
    """ The media chunk to upload. """
    segment_index: int
    """ The index of this segment in the upload sequence. """

    def to_dict(self) -> dict[str, Any]:
        media = self.media.to_tuple()

        segment_index = self.segment_index

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "media": media,
                "segment_index": segment_index,
            }
        )

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("media", self.media.to_tuple()))

        files.append(("segment_index", (None, str(self.segment_index).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        media = File(payload=BytesIO(d.pop("media")))

        segment_index = d.pop("segment_index")

        append_media_upload_request = cls(
            media=media,
            segment_index=segment_index,
        )

        return append_media_upload_request
