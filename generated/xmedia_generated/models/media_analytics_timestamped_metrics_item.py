from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_analytics_timestamped_metrics_item_metrics_type_0 import (
        MediaAnalyticsTimestampedMetricsItemMetricsType0,
    )


T = TypeVar("T", bound="MediaAnalyticsTimestampedMetricsItem")


@_attrs_define
class MediaAnalyticsTimestampedMetricsItem:
    metrics: MediaAnalyticsTimestampedMetricsItemMetricsType0 | None | Unset = UNSET
    """ Video metric counts for this bucket. Counters are integers when the backend value parses as a number,
    otherwise the original string is preserved. """
    timestamp: None | str | Unset = UNSET
    """ Start of the metrics bucket, as an ISO 8601 date-time. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.media_analytics_timestamped_metrics_item_metrics_type_0 import (
            MediaAnalyticsTimestampedMetricsItemMetricsType0,  # noqa: PLC0415
        )

        metrics: dict[str, Any] | None | Unset
        if isinstance(self.metrics, Unset):
            metrics = UNSET
        elif isinstance(self.metrics, MediaAnalyticsTimestampedMetricsItemMetricsType0):
            metrics = self.metrics.to_dict()
        else:
            metrics = self.metrics

        timestamp: None | str | Unset
        if isinstance(self.timestamp, Unset):
            timestamp = UNSET
        else:
            timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if metrics is not UNSET:
            field_dict["metrics"] = metrics
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media_analytics_timestamped_metrics_item_metrics_type_0 import (
            MediaAnalyticsTimestampedMetricsItemMetricsType0,  # noqa: PLC0415
        )

        d = dict(src_dict)

        def _parse_metrics(
            data: object,
        ) -> MediaAnalyticsTimestampedMetricsItemMetricsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metrics_type_0 = MediaAnalyticsTimestampedMetricsItemMetricsType0.from_dict(data)

                return metrics_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MediaAnalyticsTimestampedMetricsItemMetricsType0 | None | Unset, data)

        metrics = _parse_metrics(d.pop("metrics", UNSET))

        def _parse_timestamp(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timestamp = _parse_timestamp(d.pop("timestamp", UNSET))

        media_analytics_timestamped_metrics_item = cls(
            metrics=metrics,
            timestamp=timestamp,
        )

        media_analytics_timestamped_metrics_item.additional_properties = d
        return media_analytics_timestamped_metrics_item

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
