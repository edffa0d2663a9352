from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_non_public_metrics import MediaNonPublicMetrics
    from ..models.media_organic_metrics import MediaOrganicMetrics
    from ..models.media_promoted_metrics import MediaPromotedMetrics
    from ..models.media_public_metrics import MediaPublicMetrics
    from ..models.media_variants_item import MediaVariantsItem


T = TypeVar("T", bound="Media")


@_attrs_define
class Media:
    alt_text: str | Unset = UNSET
    duration_ms: int | Unset = UNSET
    height: int | Unset = UNSET
    media_key: str | Unset = UNSET
    non_public_metrics: MediaNonPublicMetrics | Unset = UNSET
    """ Nonpublic engagement metrics for the media at the time of the request. """
    organic_metrics: MediaOrganicMetrics | Unset = UNSET
    """ Organic nonpublic engagement metrics for the media at the time of the request. """
    preview_image_url: str | Unset = UNSET
    promoted_metrics: MediaPromotedMetrics | Unset = UNSET
    """ Promoted nonpublic engagement metrics for the media at the time of the request. """
    public_metrics: MediaPublicMetrics | Unset = UNSET
    """ Public engagement metrics for the media at the time of the request. """
    type_: str | Unset = UNSET
    url: str | Unset = UNSET
    variants: list[MediaVariantsItem] | Unset = UNSET
    """ Each media object may have multiple display or playback variants, with different resolutions or formats. """
    width: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        alt_text = self.alt_text

        duration_ms = self.duration_ms

        height = self.height

        media_key = self.media_key

        non_public_metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.non_public_metrics, Unset):
            non_public_metrics = self.non_public_metrics.to_dict()

        organic_metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.organic_metrics, Unset):
            organic_metrics = self.organic_metrics.to_dict()

        preview_image_url = self.preview_image_url

        promoted_metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.promoted_metrics, Unset):
            promoted_metrics = self.promoted_metrics.to_dict()

        public_metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.public_metrics, Unset):
            public_metrics = self.public_metrics.to_dict()

        type_ = self.type_

        url = self.url

        variants: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.variants, Unset):
            variants = []
            for componentsschemas_media_variants_item_data in self.variants:
                componentsschemas_media_variants_item = (
                    componentsschemas_media_variants_item_data.to_dict()
                )
                variants.append(componentsschemas_media_variants_item)

        width = self.width

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if alt_text is not UNSET:
            field_dict["alt_text"] = alt_text
        if duration_ms is not UNSET:
            field_dict["duration_ms"] = duration_ms
        if height is not UNSET:
            field_dict["height"] = height
        if media_key is not UNSET:
            field_dict["media_key"] = media_key
        if non_public_metrics is not UNSET:
            field_dict["non_public_metrics"] = non_public_metrics
        if organic_metrics is not UNSET:
            field_dict["organic_metrics"] = organic_metrics
        if preview_image_url is not UNSET:
            field_dict["preview_image_url"] = preview_image_url
        if promoted_metrics is not UNSET:
            field_dict["promoted_metrics"] = promoted_metrics
        if public_metrics is not UNSET:
            field_dict["public_metrics"] = public_metrics
        if type_ is not UNSET:
            field_dict["type"] = type_
        if url is not UNSET:
            field_dict["url"] = url
        if variants is not UNSET:
            field_dict["variants"] = variants
        if width is not UNSET:
            field_dict["width"] = width

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media_non_public_metrics import MediaNonPublicMetrics  # noqa: PLC0415
        from ..models.media_organic_metrics import MediaOrganicMetrics  # noqa: PLC0415
        from ..models.media_promoted_metrics import MediaPromotedMetrics  # noqa: PLC0415
        from ..models.media_public_metrics import MediaPublicMetrics  # noqa: PLC0415
        from ..models.media_variants_item import MediaVariantsItem  # noqa: PLC0415

        d = dict(src_dict)
        alt_text = d.pop("alt_text", UNSET)

        duration_ms = d.pop("duration_ms", UNSET)

        height = d.pop("height", UNSET)

        media_key = d.pop("media_key", UNSET)

        _non_public_metrics = d.pop("non_public_metrics", UNSET)
        non_public_metrics: MediaNonPublicMetrics | Unset
        if isinstance(_non_public_metrics, Unset):
            non_public_metrics = UNSET
        else:
            non_public_metrics = MediaNonPublicMetrics.from_dict(_non_public_metrics)

        _organic_metrics = d.pop("organic_metrics", UNSET)
        organic_metrics: MediaOrganicMetrics | Unset
        if isinstance(_organic_metrics, Unset):
            organic_metrics = UNSET
        else:
            organic_metrics = MediaOrganicMetrics.from_dict(_organic_metrics)

        preview_image_url = d.pop("preview_image_url", UNSET)

        _promoted_metrics = d.pop("promoted_metrics", UNSET)
        promoted_metrics: MediaPromotedMetrics | Unset
        if isinstance(_promoted_metrics, Unset):
            promoted_metrics = UNSET
        else:
            promoted_metrics = MediaPromotedMetrics.from_dict(_promoted_metrics)

        _public_metrics = d.pop("public_metrics", UNSET)
        public_metrics: MediaPublicMetrics | Unset
        if isinstance(_public_metrics, Unset):
            public_metrics = UNSET
        else:
            public_metrics = MediaPublicMetrics.from_dict(_public_metrics)

        type_ = d.pop("type", UNSET)

        url = d.pop("url", UNSET)

        _variants = d.pop("variants", UNSET)
        variants: list[MediaVariantsItem] | Unset = UNSET
        if _variants is not UNSET:
            variants = []
            for componentsschemas_media_variants_item_data in _variants:
                componentsschemas_media_variants_item = MediaVariantsItem.from_dict(
                    componentsschemas_media_variants_item_data
                )

                variants.append(componentsschemas_media_variants_item)

        width = d.pop("width", UNSET)

        media = cls(
            alt_text=alt_text,
            duration_ms=duration_ms,
            height=height,
            media_key=media_key,
            non_public_metrics=non_public_metrics,
            organic_metrics=organic_metrics,
            preview_image_url=preview_image_url,
            promoted_metrics=promoted_metrics,
            public_metrics=public_metrics,
            type_=type_,
            url=url,
            variants=variants,
            width=width,
        )

        media.additional_properties = d
        return media

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
