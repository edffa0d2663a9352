from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.finalize_media_upload_response_data_image import (
        FinalizeMediaUploadResponseDataImage,
    )
    from ..models.finalize_media_upload_response_data_video import (
        FinalizeMediaUploadResponseDataVideo,
    )
    from ..models.processing_info import ProcessingInfo


T = TypeVar("T", bound="FinalizeMediaUploadResponseData")


@_attrs_define
class FinalizeMediaUploadResponseData:
    id: str
    """ Unique identifier of the media. """
    expires_after_secs: int | Unset = UNSET
    """ Seconds until the upload session expires. """
    image: FinalizeMediaUploadResponseDataImage | Unset = UNSET
    media_key: str | Unset = UNSET
    """ The media key for the uploaded media. """
    processing_info: ProcessingInfo | Unset = UNSET
    """ Present only for media that needs asynchronous processing (video, GIF with a category). """
    size: int | Unset = UNSET
    """ Total size of the media in bytes. """
    video: FinalizeMediaUploadResponseDataVideo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        expires_after_secs = self.expires_after_secs

        image: dict[str, Any] | Unset = UNSET
        if not isinstance(self.image, Unset):
            image = self.image.to_dict()

        media_key = self.media_key

        processing_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.processing_info, Unset):
            processing_info = self.processing_info.to_dict()

        size = self.size

        video: dict[str, Any] | Unset = UNSET
        if not isinstance(self.video, Unset):
            video = self.video.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if expires_after_secs is not UNSET:
            field_dict["expires_after_secs"] = expires_after_secs
        if image is not UNSET:
            field_dict["image"] = image
        if media_key is not UNSET:
            field_dict["media_key"] = media_key
        if processing_info is not UNSET:
            field_dict["processing_info"] = processing_info
        if size is not UNSET:
            field_dict["size"] = size
        if video is not UNSET:
            field_dict["video"] = video

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.finalize_media_upload_response_data_image import (
            FinalizeMediaUploadResponseDataImage,  # noqa: PLC0415
        )
        from ..models.finalize_media_upload_response_data_video import (
            FinalizeMediaUploadResponseDataVideo,  # noqa: PLC0415
        )
        from ..models.processing_info import ProcessingInfo  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        expires_after_secs = d.pop("expires_after_secs", UNSET)

        _image = d.pop("image", UNSET)
        image: FinalizeMediaUploadResponseDataImage | Unset
        if isinstance(_image, Unset):
            image = UNSET
        else:
            image = FinalizeMediaUploadResponseDataImage.from_dict(_image)

        media_key = d.pop("media_key", UNSET)

        _processing_info = d.pop("processing_info", UNSET)
        processing_info: ProcessingInfo | Unset
        if isinstance(_processing_info, Unset):
            processing_info = UNSET
        else:
            processing_info = ProcessingInfo.from_dict(_processing_info)

        size = d.pop("size", UNSET)

        _video = d.pop("video", UNSET)
        video: FinalizeMediaUploadResponseDataVideo | Unset
        if isinstance(_video, Unset):
            video = UNSET
        else:
            video = FinalizeMediaUploadResponseDataVideo.from_dict(_video)

        finalize_media_upload_response_data = cls(
            id=id,
            expires_after_secs=expires_after_secs,
            image=image,
            media_key=media_key,
            processing_info=processing_info,
            size=size,
            video=video,
        )

        finalize_media_upload_response_data.additional_properties = d
        return finalize_media_upload_response_data

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
