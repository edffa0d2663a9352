from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_media_upload_status_command import GetMediaUploadStatusCommand
from ...models.get_media_upload_status_response import GetMediaUploadStatusResponse
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    media_id: str,
    command: GetMediaUploadStatusCommand | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["media_id"] = media_id

    json_command: str | Unset = UNSET
    if not isinstance(command, Unset):
        json_command = command.value

    params["command"] = json_command

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/2/media/upload",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GetMediaUploadStatusResponse | Problem:
    if response.status_code == 200:
        response_200 = GetMediaUploadStatusResponse.from_dict(response.json())

        return response_200

    response_default = Problem.from_dict(errors.problem_payload(response))

    return response_default


build_request = _get_kwargs
parse_response = _parse_response


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GetMediaUploadStatusResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    media_id: str,
    command: GetMediaUploadStatusCommand | Unset = UNSET,
) -> Response[GetMediaUploadStatusResponse | Problem]:
    """Get Media upload status

     Retrieves the status of a Media upload by its ID (the STATUS command). Only meaningful for uploads
    whose FINALIZE answered with processing_info; X answers 400 for media without processing.

    Args:
        media_id (str): Unique identifier of a Media
        command (GetMediaUploadStatusCommand | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetMediaUploadStatusResponse | Problem]
    """

    kwargs = _get_kwargs(
        media_id=media_id,
        command=command,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    media_id: str,
    command: GetMediaUploadStatusCommand | Unset = UNSET,
) -> GetMediaUploadStatusResponse | Problem | None:
    """Get Media upload status

     Retrieves the status of a Media upload by its ID (the STATUS command). Only meaningful for uploads
    whose FINALIZE answered with processing_info; X answers 400 for media without processing.

    Args:
        media_id (str): Unique identifier of a Media
        command (GetMediaUploadStatusCommand | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetMediaUploadStatusResponse | Problem
    """

    return sync_detailed(
        client=client,
        media_id=media_id,
        command=command,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    media_id: str,
    command: GetMediaUploadStatusCommand | Unset = UNSET,
) -> Response[GetMediaUploadStatusResponse | Problem]:
    """Get Media upload status

     Retrieves the status of a Media upload by its ID (the STATUS command). Only meaningful for uploads
    whose FINALIZE answered with processing_info; X answers 400 for media without processing.

    Args:
        media_id (str): Unique identifier of a Media
        command (GetMediaUploadStatusCommand | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetMediaUploadStatusResponse | Problem]
    """

    kwargs = _get_kwargs(
        media_id=media_id,
        command=command,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    media_id: str,
    command: GetMediaUploadStatusCommand | Unset = UNSET,
) -> GetMediaUploadStatusResponse | Problem | None:
    """Get Media upload status

     Retrieves the status of a Media upload by its ID (the STATUS command). Only meaningful for uploads
    whose FINALIZE answered with processing_info; X answers 400 for media without processing.

    Args:
        media_id (str): Unique identifier of a Media
        command (GetMediaUploadStatusCommand | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetMediaUploadStatusResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            media_id=media_id,
            command=command,
        )
    ).parsed
