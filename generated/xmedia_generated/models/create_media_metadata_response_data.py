from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_media_metadata_response_data_associated_metadata import (
        CreateMediaMetadataResponseDataAssociatedMetadata,
    )


T = TypeVar("T", bound="CreateMediaMetadataResponseData")


@_attrs_define
class CreateMediaMetadataResponseData:
    id: str
    """ The media id the metadata was attached to. """
    associated_metadata: CreateMediaMetadataResponseDataAssociatedMetadata | Unset = UNSET
    """ The metadata now associated with the media. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        associated_metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.associated_metadata, Unset):
            associated_metadata = self.associated_metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if associated_metadata is not UNSET:
            field_dict["associated_metadata"] = associated_metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.create_media_metadata_response_data_associated_metadata import (
            CreateMediaMetadataResponseDataAssociatedMetadata,  # noqa: PLC0415
        )

        d = dict(src_dict)
        id = d.pop("id")

        _associated_metadata = d.pop("associated_metadata", UNSET)
        associated_metadata: CreateMediaMetadataResponseDataAssociatedMetadata | Unset
        if isinstance(_associated_metadata, Unset):
            associated_metadata = UNSET
        else:
            associated_metadata = CreateMediaMetadataResponseDataAssociatedMetadata.from_dict(
                _associated_metadata
            )

        create_media_metadata_response_data = cls(
            id=id,
            associated_metadata=associated_metadata,
        )

        create_media_metadata_response_data.additional_properties = d
        return create_media_metadata_response_data

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
