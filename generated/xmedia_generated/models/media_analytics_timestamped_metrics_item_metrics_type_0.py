from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MediaAnalyticsTimestampedMetricsItemMetricsType0")


@_attrs_define
class MediaAnalyticsTimestampedMetricsItemMetricsType0:
    """Video metric counts for this bucket. Counters are integers when the backend value parses as a number, otherwise the
    original string is preserved.

    """

    cta_url_clicks: int | None | str | Unset = UNSET
    """ A video metric counter: an integer when the backend value parses as a number, otherwise the original string.
    """
    cta_watch_clicks: int | None | str | Unset = UNSET
    """ A video metric counter: an integer when the backend value parses as a number, otherwise the original string.
    """
    play_from_tap: int | None | str | Unset = UNSET
    """ A video metric counter: an integer when the backend value parses as a number, otherwise the original string.
    """
    playback25: int | None | str | Unset = UNSET
    """ A video metric counter: an integer when the backend value parses as a number, otherwise the original string.
    """
    playback50: int | None | str | Unset = UNSET
    """ A video metric counter: an integer when the backend value parses as a number, otherwise the original string.
    """
    playback75: int | None | str | Unset = UNSET
    """ A video metric counter: an integer when the backend value parses as a number, otherwise the original string.
    """
    playback_complete: int | None | str | Unset = UNSET
    """ A video metric counter: an integer when the backend value parses as a number, otherwise the original string.
    """
    playback_start: int | None | str | Unset = UNSET
    """ A video metric counter: an integer when the backend value parses as a number, otherwise the original string.
    """
    video_views: int | None | str | Unset = UNSET
    """ A video metric counter: an integer when the backend value parses as a number, otherwise the original string.
    """
    watch_time_ms: int | None | str | Unset = UNSET
    """ A video metric counter: an integer when the backend value parses as a number, otherwise the original string.
    """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cta_url_clicks: int | None | str | Unset
        if isinstance(self.cta_url_clicks, Unset):
            cta_url_clicks = UNSET
        else:
            cta_url_clicks = self.cta_url_clicks

        cta_watch_clicks: int | None | str | Unset
        if isinstance(self.cta_watch_clicks, Unset):
            cta_watch_clicks = UNSET
        else:
            cta_watch_clicks = self.cta_watch_clicks

        play_from_tap: int | None | str | Unset
        if isinstance(self.play_from_tap, Unset):
            play_from_tap = UNSET
        else:
            play_from_tap = self.play_from_tap

        playback25: int | None | str | Unset
        if isinstance(self.playback25, Unset):
            playback25 = UNSET
        else:
            playback25 = self.playback25

        playback50: int | None | str | Unset
        if isinstance(self.playback50, Unset):
            playback50 = UNSET
        else:
            playback50 = self.playback50

        playback75: int | None | str | Unset
        if isinstance(self.playback75, Unset):
            playback75 = UNSET
        else:
            playback75 = self.playback75

        playback_complete: int | None | str | Unset
        if isinstance(self.playback_complete, Unset):
            playback_complete = UNSET
        else:
            playback_complete = self.playback_complete

        playback_start: int | None | str | Unset
        if isinstance(self.playback_start, Unset):
            playback_start = UNSET
        else:
            playback_start = self.playback_start

        video_views: int | None | str | Unset
        if isinstance(self.video_views, Unset):
            video_views = UNSET
        else:
            video_views = self.video_views

        watch_time_ms: int | None | str | Unset
        if isinstance(self.watch_time_ms, Unset):
            watch_time_ms = UNSET
        else:
            watch_time_ms = self.watch_time_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if cta_url_clicks is not UNSET:
            field_dict["cta_url_clicks"] = cta_url_clicks
        if cta_watch_clicks is not UNSET:
            field_dict["cta_watch_clicks"] = cta_watch_clicks
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
        if video_views is not UNSET:
            field_dict["video_views"] = video_views
        if watch_time_ms is not UNSET:
            field_dict["watch_time_ms"] = watch_time_ms

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_cta_url_clicks(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        cta_url_clicks = _parse_cta_url_clicks(d.pop("cta_url_clicks", UNSET))

        def _parse_cta_watch_clicks(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        cta_watch_clicks = _parse_cta_watch_clicks(d.pop("cta_watch_clicks", UNSET))

        def _parse_play_from_tap(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        play_from_tap = _parse_play_from_tap(d.pop("play_from_tap", UNSET))

        def _parse_playback25(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        playback25 = _parse_playback25(d.pop("playback25", UNSET))

        def _parse_playback50(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        playback50 = _parse_playback50(d.pop("playback50", UNSET))

        def _parse_playback75(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        playback75 = _parse_playback75(d.pop("playback75", UNSET))

        def _parse_playback_complete(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        playback_complete = _parse_playback_complete(d.pop("playback_complete", UNSET))

        def _parse_playback_start(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        playback_start = _parse_playback_start(d.pop("playback_start", UNSET))

        def _parse_video_views(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        video_views = _parse_video_views(d.pop("video_views", UNSET))

        def _parse_watch_time_ms(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        watch_time_ms = _parse_watch_time_ms(d.pop("watch_time_ms", UNSET))

        media_analytics_timestamped_metrics_item_metrics_type_0 = cls(
            cta_url_clicks=cta_url_clicks,
            cta_watch_clicks=cta_watch_clicks,
            play_from_tap=play_from_tap,
            playback25=playback25,
            playback50=playback50,
            playback75=playback75,
            playback_complete=playback_complete,
            playback_start=playback_start,
            video_views=video_views,
            watch_time_ms=watch_time_ms,
        )

        media_analytics_timestamped_metrics_item_metrics_type_0.additional_properties = d
        return media_analytics_timestamped_metrics_item_metrics_type_0

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
