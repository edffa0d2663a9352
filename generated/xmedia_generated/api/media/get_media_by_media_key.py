from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_media_by_media_key_media_fields_item import (
    GetMediaByMediaKeyMediaFieldsItem,
)
from ...models.get_media_by_media_key_response import GetMediaByMediaKeyResponse
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    media_key: str,
    *,
    media_fields: list[GetMediaByMediaKeyMediaFieldsItem] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_media_fields: list[str] | Unset = UNSET
    if not isinstance(media_fields, Unset):
        json_media_fields = []
        for media_fields_item_data in media_fields:
            media_fields_item = media_fields_item_data.value
            json_media_fields.append(media_fields_item)

    params["media.fields"] = json_media_fields

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}
    # X wants arrays comma-separated (explode: false), not as repeated parameters.
    params = {
        k: ",".join(str(item) for item in v) if isinstance(v, list) else v
        for k, v in params.items()
    }

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/2/media/{media_key}".format(
            media_key=quote(str(media_key), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GetMediaByMediaKeyResponse | Problem:
    if response.status_code == 200:
        response_200 = GetMediaByMediaKeyResponse.from_dict(response.json())

        return response_200

    response_default = Problem.from_dict(errors.problem_payload(response))

    return response_default


build_request = _get_kwargs
parse_response = _parse_response


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GetMediaByMediaKeyResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    media_key: str,
    *,
    client: AuthenticatedClient | Client,
    media_fields: list[GetMediaByMediaKeyMediaFieldsItem] | Unset = UNSET,
) -> Response[GetMediaByMediaKeyResponse | Problem]:
    """Get Media by media key

    Args:
        media_key (str):
        media_fields (list[GetMediaByMediaKeyMediaFieldsItem] | Unset): The fields available for a
            Media object.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetMediaByMediaKeyResponse | Problem]
    """

    kwargs = _get_kwargs(
        media_key=media_key,
        media_fields=media_fields,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    media_key: str,
    *,
    client: AuthenticatedClient | Client,
    media_fields: list[GetMediaByMediaKeyMediaFieldsItem] | Unset = UNSET,
) -> GetMediaByMediaKeyResponse | Problem | None:
    """Get Media by media key

    Args:
        media_key (str):
        media_fields (list[GetMediaByMediaKeyMediaFieldsItem] | Unset): The fields available for a
            Media object.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetMediaByMediaKeyResponse | Problem
    """

    return sync_detailed(
        media_key=media_key,
        client=client,
        media_fields=media_fields,
    ).parsed


async def asyncio_detailed(
    media_key: str,
    *,
    client: AuthenticatedClient | Client,
    media_fields: list[GetMediaByMediaKeyMediaFieldsItem] | Unset = UNSET,
) -> Response[GetMediaByMediaKeyResponse | Problem]:
    """Get Media by media key

    Args:
        media_key (str):
        media_fields (list[GetMediaByMediaKeyMediaFieldsItem] | Unset): The fields available for a
            Media object.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetMediaByMediaKeyResponse | Problem]
    """

    kwargs = _get_kwargs(
        media_key=media_key,
        media_fields=media_fields,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    media_key: str,
    *,
    client: AuthenticatedClient | Client,
    media_fields: list[GetMediaByMediaKeyMediaFieldsItem] | Unset = UNSET,
) -> GetMediaByMediaKeyResponse | Problem | None:
    """Get Media by media key

    Args:
        media_key (str):
        media_fields (list[GetMediaByMediaKeyMediaFieldsItem] | Unset): The fields available for a
            Media object.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetMediaByMediaKeyResponse | Problem
    """

    return (
        await asyncio_detailed(
            media_key=media_key,
            client=client,
            media_fields=media_fields,
        )
    ).parsed
