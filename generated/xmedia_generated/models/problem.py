from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.invalid_request_error import InvalidRequestError


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """An RFC 7807 problem as X sends it: any problem type, or the legacy {code, message} error. Every field is optional."""

    account_id: str | Unset = UNSET
    code: int | Unset = UNSET
    detail: str | Unset = UNSET
    errors: list[InvalidRequestError] | Unset = UNSET
    """ The individual validation failures. """
    field: str | Unset = UNSET
    message: str | Unset = UNSET
    parameter: str | Unset = UNSET
    period: str | Unset = UNSET
    reason: str | Unset = UNSET
    registration_url: str | Unset = UNSET
    resource_id: str | Unset = UNSET
    resource_type: str | Unset = UNSET
    scope: str | Unset = UNSET
    section: str | Unset = UNSET
    status: int | Unset = UNSET
    title: str | Unset = UNSET
    type_: str | Unset = UNSET
    """ Problem type URI (compare by path: X uses api.x.com and api.twitter.com), or about:blank. """
    value: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        code = self.code

        detail = self.detail

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        field = self.field

        message = self.message

        parameter = self.parameter

        period = self.period

        reason = self.reason

        registration_url = self.registration_url

        resource_id = self.resource_id

        resource_type = self.resource_type

        scope = self.scope

        section = self.section

        status = self.status

        title = self.title

        type_ = self.type_

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if code is not UNSET:
            field_dict["code"] = code
        if detail is not UNSET:
            field_dict["detail"] = detail
        if errors is not UNSET:
            field_dict["errors"] = errors
        if field is not UNSET:
            field_dict["field"] = field
        if message is not UNSET:
            field_dict["message"] = message
        if parameter is not UNSET:
            field_dict["parameter"] = parameter
        if period is not UNSET:
            field_dict["period"] = period
        if reason is not UNSET:
            field_dict["reason"] = reason
        if registration_url is not UNSET:
            field_dict["registration_url"] = registration_url
        if resource_id is not UNSET:
            field_dict["resource_id"] = resource_id
        if resource_type is not UNSET:
            field_dict["resource_type"] = resource_type
        if scope is not UNSET:
            field_dict["scope"] = scope
        if section is not UNSET:
            field_dict["section"] = section
        if status is not UNSET:
            field_dict["status"] = status
        if title is not UNSET:
            field_dict["title"] = title
        if type_ is not UNSET:
            field_dict["type"] = type_
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invalid_request_error import InvalidRequestError  # noqa: PLC0415

        d = dict(src_dict)
        account_id = d.pop("account_id", UNSET)

        code = d.pop("code", UNSET)

        detail = d.pop("detail", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[InvalidRequestError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = InvalidRequestError.from_dict(errors_item_data)

                errors.append(errors_item)

        field = d.pop("field", UNSET)

        message = d.pop("message", UNSET)

        parameter = d.pop("parameter", UNSET)

        period = d.pop("period", UNSET)

        reason = d.pop("reason", UNSET)

        registration_url = d.pop("registration_url", UNSET)

        resource_id = d.pop("resource_id", UNSET)

        resource_type = d.pop("resource_type", UNSET)

        scope = d.pop("scope", UNSET)

        section = d.pop("section", UNSET)

        status = d.pop("status", UNSET)

        title = d.pop("title", UNSET)

        type_ = d.pop("type", UNSET)

        value = d.pop("value", UNSET)

        problem = cls(
            account_id=account_id,
            code=code,
            detail=detail,
            errors=errors,
            field=field,
            message=message,
            parameter=parameter,
            period=period,
            reason=reason,
            registration_url=registration_url,
            resource_id=resource_id,
            resource_type=resource_type,
            scope=scope,
            section=section,
            status=status,
            title=title,
            type_=type_,
            value=value,
        )

        problem.additional_properties = d
        return problem

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
