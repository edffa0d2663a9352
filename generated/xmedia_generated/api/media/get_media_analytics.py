import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_media_analytics_granularity import GetMediaAnalyticsGranularity
from ...models.get_media_analytics_media_analytics_fields_item import (
    GetMediaAnalyticsMediaAnalyticsFieldsItem,
)
from ...models.get_media_analytics_response import GetMediaAnalyticsResponse
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    media_keys: list[str],
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    granularity: GetMediaAnalyticsGranularity | Unset = GetMediaAnalyticsGranularity.DAILY,
    media_analytics_fields: list[GetMediaAnalyticsMediaAnalyticsFieldsItem] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_media_keys = media_keys

    params["media_keys"] = json_media_keys

    json_start_time = start_time.isoformat()
    params["start_time"] = json_start_time

    json_end_time = end_time.isoformat()
    params["end_time"] = json_end_time

    json_granularity: str | Unset = UNSET
    if not isinstance(granularity, Unset):
        json_granularity = granularity.value

    params["granularity"] = json_granularity

    json_media_analytics_fields: list[str] | Unset = UNSET
    if not isinstance(media_analytics_fields, Unset):
        json_media_analytics_fields = []
        for media_analytics_fields_item_data in media_analytics_fields:
            media_analytics_fields_item = media_analytics_fields_item_data.value
            json_media_analytics_fields.append(media_analytics_fields_item)

    params["media_analytics.fields"] = json_media_analytics_fields

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}
    # X wants arrays comma-separated (explode: false), not as repeated parameters.
    params = {
        k: ",".join(str(item) for item in v) if isinstance(v, list) else v
        for k, v in params.items()
    }

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/2/media/analytics",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GetMediaAnalyticsResponse | Problem:
    if response.status_code == 200:
        response_200 = GetMediaAnalyticsResponse.from_dict(response.json())

        return response_200

    response_default = Problem.from_dict(errors.problem_payload(response))

    return response_default


build_request = _get_kwargs
parse_response = _parse_response


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GetMediaAnalyticsResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    media_keys: list[str],
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    granularity: GetMediaAnalyticsGranularity | Unset = GetMediaAnalyticsGranularity.DAILY,
    media_analytics_fields: list[GetMediaAnalyticsMediaAnalyticsFieldsItem] | Unset = UNSET,
) -> Response[GetMediaAnalyticsResponse | Problem]:
    """Get Media analytics

    Args:
        media_keys (list[str]):
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        granularity (GetMediaAnalyticsGranularity | Unset):  Default:
            GetMediaAnalyticsGranularity.DAILY.
        media_analytics_fields (list[GetMediaAnalyticsMediaAnalyticsFieldsItem] | Unset): The
            fields available for a MediaAnalytics object.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetMediaAnalyticsResponse | Problem]
    """

    kwargs = _get_kwargs(
        media_keys=media_keys,
        start_time=start_time,
        end_time=end_time,
        granularity=granularity,
        media_analytics_fields=media_analytics_fields,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    media_keys: list[str],
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    granularity: GetMediaAnalyticsGranularity | Unset = GetMediaAnalyticsGranularity.DAILY,
    media_analytics_fields: list[GetMediaAnalyticsMediaAnalyticsFieldsItem] | Unset = UNSET,
) -> GetMediaAnalyticsResponse | Problem | None:
    """Get Media analytics

    Args:
        media_keys (list[str]):
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        granularity (GetMediaAnalyticsGranularity | Unset):  Default:
            GetMediaAnalyticsGranularity.DAILY.
        media_analytics_fields (list[GetMediaAnalyticsMediaAnalyticsFieldsItem] | Unset): The
            fields available for a MediaAnalytics object.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetMediaAnalyticsResponse | Problem
    """

    return sync_detailed(
        client=client,
        media_keys=media_keys,
        start_time=start_time,
        end_time=end_time,
        granularity=granularity,
        media_analytics_fields=media_analytics_fields,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    media_keys: list[str],
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    granularity: GetMediaAnalyticsGranularity | Unset = GetMediaAnalyticsGranularity.DAILY,
    media_analytics_fields: list[GetMediaAnalyticsMediaAnalyticsFieldsItem] | Unset = UNSET,
) -> Response[GetMediaAnalyticsResponse | Problem]:
    """Get Media analytics

    Args:
        media_keys (list[str]):
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        granularity (GetMediaAnalyticsGranularity | Unset):  Default:
            GetMediaAnalyticsGranularity.DAILY.
        media_analytics_fields (list[GetMediaAnalyticsMediaAnalyticsFieldsItem] | Unset): The
            fields available for a MediaAnalytics object.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetMediaAnalyticsResponse | Problem]
    """

    kwargs = _get_kwargs(
        media_keys=media_keys,
        start_time=start_time,
        end_time=end_time,
        granularity=granularity,
        media_analytics_fields=media_analytics_fields,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    media_keys: list[str],
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    granularity: GetMediaAnalyticsGranularity | Unset = GetMediaAnalyticsGranularity.DAILY,
    media_analytics_fields: list[GetMediaAnalyticsMediaAnalyticsFieldsItem] | Unset = UNSET,
) -> GetMediaAnalyticsResponse | Problem | None:
    """Get Media analytics

    Args:
        media_keys (list[str]):
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        granularity (GetMediaAnalyticsGranularity | Unset):  Default:
            GetMediaAnalyticsGranularity.DAILY.
        media_analytics_fields (list[GetMediaAnalyticsMediaAnalyticsFieldsItem] | Unset): The
            fields available for a MediaAnalytics object.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetMediaAnalyticsResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            media_keys=media_keys,
            start_time=start_time,
            end_time=end_time,
            granularity=granularity,
            media_analytics_fields=media_analytics_fields,
        )
    ).parsed
