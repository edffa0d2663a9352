from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_media_subtitles_request import DeleteMediaSubtitlesRequest
from ...models.delete_media_subtitles_response import DeleteMediaSubtitlesResponse
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: DeleteMediaSubtitlesRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/2/media/subtitles",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeleteMediaSubtitlesResponse | Problem:
    if response.status_code == 200:
        response_200 = DeleteMediaSubtitlesResponse.from_dict(response.json())

        return response_200

    response_default = Problem.from_dict(errors.problem_payload(response))

    return response_default


build_request = _get_kwargs
parse_response = _parse_response
RequestBody = DeleteMediaSubtitlesRequest


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeleteMediaSubtitlesResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteMediaSubtitlesRequest,
) -> Response[DeleteMediaSubtitlesResponse | Problem]:
    """Delete Media subtitles

     Deletes subtitles for a specific Media file.

    Args:
        body (DeleteMediaSubtitlesRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteMediaSubtitlesResponse | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteMediaSubtitlesRequest,
) -> DeleteMediaSubtitlesResponse | Problem | None:
    """Delete Media subtitles

     Deletes subtitles for a specific Media file.

    Args:
        body (DeleteMediaSubtitlesRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteMediaSubtitlesResponse | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteMediaSubtitlesRequest,
) -> Response[DeleteMediaSubtitlesResponse | Problem]:
    """Delete Media subtitles

     Deletes subtitles for a specific Media file.

    Args:
        body (DeleteMediaSubtitlesRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteMediaSubtitlesResponse | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteMediaSubtitlesRequest,
) -> DeleteMediaSubtitlesResponse | Problem | None:
    """Delete Media subtitles

     Deletes subtitles for a specific Media file.

    Args:
        body (DeleteMediaSubtitlesRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteMediaSubtitlesResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
