from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MediaNonPublicMetrics")


@_attrs_define
class MediaNonPublicMetrics:
    """Nonpublic engagement metrics for the media at the time of the request."""

    playback_0_count: int | None | Unset = UNSET
    """ Number of users who started playback (0% quartile) of this video. """
    playback_100_count: int | None | Unset = UNSET
    """ Number of users who completed playback (100% quartile) of this video. """
    playback_25_count: int | None | Unset = UNSET
    """ Number of users who watched at least 25% of this video. """
    playback_50_count: int | None | Unset = UNSET
    """ Number of users who watched at least 50% of this video. """
    playback_75_count: int | None | Unset = UNSET
    """ Number of users who watched at least 75% of this video. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        playback_0_count: int | None | Unset
        if isinstance(self.playback_0_count, Unset):
            playback_0_count = UNSET
        else:
            playback_0_count = self.playback_0_count

        playback_100_count: int | None | Unset
        if isinstance(self.playback_100_count, Unset):
            playback_100_count = UNSET
        else:
            playback_100_count = self.playback_100_count

        playback_25_count: int | None | Unset
        if isinstance(self.playback_25_count, Unset):
            playback_25_count = UNSET
        else:
            playback_25_count = self.playback_25_count

        playback_50_count: int | None | Unset
        if isinstance(self.playback_50_count, Unset):
            playback_50_count = UNSET
        else:
            playback_50_count = self.playback_50_count

        playback_75_count: int | None | Unset
        if isinstance(self.playback_75_count, Unset):
            playback_75_count = UNSET
        else:
            playback_75_count = self.playback_75_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if playback_0_count is not UNSET:
            field_dict["playback_0_count"] = playback_0_count
        if playback_100_count is not UNSET:
            field_dict["playback_100_count"] = playback_100_count
        if playback_25_count is not UNSET:
            field_dict["playback_25_count"] = playback_25_count
        if playback_50_count is not UNSET:
            field_dict["playback_50_count"] = playback_50_count
        if playback_75_count is not UNSET:
            field_dict["playback_75_count"] = playback_75_count

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_playback_0_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        playback_0_count = _parse_playback_0_count(d.pop("playback_0_count", UNSET))

        def _parse_playback_100_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        playback_100_count = _parse_playback_100_count(d.pop("playback_100_count", UNSET))

        def _parse_playback_25_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        playback_25_count = _parse_playback_25_count(d.pop("playback_25_count", UNSET))

        def _parse_playback_50_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        playback_50_count = _parse_playback_50_count(d.pop("playback_50_count", UNSET))

        def _parse_playback_75_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        playback_75_count = _parse_playback_75_count(d.pop("playback_75_count", UNSET))

        media_non_public_metrics = cls(
            playback_0_count=playback_0_count,
            playback_100_count=playback_100_count,
            playback_25_count=playback_25_count,
            playback_50_count=playback_50_count,
            playback_75_count=playback_75_count,
        )

        media_non_public_metrics.additional_properties = d
        return media_non_public_metrics

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
