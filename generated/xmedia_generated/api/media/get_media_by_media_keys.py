from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_media_by_media_keys_media_fields_item import (
    GetMediaByMediaKeysMediaFieldsItem,
)
from ...models.get_media_by_media_keys_response import GetMediaByMediaKeysResponse
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    media_keys: list[str],
    media_fields: list[GetMediaByMediaKeysMediaFieldsItem] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_media_keys = media_keys

    params["media_keys"] = json_media_keys

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
        "url": "/2/media",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GetMediaByMediaKeysResponse | Problem:
    if response.status_code == 200:
        response_200 = GetMediaByMediaKeysResponse.from_dict(response.json())

        return response_200

    response_default = Problem.from_dict(errors.problem_payload(response))

    return response_default


build_request = _get_kwargs
parse_response = _parse_response


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GetMediaByMediaKeysResponse | Problem]:
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
    media_fields: list[GetMediaByMediaKeysMediaFieldsItem] | Unset = UNSET,
) -> Response[GetMediaByMediaKeysResponse | Problem]:
    """Get Media by media keys

    Args:
        media_keys (list[str]):
        media_fields (list[GetMediaByMediaKeysMediaFieldsItem] | Unset): The fields available for
            a Media object.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetMediaByMediaKeysResponse | Problem]
    """

    kwargs = _get_kwargs(
        media_keys=media_keys,
        media_fields=media_fields,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    media_keys: list[str],
    media_fields: list[GetMediaByMediaKeysMediaFieldsItem] | Unset = UNSET,
) -> GetMediaByMediaKeysResponse | Problem | None:
    """Get Media by media keys

    Args:
        media_keys (list[str]):
        media_fields (list[GetMediaByMediaKeysMediaFieldsItem] | Unset): The fields available for
            a Media object.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetMediaByMediaKeysResponse | Problem
    """

    return sync_detailed(
        client=client,
        media_keys=media_keys,
        media_fields=media_fields,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    media_keys: list[str],
    media_fields: list[GetMediaByMediaKeysMediaFieldsItem] | Unset = UNSET,
) -> Response[GetMediaByMediaKeysResponse | Problem]:
    """Get Media by media keys

    Args:
        media_keys (list[str]):
        media_fields (list[GetMediaByMediaKeysMediaFieldsItem] | Unset): The fields available for
            a Media object.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetMediaByMediaKeysResponse | Problem]
    """

    kwargs = _get_kwargs(
        media_keys=media_keys,
        media_fields=media_fields,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    media_keys: list[str],
    media_fields: list[GetMediaByMediaKeysMediaFieldsItem] | Unset = UNSET,
) -> GetMediaByMediaKeysResponse | Problem | None:
    """Get Media by media keys

    Args:
        media_keys (list[str]):
        media_fields (list[GetMediaByMediaKeysMediaFieldsItem] | Unset): The fields available for
            a Media object.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetMediaByMediaKeysResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            media_keys=media_keys,
            media_fields=media_fields,
        )
    ).parsed
