from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.processing_error import ProcessingError


T = TypeVar("T", bound="ProcessingInfo")


@_attrs_define
class ProcessingInfo:
    """Present only for media that needs asynchronous processing (video, GIF with a category)."""

    state: str | Unset = UNSET
    """ Processing state. Clients must treat a state they do not know as "keep polling". Known values: pending,
    in_progress, succeeded, failed; others may appear. """
    check_after_secs: int | Unset = UNSET
    """ Seconds to wait before polling status again (absent once processing ended). """
    progress_percent: int | Unset = UNSET
    """ Processing completion percentage. """
    error: ProcessingError | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        state = self.state

        check_after_secs = self.check_after_secs

        progress_percent = self.progress_percent

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if state is not UNSET:
            field_dict["state"] = state
        if check_after_secs is not UNSET:
            field_dict["check_after_secs"] = check_after_secs
        if progress_percent is not UNSET:
            field_dict["progress_percent"] = progress_percent
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.processing_error import ProcessingError  # noqa: PLC0415

        d = dict(src_dict)
        state = d.pop("state", UNSET)

        check_after_secs = d.pop("check_after_secs", UNSET)

        progress_percent = d.pop("progress_percent", UNSET)

        _error = d.pop("error", UNSET)
        error: ProcessingError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = ProcessingError.from_dict(_error)

        processing_info = cls(
            state=state,
            check_after_secs=check_after_secs,
            progress_percent=progress_percent,
            error=error,
        )

        processing_info.additional_properties = d
        return processing_info

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
