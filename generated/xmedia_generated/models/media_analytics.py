from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_analytics_timestamped_metrics_item import (
        MediaAnalyticsTimestampedMetricsItem,
    )


T = TypeVar("T", bound="MediaAnalytics")


@_attrs_define
class MediaAnalytics:
    cta_url_clicks: int | Unset = UNSET
    cta_watch_clicks: int | Unset = UNSET
    media_key: str | Unset = UNSET
    play_from_tap: int | Unset = UNSET
    playback25: int | Unset = UNSET
    playback50: int | Unset = UNSET
    playback75: int | Unset = UNSET
    playback_complete: int | Unset = UNSET
    playback_start: int | Unset = UNSET
    timestamp: str | Unset = UNSET
    timestamped_metrics: list[MediaAnalyticsTimestampedMetricsItem] | Unset = UNSET
    """ Time-bucketed video metrics for the media, one entry per granularity bucket. """
    video_views: int | Unset = UNSET
    watch_time_ms: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cta_url_clicks = self.cta_url_clicks

        cta_watch_clicks = self.cta_watch_clicks

        media_key = self.media_key

        play_from_tap = self.play_from_tap

        playback25 = self.playback25

        playback50 = self.playback50

        playback75 = self.playback75

        playback_complete = self.playback_complete

        playback_start = self.playback_start

        timestamp = self.timestamp

        timestamped_metrics: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.timestamped_metrics, Unset):
            timestamped_metrics = []
            for (
                componentsschemas_media_analytics_timestamped_metrics_item_data
            ) in self.timestamped_metrics:
                componentsschemas_media_analytics_timestamped_metrics_item = (
                    componentsschemas_media_analytics_timestamped_metrics_item_data.to_dict()
                )
                timestamped_metrics.append(
                    componentsschemas_media_analytics_timestamped_metrics_item
                )

        video_views = self.video_views

        watch_time_ms = self.watch_time_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if cta_url_clicks is not UNSET:
            field_dict["cta_url_clicks"] = cta_url_clicks
        if cta_watch_clicks is not UNSET:
            field_dict["cta_watch_clicks"] = cta_watch_clicks
        if media_key is not UNSET:
            field_dict["media_key"] = media_key
        if play_from_tap is not UNSET:
            field_dict["play_from_tap"] = play_from_tap
        if playback25 is not UNSET:
            field_dict["playback25"] = playback25
        if playback50 is not UNSET:
            field_dict["playback50"] = playback50
        if playback75 is not UNSET:
            field_dict["playback75"] = playback75
        if playback_complete is not UNSET:
            field_dict["playback_complete"] = playback_complete
        if playback_start is not UNSET:
            field_dict["playback_start"] = playback_start
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp
        if timestamped_metrics is not UNSET:
            field_dict["timestamped_metrics"] = timestamped_metrics
        if video_views is not UNSET:
            field_dict["video_views"] = video_views
        if watch_time_ms is not UNSET:
            field_dict["watch_time_ms"] = watch_time_ms

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media_analytics_timestamped_metrics_item import (
            MediaAnalyticsTimestampedMetricsItem,  # noqa: PLC0415
        )

        d = dict(src_dict)
        cta_url_clicks = d.pop("cta_url_clicks", UNSET)

        cta_watch_clicks = d.pop("cta_watch_clicks", UNSET)

        media_key = d.pop("media_key", UNSET)

        play_from_tap = d.pop("play_from_tap", UNSET)

        playback25 = d.pop("playback25", UNSET)

        playback50 = d.pop("playback50", UNSET)

        playback75 = d.pop("playback75", UNSET)

        playback_complete = d.pop("playback_complete", UNSET)

        playback_start = d.pop("playback_start", UNSET)

        timestamp = d.pop("timestamp", UNSET)

        _timestamped_metrics = d.pop("timestamped_metrics", UNSET)
        timestamped_metrics: list[MediaAnalyticsTimestampedMetricsItem] | Unset = UNSET
        if _timestamped_metrics is not UNSET:
            timestamped_metrics = []
            for (
                componentsschemas_media_analytics_timestamped_metrics_item_data
            ) in _timestamped_metrics:
                componentsschemas_media_analytics_timestamped_metrics_item = (
                    MediaAnalyticsTimestampedMetricsItem.from_dict(
                        componentsschemas_media_analytics_timestamped_metrics_item_data
                    )
                )

                timestamped_metrics.append(
                    componentsschemas_media_analytics_timestamped_metrics_item
                )

        video_views = d.pop("video_views", UNSET)

        watch_time_ms = d.pop("watch_time_ms", UNSET)

        media_analytics = cls(
            cta_url_clicks=cta_url_clicks,
            cta_watch_clicks=cta_watch_clicks,
            media_key=media_key,
            play_from_tap=play_from_tap,
            playback25=playback25,
            playback50=playback50,
            playback75=playback75,
            playback_complete=playback_complete,
            playback_start=playback_start,
            timestamp=timestamp,
            timestamped_metrics=timestamped_metrics,
            video_views=video_views,
            watch_time_ms=watch_time_ms,
        )

        media_analytics.additional_properties = d
        return media_analytics

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
